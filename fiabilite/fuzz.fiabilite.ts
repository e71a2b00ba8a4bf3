/**
 * Fuzzed requests (10,000 by default) across every route of the OpenAPI document and a few outside it:
 * random methods, path parameters, query strings, bodies, content types and credentials (none, forged, a
 * real agent's session with its CSRF token, a real partner token). Whatever the input, never a 5xx, and the
 * server stays up. The seed is printed (FIABILITE_GRAINE replays a run).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentKeepAlive,
  connecter,
  creerServeur,
  demarrerPostgres,
  ECHELLE,
  json,
  type PostgresDeTest,
  partenaire,
  requete,
  type ServeurDeTest,
  type Session,
} from './outils.js';

let postgres: PostgresDeTest;
let serveur: ServeurDeTest;
let databaseUrl: string;
let session: Session;
let jeton: string;
let routes: { methode: string; chemin: string }[];

beforeAll(async () => {
  postgres = await demarrerPostgres('fuzz');
  databaseUrl = await postgres.creerBase('exploc');
  serveur = await creerServeur({ databaseUrl });
  await serveur.demarrer();
  session = await connecter(serveur.url, 'prefecture.75@demo.exploc.fr');
  ({ jeton } = await partenaire(serveur.url, databaseUrl, '66666666600066'));
  const openapi = json<{ paths: Record<string, Record<string, unknown>> }>(
    await requete(`${serveur.url}/api/openapi.json`),
  );
  routes = Object.entries(openapi.paths).flatMap(([chemin, methodes]) =>
    Object.keys(methodes).map((m) => ({ methode: m.toUpperCase(), chemin })),
  );
  routes.push(
    { methode: 'GET', chemin: '/' },
    { methode: 'GET', chemin: '/dossiers/{id}' },
    { methode: 'GET', chemin: '/assets/{id}' },
    { methode: 'GET', chemin: '/api/docs' },
    { methode: 'POST', chemin: '/api/v1/{id}' },
  );
});

afterAll(async () => {
  await serveur?.arreter();
  await postgres?.detruire();
});

/** mulberry32: a small seeded generator, so that a failing run can be replayed. */
function generateur(graine: number) {
  let a = graine >>> 0;
  const suivant = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const entier = (n: number) => Math.floor(suivant() * n);
  const choisir = <T>(t: readonly T[]): T => t[entier(t.length)] as T;
  return { suivant, entier, choisir };
}
type Hasard = ReturnType<typeof generateur>;

const UUID_ZERO = '00000000-0000-0000-0000-000000000000';
const CHAINES = [
  '',
  ' ',
  'a',
  '0',
  '-1',
  '1e309',
  '9999999999999999999999',
  'null',
  'true',
  '75',
  '2A',
  '93',
  '2026-02-30',
  '2026-13-01',
  '2025-09-02',
  'commandement_quitter_lieux',
  UUID_ZERO,
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  "'; drop table dossier; --",
  '../../etc/passwd',
  '%00',
  '%ZZ',
  '\u0000',
  '🏠🔑',
  'Éléonore Lefèvre-Châtelain',
  '<script>alert(1)</script>',
  'x'.repeat(300),
  'y'.repeat(5000),
  '{"a":1}',
  '[]',
];
const CLES_QUERY = [
  'q',
  'page',
  'parPage',
  'tri',
  'phase',
  'departement',
  'commune',
  'agent',
  'alerte',
  'echeanceAvant',
  'du',
  'au',
  'territoire',
  'format',
  'code',
  'state',
  'id',
  'limite',
  '__proto__',
  'constructor',
];

function valeurJson(h: Hasard, profondeur = 0): unknown {
  const k = h.entier(profondeur > 3 ? 6 : 9);
  switch (k) {
    case 0:
      return null;
    case 1:
      return h.suivant() < 0.5;
    case 2:
      return h.choisir([0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, 42]);
    case 3:
    case 4:
    case 5:
      return h.choisir(CHAINES);
    case 6:
      return Array.from({ length: h.entier(4) }, () => valeurJson(h, profondeur + 1));
    default: {
      const o: Record<string, unknown> = {};
      const cles = [
        'email',
        'motDePasse',
        'menage',
        'logement',
        'bail',
        'type',
        'date',
        'reference',
        'dossier',
        'numero',
        'personnes',
        'texte',
        'evenements',
        'url',
        'sens',
        'montant',
        '__proto__',
        'grant_type',
        'client_id',
        'client_secret',
        ...CLES_QUERY,
      ];
      for (let i = h.entier(5); i > 0; i--) o[h.choisir(cles)] = valeurJson(h, profondeur + 1);
      return o;
    }
  }
}

