import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LIBELLES_PROFILS } from '@exploc/domain/acces/profils';
import { activerMessagesFrancais } from '@exploc/domain/schemas/zod-fr';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import type { Db } from './db/connexion.js';
import { routesBailleurs } from './modules/bailleurs/routes.js';
import { routesNotesCcapex } from './modules/ccapex/notes-routes.js';
import { routesCcapex } from './modules/ccapex/routes.js';
import { routesCcapexSeances } from './modules/ccapex/seances-routes.js';
import { routesCommunesUnites } from './modules/cfp/communes-unites.js';
import { routesCfp } from './modules/cfp/routes.js';
import { routesDocuments } from './modules/documents/routes.js';
import { routesDossiers } from './modules/dossiers/routes.js';
import { routesDroits } from './modules/droits/routes.js';
import { portsDepuisConfig } from './modules/echanges/adaptateurs-http.js';
import type { PortsPartenaires } from './modules/echanges/ports.js';
import { routesEchanges } from './modules/echanges/routes.js';
import { routesProConnect } from './modules/identite/proconnect-routes.js';
import { routesIdentite } from './modules/identite/routes.js';
import { routesIrl } from './modules/indemnisation/irl.js';
import { routesIndemnisation } from './modules/indemnisation/routes.js';
import { routesJournal } from './modules/journal/routes.js';
import { routesPartenaires, routesTriageActes } from './modules/partenaires/routes.js';
import { routesPilotage } from './modules/pilotage/routes.js';
import { routesReferentiel } from './modules/referentiel/routes.js';
import { routesSante } from './modules/sante/routes.js';
import { enregistrerJournalDesRefus } from './modules/securite/refus.js';
import { routesSecurite } from './modules/securite/routes.js';
import { routesTravail } from './modules/travail/routes.js';
import { routesAdminWebhooks } from './modules/webhooks/routes.js';
import { enregistrerAuthentification } from './plugins/authentification.js';
import type { RegleAcces } from './plugins/contexte.js';
import { corpsErreur, ErreurHttp, enregistrerGestionErreurs } from './plugins/erreurs.js';
import { COMPTES_DEMO } from './seed/demo.js';

export const DOSSIER_WEB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export interface OptionsApp {
  db: Db;
  config: Config;
  /** Pino options; false in tests. */
  journalisation?: boolean;
  /** Partners' systems; by default the HTTP adapters of the configuration. */
  ports?: PortsPartenaires;
}

activerMessagesFrancais();

export interface RouteDeclaree {
  methode: string;
  url: string;
  acces: RegleAcces | undefined;
}

const registreRoutes = new WeakMap<object, RouteDeclaree[]>();

/** Every route with its declared access rule (for the authorization matrix tests). */
export function routesDeclarees(app: FastifyInstance): RouteDeclaree[] {
  return registreRoutes.get(app) ?? [];
}

