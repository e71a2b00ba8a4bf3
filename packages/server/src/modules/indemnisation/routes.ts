import { schemaAjustementIndemnisation, schemaEtapeReglement } from '@exploc/domain/schemas/indemnisation';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/connexion.js';
import { aujourdhui } from '../../lib/aujourdhui.js';
import { ecritureVersionnee, etag, versionAttendue } from '../../plugins/concurrence.js';
import { appelantDe } from '../../plugins/contexte.js';
import { ErreurHttp } from '../../plugins/erreurs.js';
import { contexteJournal, journaliser } from '../../plugins/journal.js';
import { versCsv } from '../pilotage/exports.js';
import { budget, lignesCsvBudget } from './budget.js';
import { consulterReclamation, deposerReclamation, lireMultipartReclamation } from './reclamation.js';
import * as reglement from './reglement.js';
import * as service from './service.js';
import { pdfProjetTransaction } from './transaction-pdf.js';

const idParams = z.strictObject({ id: z.uuid('Identifiant de dossier invalide') });
const dateIso = z.iso.date('Date invalide (format attendu AAAA-MM-JJ)');
const periodeBudget = z
  .strictObject({ du: dateIso.optional(), au: dateIso.optional() })
  .refine((p) => !p.du || !p.au || p.du <= p.au, { path: ['au'], message: 'La fin doit suivre le début' });

/** Defaults to the current budget year, 1 January to today (Paris time). */
function periode(q: { du?: string; au?: string }) {
  const au = q.au ?? aujourdhui(null);
  return { du: q.du ?? `${au.slice(0, 4)}-01-01`, au };
}

export function routesIndemnisation(db: Db, stockage = ''): FastifyPluginAsyncZod {
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
        const r = await ecritureVersionnee(request, reply, (version) =>
          service.ajouterAjustement(
            db,
            contexteJournal(request),
            appelantDe(request),
            request.params.id,
            version,
            request.body,
          ),
        );
        return reply.status(201).send(r);
      },
    );

    app.get(
      '/api/v1/dossiers/:id/indemnisation/reclamation',
      {
        config: { acces: { permission: 'indemnisation.instruire' } },
        schema: {
          params: idParams,
          tags: ['indemnisation'],
          summary: 'Demande d’indemnisation du bénéficiaire (période, montants, justificatifs ; R154-2)',
        },
      },
      async (request, reply) => {
        reply.header('Cache-Control', 'no-store');
        return consulterReclamation(db, appelantDe(request), request.params.id);
      },
    );

    app.post(
      '/api/v1/dossiers/:id/indemnisation/reclamation',
      {
        config: { acces: { permission: 'indemnisation.instruire' } },
        schema: {
          params: idParams,
          tags: ['indemnisation'],
          summary:
            'Saisie par un agent d’une demande d’indemnisation reçue hors ligne (multipart : « reclamation » en JSON avec « recueLe », fichiers « justificatifs »)',
        },
      },
      async (request, reply) => {
        const { reclamation, justificatifs } = await lireMultipartReclamation(request);
        const r = await deposerReclamation(
          db,
          contexteJournal(request),
          appelantDe(request),
          request.params.id,
          { origine: 'agent', stockage },
          reclamation,
          justificatifs,
        );
        return reply.status(201).send(r);
      },
    );

    app.get(
      '/api/v1/indemnisation/budget',
      {
        config: { acces: { permission: 'indemnisation.instruire' } },
        schema: {
          querystring: periodeBudget,
          tags: ['indemnisation'],
          summary: 'Suivi budgétaire : montants demandés, proposés et payés par mois et département',
        },
      },
      async (request, reply) => {
        const { du, au } = periode(request.query);
        reply.header('Cache-Control', 'no-store');
        return budget(db, appelantDe(request).scope, du, au);
      },
    );

    app.get(
      '/api/v1/indemnisation/budget.csv',
      {
        config: { acces: { permission: 'indemnisation.instruire' } },
        schema: {
          querystring: periodeBudget,
          tags: ['indemnisation'],
          summary: 'Suivi budgétaire au format CSV (séparateur « ; », UTF-8 avec BOM), journalisé',
        },
      },
      async (request, reply) => {
        const { du, au } = periode(request.query);
        const b = await budget(db, appelantDe(request).scope, du, au);
        await journaliser(db, contexteJournal(request), {
          action: 'indemnisation_budget_exporte',
          objetType: 'indemnisation_budget',
          details: { du, au, lignes: b.elements.length },
        });
        return reply
          .header('Content-Disposition', `attachment; filename="budget-indemnisation-${du}-${au}.csv"`)
          .header('Cache-Control', 'no-store')
          .type('text/csv; charset=utf-8')
          .send(versCsv(lignesCsvBudget(b)));
      },
    );

    app.get(
      '/api/v1/dossiers/:id/indemnisation/reglement',
      {
        config: { acces: { permission: 'indemnisation.instruire' } },
        schema: {
          params: idParams,
          tags: ['indemnisation'],
          summary: 'Règlement de l’indemnité : demande, transaction, paiement, contentieux (R154-2 à R154-4)',
        },
      },
      async (request, reply) => {
        const { reglement: r } = await reglement.consulter(db, appelantDe(request), request.params.id);
        const vue = reglement.presenter(r);
        reply.header('ETag', etag(vue.version)).header('Cache-Control', 'no-store');
        return vue;
      },
    );

    app.post(
      '/api/v1/dossiers/:id/indemnisation/reglement/etapes',
      {
        config: { acces: { permission: 'indemnisation.instruire' } },
        schema: {
          params: idParams,
          body: schemaEtapeReglement,
          tags: ['indemnisation'],
          summary: 'Enregistrer une étape du règlement (If-Match : version du règlement, "0" au départ)',
        },
      },
      async (request, reply) => {
        const version = versionAttendue(request);
        const vue = await reglement.enregistrerEtape(
          db,
          contexteJournal(request),
          appelantDe(request),
          request.params.id,
          version,
          request.body,
        );
        reply.header('ETag', etag(vue.version));
        return reply.status(201).send(vue);
      },
    );

    app.get(
      '/api/v1/dossiers/:id/indemnisation/reglement/projet-transaction.pdf',
      {
        config: { acces: { permission: 'indemnisation.instruire' } },
        schema: {
          params: idParams,
          tags: ['indemnisation'],
          summary: 'Projet de transaction au format PDF accessible (R154-3)',
        },
      },
      async (request, reply) => {
        const id = request.params.id;
        const { dossier: d, reglement: r } = await reglement.consulter(db, appelantDe(request), id);
        if (!r || r.montant_propose_cents === null) {
          throw new ErreurHttp(
            422,
            'proposition_absente',
            'Enregistrez d’abord le montant proposé : le projet de transaction le reprend.',
          );
        }
        const { calcul } = await service.calculer(db, contexteJournal(request), appelantDe(request), id);
        const pdf = await pdfProjetTransaction({
          numeroDossier: d.numero,
          departement: d.departement_code,
          beneficiaire: d.bailleur_nom,
          commune: d.commune_nom,
          montantPropose: r.montant_propose_cents / 100,
          calcul,
          genereLe: new Date(),
        });
        await journaliser(db, contexteJournal(request), {
          action: 'indemnisation_transaction_generee',
          objetType: 'dossier',
          objetId: id,
          departementCode: d.departement_code,
        });
        return reply
          .header('Content-Disposition', `attachment; filename="projet-transaction-${d.numero}.pdf"`)
          .header('Cache-Control', 'no-store')
          .type('application/pdf')
          .send(pdf);
      },
    );
  };
}
