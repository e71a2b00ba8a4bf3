/**
 * The alerts of contrat procedure-evaluate: only what is true on `asOf`, each with its legal basis and
 * a French message; listed in the order of the contract's table.
 */
import { formaterJourFr } from '../calendrier/dates.js';
import type { FaitsProcedure } from './faits-procedure.js';
import {
  centimesArrondis,
  comparerExact,
  decimalExact,
  formaterCentimes,
  formaterMontant,
  formaterNombre,
  multiplierExact,
} from './montant.js';
import type { TypeBailleur } from './scenario.js';

export const CODES_ALERTE = [
  'signalement_ccapex_requis',
  'assignation_avant_delai_saisine_ccapex',
  'notification_prefet_tardive',
  'dsf_manquant',
  'cql_non_transmis_prefet',
  'demande_cfp_prematuree',
  'octroi_cfp_menage_prioritaire_dalo',
  'treve_non_configuree',
] as const;
export type CodeAlerte = (typeof CODES_ALERTE)[number];

export interface Alerte {
  readonly code: CodeAlerte;
  readonly fondement: string;
  readonly message: string;
}

const fr = formaterJourFr;

/** Décret n° 2015-1384 art. 14: landlords who are physical persons or SCI familiales, unless configured. */
const TYPES_BAILLEUR_SIGNALEMENT: readonly TypeBailleur[] = ['personne_physique', 'sci_familiale'];

/**
 * Loi 1989 art. 24 I: every commandement reaching a threshold must be signalled, so only a signalement
 * recorded after the latest commandement answers it.
 */
function signalementCcapexRequis(faits: FaitsProcedure): Alerte | undefined {
  const seuils = faits.scenario.departementConfig?.seuilsSignalement;
  const fait = faits.commandementDePayer;
  if (seuils === null || seuils === undefined || fait === undefined) return undefined;
  const { bail } = faits.scenario;
  if (!(seuils.typesBailleur ?? TYPES_BAILLEUR_SIGNALEMENT).includes(bail.bailleur.type)) return undefined;
  if (faits.chronologie.premierApres('signalement_commandement_ccapex', fait.commandement.position)) {
    return undefined;
  }
  const { montantDette, moisImpayes } = fait.commandement.evenement;
  // Compared exactly: 3 × 650.1 must equal 1 950,30 €, not 1950.3000000000002.
  const plafond = multiplierExact(decimalExact(seuils.multipleLoyerHC), decimalExact(bail.loyerMensuelHC));
  const parDette = comparerExact(decimalExact(montantDette), plafond) >= 0;
  const parDuree = moisImpayes !== null && moisImpayes !== undefined && moisImpayes >= seuils.moisImpayes;
  if (!parDette && !parDuree) return undefined;
  const motifs: string[] = [];
  if (parDette) {
    motifs.push(
      `La dette (${formaterMontant(montantDette)}) atteint ${formaterNombre(seuils.multipleLoyerHC)} fois le loyer hors charges (${formaterCentimes(centimesArrondis(plafond))})`,
    );
  }
  if (parDuree) {
    const duree = `l'impayé dure depuis ${moisImpayes} mois (seuil : ${seuils.moisImpayes} mois)`;
    motifs.push(parDette ? duree : duree.charAt(0).toUpperCase() + duree.slice(1));
  }
  return {
    code: 'signalement_ccapex_requis',
    fondement: 'loi n° 89-462, art. 24 I ; loi n° 90-449, art. 7-2',
    message: `${motifs.join(' et ')} : le commandement doit être signalé à la CCAPEX.`,
  };
}

function assignationAvantDelaiSaisine(faits: FaitsProcedure): Alerte | undefined {
  const assignation = faits.assignation?.assignation;
  if (assignation === undefined || faits.scenario.bail.bailleur.type !== 'personne_morale') return undefined;
  const saisine = faits.saisineCcapex;
  if (saisine !== undefined && assignation.numero >= saisine.assignationPossible) return undefined;
  const message =
    saisine === undefined
      ? `Bailleur personne morale : assignation du ${fr(assignation.numero)} délivrée sans saisine préalable de la CCAPEX ; la demande de résiliation est irrecevable.`
      : `Bailleur personne morale : assignation du ${fr(assignation.numero)} délivrée avant le ${fr(saisine.assignationPossible)}, moins de 2 mois après la saisine de la CCAPEX du ${fr(saisine.saisine.numero)} ; la demande de résiliation est irrecevable.`;
  return { code: 'assignation_avant_delai_saisine_ccapex', fondement: 'loi n° 89-462, art. 24 II', message };
}

function notificationPrefetTardive(faits: FaitsProcedure): Alerte | undefined {
  const fait = faits.assignation;
  if (fait === undefined) return undefined;
  const delai = `au plus tard le ${fr(fait.notificationAuPlusTard)}, 6 semaines avant l'audience du ${fr(fait.premiereAudience)}`;
  let message: string;
  if (fait.notification !== undefined) {
    if (fait.notification.numero <= fait.notificationAuPlusTard) return undefined;
    message = `Assignation notifiée au préfet le ${fr(fait.notification.numero)} alors qu'elle devait l'être ${delai} : la demande est irrecevable, même si l'audience est renvoyée.`;
  } else {
    if (faits.asOf <= fait.notificationAuPlusTard) return undefined;
    message = `Assignation non notifiée au préfet alors qu'elle devait l'être ${delai} : la demande est irrecevable, même si l'audience est renvoyée.`;
  }
  return { code: 'notification_prefet_tardive', fondement: 'loi n° 89-462, art. 24 III', message };
}

