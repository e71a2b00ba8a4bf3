import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/connexion.js';
import { aujourdhui } from '../../lib/aujourdhui.js';
import { appelantDe } from '../../plugins/contexte.js';
import { contexteJournal, journaliser } from '../../plugins/journal.js';
import {
  compterJournal,
  exporterJournalCsv,
  filtresUtilises,
  rechercherJournal,
  schemaFiltresJournal,
} from './recherche.js';

/** The departmental administrator's search of the access journal (CNIL délibération 2021-122). */
export function routesJournal(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/admin/journal',
      {
        config: { acces: { permission: 'journal.consulter' } },
        schema: {
          querystring: schemaFiltresJournal,
          tags: ['administration'],
          summary: 'Rechercher dans le journal des accès (lignes des départements administrés)',
        },
      },
      async (request, reply) => {
        const a = appelantDe(request);
        const [page] = await Promise.all([
          rechercherJournal(db, a.scope, request.query),
          journaliser(db, contexteJournal(request), {
            action: 'journal_consulte',
            objetType: 'journal',
            details: { filtres: filtresUtilises(request.query) },
          }),
        ]);
        reply.header('Cache-Control', 'no-store');
        return page;
      },
    );

    app.get(
      '/api/v1/admin/journal/export',
      {
        config: { acces: { permission: 'journal.consulter' } },
        schema: {
          querystring: schemaFiltresJournal,
          tags: ['administration'],
          summary: 'Exporter en CSV les lignes du journal qui répondent aux filtres',
        },
      },
      async (request, reply) => {
        const a = appelantDe(request);
        const { avant: _avant, ...filtres } = request.query;
        const lignes = await compterJournal(db, a.scope, filtres);
        await journaliser(db, contexteJournal(request), {
          action: 'export_journal',
          objetType: 'journal',
          details: { filtres: filtresUtilises(filtres), lignes },
        });
        reply
          .header('Content-Disposition', `attachment; filename="journal-${aujourdhui()}.csv"`)
          .header('Cache-Control', 'no-store')
          .type('text/csv; charset=utf-8');
        return reply.send(exporterJournalCsv(db, a.scope, filtres));
      },
    );
  };
}
