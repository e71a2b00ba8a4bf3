/**
 * PostgreSQL away (restart, failover, network): the server keeps running and answers 503
 * `base_indisponible` with `Retry-After` (the error handler of plugins/erreurs.ts calls
 * `reponseBaseIndisponible` for the errors `estErreurBaseIndisponible` recognises), and resumes by itself
 * when the database is back: node-postgres never returns a client whose socket failed to the pool, and
 * `protegerPool` keeps a dead connection from ending the process. Tested end to end by
 * fiabilite/postgres.fiabilite.ts.
 */
import type { FastifyReply } from 'fastify';

/** Seconds a client should wait before retrying while the database is away (a PostgreSQL restart). */
export const RETRY_AFTER_BASE_SECONDES = 2;

/**
 * Connection-level failures of PostgreSQL, as node-postgres reports them: the server refuses connections
 * (down, restarting), ends them (57P01 admin shutdown, 57P02 crash shutdown, 57P03 starting up or shutting
 * down), or the socket breaks mid-query. SQL errors (constraint, syntax, serialization) are not among them.
 */
const CODES_RESEAU = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
const CODES_POSTGRES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);
const MESSAGES = [
  /Connection terminated/,
  /timeout exceeded when trying to connect/,
  /terminating connection due to administrator command/,
  /the database system is (starting up|shutting down|in recovery mode)/,
  /Client has encountered a connection error and is not queryable/,
  /Client was closed and is not queryable/,
  /Connection refused/i,
];

export function estErreurBaseIndisponible(erreur: unknown, profondeur = 0): boolean {
  if (!erreur || typeof erreur !== 'object' || profondeur > 3) return false;
  const code = (erreur as { code?: unknown }).code;
  if (typeof code === 'string' && (CODES_RESEAU.has(code) || CODES_POSTGRES.has(code))) return true;
  const message = erreur instanceof Error ? erreur.message : '';
  if (MESSAGES.some((m) => m.test(message))) return true;
  // An AggregateError (connect to ::1 and 127.0.0.1) or a wrapped cause.
  const { errors, cause } = erreur as { errors?: unknown; cause?: unknown };
  if (Array.isArray(errors) && errors.some((e) => estErreurBaseIndisponible(e, profondeur + 1))) return true;
  return estErreurBaseIndisponible(cause, profondeur + 1);
}

export function reponseBaseIndisponible(reply: FastifyReply) {
  return reply
    .status(503)
    .header('Retry-After', String(RETRY_AFTER_BASE_SECONDES))
    .header('Cache-Control', 'no-store')
    .send({
      erreur: {
        code: 'base_indisponible',
        message: 'La base de données est momentanément indisponible : réessayez dans quelques secondes.',
      },
    });
}

const clientsProteges = new WeakSet<object>();

interface PoolObservable {
  on(
    evenement: 'acquire',
    ecouteur: (client: { on(e: 'error', f: (err: Error) => void): unknown }) => void,
  ): unknown;
}

/**
 * node-postgres emits `error` on a client whose connection dies (PostgreSQL stopped, 57P01) while it is
 * checked out of the pool between two queries (a transaction, a Kysely connection): with no listener, that
 * event would end the process. The pool listens only to idle clients; this listens to every client it hands
 * out. The failing query rejects as usual (→ 503), and the pool discards the broken client on release.
 */
export function protegerPool(pool: PoolObservable): void {
  pool.on('acquire', (client) => {
    if (clientsProteges.has(client)) return;
    clientsProteges.add(client);
    client.on('error', () => undefined);
  });
}
