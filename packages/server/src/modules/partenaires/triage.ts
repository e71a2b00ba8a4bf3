import type { Scope } from '@exploc/domain/acces/scope';
import type { ActePartenaire } from '@exploc/domain/schemas/partenaires';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { conditionScope } from '../../db/scope-dossier.js';
import type { Appelant } from '../../plugins/contexte.js';
import { ErreurHttp, introuvable } from '../../plugins/erreurs.js';
import { type ContexteJournal, journaliser } from '../../plugins/journal.js';
import * as repoDossiers from '../dossiers/repository.js';
import { enregistrerEvenement } from '../dossiers/service.js';
import { EVENEMENT_DU_STATUT, emettreEvenement } from '../webhooks/service.js';
import * as repo from './repository.js';

/**
 * Partner acts an agent must attach by hand (several dossiers match the lease). Visible when at least one
 * candidate dossier is in the agent's scope.
 */
export async function actesARattacher(db: Kysely<DB>, scope: Scope) {
  const actes = await db
    .selectFrom('acte_partenaire as a')
    .innerJoin('partenaire_client as c', 'c.id', 'a.client_id')
    .select([
      'a.id',
      'a.reference',
      'a.type',
      'a.date_acte',
      'a.motif',
      'a.candidats',
      'a.cree_le',
      'c.nom as partenaire',
    ])
    .where('a.statut', '=', 'a_rattacher')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('dossier as d')
          .select('d.id')
          .where(conditionScope(scope))
          .whereRef('d.id', '=', eb.fn.any('a.candidats')),
      ),
    )
    .orderBy('a.cree_le')
    .limit(200)
    .execute();
  const ids = [...new Set(actes.flatMap((a) => a.candidats))];
  const dossiers = ids.length
    ? await db
        .selectFrom('dossier as d')
        .select(['d.id', 'd.numero', 'd.nom_principal', 'd.adresse_ligne', 'd.phase'])
        .where('d.id', 'in', ids)
        .where(conditionScope(scope))
        .execute()
    : [];
  const parId = new Map(dossiers.map((d) => [d.id, d]));
  return actes.map((a) => ({
    id: a.id,
    reference: a.reference,
    type: a.type,
    date: a.date_acte,
    motif: a.motif,
    partenaire: a.partenaire,
    recuLe: a.cree_le.toISOString(),
    candidats: a.candidats.flatMap((id) => {
      const d = parId.get(id);
      return d
        ? [
            {
              id: d.id,
              numero: d.numero,
              nomPrincipal: d.nom_principal,
              adresse: d.adresse_ligne,
              phase: d.phase,
            },
          ]
        : [];
    }),
  }));
}

/** Attaches a pending act to one of its candidate dossiers and records its event (or marks it to check). */
export async function rattacherActe(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  acteId: string,
  dossierId: string,
) {
  return db.transaction().execute(async (trx) => {
    const acte = await trx
      .selectFrom('acte_partenaire')
      .select(['id', 'statut', 'candidats', 'contenu', 'organisation_id', 'client_id'])
      .where('id', '=', acteId)
      .forUpdate()
      .executeTakeFirst();
    if (acte?.statut !== 'a_rattacher') throw introuvable('L’acte à rattacher');
    if (!acte.candidats.includes(dossierId)) {
      throw new ErreurHttp(
        422,
        'dossier_non_candidat',
        'Ce dossier ne fait pas partie des dossiers proposés pour cet acte.',
      );
    }
    const d = await repoDossiers.verrouillerEtLireDossier(trx, appelant.scope, { id: dossierId });
    if (!d) throw introuvable('Le dossier');
    const client = await trx
      .selectFrom('partenaire_client')
      .select('type')
      .where('id', '=', acte.client_id)
      .executeTakeFirstOrThrow();
    const contenu = acte.contenu as ActePartenaire;
    const ev = await enregistrerEvenement(trx, d, contenu.evenement, {
      commentaire: null,
      remplace: null,
      motifCorrection: null,
      source: client.type,
      auteurId: appelant.utilisateurId,
      organisationId: acte.organisation_id,
      siIncoherent: 'a_verifier',
    });
    await repo.lierOrganisation(trx, dossierId, acte.organisation_id, client.type);
    await trx
      .updateTable('acte_partenaire')
      .set({ statut: ev.statut, motif: ev.motif, dossier_id: dossierId, evenement_id: ev.id })
      .where('id', '=', acteId)
      .execute();
    await journaliser(trx, contexte, {
      action: 'acte_partenaire_rattache',
      objetType: 'dossier',
      objetId: dossierId,
      departementCode: d.departement_code,
      details: { acteId, statut: ev.statut },
    });
    // The partner learns the outcome of its pending act the same way as a direct one (same transaction).
    await emettreEvenement(trx, acte.client_id, EVENEMENT_DU_STATUT[ev.statut], {
      acteId,
      dossierNumero: d.numero,
      statut: ev.statut,
    });
    return { acteId, dossierId, statut: ev.statut, version: ev.version };
  });
}
