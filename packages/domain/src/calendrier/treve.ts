/**
 * Winter truce (CPCE art. L412-6): in metropolitan France every eviction is suspended from 1 November
 * to 31 March of the next year; overseas (971–976) the préfet sets the period, so there is no default.
 * `periodesTreve` from the département's settings replaces the default for every year: the list is then
 * the complete set of truce periods (it also carries exceptional extensions such as those of 2020–2021).
 */
import { type DateIso, dateCivile, type NumeroJour, numeroDuJourCivil, numeroJour } from './dates.js';
import { type CodeDepartement, estOutreMer } from './departements.js';
import { type PeriodeJours, type SourceDePeriodes, sourceDeListe } from './periodes.js';

export interface PeriodeDates {
  readonly du: DateIso;
  readonly au: DateIso;
}

/** The metropolitan truce containing that day: 1 November → 31 March. */
export function treveMetropolitaineContenant(numero: NumeroJour): PeriodeJours | undefined {
  const { annee, mois } = dateCivile(numero);
  if (mois >= 11) return { du: numeroDuJourCivil(annee, 11, 1), au: numeroDuJourCivil(annee + 1, 3, 31) };
  if (mois <= 3) return { du: numeroDuJourCivil(annee - 1, 11, 1), au: numeroDuJourCivil(annee, 3, 31) };
  return undefined;
}

/** An empty list configures nothing: it cannot remove the legal truce (see the module comment). */
export function treveConfiguree(
  periodesTreve: readonly PeriodeDates[] | null | undefined,
): periodesTreve is readonly PeriodeDates[] {
  return periodesTreve !== null && periodesTreve !== undefined && periodesTreve.length > 0;
}

export function periodesEnJours(periodes: readonly PeriodeDates[]): PeriodeJours[] {
  const jours: PeriodeJours[] = [];
  for (const periode of periodes) jours.push({ du: numeroJour(periode.du), au: numeroJour(periode.au) });
  return jours;
}

const TREVE_METROPOLITAINE: SourceDePeriodes<'treve'> = {
  motif: 'treve',
  periodeContenant: treveMetropolitaineContenant,
};

const SANS_TREVE: SourceDePeriodes<'treve'> = { motif: 'treve', periodeContenant: () => undefined };

/**
 * The truce calendar of a département: the configured periods when there are some, else the
 * metropolitan default, else (overseas without configuration) no truce at all.
 */
export function calendrierDeTreve(
  departement: CodeDepartement,
  periodesTreve: readonly PeriodeDates[] | null | undefined,
): SourceDePeriodes<'treve'> {
  if (treveConfiguree(periodesTreve)) return sourceDeListe('treve', periodesEnJours(periodesTreve));
  return estOutreMer(departement) ? SANS_TREVE : TREVE_METROPOLITAINE;
}

/** True when the date falls in a truce period of the département. */
export function estEnTreve(
  date: DateIso,
  departement: CodeDepartement,
  periodesTreve?: readonly PeriodeDates[] | null,
): boolean {
  return calendrierDeTreve(departement, periodesTreve).periodeContenant(numeroJour(date)) !== undefined;
}
