import { SUIVIS_RECOMMANDATION } from '@exploc/domain/schemas/ccapex';
import {
  STATUTS_SEANCE,
  schemaAjoutOrdreDuJour,
  schemaExamen,
  schemaModificationSeance,
  schemaNouvelleSeance,
  schemaOrdreDuJour,
  schemaSuiviRecommandation,
} from '@exploc/domain/schemas/ccapex-seances';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.js';
import type { Db } from '../../db/connexion.js';
import { creerExpediteur } from '../../lib/courriel.js';
import { ecritureAvecEtag, ecritureSurId, etag } from '../../plugins/concurrence.js';
import { appelantDe, type RegleAcces } from '../../plugins/contexte.js';
import { contexteJournal, journaliser } from '../../plugins/journal.js';
import { dispositionPieceJointe, lire as lireFichier } from '../documents/fichiers.js';
import { rapportAnnuel } from './rapport.js';
import { pdfRapportAnnuel, sectionsRapport, xlsxRapportAnnuel } from './rapport-export.js';
import * as seances from './seances.js';
import { documentPv, genererPv } from './seances-pv.js';
import { enregistrerSuivi, listerRecommandations } from './seances-recommandations.js';

const idParams = z.strictObject({ id: z.uuid('Identifiant de séance invalide') });
const examenParams = z.strictObject({
  id: z.uuid('Identifiant de séance invalide'),
  examenId: z.uuid('Identifiant d’examen invalide'),
});
const dossierParams = z.strictObject({
  id: z.uuid('Identifiant de séance invalide'),
  dossierId: z.uuid('Identifiant de dossier invalide'),
});
const unOuPlusieurs = <T extends z.ZodType>(s: T) =>
  z
    .union([s, z.array(s)])
    .optional()
    .transform((v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]));
const booleen = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((v) => v === 'true' || v === '1');
const TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;

/**
 * CCAPEX séances (secretariat: `ccapex.secretariat`; members read theirs through `/ccapex/membre`), follow-up
 * of recommandations and the annual report.
 */
