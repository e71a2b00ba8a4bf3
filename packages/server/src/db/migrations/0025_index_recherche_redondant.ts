import { type Kysely, sql } from 'kysely';

/**
 * `dossier_recherche_idx` (GIN on `recherche`) duplicates `dossier_dep_recherche_idx` (GIN on `departement_code,
 * recherche`, migration 0008): a multi-column GIN index answers a condition on any of its columns alone, with the
 * same posting lists (checked with EXPLAIN on the national dataset: a search by arrondissement or without any
 * territory uses the composite index). Every dossier written (each event recomputes its projection, an update
 * that PostgreSQL cannot make HOT) paid one more GIN insertion for nothing (docs/performance.md).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists dossier_recherche_idx`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index if not exists dossier_recherche_idx on dossier using gin (recherche)`.execute(db);
}
