/**
 * Tools of the reliability tests: an embedded PostgreSQL cluster of the test's own (never the machine's
 * shared server), built `exploc serve` processes that can be killed and restarted, the CLI, and a small HTTP
 * client on node:http (keep-alive agent, timeouts, no retries of its own).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type BaseEmbarquee, ouvrirBaseEmbarquee } from '../packages/server/src/db/base-embarquee.js';

export const RACINE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/**
 * The built CLI (`npm run build` first), as `npm start` runs it; FIABILITE_SOURCE=1 runs the TypeScript
 * sources through tsx instead (while developing, when the build is not current).
 */
const CLI =
  process.env.FIABILITE_SOURCE === '1'
    ? ['--import', 'tsx', '--conditions=source', path.join(RACINE, 'packages/server/src/cli.ts')]
    : [path.join(RACINE, 'packages/server/bin/exploc.js')];

/** Scale: small in CI (defaults), full in the benchmark (FIABILITE_CYCLES=200 …). */
export const ECHELLE = {
  cyclesKill: Number(process.env.FIABILITE_CYCLES ?? 20),
  fuzz: Number(process.env.FIABILITE_FUZZ ?? 10_000),
  arretsPostgres: Number(process.env.FIABILITE_ARRETS_PG ?? 2),
};

export const attendre = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function portLibre(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('pas de port'))));
    });
  });
}

// ---------------------------------------------------------------------------------------------------------
// PostgreSQL of the test

export interface PostgresDeTest {
  /** URL of a database of the cluster (created by `creerBase`). */
  url: (base: string) => string;
  creerBase: (base: string) => Promise<string>;
  arreter: () => Promise<void>;
  redemarrer: () => Promise<void>;
  enMarche: () => boolean;
  detruire: () => Promise<void>;
}

/** An embedded PostgreSQL cluster in a temporary directory, owned by this test process. */
export async function demarrerPostgres(nom: string): Promise<PostgresDeTest> {
  const dossier = await mkdtemp(path.join(os.tmpdir(), `exploc-fiabilite-${nom}-`));
  let base: BaseEmbarquee | null = await ouvrirBaseEmbarquee(dossier);
  const url = base.url;
  const pg$ = {
    url,
    async creerBase(nomBase: string) {
      const client = new pg.Client({ connectionString: url('postgres') });
      await client.connect();
      try {
        await client.query(`create database "${nomBase}"`);
      } finally {
        await client.end();
      }
      return url(nomBase);
    },
    async arreter() {
      await base?.arreter();
      base = null;
    },
    async redemarrer() {
      if (base) return;
      base = await ouvrirBaseEmbarquee(dossier);
    },
    enMarche: () => base !== null,
    async detruire() {
      await pg$.arreter().catch(() => undefined);
      await rm(dossier, { recursive: true, force: true });
    },
  };
  return pg$;
}

// ---------------------------------------------------------------------------------------------------------
// `exploc serve` processes

export interface ServeurDeTest {
  url: string;
  port: number;
  /** Last lines of the process' output, for failure messages. */
  sortie: () => string;
  /** Exits not caused by the test (crash): must stay empty. */
  sortiesInattendues: string[];
  demarrer: () => Promise<void>;
  tuer: () => Promise<void>;
  arreter: () => Promise<void>;
  vivant: () => boolean;
  pid: () => number | undefined;
}

export interface OptionsServeur {
  databaseUrl: string;
  travaux?: boolean;
  env?: Record<string, string>;
  delaiDemarrageMs?: number;
}

export async function creerServeur(o: OptionsServeur): Promise<ServeurDeTest> {
  const port = await portLibre();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'exploc-fiabilite-serveur-'));
  const url = `http://127.0.0.1:${port}`;
  const lignes: string[] = [];
  const sortiesInattendues: string[] = [];
  let processus: ChildProcess | null = null;
  let tueParLeTest = false;

  const garder = (morceau: Buffer) => {
    lignes.push(...morceau.toString('utf8').split('\n').filter(Boolean));
    if (lignes.length > 200) lignes.splice(0, lignes.length - 200);
  };

  async function demarrer() {
    if (processus && processus.exitCode === null && processus.signalCode === null) return;
    tueParLeTest = false;
    const p = spawn(process.execPath, [...CLI, 'serve', '--demo-si-vide'], {
      cwd: RACINE,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: o.databaseUrl,
        EXPLOC_DEMO: '1',
        EXPLOC_DATA_DIR: dataDir,
        EXPLOC_LOG_LEVEL: 'warn',
        EXPLOC_TRAVAUX: o.travaux ? '1' : '0',
        ...o.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    processus = p;
    p.stdout?.on('data', garder);
    p.stderr?.on('data', garder);
    p.on('exit', (code, signal) => {
      if (!tueParLeTest)
        sortiesInattendues.push(`code ${code} signal ${signal}\n${lignes.slice(-30).join('\n')}`);
    });
    const fin = Date.now() + (o.delaiDemarrageMs ?? 60_000);
    for (;;) {
      if (p.exitCode !== null || p.signalCode !== null) {
        throw new Error(`exploc serve s’est arrêté au démarrage :\n${lignes.slice(-30).join('\n')}`);
      }
      const r = await requete(`${url}/api/sante`, { delaiMs: 1000 }).catch(() => null);
      if (r?.statut === 200) return;
      if (Date.now() > fin) throw new Error(`exploc serve ne répond pas :\n${lignes.slice(-30).join('\n')}`);
      await attendre(50);
    }
  }

  async function signaler(signal: NodeJS.Signals, delaiMs: number) {
    const p = processus;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    tueParLeTest = true;
    const fini = new Promise((r) => p.once('exit', r));
    p.kill(signal);
    await Promise.race([fini, attendre(delaiMs)]);
    if (p.exitCode === null && p.signalCode === null) {
      p.kill('SIGKILL');
      await fini;
    }
  }

  return {
    url,
    port,
    sortie: () => lignes.slice(-40).join('\n'),
    sortiesInattendues,
    demarrer,
    tuer: () => signaler('SIGKILL', 10_000),
    arreter: async () => {
      await signaler('SIGTERM', 15_000);
      await rm(dataDir, { recursive: true, force: true });
    },
    vivant: () => processus !== null && processus.exitCode === null && processus.signalCode === null,
    pid: () => processus?.pid,
  };
}

/** Runs a CLI command (`exploc partenaire creer …`) and returns its JSON output. */
export async function executerCli<T>(args: string[], databaseUrl: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...CLI, ...args], {
      cwd: RACINE,
      env: { ...process.env, DATABASE_URL: databaseUrl, EXPLOC_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let sortie = '';
    let erreurs = '';
    p.stdout.on('data', (d: Buffer) => {
      sortie += d.toString('utf8');
    });
    p.stderr.on('data', (d: Buffer) => {
      erreurs += d.toString('utf8');
    });
    p.on('exit', (code) => {
      if (code !== 0) reject(new Error(`exploc ${args.join(' ')} → ${code}\n${erreurs}`));
      else resolve(JSON.parse(sortie) as T);
    });
  });
}

