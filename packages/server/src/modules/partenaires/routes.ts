import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/connexion.js';
import { appelantDe } from '../../plugins/contexte.js';
import { ErreurHttp } from '../../plugins/erreurs.js';
import { contexteJournal } from '../../plugins/journal.js';
import { routesSaisinesPartenaires } from '../bailleurs/routes-partenaires.js';
import { routesDecisionsAplPartenaires } from '../ccapex/decisions-apl-routes.js';
import { routesAbonnements } from '../webhooks/routes.js';
import { emettreJeton, lireActe, type Partenaire, partenaireDuJeton, recevoirActe } from './service.js';
import { actesARattacher, rattacherActe } from './triage.js';

declare module 'fastify' {
  interface FastifyRequest {
    partenaire: Partenaire | null;
  }
}

function partenaireDe(request: Pick<FastifyRequest, 'partenaire'>): Partenaire {
  if (!request.partenaire) throw new ErreurHttp(401, 'non_authentifie', 'Jeton d’accès absent ou invalide.');
  return request.partenaire;
}

const exempleActe = {
  reference: 'ETUDE-2026-000123',
  type: 'commandement_de_payer',
  date: '2026-11-02',
  montantDette: 2340.0,
  moisImpayes: 4,
  dossier: {
    menage: {
      personnes: [{ nom: 'Martin', prenoms: 'Julie', dateNaissance: '1985-04-12', role: 'titulaire' }],
    },
    logement: {
      adresse: { ligne: '12 rue des Lilas', codePostal: '75018', codeInsee: '75118' },
      social: false,
    },
    bail: { dateSignature: '2024-02-15', loyerMensuelHC: 650, chargesMensuelles: 80 },
    bailleur: { type: 'personne_physique', nom: 'M. Paul Durand' },
  },
};

const reponseActe = z.object({
  acteId: z.string(),
  dossierNumero: z.string().nullable(),
  statut: z.enum(['integre', 'a_rattacher', 'a_verifier']),
});

/**
 * The partner API (contracts/api.md): OAuth2 client credentials, acts with Idempotency-Key, reading one's own
 * acts. No session, no CSRF: a bearer token per partner client.
 */
