import { type Kysely, sql } from 'kysely';

/** Partner API: client credentials, bearer tokens, idempotency keys and the acts received. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table partenaire_client (
      id uuid primary key default gen_random_uuid(),
      client_id text not null unique,
      secret_hash text not null,
      type text not null,
      nom text not null,
      siret text,
      organisation_id uuid not null references organisation(id),
      departements text[] not null default '{}',
      actif boolean not null default true,
      cree_le timestamptz not null default now()
    );

    create table partenaire_jeton (
      jeton_hash text primary key,
      client_id uuid not null references partenaire_client(id) on delete cascade,
      expire_le timestamptz not null
    );
    create index partenaire_jeton_expire_idx on partenaire_jeton (expire_le);

    -- Idempotency-Key per partner client, kept at least 30 days; the answer is replayed as it was.
    create table cle_idempotence (
      client_id uuid not null references partenaire_client(id) on delete cascade,
      cle text not null,
      empreinte text not null,
      statut_http integer not null,
      reponse jsonb not null,
      cree_le timestamptz not null default now(),
      primary key (client_id, cle)
    );
    create index cle_idempotence_cree_idx on cle_idempotence (cree_le);

    create table acte_partenaire (
      id uuid primary key default gen_random_uuid(),
      client_id uuid not null references partenaire_client(id),
      organisation_id uuid not null references organisation(id),
      reference text not null,
      type text not null,
      date_acte date not null,
      contenu jsonb not null,
      statut text not null,
      motif text,
      dossier_id uuid references dossier(id),
      evenement_id uuid references evenement(id),
      candidats uuid[] not null default '{}',
      cree_le timestamptz not null default now()
    );
    create index acte_partenaire_client_idx on acte_partenaire (client_id, cree_le);
    create index acte_partenaire_dossier_idx on acte_partenaire (dossier_id);
    create index acte_partenaire_a_traiter_idx on acte_partenaire (statut, cree_le) where statut <> 'integre';

    -- Lease matching: INSEE code + normalised address + titulaire's name and first given name.
    alter table dossier add column cle_rapprochement text;
    create index dossier_rapprochement_idx on dossier (cle_rapprochement) where cle_rapprochement is not null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table if exists acte_partenaire, cle_idempotence, partenaire_jeton, partenaire_client;
    alter table dossier drop column if exists cle_rapprochement;
  `.execute(db);
}
