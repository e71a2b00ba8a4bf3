import { departementsAdministres } from '@exploc/domain/acces/scope';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.js';
import type { Db } from '../../db/connexion.js';
import { ecritureVersionnee } from '../../plugins/concurrence.js';
import { appelantDe } from '../../plugins/contexte.js';
import { contexteJournal, journaliser } from '../../plugins/journal.js';
import { examinerAlerte, listerAlertes } from './alertes.js';
import { detecterAnomalies } from './detection.js';

const idParams = z.strictObject({ id: z.uuid('Identifiant d’alerte invalide') });

/** Security alerts of the département, for its administrator (issue #9). */
export function routesSecurite(db: Db, config: Config): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/admin/alertes-securite',
      {
        config: { acces: { permission: 'journal.consulter' } },
        schema: {
          querystring: z.strictObject({
            statut: z.enum(['a_examiner', 'examinees', 'toutes']).default('a_examiner'),
          }),
          tags: ['administration'],
          summary: 'Alertes de sécurité des départements administrés',
        },
      },
      async (request, reply) => {
        const a = appelantDe(request);
        const elements = await listerAlertes(db, contexteJournal(request), a.scope, request.query.statut);
        reply.header('Cache-Control', 'no-store');
        return { elements };
      },
    );

    app.post(
      '/api/v1/admin/alertes-securite/:id/examen',
      {
        config: { acces: { permission: 'journal.consulter' } },
        schema: {
          params: idParams,
          body: z.strictObject({
            commentaire: z.string().trim().min(1, 'Indiquez ce que vous avez constaté').max(2000),
          }),
          tags: ['administration'],
          summary: 'Marquer une alerte comme examinée, avec un commentaire (If-Match)',
        },
      },
      async (request, reply) => {
        const a = appelantDe(request);
        return ecritureVersionnee(request, reply, (version) =>
          examinerAlerte(
            db,
            { appelant: a, requeteId: String(request.id) },
            a.scope,
            request.params.id,
            version,
            request.body.commentaire,
          ),
        );
      },
    );

    app.post(
      '/api/v1/admin/alertes-securite/analyse',
      {
        config: {
          acces: { permission: 'journal.consulter' },
          rateLimit: { max: 10, timeWindow: '1 minute' },
        },
        schema: {
          body: z.strictObject({}).optional(),
          tags: ['administration'],
          summary: 'Lancer tout de suite la détection d’anomalies (sinon faite chaque heure)',
        },
      },
      async (request) => {
        const a = appelantDe(request);
        // The administrator sees the new alerts on the page; the e-mails leave with the next hourly run.
        const bilan = await detecterAnomalies(db, null, {
          seuils: config.alertes,
          urlPublique: config.urlPublique ?? `http://localhost:${config.port}`,
        });
        await journaliser(db, contexteJournal(request), {
          action: 'detection_anomalies_lancee',
          objetType: 'alerte_securite',
        });
        const nouvelles = departementsAdministres(a.scope).reduce(
          (s, d) => s + (bilan.nouvellesParDepartement[d] ?? 0),
          0,
        );
        return { nouvelles };
      },
    );
  };
}
