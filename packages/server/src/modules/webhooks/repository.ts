import { type QueryCreator, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { EvenementWebhook } from './service.js';

export type DonneesEvenement = { acteId: string; dossierNumero: string | null; statut: string };

/**
 * The outbox insertion as one statement (a query a caller may also run as a CTE, next to the act it records):
 * one row per subscription, whose frozen body `{ id, type, horodatage, donnees }` carries the row's own id.
 */
export function insertionLivraisons(
  qc: QueryCreator<DB>,
  clientId: string,
  type: EvenementWebhook,
  donnees: DonneesEvenement,
) {
  const horodatage = new Date().toISOString();
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
        .select([
          'x.id',
          'x.abonnement_id',
          sql<string>`${type}::text`.as('type'),
          sql<string>`json_build_object('id', x.id, 'type', ${type}::text, 'horodatage', ${horodatage}::text,
            'donnees', ${JSON.stringify(donnees)}::json)::text`.as('corps'),
        ]),
    )
    .returning('id');
}
