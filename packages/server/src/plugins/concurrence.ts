import type { FastifyRequest } from 'fastify';
import { type Appelant, appelantDe } from './contexte.js';
import { ErreurHttp } from './erreurs.js';
import { type ContexteJournal, contexteJournal } from './journal.js';

/** Reads `If-Match: "<version>"` (architecture.md §2.5): missing → 428, unreadable → 412. */
export function versionAttendue(request: FastifyRequest): number {
  const entete = request.headers['if-match'];
  if (entete === undefined || entete === '') {
    throw new ErreurHttp(
      428,
      'precondition_requise',
      'L’en-tête If-Match est obligatoire : indiquez la version de l’élément que vous modifiez.',
    );
  }
  const valeur = Array.isArray(entete) ? entete[0] : entete;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(valeur ?? '');
  if (!m?.[1]) {
    throw new ErreurHttp(
      412,
      'version_perimee',
      'La version indiquée dans If-Match ne correspond pas à l’élément.',
    );
  }
  return Number(m[1]);
}

export function etag(version: number): string {
  return `"${version}"`;
}

/** A write to a versioned record: reads `If-Match`, runs the write with it, answers with the new `ETag`. */
export async function ecritureVersionnee<T extends { version: number }>(
  request: FastifyRequest,
  reply: { header: (nom: string, valeur: string) => unknown },
  ecrire: (version: number) => Promise<T>,
): Promise<T> {
  const r = await ecrire(versionAttendue(request));
  reply.header('ETag', etag(r.version));
  return r;
}

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
