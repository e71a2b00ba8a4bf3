import { assignationPossibleApresSaisine } from '@exploc/domain/procedure/faits-procedure';
import type { ContenuSaisine, StatutSaisine } from '@exploc/domain/schemas/ccapex';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { aujourdhui } from '../../lib/aujourdhui.js';
import { ErreurHttp, introuvable } from '../../plugins/erreurs.js';
import { type ContexteJournal, journaliser } from '../../plugins/journal.js';
import { recevoirSaisine } from '../ccapex/saisines.js';
import * as repoDossiers from '../dossiers/repository.js';
import * as repo from './repository.js';

type Executeur = Kysely<DB> | Transaction<DB>;

/** The landlord organisation that files a saisine: a user's organisation, or a partner client's. */
export interface Deposant {
  utilisateurId: string | null;
  organisationId: string;
  /** Départements the organisation works in (empty: anywhere). */
  departements: readonly string[];
}

export interface AccuseSaisine {
  id: string;
  recuLe: string;
  commission: { id: string; nom: string };
  departement: string;
  /** Loi n° 89-462 art. 24 II: the assignation is admissible from this day (saisine + 2 months). */
  assignationPossibleAPartirDu: string;
}

const invalide = (chemin: string, message: string) =>
  new ErreurHttp(400, 'requete_invalide', 'La requête contient des données invalides.', [
    { chemin, message },
  ]);

/**
 * The saisine of art. 24 II binds landlords that are legal entities: the landlord named in the saisine must be
 * `personne_morale`, and, when the depositing organisation has a SIRET, it must be that SIRET (a landlord
 * files for itself; a manager filing for several owners has no SIRET on its organisation and names each one).
 */
export async function verifierBailleur(db: Executeur, organisationId: string, contenu: ContenuSaisine) {
  const b = contenu.dossier.bailleur;
  if (b.type !== 'personne_morale') {
    throw invalide(
      'dossier.bailleur.type',
      'La saisine préalable de la CCAPEX concerne les bailleurs personnes morales (type « personne_morale »).',
    );
  }
  const org = await repo.organisation(db, organisationId);
  if (org.siret && b.siret !== org.siret) {
    throw invalide(
      'dossier.bailleur.siret',
      `Le SIRET doit être celui de votre organisation (${org.siret}).`,
    );
  }
}

/**
 * Files one landlord saisine in the caller's transaction: checks, then hands it to the competent CCAPEX's
 * triage inbox (ccapex/saisines.ts) and returns the acknowledgement.
 */
export async function deposerSaisine(
  trx: Transaction<DB>,
  contexte: ContexteJournal,
  deposant: Deposant,
  contenu: ContenuSaisine,
): Promise<AccuseSaisine> {
  await verifierBailleur(trx, deposant.organisationId, contenu);
  const codeInsee = contenu.dossier.logement.adresse.codeInsee;
  const commune = await repoDossiers.communeAvecTerritoire(trx, codeInsee);
  if (!commune) throw invalide('dossier.logement.adresse.codeInsee', 'Commune inconnue');
  if (deposant.departements.length > 0 && !deposant.departements.includes(commune.departement_code)) {
    throw new ErreurHttp(
      422,
      'hors_perimetre',
      `La commune ${commune.nom} (${commune.departement_code}) est hors des départements de votre organisation.`,
    );
  }
  const recue = await recevoirSaisine(trx, contexte, {
    origine: 'bailleur',
    nature: 'saisine',
    communeInsee: codeInsee,
    dossierId: null,
    contenu,
    deposant: { utilisateurId: deposant.utilisateurId, organisationId: deposant.organisationId },
  });
  const commission = await repo.commission(trx, recue.commissionId);
  return {
    id: recue.id,
    recuLe: recue.recuLe,
    commission,
    departement: recue.departementCode,
    assignationPossibleAPartirDu: recue.assignationPossibleAPartirDu ?? recue.recuLe,
  };
}

/** What a landlord sees of its saisine: its own data back, the status, the dossier once accepted. */
export function vueSaisine(s: repo.LigneSaisine) {
  const contenu = s.donnees as Partial<ContenuSaisine>;
  const recuLe = aujourdhui(s.departement_code, s.recu_le);
  const titulaire =
    contenu.dossier?.menage.personnes.find((p) => p.role === 'titulaire') ??
    contenu.dossier?.menage.personnes[0];
  return {
    id: s.id,
    recuLe,
    statut: s.statut as StatutSaisine,
    motifRejet: s.statut === 'rejetee' ? s.motif_rejet : null,
    commission: { id: s.commission_id, nom: s.commission_nom },
    departement: s.departement_code,
    assignationPossibleAPartirDu: accuseDe(s).assignationPossibleAPartirDu,
    locataire: titulaire ? `${titulaire.nom} ${titulaire.prenoms}` : null,
    adresse: contenu.dossier?.logement.adresse ?? null,
    detteMontant: contenu.detteMontant ?? null,
    dossier: s.statut === 'acceptee' && s.dossier_id ? { id: s.dossier_id, numero: s.dossier_numero } : null,
  };
}

export function accuseDe(s: repo.LigneSaisine): AccuseSaisine {
  const recuLe = aujourdhui(s.departement_code, s.recu_le);
  return {
    id: s.id,
    recuLe,
    commission: { id: s.commission_id, nom: s.commission_nom },
    departement: s.departement_code,
    assignationPossibleAPartirDu: assignationPossibleApresSaisine(recuLe),
  };
}

/** The organisation's saisines, newest first (journaled: the list names tenants). */
export async function listerSaisines(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  organisationId: string,
  o: { page: number; parPage: number },
) {
  const { elements, total } = await repo.saisines(db, organisationId, o);
  await journaliser(db, contexte, {
    action: 'ccapex_saisines_bailleur_listees',
    objetType: 'ccapex_saisine',
    details: { nombre: elements.length },
  });
  return { elements: elements.map(vueSaisine), total, page: o.page, parPage: o.parPage };
}

/** One saisine of the organisation; another organisation's (or an unknown id) is a 404. */
export async function lireSaisine(db: Kysely<DB>, organisationId: string, id: string) {
  const s = await repo.saisine(db, organisationId, id);
  if (!s) throw introuvable('La saisine');
  return s;
}
