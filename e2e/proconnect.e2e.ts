import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { type CompteFournisseur, demarrerFournisseurOidc } from '../packages/server/test/fournisseur-oidc';
import { ouvrirNavigateur, verifierAccessibilite } from './navigateur';

/**
 * ProConnect in Chromium, against a local OpenID provider (oidc-provider) started here on a random port, and
 * an Exploc instance of its own (the built `exploc serve`, as in e2e/serveur.ts, configured with the
 * provider; the shared e2e server is not).
 */
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

const SIRET = { ddets: '13000000000011', prefecture: '13000000000022' };
const EMAIL = { ddets: 'agent.ddets.pc@exemple.gouv.fr', prefecture: 'agent.pref.pc@exemple.gouv.fr' };
const COMPTES: CompteFournisseur[] = [
  { sub: 'pc-ddets', email: EMAIL.ddets, prenom: 'Paul', nom: 'Durand', siret: SIRET.ddets, acr: 'eidas1' },
  {
    sub: 'pc-pref-faible',
    email: EMAIL.prefecture,
    prenom: 'Inès',
    nom: 'Roux',
    siret: SIRET.prefecture,
    acr: 'eidas1',
  },
  {
    sub: 'pc-inconnu',
    email: 'agent@ministere.example',
    prenom: 'Jean',
    nom: 'Inconnu',
    siret: '99999999999999',
    acr: 'eidas2',
  },
];

const port = await portLibre();
const URL_EXPLOC = `http://127.0.0.1:${port}`;
const fournisseur = await demarrerFournisseurOidc({
  urlRetour: `${URL_EXPLOC}/api/v1/auth/proconnect/retour`,
  urlApresDeconnexion: `${URL_EXPLOC}/connexion?deconnecte=1`,
  comptes: COMPTES,
});

// The machine's PostgreSQL when DATABASE_URL is set (a database of its own), the embedded one otherwise.
const dossier = await mkdtemp(path.join(os.tmpdir(), 'exploc-e2e-proconnect-'));
const nomBase = `exploc_e2e_proconnect_${process.pid}`;
const env: NodeJS.ProcessEnv = {
  ...process.env,
  PORT: String(port),
  HOST: '127.0.0.1',
  EXPLOC_DATA_DIR: dossier,
  EXPLOC_LOG_LEVEL: 'warn',
  EXPLOC_TRAVAUX: '0',
  EXPLOC_URL_PUBLIQUE: URL_EXPLOC,
  EXPLOC_PROCONNECT_ISSUER: fournisseur.issuer,
  EXPLOC_PROCONNECT_CLIENT_ID: fournisseur.clientId,
  EXPLOC_PROCONNECT_CLIENT_SECRET: fournisseur.clientSecret,
  EXPLOC_PROCONNECT_ACR_FORTS: 'eidas2,eidas3',
};
if (process.env.DATABASE_URL) {
  const u = new URL(process.env.DATABASE_URL);
  u.pathname = `/${nomBase}`;
  env.DATABASE_URL = u.toString();
  env.EXPLOC_DEMO = '1';
} else {
  delete env.DATABASE_URL;
}
const serveur: ChildProcess = spawn(
  process.execPath,
  ['packages/server/bin/exploc.js', 'serve', '--demo-si-vide'],
  { env, stdio: ['ignore', 'inherit', 'inherit'] },
);
const fin = Date.now() + 90_000;
for (;;) {
  if (serveur.exitCode !== null) throw new Error(`Le serveur s’est arrêté (code ${serveur.exitCode})`);
  const ok = await fetch(`${URL_EXPLOC}/api/sante`)
    .then((r) => r.ok)
    .catch(() => false);
  if (ok) break;
  if (Date.now() > fin) throw new Error('Le serveur ne répond pas');
  await new Promise((r) => setTimeout(r, 250));
}