export async function construireApp({
  db,
  config,
  journalisation = true,
  ports = portsDepuisConfig(config),
}: OptionsApp): Promise<FastifyInstance> {
  const app = Fastify({
    logger: journalisation
      ? {
          level: config.logLevel,
          // No personal data in logs: the route pattern, never the URL with its query string.
          serializers: {
            req: (req) => ({ method: req.method, route: req.routeOptions?.url, id: req.id }),
            res: (res) => ({ statusCode: res.statusCode }),
          },
        }
      : false,
    genReqId: () => randomUUID(),
    trustProxy: true,
    bodyLimit: 2 * 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  enregistrerGestionErreurs(app);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // A partner sandbox says so on every response: nothing there is real (modules/partenaires/bac-a-sable.ts).
    if (config.bacASable) reply.header('Exploc-Bac-A-Sable', '1');
  });

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: config.urlPublique?.startsWith('https:')
      ? { maxAge: 31_536_000, includeSubDomains: true }
      : false,
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, { limits: { fileSize: 10 * 1024 * 1024, files: 1 } });
  await app.register(fastifyRateLimit, {
    global: false,
    // IETF draft headers (RateLimit-Limit / -Remaining / -Reset, and Retry-After on 429) rather than the
    // X-RateLimit-* ones: partner clients can pace themselves. The plugin only takes this option globally.
    enableDraftSpec: true,
    errorResponseBuilder: (_request, contexte) =>
      new ErreurHttp(
        429,
        'trop_de_requetes',
        `Trop de tentatives : réessayez dans ${contexte.after}.`,
        undefined,
        {
          'Retry-After': String(Math.ceil(contexte.ttl / 1000)),
        },
      ),
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Exploc — API',
        description:
          'API d’Exploc : dossiers de prévention des expulsions et procédures, API des partenaires (commissaires de justice, bailleurs, CAF, Banque de France) et pilotage.',
        version: '1.0.0',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'exploc_session' },
          partenaire: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const routes: RouteDeclaree[] = [];
  app.addHook('onRoute', (r) => {
    for (const methode of [r.method].flat()) {
      if (methode !== 'HEAD') routes.push({ methode, url: r.url, acces: r.config?.acces });
    }
  });
  registreRoutes.set(app, routes);

  enregistrerAuthentification(app, db, config);
  enregistrerJournalDesRefus(app, db);
  await app.register(routesSante(db));
  await app.register(routesIdentite(db, config));
  await app.register(routesProConnect(db, config));
  await app.register(routesReferentiel(db));
  await app.register(routesDossiers(db));
  await app.register(routesTravail(db));
  await app.register(routesCfp(db));
  await app.register(routesIndemnisation(db, config.storageDir));
  await app.register(routesIrl(db));
  await app.register(routesCommunesUnites(db));
  await app.register(routesDocuments(db, config));
  await app.register(routesBailleurs(db, config));
  await app.register(routesPartenaires(db, { autoriserHttpLocal: config.demo }));
  await app.register(routesAdminWebhooks(db));
  await app.register(routesTriageActes(db));
  await app.register(routesEchanges(db, ports));
  await app.register(routesPilotage(db));
  await app.register(routesNotesCcapex(db));
  await app.register(routesCcapex(db));
  await app.register(routesCcapexSeances(db, config));
  await app.register(routesJournal(db));
  await app.register(routesSecurite(db, config));
  await app.register(routesDroits(db));
  app.get(
    '/api/v1/configuration',
    { config: { acces: 'public' }, schema: { tags: ['session'] } },
    async () => ({
      demo: config.demo,
      bacASable: config.bacASable,
      proconnect: config.proconnect !== undefined,
      comptesDemo: config.demo
        ? COMPTES_DEMO.map((c) => ({
            email: c.email,
            libelleProfil: LIBELLES_PROFILS[c.profil],
            perimetre: c.perimetre,
          }))
        : [],
    }),
  );

  const webDisponible = existsSync(path.join(DOSSIER_WEB, 'index.html'));
  if (webDisponible) {
    await app.register(fastifyStatic, {
      root: DOSSIER_WEB,
      index: ['index.html'],
      setHeaders: (res, chemin) => {
        if (chemin.includes(`${path.sep}assets${path.sep}`)) {
          res.header('Cache-Control', 'public, max-age=31536000, immutable');
        }
      },
    });
  }
  app.setNotFoundHandler(async (request, reply) => {
    const chemin = request.url.split('?')[0] ?? '';
    // A missing file (with an extension) is a 404, never the app's HTML.
    if (
      request.url.startsWith('/api/') ||
      request.method !== 'GET' ||
      !webDisponible ||
      /\.[a-z0-9]{1,8}$/i.test(chemin)
    ) {
      return reply.status(404).send(corpsErreur('introuvable', 'La ressource demandée est introuvable.'));
    }
    // The single-page app handles its own routes (and shows its own 404 page).
    return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
  });
  return app;
}
