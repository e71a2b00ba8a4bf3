import * as oidc from 'openid-client';
import type { ConfigProConnect } from '../../config.js';

/** Stable codes of a refused ProConnect login (docs/securite/proconnect.md). */
export type CodeRefusProConnect =
  | 'etat_invalide'
  | 'nonce_invalide'
  | 'jeton_invalide'
  | 'connexion_annulee'
  | 'proconnect_indisponible'
  | 'informations_manquantes'
  | 'organisation_inconnue'
  | 'organisation_differente'
  | 'compte_inconnu'
  | 'compte_inactif'
  | 'niveau_insuffisant'
  | 'liaison_rejetee'
  | 'liaison_existante';

export const MESSAGES_REFUS: Record<CodeRefusProConnect, string> = {
  etat_invalide:
    'La demande de connexion ProConnect est invalide ou a expiré (paramètre « state »). Recommencez la connexion.',
  nonce_invalide:
    'La réponse de ProConnect ne correspond pas à votre demande de connexion (paramètre « nonce »). Recommencez la connexion.',
  jeton_invalide:
    'La réponse de ProConnect n’a pas pu être vérifiée (signature invalide). Recommencez la connexion.',
  connexion_annulee: 'La connexion avec ProConnect a été annulée ou refusée par le fournisseur d’identité.',
  proconnect_indisponible: 'ProConnect est momentanément indisponible. Réessayez dans quelques instants.',
  informations_manquantes:
    'ProConnect n’a pas transmis votre adresse électronique ou le SIRET de votre organisation.',
  organisation_inconnue:
    'Votre organisation (SIRET transmis par ProConnect) n’est pas enregistrée dans Exploc. Contactez l’administrateur Exploc de votre département.',
  organisation_differente:
    'Vous vous êtes connecté avec une autre organisation que celle de votre compte Exploc. Choisissez la bonne organisation dans ProConnect.',
  compte_inconnu:
    'Aucun compte Exploc ne correspond à votre adresse électronique dans votre organisation. Contactez l’administrateur Exploc de votre département.',
  compte_inactif:
    'Votre compte Exploc est désactivé. Contactez l’administrateur Exploc de votre département.',
  niveau_insuffisant:
    'Votre profil exige une authentification renforcée (par exemple avec une double authentification). Reconnectez-vous avec un moyen d’authentification plus fort.',
  liaison_rejetee:
    'L’accès à Exploc avec cette identité ProConnect a été refusé par l’administrateur de votre département.',
  liaison_existante:
    'Votre compte Exploc est déjà lié à une autre identité ProConnect. Contactez l’administrateur Exploc de votre département.',
};

export class RefusProConnect extends Error {
  constructor(
    readonly code: CodeRefusProConnect,
    readonly utilisateurId?: string,
    readonly departementCode?: string | null,
  ) {
    super(MESSAGES_REFUS[code]);
  }
}

export const SCOPES_PROCONNECT = 'openid email given_name usual_name siret uid';

export interface IdentiteProConnect {
  issuer: string;
  sub: string;
  email: string;
  siret: string;
  acr: string | undefined;
  idToken: string;
}

/** An error's chain of causes (openid-client wraps oauth4webapi's errors). */
function chaine(erreur: unknown): Array<{ code?: unknown; message?: unknown; claim?: unknown }> {
  const r: Array<{ code?: unknown; message?: unknown; claim?: unknown }> = [];
  let courante: unknown = erreur;
  for (let i = 0; i < 6 && courante && typeof courante === 'object'; i++) {
    const e = courante as { code?: unknown; message?: unknown; claim?: unknown; cause?: unknown };
    r.push(e);
    courante = e.cause;
  }
  return r;
}

/** Maps an openid-client failure to a stable refusal code. */
export function classerErreurOidc(erreur: unknown): CodeRefusProConnect {
  const maillons = chaine(erreur);
  if (maillons.some((m) => m.claim === 'nonce')) return 'nonce_invalide';
  if (maillons.some((m) => m.claim === 'state' || m.code === 'OAUTH_INVALID_STATE')) return 'etat_invalide';
  if (erreur instanceof oidc.AuthorizationResponseError) return 'connexion_annulee';
  if (maillons.some((m) => typeof m.message === 'string' && /signature|JWS|JWT/i.test(m.message))) {
    return 'jeton_invalide';
  }
  if (
    maillons.some(
      (m) =>
        m.code === 'ECONNREFUSED' ||
        m.code === 'ETIMEDOUT' ||
        m.code === 'ECONNRESET' ||
        m.code === 'UND_ERR_CONNECT_TIMEOUT' ||
        (typeof m.message === 'string' && /fetch failed|aborted|timeout/i.test(m.message)),
    )
  ) {
    return 'proconnect_indisponible';
  }
  return 'jeton_invalide';
}