function corpsAuHasard(h: Hasard): { corps?: string; type?: string } {
  switch (h.entier(8)) {
    case 0:
      return {};
    case 1:
      return { corps: '{"mal": "formé"', type: 'application/json' };
    case 2:
      return { corps: h.choisir(CHAINES), type: h.choisir(['text/plain', 'application/xml', 'image/png']) };
    case 3:
      return {
        corps: new URLSearchParams({
          grant_type: h.choisir(CHAINES),
          client_id: h.choisir(CHAINES),
        }).toString(),
        type: 'application/x-www-form-urlencoded',
      };
    case 4:
      return {
        corps:
          '--b\r\nContent-Disposition: form-data; name="fichier"; filename="a.pdf"\r\n\r\n%PDF-1\r\n--b--',
        type: h.choisir(['multipart/form-data; boundary=b', 'multipart/form-data']),
      };
    default:
      return { corps: JSON.stringify(valeurJson(h)), type: 'application/json' };
  }
}

function cheminAuHasard(h: Hasard, modele: string): string {
  return modele.replace(/\{[^}]+\}/g, () =>
    encodeURIComponent(h.suivant() < 0.4 ? UUID_ZERO : h.choisir(CHAINES)).replace(/%2F/g, '/'),
  );
}

function queryAuHasard(h: Hasard): string {
  if (h.suivant() < 0.4) return '';
  const p = new URLSearchParams();
  for (let i = h.entier(4) + 1; i > 0; i--) p.append(h.choisir(CLES_QUERY), h.choisir(CHAINES));
  return `?${p.toString()}`;
}

describe(`${ECHELLE.fuzz} requêtes au hasard sur les routes publiques et protégées`, () => {
  it('jamais de 5xx, le serveur reste debout', async () => {
    const graine = Number(process.env.FIABILITE_GRAINE ?? Date.now() % 2 ** 31);
    const h = generateur(graine);
    const agent = agentKeepAlive();
    const erreurs: string[] = [];
    const statuts = new Map<number, number>();
    let envoyees = 0;
    let reseau = 0;

    async function une() {
      const route =
        h.suivant() < 0.85 ? h.choisir(routes) : { methode: 'GET', chemin: h.choisir(routes).chemin };
      const methode =
        h.suivant() < 0.85 ? route.methode : h.choisir(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
      const chemin = cheminAuHasard(h, route.chemin) + queryAuHasard(h);
      const entetes: Record<string, string> = {};
      const contexte = h.entier(10);
      // Never log the fuzzer's own session out: it would only reduce the coverage of the protected routes.
      const deconnexion = methode === 'DELETE' && route.chemin === '/api/v1/session';
      if (contexte < 3 && !deconnexion) {
        entetes.cookie = session.cookie;
        if (h.suivant() < 0.8) entetes['x-csrf-token'] = session.csrf;
      } else if (contexte < 5) {
        entetes.authorization = `Bearer ${jeton}`;
      } else if (contexte < 7) {
        entetes.cookie = `exploc_session=${h.choisir(CHAINES).replace(/[^\x21-\x7e]/g, 'x')}`;
        entetes.authorization = `Bearer ${'A'.repeat(h.entier(60))}`;
      }
      if (h.suivant() < 0.3) entetes['if-match'] = h.choisir(['"1"', '"0"', '*', 'W/"2"', '"abc"', '']);
      if (h.suivant() < 0.3) entetes['idempotency-key'] = `fuzz-${h.entier(50)}`;
      if (h.suivant() < 0.1) entetes.accept = h.choisir(['text/csv', 'application/xml', '*/*']);
      const { corps, type } = methode === 'GET' || methode === 'OPTIONS' ? {} : corpsAuHasard(h);
      if (type) entetes['content-type'] = type;
      envoyees++;
      const r = await requete(`${serveur.url}${chemin}`, {
        methode,
        entetes,
        ...(corps === undefined ? {} : { corps }),
        agent,
        delaiMs: 30_000,
      }).catch((e: Error) => {
        reseau++;
        erreurs.push(`${methode} ${chemin} → erreur réseau ${e.message}`);
        return null;
      });
      if (!r) return;
      statuts.set(r.statut, (statuts.get(r.statut) ?? 0) + 1);
      if (r.statut >= 500) {
        erreurs.push(
          `${methode} ${chemin.slice(0, 200)} ${JSON.stringify(corps ?? '').slice(0, 300)} → ${r.statut} ${r.corps.slice(0, 200)}`,
        );
      }
    }

    let restantes = ECHELLE.fuzz;
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        while (restantes-- > 0) await une();
      }),
    );
    agent.destroy();

    expect(erreurs, `graine ${graine}`).toEqual([]);
    expect(reseau).toBe(0);
    expect(serveur.sortiesInattendues).toEqual([]);
    expect(envoyees).toBe(ECHELLE.fuzz);
    // The fuzzer reached the handlers, not only the authentication wall.
    expect((statuts.get(400) ?? 0) + (statuts.get(404) ?? 0)).toBeGreaterThan(ECHELLE.fuzz / 10);
    const sante = await requete(`${serveur.url}/api/sante`);
    expect(sante.statut).toBe(200);
    console.log(
      JSON.stringify({
        fiabilite: 'fuzz',
        graine,
        requetes: envoyees,
        routes: routes.length,
        statuts: Object.fromEntries([...statuts].sort((a, b) => a[0] - b[0])),
      }),
    );
  });
});
