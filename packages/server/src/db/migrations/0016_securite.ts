import { type Kysely, sql } from 'kysely';

/**
 * Security (issue #9): indexes for the administrators' journal search (filters by département, action and
 * user, newest first by id) and the security alerts raised by the anomaly detection job. An alert is unique per
 * rule, agent and window, so the hourly job can run again over the same hours without duplicates.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index journal_departement_id_idx on journal (departement_code, id);
    create index journal_action_id_idx on journal (action, id);
    create index journal_utilisateur_id_idx on journal (utilisateur_id, id);

    create table alerte_securite (
      id uuid primary key default gen_random_uuid(),
      regle text not null
        check (regle in ('consultation_massive', 'hors_perimetre', 'export_volumineux', 'hors_horaires')),
      utilisateur_id uuid not null references utilisateur(id) on delete cascade,
      departement_code text references departement(code),
      fenetre_debut timestamptz not null,
      fenetre_fin timestamptz not null,
      nombre integer not null,
      seuil integer not null,
      detectee_le timestamptz not null default now(),
      notifiee_le timestamptz,
      examinee_le timestamptz,
      examinee_par uuid references utilisateur(id),
      commentaire text,
      version integer not null default 1
    );
    create unique index alerte_securite_unique on alerte_securite (regle, utilisateur_id, fenetre_debut);
    create index alerte_securite_departement_idx on alerte_securite (departement_code, detectee_le desc);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table if exists alerte_securite;
    drop index if exists journal_departement_id_idx;
    drop index if exists journal_action_id_idx;
    drop index if exists journal_utilisateur_id_idx;
  `.execute(db);
}
