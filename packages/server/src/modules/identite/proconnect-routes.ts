import { randomBytes } from 'node:crypto';
import { LIBELLES_PROFILS, type Profil } from '@exploc/domain/acces/profils';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config, ConfigProConnect } from '../../config.js';
import type { Db } from '../../db/connexion.js';
import { appelantDe } from '../../plugins/contexte.js';
import { ErreurHttp } from '../../plugins/erreurs.js';
import { contexteJournal, journaliser } from '../../plugins/journal.js';
import { type ClientProConnect, creerClientProConnect, RefusProConnect } from './proconnect-client.js';
import * as repoPc from './proconnect-repository.js';
import {
  connecterIdentite,
  DUREE_TRANSACTION_MS,
  deciderLiaison,
  demarrerConnexion,
  fermerSession,
  journaliserRefus,
  verifierRetour,
} from './proconnect-service.js';
import { NOM_COOKIE_SESSION } from './service.js';

export const NOM_COOKIE_TRANSACTION = 'exploc_proconnect';
const CHEMIN_COOKIE_TRANSACTION = '/api/v1/auth/proconnect';

/** Pages of the web app the callback sends the browser to. */
export const PAGES_PROCONNECT = {
  attente: '/connexion/proconnect/en-attente',
  erreur: (code: string) => `/connexion/proconnect/erreur?code=${encodeURIComponent(code)}`,
  accueil: '/',
  deconnecte: '/connexion?deconnecte=1',
};

const nonConfigure = () =>
  new ErreurHttp(
    404,
    'proconnect_non_configure',
    'La connexion avec ProConnect n’est pas configurée sur cette instance d’Exploc.',
  );

const idParams = z.strictObject({ id: z.uuid('Identifiant invalide') });
const schemaListe = z.object({
  statut: z.enum(['en_attente', 'approuvee', 'rejetee']).default('en_attente'),
});
// The provider's callback: a few known parameters; the raw query string is what is checked.
const schemaRetour = z.object({
  code: z.string().max(4096).optional(),
  state: z.string().max(1024).optional(),
  iss: z.string().max(2048).optional(),
  error: z.string().max(256).optional(),
  error_description: z.string().max(2048).optional(),
});

