import { schemaAjustementIndemnisation } from '@exploc/domain/schemas/indemnisation';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/connexion.js';
import { etag, versionAttendue } from '../../plugins/concurrence.js';
import { appelantDe } from '../../plugins/contexte.js';
import { contexteJournal } from '../identite/routes.js';
import * as service from './service.js';

const idParams = z.strictObject({ id: z.uuid('Identifiant de dossier invalide') });

export function routesIndemnisation(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/dossiers/:id/indemnisation',
      {
        config: { acces: { permission: 'indemnisation.instruire' } },
        schema: {
          params: idParams,
          tags: ['indemnisation'],
          summary: 'Indemnité due par l’État (L153-1, R154-1 à R154-7), avec les ajustements motivés',
        },
      },
      async (request, reply) => {
        const r = await service.calculer(
          db,
          contexteJournal(request),
          appelantDe(request),
          request.params.id,
        );
        reply.header('ETag', etag(r.version)).header('Cache-Control', 'no-store');
        return r;
      },
    );

    app.post(
      '/api/v1/dossiers/:id/indemnisation/ajustements',
      {
        config: { acces: { permission: 'indemnisation.instruire' } },
        schema: {
          params: idParams,
          body: schemaAjustementIndemnisation,
          tags: ['indemnisation'],
          summary: 'Ajouter un ajustement motivé de l’indemnité (If-Match)',
        },
      },
      async (request, reply) => {
        const version = versionAttendue(request);
        const r = await service.ajouterAjustement(
          db,
          contexteJournal(request),
          appelantDe(request),
          request.params.id,
          version,
          request.body,
        );
        reply.header('ETag', etag(r.version));
        return reply.status(201).send(r);
      },
    );
  };
}
