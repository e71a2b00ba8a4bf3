import { type Kysely, sql } from 'kysely';

/** Reference territories, organisations, users, sessions and the journal. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists unaccent`.execute(db);
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create extension if not exists pgcrypto`.execute(db);

  await sql`
    create table region (
      code text primary key,
      nom text not null
    );
    create table departement (
      code text primary key,
      nom text not null,
      region_code text not null references region(code),
      zone text not null
    );
    create table arrondissement (
      code text primary key,
      nom text not null,
      departement_code text not null references departement(code)
    );
    create table commune (
      code_insee text primary key,
      nom text not null,
      type text not null,
      departement_code text not null references departement(code),
      arrondissement_code text references arrondissement(code),
      codes_postaux text[] not null default '{}',
      population integer
    );
    create index commune_departement_idx on commune (departement_code);
    create index commune_codes_postaux_idx on commune using gin (codes_postaux);
    create index commune_nom_trgm_idx on commune using gin (lower(nom) gin_trgm_ops);

    create table organisation (
      id uuid primary key default gen_random_uuid(),
      type text not null,
      nom text not null,
      siret text,
      departement_code text references departement(code),
      departements text[] not null default '{}',
      arrondissements text[] not null default '{}',
      actif boolean not null default true,
      version integer not null default 1,
      cree_le timestamptz not null default now(),
      modifie_le timestamptz not null default now()
    );
    create index organisation_departement_idx on organisation (departement_code);

    create table commission (
      id uuid primary key default gen_random_uuid(),
      departement_code text not null references departement(code),
      type text not null default 'centrale',
      nom text not null,
      cree_le timestamptz not null default now()
    );
    create unique index commission_centrale_unique on commission (departement_code) where type = 'centrale';

    create table utilisateur (
      id uuid primary key default gen_random_uuid(),
      email text not null,
      nom text not null,
      prenom text not null default '',
      profil text not null,
      organisation_id uuid not null references organisation(id),
      departement_code text references departement(code),
      perimetre_departements text[] not null default '{}',
      perimetre_arrondissements text[] not null default '{}',
      commission_id uuid references commission(id),
      mot_de_passe_hash text,
      compte_demo boolean not null default false,
      actif boolean not null default true,
      version integer not null default 1,
      cree_le timestamptz not null default now(),
      modifie_le timestamptz not null default now(),
      derniere_connexion timestamptz
    );
    create unique index utilisateur_email_unique on utilisateur (lower(email));
    create index utilisateur_departement_idx on utilisateur (departement_code);
    create index utilisateur_organisation_idx on utilisateur (organisation_id);

    create table session (
      id_hash text primary key,
      utilisateur_id uuid not null references utilisateur(id) on delete cascade,
      csrf_token text not null,
      cree_le timestamptz not null default now(),
      vu_le timestamptz not null default now(),
      expire_le timestamptz not null
    );
    create index session_utilisateur_idx on session (utilisateur_id);
    create index session_expire_idx on session (expire_le);

    create table journal (
      id bigint generated always as identity primary key,
      horodatage timestamptz not null default clock_timestamp(),
      utilisateur_id uuid,
      profil text,
      organisation_id uuid,
      departement_code text,
      action text not null,
      objet_type text,
      objet_id text,
      requete_id text,
      details jsonb
    );
    create index journal_horodatage_idx on journal (horodatage);
    create index journal_utilisateur_idx on journal (utilisateur_id, horodatage);
    create index journal_objet_idx on journal (objet_type, objet_id);

    create function journal_append_only() returns trigger language plpgsql as $$
    begin
      if current_setting('exploc.purge_journal', true) = 'on' and tg_op = 'DELETE' then
        return old;
      end if;
      raise exception 'Le journal est en ajout seul (% interdit)', tg_op using errcode = 'insufficient_privilege';
    end $$;
    create trigger journal_append_only before update or delete on journal
      for each row execute function journal_append_only();
    create trigger journal_no_truncate before truncate on journal
      for each statement execute function journal_append_only();

    create table parametre_departement (
      departement_code text primary key references departement(code),
      parametres jsonb not null default '{}',
      version integer not null default 1,
      modifie_le timestamptz not null default now()
    );

    create table referentiel_version (
      nom text primary key,
      version text not null,
      charge_le timestamptz not null default now()
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table if exists referentiel_version, parametre_departement, journal, session, utilisateur, commission,
      organisation, commune, arrondissement, departement, region cascade;
    drop function if exists journal_append_only;
  `.execute(db);
}
