import { LIBELLES_PERMISSIONS, PERMISSIONS_PAR_PROFIL } from '@exploc/domain/acces/permissions';
import { LIBELLES_PROFILS } from '@exploc/domain/acces/profils';
import {
  schemaConnexion,
  schemaModificationOrganisation,
  schemaModificationUtilisateur,
  schemaNouvelleOrganisation,
  schemaNouvelUtilisateur,
} from '@exploc/domain/schemas/identite';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.js';
import type { Db } from '../../db/connexion.js';
import { ecritureVersionnee, etag, versionAttendue } from '../../plugins/concurrence.js';
import { type Appelant, appelantDe } from '../../plugins/contexte.js';
import { ErreurHttp, introuvable } from '../../plugins/erreurs.js';
import { contexteJournal, journaliser } from '../../plugins/journal.js';
import { creerLimiteurEchecs } from './limiteur.js';
import * as repo from './repository.js';
import {
  creerCompte,
  modifierCompte,
  NOM_COOKIE_SESSION,
  seConnecter,
  seDeconnecter,
  versionPerimee,
} from './service.js';

function vueUtilisateur(a: Appelant) {
  return {
    id: a.utilisateurId,
    nom: a.nom,
    prenom: a.prenom,
    email: a.email,
    profil: a.profil,
    libelleProfil: LIBELLES_PROFILS[a.profil],
    organisation: { id: a.organisation.id, type: a.organisation.type, nom: a.organisation.nom },
    perimetre: {
      type: a.scope.type,
      departements: a.perimetre.departements,
      arrondissements: a.perimetre.arrondissements,
      commissionId: a.perimetre.commissionId,
    },
    compteDemo: a.compteDemo,
    permissions: PERMISSIONS_PAR_PROFIL[a.profil].map((code) => ({
      code,
      libelle: LIBELLES_PERMISSIONS[code],
    })),
  };
}

const idParams = z.strictObject({ id: z.uuid('Identifiant invalide') });

