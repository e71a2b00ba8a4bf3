import { type Kysely, sql } from 'kysely';

/**
 * Instruction of the requests for the concours de la force publique (CPCE R153-1): the police or gendarmerie
 * unit that runs the enquiry, chosen per commune by the departmental administrator, and one instruction per
 * `demande_cfp` event (enquiry, social check, proposal, préfet's decision or implicit refusal).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table commune_unite (
      commune_insee text primary key references commune(code_insee),
      organisation_id uuid not null references organisation(id),
      modifie_le timestamptz not null default now()
    );
    create index commune_unite_organisation_idx on commune_unite (organisation_id);

    create table instruction_cfp (
      id uuid primary key default gen_random_uuid(),
      dossier_id uuid not null references dossier(id) on delete cascade,
      demande_evenement_id uuid not null unique references evenement(id) on delete cascade,
      date_demande date not null,
      -- The engine's refus_implicite_cfp deadline when the request was recorded (R153-1: 2 months of silence).
      date_refus_implicite date,
      unite_id uuid references organisation(id),
      statut text not null default 'enquete',
      enquete_date_visite date,
      enquete_contact_etabli boolean,
      enquete_composition_menage text,
      enquete_risque_ordre_public text check (enquete_risque_ordre_public in ('faible', 'moyen', 'eleve')),
      enquete_observations text,
      enquete_par uuid references utilisateur(id),
      enquete_le timestamptz,
      social_prioritaire_dalo boolean,
      social_offres_relogement integer,
      social_avis_ccapex text,
      social_dsf text,
      social_observations text,
      proposition_sens text check (proposition_sens in ('octroi', 'refus', 'sursis')),
      proposition_motifs text[] not null default '{}',
      social_par uuid references utilisateur(id),
      social_le timestamptz,
      decision_sens text check (decision_sens in ('octroi', 'refus', 'sursis')),
      decision_date date,
      decision_motifs text[] not null default '{}',
      decision_texte text,
      decision_evenement_id uuid references evenement(id),
      decision_par uuid references utilisateur(id),
      refus_implicite_constate_le timestamptz,
      version integer not null default 1,
      cree_le timestamptz not null default now(),
      modifie_le timestamptz not null default now()
    );
    create index instruction_cfp_dossier_idx on instruction_cfp (dossier_id);
    create index instruction_cfp_statut_idx on instruction_cfp (statut, date_refus_implicite);
    create index instruction_cfp_unite_idx on instruction_cfp (unite_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists instruction_cfp, commune_unite;`.execute(db);
}
