import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { type Config, lireConfig } from '../src/config.js';
import { creerKysely, type Db } from '../src/db/connexion.js';

export interface BaseDeTest {
  db: Db;
  url: string;
}

/** A fresh database cloned from the migrated template, dropped after the file's tests. */
export async function creerBaseDeTest(): Promise<BaseDeTest> {
  const modeleUrl = inject('modeleUrl');
  const modeleNom = inject('modeleNom');
  const nom = `${modeleNom.replace('exploc_modele_', 'exploc_t_')}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: modeleUrl.replace('{base}', 'postgres') });
  await admin.connect();
  await admin.query(`create database ${nom} template ${modeleNom} strategy file_copy`);
  const url = modeleUrl.replace('{base}', nom);
  const { db } = creerKysely(url, 10);
  afterAll(async () => {
    await db.destroy();
    await admin.query(`drop database if exists ${nom} with (force)`);
    await admin.end();
  });
  return { db, url };
}

export function configDeTest(modifications: Partial<Config> = {}): Config {
  return {
    ...lireConfig({ EXPLOC_DEMO: '1', DATABASE_URL: 'postgres://test@127.0.0.1/test' }),
    ...modifications,
  };
}
