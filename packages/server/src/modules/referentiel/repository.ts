import { sql } from 'kysely';
import type { Db } from '../../db/connexion.js';

export async function listerDepartements(db: Db) {
  return db
    .selectFrom('departement')
    .select(['code', 'nom', 'region_code as regionCode'])
    .orderBy('code')
    .execute();
}

export async function listerArrondissements(db: Db, departementCode: string) {
  return db
    .selectFrom('arrondissement')
    .select(['code', 'nom'])
    .where('departement_code', '=', departementCode)
    .orderBy('code')
    .execute();
}

/** By postcode, INSEE code or name (prefix first, then trigram similarity). */
export async function chercherCommunes(db: Db, q: string, departement?: string) {
  let requete = db
    .selectFrom('commune')
    .select([
      'code_insee as codeInsee',
      'nom',
      'departement_code as departementCode',
      'codes_postaux as codesPostaux',
    ])
    .limit(20);
  if (departement) requete = requete.where('departement_code', '=', departement);
  if (/^\d[\dAB]\d{0,3}$/.test(q)) {
    return requete
      .where((eb) =>
        eb.or([
          eb('code_insee', 'like', `${q}%`),
          eb(sql`codes_postaux[1]`, 'like', `${q}%`),
          eb(sql.lit(q), '=', eb.fn.any('codes_postaux')),
        ]),
      )
      .orderBy('population', (ob) => ob.desc().nullsLast())
      .execute();
  }
  const motif = q.toLowerCase();
  return requete
    .where(sql<boolean>`lower(nom) % ${motif} or lower(nom) like ${`${motif}%`}`)
    .orderBy(sql`lower(nom) like ${`${motif}%`}`, 'desc')
    .orderBy(sql`similarity(lower(nom), ${motif})`, 'desc')
    .orderBy('population', (ob) => ob.desc().nullsLast())
    .execute();
}
