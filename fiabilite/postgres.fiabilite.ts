/**
 * PostgreSQL stopped and restarted under load (a cluster this test started itself, never the machine's
 * shared server): while it is down, the server answers 503 with Retry-After (never a 500, never a dropped
 * connection) and stays up, pg-boss included; when it is back, service resumes by itself with the same
 * sessions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acteNouveauMenage,
  agentKeepAlive,
  attendre,
  connecter,
  creerServeur,
  demarrerPostgres,
  ECHELLE,
  entetesSession,
  json,
  type PostgresDeTest,
  partenaire,
  type Reponse,
  requete,
  type ServeurDeTest,
  type Session,
} from './outils.js';

let postgres: PostgresDeTest;
let serveur: ServeurDeTest;
let session: Session;
let jeton: string;

beforeAll(async () => {
  postgres = await demarrerPostgres('pg');
  const databaseUrl = await postgres.creerBase('exploc');
  // With the pg-boss workers and schedules: they must live through the outage too.
  serveur = await creerServeur({ databaseUrl, travaux: true });
  await serveur.demarrer();
  session = await connecter(serveur.url, 'prefecture.75@demo.exploc.fr');
  ({ jeton } = await partenaire(serveur.url, databaseUrl, '55555555500055'));
});

afterAll(async () => {
  await serveur?.arreter();
  await postgres?.detruire();
});

type Phase = 'avant' | 'panne' | 'reprise';
interface Observation {
  phase: Phase;
  route: string;
  statut: number | 'reseau';
  retryAfter: string | undefined;
  code: string | undefined;
  t: number;
}

describe(`arrêt et redémarrage de PostgreSQL sous charge (${ECHELLE.arretsPostgres} fois)`, () => {
  it('503 avec Retry-After pendant la panne, reprise seule ensuite, sans redémarrer le serveur', async () => {
    const agent = agentKeepAlive();
    const observations: Observation[] = [];
    let phase: Phase = 'avant';
    let fini = false;
    let n = 0;
    const prefixe = `PG${Date.now()}`;

    const routes: { nom: string; appeler: () => Promise<Reponse> }[] = [
      {
        nom: 'liste',
        appeler: () =>
          requete(`${serveur.url}/api/v1/dossiers?parPage=5`, {
            entetes: entetesSession(session),
            agent,
            delaiMs: 10_000,
          }),
      },
      { nom: 'sante', appeler: () => requete(`${serveur.url}/api/sante`, { agent, delaiMs: 10_000 }) },
      {
        nom: 'session',
        appeler: () =>
          requete(`${serveur.url}/api/v1/moi`, { entetes: entetesSession(session), agent, delaiMs: 10_000 }),
      },
      {
        nom: 'acte',
        appeler: () => {
          const k = n++;
          return requete(`${serveur.url}/api/partenaires/v1/actes`, {
            methode: 'POST',
            entetes: {
              authorization: `Bearer ${jeton}`,
              'content-type': 'application/json',
              'idempotency-key': `${prefixe}-${k}`,
            },
            corps: JSON.stringify(acteNouveauMenage(k, prefixe)),
            agent,
            delaiMs: 10_000,
          });
        },
      },
    ];

    const charge = routes.map(async (route) => {
      while (!fini) {
        const p = phase;
        const r = await route.appeler().catch(() => null);
        let code: string | undefined;
        try {
          code = r ? json<{ erreur?: { code?: string } }>(r).erreur?.code : undefined;
        } catch {
          code = undefined;
        }
        observations.push({
          phase: p === phase ? p : 'panne',
          route: route.nom,
          statut: r ? r.statut : 'reseau',
          retryAfter: r ? (r.entetes['retry-after'] as string | undefined) : undefined,
          code,
          t: Date.now(),
        });
        await attendre(20);
      }
    });

    const reprises: number[] = [];
    for (let arret = 0; arret < ECHELLE.arretsPostgres; arret++) {
      phase = 'avant';
      await attendre(1000);
      phase = 'panne';
      await postgres.arreter();
      const debutPanne = Date.now();
      await attendre(3000);
      const pendant = observations.filter((o) => o.phase === 'panne' && o.t > debutPanne + 200);
      // The server process lives through the outage (its output is in the failure message).
      expect(serveur.sortiesInattendues).toEqual([]);
      expect(pendant.length).toBeGreaterThan(10);
      // Every answer while the database is away: 503, Retry-After, a stable code.
      const nonConformes = pendant.filter(
        (o) =>
          o.statut !== 503 ||
          !o.retryAfter ||
          (o.route === 'sante' ? o.code !== 'service_indisponible' : o.code !== 'base_indisponible'),
      );
      expect(nonConformes).toEqual([]);
      await postgres.redemarrer();
      const redemarre = Date.now();
      phase = 'reprise';
      // Recovery without any restart of the server: the next requests succeed.
      const fin = Date.now() + 20_000;
      for (;;) {
        const derniers = observations.filter((o) => o.phase === 'reprise' && o.t > redemarre);
        const parRoute = routes.map((r) => derniers.filter((o) => o.route === r.nom).at(-1)?.statut);
        if (parRoute.every((s) => s === 200 || s === 201)) break;
        if (Date.now() > fin) throw new Error(`Pas de reprise : ${JSON.stringify(parRoute)}`);
        await attendre(50);
      }
      reprises.push(Date.now() - redemarre);
      await attendre(1000);
    }
    fini = true;
    await Promise.all(charge);
    agent.destroy();

    // No 500 and no dropped connection at any time, and the server process never exited.
    const erreurs = observations.filter(
      (o) => o.statut === 'reseau' || (typeof o.statut === 'number' && o.statut >= 500 && o.statut !== 503),
    );
    expect(erreurs).toEqual([]);
    const avant = observations.filter((o) => o.phase === 'avant');
    expect(avant.every((o) => o.statut === 200 || o.statut === 201)).toBe(true);
    expect(serveur.sortiesInattendues).toEqual([]);
    expect(serveur.vivant()).toBe(true);
    // The same session is still valid after the outages.
    const moi = await requete(`${serveur.url}/api/v1/moi`, { entetes: entetesSession(session) });
    expect(moi.statut).toBe(200);
    console.log(
      JSON.stringify({
        fiabilite: 'arret-postgres',
        arrets: ECHELLE.arretsPostgres,
        requetes: observations.length,
        reponses503: observations.filter((o) => o.statut === 503).length,
        repriseMs: reprises,
      }),
    );
  });
});
