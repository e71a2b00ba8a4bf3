/**
 * Calendar dates as `YYYY-MM-DD` strings and as integer day numbers (days since 1970-01-01).
 * All arithmetic is done on day numbers: no time zone, no local time (contrat procedure-evaluate,
 * « Date arithmetic »).
 */

/** A calendar date `YYYY-MM-DD`. */
export type DateIso = string;

/** Days since 1970-01-01 (1970-01-01 is 0). */
export type NumeroJour = number;

export interface DateCivile {
  readonly annee: number;
  readonly mois: number;
  readonly jour: number;
}

const FORMAT_DATE_ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

export function estBissextile(annee: number): boolean {
  return (annee % 4 === 0 && annee % 100 !== 0) || annee % 400 === 0;
}

export function joursDansMois(annee: number, mois: number): number {
  if (mois === 2) return estBissextile(annee) ? 29 : 28;
  return mois === 4 || mois === 6 || mois === 9 || mois === 11 ? 30 : 31;
}

/** True for a real calendar date written `YYYY-MM-DD` (rejects 2025-02-30, 2025-13-01, 2025-1-1). */
export function estDateIso(valeur: unknown): valeur is DateIso {
  if (typeof valeur !== 'string') return false;
  const morceaux = FORMAT_DATE_ISO.exec(valeur);
  if (morceaux === null) return false;
  const annee = Number(morceaux[1]);
  const mois = Number(morceaux[2]);
  const jour = Number(morceaux[3]);
  return mois >= 1 && mois <= 12 && jour >= 1 && jour <= joursDansMois(annee, mois);
}

/** Day number of a civil date (H. Hinnant's days_from_civil, proleptic Gregorian calendar). */
export function numeroDuJourCivil(annee: number, mois: number, jour: number): NumeroJour {
  const a = mois <= 2 ? annee - 1 : annee;
  const ere = Math.floor(a / 400);
  const anneeDeLEre = a - ere * 400;
  const moisDecale = mois > 2 ? mois - 3 : mois + 9;
  const jourDeLAnnee = Math.floor((153 * moisDecale + 2) / 5) + jour - 1;
  const jourDeLEre =
    anneeDeLEre * 365 + Math.floor(anneeDeLEre / 4) - Math.floor(anneeDeLEre / 100) + jourDeLAnnee;
  return ere * 146097 + jourDeLEre - 719468;
}

/** Civil date of a day number (H. Hinnant's civil_from_days). */
export function dateCivile(numero: NumeroJour): DateCivile {
  const z = numero + 719468;
  const ere = Math.floor(z / 146097);
  const jourDeLEre = z - ere * 146097;
  const anneeDeLEre = Math.floor(
    (jourDeLEre -
      Math.floor(jourDeLEre / 1460) +
      Math.floor(jourDeLEre / 36524) -
      Math.floor(jourDeLEre / 146096)) /
      365,
  );
  const jourDeLAnnee =
    jourDeLEre - (365 * anneeDeLEre + Math.floor(anneeDeLEre / 4) - Math.floor(anneeDeLEre / 100));
  const moisDecale = Math.floor((5 * jourDeLAnnee + 2) / 153);
  const jour = jourDeLAnnee - Math.floor((153 * moisDecale + 2) / 5) + 1;
  const mois = moisDecale < 10 ? moisDecale + 3 : moisDecale - 9;
  return { annee: anneeDeLEre + ere * 400 + (mois <= 2 ? 1 : 0), mois, jour };
}

/**
 * Day number of a date already known to be valid (validated by the scenario schema).
 * Reads the digits directly: this runs tens of times per evaluation.
 */
export function numeroJour(date: DateIso): NumeroJour {
  const annee =
    date.charCodeAt(0) * 1000 +
    date.charCodeAt(1) * 100 +
    date.charCodeAt(2) * 10 +
    date.charCodeAt(3) -
    53328;
  const mois = date.charCodeAt(5) * 10 + date.charCodeAt(6) - 528;
  return numeroDuJourCivil(annee, mois, date.charCodeAt(8) * 10 + date.charCodeAt(9) - 528);
}

function deuxChiffres(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function dateIso(numero: NumeroJour): DateIso {
  const { annee, mois, jour } = dateCivile(numero);
  return `${String(annee).padStart(4, '0')}-${deuxChiffres(mois)}-${deuxChiffres(jour)}`;
}

/**
 * "+ N months": the same day number N months later, or the last day of that month when it is shorter
 * (CPC art. 641 al. 2: « à défaut d'un quantième identique, le délai expire le dernier jour du mois »).
 */
export function numeroPlusMois(numero: NumeroJour, mois: number): NumeroJour {
  const civile = dateCivile(numero);
  const indexMois = civile.annee * 12 + (civile.mois - 1) + mois;
  const annee = Math.floor(indexMois / 12);
  const moisCible = indexMois - annee * 12 + 1;
  return numeroDuJourCivil(annee, moisCible, Math.min(civile.jour, joursDansMois(annee, moisCible)));
}

export function ajouterJours(date: DateIso, jours: number): DateIso {
  return dateIso(numeroJour(date) + jours);
}

export function ajouterSemaines(date: DateIso, semaines: number): DateIso {
  return dateIso(numeroJour(date) + 7 * semaines);
}

export function ajouterMois(date: DateIso, mois: number): DateIso {
  return dateIso(numeroPlusMois(numeroJour(date), mois));
}

/** Negative, zero or positive like `Array.prototype.sort` expects (valid ISO dates sort as strings). */
export function comparerDates(a: DateIso, b: DateIso): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Number of days from `du` to `au` (0 when equal, negative when `au` is earlier). */
export function ecartEnJours(du: DateIso, au: DateIso): number {
  return numeroJour(au) - numeroJour(du);
}

/** ISO weekday: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function jourDeLaSemaine(numero: NumeroJour): number {
  return ((((numero + 3) % 7) + 7) % 7) + 1;
}

const NOMS_JOURS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'] as const;

export function nomDuJour(numero: NumeroJour): string {
  return NOMS_JOURS[jourDeLaSemaine(numero) - 1] ?? '';
}

/** `2025-09-02` → `02/09/2025`. */
export function formaterDateFr(date: DateIso): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

export function formaterJourFr(numero: NumeroJour): string {
  return formaterDateFr(dateIso(numero));
}
