import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { ouvrirBaseEmbarquee } from '../src/db/base-embarquee.js';
import { creerKysely } from '../src/db/connexion.js';
import { migrerBase } from '../src/db/migrations.js';
import { chargerReferentiel } from '../src/db/referentiel.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the test PostgreSQL server, with `{base}` where the database name goes. */
    modeleUrl: string;
    modeleNom: string;
  }
}

/**
 * One PostgreSQL server for the whole run (embedded by default, DATABASE_URL's server when set) and one
 * migrated template database; each test file clones it (test/base-de-test.ts).
 */
export default async function setup(project: TestProject) {
  let arreter = async () => undefined as undefined;
  let modeleUrl: string;
  if (process.env.DATABASE_URL) {
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = '/{base}';
    modeleUrl = u.toString().replace('%7Bbase%7D', '{base}');
  } else {
    const dossier = await mkdtemp(path.join(os.tmpdir(), 'exploc-test-'));
    const base = await ouvrirBaseEmbarquee(dossier);
    modeleUrl = base.url('{base}');
    arreter = async () => {
      await base.arreter();
      await rm(dossier, { recursive: true, force: true });
    };
  }
  try {
    return await preparerModele(project, modeleUrl, arreter);
  } catch (e) {
    await arreter();
    throw e;
  }
}

async function preparerModele(project: TestProject, modeleUrl: string, arreter: () => Promise<void>) {
  const suffixe = randomBytes(4).toString('hex');
  const modeleNom = `exploc_modele_${suffixe}`;
  const admin = new pg.Client({ connectionString: modeleUrl.replace('{base}', 'postgres') });
  await admin.connect();
  await admin.query(`create database ${modeleNom} template template0 encoding 'UTF8'`);
  const { db } = creerKysely(modeleUrl.replace('{base}', modeleNom), 2);
  await migrerBase(db);
  await chargerReferentiel(db);
  await db.destroy();
  project.provide('modeleUrl', modeleUrl);
  project.provide('modeleNom', modeleNom);

  return async () => {
    // Test databases left by crashed files, then the template.
    const restes = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname like $1 or datname = $2`,
      [`exploc_t_${suffixe}_%`, modeleNom],
    );
    for (const { datname } of restes.rows)
      await admin.query(`drop database if exists ${datname} with (force)`);
    await admin.end();
    await arreter();
  };
}
