/** Closed periods of days (both ends included) and the "push past periods repeatedly" rule. */
import type { NumeroJour } from './dates.js';

export interface PeriodeJours {
  readonly du: NumeroJour;
  readonly au: NumeroJour;
}

/** A family of periods (a truce calendar, the JEX délais of a file…) labelled by why it suspends. */
export interface SourceDePeriodes<M extends string> {
  readonly motif: M;
  periodeContenant(numero: NumeroJour): PeriodeJours | undefined;
}

export interface Report<M extends string> extends PeriodeJours {
  readonly motif: M;
}

export interface ResultatReport<M extends string> {
  readonly numero: NumeroJour;
  readonly reports: readonly Report<M>[];
}

export function estDansPeriode(numero: NumeroJour, periode: PeriodeJours): boolean {
  return periode.du <= numero && numero <= periode.au;
}

class PeriodesListees<M extends string> implements SourceDePeriodes<M> {
  constructor(
    readonly motif: M,
    private readonly periodes: readonly PeriodeJours[],
  ) {}

  periodeContenant(numero: NumeroJour): PeriodeJours | undefined {
    for (const periode of this.periodes) if (estDansPeriode(numero, periode)) return periode;
    return undefined;
  }
}

export function sourceDeListe<M extends string>(
  motif: M,
  periodes: readonly PeriodeJours[],
): SourceDePeriodes<M> {
  return new PeriodesListees(motif, periodes);
}

const AUCUN_REPORT: readonly never[] = [];

/**
 * While the day falls inside a period of any source, move it to the day after that period. Terminates
 * because the day only moves forward and every period is finite.
 */
export function reporterApresPeriodes<M extends string>(
  numero: NumeroJour,
  sources: readonly SourceDePeriodes<M>[],
): ResultatReport<M> {
  let courant = numero;
  let reports: Report<M>[] | undefined;
  let deplace = true;
  while (deplace) {
    deplace = false;
    for (const source of sources) {
      const periode = source.periodeContenant(courant);
      if (periode !== undefined) {
        reports ??= [];
        reports.push({ motif: source.motif, du: periode.du, au: periode.au });
        courant = periode.au + 1;
        deplace = true;
      }
    }
  }
  return { numero: courant, reports: reports ?? AUCUN_REPORT };
}

/** Sorted union of periods: overlapping periods are merged and keep the label of the first one. */
export function fusionnerPeriodes<P extends PeriodeJours>(periodes: readonly P[]): P[] {
  const triees = [...periodes].sort((a, b) => a.du - b.du || a.au - b.au);
  const fusion: P[] = [];
  for (const periode of triees) {
    const derniere = fusion[fusion.length - 1];
    if (derniere !== undefined && periode.du <= derniere.au) {
      if (periode.au > derniere.au) fusion[fusion.length - 1] = { ...derniere, au: periode.au };
    } else {
      fusion.push(periode);
    }
  }
  return fusion;
}
