import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    urlApp: string;
  }
}

async function portLibre(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('pas de port'))));
    });
  });
}

/** Starts the built `exploc serve` (as `npm start` does) on a fresh embedded database. */
export default async function setup(project: TestProject) {
  if (process.env.E2E_URL) {
    project.provide('urlApp', process.env.E2E_URL);
    return;
  }
  const dossier = await mkdtemp(path.join(os.tmpdir(), 'exploc-e2e-'));
  const port = await portLibre();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    EXPLOC_DATA_DIR: dossier,
    EXPLOC_LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  const serveur: ChildProcess = spawn(
    process.execPath,
    ['packages/server/bin/exploc.js', 'serve', '--demo-si-vide'],
    {
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const fin = Date.now() + 90_000;
  for (;;) {
    if (serveur.exitCode !== null) throw new Error(`Le serveur s’est arrêté (code ${serveur.exitCode})`);
    const ok = await fetch(`${url}/api/sante`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > fin) throw new Error('Le serveur ne répond pas');
    await new Promise((r) => setTimeout(r, 250));
  }
  project.provide('urlApp', url);
  return async () => {
    const arret = new Promise((r) => serveur.once('exit', r));
    serveur.kill('SIGTERM');
    await Promise.race([arret, new Promise((r) => setTimeout(r, 15_000))]);
    await rm(dossier, { recursive: true, force: true });
  };
}
