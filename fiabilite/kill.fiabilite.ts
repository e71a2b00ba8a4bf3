/**
 * SIGKILL of the server, again and again, during a stream of partner acts sent with Idempotency-Keys and
 * retried by their clients: every acknowledged act is stored exactly once (one act row, one event, one
 * dossier, one journal line), with the id its acknowledgement gave.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acteNouveauMenage,
  agentKeepAlive,
  attendre,
  creerServeur,
  demarrerPostgres,
  ECHELLE,
  json,
  type PostgresDeTest,
  partenaire,
  requete,
  type ServeurDeTest,
} from './outils.js';

let postgres: PostgresDeTest;
let serveur: ServeurDeTest;
let databaseUrl: string;
let jeton: string;

beforeAll(async () => {
  postgres = await demarrerPostgres('kill');
  databaseUrl = await postgres.creerBase('exploc');
  serveur = await creerServeur({ databaseUrl });
  await serveur.demarrer();
  ({ jeton } = await partenaire(serveur.url, databaseUrl, '44444444400044'));
});

afterAll(async () => {
  await serveur?.arreter();
  await postgres?.detruire();
});

interface Accuse {
  reference: string;
  acteId: string;
  tentatives: number;
}

const hasard = (min: number, max: number) => min + Math.floor(Math.random() * (max - min));

describe(`SIGKILL du serveur (${ECHELLE.cyclesKill} fois) pendant un flux d’actes de partenaire`, () => {
  it('chaque acte acquitté est enregistré exactement une fois', async () => {
    const agent = agentKeepAlive();
    const accuses: Accuse[] = [];
    const anomalies: string[] = [];
    let interrompues = 0;
    let indisponibles = 0;
    let rejouees = 0;
    let suivant = 0;
    let fini = false;
    const prefixe = `KILL${Date.now()}`;

    /** Sends act n until it is acknowledged, as a partner's client would (same key, same body). */
    async function envoyer(n: number): Promise<void> {
      const corps = JSON.stringify(acteNouveauMenage(n, prefixe));
      const entetes = {
        authorization: `Bearer ${jeton}`,
        'content-type': 'application/json',
        'idempotency-key': `${prefixe}-cle-${n}`,
      };
      for (let tentative = 1; ; tentative++) {
        const r = await requete(`${serveur.url}/api/partenaires/v1/actes`, {
          methode: 'POST',
          entetes,
          corps,
          agent,
          delaiMs: 15_000,
        }).catch(() => null);
        if (r === null) {
          interrompues++;
        } else if (r.statut === 201) {
          const { acteId } = json<{ acteId: string }>(r);
          if (r.entetes['idempotent-replayed'] === 'true') rejouees++;
          accuses.push({ reference: `${prefixe}-${n}`, acteId, tentatives: tentative });
          // One act in five: the client "lost" the answer and sends again; the same act must come back.
          if (n % 5 === 0) {
            const bis = await requete(`${serveur.url}/api/partenaires/v1/actes`, {
              methode: 'POST',
              entetes,
              corps,
              agent,
              delaiMs: 15_000,
            }).catch(() => null);
            if (bis?.statut === 201) {
              rejouees++;
              if (json<{ acteId: string }>(bis).acteId !== acteId)
                anomalies.push(`acte ${n} : rejeu avec un autre identifiant`);
            }
          }
          return;
        } else if (r.statut === 503 || r.statut === 409) {
          indisponibles++;
        } else {
          anomalies.push(`acte ${n} : ${r.statut} ${r.corps.slice(0, 300)}`);
          return;
        }
        // Backoff with jitter, as a partner's client should (the server may be restarting).
        await attendre(Math.min(500, 25 * 2 ** Math.min(tentative, 5)) + hasard(0, 50));
      }
    }

    const emetteurs = Array.from({ length: 4 }, async () => {
      while (!fini) await envoyer(suivant++);
    });

    for (let cycle = 0; cycle < ECHELLE.cyclesKill; cycle++) {
      // Each life of the server acknowledges at least one act (up to 5 s on a busy machine), then dies at a
      // random moment, with requests in flight.
      const avant = accuses.length;
      const limite = Date.now() + 5000;
      while (accuses.length === avant && Date.now() < limite) await attendre(20);
      await attendre(hasard(50, 500));
      await serveur.tuer();
      await attendre(hasard(0, 150));
      await serveur.demarrer();
    }
    await attendre(500);
    fini = true;
    await Promise.all(emetteurs);
    agent.destroy();

    expect(anomalies).toEqual([]);
    expect(serveur.sortiesInattendues).toEqual([]);
    // The kills did interrupt requests in flight: otherwise the test proves nothing.
    expect(interrompues).toBeGreaterThan(0);
    expect(accuses.length).toBe(suivant);

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const actes = await client.query<{
        reference: string;
        id: string;
        n: number;
        evenements: number;
        dossier_id: string;
      }>(
        `select a.reference, min(a.id::text) as id, count(*)::int as n,
                count(distinct a.evenement_id)::int as evenements, min(a.dossier_id::text) as dossier_id
           from acte_partenaire a where a.reference like $1 group by a.reference`,
        [`${prefixe}-%`],
      );
      const parReference = new Map(actes.rows.map((r) => [r.reference, r]));
      const doublons = actes.rows.filter((r) => r.n !== 1 || r.evenements !== 1);
      expect(doublons).toEqual([]);
      const manquants = accuses.filter((a) => parReference.get(a.reference)?.id !== a.acteId);
      expect(manquants).toEqual([]);
      // Nothing stored that was never acknowledged.
      expect(actes.rows.length).toBe(accuses.length);

      const dossiers = await client.query<{ n: number; distincts: number }>(
        `select count(*)::int as n, count(distinct p.dossier_id)::int as distincts
           from personne p where p.nom = $1`,
        [`Fiabilite${prefixe.replace(/[^A-Za-z]/g, '')}`],
      );
      expect(dossiers.rows[0]).toEqual({ n: accuses.length, distincts: accuses.length });
      const evenements = await client.query<{ n: number }>(
        `select count(*)::int as n from evenement e
           join acte_partenaire a on a.dossier_id = e.dossier_id where a.reference like $1`,
        [`${prefixe}-%`],
      );
      expect(evenements.rows[0]?.n).toBe(accuses.length);
      const journal = await client.query<{ n: number; distincts: number }>(
        `select count(*)::int as n, count(distinct j.details->>'acteId')::int as distincts from journal j
           where j.action = 'acte_partenaire_recu' and j.details->>'acteId' = any($1::text[])`,
        [accuses.map((a) => a.acteId)],
      );
      expect(journal.rows[0]).toEqual({ n: accuses.length, distincts: accuses.length });
    } finally {
      await client.end();
    }
    console.log(
      JSON.stringify({
        fiabilite: 'sigkill',
        cycles: ECHELLE.cyclesKill,
        actesAcquittes: accuses.length,
        requetesInterrompues: interrompues,
        reponses503ou409: indisponibles,
        rejeux: rejouees,
        tentativesMax: Math.max(...accuses.map((a) => a.tentatives)),
      }),
    );
  });
});
