import {
  STATUTS_INSTRUCTION_CFP,
  schemaDecisionCfp,
  schemaEnqueteCfp,
  schemaIssueExecutionCfp,
  schemaPlanificationExecutionCfp,
  schemaVerificationSocialeCfp,
} from '@exploc/domain/schemas/cfp';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/connexion.js';
import { ecritureSurId, ecritureVersionnee, etag } from '../../plugins/concurrence.js';
import { appelantDe } from '../../plugins/contexte.js';
import { contexteJournal } from '../../plugins/journal.js';
import { DESTINATAIRES_LETTRE_CFP } from './lettre-pdf.js';
import * as service from './service.js';
import { tableauDeBord } from './tableau-de-bord.js';

const idParams = z.strictObject({ id: z.uuid('Identifiant de demande invalide') });
/** The outcome's own rules (schemaIssueExecutionCfp), plus the mandatory reason of the correction. */
const schemaCorrectionIssue = schemaIssueExecutionCfp.safeExtend({
  motif: z
    .string('Le motif de la correction est obligatoire')
    .trim()
    .min(5, 'Le motif de la correction est obligatoire (5 caractères au moins)')
    .max(2000, 'Motif trop long (2 000 caractères au plus)'),
});
const filtres = z.strictObject({
  statut: z
    .union([z.enum(STATUTS_INSTRUCTION_CFP), z.array(z.enum(STATUTS_INSTRUCTION_CFP))])
    .optional()
    .transform((s) => (s === undefined ? undefined : Array.isArray(s) ? s : [s])),
});

/**
 * Concours de la force publique (CPCE R153-1): the préfecture instructs and decides, the police unit of the
 * commune records its enquiry. Police have their own routes, which never carry the social check.
 */
