/**
 * Concurrent edits of one dossier: clients read, add one to a field and write back with If-Match, retrying
 * on 412. No increment may be lost (the final value is the initial one plus the number of acknowledged
 * writes), and the conflicts did happen (otherwise the test proves nothing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentKeepAlive,
  attendre,
  connecter,
  creerServeur,
  demarrerPostgres,
  entetesSession,
  json,
  type PostgresDeTest,
  requete,
  type ServeurDeTest,
  type Session,
} from './outils.js';

let postgres: PostgresDeTest;
let serveur: ServeurDeTest;
let sessions: Session[];
let dossierId: string;

beforeAll(async () => {
  postgres = await demarrerPostgres('concurrence');
  serveur = await creerServeur({ databaseUrl: await postgres.creerBase('exploc') });
  await serveur.demarrer();
  // Two agents' browsers (two sessions of the same préfecture account).
  sessions = [
    await connecter(serveur.url, 'prefecture.75@demo.exploc.fr'),
    await connecter(serveur.url, 'prefecture.75@demo.exploc.fr'),
  ];
  const liste = await requete(`${serveur.url}/api/v1/dossiers?departement=75&parPage=1`, {
    entetes: entetesSession(sessions[0] as Session),
  });
  expect(liste.statut).toBe(200);
  dossierId = json<{ elements: { id: string }[] }>(liste).elements[0]?.id ?? '';
  expect(dossierId).not.toBe('');
});

afterAll(async () => {
  await serveur?.arreter();
  await postgres?.detruire();
});

interface Lecture {
  version: string;
  ressources: number;
}

describe('modifications concurrentes d’un même dossier', () => {
  it('aucune mise à jour perdue : chaque écriture acquittée compte', async () => {
    const agent = agentKeepAlive();
    const url = `${serveur.url}/api/v1/dossiers/${dossierId}`;
    const lire = async (s: Session): Promise<Lecture> => {
      const r = await requete(url, { entetes: entetesSession(s), agent });
      expect(r.statut).toBe(200);
      const corps = json<{ menage: { ressourcesMensuelles: number | null } }>(r);
      return { version: String(r.entetes.etag), ressources: corps.menage.ressourcesMensuelles ?? 0 };
    };
    const initial = await lire(sessions[0] as Session);

    const CLIENTS = 8;
    const INCREMENTS = 8;
    const statuts = new Map<number, number>();
    let acquittees = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        const s = sessions[c % sessions.length] as Session;
        for (let i = 0; i < INCREMENTS; i++) {
          for (;;) {
            const { version, ressources } = await lire(s);
            const r = await requete(url, {
              methode: 'PATCH',
              entetes: { ...entetesSession(s, true), 'if-match': version },
              corps: JSON.stringify({ ressourcesMensuelles: ressources + 1 }),
              agent,
            });
            statuts.set(r.statut, (statuts.get(r.statut) ?? 0) + 1);
            if (r.statut === 200) {
              acquittees++;
              expect(r.entetes.etag).not.toBe(version);
              break;
            }
            // Another client wrote in between: read again, as the web page does after a 412.
            expect(r.statut, r.corps).toBe(412);
            expect(json<{ erreur: { code: string } }>(r).erreur.code).toBe('version_perimee');
            await attendre(Math.floor(Math.random() * 10));
          }
        }
      }),
    );
    agent.destroy();

    const final = await lire(sessions[1] as Session);
    expect(acquittees).toBe(CLIENTS * INCREMENTS);
    expect(final.ressources).toBe(initial.ressources + acquittees);
    // The writes did collide: the optimistic lock was exercised, not bypassed.
    expect(statuts.get(412) ?? 0).toBeGreaterThan(0);
    // A write without If-Match is refused (428), never applied blindly.
    const sansVersion = await requete(url, {
      methode: 'PATCH',
      entetes: entetesSession(sessions[0] as Session, true),
      corps: JSON.stringify({ ressourcesMensuelles: 0 }),
    });
    expect(sansVersion.statut).toBe(428);
    expect((await lire(sessions[0] as Session)).ressources).toBe(final.ressources);
    console.log(
      JSON.stringify({
        fiabilite: 'concurrence',
        ecrituresAcquittees: acquittees,
        conflits412: statuts.get(412) ?? 0,
      }),
    );
  });
});
