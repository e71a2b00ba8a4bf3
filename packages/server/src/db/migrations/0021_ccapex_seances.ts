import { type Kysely, sql } from 'kysely';

/**
 * CCAPEX séances, complements to migration 0015:
 * - the minutes (PV) of a séance cover several dossiers: a document may now belong to no dossier
 *   (`document.dossier_id` null), it is then reached only through `ccapex_seance.pv_document_id`;
 * - who was invited (the accounts attached to the commission when the invitations were sent), listed in the PV;
 * - when and by whom a séance was closed or cancelled, and why it was cancelled.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table document alter column dossier_id drop not null;

    alter table ccapex_seance
      add column cloturee_le timestamptz,
      add column cloturee_par uuid references utilisateur(id),
      add column annulee_le timestamptz,
      add column motif_annulation text;

    create table ccapex_seance_invitation (
      seance_id uuid not null references ccapex_seance(id) on delete cascade,
      utilisateur_id uuid not null references utilisateur(id),
      envoyee_le timestamptz not null default now(),
      primary key (seance_id, utilisateur_id)
    );
    create index ccapex_seance_statut_idx on ccapex_seance (statut, debut);
    create index ccapex_recommandation_examen_idx on ccapex_recommandation (examen_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table if exists ccapex_seance_invitation;
    drop index if exists ccapex_seance_statut_idx;
    drop index if exists ccapex_recommandation_examen_idx;
    alter table ccapex_seance drop column if exists cloturee_le, drop column if exists cloturee_par,
      drop column if exists annulee_le, drop column if exists motif_annulation;
    delete from document where dossier_id is null;
    alter table document alter column dossier_id set not null;
  `.execute(db);
}