export function routesCfp(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    for (const [prefixe, permission] of [
      ['/api/v1/cfp', 'cfp.instruire'],
      ['/api/v1/cfp/enquetes', 'cfp.enquete'],
    ] as const) {
      app.get(
        prefixe,
        {
          config: { acces: { permission } },
          schema: {
            querystring: filtres,
            tags: ['cfp'],
            summary:
              permission === 'cfp.enquete'
                ? 'Demandes de concours confiées à l’unité'
                : 'Demandes de concours du périmètre (étape, ancienneté, refus implicite)',
          },
        },
        async (request) => {
          const a = appelantDe(request);
          const lignes = await service.lister(db, a, { statuts: request.query.statut });
          return { elements: lignes.map(({ ligne, asOf }) => service.vueInstruction(a, ligne, asOf)) };
        },
      );
      app.get(
        `${prefixe}/:id`,
        {
          config: { acces: { permission } },
          schema: {
            params: idParams,
            tags: ['cfp'],
            summary: 'Lire une demande de concours (ETag = version)',
          },
        },
        async (request, reply) => {
          const a = appelantDe(request);
          const { ligne, asOf, corrections } = await service.lire(
            db,
            contexteJournal(request),
            a,
            request.params.id,
          );
          reply.header('ETag', etag(ligne.version)).header('Cache-Control', 'no-store');
          return service.vueInstruction(a, ligne, asOf, corrections);
        },
      );
    }

    app.get(
      '/api/v1/cfp/tableau-de-bord',
      {
        config: { acces: { permission: 'cfp.instruire' } },
        schema: {
          tags: ['cfp'],
          summary:
            'Tableau de bord : demandes par étape et ancienneté, décisions de la semaine, refus implicites proches, trêves, ménages prioritaires DALO',
        },
      },
      async (request, reply) => {
        reply.header('Cache-Control', 'no-store');
        return tableauDeBord(db, contexteJournal(request), appelantDe(request));
      },
    );

    app.put(
      '/api/v1/cfp/:id/execution/issue',
      {
        config: { acces: { permission: 'cfp.instruire' } },
        schema: {
          params: idParams,
          body: schemaCorrectionIssue,
          tags: ['cfp'],
          summary:
            'Corriger l’issue d’une exécution terminée enregistrée par erreur (motif obligatoire, historique gardé ; If-Match)',
        },
      },
      async (request, reply) => {
        const r = await ecritureSurId(request, reply, (ctx, a, id, version) =>
          service.corrigerIssueExecution(db, ctx, a, id, version, request.body),
        );
        return { id: request.params.id, ...r };
      },
    );

    app.put(
      '/api/v1/cfp/:id/execution',
      {
        config: { acces: { permission: 'cfp.instruire' } },
        schema: {
          params: idParams,
          body: schemaPlanificationExecutionCfp,
          tags: ['cfp'],
          summary:
            'Planifier l’exécution d’un concours accordé : date, effectifs, services sociaux (If-Match) ; 422 sans octroi',
        },
      },
      async (request, reply) => {
        const r = await ecritureSurId(request, reply, (ctx, a, id, version) =>
          service.planifierExecution(db, ctx, a, id, version, request.body),
        );
        return { id: request.params.id, version: r.version };
      },
    );

    // The outcome is recorded by the préfecture or by the police unit that carried out the operation.
    for (const [prefixe, permission] of [
      ['/api/v1/cfp', 'cfp.instruire'],
      ['/api/v1/cfp/enquetes', 'cfp.enquete'],
    ] as const) {
      app.post(
        `${prefixe}/:id/execution/issue`,
        {
          config: { acces: { permission } },
          schema: {
            params: idParams,
            body: schemaIssueExecutionCfp,
            tags: ['cfp'],
            summary:
              'Issue de l’opération : expulsion réalisée, départ avant, report (acte du dossier ; If-Match)',
          },
        },
        async (request, reply) => {
          const r = await ecritureVersionnee(request, reply, (version) =>
            service.enregistrerIssueExecution(
              db,
              contexteJournal(request),
              appelantDe(request),
              request.params.id,
              version,
              request.body,
            ),
          );
          return reply.status(201).send({ id: request.params.id, ...r });
        },
      );
    }

    app.get(
      '/api/v1/cfp/:id/lettre.pdf',
      {
        config: { acces: { permission: 'cfp.instruire' } },
        schema: {
          params: idParams,
          querystring: z.strictObject({
            destinataire: z.enum(DESTINATAIRES_LETTRE_CFP, 'Destinataire invalide'),
          }),
          tags: ['cfp'],
          summary:
            'Lettre de notification de la décision (PDF accessible) au commissaire de justice ou au bailleur ; 422 avant la décision',
        },
      },
      async (request, reply) => {
        const { destinataire } = request.query;
        const { pdf, numero } = await service.lettreDecision(
          db,
          contexteJournal(request),
          appelantDe(request),
          request.params.id,
          destinataire,
        );
        return reply
          .header('Content-Disposition', `attachment; filename="decision-cfp-${numero}-${destinataire}.pdf"`)
          .header('Cache-Control', 'no-store')
          .type('application/pdf')
          .send(pdf);
      },
    );

    app.put(
      '/api/v1/cfp/enquetes/:id',
      {
        config: { acces: { permission: 'cfp.enquete' } },
        schema: {
          params: idParams,
          body: schemaEnqueteCfp,
          tags: ['cfp'],
          summary: 'Enregistrer l’enquête des forces de l’ordre (If-Match)',
        },
      },
      async (request, reply) => {
        const r = await ecritureSurId(request, reply, (ctx, a, id, version) =>
          service.enregistrerEnquete(db, ctx, a, id, version, request.body),
        );
        return { id: request.params.id, version: r.version };
      },
    );

    app.put(
      '/api/v1/cfp/:id/verification-sociale',
      {
        config: { acces: { permission: 'cfp.instruire' } },
        schema: {
          params: idParams,
          body: schemaVerificationSocialeCfp,
          tags: ['cfp'],
          summary: 'Enregistrer la vérification sociale et la proposition du service instructeur (If-Match)',
        },
      },
      async (request, reply) => {
        const r = await ecritureSurId(request, reply, (ctx, a, id, version) =>
          service.enregistrerVerificationSociale(db, ctx, a, id, version, request.body),
        );
        return { id: request.params.id, version: r.version };
      },
    );

    app.post(
      '/api/v1/cfp/:id/decision',
      {
        config: { acces: { permission: 'cfp.decider' } },
        schema: {
          params: idParams,
          body: schemaDecisionCfp,
          tags: ['cfp'],
          summary:
            'Décision du préfet : octroi, refus motivé ou sursis (If-Match) ; 422 si la chronologie l’interdit',
        },
      },
      async (request, reply) => {
        const r = await ecritureSurId(request, reply, (ctx, a, id, version) =>
          service.decider(db, ctx, a, id, version, request.body),
        );
        return reply.status(201).send({ id: request.params.id, ...r });
      },
    );
  };
}
