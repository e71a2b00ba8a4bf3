import { type Kysely, sql } from 'kysely';

/**
 * The settlement of the State's indemnity (CPCE R154-2 to R154-4), one per dossier: the claim and its
 * acknowledgement (silence for 2 months = rejection), the amount proposed, the transaction (the owner waives any
 * action, the State is subrogated to the owner's rights against the occupant), its payment, and the contentious
 * branch before the tribunal administratif. Amounts in cents; `version` for If-Match. Also the IRL indices used to
 * revise the rent at each lease anniversary in the indemnity computation.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table indemnisation_reglement (
      dossier_id uuid primary key references dossier(id) on delete cascade,
      version integer not null default 1,
      demande_recue_le date,
      montant_demande_cents integer check (montant_demande_cents >= 0),
      proposition_le date,
      montant_propose_cents integer check (montant_propose_cents >= 0),
      signature_beneficiaire_le date,
      signature_prefet_le date,
      ordre_paiement_le date,
      paiement_le date,
      montant_paye_cents integer check (montant_paye_cents >= 0),
      subrogation_le date,
      recours_ta_le date,
      jugement_ta_le date,
      montant_alloue_cents integer check (montant_alloue_cents >= 0),
      cree_le timestamptz not null default now(),
      modifie_le timestamptz not null default now()
    );
    -- The IRL (loi 89-462 art. 17-1), published nationally by INSEE each quarter, entered per département by its
    -- administrator: each préfecture answers for the indices its indemnities use. Value in hundredths (145.47 → 14547).
    create table indice_irl (
      departement_code text not null references departement(code),
      trimestre text not null check (trimestre ~ '^[0-9]{4}-T[1-4]$'),
      valeur_centiemes integer not null check (valeur_centiemes > 0),
      version integer not null default 1,
      modifie_par uuid references utilisateur(id),
      modifie_le timestamptz not null default now(),
      primary key (departement_code, trimestre)
    );
    -- The commune → police/gendarmerie unit table (0009) becomes editable by the departmental administrator:
    -- a version for If-Match.
    alter table commune_unite add column version integer not null default 1;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table commune_unite drop column if exists version;
    drop table if exists indice_irl;
    drop table if exists indemnisation_reglement;`.execute(db);
}
