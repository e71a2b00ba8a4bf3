import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/connexion.js';
import { appelantDe } from '../../plugins/contexte.js';
import { contexteJournal } from '../../plugins/journal.js';
import { pdfDroitAcces } from './pdf.js';
import { donneesDuMenage } from './service.js';

/**
 * Rights of the persons (RGPD art. 15): the préfecture, sous-préfecture, DDETS and DDT agents, who answer
 * access requests and see every field class, export everything held on a household. The permission
 * `dossier.exporter` is held by exactly these four profiles; the dossier must be in the caller's scope (404).
 * Rectification goes through corrections of the chronology and edits of the dossier (already journaled).
 */
export function routesDroits(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/dossiers/:id/droit-acces',
      {
        config: { acces: { permission: 'dossier.exporter' } },
        schema: {
          params: z.strictObject({ id: z.uuid('Identifiant de dossier invalide') }),
          querystring: z.strictObject({ format: z.enum(['json', 'pdf']).default('json') }),
          tags: ['dossiers'],
          summary: 'Droit d’accès : toutes les données détenues sur le ménage (JSON ou PDF), journalisé',
        },
      },
      async (request, reply) => {
        const a = appelantDe(request);
        const { format } = request.query;
        const donnees = await donneesDuMenage(
          db,
          contexteJournal(request),
          a.scope,
          request.params.id,
          format,
        );
        const nom = `droit-acces-${donnees.dossier.numero}.${format}`;
        reply
          .header('Cache-Control', 'no-store')
          .header('Content-Disposition', `attachment; filename="${nom}"`);
        if (format === 'json') return reply.type('application/json; charset=utf-8').send(donnees);
        return reply.type('application/pdf').send(await pdfDroitAcces(donnees));
      },
    );
  };
}
