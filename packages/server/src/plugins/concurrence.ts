import type { FastifyRequest } from 'fastify';
import { ErreurHttp } from './erreurs.js';

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
