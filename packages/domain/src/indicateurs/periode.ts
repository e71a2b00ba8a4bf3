/**
 * Periods of the steering indicators: calendar dates `du` and `au`, both included. The server adds whole
 * months from its monthly pre-aggregation and the days at both ends from the facts; these functions cut a
 * period that way and give the comparison period.
 */
import { ajouterJours, ajouterMois, type DateIso, joursDansMois } from '../calendrier/dates.js';

export interface Periode {
  du: DateIso;
  au: DateIso;
}

const premierDuMois = (d: DateIso) => `${d.slice(0, 7)}-01`;
const dernierDuMois = (d: DateIso) => {
  const annee = Number(d.slice(0, 4));
  const mois = Number(d.slice(5, 7));
  return `${d.slice(0, 7)}-${String(joursDansMois(annee, mois)).padStart(2, '0')}`;
};

export interface Decoupage {
  /** Whole months inside the period: first day of the first one, first day of the last one. */
  moisPleins: { premier: DateIso; dernier: DateIso } | null;
  /** The remaining days, at most two ranges (before and after the whole months). */
  jours: Periode[];
}

/** Cuts [du, au] into whole calendar months and leftover days. */
export function decouperPeriode({ du, au }: Periode): Decoupage {
  if (du > au) return { moisPleins: null, jours: [] };
  const premier = du === premierDuMois(du) ? du : ajouterJours(dernierDuMois(du), 1);
  const dernier = au === dernierDuMois(au) ? premierDuMois(au) : ajouterMois(premierDuMois(au), -1);
  if (premier > dernier) return { moisPleins: null, jours: [{ du, au }] };
  const jours: Periode[] = [];
  if (du < premier) jours.push({ du, au: ajouterJours(premier, -1) });
  const finMoisPleins = dernierDuMois(dernier);
  if (finMoisPleins < au) jours.push({ du: ajouterJours(finMoisPleins, 1), au });
  return { moisPleins: { premier, dernier }, jours };
}

/** The same period one year earlier (year-on-year comparison: the winter truce makes months unlike). */
export function periodePrecedente({ du, au }: Periode): Periode {
  // A period ending on the last day of a month keeps ending on the last day (29 Feb → 28 Feb).
  const finDeMois = au === dernierDuMois(au);
  const auPrecedent = ajouterMois(au, -12);
  return { du: ajouterMois(du, -12), au: finDeMois ? dernierDuMois(auPrecedent) : auPrecedent };
}

/** The months a period touches, as `AAAA-MM`. */
export function moisDeLaPeriode({ du, au }: Periode): string[] {
  const liste: string[] = [];
  for (let m = premierDuMois(du); m <= au; m = ajouterMois(m, 1)) liste.push(m.slice(0, 7));
  return liste;
}

/** The twelve last complete months before `aujourdhui`: the dashboards' default period. */
export function periodeParDefaut(aujourdhui: DateIso): Periode {
  const au = ajouterJours(premierDuMois(aujourdhui), -1);
  return { du: ajouterMois(premierDuMois(au), -11), au };
}

/** One calendar month `AAAA-MM` as a period. */
export function periodeDuMois(mois: string): Periode {
  const du = `${mois}-01`;
  return { du, au: dernierDuMois(du) };
}

/** The period clipped to `aujourdhui`: a fact dated later (an implicit refusal, a hearing) is not yet true. */
export function bornerAAujourdhui(p: Periode, aujourdhui: DateIso): Periode {
  return { du: p.du, au: p.au > aujourdhui ? aujourdhui : p.au };
}

/** `2026-03` → « mars 2026 ». */
export function libelleMois(mois: string): string {
  const NOMS = [
    'janvier',
    'février',
    'mars',
    'avril',
    'mai',
    'juin',
    'juillet',
    'août',
    'septembre',
    'octobre',
    'novembre',
    'décembre',
  ];
  return `${NOMS[Number(mois.slice(5, 7)) - 1] ?? ''} ${mois.slice(0, 4)}`;
}
