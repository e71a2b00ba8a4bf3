import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import type { Db } from '../../db/connexion.js';
import { corpsErreur } from '../../plugins/erreurs.js';

export function routesSante(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/sante',
      { schema: { tags: ['exploitation'], summary: 'État du serveur et de sa base' } },
      async (_request, reply) => {
        try {
          await Promise.race([
            sql`select 1`.execute(db),
            new Promise((_, reject) => setTimeout(() => reject(new Error('délai dépassé')), 2000)),
          ]);
          return { statut: 'ok' };
        } catch {
          return reply
            .status(503)
            .header('Retry-After', '5')
            .send(corpsErreur('service_indisponible', 'La base de données ne répond pas.'));
        }
      },
    );
  };
}
