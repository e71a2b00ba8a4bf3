import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { ContexteJournal } from '../../plugins/journal.js';
import { recevoirSaisine } from './saisines.js';
import { commissionCompetente } from './territoire.js';

/**
 * Called for every event recorded on a dossier, whatever the path (agent, partner API, triage of partners'
 * acts): a CAF/MSA report of arrears (`signalement_impaye_caf`) counts as a saisine of the CCAPEX (loi n° 89-462
 * art. 24 II) and lands in the triage inbox of the competent commission, attached to the dossier. A second
 * report while one is still waiting to be triaged adds nothing. Runs in the event's transaction.
 */
export async function suivreEvenementCcapex(
  trx: Transaction<DB>,
  d: { id: string; commune_insee: string; departement_code: string },
  evenement: { type: string },
  o: { auteurId: string | null; organisationId: string | null; contexte?: ContexteJournal },
): Promise<void> {
  if (evenement.type !== 'signalement_impaye_caf') return;
  const commission = await commissionCompetente(trx, {
    code_insee: d.commune_insee,
    departement_code: d.departement_code,
  });
  if (!commission) return;
  const enAttente = await trx
    .selectFrom('ccapex_saisine')
    .select('id')
    .where('dossier_id', '=', d.id)
    .where('origine', 'in', ['caf', 'msa'])
    .where('statut', '=', 'a_trier')
    .executeTakeFirst();
  if (enAttente) return;
  const organisation = o.organisationId
    ? await trx
        .selectFrom('organisation')
        .select('type')
        .where('id', '=', o.organisationId)
        .executeTakeFirst()
    : undefined;
  await recevoirSaisine(trx, o.contexte ?? { appelant: null, requeteId: 'evenement' }, {
    origine: organisation?.type === 'msa' ? 'msa' : 'caf',
    nature: 'alerte',
    communeInsee: d.commune_insee,
    dossierId: d.id,
    contenu: null,
    deposant: { utilisateurId: o.auteurId, organisationId: o.organisationId },
  });
}
