import { type Kysely, sql } from 'kysely';

/**
 * Instance-level facts. `bac_a_sable`: this database belongs to a partner sandbox (synthetic data only); the
 * sandbox refuses to start on a database without it that already holds accounts, so a production base can never
 * be turned into a sandbox by mistake.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table instance_parametre (
      cle text primary key,
      valeur text not null,
      cree_le timestamptz not null default now()
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists instance_parametre`.execute(db);
}
