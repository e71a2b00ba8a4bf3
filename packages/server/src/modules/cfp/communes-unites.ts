import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/connexion.js';
import { etag, versionAttendue } from '../../plugins/concurrence.js';
import { type Appelant, appelantDe } from '../../plugins/contexte.js';
import { ErreurHttp, introuvable } from '../../plugins/erreurs.js';
import { contexteJournal, journaliser } from '../../plugins/journal.js';
import { versionPerimee } from '../identite/service.js';

/** Units that run CFP enquiries (CPCE R153-1: the préfet asks the police or gendarmerie for an enquiry). */
const TYPES_UNITE = ['commissariat', 'brigade_gendarmerie'] as const;

function departementAdministre(a: Appelant): string {
  const code = a.departementCode ?? a.perimetre.departements[0];
  if (!code) throw new ErreurHttp(403, 'acces_refuse', 'Aucun département administré.');
  return code;
}

/**
 * The commune → unit table used to route each CFP enquiry to the police or gendarmerie unit competent for the
 * dossier's commune, kept by the departmental administrator.
 */
export function routesCommunesUnites(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/admin/communes-unites',
      {
        config: { acces: { permission: 'admin.parametres' } },
        schema: {
          tags: ['administration'],
          summary: 'Unité de police ou de gendarmerie chargée des enquêtes de concours, par commune',
        },
      },
      async (request) => {
        const code = departementAdministre(appelantDe(request));
        const [communes, unites] = await Promise.all([
          db
            .selectFrom('commune as c')
            .leftJoin('commune_unite as cu', 'cu.commune_insee', 'c.code_insee')
            .leftJoin('organisation as o', 'o.id', 'cu.organisation_id')
            .select(['c.code_insee', 'c.nom', 'cu.organisation_id', 'cu.version', 'o.nom as unite_nom'])
            .where('c.departement_code', '=', code)
            .orderBy('c.code_insee')
            .execute(),
          db
            .selectFrom('organisation')
            .select(['id', 'nom', 'type'])
            .where('departement_code', '=', code)
            .where('type', 'in', TYPES_UNITE)
            .where('actif', '=', true)
            .orderBy('nom')
            .execute(),
        ]);
        return {
          departement: code,
          elements: communes.map((c) => ({
            communeInsee: c.code_insee,
            communeNom: c.nom,
            uniteId: c.organisation_id,
            uniteNom: c.unite_nom,
            version: c.version ?? 0,
          })),
          unites,
        };
      },
    );

    app.put(
      '/api/v1/admin/communes-unites/:codeInsee',
      {
        config: { acces: { permission: 'admin.parametres' } },
        schema: {
          params: z.strictObject({ codeInsee: z.string().regex(/^[0-9AB]{5}$/, 'Code INSEE invalide') }),
          body: z.strictObject({ uniteId: z.uuid('Identifiant d’unité invalide').nullable() }),
          tags: ['administration'],
          summary: 'Choisir l’unité d’une commune, ou aucune (If-Match : version, "0" sans unité)',
        },
      },
      async (request, reply) => {
        const version = versionAttendue(request);
        const a = appelantDe(request);
        const code = departementAdministre(a);
        const { codeInsee } = request.params;
        const { uniteId } = request.body;
        const r = await db.transaction().execute(async (trx) => {
          const commune = await trx
            .selectFrom('commune')
            .select('code_insee')
            .where('code_insee', '=', codeInsee)
            .where('departement_code', '=', code)
            .executeTakeFirst();
          if (!commune) throw introuvable('La commune');
          const existant = await trx
            .selectFrom('commune_unite')
            .select(['version', 'organisation_id'])
            .where('commune_insee', '=', codeInsee)
            .forUpdate()
            .executeTakeFirst();
          if ((existant?.version ?? 0) !== version) throw versionPerimee();
          if (uniteId !== null) {
            const unite = await trx
              .selectFrom('organisation')
              .select('id')
              .where('id', '=', uniteId)
              .where('departement_code', '=', code)
              .where('type', 'in', TYPES_UNITE)
              .where('actif', '=', true)
              .executeTakeFirst();
            if (!unite) {
              throw new ErreurHttp(
                422,
                'unite_invalide',
                'Choisissez un commissariat ou une brigade de gendarmerie active du département.',
              );
            }
          }
          let nouvelleVersion = 0;
          if (uniteId === null) {
            await trx.deleteFrom('commune_unite').where('commune_insee', '=', codeInsee).execute();
          } else if (existant) {
            const m = await trx
              .updateTable('commune_unite')
              .set({ organisation_id: uniteId, version: existant.version + 1, modifie_le: new Date() })
              .where('commune_insee', '=', codeInsee)
              .returning('version')
              .executeTakeFirstOrThrow();
            nouvelleVersion = m.version;
          } else {
            const c = await trx
              .insertInto('commune_unite')
              .values({ commune_insee: codeInsee, organisation_id: uniteId, modifie_le: new Date() })
              .returning('version')
              .executeTakeFirstOrThrow();
            nouvelleVersion = c.version;
          }
          await journaliser(trx, contexteJournal(request), {
            action: 'commune_unite_modifiee',
            objetType: 'commune',
            departementCode: code,
            details: { communeInsee: codeInsee, avant: existant?.organisation_id ?? null, apres: uniteId },
          });
          return nouvelleVersion;
        });
        reply.header('ETag', etag(r));
        return { communeInsee: codeInsee, uniteId, version: r };
      },
    );
  };
}
