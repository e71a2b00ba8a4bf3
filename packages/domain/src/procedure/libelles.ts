/** French labels for the UI: phases, event types, deadlines, alerts and actors. */
import type { Acteur } from './acteurs.js';
import type { CodeAlerte } from './alertes.js';
import type { CodeEcheance } from './echeances.js';
import type { Phase, TypeEvenement } from './scenario.js';

export const LIBELLES_PHASE: Readonly<Record<Phase, string>> = {
  prevention: 'Prévention',
  commandement: 'Commandement de payer',
  assignation: 'Assignation',
  decision: 'Décision de justice',
  commandement_quitter_lieux: 'Commandement de quitter les lieux',
  concours_force_publique: 'Concours de la force publique',
  cloture: 'Clôture',
};

export const LIBELLES_TYPE_EVENEMENT: Readonly<Record<TypeEvenement, string>> = {
  impaye_constitue: 'Impayé constitué',
  signalement_impaye_caf: "Signalement de l'impayé à la CAF ou à la MSA",
  plan_apurement: "Plan d'apurement",
  saisine_fsl: 'Saisine du fonds de solidarité pour le logement',
  saisine_ccapex: 'Saisine de la CCAPEX',
  commandement_de_payer: 'Commandement de payer',
  signalement_commandement_ccapex: 'Signalement du commandement de payer à la CCAPEX',
  assignation: 'Assignation',
  notification_assignation_prefet: "Notification de l'assignation au préfet",
  saisine_dsf: 'Saisine pour le diagnostic social et financier',
  dsf_transmis: 'Diagnostic social et financier transmis',
  renvoi_audience: "Renvoi de l'audience",
  decision_justice: 'Décision de justice',
  decheance_delais_paiement: 'Déchéance des délais de paiement',
  signification_decision: 'Signification de la décision',
  commandement_quitter_lieux: 'Commandement de quitter les lieux',
  information_prefet_cql: 'Transmission du commandement de quitter les lieux au préfet',
  delais_jex: "Délais accordés par le juge de l'exécution",
  suspension_surendettement: "Suspension des mesures d'expulsion (surendettement)",
  protocole_cohesion_sociale: 'Protocole de cohésion sociale',
  demande_cfp: 'Demande de concours de la force publique',
  enquete_forces_ordre: "Enquête des forces de l'ordre",
  decision_cfp: 'Décision sur le concours de la force publique',
  pv_tentative_expulsion: "Procès-verbal de tentative d'expulsion",
  demande_indemnisation: "Demande d'indemnisation",
  transaction_indemnisation: "Transaction d'indemnisation",
  expulsion_realisee: 'Expulsion réalisée',
  depart_volontaire: 'Départ volontaire',
  relogement: 'Relogement',
  apurement_dette: 'Apurement de la dette',
  desistement_bailleur: 'Désistement du bailleur',
  vente_logement: 'Vente du logement',
};

export const LIBELLES_ECHEANCE: Readonly<Record<CodeEcheance, string>> = {
  fin_delai_commandement_payer: 'Fin du délai du commandement de payer',
  assignation_possible_a_partir_du: 'Assignation possible à partir du',
  notification_prefet_au_plus_tard: "Notification de l'assignation au préfet au plus tard",
  transmission_dsf_au_plus_tard: 'Transmission du diagnostic social et financier au plus tard',
  fin_delais_paiement: 'Fin des délais de paiement',
  fin_delai_quitter_lieux: 'Fin du délai pour quitter les lieux',
  expulsion_possible_a_partir_du: 'Expulsion possible à partir du',
  refus_implicite_cfp: 'Refus implicite du concours de la force publique',
  refus_implicite_indemnisation: "Rejet implicite de la demande d'indemnisation",
};

export const LIBELLES_ALERTE: Readonly<Record<CodeAlerte, string>> = {
  signalement_ccapex_requis: 'Signalement à la CCAPEX requis',
  assignation_avant_delai_saisine_ccapex: 'Assignation avant le délai de saisine de la CCAPEX',
  notification_prefet_tardive: "Notification tardive de l'assignation au préfet",
  dsf_manquant: 'Diagnostic social et financier manquant',
  cql_non_transmis_prefet: 'Commandement de quitter les lieux non transmis au préfet',
  demande_cfp_prematuree: 'Demande de concours de la force publique prématurée',
  octroi_cfp_menage_prioritaire_dalo: 'Concours accordé pour un ménage prioritaire DALO',
  treve_non_configuree: 'Trêve hivernale non configurée',
};

export const LIBELLES_ACTEUR: Readonly<Record<Acteur, string>> = {
  bailleur: 'Bailleur',
  commissaire_justice: 'Commissaire de justice',
  prefecture: 'Préfecture',
  juge: 'Juge',
  ccapex: 'CCAPEX',
  caf: 'CAF ou MSA',
  forces_ordre: "Forces de l'ordre",
  travailleur_social: 'Travailleur social',
  menage: 'Ménage',
};
