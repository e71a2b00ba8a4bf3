import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { ErreurHttp } from '../../plugins/erreurs.js';
import * as repo from './repository.js';

/**
 * The Idempotency-Key protocol of partners' writes (acts, landlords' saisines), shared by both APIs. The work,
 * the journal and the stored answer are one transaction with the key's lock: a crash before commit leaves
 * nothing, so a retry is processed afresh; after commit, a retry replays the stored answer. Exactly once.
 *
 * `traiter` runs in the transaction once the key is free and unused, and writes the key itself with its answer
 * (repository.enregistrerCle, or within the statement that records an act).
 */
export async function sousCleIdempotence<C>(
  db: Kysely<DB>,
  o: { clientId: string; cle: string; empreinte: string },
  traiter: (trx: Transaction<DB>) => Promise<C>,
): Promise<{ statutHttp: number; corps: C; rejoue: boolean }> {
  try {
    return await db.transaction().execute(async (trx) => {
      const { verrouille, existante } = await repo.verrouillerEtLireCle(trx, o.clientId, o.cle);
      if (!verrouille) throw requeteEnCours();
      if (existante) {
        if (existante.empreinte !== o.empreinte) {
          throw new ErreurHttp(
            422,
            'idempotency_key_reutilisee',
            'Cette clé d’idempotence a déjà servi pour une requête différente.',
          );
        }
        return { statutHttp: existante.statut_http, corps: existante.reponse as C, rejoue: true };
      }
      return { statutHttp: 201, corps: await traiter(trx), rejoue: false };
    });
  } catch (e) {
    // The lock and the key are read by one statement, whose snapshot precedes the lock: a request with the
    // same key that committed in between is invisible to it, and its key row makes ours collide at the end
    // (everything rolled back). The client retries, as for a request in progress, and gets the replay.
    if ((e as { code?: string; constraint?: string }).constraint === 'cle_idempotence_pkey') {
      throw requeteEnCours();
    }
    throw e;
  }
}

function requeteEnCours() {
  return new ErreurHttp(
    409,
    'requete_en_cours',
    'Une requête avec cette clé d’idempotence est en cours de traitement.',
    undefined,
    { 'Retry-After': '1' },
  );
}
