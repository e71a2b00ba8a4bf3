import { createHash, randomBytes } from 'node:crypto';
import {
  type Profil,
  TYPES_ORGANISATION_PAR_PROFIL,
  type TypeOrganisation,
} from '@exploc/domain/acces/profils';
import { construireScope, type Scope } from '@exploc/domain/acces/scope';
import { hash, verify } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { DB } from '../../db/schema.js';
import type { Appelant } from '../../plugins/contexte.js';
import { ErreurHttp, introuvable } from '../../plugins/erreurs.js';
import { type ContexteJournal, journaliser } from '../../plugins/journal.js';
import * as repo from './repository.js';

export const NOM_COOKIE_SESSION = 'exploc_session';

/** A valid argon2id hash of a random password, verified when the e-mail is unknown (same timing). */
let hashFactice: Promise<string> | undefined;

export function hacherMotDePasse(motDePasse: string): Promise<string> {
  // @node-rs/argon2 defaults to argon2id, 19 MiB, t=2 (OWASP's recommended minimum).
  return hash(motDePasse);
}

export function hacherIdentifiantSession(valeur: string): string {
  return createHash('sha256').update(valeur).digest('hex');
}

export interface ResultatConnexion {
  valeurCookie: string;
  appelant: Appelant;
}

export async function seConnecter(
  db: Kysely<DB>,
  config: Config,
  contexte: ContexteJournal,
  identifiants: { email: string; motDePasse: string },
  ancienneSession: string | undefined,
): Promise<ResultatConnexion> {
  const compte = await repo.trouverCompteParEmail(db, identifiants.email);
  hashFactice ??= hash(randomBytes(16).toString('hex'));
  const hashReference = compte?.mot_de_passe_hash ?? (await hashFactice);
  const motDePasseValide = await verify(hashReference, identifiants.motDePasse).catch(() => false);
  const autorise =
    compte !== undefined &&
    compte.mot_de_passe_hash !== null &&
    motDePasseValide &&
    compte.actif &&
    (!compte.compte_demo || config.demo);
  if (!autorise) {
    await journaliser(db, contexte, {
      action: 'connexion_echec',
      objetType: compte ? 'utilisateur' : undefined,
      objetId: compte?.id,
    });
    throw new ErreurHttp(401, 'identifiants_invalides', 'Adresse électronique ou mot de passe incorrect.');
  }
  // A new session id at every login (no session fixation); the previous one, if any, is destroyed.
  const valeurCookie = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await db.transaction().execute(async (trx) => {
    if (ancienneSession) await repo.supprimerSession(trx, hacherIdentifiantSession(ancienneSession));
    await repo.creerSession(trx, {
      idHash: hacherIdentifiantSession(valeurCookie),
      utilisateurId: compte.id,
      csrfToken,
      expireLe: new Date(Date.now() + config.sessionDureeMaxMs),
    });
    await journaliser(
      trx,
      { ...contexte, appelant: null },
      { action: 'connexion', objetType: 'utilisateur', objetId: compte.id },
    );
  });
  const session = await repo.chargerSession(db, hacherIdentifiantSession(valeurCookie), new Date(0));
  if (!session) throw new Error('Session créée introuvable');
  return { valeurCookie, appelant: appelantDepuisSession(session) };
}

type LigneSession = NonNullable<Awaited<ReturnType<typeof repo.chargerSession>>>;

export function appelantDepuisSession(ligne: LigneSession): Appelant {
  const profil = ligne.profil as Profil;
  const perimetre = {
    organisationId: ligne.organisation_id,
    departements: ligne.perimetre_departements,
    arrondissements: ligne.perimetre_arrondissements,
    commissionId: ligne.commission_id,
    commissionIds: ligne.commission_ids,
  };
  return {
    utilisateurId: ligne.id,
    email: ligne.email,
    nom: ligne.nom,
    prenom: ligne.prenom,
    profil,
    organisation: {
      id: ligne.organisation_id,
      type: ligne.organisation_type,
      nom: ligne.organisation_nom,
      departementCode: ligne.organisation_departement_code,
    },
    departementCode: ligne.departement_code,
    perimetre,
    scope: construireScope(profil, perimetre),
    sessionIdHash: ligne.id_hash,
    csrfToken: ligne.csrf_token,
    compteDemo: ligne.compte_demo,
  };
}

/** Loads the session of a cookie value; refreshes its idle timer at most once a minute. */
export async function retrouverSession(db: Kysely<DB>, config: Config, valeurCookie: string) {
  const idHash = hacherIdentifiantSession(valeurCookie);
  const ligne = await repo.chargerSession(db, idHash, new Date(Date.now() - config.sessionInactiviteMs));
  if (!ligne) return null;
  if (Date.now() - ligne.vu_le.getTime() > 60_000) await repo.toucherSession(db, idHash);
  return appelantDepuisSession(ligne);
}

export async function seDeconnecter(db: Kysely<DB>, contexte: ContexteJournal, appelant: Appelant) {
  await db.transaction().execute(async (trx) => {
    await repo.supprimerSession(trx, appelant.sessionIdHash);
    await journaliser(trx, contexte, {
      action: 'deconnexion',
      objetType: 'utilisateur',
      objetId: appelant.utilisateurId,
    });
  });
}

const PROFILS_DEPARTEMENTAUX: readonly Profil[] = [
  'agent_prefecture',
  'agent_ddets',
  'agent_ddt',
  'admin_departemental',
  'membre_ccapex',
  'secretariat_ccapex',
];

