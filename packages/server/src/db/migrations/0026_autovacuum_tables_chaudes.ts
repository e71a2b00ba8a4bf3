import { type Kysely, sql } from 'kysely';

/**
 * Two large tables rewritten all day (each act updates its dossier row and its steering facts) are vacuumed
 * at 1 % of dead or inserted rows instead of PostgreSQL's default 20 %: the dashboards and the list counts use
 * index-only scans, which fall back to the heap on pages not marked all-visible. Measured on the national
 * dataset after ≈ 10 000 acts (215 000 dead rows in `pilotage_fait`, 2 %, far below the default threshold):
 * département dashboard p95 578 → 169 ms and national 1 321 → 435 ms once vacuumed (docs/performance.md).
 * Table storage parameters only: the server's settings are untouched.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['pilotage_fait', 'dossier']) {
    await sql`alter table ${sql.table(table)} set (autovacuum_vacuum_scale_factor = 0.01,
      autovacuum_vacuum_insert_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.02)`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['pilotage_fait', 'dossier']) {
    await sql`alter table ${sql.table(table)} reset (autovacuum_vacuum_scale_factor,
      autovacuum_vacuum_insert_scale_factor, autovacuum_analyze_scale_factor)`.execute(db);
  }
}
