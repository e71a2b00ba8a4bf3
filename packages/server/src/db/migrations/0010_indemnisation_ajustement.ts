import { type Kysely, sql } from 'kysely';

/**
 * Agents' adjustments of the State's indemnity (CPCE R154-7): itemised losses the engine cannot know (repairs,
 * CJ fees, TEOM, loss of value) and signed corrections, each with its reason, kept beside the computed value.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table indemnisation_ajustement (
      id uuid primary key default gen_random_uuid(),
      dossier_id uuid not null references dossier(id) on delete cascade,
      nature text not null
        check (nature in ('reparations', 'frais_commissaire_justice', 'teom', 'perte_valeur', 'autre', 'correction')),
      libelle text not null,
      montant_cents integer not null,
      motif text not null,
      auteur_id uuid references utilisateur(id),
      cree_le timestamptz not null default now(),
      check (nature = 'correction' or montant_cents >= 0)
    );
    create index indemnisation_ajustement_dossier_idx on indemnisation_ajustement (dossier_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists indemnisation_ajustement;`.execute(db);
}
