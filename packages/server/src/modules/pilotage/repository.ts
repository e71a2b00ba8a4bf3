/**
 * SQL of the steering indicators (no rule here: the domain catalogue composes the indicators from these
 * sums). Facts and their monthly sums are maintained by the triggers of migration 0006_pilotage.
 *
 * None of these queries returns a dossier, a person or an identifier: only sums by territory and period.
 */
import type { LigneAgregat, MedianeAgregat } from '@exploc/domain/indicateurs/calcul';
import type { Periode } from '@exploc/domain/indicateurs/periode';
import { decouperPeriode } from '@exploc/domain/indicateurs/periode';
import type { NiveauTerritoire, Territoire } from '@exploc/domain/indicateurs/territoire';
import type { TypeBailleur } from '@exploc/domain/procedure/scenario';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * Runs a dashboard query with enough memory to group in a hash table (the default 4 MB makes PostgreSQL sort
 * on disk): `set local` lasts for this transaction only.
 */
async function avecMemoire<T>(db: Kysely<DB>, requete: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`set local work_mem = '64MB'`.execute(trx);
    return requete(trx);
  });
}

export interface FiltresPilotage {
  typeBailleur: TypeBailleur | null;
  parc: 'social' | 'prive' | null;
}

/** How the sums are grouped: one total, by month, or by sub-territory. */
export type Dimension = 'total' | 'mois' | Exclude<NiveauTerritoire, 'france' | 'region'>;

export interface LigneAgregee extends LigneAgregat {
  dimension: Dimension;
  cle: string;
}

/**
 * Paris, Lyon and Marseille: dossiers are placed in the arrondissement municipal (75118…); the commune's
 * figures are those of its arrondissements municipaux.
 */
const ARRONDISSEMENTS_MUNICIPAUX: Readonly<Record<string, readonly string[]>> = {
  '75056': Array.from({ length: 20 }, (_, i) => String(75101 + i)),
  '69123': Array.from({ length: 9 }, (_, i) => String(69381 + i)),
  '13055': Array.from({ length: 16 }, (_, i) => String(13201 + i)),
};

const communesDe = (code: string) => [code, ...(ARRONDISSEMENTS_MUNICIPAUX[code] ?? [])];

/** The territory condition on a table with the fact's territory columns (alias `t`). */
function conditionTerritoire(t: Territoire): RawBuilder<boolean> {
  switch (t.niveau) {
    case 'france':
      return sql<boolean>`true`;
    case 'region':
      return sql<boolean>`t.departement_code in (select code from departement where region_code = ${t.code})`;
    case 'departement':
      return sql<boolean>`t.departement_code = ${t.code}`;
    case 'arrondissement':
      return sql<boolean>`t.arrondissement_code = ${t.code}`;
    case 'commune':
      return sql<boolean>`t.commune_insee = any(${communesDe(t.code)}::text[])`;
  }
}

function conditionFiltres(f: FiltresPilotage): RawBuilder<boolean> {
  const morceaux: RawBuilder<boolean>[] = [sql<boolean>`true`];
  if (f.typeBailleur) morceaux.push(sql<boolean>`t.type_bailleur = ${f.typeBailleur}`);
  if (f.parc) morceaux.push(sql<boolean>`t.logement_social = ${f.parc === 'social'}`);
  return sql<boolean>`(${sql.join(morceaux, sql` and `)})`;
}

function cleFait(d: Dimension): RawBuilder<string> {
  switch (d) {
    case 'total':
      return sql<string>`''`;
    case 'mois':
      return sql<string>`to_char(t.date_fait, 'YYYY-MM')`;
    case 'departement':
      return sql<string>`t.departement_code`;
    case 'arrondissement':
      return sql<string>`coalesce(t.arrondissement_code, '')`;
    case 'commune':
      return sql<string>`t.commune_insee`;
  }
}

function cleMensuel(d: Dimension): RawBuilder<string> {
  return d === 'mois'
    ? sql<string>`to_char(t.mois, 'YYYY-MM')`
    : d === 'departement'
      ? sql<string>`t.departement_code`
      : sql<string>`''`;
}

/** The monthly sums hold no arrondissement nor commune: only these cases can use them. */
function peutUtiliserMensuel(t: Territoire, dimensions: readonly Dimension[]): boolean {
  return (
    (t.niveau === 'france' || t.niveau === 'region' || t.niveau === 'departement') &&
    dimensions.every((d) => d === 'total' || d === 'mois' || d === 'departement')
  );
}

