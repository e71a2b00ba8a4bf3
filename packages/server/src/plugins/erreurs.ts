import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { estErreurBaseIndisponible, reponseBaseIndisponible } from './indisponibilite.js';

export { estErreurBaseIndisponible };

export interface DetailErreur {
  chemin: string;
  message: string;
}

/** An expected failure with its HTTP status, stable machine code and French message (contracts/api.md). */
export class ErreurHttp extends Error {
  constructor(
    readonly statut: number,
    readonly code: string,
    message: string,
    readonly details?: unknown[],
    readonly entetes?: Record<string, string>,
  ) {
    super(message);
  }
}

export const introuvable = (quoi = 'La ressource demandée') =>
  new ErreurHttp(404, 'introuvable', `${quoi} est introuvable.`);
export const accesRefuse = () =>
  new ErreurHttp(403, 'acces_refuse', 'Votre profil ne permet pas cette action.');
export const nonAuthentifie = () =>
  new ErreurHttp(401, 'non_authentifie', 'Vous devez être connecté pour accéder à cette ressource.');

function cheminDepuisInstancePath(instancePath: string): string {
  return instancePath
    .split('/')
    .filter((s) => s.length > 0)
    .reduce(
      (acc, segment) => (/^\d+$/.test(segment) ? `${acc}[${segment}]` : acc ? `${acc}.${segment}` : segment),
      '',
    );
}

export function corpsErreur(code: string, message: string, details?: unknown[]) {
  return { erreur: { code, message, ...(details ? { details } : {}) } };
}

export function envoyerErreur(reply: FastifyReply, erreur: ErreurHttp) {
  if (erreur.entetes) reply.headers(erreur.entetes);
  return reply.status(erreur.statut).send(corpsErreur(erreur.code, erreur.message, erreur.details));
}

/** A NUL character in the address or a text value: the client's input (see below), never a 500. */
const CARACTERE_NUL = corpsErreur(
  'requete_invalide',
  'La requête contient un caractère non pris en charge (caractère nul).',
);

export function enregistrerGestionErreurs(app: FastifyInstance): void {
  // A NUL character in the address (path or query string) is never meaningful and PostgreSQL cannot hold it:
  // refused before routing, so that no handler — not even a streamed export, whose headers leave before its
  // first query — meets it (found by the fuzz test: `export.xlsx?q=%00` answered 500).
  app.addHook('onRequest', async (request, reply) => {
    if (/%00/i.test(request.raw.url ?? '')) {
      return reply.status(400).send(CARACTERE_NUL);
    }
  });
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof ErreurHttp) return envoyerErreur(reply, error);
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details: DetailErreur[] = error.validation.map((v) => ({
        chemin: cheminDepuisInstancePath(v.instancePath),
        message: v.message ?? 'Valeur invalide',
      }));
      return reply
        .status(400)
        .send(corpsErreur('requete_invalide', 'La requête contient des données invalides.', details));
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error }, 'réponse non conforme à son schéma');
      return reply.status(500).send(corpsErreur('erreur_interne', 'Une erreur interne est survenue.'));
    }
    const statut = error.statusCode ?? 500;
    if (statut === 429) {
      return reply
        .status(429)
        .send(corpsErreur('trop_de_requetes', 'Trop de requêtes : réessayez dans quelques instants.'));
    }
    if (statut === 413) {
      return reply
        .status(413)
        .send(corpsErreur('requete_trop_volumineuse', 'La requête est trop volumineuse.'));
    }
    if (statut === 415) {
      return reply
        .status(415)
        .send(
          corpsErreur(
            'type_contenu_non_supporte',
            'Le type de contenu de la requête n’est pas pris en charge.',
          ),
        );
    }
    if (statut >= 400 && statut < 500) {
      // Malformed JSON, bad content-length…: the client's fault, never a 500.
      return reply.status(statut).send(corpsErreur('requete_invalide', 'La requête est mal formée.', []));
    }
    if (estCaractereRefuseParLaBase(error)) {
      // A NUL character (or one the database encoding cannot hold) in a text parameter: PostgreSQL refuses it
      // (22021, 22P05) before anything is written — the client's input, never a 500 (found by the fuzz test).
      return reply.status(400).send(CARACTERE_NUL);
    }
    if (estErreurBaseIndisponible(error)) {
      // PostgreSQL away (restart, failover): 503 + Retry-After, the server stays up (plugins/indisponibilite.ts).
      request.log.warn({ code: (error as { code?: unknown }).code }, 'base de données indisponible');
      return reponseBaseIndisponible(reply);
    }
    request.log.error({ err: error }, 'erreur interne');
    return reply.status(500).send(corpsErreur('erreur_interne', 'Une erreur interne est survenue.'));
  });
}

function estCaractereRefuseParLaBase(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === '22021' || code === '22P05';
}

/**
 * A multipart body that cannot be read (boundary not found, truncated body…) is the client's fault: 400, never
 * a 500. Our own errors (sizes, types) pass through.
 */
export function multipartIllisible(e: unknown): ErreurHttp {
  if (e instanceof ErreurHttp) return e;
  const statut = (e as { statusCode?: number } | null)?.statusCode;
  if (statut === 413)
    return new ErreurHttp(413, 'requete_trop_volumineuse', 'La requête est trop volumineuse.');
  return new ErreurHttp(400, 'multipart_invalide', 'Le corps multipart/form-data est illisible.');
}
