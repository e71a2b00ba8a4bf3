import { createRequire } from 'node:module';
import { sql } from 'kysely';
import type { Db } from './connexion.js';

const require = createRequire(import.meta.url);

interface RegionSource {
  code: string;
  nom: string;
}
interface DepartementSource {
  code: string;
  nom: string;
  region: string;
  zone: string;
}
interface ArrondissementSource {
  code: string;
  nom: string;
  departement: string;
}
interface CommuneSource {
  code: string;
  nom: string;
  type: string;
  departement?: string;
  arrondissement?: string;
  codesPostaux?: string[];
  population?: number;
}

const VERSION = `decoupage-administratif@${(require('@etalab/decoupage-administratif/package.json') as { version: string }).version}`;

function parLots<T>(elements: T[], taille: number): T[][] {
  const lots: T[][] = [];
  for (let i = 0; i < elements.length; i += taille) lots.push(elements.slice(i, i + taille));
  return lots;
}

/**
 * Loads régions, départements, arrondissements and communes (current communes and Paris/Lyon/Marseille
 * municipal arrondissements) from @etalab/decoupage-administratif. Idempotent: skipped when the same
 * package version is already loaded.
 */
export async function chargerReferentiel(db: Db): Promise<boolean> {
  const existant = await db
    .selectFrom('referentiel_version')
    .select('version')
    .where('nom', '=', 'territoires')
    .executeTakeFirst();
  if (existant?.version === VERSION) return false;

  const regions = require('@etalab/decoupage-administratif/data/regions.json') as RegionSource[];
  const departements =
    require('@etalab/decoupage-administratif/data/departements.json') as DepartementSource[];
  const arrondissements =
    require('@etalab/decoupage-administratif/data/arrondissements.json') as ArrondissementSource[];
  const communes = (require('@etalab/decoupage-administratif/data/communes.json') as CommuneSource[]).filter(
    (c) => (c.type === 'commune-actuelle' || c.type === 'arrondissement-municipal') && c.departement,
  );

  await db.transaction().execute(async (trx) => {
    for (const lot of parLots(regions, 500)) {
      await trx
        .insertInto('region')
        .values(lot.map((r) => ({ code: r.code, nom: r.nom })))
        .onConflict((oc) => oc.column('code').doUpdateSet({ nom: (eb) => eb.ref('excluded.nom') }))
        .execute();
    }
    for (const lot of parLots(departements, 500)) {
      await trx
        .insertInto('departement')
        .values(lot.map((d) => ({ code: d.code, nom: d.nom, region_code: d.region, zone: d.zone })))
        .onConflict((oc) =>
          oc.column('code').doUpdateSet({
            nom: (eb) => eb.ref('excluded.nom'),
            region_code: (eb) => eb.ref('excluded.region_code'),
            zone: (eb) => eb.ref('excluded.zone'),
          }),
        )
        .execute();
    }
    for (const lot of parLots(arrondissements, 500)) {
      await trx
        .insertInto('arrondissement')
        .values(lot.map((a) => ({ code: a.code, nom: a.nom, departement_code: a.departement })))
        .onConflict((oc) => oc.column('code').doUpdateSet({ nom: (eb) => eb.ref('excluded.nom') }))
        .execute();
    }
    for (const lot of parLots(communes, 2000)) {
      await trx
        .insertInto('commune')
        .values(
          lot.map((c) => ({
            code_insee: c.code,
            nom: c.nom,
            type: c.type,
            departement_code: c.departement as string,
            arrondissement_code: c.arrondissement || null,
            codes_postaux: c.codesPostaux ?? [],
            population: c.population ?? null,
          })),
        )
        .onConflict((oc) =>
          oc.column('code_insee').doUpdateSet({
            nom: (eb) => eb.ref('excluded.nom'),
            departement_code: (eb) => eb.ref('excluded.departement_code'),
            arrondissement_code: (eb) => eb.ref('excluded.arrondissement_code'),
            codes_postaux: (eb) => eb.ref('excluded.codes_postaux'),
            population: (eb) => eb.ref('excluded.population'),
          }),
        )
        .execute();
    }
    await trx
      .insertInto('referentiel_version')
      .values({ nom: 'territoires', version: VERSION })
      .onConflict((oc) => oc.column('nom').doUpdateSet({ version: VERSION, charge_le: sql`now()` }))
      .execute();
  });
  return true;
}
