import { type Kysely, sql } from 'kysely';

/**
 * Exchanges with the partners' information systems (CAF, Banque de France): one row per request, kept on the
 * dossier so an agent sees what was asked, when, and whether the partner answered. A failed request waits in
 * `a_relancer` with its next attempt; the pg-boss sweep retries it with an exponential backoff.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table echange_partenaire (
      id uuid primary key default gen_random_uuid(),
      dossier_id uuid not null references dossier(id) on delete cascade,
      partenaire text not null check (partenaire in ('caf', 'banque_de_france')),
      operation text not null,
      statut text not null check (statut in ('en_cours', 'reussi', 'a_relancer', 'echec', 'introuvable')),
      tentatives integer not null default 0,
      duree_ms integer,
      erreur text,
      resultat jsonb,
      demande_par uuid references utilisateur(id) on delete set null,
      prochain_essai_le timestamptz,
      cree_le timestamptz not null default now(),
      termine_le timestamptz
    );
    create index echange_partenaire_dossier_idx on echange_partenaire (dossier_id, cree_le desc);
    create index echange_partenaire_relance_idx on echange_partenaire (prochain_essai_le)
      where statut in ('a_relancer', 'en_cours');
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists echange_partenaire;`.execute(db);
}
