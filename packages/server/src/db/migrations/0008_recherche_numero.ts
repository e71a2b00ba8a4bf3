import { type Kysely, sql } from 'kysely';

/**
 * Search indexes: a partial dossier number (« 000123 ») through trigrams, and full text within a département in
 * one GIN index (btree_gin), so that a search never intersects with the whole département's rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists btree_gin`.execute(db);
  await sql`create index if not exists dossier_numero_trgm_idx on dossier using gin (numero gin_trgm_ops)`.execute(
    db,
  );
  await sql`create index if not exists dossier_dep_recherche_idx on dossier using gin (departement_code, recherche)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists dossier_numero_trgm_idx`.execute(db);
  await sql`drop index if exists dossier_dep_recherche_idx`.execute(db);
}