afterAll(async () => {
  const arret = new Promise((r) => serveur.once('exit', r));
  serveur.kill('SIGTERM');
  await Promise.race([arret, new Promise((r) => setTimeout(r, 15_000))]);
  await fournisseur.arreter();
  if (process.env.DATABASE_URL) {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${nomBase} with (force)`);
    await admin.end();
  }
  await rm(dossier, { recursive: true, force: true });
});

/** The departmental administrator (demo) creates, through the API, two organisations with a SIRET and an account in each. */
async function preparerComptes(): Promise<{ cookie: string }> {
  const connexion = await fetch(`${URL_EXPLOC}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin.75@demo.exploc.fr', motDePasse: 'demo' }),
  });
  const cookie = (connexion.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await connexion.json()) as { csrfToken: string };
  const poster = async (chemin: string, corps: unknown) => {
    const r = await fetch(`${URL_EXPLOC}${chemin}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify(corps),
    });
    expect(r.status, await r.clone().text()).toBe(201);
    return (await r.json()) as { id: string };
  };
  const ddets = await poster('/api/v1/admin/organisations', {
    type: 'ddets',
    nom: 'DDETS de test ProConnect',
    siret: SIRET.ddets,
  });
  const prefecture = await poster('/api/v1/admin/organisations', {
    type: 'prefecture',
    nom: 'Préfecture de test ProConnect',
    siret: SIRET.prefecture,
  });
  await poster('/api/v1/admin/utilisateurs', {
    email: EMAIL.ddets,
    nom: 'Durand',
    prenom: 'Paul',
    profil: 'agent_ddets',
    organisationId: ddets.id,
  });
  await poster('/api/v1/admin/utilisateurs', {
    email: EMAIL.prefecture,
    nom: 'Roux',
    prenom: 'Inès',
    profil: 'agent_prefecture',
    organisationId: prefecture.id,
  });
  return { cookie };
}
const sessionAdmin = await preparerComptes();

async function emailsDesComptes(): Promise<string[]> {
  const r = await fetch(`${URL_EXPLOC}/api/v1/admin/utilisateurs`, {
    headers: { cookie: sessionAdmin.cookie },
  });
  const { elements } = (await r.json()) as { elements: { email: string }[] };
  return elements.map((e) => e.email);
}

const navigateur = await ouvrirNavigateur();

async function nouvellePage(): Promise<Page> {
  const contexte = await navigateur.newContext({
    baseURL: URL_EXPLOC,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
  });
  return contexte.newPage();
}

/** From Exploc's login page to the provider's login form, then back to Exploc. */
async function seConnecterAvecProConnect(page: Page, sub: string): Promise<void> {
  await page.goto('/connexion');
  await page.getByRole('link', { name: /S’identifier avec\s*ProConnect/ }).click();
  await page.waitForURL((u) => u.origin === fournisseur.issuer);
  await page.getByLabel('Identifiant de test').fill(sub);
  await page.getByRole('button', { name: 'Continuer' }).click();
  await page.waitForURL((u) => u.origin === URL_EXPLOC && !u.pathname.startsWith('/api/'));
}

async function attendreErreur(page: Page, code: string, extrait: RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name: 'Connexion avec ProConnect impossible' }).waitFor();
  expect(new URL(page.url()).searchParams.get('code')).toBe(code);
  await expect(page.getByText(extrait).count()).resolves.toBeGreaterThan(0);
  await expect(page.getByText(`Code de l’erreur : ${code}`).count()).resolves.toBe(1);
  const moi = await page.request.get('/api/v1/moi');
  expect(moi.status()).toBe(401);
}

describe('ProConnect dans Chromium', () => {
  it('première connexion en attente, approbation par l’administrateur, session, puis déconnexion ProConnect', async () => {
    const agent = await nouvellePage();
    await agent.goto('/connexion');
    await agent.getByRole('link', { name: /S’identifier avec\s*ProConnect/ }).waitFor();
    await verifierAccessibilite(agent);

    await seConnecterAvecProConnect(agent, 'pc-ddets');
    await agent
      .getByRole('heading', { level: 1, name: 'Votre accès est en attente de validation' })
      .waitFor();
    expect(new URL(agent.url()).pathname).toBe('/connexion/proconnect/en-attente');
    await verifierAccessibilite(agent);
    expect((await agent.request.get('/api/v1/moi')).status()).toBe(401);

    // The departmental administrator approves the link in the accounts page.
    const admin = await nouvellePage();
    await admin.goto('/connexion');
    await admin.getByLabel('Adresse électronique').fill('admin.75@demo.exploc.fr');
    await admin.getByLabel('Mot de passe', { exact: true }).fill('demo');
    await admin.getByRole('button', { name: 'Se connecter' }).click();
    await admin.getByRole('heading', { level: 1, name: /Bonjour/ }).waitFor();
    await admin.goto('/admin/utilisateurs');
    await admin
      .getByRole('heading', { level: 2, name: 'Accès ProConnect en attente de validation' })
      .waitFor();
    await admin.getByRole('cell', { name: 'DDETS de test ProConnect (13000000000011)' }).waitFor();
    await verifierAccessibilite(admin);
    await admin.getByRole('button', { name: /Approuver l’accès ProConnect de/ }).click();
    await admin.getByText(/est approuvé\./).waitFor();
    await admin.getByText('Aucun accès ProConnect n’attend de validation.').waitFor();

    // Now the login opens a session (the provider remembers the person: no second login form).
    await agent.goto('/connexion');
    await agent.getByRole('link', { name: /S’identifier avec\s*ProConnect/ }).click();
    await agent.getByRole('heading', { level: 1, name: /Bonjour/ }).waitFor();
    const moi = await (await agent.request.get('/api/v1/moi')).json();
    expect(moi.utilisateur.email).toBe(EMAIL.ddets);

    // Logout: local session destroyed, then ProConnect's logout, then back to the login page.
    await agent.goto('/deconnexion');
    await agent.waitForURL((u) => u.origin === fournisseur.issuer);
    await agent.getByRole('button', { name: 'Oui, me déconnecter' }).click();
    await agent.waitForURL((u) => u.origin === URL_EXPLOC && u.pathname === '/connexion');
    await agent.getByText('Vous êtes déconnecté.').waitFor();
    expect((await agent.request.get('/api/v1/moi')).status()).toBe(401);
    // The provider's session is over too: a new login asks for the login form again.
    await agent.getByRole('link', { name: /S’identifier avec\s*ProConnect/ }).click();
    await agent.getByLabel('Identifiant de test').waitFor();
  });

  it('organisation inconnue (SIRET absent d’Exploc) : page d’erreur en français, aucun compte', async () => {
    const page = await nouvellePage();
    const avant = await emailsDesComptes();
    expect(avant).toContain(EMAIL.ddets);
    await seConnecterAvecProConnect(page, 'pc-inconnu');
    await attendreErreur(page, 'organisation_inconnue', /n’est pas enregistrée dans Exploc/);
    await verifierAccessibilite(page);
    expect(await emailsDesComptes()).toEqual(avant);
  });

  it('niveau d’authentification insuffisant pour un profil préfecture', async () => {
    const page = await nouvellePage();
    await seConnecterAvecProConnect(page, 'pc-pref-faible');
    await attendreErreur(page, 'niveau_insuffisant', /exige une authentification renforcée/);
  });

  /** Starts the login, then replays the authorization request with one parameter changed. */
  async function demandeModifiee(page: Page, parametre: string, valeur: string): Promise<void> {
    const demandes: string[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith(`${fournisseur.issuer}/auth?`)) demandes.push(r.url());
    });
    await page.goto('/connexion');
    await page.getByRole('link', { name: /S’identifier avec\s*ProConnect/ }).click();
    await page.getByLabel('Identifiant de test').waitFor();
    const demande = new URL(demandes[0] ?? '');
    demande.searchParams.set(parametre, valeur);
    await page.goto(demande.toString());
    await page.getByLabel('Identifiant de test').fill('pc-ddets');
    await page.getByRole('button', { name: 'Continuer' }).click();
  }

  it('state différent de celui de la demande : etat_invalide', async () => {
    const page = await nouvellePage();
    await demandeModifiee(page, 'state', 'etat-forge');
    await attendreErreur(page, 'etat_invalide', /invalide ou a expiré/);
  });

  it('nonce différent de celui de la demande : nonce_invalide', async () => {
    const page = await nouvellePage();
    await demandeModifiee(page, 'nonce', 'nonce-d-une-autre-demande');
    await attendreErreur(page, 'nonce_invalide', /ne correspond pas à votre demande/);
  });

  it('réponse userinfo falsifiée (signature invalide) : jeton_invalide', async () => {
    fournisseur.alteration = 'signature_userinfo';
    try {
      const page = await nouvellePage();
      await seConnecterAvecProConnect(page, 'pc-ddets');
      await attendreErreur(page, 'jeton_invalide', /signature invalide/);
      await verifierAccessibilite(page);
    } finally {
      fournisseur.alteration = 'aucune';
    }
  });
});