export interface DemandeCompte {
  email: string;
  nom: string;
  prenom: string;
  profil: Profil;
  organisationId: string;
  arrondissements?: string[];
  motDePasse?: string;
  compteDemo?: boolean;
}

/**
 * Creates an account. `scope` is the administrator's scope (null for the operator's CLI). The perimeter is
 * derived from the organisation: département for departmental profiles, arrondissements for a
 * sous-préfecture, the central commission for CCAPEX profiles.
 */
export async function creerCompte(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  scope: Scope | null,
  demande: DemandeCompte,
): Promise<{ id: string; version: number }> {
  return db.transaction().execute(async (trx) => {
    const organisation = scope
      ? await repo.trouverOrganisation(trx, scope, demande.organisationId)
      : await trx
          .selectFrom('organisation')
          .select(['id', 'type', 'departement_code', 'departements', 'arrondissements', 'actif'])
          .where('id', '=', demande.organisationId)
          .executeTakeFirst();
    if (!organisation) throw introuvable('L’organisation');
    if (!TYPES_ORGANISATION_PAR_PROFIL[demande.profil].includes(organisation.type as TypeOrganisation)) {
      throw new ErreurHttp(
        422,
        'profil_incompatible',
        `Le profil « ${demande.profil} » ne peut pas être attribué dans une organisation de type « ${organisation.type} ».`,
      );
    }
    if (await repo.emailExiste(trx, demande.email)) {
      throw new ErreurHttp(
        409,
        'email_deja_utilise',
        'Un compte existe déjà avec cette adresse électronique.',
      );
    }
    const departementCode = organisation.departement_code;
    let perimetreDepartements: string[] = [];
    let perimetreArrondissements: string[] = [];
    let commissionId: string | null = null;
    if (PROFILS_DEPARTEMENTAUX.includes(demande.profil)) {
      if (!departementCode) {
        throw new ErreurHttp(
          422,
          'organisation_sans_territoire',
          'Cette organisation n’est rattachée à aucun département.',
        );
      }
      perimetreDepartements = [departementCode];
    }
    if (demande.profil === 'agent_sous_prefecture') {
      perimetreArrondissements = demande.arrondissements?.length
        ? demande.arrondissements
        : [...organisation.arrondissements];
      if (
        !departementCode ||
        perimetreArrondissements.length === 0 ||
        !(await repo.arrondissementsExistent(trx, departementCode, perimetreArrondissements))
      ) {
        throw new ErreurHttp(
          422,
          'perimetre_invalide',
          'Un agent de sous-préfecture doit être rattaché à au moins un arrondissement de son département.',
        );
      }
      perimetreDepartements = [departementCode];
    }
    if (demande.profil === 'membre_ccapex' || demande.profil === 'secretariat_ccapex') {
      const commission = departementCode ? await repo.commissionCentrale(trx, departementCode) : undefined;
      if (!commission) {
        throw new ErreurHttp(
          422,
          'commission_absente',
          'Aucune CCAPEX centrale n’est configurée pour ce département.',
        );
      }
      commissionId = commission.id;
    }
    if (
      demande.profil === 'bailleur' ||
      demande.profil === 'commissaire_justice' ||
      demande.profil === 'forces_ordre'
    ) {
      perimetreDepartements = [...organisation.departements];
    }
    const cree = await repo.insererUtilisateur(trx, {
      email: demande.email.trim(),
      nom: demande.nom,
      prenom: demande.prenom,
      profil: demande.profil,
      organisationId: organisation.id,
      departementCode,
      perimetreDepartements,
      perimetreArrondissements,
      commissionId,
      motDePasseHash: demande.motDePasse ? await hacherMotDePasse(demande.motDePasse) : null,
      compteDemo: demande.compteDemo ?? false,
    });
    await journaliser(trx, contexte, {
      action: 'utilisateur_cree',
      objetType: 'utilisateur',
      objetId: cree.id,
      departementCode,
      details: { profil: demande.profil },
    });
    return cree;
  });
}

export async function modifierCompte(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  scope: Scope,
  id: string,
  version: number,
  modifications: { actif?: boolean; profil?: Profil; nom?: string; prenom?: string },
) {
  return db.transaction().execute(async (trx) => {
    const existant = await repo.trouverUtilisateur(trx, scope, id);
    if (!existant) throw introuvable('Le compte');
    if (modifications.profil) {
      const types = TYPES_ORGANISATION_PAR_PROFIL[modifications.profil];
      if (!types.includes(existant.organisation_type as TypeOrganisation)) {
        throw new ErreurHttp(
          422,
          'profil_incompatible',
          'Ce profil ne correspond pas au type de l’organisation du compte.',
        );
      }
    }
    const r = await repo.modifierUtilisateur(trx, scope, id, version, modifications);
    if (!r) throw versionPerimee();
    if (modifications.actif === false || modifications.profil)
      await repo.supprimerSessionsUtilisateur(trx, id);
    await journaliser(trx, contexte, {
      action: 'utilisateur_modifie',
      objetType: 'utilisateur',
      objetId: id,
      details: { champs: Object.keys(modifications) },
    });
    return r;
  });
}

export function versionPerimee() {
  return new ErreurHttp(
    412,
    'version_perimee',
    'Cet élément a été modifié entre-temps par quelqu’un d’autre : rechargez-le avant de le modifier.',
  );
}
