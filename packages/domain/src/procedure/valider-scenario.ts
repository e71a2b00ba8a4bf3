/**
 * Reads untrusted input into a scenario (or a single posted event) and reports the first problem with
 * exactly the codes of contrat procedure-evaluate: `json_invalide`, `champ_manquant`, `champ_inconnu`,
 * `type_inconnu`, `date_invalide`, `valeur_invalide`, `evenement_futur`.
 */
import type * as z from 'zod';
import { formaterDateFr } from '../calendrier/dates.js';
import {
  type Evenement,
  type EvenementSaisi,
  evenementSaisiSchema,
  evenementSchema,
  type Scenario,
  scenarioSchema,
} from './scenario.js';

export const CODES_ERREUR_SCENARIO = [
  'json_invalide',
  'champ_manquant',
  'champ_inconnu',
  'type_inconnu',
  'date_invalide',
  'valeur_invalide',
  'evenement_futur',
] as const;
export type CodeErreurScenario = (typeof CODES_ERREUR_SCENARIO)[number];

export interface ErreurScenario {
  readonly code: CodeErreurScenario;
  readonly message: string;
  /** Where the problem is, e.g. `evenements[2].date`; empty for the whole document. */
  readonly chemin: string;
}

export type ResultatLecture<T> = { ok: true; scenario: T } | { ok: false; erreur: ErreurScenario };

const CHAMPS_DATE = new Set([
  'asOf',
  'date',
  'dateSignature',
  'dateDernierRenouvellement',
  'dateAudience',
  'dateFin',
  'du',
  'au',
  'jusquau',
  'aPartirDu',
]);

type Chemin = readonly PropertyKey[];

export function cheminTexte(chemin: Chemin): string {
  let texte = '';
  for (const segment of chemin) {
    if (typeof segment === 'number') texte += `[${segment}]`;
    else texte += texte === '' ? String(segment) : `.${String(segment)}`;
  }
  return texte;
}

function valeurAuChemin(racine: unknown, chemin: Chemin): unknown {
  let courant = racine;
  for (const segment of chemin) {
    if (typeof courant !== 'object' || courant === null) return undefined;
    courant = (courant as Record<PropertyKey, unknown>)[segment];
  }
  return courant;
}

const TYPES_ATTENDUS: Readonly<Record<string, string>> = {
  number: 'un nombre est attendu',
  int: 'un nombre entier est attendu',
  string: 'un texte est attendu',
  boolean: 'true ou false est attendu',
  array: 'une liste est attendue',
  object: 'un objet est attendu',
};

function nombreFr(n: number | bigint): string {
  return String(n).replace('.', ',');
}

function detailValeurInvalide(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return TYPES_ATTENDUS[issue.expected] ?? `type ${issue.expected} attendu`;
    case 'invalid_value':
      return `valeurs admises : ${issue.values.map((v) => `« ${String(v)} »`).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'array') return `au moins ${nombreFr(issue.minimum)} élément(s) attendu(s)`;
      if (issue.origin === 'string') return `au moins ${nombreFr(issue.minimum)} caractère(s) attendu(s)`;
      return issue.inclusive
        ? `la valeur doit être supérieure ou égale à ${nombreFr(issue.minimum)}`
        : `la valeur doit être strictement supérieure à ${nombreFr(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'array') return `au plus ${nombreFr(issue.maximum)} élément(s) attendu(s)`;
      if (issue.origin === 'string') return `au plus ${nombreFr(issue.maximum)} caractère(s) attendu(s)`;
      return issue.inclusive
        ? `la valeur doit être inférieure ou égale à ${nombreFr(issue.maximum)}`
        : `la valeur doit être strictement inférieure à ${nombreFr(issue.maximum)}`;
    default:
      return 'valeur non conforme';
  }
}

function erreur(code: CodeErreurScenario, chemin: Chemin, message: string): ErreurScenario {
  return { code, message, chemin: cheminTexte(chemin) };
}

