/**
 * Two `exploc serve` instances on one database, behind a round-robin client: a session opened on one is
 * valid on the other (reads and CSRF-protected writes), and with both running the pg-boss workers, each
 * scheduled job runs once per tick and each webhook of the outbox is delivered once.
 */
import http from 'node:http';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acteNouveauMenage,
  attendre,
  connecter,
  creerServeur,
  demarrerPostgres,
  entetesSession,
  json,
  type PostgresDeTest,
  partenaire,
  requete,
  type ServeurDeTest,
} from './outils.js';

let postgres: PostgresDeTest;
let instances: ServeurDeTest[];
let databaseUrl: string;
let recepteur: http.Server;
let urlRecepteur: string;
const recus: string[] = [];

beforeAll(async () => {
  postgres = await demarrerPostgres('instances');
  databaseUrl = await postgres.creerBase('exploc');
  instances = [
    await creerServeur({ databaseUrl, travaux: true }),
    await creerServeur({ databaseUrl, travaux: true }),
  ];
  // One after the other: the first applies the migrations and creates the demo accounts.
  for (const i of instances) await i.demarrer();
  recepteur = http.createServer((req, res) => {
    recus.push(String(req.headers['exploc-id']));
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
  await new Promise<void>((r) => recepteur.listen(0, '127.0.0.1', r));
  const a = recepteur.address();
  urlRecepteur = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/webhooks`;
});

afterAll(async () => {
  for (const i of instances ?? []) await i.arreter();
  await new Promise((r) => recepteur?.close(r));
  await postgres?.detruire();
});

describe('deux instances sur une même base, derrière un client qui alterne', () => {
  it('les sessions valent sur les deux instances', async () => {
    let k = 0;
    const suivante = () => instances[k++ % instances.length] as ServeurDeTest;
    const session = await connecter(suivante().url, 'prefecture.75@demo.exploc.fr');
    for (let i = 0; i < 10; i++) {
      const r = await requete(`${suivante().url}/api/v1/dossiers?departement=75&parPage=2`, {
        entetes: entetesSession(session),
      });
      expect(r.statut, r.corps).toBe(200);
    }
    // A write opened on one instance, its CSRF token checked by the other.
    const liste = await requete(`${suivante().url}/api/v1/dossiers?departement=75&parPage=1`, {
      entetes: entetesSession(session),
    });
    const id = json<{ elements: { id: string }[] }>(liste).elements[0]?.id;
    const lu = await requete(`${suivante().url}/api/v1/dossiers/${id}`, { entetes: entetesSession(session) });
    const ecrit = await requete(`${suivante().url}/api/v1/dossiers/${id}`, {
      methode: 'PATCH',
      entetes: { ...entetesSession(session, true), 'if-match': String(lu.entetes.etag) },
      corps: JSON.stringify({ ressourcesMensuelles: 1234.5 }),
    });
    expect(ecrit.statut, ecrit.corps).toBe(200);
    // Logging out on one instance ends the session on both.
    const sortie = await requete(`${suivante().url}/api/v1/session`, {
      methode: 'DELETE',
      entetes: { cookie: session.cookie, 'x-csrf-token': session.csrf },
    });
    expect(sortie.statut).toBeLessThan(300);
    for (const i of instances) {
      const r = await requete(`${i.url}/api/v1/moi`, { entetes: entetesSession(session) });
      expect(r.statut).toBe(401);
    }
  });

  it('chaque travail planifié et chaque livraison de webhook a lieu une fois', async () => {
    const [a, b] = instances as [ServeurDeTest, ServeurDeTest];
    const { jeton } = await partenaire(a.url, databaseUrl, '77777777700077');
    const abonnement = await requete(`${b.url}/api/partenaires/v1/abonnements`, {
      methode: 'POST',
      entetes: { authorization: `Bearer ${jeton}`, 'content-type': 'application/json' },
      corps: JSON.stringify({
        url: urlRecepteur,
        evenements: ['acte_integre', 'acte_a_verifier', 'acte_a_rattacher'],
      }),
    });
    expect(abonnement.statut, abonnement.corps).toBe(201);
    const ACTES = 12;
    const prefixe = `INST${Date.now()}`;
    for (let n = 0; n < ACTES; n++) {
      const r = await requete(`${(n % 2 ? b : a).url}/api/partenaires/v1/actes`, {
        methode: 'POST',
        entetes: {
          authorization: `Bearer ${jeton}`,
          'content-type': 'application/json',
          'idempotency-key': `${prefixe}-${n}`,
        },
        corps: JSON.stringify(acteNouveauMenage(n, prefixe)),
      });
      expect(r.statut, r.corps).toBe(201);
    }

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      // The outbox is delivered by the every-minute `livraison-webhooks` job, run by either instance.
      const fin = Date.now() + 150_000;
      let restantes = ACTES;
      while (restantes > 0) {
        if (Date.now() > fin) throw new Error(`${restantes} livraison(s) en attente après 150 s`);
        await attendre(1000);
        const r = await client.query<{ n: number }>(
          `select count(*)::int as n from webhook_livraison where statut <> 'livree'`,
        );
        restantes = r.rows[0]?.n ?? 0;
      }
      const livraisons = await client.query<{ id: string; tentatives: number }>(
        'select id, tentatives from webhook_livraison',
      );
      expect(livraisons.rows.length).toBe(ACTES);
      await attendre(2000); // a duplicate delivery in flight would land now
      // Each delivery reached the partner exactly once.
      expect([...recus].sort()).toEqual(livraisons.rows.map((l) => l.id).sort());
      expect(livraisons.rows.every((l) => l.tentatives === 1)).toBe(true);

      // Each scheduled job: one job per minute tick, run once, although both instances schedule and work.
      const travaux = await client.query<{ name: string; minute: string; n: number; executions: number }>(
        `select name, date_trunc('minute', created_on)::text as minute, count(*)::int as n,
                sum(retry_count + case when started_on is null then 0 else 1 end)::int as executions
           from pgboss.job
          where name in ('scellement-journal', 'pilotage-recalcul', 'livraison-webhooks',
                         'relance-echanges-partenaires')
          group by 1, 2`,
      );
      const termines = await client.query<{ n: number }>(
        `select count(*)::int as n from pgboss.job
          where name in ('scellement-journal', 'livraison-webhooks') and state = 'completed'`,
      );
      expect(termines.rows[0]?.n).toBeGreaterThanOrEqual(2);
      expect(travaux.rows.filter((t) => t.n !== 1 || t.executions > 1)).toEqual([]);
    } finally {
      await client.end();
    }
    expect(a.sortiesInattendues).toEqual([]);
    expect(b.sortiesInattendues).toEqual([]);
    console.log(JSON.stringify({ fiabilite: 'deux-instances', webhooks: recus.length }));
  });
});
