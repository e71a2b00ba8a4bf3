/**
 * Preparation step of `npm run bench` (bench/run.mjs), on the benchmark database:
 * 1. integrates the steering facts of dossiers loaded in bulk (the `pilotage-recalcul` job's work: the bench
 *    server runs without its pg-boss workers);
 * 2. captures the SQL statements that ONE dossier read executes (session check, scope, reads, journal insert),
 *    with their parameters as node-postgres sends them, through the real application and a logging Kysely:
 *    bench/run.mjs replays them with pgbench, the database limit of the dossier read.
 * Prints one JSON document. Run: EXPLOC_DEMO=1 DATABASE_URL=… npx tsx --conditions=source bench/preparer.ts <id>
 */

import { createRequire } from 'node:module';
import { Kysely, PostgresDialect } from 'kysely';
import { construireApp } from '../packages/server/src/app.js';
import { lireConfig } from '../packages/server/src/config.js';
import { creerKysely } from '../packages/server/src/db/connexion.js';
import type { DB } from '../packages/server/src/db/schema.js';
import { traiterEnAttente } from '../packages/server/src/modules/pilotage/repository.js';

/** node-postgres' own conversion of a parameter to its wire text. */
const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils') as {
  prepareValue: (v: unknown) => unknown;
};

const dossierId = process.argv[2];
const email = process.argv[3] ?? 'prefecture.75@demo.exploc.fr';
if (!dossierId) throw new Error('Usage : preparer.ts <id de dossier> [email]');
const config = lireConfig({ ...process.env, EXPLOC_TRAVAUX: '0', EXPLOC_LOG_LEVEL: 'silent' });
if (!config.databaseUrl) throw new Error('DATABASE_URL est requis');
const { db, pool } = creerKysely(config.databaseUrl, 10);

const debut = Date.now();
const pilotage = await traiterEnAttente(db);
const pilotageS = (Date.now() - debut) / 1000;

const capturees: { sql: string; parametres: unknown[] }[] = [];
const espion = new Kysely<DB>({
  dialect: new PostgresDialect({ pool }),
  log: (e) => {
    if (e.level === 'query') {
      capturees.push({
        sql: e.query.sql,
        // The text node-postgres sends for each parameter (dates, arrays, JSON).
        parametres: e.query.parameters.map((p) => (p === null ? null : prepareValue(p))),
      });
    }
  },
});

const app = await construireApp({ db: espion, config, journalisation: false });
const connexion = await app.inject({
  method: 'POST',
  url: '/api/v1/session',
  payload: { email, motDePasse: 'demo' },
});
if (connexion.statusCode !== 200) throw new Error(`Connexion refusée (${connexion.statusCode})`);
const cookie = String(connexion.headers['set-cookie'] ?? '').split(';')[0] ?? '';
capturees.length = 0;
const lecture = await app.inject({
  method: 'GET',
  url: `/api/v1/dossiers/${dossierId}`,
  headers: { cookie },
});
if (lecture.statusCode !== 200) throw new Error(`Lecture refusée (${lecture.statusCode})`);
const requetes = [...capturees];

console.log(
  JSON.stringify({
    pilotage: { bilan: pilotage ?? null, secondes: pilotageS },
    lecture: { dossierId, requetes },
  }),
);
await app.close();
await espion.destroy().catch(() => undefined);