// ---------------------------------------------------------------------------------------------------------
// HTTP

export interface Reponse {
  statut: number;
  entetes: http.IncomingHttpHeaders;
  corps: string;
}

export interface OptionsRequete {
  methode?: string;
  entetes?: Record<string, string>;
  corps?: string | Buffer;
  agent?: http.Agent;
  delaiMs?: number;
}

export const agentKeepAlive = () => new http.Agent({ keepAlive: true, maxSockets: 64 });

/** One request, no retry; rejects on a network error or after `delaiMs`. */
export function requete(url: string, o: OptionsRequete = {}): Promise<Reponse> {
  return new Promise((resolve, reject) => {
    const entetes: Record<string, string | number> = { ...o.entetes };
    if (o.corps !== undefined) entetes['content-length'] = Buffer.byteLength(o.corps);
    const req = http.request(url, { method: o.methode ?? 'GET', headers: entetes, agent: o.agent }, (res) => {
      const morceaux: Buffer[] = [];
      res.on('data', (m: Buffer) => morceaux.push(m));
      res.on('end', () =>
        resolve({
          statut: res.statusCode ?? 0,
          entetes: res.headers,
          corps: Buffer.concat(morceaux).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.setTimeout(o.delaiMs ?? 30_000, () => req.destroy(new Error('délai dépassé')));
    req.on('error', reject);
    if (o.corps !== undefined) req.write(o.corps);
    req.end();
  });
}

export function json<T>(r: Reponse): T {
  return JSON.parse(r.corps) as T;
}

export interface Session {
  cookie: string;
  csrf: string;
}

export async function connecter(url: string, email: string): Promise<Session> {
  const r = await requete(`${url}/api/v1/session`, {
    methode: 'POST',
    entetes: { 'content-type': 'application/json' },
    corps: JSON.stringify({ email, motDePasse: 'demo' }),
  });
  if (r.statut !== 200) throw new Error(`Connexion de ${email} : ${r.statut} ${r.corps}`);
  const cookie = String(r.entetes['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
  return { cookie, csrf: json<{ csrfToken: string }>(r).csrfToken };
}

export const entetesSession = (s: Session, ecriture = false): Record<string, string> =>
  ecriture
    ? { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' }
    : { cookie: s.cookie };

/** A partner client created with the CLI, and a bearer token for it. */
export async function partenaire(
  url: string,
  databaseUrl: string,
  siret: string,
): Promise<{ jeton: string; clientId: string }> {
  const cree = await executerCli<{ clientId: string; clientSecret: string }>(
    [
      'partenaire',
      'creer',
      '--type',
      'commissaire_justice',
      '--nom',
      `Étude ${siret}`,
      '--siret',
      siret,
      '--departements',
      '75,93',
    ],
    databaseUrl,
  );
  const r = await requete(`${url}/api/partenaires/v1/token`, {
    methode: 'POST',
    entetes: { 'content-type': 'application/x-www-form-urlencoded' },
    corps: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: cree.clientId,
      client_secret: cree.clientSecret,
    }).toString(),
  });
  if (r.statut !== 200) throw new Error(`Jeton : ${r.statut} ${r.corps}`);
  return { jeton: json<{ access_token: string }>(r).access_token, clientId: cree.clientId };
}

/** A partner act that creates (or finds) the dossier of a household of its own. */
export function acteNouveauMenage(n: number, prefixe: string) {
  return {
    reference: `${prefixe}-${n}`,
    type: 'commandement_de_payer',
    date: '2025-09-02',
    montantDette: 1000 + (n % 500),
    moisImpayes: 3 + (n % 6),
    dossier: {
      menage: {
        personnes: [
          {
            nom: `Fiabilite${prefixe.replace(/[^A-Za-z]/g, '')}`,
            prenoms: `Personne ${n}`,
            dateNaissance: '1980-01-01',
            role: 'titulaire',
          },
        ],
      },
      logement: {
        adresse: { ligne: `${n} rue de la Fiabilité`, codePostal: '75018', codeInsee: '75118' },
        social: false,
      },
      bail: { dateSignature: '2020-02-15', loyerMensuelHC: 650, chargesMensuelles: 80 },
      bailleur: { type: 'personne_physique', nom: 'M. Paul Durand' },
    },
  };
}