function dsfManquant(faits: FaitsProcedure): Alerte | undefined {
  const fait = faits.assignation;
  if (fait === undefined || fait.dsf !== undefined) return undefined;
  if (faits.asOf < fait.dsfAuPlusTard || faits.asOf > fait.derniereAudience) return undefined;
  return {
    code: 'dsf_manquant',
    fondement: 'loi n° 89-462, art. 24 III ; décret n° 2021-8 du 5 janvier 2021',
    message: `Aucun diagnostic social et financier transmis : il doit parvenir au juge et à la CCAPEX au plus tard le ${fr(fait.dsfAuPlusTard)} pour l'audience du ${fr(fait.derniereAudience)}.`,
  };
}

function cqlNonTransmisPrefet(faits: FaitsProcedure): Alerte | undefined {
  const fait = faits.commandementQuitterLieux;
  if (fait === undefined || fait.information !== undefined) return undefined;
  return {
    code: 'cql_non_transmis_prefet',
    fondement: 'CPCE, art. L412-5',
    message: `Commandement de quitter les lieux du ${fr(fait.commandement.numero)} non transmis au préfet : le délai pour quitter les lieux ne court pas.`,
  };
}

/**
 * Compared with `fin_delai_quitter_lieux` + 1 day, not with the eviction date: a request during the
 * truce is not premature (contract). Without a transmitted CQL no delay has run (L412-5), so any
 * request is premature — except when the judge suppressed the delay or after a voie de fait, where the
 * CQL date itself is the first possible day.
 */
function demandeCfpPrematuree(faits: FaitsProcedure): Alerte | undefined {
  const demande = faits.demandeCfp?.demande;
  if (demande === undefined) return undefined;
  const cql = faits.commandementQuitterLieux;
  const premierJour = cql?.premierJourExecution;
  if (premierJour !== undefined && demande.numero >= premierJour) return undefined;
  const debut = `Demande de concours de la force publique du ${fr(demande.numero)}`;
  let message: string;
  if (cql === undefined) {
    message = `${debut} sans commandement de quitter les lieux : elle est prématurée.`;
  } else if (premierJour === undefined) {
    message = `${debut} alors que le commandement de quitter les lieux du ${fr(cql.commandement.numero)} n'a pas été transmis au préfet : le délai pour quitter les lieux n'a pas couru, la demande est prématurée.`;
  } else {
    message = `${debut} présentée avant la fin du délai pour quitter les lieux (expulsion possible au plus tôt le ${fr(premierJour)}) : elle est prématurée.`;
  }
  return { code: 'demande_cfp_prematuree', fondement: 'CPCE, art. L412-1 ; CPCE, art. R153-1', message };
}

/**
 * The decision that stands is the latest grant or refusal (a `sursis` is not a decision); the alert is
 * raised when it is a grant to a DALO-priority household whose rehousing is not assured.
 */
function octroiCfpMenagePrioritaireDalo(faits: FaitsProcedure): Alerte | undefined {
  if (!faits.prioritaireDalo || faits.relogementAssure) return undefined;
  const decisions = faits.chronologie.tous('decision_cfp');
  for (let i = decisions.length - 1; i >= 0; i--) {
    const decision = decisions[i];
    if (decision === undefined || decision.evenement.sens === 'sursis') continue;
    if (decision.evenement.sens === 'refus') return undefined;
    return {
      code: 'octroi_cfp_menage_prioritaire_dalo',
      fondement: 'CCH, art. L441-2-3 ; instruction interministérielle du 26 octobre 2012 (NOR INTK1229203J)',
      message: `Concours de la force publique accordé le ${fr(decision.numero)} alors que le ménage est reconnu prioritaire DALO et que son relogement n'est pas assuré : il doit être relogé avant l'expulsion.`,
    };
  }
  return undefined;
}

function treveNonConfiguree(faits: FaitsProcedure): Alerte | undefined {
  if (!faits.treveNonConfiguree) return undefined;
  return {
    code: 'treve_non_configuree',
    fondement: 'CPCE, art. L412-6',
    message: `Aucune période de trêve n'est configurée pour le département ${faits.scenario.departement} : outre-mer, le préfet la fixe par arrêté ; aucune trêve n'est appliquée dans les calculs.`,
  };
}

export function detecterAlertes(faits: FaitsProcedure): Alerte[] {
  const alertes: Alerte[] = [];
  for (const alerte of [
    signalementCcapexRequis(faits),
    assignationAvantDelaiSaisine(faits),
    notificationPrefetTardive(faits),
    dsfManquant(faits),
    cqlNonTransmisPrefet(faits),
    demandeCfpPrematuree(faits),
    octroiCfpMenagePrioritaireDalo(faits),
    treveNonConfiguree(faits),
  ]) {
    if (alerte !== undefined) alertes.push(alerte);
  }
  return alertes;
}
