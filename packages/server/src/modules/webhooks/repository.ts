import { type QueryCreator, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { EvenementWebhook } from './service.js';

export type DonneesEvenement = { acteId: string; dossierNumero: string | null; statut: string };

/** The CCAPEX's housing-benefit decision, as sent to the CAF (no name: the allocataire number identifies). */
export type DonneesDecisionApl = {
  examenId: string;
  dossierNumero: string;
  decision: 'maintien' | 'suspension';
  seance: { date: string; commission: string; departement: string };
  allocataire: { organisme: string | null; numero: string } | null;
};

/** The frozen body `{ id, type, horodatage, donnees }` of one delivery, carrying the row's own id. */
function corps(type: EvenementWebhook, donnees: DonneesEvenement | DonneesDecisionApl) {
  const horodatage = new Date().toISOString();
  return sql<string>`json_build_object('id', x.id, 'type', ${type}::text, 'horodatage', ${horodatage}::text,
            'donnees', ${JSON.stringify(donnees)}::json)::text`.as('corps');
}

/**
 * The outbox insertion as one statement (a query a caller may also run as a CTE, next to the act it records):
 * one row per subscription of the client to this event.
 */
export function insertionLivraisons(
  qc: QueryCreator<DB>,
  clientId: string,
  type: EvenementWebhook,
  donnees: DonneesEvenement,
) {
  return qc
    .insertInto('webhook_livraison')
    .columns(['id', 'abonnement_id', 'type', 'corps'])
    .expression((eb) =>
      eb
        .selectFrom(
          eb
            .selectFrom('webhook_abonnement as a')
            .select([sql<string>`gen_random_uuid()`.as('id'), 'a.id as abonnement_id'])
            .where('a.client_id', '=', clientId)
            .where('a.actif', '=', true)
            .where((w) => w(w.val<string>(type), '=', w.fn.any('a.evenements')))
            .as('x'),
        )
        .select(['x.id', 'x.abonnement_id', sql<string>`${type}::text`.as('type'), corps(type, donnees)]),
    )
    .returning('id');
}

/**
 * A housing-benefit decision for every active CAF client serving the dossier's département (or all of them)
 * with an active subscription to `decision_apl_ccapex`: one outbox row each.
 */
export function insertionDecisionApl(qc: QueryCreator<DB>, departement: string, donnees: DonneesDecisionApl) {
  const type = 'decision_apl_ccapex' as const;
  return qc
    .insertInto('webhook_livraison')
    .columns(['id', 'abonnement_id', 'type', 'corps'])
    .expression((eb) =>
      eb
        .selectFrom(
          eb
            .selectFrom('webhook_abonnement as a')
            .innerJoin('partenaire_client as c', 'c.id', 'a.client_id')
            .select([sql<string>`gen_random_uuid()`.as('id'), 'a.id as abonnement_id'])
            .where('a.actif', '=', true)
            .where('c.actif', '=', true)
            .where('c.type', '=', 'caf')
            .where((w) => w(w.val<string>(type), '=', w.fn.any('a.evenements')))
            .where(sql<boolean>`(cardinality(c.departements) = 0 or ${departement} = any(c.departements))`)
            .as('x'),
        )
        .select(['x.id', 'x.abonnement_id', sql<string>`${type}::text`.as('type'), corps(type, donnees)]),
    )
    .returning('id');
}
