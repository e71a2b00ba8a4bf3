import { peut } from '@exploc/domain/acces/permissions';
import {
  schemaActionOrientation,
  schemaClotureOrientation,
  schemaFusionSaisine,
  schemaMembreCommission,
  schemaModificationCommission,
  schemaModificationMembre,
  schemaNouvelleCommission,
  schemaNouvelleOrientation,
  schemaNouvelleSaisine,
  schemaRedirectionSaisine,
  schemaRejetSaisine,
} from '@exploc/domain/schemas/ccapex';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/connexion.js';
import { ecritureSurId, etag } from '../../plugins/concurrence.js';
import { type Appelant, appelantDe, type RegleAcces } from '../../plugins/contexte.js';
import { introuvable } from '../../plugins/erreurs.js';
import { type ContexteJournal, contexteJournal, journaliser } from '../../plugins/journal.js';
import * as repoDossiers from '../dossiers/repository.js';
import { departementsDe } from './acces.js';
import * as organisation from './organisation.js';
import * as orientations from './orientations.js';
import * as triage from './triage.js';

const idParams = z.strictObject({ id: z.uuid('Identifiant invalide') });
const membreParams = z.strictObject({
  id: z.uuid('Identifiant de commission invalide'),
  membreId: z.uuid('Identifiant de membre invalide'),
});
const representantParams = z.strictObject({
  id: z.uuid('Identifiant de commission invalide'),
  utilisateurId: z.uuid('Identifiant de compte invalide'),
});
const ADMIN = { acces: { permission: 'ccapex.administrer' as const } };
const SECRETARIAT = { acces: { permission: 'ccapex.secretariat' as const } };
const MEMBRE = { acces: { permission: 'ccapex.membre' as const } };
const TAGS = ['ccapex'];

/**
 * CCAPEX, part 1 (loi n° 90-449 art. 7-2 ; décret n° 2026-83): organisation of the commissions of a département,
 * incoming flows and the secretariat's triage inbox, orientations to member organisations.
 */
