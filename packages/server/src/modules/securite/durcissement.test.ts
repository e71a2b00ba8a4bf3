import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { connecter, creerAppDeTest } from '../../../test/app-de-test.js';
import { configDeTest } from '../../../test/base-de-test.js';
import { construireApp, DOSSIER_WEB } from '../../app.js';
import { lireConfig } from '../../config.js';
import { hacherIdentifiantSession } from '../identite/service.js';

const { app, db, config } = await creerAppDeTest();
const appHttps = await construireApp({
  db,
  config: configDeTest({ urlPublique: 'https://exploc.exemple.gouv.fr' }),
  journalisation: false,
});
await appHttps.ready();
afterAll(async () => {
  await appHttps.close();
});

function directives(r: LightMyRequestResponse): Map<string, string[]> {
  const csp = String(r.headers['content-security-policy'] ?? '');
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([nom, ...valeurs]) => [nom as string, valeurs]),
  );
}

/** The headers every response must carry, whatever its status or content. */
function verifierEntetes(r: LightMyRequestResponse, quoi: string) {
  const csp = directives(r);
  expect(csp.get('script-src'), `${quoi} : script-src`).toEqual(["'self'"]);
  expect(csp.get('default-src'), quoi).toEqual(["'self'"]);
  expect(csp.get('frame-ancestors'), quoi).toEqual(["'none'"]);
  expect(csp.get('object-src'), quoi).toEqual(["'none'"]);
  expect(csp.get('base-uri'), quoi).toEqual(["'self'"]);
  expect(String(r.headers['content-security-policy']), quoi).not.toMatch(/unsafe-eval/);
  expect(r.headers['x-content-type-options'], quoi).toBe('nosniff');
  expect(r.headers['referrer-policy'], quoi).toBe('same-origin');
  expect(r.headers['x-frame-options'], quoi).toBe('SAMEORIGIN');
  expect(r.headers['x-powered-by'], quoi).toBeUndefined();
}

describe('en-têtes de sécurité sur toutes les réponses', () => {
  it('réponses JSON de l’API : 200, 400, 401, 403 (CSRF), 404 (API et fichier absent)', async () => {
    const reponses: [string, LightMyRequestResponse, number][] = [
      ['200', await app.inject({ method: 'GET', url: '/api/v1/configuration' }), 200],
      [
        '400',
        await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'pas-un-email' } }),
        400,
      ],
      ['401', await app.inject({ method: 'GET', url: '/api/v1/moi' }), 401],
      ['404', await app.inject({ method: 'GET', url: '/api/v1/inconnue' }), 404],
      ['404 fichier', await app.inject({ method: 'GET', url: '/absent.js' }), 404],
    ];
    const agent = await connecter(app, 'prefecture.75@demo.exploc.fr');
    reponses.push([
      '403',
      await app.inject({
        method: 'POST',
        url: '/api/v1/filtres',
        headers: { cookie: agent.cookie },
        payload: {},
      }),
      403,
    ]);
    for (const [quoi, r, statut] of reponses) {
      expect(r.statusCode, quoi).toBe(statut);
      expect(r.headers['content-type'], quoi).toBe('application/json; charset=utf-8');
      verifierEntetes(r, quoi);
    }
  });

  it('HSTS seulement derrière HTTPS (URL publique https), sur les réponses d’erreur aussi', async () => {
    expect(
      (await app.inject({ method: 'GET', url: '/api/sante' })).headers['strict-transport-security'],
    ).toBe(undefined);
    for (const url of ['/api/sante', '/api/v1/moi', '/api/v1/inconnue']) {
      const r = await appHttps.inject({ method: 'GET', url });
      expect(r.headers['strict-transport-security'], url).toBe('max-age=31536000; includeSubDomains');
      verifierEntetes(r, url);
    }
  });

  const webConstruit = existsSync(path.join(DOSSIER_WEB, 'index.html'));
  it.skipIf(!webConstruit)(
    'application web construite : index.html sans script inline, en-têtes sur la page et les fichiers statiques',
    async () => {
      const index = await readFile(path.join(DOSSIER_WEB, 'index.html'), 'utf8');
      const scripts = [...index.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attributs, contenu] of scripts) {
        expect(attributs).toMatch(/\bsrc=/);
        expect(contenu?.trim()).toBe('');
      }
      expect(index).not.toMatch(/\son[a-z]+\s*=/i);
      const page = await app.inject({ method: 'GET', url: '/dossiers/quelconque' });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      verifierEntetes(page, 'SPA');
      const fichier = (await readdir(path.join(DOSSIER_WEB, 'assets'))).find((f) => f.endsWith('.js'));
      const statique = await app.inject({ method: 'GET', url: `/assets/${fichier}` });
      expect(statique.statusCode).toBe(200);
      verifierEntetes(statique, 'fichier statique');
    },
  );
});

