import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/connexion.js';
import type { Partenaire } from '../partenaires/service.js';
import { lireDecisionsApl } from './decisions-apl.js';

/** Partner API, CAF clients only (the parent plugin checks the bearer token). */
export function routesDecisionsAplPartenaires(
  db: Db,
  o: { partenaireDe: (r: { partenaire: Partenaire | null }) => Partenaire },
): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/partenaires/v1/decisions-apl',
      {
        config: {
          rateLimit: {
            max: 120,
            timeWindow: '1 minute',
            hook: 'preHandler',
            keyGenerator: (request: FastifyRequest) => `partenaire:${request.partenaire?.id ?? request.ip}`,
          },
        },
        schema: {
          tags: ['partenaires'],
          summary: 'CAF : décisions de maintien ou de suspension de l’aide au logement prises par la CCAPEX',
          description:
            'Les décisions des séances closes depuis `depuis` dans vos départements, par ordre de clôture, 500 par page (`suivant` → `curseur`). Même contenu que le webhook `decision_apl_ccapex` (docs/api/webhooks.md).',
          querystring: z.strictObject({
            depuis: z.iso.datetime({
              offset: true,
              error: 'Date et heure ISO 8601 attendues (ex. 2026-11-01T00:00:00Z)',
            }),
            curseur: z.string().max(200).optional(),
          }),
        },
      },
      async (request) =>
        lireDecisionsApl(db, { appelant: null, requeteId: String(request.id) }, o.partenaireDe(request), {
          depuis: new Date(request.query.depuis),
          curseur: request.query.curseur,
        }),
    );
  };
}
