import { departementsAdministres, type Scope } from '@exploc/domain/acces/scope';
import { type Kysely, sql, type Transaction } from 'kysely';
import { requeteMemorisee } from '../../db/requete-memorisee.js';
import type { DB } from '../../db/schema.js';

type Executeur = Kysely<DB> | Transaction<DB>;

const colonnesUtilisateur = [
  'u.id',
  'u.email',
  'u.nom',
  'u.prenom',
  'u.profil',
  'u.organisation_id',
  'u.departement_code',
  'u.perimetre_departements',
  'u.perimetre_arrondissements',
  'u.commission_id',
  'u.actif',
  'u.version',
  'u.compte_demo',
  'u.derniere_connexion',
  'o.nom as organisation_nom',
  'o.type as organisation_type',
] as const;

export async function trouverCompteParEmail(db: Executeur, email: string) {
  return db
    .selectFrom('utilisateur')
    .select(['id', 'mot_de_passe_hash', 'actif', 'compte_demo'])
    .where(sql<string>`lower(email)`, '=', email.trim().toLowerCase())
    .executeTakeFirst();
}

export async function creerSession(
  db: Executeur,
  session: { idHash: string; utilisateurId: string; csrfToken: string; expireLe: Date },
) {
  await db
    .insertInto('session')
    .values({
      id_hash: session.idHash,
      utilisateur_id: session.utilisateurId,
      csrf_token: session.csrfToken,
      expire_le: session.expireLe,
    })
    .execute();
  await db
    .updateTable('utilisateur')
    .set({ derniere_connexion: sql`now()` })
    .where('id', '=', session.utilisateurId)
    .execute();
}

/** Checked at every request: built and compiled once (db/requete-memorisee.ts). */
const requeteSession = requeteMemorisee((db, _contexte: null, v: { idHash: string; inactifDepuis: Date }) =>
  db
    .selectFrom('session as s')
    .innerJoin('utilisateur as u', 'u.id', 's.utilisateur_id')
    .innerJoin('organisation as o', 'o.id', 'u.organisation_id')
    .select([
      's.id_hash',
      's.csrf_token',
      's.vu_le',
      ...colonnesUtilisateur,
      'o.departement_code as organisation_departement_code',
      // The commission and every local CCAPEX / sub-commission below it (commission scope).
      sql<string[]>`case when u.commission_id is null then '{}'::text[] else array(
          with recursive c(id) as (
            select u.commission_id
            union all
            select k.id from commission k join c on k.parent_id = c.id
          ) select id::text from c) end`.as('commission_ids'),
    ])
    .where('s.id_hash', '=', v.idHash)
    .where('s.expire_le', '>', sql<Date>`now()`)
    .where('s.vu_le', '>', v.inactifDepuis)
    .where('u.actif', '=', true)
    .where('o.actif', '=', true),
);

export async function chargerSession(db: Executeur, idHash: string, inactifDepuis: Date) {
  const [ligne] = await requeteSession(db, null, { idHash, inactifDepuis });
  return ligne;
}

export async function toucherSession(db: Executeur, idHash: string) {
  await db.updateTable('session').set({ vu_le: sql`now()` }).where('id_hash', '=', idHash).execute();
}

export async function supprimerSession(db: Executeur, idHash: string) {
  await db.deleteFrom('session').where('id_hash', '=', idHash).execute();
}

