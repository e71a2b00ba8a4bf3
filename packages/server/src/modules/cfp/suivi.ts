import type { ResultatEvaluation } from '@exploc/domain/procedure/evaluer';
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import * as repo from './repository.js';

/**
 * Keeps the CFP instructions in step with the dossier's timeline, whoever records the act (an agent, a
 * commissaire de justice through the partner API): a `demande_cfp` opens an instruction and hands the enquiry
 * to the commune's police unit; a `decision_cfp` closes the latest one. Called in the event's transaction.
 */
export async function suivreEvenementCfp(
  trx: Transaction<DB>,
  dossier: { id: string; commune_insee: string },
  evenement: { id: string; type: string; date: string; sens?: unknown },
  resultat: ResultatEvaluation,
): Promise<void> {
  if (evenement.type === 'demande_cfp') {
    const uniteId = await repo.uniteDeCommune(trx, dossier.commune_insee);
    const refus = resultat.echeances.find((e) => e.code === 'refus_implicite_cfp');
    await repo.insererInstruction(trx, {
      dossierId: dossier.id,
      demandeEvenementId: evenement.id,
      dateDemande: evenement.date,
      dateRefusImplicite: refus?.date ?? null,
      uniteId,
    });
    if (uniteId) await repo.lierUnite(trx, dossier.id, uniteId);
    return;
  }
  if (evenement.type === 'decision_cfp' && typeof evenement.sens === 'string') {
    const instruction = await repo.derniereInstruction(trx, dossier.id);
    if (!instruction) return;
    await repo.modifierInstruction(trx, instruction.id, {
      statut: evenement.sens,
      decision_sens: evenement.sens,
      decision_date: evenement.date,
      decision_evenement_id: evenement.id,
    });
  }
}