export function routesProConnect(db: Db, config: Config): FastifyPluginAsyncZod {
  return async (app) => {
    const pc: ConfigProConnect | undefined = config.proconnect;
    const client: ClientProConnect | undefined = pc ? creerClientProConnect(pc) : undefined;
    const configure = () => {
      if (!pc || !client) throw nonConfigure();
      return { pc, client };
    };
    const securise = (request: FastifyRequest) => request.protocol === 'https';

    app.get(
      '/api/v1/auth/proconnect/connexion',
      {
        config: { acces: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
        schema: { tags: ['session'], summary: 'Redirige vers ProConnect (code d’autorisation, PKCE)' },
      },
      async (request, reply) => {
        const { client: c } = configure();
        let demarrage: Awaited<ReturnType<typeof demarrerConnexion>>;
        try {
          demarrage = await demarrerConnexion(db, c);
        } catch (e) {
          if (!(e instanceof RefusProConnect)) throw e;
          await journaliserRefus(db, contexteJournal(request), e.code);
          return reply.redirect(PAGES_PROCONNECT.erreur(e.code), 303);
        }
        const { url, valeurCookie } = demarrage;
        reply.setCookie(NOM_COOKIE_TRANSACTION, valeurCookie, {
          httpOnly: true,
          sameSite: 'lax',
          secure: securise(request),
          path: CHEMIN_COOKIE_TRANSACTION,
          maxAge: Math.floor(DUREE_TRANSACTION_MS / 1000),
        });
        reply.header('Cache-Control', 'no-store');
        return reply.redirect(url, 303);
      },
    );

    app.get(
      '/api/v1/auth/proconnect/retour',
      {
        config: { acces: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
        schema: { querystring: schemaRetour, tags: ['session'], summary: 'Retour de ProConnect' },
      },
      async (request, reply) => {
        const { pc: p, client: c } = configure();
        const contexte = contexteJournal(request);
        reply.clearCookie(NOM_COOKIE_TRANSACTION, { path: CHEMIN_COOKIE_TRANSACTION });
        reply.header('Cache-Control', 'no-store');
        const urlCourante = new URL(p.urlRetour);
        urlCourante.search = request.raw.url?.split('?')[1] ?? '';
        try {
          const identite = await verifierRetour(db, c, request.cookies[NOM_COOKIE_TRANSACTION], urlCourante);
          const issue = await connecterIdentite(
            db,
            config,
            p,
            contexte,
            identite,
            request.cookies[NOM_COOKIE_SESSION],
          );
          if (issue.type === 'attente') {
            await journaliserRefus(db, contexte, 'liaison_en_attente');
            return reply.redirect(PAGES_PROCONNECT.attente, 303);
          }
          reply.setCookie(NOM_COOKIE_SESSION, issue.valeurCookie, {
            httpOnly: true,
            sameSite: 'lax',
            secure: securise(request),
            path: '/',
            maxAge: Math.floor(config.sessionDureeMaxMs / 1000),
          });
          return reply.redirect(PAGES_PROCONNECT.accueil, 303);
        } catch (e) {
          if (!(e instanceof RefusProConnect)) throw e;
          await journaliserRefus(db, contexte, e.code, e);
          return reply.redirect(PAGES_PROCONNECT.erreur(e.code), 303);
        }
      },
    );

    app.post(
      '/api/v1/auth/proconnect/deconnexion',
      {
        config: { acces: 'session' },
        schema: { tags: ['session'], summary: 'Déconnexion (et déconnexion de ProConnect)' },
      },
      async (request, reply) => {
        const { client: c } = configure();
        const idToken = await fermerSession(db, contexteJournal(request), appelantDe(request));
        reply.clearCookie(NOM_COOKIE_SESSION, { path: '/' });
        const urlFournisseur = idToken
          ? await c.urlDeconnexion(idToken, randomBytes(16).toString('base64url'))
          : null;
        return { redirection: urlFournisseur ?? PAGES_PROCONNECT.deconnecte };
      },
    );

    app.get(
      '/api/v1/admin/liaisons-proconnect',
      {
        config: { acces: { permission: 'admin.utilisateurs' } },
        schema: { querystring: schemaListe, tags: ['administration'] },
      },
      async (request) => {
        const a = appelantDe(request);
        const lignes = await repoPc.listerLiaisons(db, a.scope, request.query.statut);
        await journaliser(db, contexteJournal(request), {
          action: 'liaisons_proconnect_listees',
          objetType: 'liaison_proconnect',
          details: { statut: request.query.statut },
        });
        return {
          elements: lignes.map((l) => ({
            id: l.id,
            statut: l.statut,
            siret: l.siret,
            creeLe: l.cree_le.toISOString(),
            decideLe: l.decide_le?.toISOString() ?? null,
            derniereConnexion: l.derniere_connexion?.toISOString() ?? null,
            utilisateur: {
              id: l.utilisateur_id,
              nom: l.nom,
              prenom: l.prenom,
              email: l.email,
              profil: l.profil,
              libelleProfil: LIBELLES_PROFILS[l.profil as Profil] ?? l.profil,
            },
            organisation: { nom: l.organisation_nom },
          })),
        };
      },
    );

    const decision =
      (statut: 'approuvee' | 'rejetee') => async (request: FastifyRequest, reply: FastifyReply) => {
        const a = appelantDe(request);
        const { id } = idParams.parse(request.params);
        const r = await deciderLiaison(db, contexteJournal(request), a.scope, a.utilisateurId, id, statut);
        return reply.send(r);
      };

    app.post(
      '/api/v1/admin/liaisons-proconnect/:id/approbation',
      {
        config: { acces: { permission: 'admin.utilisateurs' } },
        schema: { params: idParams, tags: ['administration'], summary: 'Approuver un accès ProConnect' },
      },
      decision('approuvee'),
    );

    app.post(
      '/api/v1/admin/liaisons-proconnect/:id/rejet',
      {
        config: { acces: { permission: 'admin.utilisateurs' } },
        schema: { params: idParams, tags: ['administration'], summary: 'Rejeter un accès ProConnect' },
      },
      decision('rejetee'),
    );
  };
}
