/**
 * The SQL statements of one partner act (the ingestion path), with their durations, through the real
 * application and a logging Kysely: where an act's time goes. Creates a partner client in the database.
 * Run: EXPLOC_DEMO=1 DATABASE_URL=… npx tsx --conditions=source bench/profil-acte.ts [numéro de dossier]
 */
import { Kysely, PostgresDialect } from 'kysely';
import { construireApp } from '../packages/server/src/app.js';
import { lireConfig } from '../packages/server/src/config.js';
import { creerKysely } from '../packages/server/src/db/connexion.js';
import type { DB } from '../packages/server/src/db/schema.js';
import { creerClientPartenaire } from '../packages/server/src/modules/partenaires/service.js';

const config = lireConfig({ ...process.env, EXPLOC_TRAVAUX: '0', EXPLOC_LOG_LEVEL: 'silent' });
if (!config.databaseUrl) throw new Error('DATABASE_URL est requis');
const { db, pool } = creerKysely(config.databaseUrl, 10);
const capturees: { sql: string; ms: number }[] = [];
const espion = new Kysely<DB>({
  dialect: new PostgresDialect({ pool }),
  log: (e) => {
    if (e.level === 'query')
      capturees.push({ sql: e.query.sql.replace(/\s+/g, ' ').slice(0, 160), ms: e.queryDurationMillis });
  },
});
const app = await construireApp({ db: espion, config, journalisation: false });
const client = await creerClientPartenaire(db, {
  type: 'commissaire_justice',
  nom: 'Étude du profil',
  siret: '98765432100019',
  departements: ['75', '93'],
});
const jeton = await app.inject({
  method: 'POST',
  url: '/api/partenaires/v1/token',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: client.clientId,
    client_secret: client.clientSecret,
  }).toString(),
});
const bearer = `Bearer ${(jeton.json() as { access_token: string }).access_token}`;
const numero =
  process.argv[2] ??
  (
    await db
      .selectFrom('dossier')
      .select('numero')
      .where('departement_code', '=', '75')
      .limit(1)
      .executeTakeFirstOrThrow()
  ).numero;
for (const essai of [1, 2, 3]) {
  capturees.length = 0;
  const debut = performance.now();
  const r = await app.inject({
    method: 'POST',
    url: '/api/partenaires/v1/actes',
    headers: { authorization: bearer, 'idempotency-key': `profil-${Date.now()}-${essai}` },
    payload: {
      reference: `PROFIL-${Date.now()}-${essai}`,
      type: 'commandement_de_payer',
      date: '2025-09-02',
      montantDette: 1200,
      moisImpayes: 4,
      dossier: { numero },
    },
  });
  const total = performance.now() - debut;
  const sql = capturees.reduce((s, q) => s + q.ms, 0);
  console.log(
    JSON.stringify({
      essai,
      statut: r.statusCode,
      totalMs: Math.round(total),
      sqlMs: Math.round(sql),
      instructions: capturees.length,
    }),
  );
  if (essai === 3) for (const q of capturees) console.log(`${q.ms.toFixed(1).padStart(7)} ms  ${q.sql}`);
}
await app.close();
await espion.destroy().catch(() => undefined);
