import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Profil } from '@exploc/domain/acces/profils';
import type { Scope } from '@exploc/domain/acces/scope';
import type { Kysely } from 'kysely';
import type { Config, ConfigProConnect } from '../../config.js';
import type { DB } from '../../db/schema.js';
import type { Appelant } from '../../plugins/contexte.js';
import { ErreurHttp, introuvable } from '../../plugins/erreurs.js';
import { type ContexteJournal, journaliser } from '../../plugins/journal.js';
import type { ClientProConnect, IdentiteProConnect } from './proconnect-client.js';
import { RefusProConnect } from './proconnect-client.js';
import * as repoPc from './proconnect-repository.js';
import * as repo from './repository.js';
import { appelantDepuisSession, hacherIdentifiantSession } from './service.js';

/** Lifetime of a pending authorization request (state, nonce, PKCE verifier). */
export const DUREE_TRANSACTION_MS = 10 * 60_000;

const aleatoire = () => randomBytes(32).toString('base64url');

export async function demarrerConnexion(db: Kysely<DB>, client: ClientProConnect) {
  const valeurCookie = aleatoire();
  const transaction = { etat: aleatoire(), nonce: aleatoire(), verificateurPkce: aleatoire() };
  const url = await client.urlAutorisation(transaction);
  await repoPc.creerTransaction(db, {
    idHash: hacherIdentifiantSession(valeurCookie),
    ...transaction,
    expireLe: new Date(Date.now() + DUREE_TRANSACTION_MS),
  });
  return { url: url.toString(), valeurCookie };
}

