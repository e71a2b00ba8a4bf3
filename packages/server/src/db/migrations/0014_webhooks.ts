import { type Kysely, sql } from 'kysely';

/**
 * Partner webhooks. `webhook_abonnement`: what a partner client listens to, and where. The signing secret is
 * stored as is (HMAC needs the clear value; encrypting it at rest is a later step). `webhook_livraison` is a
 * transactional outbox: written in the transaction that integrates the act, delivered afterwards by pg-boss,
 * so an event exists if and only if its act was committed. `corps` is the exact JSON text sent, frozen at
 * creation so every retry carries the same bytes and the same `Exploc-Id`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table webhook_abonnement (
      id uuid primary key default gen_random_uuid(),
      client_id uuid not null references partenaire_client(id) on delete cascade,
      url text not null,
      evenements text[] not null,
      secret text not null,
      actif boolean not null default true,
      echecs_depuis timestamptz,
      desactive_le timestamptz,
      motif_desactivation text,
      cree_le timestamptz not null default now()
    );
    create index webhook_abonnement_client_idx on webhook_abonnement (client_id) where actif;
    create table webhook_livraison (
      id uuid primary key default gen_random_uuid(),
      abonnement_id uuid not null references webhook_abonnement(id) on delete cascade,
      type text not null,
      corps text not null,
      statut text not null default 'en_attente'
        check (statut in ('en_attente', 'livree', 'echec', 'annulee')),
      tentatives integer not null default 0,
      prochain_essai_le timestamptz not null default now(),
      dernier_statut_http integer,
      derniere_erreur text,
      cree_le timestamptz not null default now(),
      livree_le timestamptz
    );
    create index webhook_livraison_a_envoyer_idx on webhook_livraison (prochain_essai_le)
      where statut = 'en_attente';
    create index webhook_livraison_abonnement_idx on webhook_livraison (abonnement_id, cree_le desc);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists webhook_livraison; drop table if exists webhook_abonnement;`.execute(db);
}
