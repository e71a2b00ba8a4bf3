/**
 * Web performance of the built app (packages/web/dist):
 * - initial JavaScript: the entry script and the modules it preloads (index.html), gzip -9, against 300 KB;
 *   the pages are separate chunks (React.lazy in Routes.tsx), listed with their own sizes;
 * - the dossier page in Debian's Chromium: from the navigation's start (Performance API time origin) to the
 *   moment its data is on screen (the `exploc:dossier-affiche` mark set by PageDossier.tsx), with a session and a
 *   warm HTTP cache as an agent has.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const KO = 1024;

export async function tailleJsInitial(dossierWeb) {
  const index = await readFile(path.join(dossierWeb, 'index.html'), 'utf8');
  const fichiers = new Set();
  for (const m of index.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)) fichiers.add(m[1]);
  for (const m of index.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) fichiers.add(m[1]);
  const initiaux = [];
  for (const f of fichiers) {
    const contenu = await readFile(path.join(dossierWeb, f.replace(/^\//, '')));
    initiaux.push({ fichier: f, octets: contenu.length, gzip: gzipSync(contenu, { level: 9 }).length });
  }
  const tous = (await readdir(path.join(dossierWeb, 'assets'))).filter((f) => f.endsWith('.js'));
  let totalGzip = 0;
  for (const f of tous) {
    totalGzip += gzipSync(await readFile(path.join(dossierWeb, 'assets', f)), { level: 9 }).length;
  }
  const initialGzip = initiaux.reduce((s, f) => s + f.gzip, 0);
  const dateBuild = (await stat(path.join(dossierWeb, 'index.html'))).mtime.toISOString();
  return {
    dist: dateBuild,
    initialGzipKo: Number((initialGzip / KO).toFixed(1)),
    initialOctets: initiaux.reduce((s, f) => s + f.octets, 0),
    cibleKo: 300,
    atteint: initialGzip <= 300 * KO,
    fichiersInitiaux: initiaux.map((f) => ({ ...f, gzipKo: Number((f.gzip / KO).toFixed(1)) })),
    morceauxJs: tous.length,
    toutLeJsGzipKo: Number((totalGzip / KO).toFixed(1)),
  };
}

/**
 * @param {string} url the running server (serving packages/web/dist)
 * @param {string[]} ids dossier ids in the agent's scope
 */
export async function pageDossier(url, ids, email = 'prefecture.75@demo.exploc.fr', fois = 5) {
  const { chromium } = await import('playwright-core');
  const navigateur = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
  try {
    const contexte = await navigateur.newContext({
      baseURL: url,
      locale: 'fr-FR',
      timezoneId: 'Europe/Paris',
    });
    const page = await contexte.newPage();
    await page.goto('/connexion');
    await page.getByLabel('Adresse électronique').fill(email);
    await page.getByLabel('Mot de passe', { exact: true }).fill('demo');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { level: 1, name: /Bonjour/ }).waitFor();
    const mesures = [];
    for (let i = 0; i < fois; i++) {
      const id = ids[i % ids.length];
      await page.goto(`/dossiers/${id}`);
      // Usable: the dossier's data is on screen (its title « Dossier <numéro> » replaces the loading status).
      await page.getByRole('heading', { level: 1, name: /^Dossier / }).waitFor({ timeout: 15_000 });
      const t = await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        // The page marks the moment its data is on screen (PageDossier.tsx), from the navigation's start.
        const affiche = performance.getEntriesByName('exploc:dossier-affiche').at(-1);
        return {
          utilisableMs: affiche ? affiche.startTime : performance.now(),
          domContentLoadedMs: nav ? nav.domContentLoadedEventEnd : null,
          chargeMs: nav ? nav.loadEventEnd : null,
        };
      });
      mesures.push(t);
    }
    const utilisables = mesures.map((m) => m.utilisableMs).sort((a, b) => a - b);
    return {
      navigations: mesures.length,
      utilisableMedianeMs: Number((utilisables[Math.floor(utilisables.length / 2)] ?? 0).toFixed(0)),
      utilisableMaxMs: Number((utilisables.at(-1) ?? 0).toFixed(0)),
      cibleMs: 1000,
      atteint: (utilisables.at(-1) ?? Number.POSITIVE_INFINITY) <= 1000,
      detail: mesures.map((m) => ({
        utilisableMs: Math.round(m.utilisableMs),
        domContentLoadedMs: m.domContentLoadedMs === null ? null : Math.round(m.domContentLoadedMs),
      })),
    };
  } finally {
    await navigateur.close();
  }
}
