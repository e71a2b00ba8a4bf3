import { type Kysely, sql } from 'kysely';

/** Documents attached to a dossier, stored on disk by content hash (architecture.md §3). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table document (
      id uuid primary key default gen_random_uuid(),
      dossier_id uuid not null references dossier(id) on delete cascade,
      evenement_id uuid references evenement(id),
      nom_fichier text not null,
      type_mime text not null,
      taille integer not null,
      sha256 text not null,
      depose_par uuid references utilisateur(id),
      organisation_id uuid references organisation(id),
      cree_le timestamptz not null default now()
    );
    create index document_dossier_idx on document (dossier_id, cree_le);
    create index document_sha256_idx on document (sha256);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists document`.execute(db);
}
