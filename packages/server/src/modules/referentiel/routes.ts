import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/connexion.js';
import { introuvable } from '../../plugins/erreurs.js';
import { chercherCommunes, listerArrondissements, listerDepartements } from './repository.js';

export function routesReferentiel(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/referentiel/departements',
      { config: { acces: 'public' }, schema: { tags: ['référentiel'] } },
      async (_request, reply) => {
        reply.header('Cache-Control', 'public, max-age=86400');
        return { elements: await listerDepartements(db) };
      },
    );
    app.get(
      '/api/v1/referentiel/departements/:code/arrondissements',
      {
        config: { acces: 'public' },
        schema: {
          params: z.strictObject({ code: z.string().regex(/^[0-9AB]{2,3}$/) }),
          tags: ['référentiel'],
        },
      },
      async (request) => {
        const elements = await listerArrondissements(db, request.params.code);
        if (elements.length === 0) throw introuvable('Le département');
        return { elements };
      },
    );
    app.get(
      '/api/v1/referentiel/communes',
      {
        config: { acces: 'public' },
        schema: {
          querystring: z.strictObject({
            q: z.string().trim().min(2, 'Saisissez au moins 2 caractères').max(100),
            departement: z
              .string()
              .regex(/^[0-9AB]{2,3}$/)
              .optional(),
          }),
          tags: ['référentiel'],
        },
      },
      async (request) => ({
        elements: await chercherCommunes(db, request.query.q, request.query.departement),
      }),
    );
  };
}
