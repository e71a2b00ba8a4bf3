import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import { ouvrirBaseEmbarquee } from './base-embarquee.js';
import { preparerLesInstructions } from './instructions-preparees.js';
import type { DB } from './schema.js';

// Calendar dates stay 'YYYY-MM-DD' strings; bigint counts and cents fit in a JS number.
pg.types.setTypeParser(1082, (v) => v);
pg.types.setTypeParser(20, (v) => Number(v));

export type Db = Kysely<DB>;

export interface Base {
  db: Db;
  pool: pg.Pool;
  url: string;
  embarquee: boolean;
  fermer: () => Promise<void>;
}

const NOM_BASE_EMBARQUEE = 'exploc';

export function creerKysely(
  url: string,
  max = 20,
  options: { instructionsPreparees?: boolean } = {},
): { db: Db; pool: pg.Pool } {
  // A transaction left idle is ended: no lock held forever, and the journal's sealing delay stays safe.
  const pool = new pg.Pool({
    connectionString: url,
    max,
    idleTimeoutMillis: 30_000,
    idle_in_transaction_session_timeout: 60_000,
  });
  // An idle client whose server went away must not crash the process.
  pool.on('error', () => undefined);
  if (options.instructionsPreparees ?? true) preparerLesInstructions(pool);
  return { db: new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }), pool };
}

/** Creates the database of `url` when it does not exist (first start on a new server). */
export async function creerBaseSiAbsente(url: string): Promise<void> {
  const cible = new URL(url);
  const nom = decodeURIComponent(cible.pathname.replace(/^\//, ''));
  if (!nom) return;
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.end();
    return;
  } catch (e) {
    await client.end().catch(() => undefined);
    if ((e as { code?: string }).code !== '3D000') throw e;
  }
  cible.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: cible.toString() });
  await admin.connect();
  try {
    await admin.query(`create database "${nom.replaceAll('"', '""')}"`);
  } catch (e) {
    if ((e as { code?: string }).code !== '42P04') throw e;
  } finally {
    await admin.end();
  }
}

export async function ouvrirBase(config: Config, journaliser: (m: string) => void): Promise<Base> {
  if (config.databaseUrl) {
    await creerBaseSiAbsente(config.databaseUrl);
    const { db, pool } = creerKysely(config.databaseUrl, 20, {
      instructionsPreparees: config.instructionsPreparees,
    });
    return { db, pool, url: config.databaseUrl, embarquee: false, fermer: () => db.destroy() };
  }
  const embarquee = await ouvrirBaseEmbarquee(config.dataDir, journaliser);
  const url = embarquee.url(NOM_BASE_EMBARQUEE);
  await creerBaseSiAbsente(url);
  const { db, pool } = creerKysely(url, 20, { instructionsPreparees: config.instructionsPreparees });
  return {
    db,
    pool,
    url,
    embarquee: true,
    fermer: async () => {
      await db.destroy();
      await embarquee.arreter();
    },
  };
}
