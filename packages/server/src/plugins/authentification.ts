import { peut } from '@exploc/domain/acces/permissions';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { DB } from '../db/schema.js';
import { NOM_COOKIE_SESSION, retrouverSession } from '../modules/identite/service.js';
import type { RegleAcces } from './contexte.js';
import { accesRefuse, ErreurHttp, nonAuthentifie } from './erreurs.js';

const METHODES_SURES = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authentication and authorization for `/api/v1`: every route declares `config.acces`; a route that does not
 * is refused (fail-closed). The caller and its scope are built once here and passed down.
 */
export function enregistrerAuthentification(app: FastifyInstance, db: Kysely<DB>, config: Config): void {
  app.decorateRequest('appelant', null);
  // preValidation: the caller is known (401/403) before the body is validated (400).
  app.addHook('preValidation', async (request: FastifyRequest) => {
    const url = request.routeOptions.url;
    if (!url?.startsWith('/api/v1/')) return;
    const regle: RegleAcces | undefined = request.routeOptions.config.acces;
    if (regle === undefined) throw accesRefuse();
    if (regle === 'public') return;
    const valeur = request.cookies[NOM_COOKIE_SESSION];
    const appelant = valeur ? await retrouverSession(db, config, valeur) : null;
    if (!appelant) throw nonAuthentifie();
    if (!METHODES_SURES.has(request.method) && request.headers['x-csrf-token'] !== appelant.csrfToken) {
      throw new ErreurHttp(403, 'csrf_invalide', 'Jeton anti-CSRF absent ou invalide : rechargez la page.');
    }
    request.appelant = appelant;
    if (regle !== 'session' && !peut(appelant.profil, regle.permission)) throw accesRefuse();
  });
}
