import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import {
  nombreEnAttente,
  recalculerEnAttente,
  SEUIL_RECONSTRUCTION,
} from '../modules/pilotage/repository.js';

export interface RecalculPilotage {
  /** Waits for the round in progress, then stops. */
  arreter: () => Promise<void>;
}

/**
 * The steering facts of the dossiers partners' writes queued (ADR 0007), recomputed every `intervalleMs` by
 * batches of `lot` dossiers (each batch its own transaction; SKIP LOCKED shares the queue between instances).
 * A national load's queue (≥ SEUIL_RECONSTRUCTION) is left to the `pilotage-recalcul` job, which rebuilds
 * everything at once. Runs in every `exploc serve`, with or without the pg-boss workers: it completes the work
 * of the partner API the instance serves.
 */
export function demarrerRecalculPilotage(
  db: Kysely<DB>,
  o: { intervalleMs: number; lot?: number; lotsParTour?: number; journal: (m: string) => void },
): RecalculPilotage {
  let arrete = false;
  let minuteur: NodeJS.Timeout | undefined;
  let enCours: Promise<void> = Promise.resolve();
  let derniereErreur = '';

  async function tour() {
    try {
      const n = await nombreEnAttente(db, SEUIL_RECONSTRUCTION);
      if (n > 0 && n < SEUIL_RECONSTRUCTION) await recalculerEnAttente(db, o.lot ?? 200, o.lotsParTour ?? 50);
      derniereErreur = '';
    } catch (e) {
      // The queue rows of a failed batch are back (its transaction rolled back): the next round retries them.
      const message = (e as Error).message;
      if (message !== derniereErreur)
        o.journal(`Pilotage : recalcul des faits en attente impossible (${message})`);
      derniereErreur = message;
    }
  }

  function planifier() {
    if (arrete) return;
    minuteur = setTimeout(() => {
      enCours = tour().finally(planifier);
    }, o.intervalleMs);
    minuteur.unref();
  }
  planifier();

  return {
    arreter: async () => {
      arrete = true;
      clearTimeout(minuteur);
      await enCours;
    },
  };
}
