import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/connexion.js';
import { appelantDe } from '../../plugins/contexte.js';
import { contexteJournal } from '../../plugins/journal.js';
import type { PortsPartenaires } from './ports.js';
import { demanderEchange, listerEchanges } from './service.js';

const idParams = z.object({ id: z.uuid() });

/** Exchanges with the CAF and the Banque de France, seen from the dossier (agents' session API). */
export function routesEchanges(db: Db, ports: PortsPartenaires): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/dossiers/:id/echanges',
      {
        config: { acces: { permission: 'dossier.lire' } },
        schema: {
          params: idParams,
          tags: ['echanges'],
          summary: 'Échanges avec les partenaires (CAF, Banque de France)',
        },
      },
      async (request) => ({
        elements: await listerEchanges(db, contexteJournal(request), appelantDe(request), request.params.id),
      }),
    );
    for (const [chemin, partenaire] of [
      ['caf', 'caf'],
      ['bdf', 'banque_de_france'],
    ] as const) {
      app.post(
        `/api/v1/dossiers/:id/echanges/${chemin}`,
        {
          config: { acces: { permission: 'dossier.lire' } },
          schema: {
            params: idParams,
            tags: ['echanges'],
            summary:
              partenaire === 'caf'
                ? 'Demander maintenant à la CAF la situation du ménage'
                : 'Demander maintenant à la Banque de France la situation de surendettement du titulaire',
            description:
              'L’échange est enregistré quel que soit son issue : `reussi`, `introuvable`, `echec`, ou `a_relancer` quand le partenaire ne répond pas (relance automatique avec un délai croissant).',
          },
        },
        async (request, reply) => {
          const echange = await demanderEchange(
            db,
            ports,
            contexteJournal(request),
            appelantDe(request),
            request.params.id,
            partenaire,
          );
          // 202 when the answer is still to come (the partner was down and a retry is planned).
          return reply.status(echange.statut === 'a_relancer' ? 202 : 201).send(echange);
        },
      );
    }
  };
}
