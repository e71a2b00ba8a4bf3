import { type Kysely, sql } from 'kysely';

/** Saved list filters and notification preferences of each agent. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table filtre_enregistre (
      id uuid primary key default gen_random_uuid(),
      utilisateur_id uuid not null references utilisateur(id) on delete cascade,
      nom text not null,
      requete text not null,
      cree_le timestamptz not null default now()
    );
    create unique index filtre_enregistre_nom_unique on filtre_enregistre (utilisateur_id, lower(nom));

    create table preference_notification (
      utilisateur_id uuid primary key references utilisateur(id) on delete cascade,
      resume_quotidien boolean not null default true,
      horizon_jours integer not null default 7,
      dernier_envoi date,
      modifie_le timestamptz not null default now()
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists preference_notification, filtre_enregistre`.execute(db);
}