describe('cookie de session', () => {
  const seConnecter = (a = app, entetes: Record<string, string> = {}) =>
    a.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: entetes,
      payload: { email: 'ddets.75@demo.exploc.fr', motDePasse: 'demo' },
    });

  it('HttpOnly, SameSite=Lax, Path=/, durée maximale ; Secure derrière un mandataire HTTPS, pas en HTTP', async () => {
    const http = (await seConnecter()).cookies.find((c) => c.name === 'exploc_session');
    expect(http).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(http?.secure).toBeUndefined();
    expect(http?.maxAge).toBe(config.sessionDureeMaxMs / 1000);
    const https = (await seConnecter(app, { 'x-forwarded-proto': 'https' })).cookies.find(
      (c) => c.name === 'exploc_session',
    );
    expect(https?.secure).toBe(true);
    expect(https?.value).toMatch(/^[A-Za-z0-9_-]{43,}$/);
  });

  it('fixation de session : un identifiant imposé par un tiers n’est jamais adopté', async () => {
    const impose = 'identifiant-choisi-par-l-attaquant-0123456789abcdef';
    const r = await seConnecter(app, { cookie: `exploc_session=${impose}` });
    const c = r.cookies.find((x) => x.name === 'exploc_session');
    expect(c?.value).not.toBe(impose);
    const avecImpose = await app.inject({
      method: 'GET',
      url: '/api/v1/moi',
      headers: { cookie: `exploc_session=${impose}` },
    });
    expect(avecImpose.statusCode).toBe(401);
  });

  it('expiration par inactivité et expiration absolue (401, la session ne revit pas)', async () => {
    const inactif = await connecter(app, 'ddets.75@demo.exploc.fr');
    const absolu = await connecter(app, 'prefecture.75@demo.exploc.fr');
    const hash = async (agent: typeof inactif) => hacherIdentifiantSession(agent.cookie.split('=')[1] ?? '');
    expect((await inactif.requete({ method: 'GET', url: '/api/v1/moi' })).statusCode).toBe(200);
    await db
      .updateTable('session')
      .set({ vu_le: new Date(Date.now() - config.sessionInactiviteMs - 1000) })
      .where('id_hash', '=', await hash(inactif))
      .execute();
    await db
      .updateTable('session')
      .set({ expire_le: new Date(Date.now() - 1000) })
      .where('id_hash', '=', await hash(absolu))
      .execute();
    for (const agent of [inactif, absolu]) {
      const r = await agent.requete({ method: 'GET', url: '/api/v1/moi' });
      expect(r.statusCode).toBe(401);
      expect(r.json().erreur.code).toBe('non_authentifie');
    }
  });
});

describe('limites de débit', () => {
  it('le point d’émission des jetons des partenaires rend 429 avec Retry-After au-delà de 30 demandes par minute', async () => {
    const demande = () =>
      app.inject({
        method: 'POST',
        url: '/api/partenaires/v1/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'grant_type=client_credentials&client_id=inconnu&client_secret=faux',
      });
    const statuts: number[] = [];
    for (let i = 0; i < 30; i++) statuts.push((await demande()).statusCode);
    expect(statuts.every((s) => s === 401 || s === 400)).toBe(true);
    const trop = await demande();
    expect(trop.statusCode).toBe(429);
    expect(Number(trop.headers['retry-after'])).toBeGreaterThan(0);
    expect(trop.json().erreur.code).toBe('trop_de_requetes');
  });
});

describe('secrets', () => {
  it('aucun secret par défaut : SMTP, ProConnect, clamd et bases ne viennent que de l’environnement', () => {
    const c = lireConfig({});
    expect(c.smtpUrl).toBeUndefined();
    expect(c.proconnect).toBeUndefined();
    expect(c.clamd).toBeUndefined();
    expect(c.databaseUrl).toBeUndefined();
    const avec = lireConfig({ EXPLOC_CLAMD: '/run/clamav/clamd.ctl' });
    expect(avec.clamd).toEqual({ adresse: '/run/clamav/clamd.ctl', delaiMs: 10_000 });
  });
});
