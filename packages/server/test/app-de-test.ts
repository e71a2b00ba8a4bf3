import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll } from 'vitest';
import { construireApp } from '../src/app.js';
import type { Config } from '../src/config.js';
import { seederDemo } from '../src/seed/demo.js';
import { type BaseDeTest, configDeTest, creerBaseDeTest } from './base-de-test.js';

export interface AppDeTest extends BaseDeTest {
  app: FastifyInstance;
  config: Config;
}

/** A Fastify app on a fresh database with the demo organisations and accounts. */
export async function creerAppDeTest(config: Partial<Config> = {}): Promise<AppDeTest> {
  const base = await creerBaseDeTest();
  await seederDemo(base.db);
  const conf = configDeTest(config);
  const app = await construireApp({ db: base.db, config: conf, journalisation: false });
  await app.ready();
  afterAll(async () => {
    await app.close();
  });
  return { ...base, app, config: conf };
}

export interface Agent {
  cookie: string;
  csrf: string;
  utilisateur: { id: string; profil: string };
  requete: (options: InjectOptions) => Promise<LightMyRequestResponse>;
}

/** Logs in a (demo) account and returns a client that sends its cookie and CSRF token. */
export async function connecter(app: FastifyInstance, email: string, motDePasse = 'demo'): Promise<Agent> {
  const r = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, motDePasse } });
  if (r.statusCode !== 200) throw new Error(`Connexion de ${email} refusée : ${r.statusCode} ${r.body}`);
  const cookie = r.cookies.find((c) => c.name === 'exploc_session');
  if (!cookie) throw new Error('Pas de cookie de session');
  const corps = r.json() as { csrfToken: string; utilisateur: { id: string; profil: string } };
  const agent: Agent = {
    cookie: `exploc_session=${cookie.value}`,
    csrf: corps.csrfToken,
    utilisateur: corps.utilisateur,
    requete: (options) =>
      app.inject({
        ...options,
        headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrf, ...(options.headers ?? {}) },
      }),
  };
  return agent;
}

/** A partner client's bearer token (POST /api/partenaires/v1/token, OAuth2 client credentials). */
export async function jetonPartenaire(
  app: FastifyInstance,
  c: { clientId: string; clientSecret: string },
): Promise<string> {
  const r = await app.inject({
    method: 'POST',
    url: '/api/partenaires/v1/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: c.clientId,
      client_secret: c.clientSecret,
    }).toString(),
  });
  if (r.statusCode !== 200) throw new Error(`Jeton de partenaire refusé : ${r.statusCode} ${r.body}`);
  return (r.json() as { access_token: string }).access_token;
}
