/**
 * The legal-deadline engine (contrat procedure-evaluate): from a validated scenario, the phase, the
 * closing event, the deadlines, the alerts and State liability. Pure: the clock is `asOf`.
 */
import { type Alerte, detecterAlertes } from './alertes.js';
import { calculerEcheances, type Echeance } from './echeances.js';
import { etablirFaits, type FaitsProcedure } from './faits-procedure.js';
import {
  analyserResponsabiliteEtat,
  type ResponsabiliteEtat,
  responsabiliteEtatPublique,
} from './responsabilite-etat.js';
import {
  estTypeCloture,
  PHASE_PAR_TYPE,
  PHASES,
  type Phase,
  type Scenario,
  type TypeCloture,
} from './scenario.js';

export interface ResultatEvaluation {
  readonly phase: Phase;
  readonly cloture: TypeCloture | null;
  readonly echeances: readonly Echeance[];
  readonly alertes: readonly Alerte[];
  readonly responsabiliteEtat: ResponsabiliteEtat | null;
}

const RANG_PHASE: Readonly<Record<Phase, number>> = Object.fromEntries(
  PHASES.map((phase, rang) => [phase, rang]),
) as Record<Phase, number>;

/** The highest phase any event reached: the phase never goes back. */
export function phaseAtteinte(faits: FaitsProcedure): Phase {
  let rang = 0;
  for (const { evenement } of faits.chronologie.ordre) {
    rang = Math.max(rang, RANG_PHASE[PHASE_PAR_TYPE[evenement.type]]);
  }
  return PHASES[rang] ?? 'prevention';
}

function premiereCloture(faits: FaitsProcedure): TypeCloture | null {
  for (const { evenement } of faits.chronologie.ordre) {
    if (estTypeCloture(evenement.type)) return evenement.type;
  }
  return null;
}

/** Expects a scenario read by `lireScenario` (valid dates, no event after `asOf`). */
export function evaluerProcedure(scenario: Scenario): ResultatEvaluation {
  const faits = etablirFaits(scenario);
  const phase = phaseAtteinte(faits);
  return {
    phase,
    cloture: phase === 'cloture' ? premiereCloture(faits) : null,
    echeances: calculerEcheances(faits),
    alertes: detecterAlertes(faits),
    responsabiliteEtat: responsabiliteEtatPublique(analyserResponsabiliteEtat(faits)),
  };
}
