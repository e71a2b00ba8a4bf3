import { assignationPossibleApresSaisine } from '@exploc/domain/procedure/faits-procedure';
import type { ContenuSaisine, NatureSaisine, OrigineSaisine } from '@exploc/domain/schemas/ccapex';
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { aujourdhui } from '../../lib/aujourdhui.js';
import { ErreurHttp } from '../../plugins/erreurs.js';
import { type ContexteJournal, journaliser } from '../../plugins/journal.js';
import * as repoDossiers from '../dossiers/repository.js';
import { commissionCompetente } from './territoire.js';

export interface ReceptionSaisine {
  origine: OrigineSaisine;
  nature: NatureSaisine;
  /** Commune of the dwelling: decides the competent commission. */
  communeInsee: string;
  /** Set when the flow is about a known dossier (a commissaire de justice's act, a member's saisine…). */
  dossierId: string | null;
  /** What was received, when there is no dossier yet: enough to create one on acceptance. */
  contenu: ContenuSaisine | null;
  deposant: { utilisateurId: string | null; organisationId: string | null };
  acteId?: string | null;
  recuLe?: Date;
  /** A free message kept with a saisine about an existing dossier (the content carries its own). */
  message?: string | null;
}

export interface SaisineRecue {
  id: string;
  commissionId: string;
  departementCode: string;
  recuLe: string;
  dossierId: string | null;
  dossierCandidatId: string | null;
  /** Loi n° 89-462 art. 24 II: a legal-entity landlord may summon two months after the saisine. */
  assignationPossibleAPartirDu: string | null;
}

/**
 * Receives one incoming CCAPEX flow into the triage inbox of the competent commission (by territory). Nothing
 * else is created: the secretariat accepts it (into an existing or a new dossier), redirects it, or rejects it
 * with a reason. When no dossier is named, a dossier of the same dwelling and tenant is looked for and proposed
 * as a merge candidate. Runs in the caller's transaction; journaled.
 */
export async function recevoirSaisine(
  trx: Transaction<DB>,
  contexte: ContexteJournal,
  r: ReceptionSaisine,
): Promise<SaisineRecue> {
  const commune = await repoDossiers.communeAvecTerritoire(trx, r.communeInsee);
  if (!commune) {
    throw new ErreurHttp(400, 'requete_invalide', 'La requête contient des données invalides.', [
      { chemin: 'communeInsee', message: 'Commune inconnue' },
    ]);
  }
  const commissionId = await commissionCompetente(trx, commune);
  if (!commissionId) {
    throw new ErreurHttp(
      422,
      'ccapex_non_configuree',
      `Aucune CCAPEX n’est configurée pour le département ${commune.departement_code}.`,
    );
  }
  let dossierCandidatId: string | null = null;
  if (!r.dossierId && r.contenu) {
    const titulaire =
      r.contenu.dossier.menage.personnes.find((p) => p.role === 'titulaire') ??
      r.contenu.dossier.menage.personnes[0];
    const candidats = await repoDossiers.doublonsPossibles(
      trx,
      { type: 'departements', departements: [commune.departement_code] },
      {
        codeInsee: commune.code_insee,
        adresse: r.contenu.dossier.logement.adresse.ligne,
        nomTitulaire: titulaire ? `${titulaire.nom} ${titulaire.prenoms}` : '',
      },
    );
    dossierCandidatId = candidats[0]?.id ?? null;
  }
  const recuLe = r.recuLe ?? new Date();
  const saisine = await trx
    .insertInto('ccapex_saisine')
    .values({
      departement_code: commune.departement_code,
      commission_id: commissionId,
      commune_insee: commune.code_insee,
      origine: r.origine,
      nature: r.nature,
      recu_le: recuLe,
      dossier_id: r.dossierId,
      dossier_candidat_id: dossierCandidatId,
      donnees: JSON.stringify(r.contenu ?? (r.message ? { message: r.message } : {})),
      deposant_utilisateur_id: r.deposant.utilisateurId,
      deposant_organisation_id: r.deposant.organisationId,
      acte_id: r.acteId ?? null,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('ccapex_saisine_action')
    .values({
      saisine_id: saisine.id,
      action: 'reception',
      vers_commission_id: commissionId,
      dossier_id: r.dossierId,
      utilisateur_id: r.deposant.utilisateurId,
      le: recuLe,
    })
    .execute();
  await journaliser(trx, contexte, {
    action: 'ccapex_saisine_recue',
    objetType: 'ccapex_saisine',
    objetId: saisine.id,
    departementCode: commune.departement_code,
    details: { origine: r.origine, nature: r.nature, dossierId: r.dossierId },
  });
  const jour = aujourdhui(commune.departement_code, recuLe);
  return {
    id: saisine.id,
    commissionId,
    departementCode: commune.departement_code,
    recuLe: jour,
    dossierId: r.dossierId,
    dossierCandidatId,
    assignationPossibleAPartirDu:
      r.origine === 'bailleur' || r.origine === 'caf' || r.origine === 'msa'
        ? assignationPossibleApresSaisine(jour)
        : null,
  };
}
