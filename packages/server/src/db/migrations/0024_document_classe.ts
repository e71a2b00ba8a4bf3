import { type Kysely, sql } from 'kysely';

/**
 * A document's field class (architecture.md §2.8): who may list and open it. Documents deposited before this
 * migration were all visible to whoever saw the dossier's court data: they stay `judiciaire`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table document add column classe text not null default 'judiciaire'
      check (classe in ('judiciaire', 'financier', 'social', 'secret_ccapex'));
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table document drop column if exists classe`.execute(db);
}
