/**
 * French public holidays and working days (contrat procedure-evaluate, « Date arithmetic »):
 * the 11 national holidays (code du travail, art. L3133-1), Good Friday and 26 December in Moselle,
 * Bas-Rhin and Haut-Rhin (art. L3134-13), and the commemoration of the abolition of slavery overseas
 * (loi n° 83-550 and décret n° 83-1003: 971 27 May, 972 22 May, 973 10 June, 974 20 December,
 * 976 27 April).
 */

import {
  type DateIso,
  dateCivile,
  dateIso,
  jourDeLaSemaine,
  type NumeroJour,
  numeroDuJourCivil,
  numeroJour,
} from './dates.js';
import { type CodeDepartement, estAlsaceMoselle, estOutreMer } from './departements.js';

export interface JourFerie {
  readonly date: DateIso;
  readonly nom: string;
}

const ABOLITION_ESCLAVAGE: Readonly<Record<string, readonly [number, number]>> = {
  '971': [5, 27],
  '972': [5, 22],
  '973': [6, 10],
  '974': [12, 20],
  '976': [4, 27],
};

/** Easter Sunday (anonymous Gregorian computus, Meeus/Jones/Butcher). */
export function datePaques(annee: number): DateIso {
  return dateIso(numeroPaques(annee));
}

function numeroPaques(annee: number): NumeroJour {
  const a = annee % 19;
  const b = Math.floor(annee / 100);
  const c = annee % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const mois = Math.floor((h + l - 7 * m + 114) / 31);
  const jour = ((h + l - 7 * m + 114) % 31) + 1;
  return numeroDuJourCivil(annee, mois, jour);
}

function calendrierFeries(annee: number, departement: CodeDepartement): Map<NumeroJour, string> {
  const paques = numeroPaques(annee);
  const fixe = (mois: number, jour: number) => numeroDuJourCivil(annee, mois, jour);
  const feries = new Map<NumeroJour, string>([
    [fixe(1, 1), "Jour de l'an"],
    [paques + 1, 'Lundi de Pâques'],
    [fixe(5, 1), 'Fête du travail'],
    [fixe(5, 8), 'Victoire 1945'],
    [paques + 39, 'Ascension'],
    [paques + 50, 'Lundi de Pentecôte'],
    [fixe(7, 14), 'Fête nationale'],
    [fixe(8, 15), 'Assomption'],
    [fixe(11, 1), 'Toussaint'],
    [fixe(11, 11), 'Armistice 1918'],
    [fixe(12, 25), 'Noël'],
  ]);
  if (estAlsaceMoselle(departement)) {
    feries.set(paques - 2, 'Vendredi saint');
    feries.set(fixe(12, 26), 'Saint-Étienne');
  }
  const abolition = ABOLITION_ESCLAVAGE[departement];
  if (abolition !== undefined) feries.set(fixe(abolition[0], abolition[1]), "Abolition de l'esclavage");
  return feries;
}

/** Holidays differ only between three groups of départements and each overseas one. */
function cleCalendrier(annee: number, departement: CodeDepartement): string {
  if (estAlsaceMoselle(departement)) return `${annee}-AM`;
  if (estOutreMer(departement)) return `${annee}-${departement}`;
  return `${annee}`;
}

const cache = new Map<string, Map<NumeroJour, string>>();

function feriesDeLAnnee(annee: number, departement: CodeDepartement): Map<NumeroJour, string> {
  const cle = cleCalendrier(annee, departement);
  let feries = cache.get(cle);
  if (feries === undefined) {
    feries = calendrierFeries(annee, departement);
    cache.set(cle, feries);
  }
  return feries;
}

/** Name of the public holiday on that day in that département, or undefined. */
export function nomDuJourFerie(numero: NumeroJour, departement: CodeDepartement): string | undefined {
  return feriesDeLAnnee(dateCivile(numero).annee, departement).get(numero);
}

export function listerJoursFeries(annee: number, departement: CodeDepartement): JourFerie[] {
  return [...feriesDeLAnnee(annee, departement)]
    .sort(([a], [b]) => a - b)
    .map(([numero, nom]) => ({ date: dateIso(numero), nom }));
}

export function estNumeroJourOuvre(numero: NumeroJour, departement: CodeDepartement): boolean {
  return jourDeLaSemaine(numero) <= 5 && nomDuJourFerie(numero, departement) === undefined;
}

/** Monday to Friday, not a public holiday of the département. */
export function estJourOuvre(date: DateIso, departement: CodeDepartement): boolean {
  return estNumeroJourOuvre(numeroJour(date), departement);
}

export function numeroMoinsJoursOuvres(
  numero: NumeroJour,
  n: number,
  departement: CodeDepartement,
): NumeroJour {
  let courant = numero;
  let comptes = 0;
  while (comptes < n) {
    courant -= 1;
    if (estNumeroJourOuvre(courant, departement)) comptes += 1;
  }
  return courant;
}

/**
 * "− N working days": day 1 is the last working day strictly before `date`; the N-th working day
 * reached is the result (always a working day when N ≥ 1).
 */
export function reculerJoursOuvres(date: DateIso, n: number, departement: CodeDepartement): DateIso {
  return dateIso(numeroMoinsJoursOuvres(numeroJour(date), n, departement));
}
