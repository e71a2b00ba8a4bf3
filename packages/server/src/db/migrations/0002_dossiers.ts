import { type Kysely, sql } from 'kysely';

/**
 * Dossiers: household, dwelling, lease, landlord, the append-only timeline of events, and the projection
 * columns (phase, next deadline, alerts, debt) recomputed by the engine at every timeline write and nightly.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    do $$ begin
      if not exists (select 1 from pg_ts_config where cfgname = 'fr_unaccent') then
        create text search configuration fr_unaccent (copy = french);
        alter text search configuration fr_unaccent
          alter mapping for hword, hword_part, word with unaccent, french_stem;
      end if;
    end $$;

    create table bailleur (
      id uuid primary key default gen_random_uuid(),
      type text not null,
      nom text not null,
      siret text,
      social boolean not null default false,
      organisation_id uuid references organisation(id),
      email text,
      telephone text,
      cree_le timestamptz not null default now()
    );
    create unique index bailleur_siret_unique on bailleur (siret) where siret is not null;
    create index bailleur_organisation_idx on bailleur (organisation_id);
    create index bailleur_nom_trgm_idx on bailleur using gin (lower(nom) gin_trgm_ops);

    create table numerotation_dossier (
      annee integer not null,
      departement_code text not null,
      dernier integer not null,
      primary key (annee, departement_code)
    );

    create table dossier (
      id uuid primary key default gen_random_uuid(),
      numero text not null unique,
      departement_code text not null references departement(code),
      arrondissement_code text,
      commune_insee text not null references commune(code_insee),
      commission_id uuid references commission(id),
      bailleur_id uuid not null references bailleur(id),
      agent_id uuid references utilisateur(id),
      prioritaire_dalo boolean not null default false,
      relogement_assure boolean not null default false,
      -- household (1–1)
      nom_principal text not null,
      telephone text,
      email text,
      allocataire_organisme text,
      allocataire_numero text,
      composition jsonb,
      ressources_mensuelles_cents bigint,
      -- dwelling and lease (1–1)
      adresse_ligne text not null,
      code_postal text not null,
      logement_social boolean not null,
      bail_date_signature date not null,
      bail_date_dernier_renouvellement date,
      loyer_hc_cents bigint not null,
      charges_cents bigint not null,
      -- projection, derived by the engine (never edited by hand)
      phase text not null default 'prevention',
      cloture text,
      prochaine_echeance_code text,
      prochaine_echeance_date date,
      alertes text[] not null default '{}',
      dette_cents bigint,
      projection_du date,
      -- search: normalised text maintained by the service (lower case, no accents)
      texte_recherche text not null default '',
      noms_recherche text not null default '',
      recherche tsvector generated always as (to_tsvector('fr_unaccent', texte_recherche)) stored,
      version integer not null default 1,
      cree_le timestamptz not null default now(),
      mis_a_jour_le timestamptz not null default now(),
      cree_par uuid references utilisateur(id),
      organisation_creatrice_id uuid references organisation(id)
    );
    create index dossier_dep_echeance_idx on dossier (departement_code, prochaine_echeance_date, id);
    create index dossier_arr_echeance_idx on dossier (arrondissement_code, prochaine_echeance_date, id);
    create index dossier_dep_maj_idx on dossier (departement_code, mis_a_jour_le desc, id);
    create index dossier_dep_phase_idx on dossier (departement_code, phase, prochaine_echeance_date);
    create index dossier_commune_idx on dossier (commune_insee, prochaine_echeance_date);
    create index dossier_bailleur_idx on dossier (bailleur_id, prochaine_echeance_date);
    create index dossier_commission_idx on dossier (commission_id) where commission_id is not null;
    create index dossier_agent_idx on dossier (agent_id, prochaine_echeance_date) where agent_id is not null;
    create index dossier_alertes_idx on dossier using gin (alertes);
    create index dossier_recherche_idx on dossier using gin (recherche);
    create index dossier_noms_trgm_idx on dossier using gin (noms_recherche gin_trgm_ops);
    create index dossier_projection_du_idx on dossier (projection_du);

    -- Organisations that see a dossier through their own scope: the landlord's, the commissaire de justice's
    -- étude, the police or gendarmerie unit in charge of a CFP enquiry.
    create table dossier_organisation (
      dossier_id uuid not null references dossier(id) on delete cascade,
      organisation_id uuid not null references organisation(id),
      role text not null,
      depuis timestamptz not null default now(),
      primary key (dossier_id, organisation_id, role)
    );
    create index dossier_organisation_org_idx on dossier_organisation (organisation_id, dossier_id);

    create table personne (
      id uuid primary key default gen_random_uuid(),
      dossier_id uuid not null references dossier(id) on delete cascade,
      rang integer not null,
      role text not null,
      nom text not null,
      prenoms text not null,
      date_naissance date
    );
    create index personne_dossier_idx on personne (dossier_id, rang);

    create table evenement (
      id uuid primary key default gen_random_uuid(),
      dossier_id uuid not null references dossier(id) on delete cascade,
      type text not null,
      date_evenement date not null,
      donnees jsonb not null default '{}',
      commentaire text,
      source text not null,
      auteur_id uuid references utilisateur(id),
      organisation_id uuid references organisation(id),
      remplace_id uuid references evenement(id),
      motif_correction text,
      statut text not null default 'integre',
      cree_le timestamptz not null default now()
    );
    create index evenement_dossier_idx on evenement (dossier_id, date_evenement);
    create unique index evenement_remplace_unique on evenement (remplace_id) where remplace_id is not null;
    create index evenement_type_date_idx on evenement (type, date_evenement);

    create table note_dossier (
      id uuid primary key default gen_random_uuid(),
      dossier_id uuid not null references dossier(id) on delete cascade,
      auteur_id uuid references utilisateur(id),
      texte text not null,
      classe text not null default 'social',
      cree_le timestamptz not null default now()
    );
    create index note_dossier_idx on note_dossier (dossier_id, cree_le);

    create table historique_dossier (
      id bigint generated always as identity primary key,
      dossier_id uuid not null references dossier(id) on delete cascade,
      auteur_id uuid references utilisateur(id),
      action text not null,
      champs text[] not null default '{}',
      cree_le timestamptz not null default now()
    );
    create index historique_dossier_idx on historique_dossier (dossier_id, cree_le);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists historique_dossier, note_dossier, evenement, personne, dossier_organisation, dossier,
    numerotation_dossier, bailleur cascade;
    drop text search configuration if exists fr_unaccent;`.execute(db);
}
