/**
 * Steering dashboards on the benchmark database (1.5 million synthetic dossiers, ~10 events each):
 * p50/p95 of the département dashboard (Paris, the largest département) and of the national one, through
 * HTTP as the browser calls them, with the pre-aggregation of migration 0006_pilotage. With
 * --sans-preagregation, also the contract's indicators computed from the live view (no stored facts, no
 * monthly sums), a few times only: the comparison that justifies the pre-aggregation.
 *
 * The pilotage objects are created or brought up to date by the migration's idempotent `up`, run without
 * being recorded (the benchmark database's migration list belongs to whoever loaded it); dossiers loaded in
 * bulk since are then integrated as the `pilotage-recalcul` job would (one rebuild for a national load).
 *
 * Run: EXPLOC_DEMO=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/exploc_bench \
 *        npx tsx --conditions=source bench/pilotage.ts [--requetes 60] [--sans-preagregation] [--explain]
 *        [--reconstruire]  (rebuild every fact first, e.g. after a change of the facts' definitions)
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { naturesMedianes } from '@exploc/domain/indicateurs/calcul';
import { periodeParDefaut } from '@exploc/domain/indicateurs/periode';
import type { Territoire } from '@exploc/domain/indicateurs/territoire';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { construireApp } from '../packages/server/src/app.js';
import { lireConfig } from '../packages/server/src/config.js';
import { creerKysely } from '../packages/server/src/db/connexion.js';
import { up } from '../packages/server/src/db/migrations/0006_pilotage.js';
import { up as upRecalcul } from '../packages/server/src/db/migrations/0027_pilotage_recalcul_differentiel.js';
import type { DB } from '../packages/server/src/db/schema.js';
import { aujourdhui } from '../packages/server/src/lib/aujourdhui.js';
import {
  agreger,
  medianes,
  reconstruireFaits,
  traiterEnAttente,
} from '../packages/server/src/modules/pilotage/repository.js';

const { values: o } = parseArgs({
  options: {
    requetes: { type: 'string', default: '60' },
    'sans-preagregation': { type: 'boolean', default: false },
    explain: { type: 'boolean', default: false },
    reconstruire: { type: 'boolean', default: false },
  },
});
const REQUETES = Number(o.requetes);
const journal = (m: string) => process.stderr.write(`${m}\n`);

const config = lireConfig({ ...process.env, EXPLOC_TRAVAUX: '0', EXPLOC_LOG_LEVEL: 'silent' });
if (!config.databaseUrl) throw new Error('DATABASE_URL est requis (base exploc_bench)');
const { db, pool } = creerKysely(config.databaseUrl, 20);

// The migrations' idempotent `up` (0006 brings the view definitions up to date, 0027 then replaces its
// recomputation function with the current one), then the facts of dossiers
// loaded in bulk (the `pilotage-recalcul` job's work, done here since no server runs).
{
  const debut = Date.now();
  await db.transaction().execute(async (trx) => {
    await up(trx as unknown as Kysely<unknown>);
    await upRecalcul(trx as unknown as Kysely<unknown>);
  });
  journal(`Objets de pilotage à jour en ${((Date.now() - debut) / 1000).toFixed(0)} s`);
  if (o.reconstruire) {
    const r = await reconstruireFaits(db);
    journal(`Pilotage : ${r.faits} faits reconstruits en ${r.secondes} s`);
  } else {
    const bilan = await traiterEnAttente(db);
    if (bilan) journal(`Pilotage : ${bilan}`);
  }
}
const volumes = await sql<{ dossiers: number; evenements: number; faits: number; mensuel: number }>`
  select (select reltuples::bigint from pg_class where relname = 'dossier') as dossiers,
         (select reltuples::bigint from pg_class where relname = 'evenement') as evenements,
         (select count(*) from pilotage_fait)::bigint as faits,
         (select count(*) from pilotage_mensuel)::bigint as mensuel`.execute(db);

const app = await construireApp({ db, config, journalisation: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const adresse = app.server.address();
const racine = `http://127.0.0.1:${typeof adresse === 'object' && adresse ? adresse.port : 0}`;

async function session(email: string): Promise<string> {
  const r = await fetch(`${racine}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, motDePasse: 'demo' }),
  });
  if (r.status !== 200)
    throw new Error(`Connexion de ${email} refusée (${r.status}) : seed --demo et EXPLOC_DEMO=1`);
  return (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}
const cookieNational = await session('national@demo.exploc.fr');
const cookieParis = await session('prefecture.75@demo.exploc.fr');

const centile = (tries: number[], q: number) =>
  Number((tries[Math.min(tries.length - 1, Math.floor(q * tries.length))] ?? 0).toFixed(1));

/** Periods of the measures: the dashboards' default (12 whole months) and, one time in four, a period
 * with days outside whole months (the facts are read for those days). */
const defaut = periodeParDefaut(aujourdhui());
const periodes = [
  defaut,
  defaut,
  defaut,
  { du: `${defaut.du.slice(0, 8)}15`, au: `${defaut.au.slice(0, 8)}20` },
];

