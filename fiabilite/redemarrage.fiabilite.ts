/**
 * `npm start` stopped and started again at once, on the same embedded database: npm exits on SIGTERM before its
 * `exploc serve` has finished stopping (it still holds the lock file and its PostgreSQL is shutting down). The
 * new start must wait for that owner to go, then open the cluster itself, instead of waiting for a server that
 * is going away (the benchmark's restart measure found it failing: « PostgreSQL embarqué injoignable »).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { attendre, portLibre, RACINE, requete } from './outils.js';

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'exploc-fiabilite-redemarrage-'));
let courant: ChildProcess | null = null;

afterAll(async () => {
  if (courant?.pid && courant.exitCode === null) process.kill(-courant.pid, 'SIGKILL');
  await attendre(1000);
  await rm(dataDir, { recursive: true, force: true });
});

async function demarrer(port: number): Promise<{ p: ChildProcess; sortie: () => string }> {
  let sortie = '';
  const p = spawn('npm', ['start'], {
    cwd: RACINE,
    env: { ...process.env, PORT: String(port), EXPLOC_DATA_DIR: dataDir, EXPLOC_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  p.stderr?.on('data', (d: Buffer) => {
    sortie = (sortie + d.toString('utf8')).slice(-3000);
  });
  courant = p;
  const fin = Date.now() + 90_000;
  for (;;) {
    if (p.exitCode !== null) throw new Error(`npm start arrêté (${p.exitCode}) :\n${sortie}`);
    const r = await requete(`http://127.0.0.1:${port}/api/sante`, { delaiMs: 1000 }).catch(() => null);
    if (r?.statut === 200) return { p, sortie: () => sortie };
    if (Date.now() > fin) throw new Error(`npm start ne répond pas :\n${sortie}`);
    await attendre(25);
  }
}

describe('redémarrage immédiat de npm start (base embarquée)', () => {
  it('arrêté puis relancé dès la sortie de npm, cinq fois : le service revient à chaque fois', async () => {
    const port = await portLibre();
    for (let i = 0; i < 5; i++) {
      const { p } = await demarrer(port);
      const sante = await requete(`http://127.0.0.1:${port}/api/sante`);
      expect(sante.statut).toBe(200);
      const fini = new Promise((r) => p.once('exit', r));
      // The whole process group, as a terminal's Ctrl-C or a service manager does.
      if (p.pid) process.kill(-p.pid, 'SIGTERM');
      await fini;
    }
  });
});
