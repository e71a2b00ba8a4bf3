import type { Scope } from '@exploc/domain/acces/scope';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { conditionScope } from '../../db/scope-dossier.js';
import { journaliser } from '../../plugins/journal.js';

/** The journal action of a refused access (read by the out-of-scope detection rule). */
export const ACTION_REFUS = 'refus';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A 404 on a dossier route is an out-of-scope attempt when the dossier exists but lies outside the caller's
 * scope (the API answers 404 so as not to reveal it; the journal keeps the truth for the administrator).
 */
async function dossierHorsPerimetre(
  db: Kysely<DB>,
  request: FastifyRequest,
  scope: Scope,
): Promise<{ id: string; departementCode: string } | null> {
  if (!request.routeOptions.url?.startsWith('/api/v1/dossiers/:id')) return null;
  const id = (request.params as { id?: unknown } | undefined)?.id;
  if (typeof id !== 'string' || !UUID.test(id)) return null;
  // Coalesce: a scope test on a null column (no arrondissement) is unknown, i.e. out of scope.
  const d = await db
    .selectFrom('dossier as d')
    .select([
      'd.id',
      'd.departement_code',
      (eb) => eb.fn.coalesce(conditionScope(scope)(eb), sql<boolean>`false`).as('dans_scope'),
    ])
    .where('d.id', '=', id)
    .executeTakeFirst();
  if (!d || d.dans_scope) return null;
  return { id: d.id, departementCode: d.departement_code };
}

async function journaliserRefus(db: Kysely<DB>, request: FastifyRequest, reply: FastifyReply) {
  const appelant = request.appelant;
  if (!appelant || !request.routeOptions.url?.startsWith('/api/v1/')) return;
  const contexte = { appelant, requeteId: String(request.id) };
  const route = { methode: request.method, route: request.routeOptions.url };
  if (reply.statusCode === 403) {
    await journaliser(db, contexte, { action: ACTION_REFUS, details: { ...route, motif: 'permission' } });
  } else if (reply.statusCode === 404) {
    const d = await dossierHorsPerimetre(db, request, appelant.scope);
    if (!d) return;
    await journaliser(db, contexte, {
      action: ACTION_REFUS,
      objetType: 'dossier',
      objetId: d.id,
      departementCode: d.departementCode,
      details: { ...route, motif: 'hors_perimetre' },
    });
  }
}

/**
 * Denied accesses of authenticated callers go to the journal (issue #9): 403 (missing permission) and 404 on a
 * dossier that exists outside the caller's scope. Registered on the root instance, before the modules, so
 * that every route inherits it; the response waits for the row (a journal failure fails the request).
 */
export function enregistrerJournalDesRefus(app: FastifyInstance, db: Kysely<DB>): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode === 403 || reply.statusCode === 404) await journaliserRefus(db, request, reply);
    return payload;
  });
}
