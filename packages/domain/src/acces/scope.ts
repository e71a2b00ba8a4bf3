import type { Profil } from './profils.js';

/**
 * The territorial or organisational scope of a caller (architecture.md §2.2). There is no "everything" value:
 * national steering gets `agrege`, which grants no personal data at all.
 */
export type Scope =
  | { type: 'departements'; departements: readonly string[] }
  | { type: 'arrondissements'; arrondissements: readonly string[] }
  | {
      type: 'commission';
      commissionId: string;
      /** The caller's commission and the local commissions and sub-commissions below it. */
      commissionIds: readonly string[];
      departements: readonly string[];
    }
  | { type: 'organisation'; organisationId: string }
  | { type: 'unite'; organisationId: string }
  | { type: 'agrege' }
  | { type: 'aucun' };

export interface Perimetre {
  organisationId: string;
  departements: readonly string[];
  arrondissements: readonly string[];
  commissionId: string | null;
  /** The commission and its descendants (local CCAPEX, sub-commissions); defaults to the commission alone. */
  commissionIds?: readonly string[];
}

export function construireScope(profil: Profil, perimetre: Perimetre): Scope {
  switch (profil) {
    case 'agent_prefecture':
    case 'agent_ddets':
    case 'agent_ddt':
    case 'admin_departemental':
      return perimetre.departements.length > 0
        ? { type: 'departements', departements: perimetre.departements }
        : { type: 'aucun' };
    case 'agent_sous_prefecture':
      return perimetre.arrondissements.length > 0
        ? { type: 'arrondissements', arrondissements: perimetre.arrondissements }
        : { type: 'aucun' };
    case 'membre_ccapex':
    case 'secretariat_ccapex':
      return perimetre.commissionId
        ? {
            type: 'commission',
            commissionId: perimetre.commissionId,
            commissionIds:
              perimetre.commissionIds && perimetre.commissionIds.length > 0
                ? perimetre.commissionIds
                : [perimetre.commissionId],
            departements: perimetre.departements,
          }
        : { type: 'aucun' };
    case 'forces_ordre':
      return { type: 'unite', organisationId: perimetre.organisationId };
    case 'bailleur':
    case 'commissaire_justice':
    case 'caf':
    case 'banque_de_france':
      return { type: 'organisation', organisationId: perimetre.organisationId };
    case 'pilotage_national':
      return { type: 'agrege' };
  }
}

/** A territory as the scope rules see it: a dossier's or an account's place. */
export interface Localisation {
  departement: string | null;
  arrondissement: string | null;
  organisationIds?: readonly string[];
  commissionId?: string | null;
}

/** Pure predicate mirroring the SQL scope filter: may a caller with this scope see this object? */
export function dansScope(scope: Scope, objet: Localisation): boolean {
  switch (scope.type) {
    case 'departements':
      return objet.departement !== null && scope.departements.includes(objet.departement);
    case 'arrondissements':
      return objet.arrondissement !== null && scope.arrondissements.includes(objet.arrondissement);
    case 'commission':
      return !!objet.commissionId && scope.commissionIds.includes(objet.commissionId);
    case 'organisation':
    case 'unite':
      return objet.organisationIds?.includes(scope.organisationId) ?? false;
    case 'agrege':
    case 'aucun':
      return false;
  }
}

/** Administration screens are territorial: only a département scope administers (accounts, journal…). */
export function departementsAdministres(scope: Scope): readonly string[] {
  return scope.type === 'departements' ? scope.departements : [];
}