function httpLocalAutorise(issuer: string): boolean {
  const u = new URL(issuer);
  return u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost');
}

/** The OpenID Connect client of ProConnect: discovery once (retried after a failure), then the flow. */
export function creerClientProConnect(config: ConfigProConnect) {
  let configuration: Promise<oidc.Configuration> | undefined;

  const decouvrir = (): Promise<oidc.Configuration> => {
    configuration ??= oidc
      .discovery(
        new URL(config.issuer),
        config.clientId,
        { id_token_signed_response_alg: 'RS256', userinfo_signed_response_alg: 'RS256' },
        oidc.ClientSecretPost(config.clientSecret),
        {
          timeout: 10,
          // Signatures of the ID token and of the userinfo JWT are checked against the provider's JWKS.
          execute: [
            ...(httpLocalAutorise(config.issuer) ? [oidc.allowInsecureRequests] : []),
            oidc.enableNonRepudiationChecks,
          ],
        },
      )
      .catch((e: unknown) => {
        configuration = undefined;
        throw e;
      });
    return configuration;
  };

  return {
    async urlAutorisation(p: { etat: string; nonce: string; verificateurPkce: string }): Promise<URL> {
      const c = await decouvrir().catch(() => {
        throw new RefusProConnect('proconnect_indisponible');
      });
      return oidc.buildAuthorizationUrl(c, {
        redirect_uri: config.urlRetour,
        scope: SCOPES_PROCONNECT,
        state: p.etat,
        nonce: p.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(p.verificateurPkce),
        code_challenge_method: 'S256',
        claims: JSON.stringify({ id_token: { acr: { essential: true }, amr: { essential: true } } }),
      });
    },

    /** Code exchange, ID token and signed userinfo checks. Throws a RefusProConnect. */
    async identifier(
      urlCourante: URL,
      p: { etat: string; nonce: string; verificateurPkce: string },
    ): Promise<IdentiteProConnect> {
      const c = await decouvrir().catch(() => {
        throw new RefusProConnect('proconnect_indisponible');
      });
      try {
        const jetons = await oidc.authorizationCodeGrant(c, urlCourante, {
          expectedState: p.etat,
          expectedNonce: p.nonce,
          pkceCodeVerifier: p.verificateurPkce,
          idTokenExpected: true,
        });
        const claims = jetons.claims();
        if (!claims || !jetons.id_token) throw new RefusProConnect('jeton_invalide');
        const infos = await oidc.fetchUserInfo(c, jetons.access_token, claims.sub);
        const email = typeof infos.email === 'string' ? infos.email.trim() : '';
        const siret = typeof infos.siret === 'string' ? infos.siret.replace(/\s/g, '') : '';
        if (!email || !siret) throw new RefusProConnect('informations_manquantes');
        return {
          issuer: c.serverMetadata().issuer,
          sub: claims.sub,
          email,
          siret,
          acr: typeof claims.acr === 'string' ? claims.acr : undefined,
          idToken: jetons.id_token,
        };
      } catch (e) {
        if (e instanceof RefusProConnect) throw e;
        throw new RefusProConnect(classerErreurOidc(e));
      }
    },

    /** RP-initiated logout URL, or null when the provider cannot be reached. */
    async urlDeconnexion(idToken: string, etat: string): Promise<string | null> {
      const c = await decouvrir().catch(() => null);
      if (!c?.serverMetadata().end_session_endpoint) return null;
      return oidc
        .buildEndSessionUrl(c, {
          id_token_hint: idToken,
          post_logout_redirect_uri: config.urlApresDeconnexion,
          state: etat,
        })
        .toString();
    },
  };
}

export type ClientProConnect = ReturnType<typeof creerClientProConnect>;
