/**
 * State liability after a refusal of the concours de la force publique (CPCE L153-1, R153-1,
 * R154-1 to R154-7), as contrat procedure-evaluate fixes it.
 */
import { type DateIso, dateIso, type NumeroJour, numeroJour } from '../calendrier/dates.js';
import { fusionnerPeriodes, type Report, reporterApresPeriodes } from '../calendrier/periodes.js';
import type { EvenementDate } from './chronologie.js';
import type { FaitsProcedure, MotifSuspension } from './faits-procedure.js';
import type { TypeEvenement } from './scenario.js';

export type MotifExclusion = 'delais_jex' | 'suspension_surendettement';

export interface PeriodeExclue {
  readonly du: DateIso;
  readonly au: DateIso;
  readonly motif: MotifExclusion;
}

export interface ResponsabiliteEtat {
  readonly debut: DateIso;
  readonly fin: DateIso | null;
  readonly periodesExclues: readonly PeriodeExclue[];
}

/** The liability period with what explains it (used by the indemnity computation). */
export interface AnalyseResponsabiliteEtat {
  readonly refus: NumeroJour;
  readonly refusExplicite: boolean;
  /** First lawful eviction day the start may not precede (`fin_delai_quitter_lieux` + 1). */
  readonly plancher: NumeroJour | undefined;
  readonly reports: readonly Report<MotifSuspension>[];
  readonly debut: NumeroJour;
  readonly fin: NumeroJour | undefined;
  readonly evenementFin: EvenementDate | undefined;
  readonly periodesExclues: readonly {
    readonly du: NumeroJour;
    readonly au: NumeroJour;
    readonly motif: MotifExclusion;
  }[];
}

const FINS_DE_RESPONSABILITE: readonly TypeEvenement[] = [
  'expulsion_realisee',
  'depart_volontaire',
  'relogement',
  'vente_logement',
  'desistement_bailleur',
];

/** When the grant is executed more than 15 days after it, liability runs until the eviction (R154-1). */
const DELAI_EXECUTION_OCTROI = 15;

/** The event that ends liability: the earliest of those the contract lists. */
function finDeResponsabilite(
  faits: FaitsProcedure,
  debut: NumeroJour,
  octroi: EvenementDate | undefined,
): EvenementDate | undefined {
  const { chronologie } = faits;
  let fin: EvenementDate | undefined;
  if (octroi !== undefined) {
    const expulsion = chronologie.premierApres('expulsion_realisee', octroi.position);
    fin =
      expulsion !== undefined && expulsion.numero - octroi.numero > DELAI_EXECUTION_OCTROI
        ? expulsion
        : octroi;
  }
  for (const type of FINS_DE_RESPONSABILITE) fin = plusTot(fin, chronologie.premier(type));
  // R154-5: a protocole de cohésion sociale signed after the start ends liability; a new CFP request
  // is then needed. One signed earlier only pushes the start past its term.
  for (const protocole of chronologie.tous('protocole_cohesion_sociale')) {
    if (protocole.numero > debut) {
      fin = plusTot(fin, protocole);
      break;
    }
  }
  return fin;
}

function plusTot(a: EvenementDate | undefined, b: EvenementDate | undefined): EvenementDate | undefined {
  if (a === undefined) return b;
  return b !== undefined && b.numero < a.numero ? b : a;
}

/** The first grant after the refusal (an earlier grant would have prevented an implicit refusal). */
function octroiApresRefus(
  faits: FaitsProcedure,
  refusImplicite: NumeroJour,
  decisionRefus: EvenementDate | undefined,
): EvenementDate | undefined {
  for (const decision of faits.chronologie.tous('decision_cfp')) {
    if (decision.evenement.sens !== 'octroi') continue;
    if (
      decisionRefus === undefined
        ? decision.numero > refusImplicite
        : decision.position > decisionRefus.position
    ) {
      return decision;
    }
  }
  return undefined;
}

function periodesExclues(
  faits: FaitsProcedure,
  debut: NumeroJour,
  fin: NumeroJour | undefined,
): AnalyseResponsabiliteEtat['periodesExclues'] {
  const periodes: { du: NumeroJour; au: NumeroJour; motif: MotifExclusion }[] = [];
  for (const motif of ['delais_jex', 'suspension_surendettement'] as const) {
    for (const date of faits.chronologie.tous(motif)) {
      if (date.numero <= debut || (fin !== undefined && date.numero > fin)) continue;
      const au = numeroJour(date.evenement.dateFin);
      periodes.push({ du: date.numero, au: fin === undefined ? au : Math.min(au, fin), motif });
    }
  }
  return fusionnerPeriodes(periodes);
}

/**
 * - Refusal: the first explicit refusal of the latest request, or its implicit refusal once reached.
 * - Start: the refusal, never before `fin_delai_quitter_lieux` + 1 day, pushed past the truce (unless
 *   voie de fait or assured rehousing), JEX délais, over-indebtedness suspension and protocole, repeatedly
 *   (R154-5). Without a transmitted CQL there is no such floor (the refusal date stands).
 * - Once started it runs through later winters; later délais are excluded periods.
 * - An end before the start means no liability ever arose: null.
 */
export function analyserResponsabiliteEtat(faits: FaitsProcedure): AnalyseResponsabiliteEtat | undefined {
  const cfp = faits.demandeCfp;
  const refus = cfp?.refus;
  if (cfp === undefined || refus === undefined) return undefined;
  const plancher = faits.commandementQuitterLieux?.premierJourExecution;
  const depart = plancher === undefined ? refus.numero : Math.max(refus.numero, plancher);
  const { numero: debut, reports } = reporterApresPeriodes(depart, faits.suspensions);
  const octroi = octroiApresRefus(faits, cfp.refusImplicite, refus.decision);
  const evenementFin = finDeResponsabilite(faits, debut, octroi);
  const fin = evenementFin?.numero;
  if (fin !== undefined && fin < debut) return undefined;
  return {
    refus: refus.numero,
    refusExplicite: refus.decision !== undefined,
    plancher,
    reports,
    debut,
    fin,
    evenementFin,
    periodesExclues: periodesExclues(faits, debut, fin),
  };
}

export function responsabiliteEtatPublique(
  analyse: AnalyseResponsabiliteEtat | undefined,
): ResponsabiliteEtat | null {
  if (analyse === undefined) return null;
  return {
    debut: dateIso(analyse.debut),
    fin: analyse.fin === undefined ? null : dateIso(analyse.fin),
    periodesExclues: analyse.periodesExclues.map(({ du, au, motif }) => ({
      du: dateIso(du),
      au: dateIso(au),
      motif,
    })),
  };
}