export async function supprimerSessionsExpirees(db: Executeur, inactifDepuis: Date) {
  const r = await db
    .deleteFrom('session')
    .where((eb) => eb.or([eb('expire_le', '<=', sql<Date>`now()`), eb('vu_le', '<=', inactifDepuis)]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function supprimerSessionsUtilisateur(db: Executeur, utilisateurId: string) {
  await db.deleteFrom('session').where('utilisateur_id', '=', utilisateurId).execute();
}

export async function listerUtilisateurs(db: Executeur, scope: Scope) {
  const departements = departementsAdministres(scope);
  if (departements.length === 0) return [];
  return db
    .selectFrom('utilisateur as u')
    .innerJoin('organisation as o', 'o.id', 'u.organisation_id')
    .select(colonnesUtilisateur)
    .where('u.departement_code', 'in', departements)
    .orderBy('u.nom')
    .orderBy('u.prenom')
    .limit(2000)
    .execute();
}

export async function trouverUtilisateur(db: Executeur, scope: Scope, id: string) {
  const departements = departementsAdministres(scope);
  if (departements.length === 0) return undefined;
  return db
    .selectFrom('utilisateur as u')
    .innerJoin('organisation as o', 'o.id', 'u.organisation_id')
    .select(colonnesUtilisateur)
    .where('u.id', '=', id)
    .where('u.departement_code', 'in', departements)
    .executeTakeFirst();
}

export interface DonneesUtilisateur {
  email: string;
  nom: string;
  prenom: string;
  profil: string;
  organisationId: string;
  departementCode: string | null;
  perimetreDepartements: string[];
  perimetreArrondissements: string[];
  commissionId: string | null;
  motDePasseHash: string | null;
  compteDemo?: boolean;
}

export async function insererUtilisateur(db: Executeur, u: DonneesUtilisateur) {
  return db
    .insertInto('utilisateur')
    .values({
      email: u.email,
      nom: u.nom,
      prenom: u.prenom,
      profil: u.profil,
      organisation_id: u.organisationId,
      departement_code: u.departementCode,
      perimetre_departements: u.perimetreDepartements,
      perimetre_arrondissements: u.perimetreArrondissements,
      commission_id: u.commissionId,
      mot_de_passe_hash: u.motDePasseHash,
      compte_demo: u.compteDemo ?? false,
    })
    .returning(['id', 'version'])
    .executeTakeFirstOrThrow();
}

export async function emailExiste(db: Executeur, email: string) {
  const r = await db
    .selectFrom('utilisateur')
    .select('id')
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
  return r !== undefined;
}

/** Optimistic update: returns undefined when the version is stale (or the row out of scope). */
export async function modifierUtilisateur(
  db: Executeur,
  scope: Scope,
  id: string,
  version: number,
  modifications: { actif?: boolean; profil?: string; nom?: string; prenom?: string },
) {
  const departements = departementsAdministres(scope);
  if (departements.length === 0) return undefined;
  return db
    .updateTable('utilisateur')
    .set({ ...modifications, version: sql`version + 1`, modifie_le: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('departement_code', 'in', departements)
    .returning(['id', 'version'])
    .executeTakeFirst();
}

const colonnesOrganisation = [
  'id',
  'type',
  'nom',
  'siret',
  'departement_code',
  'departements',
  'arrondissements',
  'actif',
  'version',
] as const;

export async function listerOrganisations(db: Executeur, scope: Scope) {
  const departements = departementsAdministres(scope);
  if (departements.length === 0) return [];
  return db
    .selectFrom('organisation')
    .select(colonnesOrganisation)
    .where('departement_code', 'in', departements)
    .orderBy('type')
    .orderBy('nom')
    .execute();
}

export async function trouverOrganisation(db: Executeur, scope: Scope, id: string) {
  const departements = departementsAdministres(scope);
  if (departements.length === 0) return undefined;
  return db
    .selectFrom('organisation')
    .select(colonnesOrganisation)
    .where('id', '=', id)
    .where('departement_code', 'in', departements)
    .executeTakeFirst();
}

export async function insererOrganisation(
  db: Executeur,
  o: {
    type: string;
    nom: string;
    siret: string | null;
    departementCode: string | null;
    departements?: string[];
    arrondissements?: string[];
  },
) {
  return db
    .insertInto('organisation')
    .values({
      type: o.type,
      nom: o.nom,
      siret: o.siret,
      departement_code: o.departementCode,
      departements: o.departements ?? (o.departementCode ? [o.departementCode] : []),
      arrondissements: o.arrondissements ?? [],
    })
    .returning(['id', 'version'])
    .executeTakeFirstOrThrow();
}

export async function modifierOrganisation(
  db: Executeur,
  scope: Scope,
  id: string,
  version: number,
  modifications: { actif?: boolean; nom?: string },
) {
  const departements = departementsAdministres(scope);
  if (departements.length === 0) return undefined;
  return db
    .updateTable('organisation')
    .set({ ...modifications, version: sql`version + 1`, modifie_le: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('departement_code', 'in', departements)
    .returning(['id', 'version'])
    .executeTakeFirst();
}

export async function commissionCentrale(db: Executeur, departementCode: string) {
  return db
    .selectFrom('commission')
    .select(['id', 'nom'])
    .where('departement_code', '=', departementCode)
    .where('type', '=', 'centrale')
    .executeTakeFirst();
}

export async function trouverCommission(db: Executeur, id: string) {
  return db
    .selectFrom('commission')
    .select(['id', 'nom', 'departement_code'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function arrondissementsExistent(
  db: Executeur,
  departementCode: string,
  codes: readonly string[],
) {
  if (codes.length === 0) return true;
  const r = await db
    .selectFrom('arrondissement')
    .select('code')
    .where('departement_code', '=', departementCode)
    .where('code', 'in', codes)
    .execute();
  return r.length === new Set(codes).size;
}