export interface OptionsAgregation {
  periode: Periode;
  territoire: Territoire;
  filtres: FiltresPilotage;
  /** Several groupings are computed in one pass (GROUPING SETS): a dashboard reads its data once. */
  dimensions: readonly Dimension[];
  /** Benchmark only: compute from the live view, without the stored facts nor the monthly sums. */
  sansPreAgregation?: boolean;
}

/**
 * Σ facts of the period grouped by (key, nature, modality, DALO flag), for each requested dimension. Whole
 * months come from the monthly sums when the territory and groupings allow it, the other days from the
 * facts.
 */
export async function agreger(db: Kysely<DB>, o: OptionsAgregation): Promise<LigneAgregee[]> {
  const { periode, territoire, filtres, dimensions } = o;
  if (periode.du > periode.au || dimensions.length === 0) return [];
  const condition = sql<boolean>`${conditionTerritoire(territoire)} and ${conditionFiltres(filtres)}`;
  const cles = (expression: (d: Dimension) => RawBuilder<string>) =>
    sql.join(dimensions.map((d, k) => sql`${expression(d)} as ${sql.ref(`k${k}`)}`));
  const sources: RawBuilder<unknown>[] = [];
  const faits = (p: Periode[]) =>
    sql`select ${cles(cleFait)}, t.nature, t.modalite, t.prioritaire_dalo, 1::bigint as nombre,
          coalesce(t.valeur, 0) as somme
        from ${sql.table(o.sansPreAgregation ? 'pilotage_fait_vif' : 'pilotage_fait')} t
        where (${sql.join(
          p.map((x) => sql`t.date_fait between ${x.du} and ${x.au}`),
          sql` or `,
        )}) and ${condition}`;
  const decoupage = decouperPeriode(periode);
  if (!o.sansPreAgregation && peutUtiliserMensuel(territoire, dimensions) && decoupage.moisPleins) {
    sources.push(
      sql`select ${cles(cleMensuel)}, t.nature, t.modalite, t.prioritaire_dalo, t.nombre, t.somme
          from pilotage_mensuel t
          where t.mois between ${decoupage.moisPleins.premier} and ${decoupage.moisPleins.dernier}
            and ${condition}`,
    );
    // One branch per range of days: each is an index range scan (an OR of ranges would read the table).
    for (const jours of decoupage.jours) sources.push(faits([jours]));
  } else {
    sources.push(faits([periode]));
  }
  const groupes = dimensions.map(
    (_, k) => sql`(${sql.ref(`k${k}`)}, s.nature, s.modalite, s.prioritaire_dalo)`,
  );
  const quelle =
    dimensions.length === 1
      ? sql<number>`0`
      : sql<number>`case ${sql.join(
          dimensions.map((_, k) => sql`when grouping(${sql.ref(`k${k}`)}) = 0 then ${sql.lit(k)}`),
          sql` `,
        )} end`;
  const r = await avecMemoire(db, (trx) =>
    sql<{
      d: number;
      cle: string;
      nature: string;
      modalite: string | null;
      prioritaire_dalo: boolean;
      nombre: number;
      somme: number;
    }>`
    select ${quelle} as d, coalesce(${sql.join(dimensions.map((_, k) => sql.ref(`k${k}`)))}) as cle,
           s.nature, s.modalite, s.prioritaire_dalo, sum(s.nombre)::bigint as nombre, sum(s.somme)::bigint as somme
    from (${sql.join(sources, sql` union all `)}) s
    group by grouping sets (${sql.join(groupes)})
    having sum(s.nombre) <> 0 or sum(s.somme) <> 0
  `.execute(trx),
  );
  return r.rows.map((l) => ({
    dimension: dimensions[l.d] ?? 'total',
    cle: l.cle,
    nature: l.nature,
    modalite: l.modalite,
    prioritaireDalo: l.prioritaire_dalo,
    nombre: l.nombre,
    somme: l.somme,
  }));
}

/** Medians of the given delay natures over the period (percentile_cont: the mean of the two middle values). */
export async function medianes(
  db: Kysely<DB>,
  o: Omit<OptionsAgregation, 'dimensions'> & { natures: readonly string[] },
): Promise<MedianeAgregat[]> {
  if (o.periode.du > o.periode.au || o.natures.length === 0) return [];
  // « like 'delai%' » lets the planner use the partial index of delays.
  const r = await avecMemoire(db, (trx) =>
    sql<{ nature: string; mediane: number | null; effectif: number }>`
    select t.nature, percentile_cont(0.5) within group (order by t.valeur) as mediane, count(*)::bigint as effectif
    from ${sql.table(o.sansPreAgregation ? 'pilotage_fait_vif' : 'pilotage_fait')} t
    where t.nature like 'delai%' and t.nature = any(${[...o.natures]}::text[])
      and t.date_fait between ${o.periode.du} and ${o.periode.au}
      and ${conditionTerritoire(o.territoire)} and ${conditionFiltres(o.filtres)}
    group by t.nature
  `.execute(trx),
  );
  return r.rows;
}

