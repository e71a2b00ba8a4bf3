import type { Trimestre } from '@exploc/domain/indemnisation/revision-irl';
import { schemaIndiceIrl, schemaTrimestreIrl } from '@exploc/domain/schemas/indemnisation';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/connexion.js';
import type { DB } from '../../db/schema.js';
import { etag, versionAttendue } from '../../plugins/concurrence.js';
import { type Appelant, appelantDe } from '../../plugins/contexte.js';
import { ErreurHttp } from '../../plugins/erreurs.js';
import { contexteJournal, journaliser } from '../../plugins/journal.js';
import { versionPerimee } from '../identite/service.js';

/** The IRL indices of a département, as the rent revision uses them (trimestre → value). */
export async function indicesDuDepartement(
  db: Kysely<DB> | Transaction<DB>,
  departementCode: string,
): Promise<Map<Trimestre, number>> {
  const lignes = await db
    .selectFrom('indice_irl')
    .select(['trimestre', 'valeur_centiemes'])
    .where('departement_code', '=', departementCode)
    .execute();
  return new Map(lignes.map((l) => [l.trimestre, l.valeur_centiemes / 100]));
}

function departementAdministre(a: Appelant): string {
  const code = a.departementCode ?? a.perimetre.departements[0];
  if (!code) throw new ErreurHttp(403, 'acces_refuse', 'Aucun département administré.');
  return code;
}

/** Routes of the IRL table, kept by the departmental administrator (admin.parametres). */
export function routesIrl(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/admin/irl',
      {
        config: { acces: { permission: 'admin.parametres' } },
        schema: { tags: ['administration'], summary: 'Indices de référence des loyers du département' },
      },
      async (request) => {
        const code = departementAdministre(appelantDe(request));
        const lignes = await db
          .selectFrom('indice_irl')
          .selectAll()
          .where('departement_code', '=', code)
          .orderBy('trimestre', 'desc')
          .execute();
        return {
          departement: code,
          elements: lignes.map((l) => ({
            trimestre: l.trimestre,
            valeur: l.valeur_centiemes / 100,
            version: l.version,
            modifieLe: l.modifie_le.toISOString(),
          })),
        };
      },
    );

    app.put(
      '/api/v1/admin/irl/:trimestre',
      {
        config: { acces: { permission: 'admin.parametres' } },
        schema: {
          params: z.strictObject({ trimestre: schemaTrimestreIrl }),
          body: schemaIndiceIrl,
          tags: ['administration'],
          summary: 'Enregistrer l’indice d’un trimestre (If-Match : version, "0" pour un nouveau trimestre)',
        },
      },
      async (request, reply) => {
        const version = versionAttendue(request);
        const a = appelantDe(request);
        const code = departementAdministre(a);
        const { trimestre } = request.params;
        const valeur = Math.round(request.body.valeur * 100);
        const r = await db.transaction().execute(async (trx) => {
          const existant = await trx
            .selectFrom('indice_irl')
            .select('version')
            .where('departement_code', '=', code)
            .where('trimestre', '=', trimestre)
            .forUpdate()
            .executeTakeFirst();
          if ((existant?.version ?? 0) !== version) throw versionPerimee();
          const ligne = existant
            ? await trx
                .updateTable('indice_irl')
                .set({
                  valeur_centiemes: valeur,
                  version: existant.version + 1,
                  modifie_par: a.utilisateurId,
                  modifie_le: new Date(),
                })
                .where('departement_code', '=', code)
                .where('trimestre', '=', trimestre)
                .returning(['version'])
                .executeTakeFirstOrThrow()
            : await trx
                .insertInto('indice_irl')
                .values({
                  departement_code: code,
                  trimestre,
                  valeur_centiemes: valeur,
                  modifie_par: a.utilisateurId,
                })
                .returning(['version'])
                .executeTakeFirstOrThrow();
          await journaliser(trx, contexteJournal(request), {
            action: 'indice_irl_enregistre',
            objetType: 'indice_irl',
            departementCode: code,
            details: { trimestre, valeur: request.body.valeur },
          });
          return ligne;
        });
        reply.header('ETag', etag(r.version));
        return reply
          .status(version === 0 ? 201 : 200)
          .send({ trimestre, valeur: valeur / 100, version: r.version });
      },
    );
  };
}
