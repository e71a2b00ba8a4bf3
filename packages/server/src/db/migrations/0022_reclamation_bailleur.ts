import { type Kysely, sql } from 'kysely';

/**
 * Landlords' module (issues #6 and #8):
 * - bulk CSV imports of CCAPEX saisines: one import record per uploaded file and one row per CSV line, so an
 *   import survives a restart (unprocessed lines stay `en_attente` and are taken up again); the raw cells are
 *   cleared once a line is processed (the saisine holds the data; a rejected line keeps only its errors);
 * - the indemnity claim sent by the beneficiary of the eviction decision (CPCE R154-2): claimed period,
 *   amounts and supporting documents, filed by the landlord itself or entered by an agent from a paper claim.
 *   The settlement's `demande_recue` step is recorded with it (indemnisation_reglement).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table bailleur_import (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation(id),
      utilisateur_id uuid references utilisateur(id),
      nom_fichier text not null,
      total integer not null check (total between 0 and 5000),
      traitees integer not null default 0,
      valides integer not null default 0,
      rejetees integer not null default 0,
      cree_le timestamptz not null default now(),
      termine_le timestamptz
    );
    create index bailleur_import_organisation_idx on bailleur_import (organisation_id, cree_le desc);

    create table bailleur_import_ligne (
      import_id uuid not null references bailleur_import(id) on delete cascade,
      numero integer not null,
      statut text not null default 'en_attente' check (statut in ('en_attente', 'valide', 'rejetee')),
      cellules jsonb,
      saisine_id uuid references ccapex_saisine(id) on delete set null,
      erreurs jsonb not null default '[]'::jsonb,
      primary key (import_id, numero)
    );
    create index bailleur_import_ligne_attente_idx on bailleur_import_ligne (import_id, numero)
      where statut = 'en_attente';

    create table indemnisation_reclamation (
      id uuid primary key default gen_random_uuid(),
      dossier_id uuid not null unique references dossier(id) on delete cascade,
      origine text not null check (origine in ('bailleur', 'agent')),
      deposant_utilisateur_id uuid references utilisateur(id),
      deposant_organisation_id uuid references organisation(id),
      recue_le date not null,
      periode_du date not null,
      periode_au date not null,
      montant_loyers_cents integer not null check (montant_loyers_cents >= 0),
      montant_charges_cents integer not null check (montant_charges_cents >= 0),
      montant_autres_cents integer not null default 0 check (montant_autres_cents >= 0),
      libelle_autres text,
      montant_total_cents integer not null check (montant_total_cents >= 0),
      observations text,
      documents uuid[] not null default '{}',
      cree_le timestamptz not null default now(),
      check (periode_au >= periode_du)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table if exists indemnisation_reclamation;
    drop table if exists bailleur_import_ligne;
    drop table if exists bailleur_import;
  `.execute(db);
}
