import { ajouterMois } from '@exploc/domain/calendrier/dates';
import { lireTerritoire } from '@exploc/domain/indicateurs/territoire';
import { TYPES_BAILLEUR } from '@exploc/domain/procedure/scenario';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/connexion.js';
import { aujourdhui } from '../../lib/aujourdhui.js';
import { appelantDe } from '../../plugins/contexte.js';
import { ErreurHttp } from '../../plugins/erreurs.js';
import { contexteJournal, journaliser } from '../../plugins/journal.js';
import { lignesCsvTableau, versCsv, xlsxOuvert, xlsxTableau } from './exports.js';
import { donneesOuvertes } from './open-data.js';
import { pdfRapportMensuel } from './rapport-pdf.js';
import * as service from './service.js';

const dateIso = z.iso.date('Date invalide (format attendu AAAA-MM-JJ)');
const moisIso = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Mois invalide (format attendu AAAA-MM)');
/** Twenty years at most: a steering period, not a full scan by accident. */
const JOURS_MAX = 20 * 366;

const schemaDemande = z
  .strictObject({
    territoire: z
      .string()
      .max(40)
      .refine((t) => lireTerritoire(t) !== null, {
        message: 'Territoire invalide : FR, un code de département, ou region:…, arrondissement:…, commune:…',
      }),
    du: dateIso,
    au: dateIso,
    typeBailleur: z.enum(TYPES_BAILLEUR, 'Type de bailleur inconnu').optional(),
    parc: z.enum(['social', 'prive'], 'Parc inconnu (social ou prive)').optional(),
  })
  .refine((q) => q.du <= q.au, { message: 'La fin de la période précède son début', path: ['au'] })
  .refine((q) => Date.parse(q.au) - Date.parse(q.du) <= JOURS_MAX * 86_400_000, {
    message: 'La période dépasse vingt ans',
    path: ['du'],
  });
type Demande = z.infer<typeof schemaDemande>;

function demandeDe(q: Demande): service.DemandePilotage {
  const territoire = lireTerritoire(q.territoire);
  // Checked by the schema; a null here would be a programming error.
  if (!territoire) throw new Error('territoire non validé');
  return {
    territoire,
    periode: { du: q.du, au: q.au },
    filtres: { typeBailleur: q.typeBailleur ?? null, parc: q.parc ?? null },
  };
}

const TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;

const nomFichier = (s: string) => s.replace(/[^A-Za-z0-9_.-]+/g, '-');

export function routesPilotage(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/pilotage/indicateurs',
      {
        config: { acces: { permission: 'pilotage.lire' } },
        schema: {
          querystring: schemaDemande,
          tags: ['pilotage'],
          summary: 'Indicateurs d’un territoire (FR, département, …) sur une période (bornes incluses)',
        },
      },
      async (request) => service.indicateursDuContrat(db, appelantDe(request), demandeDe(request.query)),
    );

    app.get(
      '/api/v1/pilotage/tableau-de-bord',
      {
        config: { acces: { permission: 'pilotage.lire' } },
        schema: {
          querystring: schemaDemande,
          tags: ['pilotage'],
          summary:
            'Tableau de bord : indicateurs et évolution sur un an, séries mensuelles, détail par territoire',
        },
      },
      async (request, reply) => {
        reply.header('Cache-Control', 'no-store');
        return service.tableauDeBord(db, appelantDe(request), demandeDe(request.query));
      },
    );

    for (const format of ['csv', 'xlsx'] as const) {
      app.get(
        `/api/v1/pilotage/tableau-de-bord.${format}`,
        {
          config: { acces: { permission: 'pilotage.lire' } },
          schema: {
            querystring: schemaDemande,
            tags: ['pilotage'],
            summary: `Export ${format.toUpperCase()} d’un tableau de bord (journalisé)`,
          },
        },
        async (request, reply) => {
          const demande = demandeDe(request.query);
          const tableau = await service.tableauDeBord(db, appelantDe(request), demande);
          await journaliser(db, contexteJournal(request), {
            action: 'export_pilotage',
            objetType: 'tableau_de_bord',
            objetId: tableau.territoire.code,
            departementCode: tableau.territoire.departement,
            details: { format, ...request.query },
          });
          const nom = nomFichier(
            `pilotage-${tableau.territoire.code}-${tableau.periode.du}-${tableau.periode.au}`,
          );
          reply
            .header('Content-Disposition', `attachment; filename="${nom}.${format}"`)
            .header('Cache-Control', 'no-store')
            .type(TYPES[format]);
          return format === 'csv' ? versCsv(lignesCsvTableau(tableau)) : xlsxTableau(tableau);
        },
      );
    }

    app.get(
      '/api/v1/pilotage/rapport-mensuel.pdf',
      {
        config: { acces: { permission: 'pilotage.lire' } },
        schema: {
          querystring: z.strictObject({
            departement: z.string().regex(/^(\d{2}|2A|2B|97\d)$/, 'Code de département invalide'),
            mois: moisIso,
          }),
          tags: ['pilotage'],
          summary: 'Rapport mensuel d’un département (PDF balisé, journalisé)',
        },
      },
      async (request, reply) => {
        const { departement, mois } = request.query;
        const rapport = await service.rapportMensuel(db, appelantDe(request), departement, mois);
        const pdf = await pdfRapportMensuel(rapport);
        await journaliser(db, contexteJournal(request), {
          action: 'export_pilotage',
          objetType: 'rapport_mensuel',
          objetId: departement,
          departementCode: departement,
          details: { format: 'pdf', mois },
        });
        reply
          .header('Content-Disposition', `attachment; filename="rapport-pilotage-${departement}-${mois}.pdf"`)
          .header('Cache-Control', 'no-store')
          .type(TYPES.pdf);
        return pdf;
      },
    );

    for (const format of ['csv', 'xlsx'] as const) {
      app.get(
        `/api/v1/pilotage/donnees-ouvertes.${format}`,
        {
          config: { acces: { permission: 'pilotage.lire' } },
          schema: {
            querystring: z
              .strictObject({ du: moisIso, au: moisIso })
              .refine((q) => q.du <= q.au, {
                message: 'La fin de la période précède son début',
                path: ['au'],
              })
              .refine((q) => q.du >= ajouterMois(`${q.au}-01`, -119).slice(0, 7), {
                message: 'Dix ans au plus',
                path: ['du'],
              }),
            tags: ['pilotage'],
            summary: `Données ouvertes ${format.toUpperCase()} : par département et mois achevé, secret statistique appliqué`,
          },
        },
        async (request, reply) => {
          const { du, au } = request.query;
          // Only complete months are published: a month in progress would change after publication.
          if (au >= aujourdhui().slice(0, 7)) {
            throw new ErreurHttp(400, 'requete_invalide', 'La requête contient des données invalides.', [
              { chemin: 'au', message: 'Seuls les mois achevés sont publiés' },
            ]);
          }
          const fichier = await donneesOuvertes(db, du, au);
          await journaliser(db, contexteJournal(request), {
            action: 'export_pilotage',
            objetType: 'donnees_ouvertes',
            details: { format, du, au },
          });
          reply
            .header('Content-Disposition', `attachment; filename="exploc-expulsions-${du}-${au}.${format}"`)
            .header('Cache-Control', 'no-store')
            .type(TYPES[format]);
          return format === 'csv' ? versCsv([fichier.colonnes, ...fichier.lignes]) : xlsxOuvert(fichier);
        },
      );
    }
  };
}
