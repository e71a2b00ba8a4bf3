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

/** Who receives an event: the client whose act it is, or the CAF clients serving a département. */
type Destinataires = { clientId: string } | { cafDuDepartement: string };

/**
 * The outbox insertion as one statement (a query a caller may also run as a CTE, next to the act it records): one
 * row per active subscription of the recipients to this event, whose frozen body `{ id, type, horodatage,
 * donnees }` carries the row's own id.
 */
function insertion(
  qc: QueryCreator<DB>,
  destinataires: Destinataires,
  type: EvenementWebhook,
  donnees: DonneesEvenement | DonneesDecisionApl,
) {
  const horodatage = new Date().toISOString();
  return qc
    .insertInto('webhook_livraison')
    .columns(['id', 'abonnement_id', 'type', 'corps'])
    .expression((eb) => {
      const abonnements = eb
        .selectFrom('webhook_abonnement as a')
        .innerJoin('partenaire_client as c', 'c.id', 'a.client_id')
        .select([sql<string>`gen_random_uuid()`.as('id'), 'a.id as abonnement_id'])
        .where('a.actif', '=', true)
        .where((w) => w(w.val<string>(type), '=', w.fn.any('a.evenements')));
      const choisis =
        'clientId' in destinataires
          ? abonnements.where('a.client_id', '=', destinataires.clientId)
          : abonnements
              .where('c.actif', '=', true)
              .where('c.type', '=', 'caf')
              .where(
                sql<boolean>`(cardinality(c.departements) = 0 or ${destinataires.cafDuDepartement} = any(c.departements))`,
              );
      return eb.selectFrom(choisis.as('x')).select([
        'x.id',
        'x.abonnement_id',
        sql<string>`${type}::text`.as('type'),
        sql<string>`json_build_object('id', x.id, 'type', ${type}::text, 'horodatage', ${horodatage}::text,
            'donnees', ${JSON.stringify(donnees)}::json)::text`.as('corps'),
      ]);
    })
    .returning('id');
}

/** An act's outcome, for the subscriptions of the client that sent it. */
export function insertionLivraisons(
  qc: QueryCreator<DB>,
  clientId: string,
  type: EvenementWebhook,
  donnees: DonneesEvenement,
) {
  return insertion(qc, { clientId }, type, donnees);
}

/**
 * A housing-benefit decision for every active CAF client serving the dossier's département (or all of them)
 * with an active subscription to `decision_apl_ccapex`.
 */
export function insertionDecisionApl(qc: QueryCreator<DB>, departement: string, donnees: DonneesDecisionApl) {
  return insertion(qc, { cafDuDepartement: departement }, 'decision_apl_ccapex', donnees);
}
