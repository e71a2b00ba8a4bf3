import { schemaContenuSaisine } from '@exploc/domain/schemas/ccapex';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.js';
import type { Db } from '../../db/connexion.js';
import { type Appelant, appelantDe } from '../../plugins/contexte.js';
import { ErreurHttp } from '../../plugins/erreurs.js';
import { contexteJournal, journaliser } from '../../plugins/journal.js';
import {
  consulterReclamation,
  deposerReclamation,
  lireMultipartReclamation,
} from '../indemnisation/reclamation.js';
import { pdfAccuseSaisine } from './accuse-pdf.js';
import { modeleCsv } from './csv.js';
import { lireFichierImport } from './fichier-import.js';
import { avancement, creerImport, rapport, rapportCsv, reprendreImports, traiterImport } from './imports.js';
import * as repo from './repository.js';
import {
  accuseDe,
  type Deposant,
  deposerSaisine,
  lireSaisine,
  listerSaisines,
  vueSaisine,
} from './saisines.js';

const idSaisine = z.strictObject({ id: z.uuid('Identifiant de saisine invalide') });
const idImport = z.strictObject({ id: z.uuid('Identifiant d’import invalide') });
const idDossier = z.strictObject({ id: z.uuid('Identifiant de dossier invalide') });

/** Only a landlord organisation files the saisine of art. 24 II (other holders of `ccapex.saisir` have theirs). */
function deposantDe(a: Appelant): Deposant {
  if (a.organisation.type !== 'bailleur') {
    throw new ErreurHttp(
      422,
      'organisation_non_bailleur',
      'Ce service est réservé aux bailleurs : votre organisation n’est pas un bailleur.',
    );
  }
  return {
    utilisateurId: a.utilisateurId,
    organisationId: a.organisation.id,
    departements: a.perimetre.departements,
  };
}