function memeValeur(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Checks the callback against the browser's pending request, then the provider's tokens. */
export async function verifierRetour(
  db: Kysely<DB>,
  client: ClientProConnect,
  valeurCookie: string | undefined,
  urlCourante: URL,
): Promise<IdentiteProConnect> {
  const transaction = valeurCookie
    ? await repoPc.consommerTransaction(db, hacherIdentifiantSession(valeurCookie))
    : undefined;
  const etatRecu = urlCourante.searchParams.get('state') ?? '';
  if (!transaction || !memeValeur(etatRecu, transaction.etat)) throw new RefusProConnect('etat_invalide');
  if (urlCourante.searchParams.has('error')) throw new RefusProConnect('connexion_annulee');
  return client.identifier(urlCourante, {
    etat: transaction.etat,
    nonce: transaction.nonce,
    verificateurPkce: transaction.verificateur_pkce,
  });
}

type CompteLie = NonNullable<Awaited<ReturnType<typeof repoPc.compteParEmailEtSiret>>>;

function verifierCompte(
  config: Config,
  pc: ConfigProConnect,
  compte: CompteLie,
  identite: IdentiteProConnect,
) {
  const refus = (code: ConstructorParameters<typeof RefusProConnect>[0]) =>
    new RefusProConnect(code, compte.utilisateur_id, compte.departement_code);
  if (!compte.actif || !compte.organisation_actif || (compte.compte_demo && !config.demo)) {
    throw refus('compte_inactif');
  }
  if (compte.organisation_siret !== identite.siret) throw refus('organisation_differente');
  const exigeNiveauFort = pc.profilsForts.includes(compte.profil as Profil);
  if (exigeNiveauFort && (!identite.acr || !pc.acrForts.includes(identite.acr))) {
    throw refus('niveau_insuffisant');
  }
}

export type IssueConnexion =
  | { type: 'session'; valeurCookie: string; appelant: Appelant }
  | { type: 'attente'; liaisonCreee: boolean };

/**
 * Maps the provider's identity to an Exploc account: an approved link opens a session (a new session id, the
 * previous one destroyed); a first login matched by e-mail and SIRET creates a link « en_attente ».
 */
export async function connecterIdentite(
  db: Kysely<DB>,
  config: Config,
  pc: ConfigProConnect,
  contexte: ContexteJournal,
  identite: IdentiteProConnect,
  ancienneSession: string | undefined,
): Promise<IssueConnexion> {
  return db.transaction().execute(async (trx) => {
    const liaison = await repoPc.trouverLiaison(trx, identite.issuer, identite.sub);
    if (!liaison) return premiereConnexion(trx, config, pc, contexte, identite);
    if (liaison.statut === 'rejetee') {
      throw new RefusProConnect('liaison_rejetee', liaison.utilisateur_id, liaison.departement_code);
    }
    verifierCompte(config, pc, liaison, identite);
    if (liaison.statut === 'en_attente') return { type: 'attente', liaisonCreee: false };
    const valeurCookie = randomBytes(32).toString('base64url');
    const idHash = hacherIdentifiantSession(valeurCookie);
    if (ancienneSession) await repo.supprimerSession(trx, hacherIdentifiantSession(ancienneSession));
    await repo.creerSession(trx, {
      idHash,
      utilisateurId: liaison.utilisateur_id,
      csrfToken: randomBytes(24).toString('base64url'),
      expireLe: new Date(Date.now() + config.sessionDureeMaxMs),
    });
    await repoPc.lierSession(trx, {
      sessionIdHash: idHash,
      liaisonId: liaison.id,
      idToken: identite.idToken,
    });
    await repoPc.noterConnexionLiaison(trx, liaison.id);
    await journaliser(
      trx,
      { ...contexte, appelant: null },
      {
        action: 'connexion',
        objetType: 'utilisateur',
        objetId: liaison.utilisateur_id,
        departementCode: liaison.departement_code,
        details: { methode: 'proconnect', acr: identite.acr ?? null },
      },
    );
    const session = await repo.chargerSession(trx, idHash, new Date(0));
    if (!session) throw new Error('Session créée introuvable');
    return { type: 'session', valeurCookie, appelant: appelantDepuisSession(session) };
  });
}

async function premiereConnexion(
  trx: Kysely<DB>,
  config: Config,
  pc: ConfigProConnect,
  contexte: ContexteJournal,
  identite: IdentiteProConnect,
): Promise<IssueConnexion> {
  if ((await repoPc.organisationsParSiret(trx, identite.siret)).length === 0) {
    throw new RefusProConnect('organisation_inconnue');
  }
  const compte = await repoPc.compteParEmailEtSiret(trx, identite.email, identite.siret);
  if (!compte) throw new RefusProConnect('compte_inconnu');
  verifierCompte(config, pc, compte, identite);
  const cree = await repoPc.creerLiaison(trx, {
    issuer: identite.issuer,
    sub: identite.sub,
    utilisateurId: compte.utilisateur_id,
    siret: identite.siret,
  });
  if (!cree) throw new RefusProConnect('liaison_existante', compte.utilisateur_id, compte.departement_code);
  await journaliser(
    trx,
    { ...contexte, appelant: null },
    {
      action: 'liaison_proconnect_creee',
      objetType: 'liaison_proconnect',
      objetId: cree.id,
      departementCode: compte.departement_code,
      details: { utilisateurId: compte.utilisateur_id },
    },
  );
  return { type: 'attente', liaisonCreee: true };
}

/** Journals a refused login (outside the failed transaction, so that the row stays). */
export async function journaliserRefus(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  motif: string,
  refus?: RefusProConnect,
) {
  await journaliser(
    db,
    { ...contexte, appelant: null },
    {
      action: 'connexion_refusee',
      objetType: refus?.utilisateurId ? 'utilisateur' : undefined,
      objetId: refus?.utilisateurId,
      departementCode: refus?.departementCode ?? null,
      details: { methode: 'proconnect', motif },
    },
  );
}

/** Destroys the local session; returns the ID token when the session came from ProConnect. */
export async function fermerSession(db: Kysely<DB>, contexte: ContexteJournal, appelant: Appelant) {
  return db.transaction().execute(async (trx) => {
    const idToken = await repoPc.jetonDeSession(trx, appelant.sessionIdHash);
    await repo.supprimerSession(trx, appelant.sessionIdHash);
    await journaliser(trx, contexte, {
      action: 'deconnexion',
      objetType: 'utilisateur',
      objetId: appelant.utilisateurId,
      details: { methode: idToken ? 'proconnect' : 'locale' },
    });
    return idToken;
  });
}

export async function deciderLiaison(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  scope: Scope,
  decideur: string,
  id: string,
  decision: 'approuvee' | 'rejetee',
) {
  return db.transaction().execute(async (trx) => {
    const liaison = await repoPc.trouverLiaisonDansScope(trx, scope, id);
    if (!liaison) throw introuvable('La demande d’accès ProConnect');
    if (liaison.statut === decision) {
      throw new ErreurHttp(
        409,
        'liaison_deja_traitee',
        decision === 'approuvee'
          ? 'Cette demande d’accès ProConnect est déjà approuvée.'
          : 'Cette demande d’accès ProConnect est déjà rejetée.',
      );
    }
    const r = await repoPc.deciderLiaison(trx, id, decision, decideur);
    if (decision === 'rejetee') await repoPc.supprimerSessionsLiaison(trx, id);
    await journaliser(trx, contexte, {
      action: decision === 'approuvee' ? 'liaison_proconnect_approuvee' : 'liaison_proconnect_rejetee',
      objetType: 'liaison_proconnect',
      objetId: id,
      departementCode: liaison.departement_code,
      details: { utilisateurId: liaison.utilisateur_id },
    });
    return r;
  });
}