/** « de » before a place name: du Raincy, des Andelys, d’Arles, de Bobigny. */
export function deNom(nom: string): string {
  if (nom.startsWith('Le ')) return `du ${nom.slice(3)}`;
  if (nom.startsWith('Les ')) return `des ${nom.slice(4)}`;
  if (/^[AEIOUYÉÈÊÎÔ]/i.test(nom)) return `d’${nom}`;
  return `de ${nom}`;
}

export interface TerritoireConnu {
  libelle: string;
  departement: string | null;
  arrondissement: string | null;
}

/** Name and parents of a territory, or undefined when the code is unknown. */
export async function trouverTerritoire(db: Kysely<DB>, t: Territoire): Promise<TerritoireConnu | undefined> {
  switch (t.niveau) {
    case 'france':
      return { libelle: 'France', departement: null, arrondissement: null };
    case 'region': {
      const r = await db.selectFrom('region').select('nom').where('code', '=', t.code).executeTakeFirst();
      return r && { libelle: r.nom, departement: null, arrondissement: null };
    }
    case 'departement': {
      const d = await db
        .selectFrom('departement')
        .select('nom')
        .where('code', '=', t.code)
        .executeTakeFirst();
      return d && { libelle: `${d.nom} (${t.code})`, departement: t.code, arrondissement: null };
    }
    case 'arrondissement': {
      const a = await db
        .selectFrom('arrondissement')
        .select(['nom', 'departement_code'])
        .where('code', '=', t.code)
        .executeTakeFirst();
      return (
        a && {
          libelle: `Arrondissement ${deNom(a.nom)} (${a.departement_code})`,
          departement: a.departement_code,
          arrondissement: t.code,
        }
      );
    }
    case 'commune': {
      const c = await db
        .selectFrom('commune')
        .select(['nom', 'departement_code', 'arrondissement_code'])
        .where('code_insee', '=', t.code)
        .executeTakeFirst();
      return (
        c && {
          libelle: `${c.nom} (${t.code})`,
          departement: c.departement_code,
          arrondissement: c.arrondissement_code,
        }
      );
    }
  }
}

export interface SousTerritoire {
  code: string;
  libelle: string;
  population: number | null;
}

/**
 * The territories a dashboard breaks down into, with their municipal population (commune-actuelle rows
 * only for sums: arrondissements municipaux would count Paris, Lyon and Marseille twice). At commune level
 * both kinds are listed: a dossier is placed in one or the other, never both.
 */
export async function sousTerritoires(
  db: Kysely<DB>,
  t: Territoire,
  niveau: Exclude<NiveauTerritoire, 'france' | 'region'>,
): Promise<SousTerritoire[]> {
  if (niveau === 'departement') {
    const r = await sql<SousTerritoire>`
      select d.code, d.nom || ' (' || d.code || ')' as libelle,
             (select sum(c.population) from commune c
              where c.departement_code = d.code and c.type = 'commune-actuelle')::bigint as population
      from departement d
      where ${t.niveau === 'region' ? sql`d.region_code = ${t.code}` : sql`true`}
      order by d.code`.execute(db);
    return r.rows;
  }
  if (niveau === 'arrondissement') {
    const r = await sql<SousTerritoire>`
      select a.code, a.nom as libelle,
             (select sum(c.population) from commune c
              where c.arrondissement_code = a.code and c.type = 'commune-actuelle')::bigint as population
      from arrondissement a where a.departement_code = ${t.code} order by a.code`.execute(db);
    return r.rows;
  }
  const r = await sql<SousTerritoire>`
    select c.code_insee as code, c.nom as libelle, c.population::bigint as population
    from commune c
    where ${t.niveau === 'arrondissement' ? sql`c.arrondissement_code = ${t.code}` : sql`c.departement_code = ${t.code}`}
    order by c.nom`.execute(db);
  return r.rows;
}

