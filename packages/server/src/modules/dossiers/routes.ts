import { evenementSaisiSchema } from '@exploc/domain/procedure/scenario';
import {
  schemaFiltresDossiers,
  schemaModificationDossier,
  schemaNouveauDossier,
} from '@exploc/domain/schemas/dossier';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/connexion.js';
import { aujourdhui } from '../../lib/aujourdhui.js';
import { ecritureVersionnee, etag } from '../../plugins/concurrence.js';
import { appelantDe } from '../../plugins/contexte.js';
import { contexteJournal, journaliser } from '../../plugins/journal.js';
import { exportCsv, exportXlsx } from './exports.js';
import * as repo from './repository.js';
import * as service from './service.js';
import { vueDossier, vueElementListe } from './vues.js';

const idParams = z.strictObject({ id: z.uuid('Identifiant de dossier invalide') });

export function routesDossiers(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/dossiers',
      {
        config: { acces: { permission: 'dossier.lire' } },
        schema: {
          querystring: schemaFiltresDossiers,
          tags: ['dossiers'],
          summary: 'Liste filtrée des dossiers du périmètre',
        },
      },
      async (request) => {
        const a = appelantDe(request);
        const { elements, total } = await service.listerDossiers(
          db,
          contexteJournal(request),
          a,
          request.query,
        );
        return {
          elements: elements.map((e) => vueElementListe(a, e)),
          total,
          page: request.query.page,
          parPage: request.query.parPage,
        };
      },
    );

    app.post(
      '/api/v1/dossiers',
      {
        config: { acces: { permission: 'dossier.creer' } },
        schema: { body: schemaNouveauDossier, tags: ['dossiers'], summary: 'Créer un dossier' },
      },
      async (request, reply) => {
        const cree = await service.creerDossier(
          db,
          contexteJournal(request),
          appelantDe(request),
          request.body,
        );
        reply.header('ETag', etag(cree.version)).header('Location', `/api/v1/dossiers/${cree.id}`);
        return reply.status(201).send(cree);
      },
    );

    app.post(
      '/api/v1/dossiers/doublons',
      {
        config: { acces: { permission: 'dossier.creer' } },
        schema: {
          body: z.strictObject({
            codeInsee: z.string().regex(/^[0-9][0-9AB][0-9]{3}$/, 'Code INSEE invalide'),
            adresse: z.string().trim().min(3).max(300),
            nomTitulaire: z.string().trim().min(2).max(200),
          }),
          tags: ['dossiers'],
          summary: 'Dossiers existants pour le même logement et le même titulaire',
        },
      },
      async (request) => {
        const lignes = await repo.doublonsPossibles(db, appelantDe(request).scope, request.body);
        return {
          elements: lignes.map((l) => ({
            id: l.id,
            numero: l.numero,
            nomPrincipal: l.nom_principal,
            adresse: l.adresse_ligne,
            phase: l.phase,
          })),
        };
      },
    );

    for (const format of ['csv', 'xlsx'] as const) {
      app.get(
        `/api/v1/dossiers/export.${format}`,
        {
          config: { acces: { permission: 'dossier.exporter' } },
          schema: {
            querystring: schemaFiltresDossiers,
            tags: ['dossiers'],
            summary: `Export ${format.toUpperCase()} de la liste filtrée`,
          },
        },
        async (request, reply) => {
          const a = appelantDe(request);
          const { page: _page, parPage: _parPage, ...filtres } = request.query;
          // The row count goes to the journal: the large-export detection rule reads it (modules/securite).
          const { total: lignes } = await repo.listerDossiers(
            db,
            a.scope,
            { ...request.query, page: 1, parPage: 1 },
            { utilisateurId: a.utilisateurId, aujourdhui: aujourdhui(a.departementCode) },
          );
          await journaliser(db, contexteJournal(request), {
            action: 'export_dossiers',
            objetType: 'dossier',
            details: { format, filtres, lignes },
          });
          const nom = `dossiers-${aujourdhui()}.${format}`;
          reply
            .header('Content-Disposition', `attachment; filename="${nom}"`)
            .header('Cache-Control', 'no-store')
            .type(
              format === 'csv'
                ? 'text/csv; charset=utf-8'
                : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            );
          return reply.send(
            format === 'csv' ? exportCsv(db, a, request.query) : exportXlsx(db, a, request.query),
          );
        },
      );
    }

    app.get(
      '/api/v1/dossiers/:id',
      {
        config: { acces: { permission: 'dossier.lire' } },
        schema: { params: idParams, tags: ['dossiers'], summary: 'Lire un dossier (ETag = version)' },
      },
      async (request, reply) => {
        const a = appelantDe(request);
        const lu = await service.lireDossierComplet(db, contexteJournal(request), a, request.params.id);
        reply.header('ETag', etag(lu.d.version)).header('Cache-Control', 'no-store');
        return vueDossier(a, lu);
      },
    );

    app.patch(
      '/api/v1/dossiers/:id',
      {
        config: { acces: { permission: 'dossier.modifier' } },
        schema: {
          params: idParams,
          body: schemaModificationDossier,
          tags: ['dossiers'],
          summary: 'Modifier un dossier (If-Match)',
        },
      },
      async (request, reply) => {
        const r = await ecritureVersionnee(request, reply, (version) =>
          service.modifierDossier(
            db,
            contexteJournal(request),
            appelantDe(request),
            request.params.id,
            version,
            request.body,
          ),
        );
        return { id: request.params.id, version: r.version };
      },
    );

    app.post(
      '/api/v1/dossiers/:id/evenements',
      {
        config: { acces: { permission: 'dossier.evenement.ajouter' } },
        schema: {
          params: idParams,
          body: evenementSaisiSchema,
          tags: ['dossiers'],
          summary: 'Enregistrer un acte ou un événement (If-Match) ; 422 si la chronologie l’interdit',
        },
      },
      async (request, reply) => {
        const r = await ecritureVersionnee(request, reply, (version) =>
          service.ajouterEvenement(
            db,
            contexteJournal(request),
            appelantDe(request),
            request.params.id,
            version,
            request.body,
          ),
        );
        return reply.status(201).send({ id: r.id, version: r.version });
      },
    );

    app.post(
      '/api/v1/dossiers/:id/notes',
      {
        config: { acces: { permission: 'dossier.lire' } },
        schema: {
          params: idParams,
          body: z.strictObject({ texte: z.string().trim().min(1, 'La note est vide').max(10_000) }),
          tags: ['dossiers'],
          summary: 'Ajouter une note interne (If-Match)',
        },
      },
      async (request, reply) => {
        const r = await ecritureVersionnee(request, reply, (version) =>
          service.ajouterNote(
            db,
            contexteJournal(request),
            appelantDe(request),
            request.params.id,
            version,
            request.body.texte,
          ),
        );
        return reply.status(201).send(r);
      },
    );

    app.post(
      '/api/v1/dossiers/attribution',
      {
        config: { acces: { permission: 'dossier.assigner' } },
        schema: {
          body: z.strictObject({
            elements: z
              .array(z.strictObject({ id: z.uuid(), version: z.number().int().positive() }))
              .min(1)
              .max(200),
            agentId: z.uuid().nullable(),
          }),
          tags: ['dossiers'],
          summary: 'Attribuer des dossiers à un agent (chaque dossier avec sa version)',
        },
      },
      async (request) => ({
        elements: await service.attribuer(
          db,
          contexteJournal(request),
          appelantDe(request),
          request.body.elements,
          request.body.agentId,
        ),
      }),
    );

    app.get(
      '/api/v1/agents',
      {
        config: { acces: { permission: 'dossier.assigner' } },
        schema: { tags: ['dossiers'], summary: 'Agents du département' },
      },
      async (request) => {
        const agents = await repo.agentsDuDepartement(db, appelantDe(request).perimetre.departements);
        return { elements: agents.map((a) => ({ id: a.id, nom: `${a.prenom} ${a.nom}`, profil: a.profil })) };
      },
    );

    app.get(
      '/api/v1/dossiers/:id/echeances',
      {
        config: { acces: { permission: 'dossier.lire' } },
        schema: {
          params: idParams,
          tags: ['dossiers'],
          summary: 'Résultat du moteur de procédure pour aujourd’hui',
        },
      },
      async (request) =>
        service.echeancesDuDossier(db, contexteJournal(request), appelantDe(request), request.params.id),
    );
  };
}
