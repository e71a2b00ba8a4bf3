/**
 * Territories of the steering indicators and who may see them. The contract's `territoire` is `FR` or a
 * département code; the other levels are written `region:11`, `arrondissement:932`, `commune:93005`
 * (`departement:75` is accepted too).
 *
 * Access (docs/pilotage/indicateurs.md, « Accès ») : national steering (scope `agrege`) sees France, the
 * régions, the départements and the arrondissements, never a commune (small counts); a departmental
 * profile sees its département(s) and what they contain; a sub-prefecture its arrondissement(s) and their
 * communes. Territories are public knowledge, so a known territory outside the scope is refused (403)
 * rather than hidden (404); an unknown code is 404.
 */
import type { Scope } from '../acces/scope.js';
import { CODES_DEPARTEMENT } from '../calendrier/departements.js';

export const NIVEAUX_TERRITOIRE = ['france', 'region', 'departement', 'arrondissement', 'commune'] as const;
export type NiveauTerritoire = (typeof NIVEAUX_TERRITOIRE)[number];

export type Territoire =
  | { niveau: 'france'; code: null }
  | { niveau: Exclude<NiveauTerritoire, 'france'>; code: string };

export const LIBELLES_NIVEAUX: Readonly<Record<NiveauTerritoire, string>> = {
  france: 'France',
  region: 'Région',
  departement: 'Département',
  arrondissement: 'Arrondissement',
  commune: 'Commune',
};

const FORMATS: Readonly<Record<Exclude<NiveauTerritoire, 'france'>, RegExp>> = {
  region: /^\d{2}$/,
  departement: /^(\d{2}|2A|2B|97\d)$/,
  arrondissement: /^(\d{2}|2A|2B|97\d)\d{1,2}$/,
  commune: /^[0-9][0-9AB]\d{3}$/,
};

export const FRANCE: Territoire = { niveau: 'france', code: null };

/** Reads `FR`, `75`, `region:11`, `arrondissement:932`, `commune:93005`; null when malformed. */
export function lireTerritoire(texte: string): Territoire | null {
  const t = texte.trim();
  if (t.toUpperCase() === 'FR' || t === 'france') return FRANCE;
  if (CODES_DEPARTEMENT.includes(t)) return { niveau: 'departement', code: t };
  const [niveau, code, ...reste] = t.split(':');
  if (reste.length > 0 || code === undefined) return null;
  if (niveau !== 'region' && niveau !== 'departement' && niveau !== 'arrondissement' && niveau !== 'commune')
    return null;
  return FORMATS[niveau].test(code) ? { niveau, code } : null;
}

export function ecrireTerritoire(t: Territoire): string {
  if (t.niveau === 'france') return 'FR';
  return t.niveau === 'departement' ? t.code : `${t.niveau}:${t.code}`;
}

/** Where a territory sits: the département and arrondissement it belongs to (for scope checks). */
export interface Rattachement {
  departement: string | null;
  arrondissement: string | null;
}

/** May a caller with this scope see the indicators of this (existing) territory? */
export function peutConsulterTerritoire(scope: Scope, t: Territoire, r: Rattachement): boolean {
  switch (scope.type) {
    case 'agrege':
      return t.niveau !== 'commune';
    case 'departements':
      return t.niveau !== 'france' && t.niveau !== 'region' && r.departement !== null
        ? scope.departements.includes(r.departement)
        : false;
    case 'arrondissements':
      return (t.niveau === 'arrondissement' || t.niveau === 'commune') && r.arrondissement !== null
        ? scope.arrondissements.includes(r.arrondissement)
        : false;
    default:
      return false;
  }
}

/** The territory a steering page opens on for this scope, or null when the scope gives none. */
export function territoireParDefaut(scope: Scope): Territoire | null {
  switch (scope.type) {
    case 'agrege':
      return FRANCE;
    case 'departements':
      return scope.departements[0] ? { niveau: 'departement', code: scope.departements[0] } : null;
    case 'arrondissements':
      return scope.arrondissements[0] ? { niveau: 'arrondissement', code: scope.arrondissements[0] } : null;
    default:
      return null;
  }
}

/** The level a dashboard breaks its territory down into (commune for an arrondissement or a département). */
export function niveauInferieur(t: Territoire): NiveauTerritoire | null {
  switch (t.niveau) {
    case 'france':
    case 'region':
      return 'departement';
    case 'departement':
      return 'arrondissement';
    case 'arrondissement':
      return 'commune';
    case 'commune':
      return null;
  }
}