/** Number of arrondissements of a département (Paris has one: its dashboard breaks down by commune). */
export async function nombreArrondissements(db: Kysely<DB>, departement: string): Promise<number> {
  const r = await db
    .selectFrom('arrondissement')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('departement_code', '=', departement)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Municipal population of a territory (null when unknown). */
export async function population(db: Kysely<DB>, t: Territoire): Promise<number | null> {
  const condition =
    t.niveau === 'commune'
      ? sql`c.code_insee = ${t.code}`
      : sql`c.type = 'commune-actuelle' and ${
          t.niveau === 'france'
            ? sql`true`
            : t.niveau === 'region'
              ? sql`c.departement_code in (select code from departement where region_code = ${t.code})`
              : t.niveau === 'departement'
                ? sql`c.departement_code = ${t.code}`
                : sql`c.arrondissement_code = ${t.code}`
        }`;
  const r = await sql<{ population: number | null }>`
    select sum(c.population)::bigint as population from commune c where ${condition}`.execute(db);
  return r.rows[0]?.population ?? null;
}

/**
 * Dossiers whose facts wait for the job (bulk loads): the dashboards say so. Queue rows, counted up to a
 * million so that a dashboard never scans a national load's queue (a dossier is rarely queued twice).
 */
export async function nombreEnAttente(db: Kysely<DB>, jusqua = 1_000_000): Promise<number> {
  const r = await sql<{ n: number }>`
    select count(*)::bigint as n from (select 1 from pilotage_a_recalculer limit ${jusqua}) t`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/**
 * Recomputes the facts of queued dossiers, by batches, each batch in its own transaction (SKIP LOCKED: two
 * workers never take the same rows), until the queue is empty or `lotsMax` batches are done. Returns the number
 * of dossiers recomputed.
 */
export async function recalculerEnAttente(db: Kysely<DB>, lot = 2000, lotsMax = Infinity): Promise<number> {
  let total = 0;
  for (let k = 0; k < lotsMax; k++) {
    const n = await db.transaction().execute(async (trx) => {
      const r = await sql<{ ids: string[] | null }>`
        with pris as (
          delete from pilotage_a_recalculer
          where ctid in (select ctid from pilotage_a_recalculer limit ${lot} for update skip locked)
          returning dossier_id
        )
        select array_agg(distinct dossier_id) as ids from pris`.execute(trx);
      const ids = r.rows[0]?.ids ?? [];
      if (ids.length > 0) await sql`select pilotage_recalculer(${ids}::uuid[])`.execute(trx);
      return ids.length;
    });
    if (n === 0) return total;
    total += n;
  }
  return total;
}

/** Above this many queued dossiers (a national load), one rebuild beats recomputing by batches. */
export const SEUIL_RECONSTRUCTION = 100_000;

/**
 * Rebuilds every fact and monthly sum from the timeline, set-based (hash joins rather than one lookup per
 * dossier), indexes dropped during the fill. Locks the steering tables meanwhile: event writes wait (their
 * triggers write facts) and dashboards wait; it is meant for after a bulk load, when nobody works.
 */
export async function reconstruireFaits(db: Kysely<DB>): Promise<{ faits: number; secondes: number }> {
  const debut = Date.now();
  const faits = await db.transaction().execute(async (trx) => {
    await sql`set local work_mem = '256MB'`.execute(trx);
    await sql`set local maintenance_work_mem = '1GB'`.execute(trx);
    await sql`lock table pilotage_fait, pilotage_mensuel, pilotage_a_recalculer in access exclusive mode`.execute(
      trx,
    );
    const index = await sql<{ nom: string; definition: string }>`
      select indexname as nom, indexdef as definition from pg_indexes
      where schemaname = current_schema() and tablename in ('pilotage_fait', 'pilotage_mensuel')`.execute(
      trx,
    );
    for (const i of index.rows) await sql`drop index ${sql.id(i.nom)}`.execute(trx);
    await sql`truncate pilotage_fait, pilotage_mensuel, pilotage_a_recalculer`.execute(trx);
    const r = await sql`
      insert into pilotage_fait (source_id, dossier_id, nature, modalite, date_fait, valeur, departement_code,
        arrondissement_code, commune_insee, type_bailleur, logement_social, prioritaire_dalo)
      select source_id, dossier_id, nature, modalite, date_fait, valeur, departement_code,
        arrondissement_code, commune_insee, type_bailleur, logement_social, prioritaire_dalo
      from pilotage_fait_vif`.execute(trx);
    await sql`
      insert into pilotage_mensuel (mois, departement_code, nature, modalite, type_bailleur, logement_social,
        prioritaire_dalo, nombre, somme)
      select date_trunc('month', date_fait)::date, departement_code, nature, modalite, type_bailleur,
        logement_social, prioritaire_dalo, count(*), coalesce(sum(valeur), 0)
      from pilotage_fait where pilotage_nature_sommee(nature) group by 1, 2, 3, 4, 5, 6, 7`.execute(trx);
    for (const i of index.rows) await sql.raw(i.definition).execute(trx);
    return Number(r.numAffectedRows ?? 0);
  });
  // Outside the transaction: the visibility map lets the dashboards read the indexes alone.
  await sql`vacuum (analyze) pilotage_fait, pilotage_mensuel`.execute(db);
  return { faits, secondes: Math.round((Date.now() - debut) / 1000) };
}

/** The job: queued dossiers by batches, or one rebuild after a national load. */
export async function traiterEnAttente(db: Kysely<DB>): Promise<string | null> {
  const n = await nombreEnAttente(db);
  if (n === 0) return null;
  if (n >= SEUIL_RECONSTRUCTION) {
    const r = await reconstruireFaits(db);
    return `${n} dossiers en attente : faits reconstruits (${r.faits} faits en ${r.secondes} s)`;
  }
  return `faits de ${await recalculerEnAttente(db)} dossier(s) recalculés`;
}

/** Sums the appended rows of each key of the monthly table back into one (nightly). */
export async function compacterMensuel(db: Kysely<DB>): Promise<{ avant: number; apres: number }> {
  return db.transaction().execute(async (trx) => {
    const r = await sql<{ avant: number; apres: number }>`
      with supprimees as (delete from pilotage_mensuel returning *),
      sommes as (
        insert into pilotage_mensuel (mois, departement_code, nature, modalite, type_bailleur, logement_social,
          prioritaire_dalo, nombre, somme)
        select mois, departement_code, nature, modalite, type_bailleur, logement_social, prioritaire_dalo,
               sum(nombre), sum(somme)
        from supprimees
        group by 1, 2, 3, 4, 5, 6, 7
        having sum(nombre) <> 0 or sum(somme) <> 0
        returning 1
      )
      select (select count(*) from supprimees)::bigint as avant, (select count(*) from sommes)::bigint as apres`.execute(
      trx,
    );
    return r.rows[0] ?? { avant: 0, apres: 0 };
  });
}

/** Open data: every département × month of the period (grouped facts), from the monthly sums. */
export async function agregerParDepartementEtMois(
  db: Kysely<DB>,
  periode: Periode,
): Promise<(LigneAgregat & { departement: string; mois: string })[]> {
  const r = await sql<{
    departement: string;
    mois: string;
    nature: string;
    modalite: string | null;
    prioritaire_dalo: boolean;
    nombre: number;
    somme: number;
  }>`
    select t.departement_code as departement, to_char(t.mois, 'YYYY-MM') as mois, t.nature, t.modalite,
           t.prioritaire_dalo, sum(t.nombre)::bigint as nombre, sum(t.somme)::bigint as somme
    from pilotage_mensuel t
    where t.mois between ${periode.du} and ${periode.au}
    group by 1, 2, 3, 4, 5
    having sum(t.nombre) <> 0 or sum(t.somme) <> 0`.execute(db);
  return r.rows.map((l) => ({
    departement: l.departement,
    mois: l.mois,
    nature: l.nature,
    modalite: l.modalite,
    prioritaireDalo: l.prioritaire_dalo,
    nombre: l.nombre,
    somme: l.somme,
  }));
}

/** Open data medians: delays by département and month. */
export async function medianesParDepartementEtMois(
  db: Kysely<DB>,
  periode: Periode,
  natures: readonly string[],
): Promise<(MedianeAgregat & { departement: string; mois: string })[]> {
  const r = await sql<MedianeAgregat & { departement: string; mois: string }>`
    select t.departement_code as departement, to_char(t.date_fait, 'YYYY-MM') as mois, t.nature,
           percentile_cont(0.5) within group (order by t.valeur) as mediane, count(*)::bigint as effectif
    from pilotage_fait t
    where t.nature like 'delai%' and t.nature = any(${[...natures]}::text[])
      and t.date_fait between ${periode.du} and ${periode.au}
    group by 1, 2, 3`.execute(db);
  return r.rows;
}

export async function departements(db: Kysely<DB>) {
  return db.selectFrom('departement').select(['code', 'nom', 'region_code']).orderBy('code').execute();
}
