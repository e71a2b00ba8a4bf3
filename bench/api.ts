/**
 * API latency on the benchmark database (1.5 million synthetic dossiers, `seed --demo` then
 * `seed --dossiers 1500000`): starts the app in process on a local port, logs in as the Paris préfecture
 * demo agent and measures p50/p95/p99 of the dossier list (filters and sort), the dossier page and the
 * search. Prints one JSON document; with --explain, also writes EXPLAIN (ANALYZE, BUFFERS) of the list
 * queries to docs/performance/explain-dossiers.md.
 *
 * Run: EXPLOC_DEMO=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/exploc_bench \
 *        npx tsx --conditions=source bench/api.ts [--requetes 400] [--concurrence 4] [--explain]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Scope } from '@exploc/domain/acces/scope';
import { type FiltresDossiers, schemaFiltresDossiers } from '@exploc/domain/schemas/dossier';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { construireApp } from '../packages/server/src/app.js';
import { lireConfig } from '../packages/server/src/config.js';
import { creerKysely } from '../packages/server/src/db/connexion.js';
import type { DB } from '../packages/server/src/db/schema.js';
import { aujourdhui } from '../packages/server/src/lib/aujourdhui.js';
import { listerDossiers } from '../packages/server/src/modules/dossiers/repository.js';

const { values: o } = parseArgs({
  options: {
    requetes: { type: 'string', default: '400' },
    concurrence: { type: 'string', default: '4' },
    explain: { type: 'boolean', default: false },
  },
});
const REQUETES = Number(o.requetes);
const CONCURRENCE = Number(o.concurrence);
const EMAIL = 'prefecture.75@demo.exploc.fr';
/** Common, rarer, accented and compound surnames of the generator's list. */
const NOMS = ['Martin', 'Lefèvre', 'Nguyen', 'Diallo', 'Moreau', 'Da Silva', 'Guérin', 'Châtelain'];

const config = lireConfig({ ...process.env, EXPLOC_TRAVAUX: '0', EXPLOC_LOG_LEVEL: 'silent' });
if (!config.databaseUrl) throw new Error('DATABASE_URL est requis (base exploc_bench)');
const { db, pool } = creerKysely(config.databaseUrl, 20);
const app = await construireApp({ db, config, journalisation: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const adresse = app.server.address();
const racine = `http://127.0.0.1:${typeof adresse === 'object' && adresse ? adresse.port : 0}`;

const connexion = await fetch(`${racine}/api/v1/session`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: EMAIL, motDePasse: 'demo' }),
});
if (connexion.status !== 200) {
  throw new Error(`Connexion refusée (${connexion.status}) : lancez seed --demo et EXPLOC_DEMO=1`);
}
const cookie = (connexion.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
const { utilisateur } = (await connexion.json()) as { utilisateur: { id: string } };

// Ids of the agent's scope, in a fixed pseudo-random order.
const ids = (
  await sql<{
    id: string;
  }>`select id from dossier where departement_code = '75' order by md5(id::text) limit 2000`.execute(db)
).rows.map((r) => r.id);

interface Mesure {
  requetes: number;
  concurrence: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  moyenneMs: number;
  requetesParSeconde: number;
  exempleTotal?: number;
}

function centile(tries: number[], q: number): number {
  return Number((tries[Math.min(tries.length - 1, Math.floor(q * tries.length))] ?? 0).toFixed(1));
}

async function mesurer(url: (k: number) => string): Promise<Mesure> {
  const appeler = async (k: number) => {
    const debut = performance.now();
    const r = await fetch(`${racine}${url(k)}`, { headers: { cookie } });
    const corps = (await r.json()) as { total?: number };
    if (r.status !== 200) throw new Error(`${url(k)} → ${r.status} ${JSON.stringify(corps)}`);
    return { ms: performance.now() - debut, total: corps.total };
  };
  for (let k = 0; k < 20; k++) await appeler(k);
  const durees: number[] = [];
  let exempleTotal: number | undefined;
  let suivant = 0;
  const debut = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCE }, async () => {
      while (suivant < REQUETES) {
        const r = await appeler(suivant++);
        durees.push(r.ms);
        exempleTotal ??= r.total;
      }
    }),
  );
  const ecoule = (performance.now() - debut) / 1000;
  durees.sort((a, b) => a - b);
  return {
    requetes: durees.length,
    concurrence: CONCURRENCE,
    p50Ms: centile(durees, 0.5),
    p95Ms: centile(durees, 0.95),
    p99Ms: centile(durees, 0.99),
    moyenneMs: Number((durees.reduce((s, d) => s + d, 0) / durees.length).toFixed(1)),
    requetesParSeconde: Number((durees.length / ecoule).toFixed(1)),
    ...(exempleTotal === undefined ? {} : { exempleTotal }),
  };
}