/** The landlords' module (issue #6, #8): saisines of the CCAPEX, bulk imports, indemnity claims. */
export function routesBailleurs(db: Db, config: Config): FastifyPluginAsyncZod {
  return async (app) => {
    // An import interrupted by a restart resumes when the server is ready (and every minute with the jobs).
    app.addHook('onReady', async () => {
      setImmediate(() => {
        reprendreImports(db).catch((e: unknown) =>
          app.log.error({ err: e }, 'reprise des imports de saisines'),
        );
      });
    });
    app.post(
      '/api/v1/bailleur/saisines',
      {
        config: { acces: { permission: 'ccapex.saisir' } },
        schema: {
          tags: ['bailleurs'],
          summary: 'Saisir la CCAPEX avant l’assignation (loi n° 89-462, art. 24 II)',
          description:
            'Le bailleur doit être une personne morale (`dossier.bailleur.type` = `personne_morale`) et, quand votre organisation a un SIRET, `dossier.bailleur.siret` doit être celui-ci. Réponse : l’accusé de réception, avec la date à partir de laquelle l’assignation est possible (saisine + 2 mois).',
          body: schemaContenuSaisine,
        },
      },
      async (request, reply) => {
        const deposant = deposantDe(appelantDe(request));
        const accuse = await db
          .transaction()
          .execute((trx) => deposerSaisine(trx, contexteJournal(request), deposant, request.body));
        return reply.status(201).send(accuse);
      },
    );

    app.get(
      '/api/v1/bailleur/saisines',
      {
        config: { acces: { permission: 'ccapex.saisir' } },
        schema: {
          tags: ['bailleurs'],
          summary: 'Les saisines de votre organisation et leur statut (à trier, acceptée, rejetée)',
          querystring: z.strictObject({
            page: z.coerce.number().int().min(1).default(1),
            parPage: z.coerce.number().int().min(1).max(200, '200 au plus').default(50),
          }),
        },
      },
      async (request, reply) => {
        reply.header('Cache-Control', 'no-store');
        return listerSaisines(
          db,
          contexteJournal(request),
          appelantDe(request).organisation.id,
          request.query,
        );
      },
    );

    app.get(
      '/api/v1/bailleur/organisation',
      {
        config: { acces: { permission: 'ccapex.saisir' } },
        schema: {
          tags: ['bailleurs'],
          summary: 'Votre organisation telle que la saisine la nomme (raison sociale, SIRET)',
        },
      },
      async (request) => {
        const a = appelantDe(request);
        const org = await repo.organisation(db, a.organisation.id);
        return { nom: org.nom, siret: org.siret, estBailleur: org.type === 'bailleur' };
      },
    );

    app.get(
      '/api/v1/bailleur/saisines/modele.csv',
      {
        config: { acces: { permission: 'ccapex.saisir' } },
        schema: {
          tags: ['bailleurs'],
          summary: 'Modèle CSV d’import des saisines (« ; », UTF-8 avec BOM, une ligne d’exemple)',
        },
      },
      async (request, reply) => {
        const org = await repo.organisation(db, appelantDe(request).organisation.id);
        return reply
          .header('Content-Disposition', 'attachment; filename="modele-saisines-ccapex.csv"')
          .header('Cache-Control', 'no-store')
          .type('text/csv; charset=utf-8')
          .send(modeleCsv(org));
      },
    );

    app.get(
      '/api/v1/bailleur/saisines/:id',
      {
        config: { acces: { permission: 'ccapex.saisir' } },
        schema: { tags: ['bailleurs'], summary: 'Une saisine de votre organisation', params: idSaisine },
      },
      async (request, reply) => {
        const s = await lireSaisine(db, appelantDe(request).organisation.id, request.params.id);
        await journaliser(db, contexteJournal(request), {
          action: 'ccapex_saisine_bailleur_consultee',
          objetType: 'ccapex_saisine',
          objetId: s.id,
          departementCode: s.departement_code,
        });
        reply.header('Cache-Control', 'no-store');
        return vueSaisine(s);
      },
    );

    app.get(
      '/api/v1/bailleur/saisines/:id/accuse.pdf',
      {
        config: { acces: { permission: 'ccapex.saisir' } },
        schema: {
          tags: ['bailleurs'],
          summary: 'Accusé de réception de la saisine (PDF accessible)',
          params: idSaisine,
        },
      },
      async (request, reply) => {
        const a = appelantDe(request);
        const s = await lireSaisine(db, a.organisation.id, request.params.id);
        const v = vueSaisine(s);
        const accuse = accuseDe(s);
        const pdf = await pdfAccuseSaisine({
          id: s.id,
          bailleur: a.organisation.nom,
          commission: accuse.commission.nom,
          recuLe: accuse.recuLe,
          assignationPossibleAPartirDu: accuse.assignationPossibleAPartirDu,
          locataire: v.locataire,
          adresse: v.adresse ? `${v.adresse.ligne}, ${v.adresse.codePostal}` : null,
          detteMontant: v.detteMontant,
          genereLe: new Date(),
        });
        await journaliser(db, contexteJournal(request), {
          action: 'ccapex_saisine_accuse_telecharge',
          objetType: 'ccapex_saisine',
          objetId: s.id,
          departementCode: s.departement_code,
        });
        return reply
          .header('Content-Disposition', `attachment; filename="accuse-saisine-ccapex-${accuse.recuLe}.pdf"`)
          .header('Cache-Control', 'no-store')
          .type('application/pdf')
          .send(pdf);
      },
    );

    app.post(
      '/api/v1/bailleur/saisines/imports',
      {
        config: { acces: { permission: 'ccapex.saisir' } },
        schema: {
          tags: ['bailleurs'],
          summary:
            'Importer des saisines depuis un fichier CSV (multipart, champ « fichier » ; 5 000 lignes au plus)',
        },
      },
      async (request, reply) => {
        const deposant = deposantDe(appelantDe(request));
        const fichier = await lireFichierImport(request);
        const imp = await creerImport(db, contexteJournal(request), deposant, fichier);
        // Processed in the background; an interruption is taken up again by `reprendreImports`.
        void traiterImport(db, imp.id).catch((e: unknown) =>
          request.log.error({ err: e }, 'import de saisines'),
        );
        return reply.status(202).header('Location', `/api/v1/bailleur/saisines/imports/${imp.id}`).send(imp);
      },
    );

    app.get(
      '/api/v1/bailleur/saisines/imports/:id',
      {
        config: { acces: { permission: 'ccapex.saisir' } },
        schema: { tags: ['bailleurs'], summary: 'Avancement d’un import', params: idImport },
      },
      async (request, reply) => {
        reply.header('Cache-Control', 'no-store');
        return avancement(db, appelantDe(request).organisation.id, request.params.id);
      },
    );

    app.get(
      '/api/v1/bailleur/saisines/imports/:id/rapport',
      {
        config: { acces: { permission: 'ccapex.saisir' } },
        schema: { tags: ['bailleurs'], summary: 'Rapport ligne à ligne d’un import', params: idImport },
      },
      async (request, reply) => {
        const r = await rapport(
          db,
          contexteJournal(request),
          appelantDe(request).organisation.id,
          request.params.id,
        );
        reply.header('Cache-Control', 'no-store');
        return { elements: r.lignes };
      },
    );

    app.get(
      '/api/v1/bailleur/saisines/imports/:id/rapport.csv',
      {
        config: { acces: { permission: 'ccapex.saisir' } },
        schema: { tags: ['bailleurs'], summary: 'Rapport ligne à ligne d’un import (CSV)', params: idImport },
      },
      async (request, reply) => {
        const r = await rapport(
          db,
          contexteJournal(request),
          appelantDe(request).organisation.id,
          request.params.id,
        );
        return reply
          .header('Content-Disposition', `attachment; filename="rapport-import-${r.import.id}.csv"`)
          .header('Cache-Control', 'no-store')
          .type('text/csv; charset=utf-8')
          .send(rapportCsv(r.lignes));
      },
    );

    app.get(
      '/api/v1/bailleur/dossiers/:id/reclamation-indemnisation',
      {
        config: { acces: { permission: 'indemnisation.reclamer' } },
        schema: {
          tags: ['bailleurs'],
          summary: 'Votre demande d’indemnisation sur ce dossier, ou la possibilité d’en déposer une',
          params: idDossier,
        },
      },
      async (request, reply) => {
        reply.header('Cache-Control', 'no-store');
        return consulterReclamation(db, appelantDe(request), request.params.id);
      },
    );

    app.post(
      '/api/v1/bailleur/dossiers/:id/reclamation-indemnisation',
      {
        config: { acces: { permission: 'indemnisation.reclamer' } },
        schema: {
          tags: ['bailleurs'],
          summary:
            'Demander l’indemnisation du refus du concours de la force publique (R154-2 ; multipart : « reclamation » en JSON, fichiers « justificatifs »)',
          params: idDossier,
        },
      },
      async (request, reply) => {
        const { reclamation, justificatifs } = await lireMultipartReclamation(request);
        const r = await deposerReclamation(
          db,
          contexteJournal(request),
          appelantDe(request),
          request.params.id,
          { origine: 'bailleur', stockage: config.storageDir },
          { ...reclamation, recueLe: undefined },
          justificatifs,
        );
        return reply.status(201).send(r);
      },
    );
  };
}
