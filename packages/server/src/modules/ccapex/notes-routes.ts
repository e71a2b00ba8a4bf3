import { schemaNoteCcapex } from '@exploc/domain/schemas/ccapex';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/connexion.js';
import { appelantDe } from '../../plugins/contexte.js';
import { contexteJournal } from '../../plugins/journal.js';
import { ajouterNote, lireNotes } from './notes.js';

const idParams = z.strictObject({ id: z.uuid('Identifiant de dossier invalide') });

/** The CCAPEX compartment of a dossier: notes and social diagnosis (see notes.ts for who may read it). */
export function routesNotesCcapex(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/dossiers/:id/ccapex/notes',
      {
        config: { acces: { permission: 'dossier.lire' } },
        schema: {
          params: idParams,
          tags: ['ccapex'],
          summary: 'Notes de la CCAPEX et diagnostic social (compartiment réservé), lecture journalisée',
        },
      },
      async (request, reply) => {
        const elements = await lireNotes(
          db,
          contexteJournal(request),
          appelantDe(request),
          request.params.id,
        );
        reply.header('Cache-Control', 'no-store');
        return { elements };
      },
    );
    app.post(
      '/api/v1/dossiers/:id/ccapex/notes',
      {
        config: { acces: { permission: 'dossier.lire' } },
        schema: {
          params: idParams,
          body: schemaNoteCcapex,
          tags: ['ccapex'],
          summary:
            'Ajouter une note ou un diagnostic social au compartiment CCAPEX, avec le fondement du partage',
        },
      },
      async (request, reply) => {
        const cree = await ajouterNote(
          db,
          contexteJournal(request),
          appelantDe(request),
          request.params.id,
          request.body,
        );
        return reply.status(201).send(cree);
      },
    );
  };
}
