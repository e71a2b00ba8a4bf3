import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, expect, inject } from 'vitest';

export const URL_APP = inject('urlApp');

const ARGUMENTS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium (never a downloaded browser), closed after the file's tests. */
export async function ouvrirNavigateur(): Promise<Browser> {
  const navigateur = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ARGUMENTS,
  });
  afterAll(async () => {
    await navigateur.close();
  });
  return navigateur;
}

export async function nouvellePage(navigateur: Browser): Promise<Page> {
  const contexte = await navigateur.newContext({
    baseURL: URL_APP,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
  });
  return contexte.newPage();
}

/** axe-core on the current page: zero serious or critical violation (RGAA AA goal). */
export async function verifierAccessibilite(page: Page): Promise<void> {
  const resultat = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const graves = resultat.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    graves.map(
      (v) => `${v.id} (${v.impact}) : ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    ),
    `Violations d’accessibilité sur ${page.url()}`,
  ).toEqual([]);
}

export async function connecter(page: Page, email: string, motDePasse = 'demo'): Promise<void> {
  await page.goto('/connexion');
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(motDePasse);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { level: 1, name: /Bonjour/ }).waitFor();
}
