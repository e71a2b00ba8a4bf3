import { type Kysely, sql } from 'kysely';

/**
 * Tamper evidence for the journal (architecture.md §2.3): blocks of rows chained by hash. Appends never wait on
 * each other; a job seals the new rows every minute.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table journal_bloc (
      id bigint generated always as identity primary key,
      premier_id bigint not null,
      dernier_id bigint not null,
      lignes integer not null,
      hash_precedent text not null,
      hash text not null,
      scelle_le timestamptz not null default now()
    );
    create unique index journal_bloc_dernier_unique on journal_bloc (dernier_id);
    create trigger journal_bloc_append_only before update or delete on journal_bloc
      for each row execute function journal_append_only();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists journal_bloc`.execute(db);
}