export function routesIdentite(db: Db, config: Config): FastifyPluginAsyncZod {
  return async (app) => {
    const limiteurConnexion = creerLimiteurEchecs({ max: 10, fenetreMs: 15 * 60_000 });
    const cookieSecurise = (request: FastifyRequest) => request.protocol === 'https';
    const poserCookie = (request: FastifyRequest, reply: FastifyReply, valeur: string) =>
      reply.setCookie(NOM_COOKIE_SESSION, valeur, {
        httpOnly: true,
        sameSite: 'lax',
        secure: cookieSecurise(request),
        path: '/',
        maxAge: Math.floor(config.sessionDureeMaxMs / 1000),
      });

    app.post(
      '/api/v1/session',
      {
        schema: { body: schemaConnexion, tags: ['session'], summary: 'Connexion par compte local' },
        config: {
          acces: 'public',
          // All attempts from one address (many accounts tried); failures per account are throttled by
          // `limiteurConnexion` below, so that successful logins never lock anybody out.
          rateLimit: { max: 100, timeWindow: '15 minutes' },
        },
      },
      async (request, reply) => {
        const cle = `${request.ip}:${request.body.email.trim().toLowerCase()}`;
        const attente = limiteurConnexion.attente(cle);
        if (attente > 0) {
          throw new ErreurHttp(
            429,
            'trop_de_requetes',
            `Trop de tentatives de connexion : réessayez dans ${Math.ceil(attente / 60)} minute(s).`,
            undefined,
            { 'Retry-After': String(attente) },
          );
        }
        const resultat = await seConnecter(
          db,
          config,
          contexteJournal(request),
          request.body,
          request.cookies[NOM_COOKIE_SESSION],
        ).catch((e: unknown) => {
          if (e instanceof ErreurHttp && e.code === 'identifiants_invalides') limiteurConnexion.echec(cle);
          throw e;
        });
        limiteurConnexion.reussite(cle);
        poserCookie(request, reply, resultat.valeurCookie);
        return { utilisateur: vueUtilisateur(resultat.appelant), csrfToken: resultat.appelant.csrfToken };
      },
    );

    app.get(
      '/api/v1/moi',
      { config: { acces: 'session' }, schema: { tags: ['session'] } },
      async (request) => {
        const a = appelantDe(request);
        return { utilisateur: vueUtilisateur(a), csrfToken: a.csrfToken };
      },
    );

    app.delete(
      '/api/v1/session',
      { config: { acces: 'session' }, schema: { tags: ['session'] } },
      async (request, reply) => {
        await seDeconnecter(db, contexteJournal(request), appelantDe(request));
        reply.clearCookie(NOM_COOKIE_SESSION, { path: '/' });
        return reply.status(204).send();
      },
    );

    // --- Administration des comptes et organisations du département ---
    app.get(
      '/api/v1/admin/utilisateurs',
      { config: { acces: { permission: 'admin.utilisateurs' } }, schema: { tags: ['administration'] } },
      async (request) => {
        const a = appelantDe(request);
        const lignes = await repo.listerUtilisateurs(db, a.scope);
        await journaliser(db, contexteJournal(request), {
          action: 'utilisateurs_listes',
          objetType: 'utilisateur',
        });
        return { elements: lignes.map(vueCompte) };
      },
    );

    app.post(
      '/api/v1/admin/utilisateurs',
      {
        config: { acces: { permission: 'admin.utilisateurs' } },
        schema: { body: schemaNouvelUtilisateur, tags: ['administration'] },
      },
      async (request, reply) => {
        const a = appelantDe(request);
        const cree = await creerCompte(db, contexteJournal(request), a.scope, request.body);
        reply.header('ETag', etag(cree.version));
        return reply.status(201).send(cree);
      },
    );

    app.get(
      '/api/v1/admin/utilisateurs/:id',
      {
        config: { acces: { permission: 'admin.utilisateurs' } },
        schema: { params: idParams, tags: ['administration'] },
      },
      async (request, reply) => {
        const ligne = await repo.trouverUtilisateur(db, appelantDe(request).scope, request.params.id);
        if (!ligne) throw introuvable('Le compte');
        reply.header('ETag', etag(ligne.version));
        return vueCompte(ligne);
      },
    );

    app.patch(
      '/api/v1/admin/utilisateurs/:id',
      {
        config: { acces: { permission: 'admin.utilisateurs' } },
        schema: { params: idParams, body: schemaModificationUtilisateur, tags: ['administration'] },
      },
      async (request, reply) => {
        const r = await ecritureVersionnee(request, reply, (version) =>
          modifierCompte(
            db,
            contexteJournal(request),
            appelantDe(request).scope,
            request.params.id,
            version,
            request.body,
          ),
        );
        return r;
      },
    );

    app.get(
      '/api/v1/admin/organisations',
      { config: { acces: { permission: 'admin.organisations' } }, schema: { tags: ['administration'] } },
      async (request) => {
        const lignes = await repo.listerOrganisations(db, appelantDe(request).scope);
        return { elements: lignes.map(vueOrganisation) };
      },
    );

    app.post(
      '/api/v1/admin/organisations',
      {
        config: { acces: { permission: 'admin.organisations' } },
        schema: { body: schemaNouvelleOrganisation, tags: ['administration'] },
      },
      async (request, reply) => {
        const a = appelantDe(request);
        const departementCode = a.perimetre.departements[0];
        if (!departementCode) throw new ErreurHttp(403, 'acces_refuse', 'Aucun département administré.');
        const cree = await db.transaction().execute(async (trx) => {
          if (request.body.arrondissements?.length) {
            if (!(await repo.arrondissementsExistent(trx, departementCode, request.body.arrondissements))) {
              throw new ErreurHttp(
                422,
                'perimetre_invalide',
                'Ces arrondissements n’appartiennent pas au département.',
              );
            }
          }
          const o = await repo.insererOrganisation(trx, {
            type: request.body.type,
            nom: request.body.nom,
            siret: request.body.siret ?? null,
            departementCode,
            arrondissements: request.body.arrondissements,
          });
          await journaliser(trx, contexteJournal(request), {
            action: 'organisation_creee',
            objetType: 'organisation',
            objetId: o.id,
          });
          return o;
        });
        reply.header('ETag', etag(cree.version));
        return reply.status(201).send(cree);
      },
    );

    app.patch(
      '/api/v1/admin/organisations/:id',
      {
        config: { acces: { permission: 'admin.organisations' } },
        schema: { params: idParams, body: schemaModificationOrganisation, tags: ['administration'] },
      },
      async (request, reply) => {
        const version = versionAttendue(request);
        const scope = appelantDe(request).scope;
        const r = await db.transaction().execute(async (trx) => {
          const existante = await repo.trouverOrganisation(trx, scope, request.params.id);
          if (!existante) throw introuvable('L’organisation');
          const maj = await repo.modifierOrganisation(trx, scope, request.params.id, version, request.body);
          if (!maj) throw versionPerimee();
          await journaliser(trx, contexteJournal(request), {
            action: 'organisation_modifiee',
            objetType: 'organisation',
            objetId: request.params.id,
            details: { champs: Object.keys(request.body) },
          });
          return maj;
        });
        reply.header('ETag', etag(r.version));
        return r;
      },
    );
  };
}

type LigneCompte = Awaited<ReturnType<typeof repo.listerUtilisateurs>>[number];

function vueCompte(u: LigneCompte) {
  return {
    id: u.id,
    email: u.email,
    nom: u.nom,
    prenom: u.prenom,
    profil: u.profil,
    organisation: { id: u.organisation_id, nom: u.organisation_nom, type: u.organisation_type },
    departementCode: u.departement_code,
    arrondissements: u.perimetre_arrondissements,
    actif: u.actif,
    version: u.version,
    derniereConnexion: u.derniere_connexion?.toISOString() ?? null,
  };
}

type LigneOrganisation = Awaited<ReturnType<typeof repo.listerOrganisations>>[number];

function vueOrganisation(o: LigneOrganisation) {
  return {
    id: o.id,
    type: o.type,
    nom: o.nom,
    siret: o.siret,
    departementCode: o.departement_code,
    departements: o.departements,
    arrondissements: o.arrondissements,
    actif: o.actif,
    version: o.version,
  };
}
