import { peut } from '@exploc/domain/acces/permissions';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/connexion.js';
import { aujourdhui } from '../../lib/aujourdhui.js';
import { appelantDe } from '../../plugins/contexte.js';
import { ErreurHttp, introuvable } from '../../plugins/erreurs.js';
import { orientationsEnRetard } from '../ccapex/orientations.js';
import { recommandationsEnRetard } from '../ccapex/seances-recommandations.js';
import * as repo from './repository.js';

function ajouterJours(date: string, jours: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + jours);
  return d.toISOString().slice(0, 10);
}

export function routesTravail(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/a-traiter',
      {
        config: { acces: { permission: 'dossier.lire' } },
        schema: {
          querystring: z.strictObject({
            jours: z.coerce.number().int().min(0).max(90).default(7),
            portee: z.enum(['moi', 'service']).default('service'),
          }),
          tags: ['travail'],
          summary: 'File de travail : échéances proches et alertes, les plus urgentes d’abord',
        },
      },
      async (request) => {
        const a = appelantDe(request);
        const jour = aujourdhui();
        const lignes = await repo.dossiersATraiter(db, a.scope, {
          aujourdhui: jour,
          limite: ajouterJours(jour, request.query.jours),
          agentId: request.query.portee === 'moi' ? a.utilisateurId : null,
          max: 300,
        });
        // CCAPEX secretariat: overdue recommandations of its commissions (dossier numbers only).
        const enRetard = peut(a.profil, 'ccapex.secretariat')
          ? await recommandationsEnRetard(db, a.scope, jour)
          : [];
        return {
          aujourdhui: jour,
          recommandationsEnRetard: enRetard,
          elements: lignes.map((l) => ({
            id: l.id,
            numero: l.numero,
            phase: l.phase,
            nomPrincipal: l.nom_principal,
            codeInsee: l.commune_insee,
            prochaineEcheance: l.prochaine_echeance_code
              ? { code: l.prochaine_echeance_code, date: l.prochaine_echeance_date }
              : null,
            alertes: l.alertes,
            attribueAMoi: l.agent_id === a.utilisateurId,
          })),
          // CCAPEX secretariat: orientations past their due date and not closed (issue #5).
          orientationsEnRetard: peut(a.profil, 'ccapex.secretariat')
            ? await orientationsEnRetard(db, a.scope, jour)
            : [],
        };
      },
    );

    app.get(
      '/api/v1/filtres',
      { config: { acces: 'session' }, schema: { tags: ['travail'] } },
      async (request) => ({
        elements: await repo.filtresDe(db, appelantDe(request).utilisateurId),
      }),
    );

    app.post(
      '/api/v1/filtres',
      {
        config: { acces: 'session' },
        schema: {
          body: z.strictObject({
            nom: z.string().trim().min(1, 'Donnez un nom au filtre').max(100),
            requete: z
              .string()
              .max(2000)
              .regex(/^[^<>]*$/, 'Filtre invalide'),
          }),
          tags: ['travail'],
        },
      },
      async (request, reply) => {
        try {
          const f = await repo.enregistrerFiltre(
            db,
            appelantDe(request).utilisateurId,
            request.body.nom,
            request.body.requete,
          );
          return reply.status(201).send(f);
        } catch (e) {
          if ((e as { code?: string }).code === '23505') {
            throw new ErreurHttp(409, 'filtre_existant', 'Vous avez déjà un filtre de ce nom.');
          }
          throw e;
        }
      },
    );

    app.delete(
      '/api/v1/filtres/:id',
      {
        config: { acces: 'session' },
        schema: { params: z.strictObject({ id: z.uuid() }), tags: ['travail'] },
      },
      async (request, reply) => {
        if (!(await repo.supprimerFiltre(db, appelantDe(request).utilisateurId, request.params.id)))
          throw introuvable('Le filtre');
        return reply.status(204).send();
      },
    );

    app.get(
      '/api/v1/preferences/notifications',
      { config: { acces: 'session' }, schema: { tags: ['travail'] } },
      async (request) => repo.preferencesDe(db, appelantDe(request).utilisateurId),
    );

    app.put(
      '/api/v1/preferences/notifications',
      {
        config: { acces: 'session' },
        schema: {
          body: z.strictObject({
            resumeQuotidien: z.boolean(),
            horizonJours: z.number().int().min(1).max(30),
          }),
          tags: ['travail'],
        },
      },
      async (request) => {
        await repo.enregistrerPreferences(db, appelantDe(request).utilisateurId, request.body);
        return request.body;
      },
    );
  };
}