export function routesCcapex(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    /** A POST action on the saisine or orientation `:id`, its body checked by `corps` when given: a versioned write. */
    const actionVersionnee = <C extends z.ZodType>(
      url: string,
      config: { acces: RegleAcces },
      summary: string,
      corps: C | null,
      ecrire: (
        ctx: ContexteJournal,
        a: Appelant,
        id: string,
        version: number,
        corps: z.output<C>,
      ) => Promise<{ version: number }>,
    ) =>
      app.post(
        url,
        { config, schema: { params: idParams, ...(corps ? { body: corps } : {}), tags: TAGS, summary } },
        async (request, reply) =>
          ecritureSurId(request, reply, (ctx, a, id, version) =>
            ecrire(ctx, a, id, version, request.body as z.output<C>),
          ),
      );

    // ——— Organisation (administrator of the département) ———
    app.get(
      '/api/v1/ccapex/commissions',
      {
        config: ADMIN,
        schema: { tags: TAGS, summary: 'Commissions du département (centrale, locales, sous-commissions)' },
      },
      async (request) => ({ elements: await organisation.listerCommissions(db, appelantDe(request)) }),
    );
    app.post(
      '/api/v1/ccapex/commissions',
      {
        config: ADMIN,
        schema: {
          body: schemaNouvelleCommission,
          tags: TAGS,
          summary: 'Créer une CCAPEX locale (périmètre, communes, délégation) ou une sous-commission',
        },
      },
      async (request, reply) => {
        const r = await organisation.creerCommission(
          db,
          contexteJournal(request),
          appelantDe(request),
          request.body,
        );
        reply.code(201).header('ETag', etag(r.version));
        return r;
      },
    );
    app.get(
      '/api/v1/ccapex/commissions/:id',
      {
        config: ADMIN,
        schema: {
          params: idParams,
          tags: TAGS,
          summary: 'Une commission : membres, représentants, communes (ETag)',
        },
      },
      async (request, reply) => {
        const c = await organisation.lireCommission(db, appelantDe(request), request.params.id);
        reply.header('ETag', etag(c.version)).header('Cache-Control', 'no-store');
        return c;
      },
    );
    app.patch(
      '/api/v1/ccapex/commissions/:id',
      {
        config: ADMIN,
        schema: {
          params: idParams,
          body: schemaModificationCommission,
          tags: TAGS,
          summary:
            'Modifier une commission : périmètre, délégation, délai d’orientation, adresse du secrétariat (If-Match)',
        },
      },
      async (request, reply) =>
        ecritureSurId(request, reply, (ctx, a, id, version) =>
          organisation.modifierCommission(db, ctx, a, id, version, request.body),
        ),
    );
    app.post(
      '/api/v1/ccapex/commissions/:id/membres',
      {
        config: ADMIN,
        schema: {
          params: idParams,
          body: schemaMembreCommission,
          tags: TAGS,
          summary:
            'Ajouter une organisation membre (catégorie, voix, co-présidence, secrétariat ; If-Match de la commission)',
        },
      },
      async (request, reply) => {
        const r = await ecritureSurId(request, reply, (ctx, a, id, version) =>
          organisation.ajouterMembre(db, ctx, a, id, version, request.body),
        );
        reply.code(201);
        return r;
      },
    );
    app.patch(
      '/api/v1/ccapex/commissions/:id/membres/:membreId',
      {
        config: ADMIN,
        schema: {
          params: membreParams,
          body: schemaModificationMembre,
          tags: TAGS,
          summary: 'Modifier un membre (If-Match de la commission)',
        },
      },
      async (request, reply) =>
        ecritureSurId(request, reply, (ctx, a, id, version) =>
          organisation.modifierMembre(db, ctx, a, id, request.params.membreId, version, request.body),
        ),
    );
    app.delete(
      '/api/v1/ccapex/commissions/:id/membres/:membreId',
      {
        config: ADMIN,
        schema: {
          params: membreParams,
          tags: TAGS,
          summary: 'Retirer un membre (If-Match de la commission)',
        },
      },
      async (request, reply) =>
        ecritureSurId(request, reply, (ctx, a, id, version) =>
          organisation.retirerMembre(db, ctx, a, id, request.params.membreId, version),
        ),
    );
    app.get(
      '/api/v1/ccapex/commissions/:id/comptes-rattachables',
      {
        config: ADMIN,
        schema: {
          params: idParams,
          tags: TAGS,
          summary:
            'Comptes de membres ou de secrétariat du département que l’on peut rattacher à la commission',
        },
      },
      async (request) => ({
        elements: await organisation.comptesRattachables(db, appelantDe(request), request.params.id),
      }),
    );
    app.put(
      '/api/v1/ccapex/commissions/:id/representants/:utilisateurId',
      {
        config: ADMIN,
        schema: {
          params: representantParams,
          tags: TAGS,
          summary: 'Rattacher un compte à la commission (If-Match de la commission)',
        },
      },
      async (request, reply) =>
        ecritureSurId(request, reply, (ctx, a, id, version) =>
          organisation.rattacherRepresentant(db, ctx, a, id, request.params.utilisateurId, version),
        ),
    );
    app.delete(
      '/api/v1/ccapex/commissions/:id/representants/:utilisateurId',
      {
        config: ADMIN,
        schema: {
          params: representantParams,
          tags: TAGS,
          summary: 'Détacher un compte (il revient à la CCAPEX centrale ; If-Match de la commission)',
        },
      },
      async (request, reply) =>
        ecritureSurId(request, reply, (ctx, a, id, version) =>
          organisation.detacherRepresentant(db, ctx, a, id, request.params.utilisateurId, version),
        ),
    );
    app.get(
      '/api/v1/ccapex/commissions/:id/reorientation',
      {
        config: ADMIN,
        schema: {
          params: idParams,
          tags: TAGS,
          summary:
            'Nombre de dossiers ouverts des communes de la commission à rattacher à leur commission compétente',
        },
      },
      async (request) => organisation.apercuReorientation(db, appelantDe(request), request.params.id),
    );
    app.post(
      '/api/v1/ccapex/commissions/:id/reorientation',
      {
        config: ADMIN,
        schema: {
          params: idParams,
          tags: TAGS,
          summary:
            'Rattacher les dossiers ouverts des communes de la commission à leur commission compétente (journalisé)',
        },
      },
      async (request) =>
        organisation.reorienterDossiers(db, contexteJournal(request), appelantDe(request), request.params.id),
    );
    app.get(
      '/api/v1/ccapex/communes',
      {
        config: ADMIN,
        schema: {
          querystring: z.strictObject({
            arrondissement: z.string().regex(/^[0-9AB]{3,4}$/, 'Code d’arrondissement invalide'),
          }),
          tags: TAGS,
          summary: 'Communes d’un arrondissement du département (pour préremplir un périmètre)',
        },
      },
      async (request) => ({
        elements: await organisation.communesDeLArrondissement(
          db,
          appelantDe(request),
          request.query.arrondissement,
        ),
      }),
    );

    // ——— Incoming flows and triage ———
    app.post(
      '/api/v1/ccapex/saisines',
      {
        config: { acces: { permission: 'ccapex.saisir' } },
        schema: {
          body: schemaNouvelleSaisine,
          tags: TAGS,
          summary:
            'Saisir la CCAPEX (dossier existant ou contenu) ; accusé de réception avec la date d’assignation possible',
        },
      },
      async (request, reply) => {
        const r = await triage.deposerSaisine(
          db,
          contexteJournal(request),
          appelantDe(request),
          request.body,
        );
        reply.code(201);
        return r;
      },
    );
    app.get(
      '/api/v1/ccapex/saisines',
      {
        config: SECRETARIAT,
        schema: {
          querystring: z.strictObject({
            statut: z.enum(['a_trier', 'acceptee', 'rejetee']).default('a_trier'),
          }),
          tags: TAGS,
          summary:
            'Saisines à trier (ou traitées) des commissions du secrétariat, les plus anciennes d’abord',
        },
      },
      async (request, reply) => {
        reply.header('Cache-Control', 'no-store');
        return {
          elements: await triage.listerSaisines(
            db,
            contexteJournal(request),
            appelantDe(request),
            request.query.statut,
          ),
        };
      },
    );
    app.get(
      '/api/v1/ccapex/saisines/destinations',
      {
        config: SECRETARIAT,
        schema: { tags: TAGS, summary: 'Commissions du département vers lesquelles rediriger une saisine' },
      },
      async (request) => ({
        elements: (await organisation.commissionsDuDepartement(db, departementsDe(appelantDe(request)))).map(
          ({ communes: _, ...c }) => c,
        ),
      }),
    );
    app.get(
      '/api/v1/ccapex/saisines/:id',
      {
        config: SECRETARIAT,
        schema: {
          params: idParams,
          tags: TAGS,
          summary: 'Une saisine : ce qui a été reçu et son historique (ETag)',
        },
      },
      async (request, reply) => {
        const s = await triage.lireSaisine(
          db,
          contexteJournal(request),
          appelantDe(request),
          request.params.id,
        );
        reply.header('ETag', etag(s.version)).header('Cache-Control', 'no-store');
        return s;
      },
    );
    actionVersionnee(
      '/api/v1/ccapex/saisines/:id/acceptation',
      SECRETARIAT,
      'Accepter : dossier désigné ou créé depuis la saisine, événement « saisine_ccapex » à la date de réception (If-Match)',
      null,
      (ctx, a, id, version) => triage.accepterSaisine(db, ctx, a, id, version),
    );
    actionVersionnee(
      '/api/v1/ccapex/saisines/:id/fusion',
      SECRETARIAT,
      'Accepter dans un dossier existant (candidat proposé ou dossier trouvé ; If-Match)',
      schemaFusionSaisine,
      (ctx, a, id, version, corps) => triage.fusionnerSaisine(db, ctx, a, id, version, corps.dossierId),
    );
    actionVersionnee(
      '/api/v1/ccapex/saisines/:id/redirection',
      SECRETARIAT,
      'Rediriger vers une autre commission du département (motif obligatoire ; If-Match)',
      schemaRedirectionSaisine,
      (ctx, a, id, version, corps) => triage.redirigerSaisine(db, ctx, a, id, version, corps),
    );
    actionVersionnee(
      '/api/v1/ccapex/saisines/:id/rejet',
      SECRETARIAT,
      'Rejeter (motif obligatoire ; If-Match)',
      schemaRejetSaisine,
      (ctx, a, id, version, corps) => triage.rejeterSaisine(db, ctx, a, id, version, corps.motif),
    );

    // ——— Orientations ———
    app.post(
      '/api/v1/ccapex/orientations',
      {
        config: SECRETARIAT,
        schema: {
          body: schemaNouvelleOrientation,
          tags: TAGS,
          summary:
            'Orienter un dossier vers une organisation membre (échéance par défaut : délai de la commission)',
        },
      },
      async (request, reply) => {
        const r = await orientations.orienter(
          db,
          contexteJournal(request),
          appelantDe(request),
          request.body,
        );
        reply.code(201).header('ETag', etag(r.version));
        return r;
      },
    );
    app.get(
      '/api/v1/ccapex/orientations',
      {
        config: MEMBRE,
        schema: {
          querystring: z.strictObject({ closes: z.enum(['0', '1']).default('0') }),
          tags: TAGS,
          summary: 'Mes orientations : celles adressées à mon organisation',
        },
      },
      async (request, reply) => {
        reply.header('Cache-Control', 'no-store');
        return {
          elements: await orientations.mesOrientations(db, contexteJournal(request), appelantDe(request), {
            closes: request.query.closes === '1',
          }),
        };
      },
    );
    app.get(
      '/api/v1/ccapex/orientations/:id',
      {
        config: MEMBRE,
        schema: {
          params: idParams,
          tags: TAGS,
          summary: 'Une orientation adressée à mon organisation, avec le minimum du dossier (ETag)',
        },
      },
      async (request, reply) => {
        const o = await orientations.lireOrientation(
          db,
          contexteJournal(request),
          appelantDe(request),
          request.params.id,
        );
        reply.header('ETag', etag(o.version)).header('Cache-Control', 'no-store');
        return o;
      },
    );
    actionVersionnee(
      '/api/v1/ccapex/orientations/:id/prise-en-compte',
      MEMBRE,
      'Accuser la prise en compte (If-Match)',
      null,
      (ctx, a, id, version) => orientations.prendreEnCompte(db, ctx, a, id, version),
    );
    actionVersionnee(
      '/api/v1/ccapex/orientations/:id/actions',
      MEMBRE,
      'Enregistrer une action menée (type, date, commentaire ; If-Match)',
      schemaActionOrientation,
      (ctx, a, id, version, corps) => orientations.ajouterAction(db, ctx, a, id, version, corps),
    );
    actionVersionnee(
      '/api/v1/ccapex/orientations/:id/cloture',
      MEMBRE,
      'Clore l’orientation avec son résultat (If-Match)',
      schemaClotureOrientation,
      (ctx, a, id, version, corps) => orientations.cloreOrientation(db, ctx, a, id, version, corps.resultat),
    );

    // ——— The CCAPEX section of a dossier ———
    app.get(
      '/api/v1/dossiers/:id/ccapex',
      {
        config: { acces: { permission: 'dossier.lire' } },
        schema: {
          params: idParams,
          tags: TAGS,
          summary:
            'Section CCAPEX d’un dossier : saisines, orientations et destinataires possibles (personnels de la CCAPEX et de l’État)',
        },
      },
      async (request, reply) => {
        const a = appelantDe(request);
        const d = await repoDossiers.lireDossier(db, a.scope, request.params.id);
        if (!d) throw introuvable('Le dossier');
        const visible = peut(a.profil, 'ccapex.secretariat') || peut(a.profil, 'ccapex.membre');
        const peutOrienter = peut(a.profil, 'ccapex.secretariat') && d.commission_id !== null;
        const [saisines, liste, destinataires, commission] = await Promise.all([
          triage.saisinesDuDossier(db, a, d.id),
          orientations.orientationsDuDossier(db, a, d.id),
          peutOrienter && d.commission_id
            ? orientations.destinatairesPossibles(db, d.commission_id)
            : Promise.resolve([]),
          d.commission_id
            ? db
                .selectFrom('commission')
                .select(['id', 'nom', 'type', 'delai_orientation_jours'])
                .where('id', '=', d.commission_id)
                .executeTakeFirst()
            : Promise.resolve(undefined),
          journaliser(db, contexteJournal(request), {
            action: 'dossier_ccapex_consulte',
            objetType: 'dossier',
            objetId: d.id,
            departementCode: d.departement_code,
          }),
        ]);
        reply.header('Cache-Control', 'no-store');
        return {
          visible,
          commission: commission
            ? {
                id: commission.id,
                nom: commission.nom,
                type: commission.type,
                delaiOrientationJours: commission.delai_orientation_jours,
              }
            : null,
          peutOrienter,
          saisines,
          orientations: liste,
          destinataires: destinataires.map((m) => ({
            organisationId: m.organisationId,
            organisationNom: m.organisationNom,
            categorie: m.categorie,
          })),
        };
      },
    );
  };
}
