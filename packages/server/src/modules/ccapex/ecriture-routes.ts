import type { FastifyRequest } from 'fastify';
import { ecritureVersionnee, etag } from '../../plugins/concurrence.js';
import { type Appelant, appelantDe } from '../../plugins/contexte.js';
import type { ContexteJournal } from '../../plugins/journal.js';
import { contexteJournal } from '../identite/routes.js';

/**
 * A versioned write on the record named by the route's `:id` (If-Match read, new ETag set: `ecritureVersionnee`):
 * `ecrire` gets the journal context, the caller, the id and the expected version.
 */
export function ecritureSurId<T extends { version: number }>(
  request: FastifyRequest & { params: { id: string } },
  reply: { header: (nom: string, valeur: string) => unknown },
  ecrire: (ctx: ContexteJournal, a: Appelant, id: string, version: number) => Promise<T>,
): Promise<T> {
  return ecritureVersionnee(request, reply, (version) =>
    ecrire(contexteJournal(request), appelantDe(request), request.params.id, version),
  );
}

/**
 * A write on the record named by the route's `:id` that takes no If-Match (it adds to or reorders the record):
 * `ecrire` gets the journal context, the caller and the id; the answer carries the record's new ETag.
 */
export async function ecritureAvecEtag<T extends { version: number }>(
  request: FastifyRequest & { params: { id: string } },
  reply: { header: (nom: string, valeur: string) => unknown },
  ecrire: (ctx: ContexteJournal, a: Appelant, id: string) => Promise<T>,
): Promise<T> {
  const r = await ecrire(contexteJournal(request), appelantDe(request), request.params.id);
  reply.header('ETag', etag(r.version));
  return r;
}
