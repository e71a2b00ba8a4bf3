/**
 * Test-data factory: a valid scenario with plain defaults (Paris, lease signed on 15/02/2024 by a
 * physical person, rent 650 € + 80 € of charges), overridden field by field. Shared by every test that
 * needs a scenario.
 */
import type { Bail, Evenement, Scenario } from './scenario.js';

export type ScenarioPartiel = Partial<Omit<Scenario, 'bail'>> & { bail?: Partial<Bail> };

export function fabriquerScenario(partiel: ScenarioPartiel = {}): Scenario {
  const { bail, ...reste } = partiel;
  return {
    asOf: '2026-12-31',
    departement: '75',
    departementConfig: null,
    menage: { prioritaireDalo: false, relogementAssure: false },
    evenements: [],
    ...reste,
    bail: {
      dateSignature: '2024-02-15',
      dateDernierRenouvellement: null,
      bailleur: { type: 'personne_physique', logementSocial: false },
      loyerMensuelHC: 650,
      chargesMensuelles: 80,
      ...bail,
    },
  };
}

/**
 * Judgment, CQL and its transmission: eviction possible from 02/06/2025 in Paris (CQL of 01/04/2025
 * transmitted the same day, delay until 01/06/2025).
 */
export function jusquAuCommandementDeQuitter(): Evenement[] {
  return [
    { type: 'assignation', date: '2024-12-02', dateAudience: '2025-02-04' },
    { type: 'notification_assignation_prefet', date: '2024-12-03' },
    { type: 'decision_justice', date: '2025-03-01', sens: 'resiliation_expulsion' },
    { type: 'commandement_quitter_lieux', date: '2025-04-01' },
    { type: 'information_prefet_cql', date: '2025-04-01' },
  ];
}