async function mesurer(cookie: string, url: (k: number) => string) {
  const appeler = async (k: number) => {
    const debut = performance.now();
    const r = await fetch(`${racine}${url(k)}`, { headers: { cookie } });
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`${url(k)} → ${r.status}`);
    return performance.now() - debut;
  };
  for (let k = 0; k < 5; k++) await appeler(k);
  const durees: number[] = [];
  for (let k = 0; k < REQUETES; k++) durees.push(await appeler(k));
  durees.sort((a, b) => a - b);
  return { requetes: durees.length, p50: centile(durees, 0.5), p95: centile(durees, 0.95) };
}

const tableau = (territoire: string) => (k: number) => {
  const p = periodes[k % periodes.length] ?? defaut;
  return `/api/v1/pilotage/tableau-de-bord?territoire=${territoire}&du=${p.du}&au=${p.au}`;
};
const contrat = (territoire: string) => (k: number) => {
  const p = periodes[k % periodes.length] ?? defaut;
  return `/api/v1/pilotage/indicateurs?territoire=${territoire}&du=${p.du}&au=${p.au}`;
};

const departement = await mesurer(cookieParis, tableau('75'));
const national = await mesurer(cookieNational, tableau('FR'));
const resultats: Record<string, unknown> = {
  benchmark: 'pilotage',
  departement,
  national,
  contrat: {
    departement: await mesurer(cookieParis, contrat('75')),
    national: await mesurer(cookieNational, contrat('FR')),
  },
  periode: defaut,
  volumes: volumes.rows[0],
  unite:
    'ms, requête HTTP complète (tableau de bord : indicateurs et année précédente, séries mensuelles, détail par territoire)',
  node: process.version,
};

if (o['sans-preagregation']) {
  // The same sums from the live view: what every dashboard would cost without the stored facts.
  const filtres = { typeBailleur: null, parc: null };
  const fois = async (territoire: Territoire, n: number) => {
    const durees: number[] = [];
    for (let k = 0; k < n; k++) {
      const debut = performance.now();
      await agreger(db, {
        periode: defaut,
        territoire,
        filtres,
        dimensions: ['total'],
        sansPreAgregation: true,
      });
      await medianes(db, {
        periode: defaut,
        territoire,
        filtres,
        natures: naturesMedianes(),
        sansPreAgregation: true,
      });
      durees.push(performance.now() - debut);
    }
    durees.sort((a, b) => a - b);
    return { requetes: n, p50: centile(durees, 0.5), max: centile(durees, 1) };
  };
  resultats.sansPreAgregation = {
    unite: 'ms, indicateurs du contrat seuls (sommes et médianes), sans HTTP',
    departement: await fois({ niveau: 'departement', code: '75' }, 3),
    national: await fois({ niveau: 'france', code: null }, 1),
  };
}
console.log(JSON.stringify(resultats, null, 2));

if (o.explain) {
  const capturees: { sql: string; parametres: readonly unknown[] }[] = [];
  const espion = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log: (e) => {
      if (e.level === 'query') capturees.push({ sql: e.query.sql, parametres: e.query.parameters });
    },
  });
  const filtres = { typeBailleur: null, parc: null };
  const cas: { titre: string; territoire: Territoire; dimensions: ('mois' | 'departement' | 'commune')[] }[] =
    [
      {
        titre: 'National : par mois et par département (sommes mensuelles), puis médianes',
        territoire: { niveau: 'france', code: null },
        dimensions: ['mois', 'departement'],
      },
      {
        titre: 'Paris : par mois et par commune (faits), puis médianes',
        territoire: { niveau: 'departement', code: '75' },
        dimensions: ['mois', 'commune'],
      },
    ];
  let texte = `# EXPLAIN des tableaux de bord de pilotage (base de benchmark)\n\nBase : ${JSON.stringify(volumes.rows[0])}. Période ${defaut.du} → ${defaut.au}. Généré par \`bench/pilotage.ts --explain\` le ${aujourdhui()}.\n`;
  for (const c of cas) {
    capturees.length = 0;
    await agreger(espion, { periode: defaut, territoire: c.territoire, filtres, dimensions: c.dimensions });
    await medianes(espion, {
      periode: defaut,
      territoire: c.territoire,
      filtres,
      natures: naturesMedianes(),
    });
    texte += `\n## ${c.titre}\n`;
    // The repository runs each query in a transaction with `set local work_mem`: the same setting here.
    const client = await pool.connect();
    await client.query(`set work_mem = '64MB'`);
    for (const q of capturees.filter((x) => /^\s*select/i.test(x.sql))) {
      const plan = await client.query(`explain (analyze, buffers) ${q.sql}`, [...q.parametres]);
      const lignes = plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
      texte += `\n\`\`\`sql\n${q.sql.trim()}\n-- paramètres : ${JSON.stringify(q.parametres)}\n\`\`\`\n\n\`\`\`\n${lignes}\n\`\`\`\n`;
    }
    await client.query('reset work_mem');
    client.release();
  }
  const fichier = path.resolve(
    path.dirname(fileURLToPath(import.meta.url)),
    '../docs/performance/explain-pilotage.md',
  );
  await mkdir(path.dirname(fichier), { recursive: true });
  await writeFile(fichier, texte);
  journal(`Plans écrits dans ${fichier}`);
  await espion.destroy().catch(() => undefined);
}

await app.close();
await db.destroy().catch(() => undefined);
