/**
 * Throughput of the legal-deadline engine on one core: a realistic 20-event timeline (legal-entity
 * landlord, postponed hearing, eviction judgment, JEX délais, CFP refusal, indemnity claim).
 * Run: npx tsx --conditions=source bench/moteur.ts
 */
import { evaluerProcedure } from '@exploc/domain/procedure/evaluer';
import type { Scenario } from '@exploc/domain/procedure/scenario';
import { lireScenario } from '@exploc/domain/procedure/valider-scenario';

const entree = {
  asOf: '2026-09-15',
  departement: '93',
  departementConfig: { seuilsSignalement: { moisImpayes: 6, multipleLoyerHC: 3 } },
  bail: {
    dateSignature: '2019-03-01',
    dateDernierRenouvellement: '2025-03-01',
    bailleur: { type: 'personne_morale', logementSocial: true },
    loyerMensuelHC: 612.4,
    chargesMensuelles: 95.1,
  },
  menage: { prioritaireDalo: true, relogementAssure: false },
  // Deliberately not in date order: the engine sorts once.
  evenements: [
    { type: 'demande_indemnisation', date: '2026-08-01', montantDemande: 5400 },
    { type: 'impaye_constitue', date: '2024-09-05', montantDette: 1415 },
    { type: 'signalement_impaye_caf', date: '2024-10-15' },
    { type: 'saisine_fsl', date: '2024-11-01' },
    { type: 'saisine_ccapex', date: '2024-11-20', origine: 'bailleur' },
    { type: 'commandement_de_payer', date: '2025-01-10', montantDette: 3200, moisImpayes: 5 },
    { type: 'signalement_commandement_ccapex', date: '2025-01-15' },
    { type: 'assignation', date: '2025-03-03', dateAudience: '2025-05-20' },
    { type: 'notification_assignation_prefet', date: '2025-03-05' },
    { type: 'saisine_dsf', date: '2025-03-10' },
    { type: 'renvoi_audience', date: '2025-05-20', dateAudience: '2025-06-17' },
    { type: 'dsf_transmis', date: '2025-06-05' },
    { type: 'decision_justice', date: '2025-07-01', sens: 'resiliation_expulsion' },
    { type: 'signification_decision', date: '2025-07-15' },
    { type: 'commandement_quitter_lieux', date: '2025-07-22' },
    { type: 'information_prefet_cql', date: '2025-07-24' },
    { type: 'delais_jex', date: '2025-09-10', dateFin: '2026-01-31' },
    { type: 'demande_cfp', date: '2026-04-10' },
    { type: 'enquete_forces_ordre', date: '2026-04-25' },
    { type: 'decision_cfp', date: '2026-05-20', sens: 'refus' },
  ],
};

const lecture = lireScenario(entree);
if (!lecture.ok) throw new Error(`Scénario de référence invalide : ${lecture.erreur.message}`);
const scenario: Scenario = lecture.scenario;

function mesurer(dureeMs: number): { evaluations: number; ms: number } {
  let evaluations = 0;
  let controle = 0;
  const debut = performance.now();
  let ecoule = 0;
  while (ecoule < dureeMs) {
    for (let i = 0; i < 1000; i++) controle += evaluerProcedure(scenario).echeances.length;
    evaluations += 1000;
    ecoule = performance.now() - debut;
  }
  if (controle === 0) throw new Error('Aucune échéance calculée');
  return { evaluations, ms: ecoule };
}

mesurer(500); // warm-up: let the JIT compile the hot paths
const { evaluations, ms } = mesurer(3000);
const resultat = evaluerProcedure(scenario);
console.log(
  JSON.stringify({
    benchmark: 'moteur',
    evaluationsParSeconde: Math.round((evaluations / ms) * 1000),
    evenements: scenario.evenements.length,
    echeances: resultat.echeances.length,
    alertes: resultat.alertes.length,
    microsecondesParEvaluation: Number(((ms * 1000) / evaluations).toFixed(2)),
    node: process.version,
  }),
);