export function routesPartenaires(db: Db, o: { autoriserHttpLocal: boolean }): FastifyPluginAsyncZod {
  return async (app) => {
    app.decorateRequest('partenaire', null);
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 4096 },
      (_req, corps, fini) => {
        fini(null, Object.fromEntries(new URLSearchParams(String(corps))));
      },
    );
    app.addHook('preValidation', async (request) => {
      if (request.routeOptions.url === '/api/partenaires/v1/token') return;
      const entete = request.headers.authorization ?? '';
      const m = /^Bearer\s+([A-Za-z0-9_-]{20,200})$/.exec(entete);
      const partenaire = m?.[1] ? await partenaireDuJeton(db, m[1]) : null;
      if (!partenaire) {
        throw new ErreurHttp(401, 'non_authentifie', 'Jeton d’accès absent, invalide ou expiré.', undefined, {
          'WWW-Authenticate': 'Bearer',
        });
      }
      request.partenaire = partenaire;
    });

    app.post(
      '/api/partenaires/v1/token',
      {
        config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: {
          tags: ['partenaires'],
          summary: 'Jeton d’accès (OAuth2 client credentials, application/x-www-form-urlencoded)',
          body: z.strictObject({
            grant_type: z.literal('client_credentials', 'Seul grant_type=client_credentials est accepté'),
            client_id: z.string().min(1).max(200),
            client_secret: z.string().min(1).max(200),
          }),
          response: {
            200: z.object({
              access_token: z.string(),
              token_type: z.literal('Bearer'),
              expires_in: z.number(),
            }),
          },
        },
      },
      async (request, reply) => {
        reply.header('Cache-Control', 'no-store');
        return emettreJeton(db, request.body.client_id, request.body.client_secret);
      },
    );

    app.post(
      '/api/partenaires/v1/actes',
      {
        config: {
          rateLimit: {
            max: 60_000,
            timeWindow: '1 minute',
            hook: 'preHandler',
            keyGenerator: (request: FastifyRequest) => `partenaire:${request.partenaire?.id ?? request.ip}`,
          },
        },
        schema: {
          tags: ['partenaires'],
          summary: 'Transmettre un acte (en-tête Idempotency-Key obligatoire)',
          description:
            'Le corps porte `reference` (identifiant de l’acte chez le partenaire), `type` et `date` de l’événement avec ses champs (contrat procedure-evaluate), et `dossier` : `{ "numero" }` ou `{ "menage", "logement", "bail", "bailleur" }` comme à la création d’un dossier. La même clé avec le même corps rejoue la première réponse (`Idempotent-Replayed: true`) ; avec un autre corps : 422 `idempotency_key_reutilisee` ; pendant que la première est en cours : 409 `requete_en_cours`.',
          headers: z.looseObject({
            'idempotency-key': z.string().optional(),
          }),
          body: z.looseObject({}).meta({ example: exempleActe }),
          response: { 201: reponseActe },
        },
      },
      async (request, reply) => {
        const partenaire = partenaireDe(request);
        const cle = request.headers['idempotency-key'];
        if (typeof cle !== 'string' || cle.length === 0) {
          throw new ErreurHttp(400, 'idempotency_key_requise', 'L’en-tête Idempotency-Key est obligatoire.');
        }
        if (cle.length > 200 || !/^[\x21-\x7e]+$/.test(cle)) {
          throw new ErreurHttp(
            400,
            'requete_invalide',
            'Idempotency-Key invalide (200 caractères imprimables au plus).',
          );
        }
        const r = await recevoirActe(db, partenaire, cle, request.body, String(request.id));
        if (r.rejoue) reply.header('Idempotent-Replayed', 'true');
        return reply.status(r.statutHttp as 201).send(r.corps);
      },
    );

    app.get(
      '/api/partenaires/v1/actes/:acteId',
      {
        schema: {
          tags: ['partenaires'],
          summary: 'Lire un de ses actes et l’état de son dossier',
          params: z.strictObject({ acteId: z.uuid('Identifiant d’acte invalide') }),
        },
      },
      async (request) => lireActe(db, partenaireDe(request), request.params.acteId, String(request.id)),
    );

    // A child plugin inherits the bearer-token hook above.
    await app.register(routesAbonnements(db, { autoriserHttpLocal: o.autoriserHttpLocal, partenaireDe }));
    // Landlords' software: CCAPEX saisines (bailleurs/routes-partenaires.ts).
    await app.register(routesSaisinesPartenaires(db, { partenaireDe }));
    // The CAF: the CCAPEX's housing-benefit decisions (ccapex/decisions-apl-routes.ts).
    await app.register(routesDecisionsAplPartenaires(db, { partenaireDe }));
  };
}

/** Agents' side: partner acts waiting to be attached to a dossier. */
export function routesTriageActes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/actes-partenaires/a-rattacher',
      {
        config: { acces: { permission: 'dossier.evenement.ajouter' } },
        schema: { tags: ['partenaires'], summary: 'Actes de partenaires à rattacher à un dossier' },
      },
      async (request) => ({ elements: await actesARattacher(db, appelantDe(request).scope) }),
    );
    app.post(
      '/api/v1/actes-partenaires/:id/rattachement',
      {
        config: { acces: { permission: 'dossier.evenement.ajouter' } },
        schema: {
          tags: ['partenaires'],
          summary: 'Rattacher un acte à l’un des dossiers proposés',
          params: z.strictObject({ id: z.uuid('Identifiant d’acte invalide') }),
          body: z.strictObject({ dossierId: z.uuid('Identifiant de dossier invalide') }),
        },
      },
      async (request) =>
        rattacherActe(
          db,
          contexteJournal(request),
          appelantDe(request),
          request.params.id,
          request.body.dossierId,
        ),
    );
  };
}