export function routesCcapexSeances(db: Db, config: Config): FastifyPluginAsyncZod {
  const courriel = {
    expediteur: creerExpediteur(config),
    urlPublique: config.urlPublique ?? `http://localhost:${config.port}`,
  };
  const secretariat: { acces: RegleAcces } = { acces: { permission: 'ccapex.secretariat' } };
  const membre: { acces: RegleAcces } = { acces: { permission: 'ccapex.membre' } };
  return async (app) => {
    app.get(
      '/api/v1/ccapex/seances',
      {
        config: secretariat,
        schema: {
          querystring: z.strictObject({
            statut: unOuPlusieurs(z.enum(STATUTS_SEANCE, 'Statut inconnu')),
            commissionId: z.uuid('Commission invalide').optional(),
          }),
          tags: ['ccapex'],
          summary: 'Séances des commissions du périmètre, les plus récentes d’abord',
        },
      },
      async (request) => ({
        elements: await seances.lister(db, appelantDe(request), {
          statuts: request.query.statut,
          commissionId: request.query.commissionId,
        }),
      }),
    );

    app.get(
      '/api/v1/ccapex/seances/commissions',
      {
        config: secretariat,
        schema: {
          tags: ['ccapex'],
          summary: 'Commissions pour lesquelles l’appelant planifie des séances et établit le rapport annuel',
        },
      },
      async (request) => ({ elements: await seances.commissionsDe(db, appelantDe(request)) }),
    );

    app.post(
      '/api/v1/ccapex/seances',
      {
        config: secretariat,
        schema: {
          body: schemaNouvelleSeance,
          tags: ['ccapex'],
          summary: 'Planifier une séance (commission, date et heure locales, lieu)',
        },
      },
      async (request, reply) => {
        const s = await seances.planifier(db, contexteJournal(request), appelantDe(request), request.body);
        reply.header('ETag', etag(s.version));
        return reply.status(201).send(s);
      },
    );

    app.get(
      '/api/v1/ccapex/seances/:id',
      {
        config: secretariat,
        schema: {
          params: idParams,
          tags: ['ccapex'],
          summary: 'Séance : ordre du jour, examens, recommandations, invités (journalisé ; ETag = version)',
        },
      },
      async (request, reply) => {
        const s = await seances.lire(db, contexteJournal(request), appelantDe(request), request.params.id);
        reply.header('ETag', etag(s.version)).header('Cache-Control', 'no-store');
        return s;
      },
    );

    app.patch(
      '/api/v1/ccapex/seances/:id',
      {
        config: secretariat,
        schema: {
          params: idParams,
          body: schemaModificationSeance,
          tags: ['ccapex'],
          summary: 'Déplacer une séance planifiée (date, lieu ; If-Match)',
        },
      },
      async (request, reply) => {
        const r = await ecritureSurId(request, reply, (ctx, a, id, version) =>
          seances.modifier(db, ctx, a, id, version, request.body),
        );
        return { id: request.params.id, ...r };
      },
    );

    app.post(
      '/api/v1/ccapex/seances/:id/annulation',
      {
        config: secretariat,
        schema: {
          params: idParams,
          body: z.strictObject({
            motif: z
              .string('Le motif est obligatoire')
              .trim()
              .min(3, 'Le motif est obligatoire')
              .max(1000, 'Motif trop long (1 000 caractères au plus)'),
          }),
          tags: ['ccapex'],
          summary: 'Annuler une séance planifiée (motif ; If-Match) : ses dossiers redeviennent prêts',
        },
      },
      async (request, reply) => {
        const r = await ecritureSurId(request, reply, (ctx, a, id, version) =>
          seances.annuler(db, ctx, a, id, version, request.body.motif),
        );
        return { id: request.params.id, ...r };
      },
    );

    app.get(
      '/api/v1/ccapex/seances/:id/dossiers-prets',
      {
        config: secretariat,
        schema: {
          params: idParams,
          tags: ['ccapex'],
          summary:
            'Dossiers prêts pour l’examen : saisine acceptée par la commission (ou une commission en dessous), pas d’avis depuis, pas déjà inscrits',
        },
      },
      async (request, reply) => {
        reply.header('Cache-Control', 'no-store');
        return {
          elements: await seances.lireDossiersPrets(db, appelantDe(request), request.params.id),
        };
      },
    );

    app.post(
      '/api/v1/ccapex/seances/:id/ordre-du-jour',
      {
        config: secretariat,
        schema: {
          params: idParams,
          body: schemaAjoutOrdreDuJour,
          tags: ['ccapex'],
          summary: 'Inscrire des dossiers à l’ordre du jour (dossiers prêts, ou un dossier par son numéro)',
        },
      },
      async (request, reply) => {
        const r = await ecritureAvecEtag(request, reply, (ctx, a, id) =>
          seances.ajouterALOrdreDuJour(db, ctx, a, id, request.body),
        );
        return reply.status(201).send(r);
      },
    );

    app.put(
      '/api/v1/ccapex/seances/:id/ordre-du-jour',
      {
        config: secretariat,
        schema: {
          params: idParams,
          body: schemaOrdreDuJour,
          tags: ['ccapex'],
          summary: 'Réordonner l’ordre du jour (chaque dossier inscrit, une fois)',
        },
      },
      async (request, reply) =>
        ecritureAvecEtag(request, reply, (ctx, a, id) =>
          seances.reordonner(db, ctx, a, id, request.body.dossierIds),
        ),
    );

    app.delete(
      '/api/v1/ccapex/seances/:id/ordre-du-jour/:dossierId',
      {
        config: secretariat,
        schema: {
          params: dossierParams,
          tags: ['ccapex'],
          summary: 'Retirer un dossier non encore examiné de l’ordre du jour',
        },
      },
      async (request, reply) =>
        ecritureAvecEtag(request, reply, (ctx, a, id) =>
          seances.retirerDeLOrdreDuJour(db, ctx, a, id, request.params.dossierId),
        ),
    );

    app.post(
      '/api/v1/ccapex/seances/:id/invitations',
      {
        config: secretariat,
        schema: {
          params: idParams,
          tags: ['ccapex'],
          summary:
            'Inviter par courriel les comptes rattachés à la commission (date, lieu, nombre de dossiers, lien ; aucun nom)',
        },
      },
      async (request, reply) =>
        ecritureAvecEtag(request, reply, (ctx, a, id) => seances.inviter(db, ctx, a, id, courriel)),
    );

    app.put(
      '/api/v1/ccapex/seances/:id/examens/:examenId',
      {
        config: secretariat,
        schema: {
          params: examenParams,
          body: schemaExamen,
          tags: ['ccapex'],
          summary:
            'Enregistrer l’examen d’un dossier : avis, recommandations, décision sur l’aide au logement (If-Match de l’examen)',
        },
      },
      async (request, reply) => {
        const r = await ecritureSurId(request, reply, (ctx, a, id, version) =>
          seances.enregistrerExamen(db, ctx, a, id, request.params.examenId, version, request.body),
        );
        return { id: request.params.examenId, ...r };
      },
    );

    app.post(
      '/api/v1/ccapex/seances/:id/cloture',
      {
        config: secretariat,
        schema: {
          params: idParams,
          tags: ['ccapex'],
          summary:
            'Clore la séance (chaque dossier a son avis ; If-Match) et notifier les recommandations aux organismes membres',
        },
      },
      async (request, reply) => {
        const r = await ecritureSurId(request, reply, (ctx, a, id, version) =>
          seances.cloturer(db, ctx, a, id, version),
        );
        const notifications = await seances.notifierRecommandations(db, r.seance, courriel);
        return { id: request.params.id, version: r.version, notifications };
      },
    );

    app.post(
      '/api/v1/ccapex/seances/:id/pv',
      {
        config: secretariat,
        schema: {
          params: idParams,
          tags: ['ccapex'],
          summary: 'Générer le procès-verbal d’une séance close (PDF balisé, conservé comme document)',
        },
      },
      async (request, reply) => {
        const r = await ecritureAvecEtag(request, reply, (ctx, a, id) =>
          genererPv(db, ctx, a, id, config.storageDir),
        );
        return reply.status(201).send(r);
      },
    );

    for (const [prefixe, regle] of [
      ['/api/v1/ccapex/seances', secretariat],
      ['/api/v1/ccapex/membre/seances', membre],
    ] as const) {
      app.get(
        `${prefixe}/:id/pv.pdf`,
        {
          config: regle,
          schema: {
            params: idParams,
            tags: ['ccapex'],
            summary: 'Télécharger le procès-verbal (journalisé)',
          },
        },
        async (request, reply) => {
          const doc = await documentPv(db, contexteJournal(request), appelantDe(request), request.params.id);
          return reply
            .type('application/pdf')
            .header('Content-Disposition', dispositionPieceJointe(doc.nom_fichier))
            .header('Cache-Control', 'no-store')
            .header('X-Content-Type-Options', 'nosniff')
            .send(lireFichier(config.storageDir, doc.sha256));
        },
      );
    }

    app.get(
      '/api/v1/ccapex/membre/seances',
      {
        config: membre,
        schema: {
          tags: ['ccapex'],
          summary: 'Séances à venir des commissions du membre',
        },
      },
      async (request) => ({
        elements: await seances.lister(db, appelantDe(request), { aVenir: true }),
      }),
    );

    app.get(
      '/api/v1/ccapex/membre/seances/:id',
      {
        config: membre,
        schema: {
          params: idParams,
          tags: ['ccapex'],
          summary: 'Séance et ordre du jour, pour un membre de la commission (journalisé)',
        },
      },
      async (request, reply) => {
        const s = await seances.lire(db, contexteJournal(request), appelantDe(request), request.params.id);
        reply.header('Cache-Control', 'no-store');
        return s;
      },
    );

    app.get(
      '/api/v1/dossiers/:id/ccapex/seances',
      {
        config: { acces: { permission: 'dossier.lire' } },
        schema: {
          params: z.strictObject({ id: z.uuid('Identifiant de dossier invalide') }),
          tags: ['ccapex'],
          summary:
            'Séances du dossier : avis, décision sur l’aide au logement, recommandations (commission et services de l’État seulement ; journalisé)',
        },
      },
      async (request, reply) => {
        reply.header('Cache-Control', 'no-store');
        return seances.examensDuDossier(db, contexteJournal(request), appelantDe(request), request.params.id);
      },
    );

    app.get(
      '/api/v1/ccapex/recommandations',
      {
        config: secretariat,
        schema: {
          querystring: z.strictObject({
            suivi: z.enum(SUIVIS_RECOMMANDATION, 'Suivi inconnu').optional(),
            enRetard: booleen,
            commissionId: z.uuid('Commission invalide').optional(),
          }),
          tags: ['ccapex'],
          summary: 'Recommandations des séances closes (filtres : suivi, en retard, commission)',
        },
      },
      async (request, reply) => {
        const a = appelantDe(request);
        const r = await listerRecommandations(db, a, request.query);
        await journaliser(db, contexteJournal(request), {
          action: 'ccapex_recommandations_consultees',
          objetType: 'ccapex_recommandation',
          details: { lignes: r.elements.length },
        });
        reply.header('Cache-Control', 'no-store');
        return r;
      },
    );

    app.put(
      '/api/v1/ccapex/recommandations/:id/suivi',
      {
        config: secretariat,
        schema: {
          params: z.strictObject({ id: z.uuid('Identifiant de recommandation invalide') }),
          body: schemaSuiviRecommandation,
          tags: ['ccapex'],
          summary: 'Marquer une recommandation réalisée ou non réalisée (date, commentaire ; If-Match)',
        },
      },
      async (request, reply) => {
        const r = await ecritureSurId(request, reply, (ctx, a, id, version) =>
          enregistrerSuivi(db, ctx, a, id, version, request.body),
        );
        return { id: request.params.id, ...r };
      },
    );

    app.get(
      '/api/v1/ccapex/rapport-annuel',
      {
        config: secretariat,
        schema: {
          querystring: z.strictObject({
            departement: z
              .string()
              .regex(/^(\d{2,3}|2[AB])$/, 'Code de département invalide')
              .optional(),
            commissionId: z.uuid('Commission invalide').optional(),
            du: z.iso.date('Date de début invalide (AAAA-MM-JJ)').optional(),
            au: z.iso.date('Date de fin invalide (AAAA-MM-JJ)').optional(),
            format: z.enum(['json', 'xlsx', 'pdf'], 'Format inconnu (json, xlsx ou pdf)').default('json'),
          }),
          tags: ['ccapex'],
          summary:
            'Rapport annuel au comité du PDALHPD (décret 2015-1384 art. 1) : flux, tri, orientations, séances, avis, recommandations, décisions APL, issues, territoires (JSON, XLSX ou PDF ; journalisé)',
        },
      },
      async (request, reply) => {
        const { format, ...p } = request.query;
        const r = await rapportAnnuel(db, appelantDe(request), p);
        await journaliser(db, contexteJournal(request), {
          action: format === 'json' ? 'ccapex_rapport_consulte' : 'ccapex_rapport_exporte',
          objetType: 'ccapex_rapport',
          departementCode: r.territoire.departement,
          details: { format, du: r.periode.du, au: r.periode.au, commissionId: p.commissionId ?? null },
        });
        reply.header('Cache-Control', 'no-store');
        if (format === 'json') return { ...r, sections: sectionsRapport(r) };
        const nom = `rapport-ccapex-${r.territoire.departement}-${r.periode.du}-${r.periode.au}.${format}`;
        const contenu = format === 'xlsx' ? await xlsxRapportAnnuel(r) : await pdfRapportAnnuel(r);
        return reply
          .type(TYPES[format])
          .header('Content-Disposition', `attachment; filename="${nom}"`)
          .send(contenu);
      },
    );
  };
}
