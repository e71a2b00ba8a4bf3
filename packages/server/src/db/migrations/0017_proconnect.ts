import { type Kysely, sql } from 'kysely';

/**
 * ProConnect (OpenID Connect) login.
 * - `proconnect_transaction`: one pending authorization request (state, nonce, PKCE verifier), keyed by the
 *   hash of a random value held by the browser in an HttpOnly cookie; single use, short-lived.
 * - `liaison_proconnect`: the link between an identity of the provider (issuer + sub) and an Exploc account.
 *   Created « en_attente » at the first login (matched by e-mail and the organisation's SIRET); a departmental
 *   administrator approves or rejects it.
 * - `session_proconnect`: the ID token of a session opened through ProConnect (id_token_hint at logout);
 *   deleted with its session.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table proconnect_transaction (
      id_hash text primary key,
      etat text not null,
      nonce text not null,
      verificateur_pkce text not null,
      cree_le timestamptz not null default now(),
      expire_le timestamptz not null
    );
    create index proconnect_transaction_expire_idx on proconnect_transaction (expire_le);
    create table liaison_proconnect (
      id uuid primary key default gen_random_uuid(),
      issuer text not null,
      sub text not null,
      utilisateur_id uuid not null references utilisateur(id) on delete cascade,
      siret text not null,
      statut text not null default 'en_attente'
        check (statut in ('en_attente', 'approuvee', 'rejetee')),
      cree_le timestamptz not null default now(),
      decide_le timestamptz,
      decide_par uuid references utilisateur(id) on delete set null,
      derniere_connexion timestamptz,
      unique (issuer, sub),
      unique (issuer, utilisateur_id)
    );
    create index liaison_proconnect_en_attente_idx on liaison_proconnect (utilisateur_id)
      where statut = 'en_attente';
    create table session_proconnect (
      session_id_hash text primary key references session(id_hash) on delete cascade,
      liaison_id uuid not null references liaison_proconnect(id) on delete cascade,
      id_token text not null
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table if exists session_proconnect;
    drop table if exists liaison_proconnect;
    drop table if exists proconnect_transaction;
  `.execute(db);
}
