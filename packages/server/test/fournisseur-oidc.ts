/// <reference path="./oidc-provider.d.ts" />
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type ContexteKoa } from 'oidc-provider';

/**
 * A local OpenID provider that behaves like ProConnect for the tests: discovery, authorization code with PKCE,
 * `client_secret_post`, ID token and signed (JWT) userinfo, `acr` and `siret` claims, RP-initiated logout.
 * Its login page takes an account's `sub` (or e-mail); the account's `acr` is the one its test declares.
 */
export interface CompteFournisseur {
  sub: string;
  email: string;
  prenom: string;
  nom: string;
  siret: string;
  acr: string;
}

/** Deliberate corruptions of the provider's responses (signature checks). */
export type Alteration = 'aucune' | 'signature_userinfo' | 'signature_id_token';

export interface FournisseurOidc {
  issuer: string;
  clientId: string;
  clientSecret: string;
  comptes: CompteFournisseur[];
  alteration: Alteration;
  arreter(): Promise<void>;
}

export interface OptionsFournisseur {
  urlRetour: string;
  urlApresDeconnexion: string;
  comptes: CompteFournisseur[];
}

const SCOPES = ['openid', 'email', 'given_name', 'usual_name', 'siret', 'uid'];

function echapper(texte: string): string {
  return texte.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function lireFormulaire(req: IncomingMessage): Promise<URLSearchParams> {
  const morceaux: Buffer[] = [];
  for await (const m of req) morceaux.push(m as Buffer);
  return new URLSearchParams(Buffer.concat(morceaux).toString('utf8'));
}

/** Changes one character of a JWS payload: the signature no longer matches. */
export function falsifierJws(jws: string): string {
  const [entete, charge, signature] = jws.split('.');
  const claims = JSON.parse(Buffer.from(charge ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
  claims.email = 'pirate@exemple.fr';
  const nouvelleCharge = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${entete}.${nouvelleCharge}.${signature}`;
}

function pageConnexion(uid: string): string {
  return `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Fournisseur d’identité de test</title></head>
<body><main><h1>Fournisseur d’identité de test</h1>
<form method="post" action="/interaction/${echapper(uid)}/connexion">
<label for="identifiant">Identifiant de test (sub ou adresse électronique)</label>
<input id="identifiant" name="identifiant" required>
<button type="submit">Continuer</button>
</form></main></body></html>`;
}

function pageDeconnexion(formulaire: string): string {
  return `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Déconnexion</title></head>
<body><main><h1>Se déconnecter du fournisseur d’identité de test ?</h1>${formulaire}
<button type="submit" form="op.logoutForm" value="yes" name="logout">Oui, me déconnecter</button>
</main></body></html>`;
}

async function interaction(fournisseur: Provider, comptes: CompteFournisseur[], ctx: ContexteKoa) {
  const details = await fournisseur.interactionDetails(ctx.req, ctx.res);
  if (ctx.method === 'GET') {
    ctx.type = 'html';
    ctx.body = pageConnexion(details.uid);
    return;
  }
  const formulaire = await lireFormulaire(ctx.req);
  const identifiant = formulaire.get('identifiant');
  const compte = comptes.find((c) => c.sub === identifiant) ?? comptes.find((c) => c.email === identifiant);
  if (!compte) {
    ctx.status = 400;
    ctx.type = 'html';
    ctx.body =
      '<!DOCTYPE html><html lang="fr"><body><p>Compte inconnu du fournisseur de test.</p></body></html>';
    return;
  }
  await fournisseur.interactionFinished(
    ctx.req,
    ctx.res,
    { login: { accountId: compte.sub, acr: compte.acr, amr: ['pwd'] } },
    { mergeWithLastSubmission: false },
  );
}

export async function demarrerFournisseurOidc(options: OptionsFournisseur): Promise<FournisseurOidc> {
  const serveur = http.createServer();
  await new Promise<void>((resolve) => serveur.listen(0, '127.0.0.1', resolve));
  const port = (serveur.address() as AddressInfo).port;
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = `exploc-test-${randomBytes(4).toString('hex')}`;
  const clientSecret = randomBytes(24).toString('base64url');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const cle = { ...privateKey.export({ format: 'jwk' }), kid: 'cle-test', use: 'sig', alg: 'RS256' };

  const etat: FournisseurOidc = {
    issuer,
    clientId,
    clientSecret,
    comptes: options.comptes,
    alteration: 'aucune',
    arreter: () =>
      new Promise<void>((resolve) => {
        serveur.closeAllConnections();
        serveur.close(() => resolve());
      }),
  };

  const fournisseur: Provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.urlRetour],
        post_logout_redirect_uris: [options.urlApresDeconnexion],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_post',
        id_token_signed_response_alg: 'RS256',
        userinfo_signed_response_alg: 'RS256',
      },
    ],
    jwks: { keys: [cle] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    scopes: SCOPES,
    claims: {
      openid: ['sub'],
      email: ['email'],
      given_name: ['given_name'],
      usual_name: ['usual_name'],
      siret: ['siret'],
      uid: ['uid'],
    },
    acrValues: ['eidas1', 'eidas2', 'eidas3'],
    features: {
      devInteractions: { enabled: false },
      claimsParameter: { enabled: true },
      jwtUserinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: ContexteKoa, formulaire: string) => {
          ctx.type = 'html';
          ctx.body = pageDeconnexion(formulaire);
        },
      },
    },
    interactions: { url: (_ctx: ContexteKoa, i: { uid: string }) => `/interaction/${i.uid}` },
    findAccount: async (_ctx: ContexteKoa, sub: string) => {
      const compte = etat.comptes.find((c) => c.sub === sub);
      if (!compte) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          email: compte.email,
          given_name: compte.prenom,
          usual_name: compte.nom,
          siret: compte.siret,
          uid: sub,
        }),
      };
    },
    // No consent screen (ProConnect has none for the agents): every requested scope and claim is granted.
    loadExistingGrant: async (ctx: ContexteKoa) => {
      const clientIdCtx = ctx.oidc.client?.clientId;
      const accountId = ctx.oidc.session?.accountId;
      if (!clientIdCtx || !accountId) return undefined;
      const existant = ctx.oidc.session?.grantIdFor(clientIdCtx);
      if (existant) {
        const g = await fournisseur.Grant.find(existant);
        if (g) return g;
      }
      const grant = new fournisseur.Grant({ clientId: clientIdCtx, accountId });
      grant.addOIDCScope(ctx.oidc.params?.scope ?? 'openid');
      grant.addOIDCClaims([...ctx.oidc.requestParamClaims]);
      await grant.save();
      return grant;
    },
    pkce: { required: () => true },
    ttl: { Session: 3600, Interaction: 600, Grant: 3600, AccessToken: 600, IdToken: 600 },
  });

  fournisseur.use(async (ctx, next) => {
    if (ctx.path.startsWith('/interaction/')) {
      await interaction(fournisseur, etat.comptes, ctx);
      return;
    }
    await next();
    if (etat.alteration === 'signature_userinfo' && ctx.path === '/me' && typeof ctx.body === 'string') {
      ctx.body = falsifierJws(ctx.body);
    }
    if (etat.alteration === 'signature_id_token' && ctx.path === '/token') {
      const corps = ctx.body as { id_token?: string } | undefined;
      if (corps?.id_token) ctx.body = { ...corps, id_token: falsifierJws(corps.id_token) };
    }
  });
  serveur.on('request', fournisseur.callback());
  return etat;
}

/**
 * Plays the browser's part at the provider, with fetch: follows the authorization URL, logs in with the
 * account's `sub`, and returns the redirection to the client's callback (with `code`, `state`, `iss`).
 */
export async function parcourirFournisseur(urlAutorisation: string, identifiant: string): Promise<URL> {
  const cookies = new Map<string, string>();
  const entetes = () => ({ cookie: [...cookies].map(([n, v]) => `${n}=${v}`).join('; ') });
  const retenir = (r: Response) => {
    for (const c of r.headers.getSetCookie()) {
      const [paire] = c.split(';');
      const i = paire?.indexOf('=') ?? -1;
      if (paire && i > 0) cookies.set(paire.slice(0, i), paire.slice(i + 1));
    }
  };
  let url = new URL(urlAutorisation);
  let corps: URLSearchParams | undefined;
  for (let i = 0; i < 10; i++) {
    const r = await fetch(url, {
      method: corps ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { ...entetes(), ...(corps ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: corps,
    });
    retenir(r);
    corps = undefined;
    const suivante = r.headers.get('location');
    if (r.status === 200 && url.pathname.startsWith('/interaction/')) {
      url = new URL(`${url.pathname}/connexion`, url);
      corps = new URLSearchParams({ identifiant });
      continue;
    }
    if (!suivante) throw new Error(`Réponse inattendue du fournisseur : ${r.status} ${await r.text()}`);
    const cible = new URL(suivante, url);
    if (cible.origin !== url.origin && !cible.pathname.startsWith('/interaction/')) return cible;
    url = cible;
  }
  throw new Error('Trop de redirections chez le fournisseur');
}