/** Maps one zod issue to the contract's error, looking at the raw input to tell "missing" apart. */
function erreurDepuisIssue(entree: unknown, issue: z.core.$ZodIssue): ErreurScenario {
  const chemin = issue.path;
  const nom = cheminTexte(chemin);
  if (issue.code === 'unrecognized_keys') {
    const cle = issue.keys[0] ?? '';
    const cheminCle = [...chemin, cle];
    return erreur(
      'champ_inconnu',
      cheminCle,
      `Le champ « ${cheminTexte(cheminCle)} » n'est pas prévu par le format.`,
    );
  }
  if (chemin.length === 0) {
    return erreur(
      'valeur_invalide',
      chemin,
      `Le document doit être un objet JSON : ${detailValeurInvalide(issue)}.`,
    );
  }
  const valeur = valeurAuChemin(entree, chemin);
  if (valeur === undefined || valeur === null) {
    return erreur('champ_manquant', chemin, `Le champ « ${nom} » est obligatoire.`);
  }
  if (issue.code === 'invalid_union' && 'discriminator' in issue) {
    return erreur(
      'type_inconnu',
      chemin,
      `Le type d'événement « ${String(valeur)} » n'existe pas (« ${nom} »).`,
    );
  }
  const dernier = chemin[chemin.length - 1];
  const estChampDate = typeof dernier === 'string' && CHAMPS_DATE.has(dernier);
  if (
    (issue.code === 'invalid_format' && issue.format === 'date') ||
    (estChampDate && issue.code === 'invalid_type')
  ) {
    return erreur(
      'date_invalide',
      chemin,
      `« ${String(valeur)} » n'est pas une date réelle au format AAAA-MM-JJ (« ${nom} »).`,
    );
  }
  if (issue.code === 'custom') {
    const code = issue.params?.code;
    return erreur(code === 'champ_manquant' ? 'champ_manquant' : 'valeur_invalide', chemin, issue.message);
  }
  return erreur(
    'valeur_invalide',
    chemin,
    `Valeur invalide pour « ${nom} » : ${detailValeurInvalide(issue)}.`,
  );
}

/** The first event dated after `asOf` (contract: `evenement_futur`). */
function evenementFutur(scenario: {
  asOf: string;
  evenements: readonly { type: string; date: string }[];
}): ErreurScenario | undefined {
  const index = scenario.evenements.findIndex((evenement) => evenement.date > scenario.asOf);
  const evenement = scenario.evenements[index];
  if (evenement === undefined) return undefined;
  return erreur(
    'evenement_futur',
    ['evenements', index, 'date'],
    `L'événement « ${evenement.type} » est daté du ${formaterDateFr(evenement.date)}, après la date d'évaluation du ${formaterDateFr(scenario.asOf)}.`,
  );
}

/** Reads input with any scenario schema (the indemnity command adds a key to the scenario). */
export function lireSelonSchema<
  T extends { asOf: string; evenements: readonly { type: string; date: string }[] },
>(schema: z.ZodType<T>, entree: unknown): ResultatLecture<T> {
  const resultat = schema.safeParse(entree);
  if (!resultat.success) {
    const issue = resultat.error.issues[0];
    const probleme =
      issue === undefined
        ? erreur('valeur_invalide', [], 'Scénario invalide.')
        : erreurDepuisIssue(entree, issue);
    return { ok: false, erreur: probleme };
  }
  const futur = evenementFutur(resultat.data);
  return futur === undefined ? { ok: true, scenario: resultat.data } : { ok: false, erreur: futur };
}

export function lireScenario(entree: unknown): ResultatLecture<Scenario> {
  return lireSelonSchema(scenarioSchema, entree);
}

type LectureEvenement<E> = { ok: true; evenement: E } | { ok: false; erreur: ErreurScenario };

function lireEvenementSelon<E>(schema: z.ZodType<E>, entree: unknown): LectureEvenement<E> {
  const resultat = schema.safeParse(entree);
  if (resultat.success) return { ok: true, evenement: resultat.data };
  const issue = resultat.error.issues[0];
  return {
    ok: false,
    erreur:
      issue === undefined
        ? erreur('valeur_invalide', [], 'Événement invalide.')
        : erreurDepuisIssue(entree, issue),
  };
}

/** One event posted to the HTTP API (with optional `commentaire`, `remplace`, `motifCorrection`). */
export function lireEvenementSaisi(entree: unknown): LectureEvenement<EvenementSaisi> {
  return lireEvenementSelon(evenementSaisiSchema, entree);
}

/** One scenario event (a partner's act without its envelope), with the contract's error codes. */
export function lireEvenement(entree: unknown): LectureEvenement<Evenement> {
  return lireEvenementSelon(evenementSchema, entree);
}

/** For the CLIs: text that is not JSON at all. */
export function erreurJsonInvalide(): ErreurScenario {
  return { code: 'json_invalide', message: "Le texte reçu n'est pas un document JSON valide.", chemin: '' };
}
