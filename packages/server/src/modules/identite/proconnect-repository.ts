import { departementsAdministres, type Scope } from '@exploc/domain/acces/scope';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

type Executeur = Kysely<DB> | Transaction<DB>;

export async function creerTransaction(
  db: Executeur,
  t: { idHash: string; etat: string; nonce: string; verificateurPkce: string; expireLe: Date },
) {
  await db.deleteFrom('proconnect_transaction').where('expire_le', '<', sql<Date>`now()`).execute();
  await db
    .insertInto('proconnect_transaction')
    .values({
      id_hash: t.idHash,
      etat: t.etat,
      nonce: t.nonce,
      verificateur_pkce: t.verificateurPkce,
      expire_le: t.expireLe,
    })
    .execute();
}

/** Single use: the transaction is deleted as it is read. */
export async function consommerTransaction(db: Executeur, idHash: string) {
  return db
    .deleteFrom('proconnect_transaction')
    .where('id_hash', '=', idHash)
    .where('expire_le', '>', sql<Date>`now()`)
    .returning(['etat', 'nonce', 'verificateur_pkce'])
    .executeTakeFirst();
}

const colonnesCompte = [
  'u.id as utilisateur_id',
  'u.profil',
  'u.actif',
  'u.compte_demo',
  'u.departement_code',
  'o.actif as organisation_actif',
  'o.siret as organisation_siret',
] as const;

export async function trouverLiaison(db: Executeur, issuer: string, sub: string) {
  return db
    .selectFrom('liaison_proconnect as l')
    .innerJoin('utilisateur as u', 'u.id', 'l.utilisateur_id')
    .innerJoin('organisation as o', 'o.id', 'u.organisation_id')
    .select(['l.id', 'l.statut', ...colonnesCompte])
    .where('l.issuer', '=', issuer)
    .where('l.sub', '=', sub)
    .executeTakeFirst();
}

export async function organisationsParSiret(db: Executeur, siret: string) {
  return db.selectFrom('organisation').select(['id']).where('siret', '=', siret).execute();
}

export async function compteParEmailEtSiret(db: Executeur, email: string, siret: string) {
  return db
    .selectFrom('utilisateur as u')
    .innerJoin('organisation as o', 'o.id', 'u.organisation_id')
    .select(colonnesCompte)
    .where(sql<string>`lower(u.email)`, '=', email.toLowerCase())
    .where('o.siret', '=', siret)
    .executeTakeFirst();
}

/** Returns undefined when the account (or the identity) is already linked. */
export async function creerLiaison(
  db: Executeur,
  l: { issuer: string; sub: string; utilisateurId: string; siret: string },
) {
  return db
    .insertInto('liaison_proconnect')
    .values({ issuer: l.issuer, sub: l.sub, utilisateur_id: l.utilisateurId, siret: l.siret })
    .onConflict((oc) => oc.doNothing())
    .returning(['id'])
    .executeTakeFirst();
}

export async function noterConnexionLiaison(db: Executeur, liaisonId: string) {
  await db
    .updateTable('liaison_proconnect')
    .set({ derniere_connexion: sql`now()` })
    .where('id', '=', liaisonId)
    .execute();
}

export async function lierSession(
  db: Executeur,
  s: { sessionIdHash: string; liaisonId: string; idToken: string },
) {
  await db
    .insertInto('session_proconnect')
    .values({ session_id_hash: s.sessionIdHash, liaison_id: s.liaisonId, id_token: s.idToken })
    .execute();
}

export async function jetonDeSession(db: Executeur, sessionIdHash: string) {
  const r = await db
    .selectFrom('session_proconnect')
    .select('id_token')
    .where('session_id_hash', '=', sessionIdHash)
    .executeTakeFirst();
  return r?.id_token;
}

export type StatutLiaison = 'en_attente' | 'approuvee' | 'rejetee';

export async function listerLiaisons(db: Executeur, scope: Scope, statut: StatutLiaison) {
  const departements = departementsAdministres(scope);
  if (departements.length === 0) return [];
  return db
    .selectFrom('liaison_proconnect as l')
    .innerJoin('utilisateur as u', 'u.id', 'l.utilisateur_id')
    .innerJoin('organisation as o', 'o.id', 'u.organisation_id')
    .select([
      'l.id',
      'l.statut',
      'l.siret',
      'l.cree_le',
      'l.decide_le',
      'l.derniere_connexion',
      'u.id as utilisateur_id',
      'u.nom',
      'u.prenom',
      'u.email',
      'u.profil',
      'o.nom as organisation_nom',
    ])
    .where('l.statut', '=', statut)
    .where('u.departement_code', 'in', departements)
    .orderBy('l.cree_le')
    .limit(500)
    .execute();
}

export async function trouverLiaisonDansScope(db: Executeur, scope: Scope, id: string) {
  const departements = departementsAdministres(scope);
  if (departements.length === 0) return undefined;
  return db
    .selectFrom('liaison_proconnect as l')
    .innerJoin('utilisateur as u', 'u.id', 'l.utilisateur_id')
    .select(['l.id', 'l.statut', 'l.utilisateur_id', 'u.departement_code'])
    .where('l.id', '=', id)
    .where('u.departement_code', 'in', departements)
    .forUpdate()
    .executeTakeFirst();
}

export async function deciderLiaison(db: Executeur, id: string, statut: StatutLiaison, decidePar: string) {
  return db
    .updateTable('liaison_proconnect')
    .set({ statut, decide_le: sql`now()`, decide_par: decidePar })
    .where('id', '=', id)
    .returning(['id', 'statut'])
    .executeTakeFirstOrThrow();
}

/** Ends the sessions opened through a link (when it is rejected). */
export async function supprimerSessionsLiaison(db: Executeur, liaisonId: string) {
  await db
    .deleteFrom('session')
    .where(
      'id_hash',
      'in',
      db.selectFrom('session_proconnect').select('session_id_hash').where('liaison_id', '=', liaisonId),
    )
    .execute();
}
