import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/connexion.js';
import { appelantDe } from '../../plugins/contexte.js';
import { ErreurHttp } from '../../plugins/erreurs.js';
import type { Partenaire } from '../partenaires/service.js';
import {
  creerAbonnement,
  EVENEMENTS_RESERVES,
  EVENEMENTS_WEBHOOK,
  listerAbonnements,
  supprimerAbonnement,
  verifierUrl,
  webhooksPourAdministrateur,
} from './service.js';

/**
 * Partner side: registered inside `routesPartenaires`, so the bearer-token hook has set `request.partenaire`
 * (`partenaireDe` is passed in to avoid an import cycle).
 */
/**
 * Per partner client, counted once the bearer token is known (after the authentication hook, before the body is
 * validated: refused bodies count too). The IETF draft headers RateLimit-* are set (app.ts).
 */
function limite(max: number, nom: string) {
  return {
    rateLimit: {
      max,
      timeWindow: '1 minute',
      hook: 'preValidation' as const,
      keyGenerator: (request: FastifyRequest) => `${nom}:${request.partenaire?.id ?? request.ip}`,
    },
  };
}
export const LIMITE_CREATION_ABONNEMENTS = 20;
export const LIMITE_LECTURE_ABONNEMENTS = 120;

export function routesAbonnements(
  db: Db,
  o: { autoriserHttpLocal: boolean; partenaireDe: (r: { partenaire: Partenaire | null }) => Partenaire },
): FastifyPluginAsyncZod {
  return async (app) => {
    const contexte = (request: { partenaire: Partenaire | null; id: unknown }) => {
      const p = o.partenaireDe(request);
      return { clientId: p.id, organisationId: p.organisationId, requeteId: String(request.id) };
    };
    app.post(
      '/api/partenaires/v1/abonnements',
      {
        config: limite(LIMITE_CREATION_ABONNEMENTS, 'abonnements-ecriture'),
        schema: {
          tags: ['partenaires'],
          summary:
            'S’abonner aux événements de ses actes (webhooks ; le secret de signature n’est montré qu’ici)',
          body: z.strictObject({
            url: z.string().max(2000),
            evenements: z.array(z.enum(EVENEMENTS_WEBHOOK)).min(1).max(EVENEMENTS_WEBHOOK.length),
          }),
        },
      },
      async (request, reply) => {
        const type = o.partenaireDe(request).type;
        const k = request.body.evenements.findIndex(
          (e) => !(EVENEMENTS_RESERVES[e] ?? [type]).includes(type),
        );
        if (k >= 0) {
          throw new ErreurHttp(
            422,
            'evenement_non_autorise',
            `L’événement « ${request.body.evenements[k]} » n’est pas transmis à un partenaire de type « ${type} ».`,
            [{ chemin: `evenements.${k}`, message: 'Événement réservé à un autre type de partenaire' }],
          );
        }
        const url = await verifierUrl(request.body.url, o.autoriserHttpLocal);
        const a = await creerAbonnement(db, contexte(request), url, request.body.evenements);
        reply.header('Cache-Control', 'no-store');
        return reply.status(201).send(a);
      },
    );
    app.get(
      '/api/partenaires/v1/abonnements',
      {
        config: limite(LIMITE_LECTURE_ABONNEMENTS, 'abonnements-lecture'),
        schema: { tags: ['partenaires'], summary: 'Ses abonnements aux webhooks' },
      },
      async (request) => ({ elements: await listerAbonnements(db, o.partenaireDe(request).id) }),
    );
    app.delete(
      '/api/partenaires/v1/abonnements/:id',
      {
        config: limite(LIMITE_CREATION_ABONNEMENTS, 'abonnements-ecriture'),
        schema: {
          tags: ['partenaires'],
          summary: 'Supprimer un abonnement (et ses livraisons en attente)',
          params: z.strictObject({ id: z.uuid('Identifiant d’abonnement invalide') }),
        },
      },
      async (request, reply) => {
        await supprimerAbonnement(db, contexte(request), request.params.id);
        return reply.status(204).send();
      },
    );
  };
}

/** Administrators' view of the partners' subscriptions and of the recent deliveries. */
export function routesAdminWebhooks(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/admin/webhooks',
      {
        config: { acces: { permission: 'admin.parametres' } },
        schema: {
          tags: ['administration'],
          summary: 'Abonnements webhooks des partenaires du département et dernières livraisons',
        },
      },
      async (request) => {
        const a = appelantDe(request);
        const departements = a.perimetre.departements.length
          ? a.perimetre.departements
          : a.departementCode
            ? [a.departementCode]
            : [];
        if (departements.length === 0)
          throw new ErreurHttp(403, 'acces_refuse', 'Aucun département administré.');
        return webhooksPourAdministrateur(db, departements);
      },
    );
  };
}