const resultats = {
  benchmark: 'api',
  dossiers: Number(
    (
      await sql<{ n: string }>`select reltuples::bigint as n from pg_class where relname = 'dossier'`.execute(
        db,
      )
    ).rows[0]?.n,
  ),
  listeFiltree: await mesurer((k) =>
    k % 4 === 0
      ? '/api/v1/dossiers?departement=75&phase=commandement_quitter_lieux&page=2'
      : '/api/v1/dossiers?departement=75&phase=commandement_quitter_lieux',
  ),
  detail: await mesurer((k) => `/api/v1/dossiers/${ids[k % ids.length]}`),
  recherche: await mesurer(
    (k) => `/api/v1/dossiers?q=${encodeURIComponent(NOMS[k % NOMS.length] ?? 'Martin')}`,
  ),
  node: process.version,
};
console.log(JSON.stringify(resultats, null, 2));

if (o.explain) {
  // The SQL the repository sends, captured by a logging Kysely, then explained on the same database.
  const capturees: { sql: string; parametres: readonly unknown[] }[] = [];
  const espion = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log: (e) => {
      if (e.level === 'query') capturees.push({ sql: e.query.sql, parametres: e.query.parameters });
    },
  });
  const scope: Scope = { type: 'departements', departements: ['75'] };
  const cas: { titre: string; filtres: Partial<Record<keyof FiltresDossiers, string>> }[] = [
    {
      titre: 'Liste filtrée (75, phase CQL), triée par prochaine échéance',
      filtres: { departement: '75', phase: 'commandement_quitter_lieux' },
    },
    { titre: 'Liste du périmètre sans filtre, triée par prochaine échéance', filtres: {} },
    { titre: 'Recherche par nom (« Martin »)', filtres: { q: 'Martin' } },
    { titre: 'Recherche par nom (« Lefèvre »)', filtres: { q: 'Lefèvre' } },
  ];
  let texte = [
    '# EXPLAIN des listes de dossiers (base de benchmark)',
    '',
    `Base : ${resultats.dossiers} dossiers synthétiques (\`seed --demo\` puis \`seed --dossiers 1500000\`), PostgreSQL 15 local,`,
    `périmètre d'un agent de préfecture du 75. Généré par \`bench/api.ts --explain\` le ${aujourdhui()} ;`,
    `latences HTTP mesurées dans la même exécution (${REQUETES} requêtes, ${CONCURRENCE} en parallèle) :`,
    '',
    '```json',
    JSON.stringify(
      { listeFiltree: resultats.listeFiltree, detail: resultats.detail, recherche: resultats.recherche },
      null,
      2,
    ),
    '```',
    '',
  ].join('\n');
  for (const c of cas) {
    capturees.length = 0;
    await listerDossiers(espion, scope, schemaFiltresDossiers.parse(c.filtres), {
      utilisateurId: utilisateur.id,
      aujourdhui: aujourdhui(),
    });
    texte += `\n## ${c.titre}\n`;
    for (const q of capturees) {
      const plan = await pool.query(`explain (analyze, buffers) ${q.sql}`, [...q.parametres]);
      const lignes = plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
      texte += `\n\`\`\`sql\n${q.sql}\n-- paramètres : ${JSON.stringify(q.parametres)}\n\`\`\`\n\n\`\`\`\n${lignes}\n\`\`\`\n`;
    }
  }
  const fichier = path.resolve(
    path.dirname(fileURLToPath(import.meta.url)),
    '../docs/performance/explain-dossiers.md',
  );
  await mkdir(path.dirname(fichier), { recursive: true });
  await writeFile(fichier, texte);
  process.stderr.write(`Plans écrits dans ${fichier}\n`);
  await espion.destroy().catch(() => undefined);
}

await app.close();
await db.destroy().catch(() => undefined);
