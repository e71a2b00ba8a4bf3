/**
 * What the timeline establishes, computed once per evaluation and shared by the deadlines, the alerts
 * and State liability: the decisive occurrence of each act and the dates derived from it.
 */
import {
  ajouterMois,
  type DateIso,
  type NumeroJour,
  numeroJour,
  numeroPlusMois,
} from '../calendrier/dates.js';
import { estOutreMer } from '../calendrier/departements.js';
import { numeroMoinsJoursOuvres } from '../calendrier/jours-feries.js';
import {
  type PeriodeJours,
  type ResultatReport,
  reporterApresPeriodes,
  type SourceDePeriodes,
  sourceDeListe,
} from '../calendrier/periodes.js';
import { calendrierDeTreve, treveConfiguree } from '../calendrier/treve.js';
import { Chronologie, type EvenementDate } from './chronologie.js';
import type { EvenementDe, Scenario } from './scenario.js';

export type MotifSuspension =
  | 'treve'
  | 'delais_jex'
  | 'suspension_surendettement'
  | 'protocole_cohesion_sociale';

/** Loi n° 2023-668 du 27 juillet 2023, in force on 29 July 2023: 6 weeks instead of 2 months. */
export const ENTREE_EN_VIGUEUR_LOI_2023 = numeroJour('2023-07-29');

export interface FaitsCommandementDePayer {
  readonly commandement: EvenementDate<EvenementDe<'commandement_de_payer'>>;
  /** The lease date that decides the delay: the signature or the last renewal not after the commandement. */
  readonly renouvellementRetenu: NumeroJour | undefined;
  readonly sixSemaines: boolean;
  readonly fin: NumeroJour;
}

export interface FaitsSaisineCcapex {
  readonly saisine: EvenementDate<EvenementDe<'saisine_ccapex' | 'signalement_impaye_caf'>>;
  readonly assignationPossible: NumeroJour;
}

export interface FaitsAssignation {
  readonly assignation: EvenementDate<EvenementDe<'assignation'>>;
  readonly premiereAudience: NumeroJour;
  readonly renvoi: EvenementDate<EvenementDe<'renvoi_audience'>> | undefined;
  readonly derniereAudience: NumeroJour;
  readonly notificationAuPlusTard: NumeroJour;
  readonly notification: EvenementDate<EvenementDe<'notification_assignation_prefet'>> | undefined;
  readonly dsfAuPlusTard: NumeroJour;
  readonly dsf: EvenementDate<EvenementDe<'dsf_transmis'>> | undefined;
}

export interface FaitsCommandementQuitterLieux {
  readonly commandement: EvenementDate<EvenementDe<'commandement_quitter_lieux'>>;
  readonly information: EvenementDate<EvenementDe<'information_prefet_cql'>> | undefined;
  readonly decision: EvenementDate<EvenementDe<'decision_justice'>> | undefined;
  readonly modalite: 'legal' | 'reduit' | 'supprime';
  readonly voieDeFait: boolean;
  /** The later of the CQL and its transmission to the préfet, when transmitted. */
  readonly debutDelai: NumeroJour | undefined;
  /** `fin_delai_quitter_lieux`: absent when suppressed, after a voie de fait, or before transmission. */
  readonly finDelai: NumeroJour | undefined;
  /** First day an eviction is lawful before suspensions: `finDelai` + 1, or the CQL date without delay. */
  readonly premierJourExecution: NumeroJour | undefined;
  /** `expulsion_possible_a_partir_du`, only once the CQL is transmitted (contract). */
  readonly expulsionPossible: ResultatReport<MotifSuspension> | undefined;
}

export interface FaitsDemandeCfp {
  readonly demande: EvenementDate<EvenementDe<'demande_cfp'>>;
  readonly refusImplicite: NumeroJour;
  /** An explicit grant or refusal within the 2 months: no implicit refusal then. */
  readonly decisionDansLeDelai: boolean;
  /** The refusal of the latest request as known on `asOf`, explicit or implicit. */
  readonly refus:
    | {
        readonly numero: NumeroJour;
        readonly decision: EvenementDate<EvenementDe<'decision_cfp'>> | undefined;
      }
    | undefined;
}

export interface FaitsProcedure {
  readonly scenario: Scenario;
  readonly asOf: NumeroJour;
  readonly chronologie: Chronologie;
  readonly relogementAssure: boolean;
  readonly prioritaireDalo: boolean;
  readonly treveNonConfiguree: boolean;
  /** Truce (unless voie de fait or assured rehousing), JEX délais, over-indebtedness, protocole. */
  readonly suspensions: readonly SourceDePeriodes<MotifSuspension>[];
  readonly commandementDePayer: FaitsCommandementDePayer | undefined;
  readonly saisineCcapex: FaitsSaisineCcapex | undefined;
  readonly assignation: FaitsAssignation | undefined;
  readonly decision: EvenementDate<EvenementDe<'decision_justice'>> | undefined;
  readonly commandementQuitterLieux: FaitsCommandementQuitterLieux | undefined;
  readonly demandeCfp: FaitsDemandeCfp | undefined;
}

function periodesDe(
  chronologie: Chronologie,
  type: 'delais_jex' | 'suspension_surendettement' | 'protocole_cohesion_sociale',
): PeriodeJours[] {
  const periodes: PeriodeJours[] = [];
  for (const date of chronologie.tous(type))
    periodes.push({ du: date.numero, au: numeroJour(date.evenement.dateFin) });
  return periodes;
}

function faitsCommandementDePayer(
  scenario: Scenario,
  chronologie: Chronologie,
): FaitsCommandementDePayer | undefined {
  const commandement = chronologie.dernier('commandement_de_payer');
  if (commandement === undefined) return undefined;
  const renouvellement = scenario.bail.dateDernierRenouvellement;
  const renouvellementRetenu =
    renouvellement !== null &&
    renouvellement !== undefined &&
    numeroJour(renouvellement) <= commandement.numero
      ? numeroJour(renouvellement)
      : undefined;
  const sixSemaines =
    numeroJour(scenario.bail.dateSignature) >= ENTREE_EN_VIGUEUR_LOI_2023 ||
    (renouvellementRetenu !== undefined && renouvellementRetenu >= ENTREE_EN_VIGUEUR_LOI_2023);
  const fin = sixSemaines ? commandement.numero + 42 : numeroPlusMois(commandement.numero, 2);
  return { commandement, renouvellementRetenu, sixSemaines, fin };
}

/** Loi 1989 art. 24 II: a legal-entity landlord may summon two months after its saisine of the CCAPEX. */
const MOIS_ENTRE_SAISINE_ET_ASSIGNATION = 2;

/** The date from which assignation is possible after a saisine received on `saisine` (acknowledgements). */
export function assignationPossibleApresSaisine(saisine: DateIso): DateIso {
  return ajouterMois(saisine, MOIS_ENTRE_SAISINE_ET_ASSIGNATION);
}

/** Loi 1989 art. 24 II: only legal-entity landlords other than SCI familiales (a separate type here). */
function faitsSaisineCcapex(scenario: Scenario, chronologie: Chronologie): FaitsSaisineCcapex | undefined {
  if (scenario.bail.bailleur.type !== 'personne_morale') return undefined;
  const ccapex = chronologie.premier('saisine_ccapex');
  const caf = chronologie.premier('signalement_impaye_caf');
  const saisine =
    ccapex === undefined || (caf !== undefined && caf.position < ccapex.position) ? caf : ccapex;
  if (saisine === undefined) return undefined;
  return { saisine, assignationPossible: numeroPlusMois(saisine.numero, MOIS_ENTRE_SAISINE_ET_ASSIGNATION) };
}

function faitsAssignation(scenario: Scenario, chronologie: Chronologie): FaitsAssignation | undefined {
  const assignation = chronologie.dernier('assignation');
  if (assignation === undefined) return undefined;
  const premiereAudience = numeroJour(assignation.evenement.dateAudience);
  const renvoi = chronologie.dernierApres('renvoi_audience', assignation.position);
  const derniereAudience =
    renvoi === undefined ? premiereAudience : numeroJour(renvoi.evenement.dateAudience);
  return {
    assignation,
    premiereAudience,
    renvoi,
    derniereAudience,
    notificationAuPlusTard: premiereAudience - 42,
    // The first notification after the summons decides whether the 6 weeks were met (art. 24 III):
    // a later one neither cures nor spoils it.
    notification: chronologie.premierApres('notification_assignation_prefet', assignation.position),
    dsfAuPlusTard: numeroMoinsJoursOuvres(derniereAudience, 5, scenario.departement),
    dsf: chronologie.premierApres('dsf_transmis', assignation.position),
  };
}

function faitsCommandementQuitterLieux(
  chronologie: Chronologie,
  commandement: EvenementDate<EvenementDe<'commandement_quitter_lieux'>>,
  decision: EvenementDate<EvenementDe<'decision_justice'>> | undefined,
  suspensions: readonly SourceDePeriodes<MotifSuspension>[],
): FaitsCommandementQuitterLieux {
  // CPCE L412-5: the delay runs once the CQL is referred to the préfet; the first referral counts.
  const information = chronologie.premierApres('information_prefet_cql', commandement.position);
  const modalite = decision?.evenement.delaiQuitterLieux ?? 'legal';
  const voieDeFait = decision?.evenement.voieDeFait === true;
  const sansDelai = voieDeFait || modalite === 'supprime';
  const debutDelai =
    information === undefined ? undefined : Math.max(commandement.numero, information.numero);
  let finDelai: NumeroJour | undefined;
  if (!sansDelai && debutDelai !== undefined) {
    const jours = decision?.evenement.delaiQuitterLieuxJours;
    finDelai =
      modalite === 'reduit' && jours !== null && jours !== undefined
        ? debutDelai + jours
        : numeroPlusMois(debutDelai, 2);
  }
  const premierJourExecution = sansDelai
    ? commandement.numero
    : finDelai === undefined
      ? undefined
      : finDelai + 1;
  const expulsionPossible =
    information === undefined || premierJourExecution === undefined
      ? undefined
      : reporterApresPeriodes(premierJourExecution, suspensions);
  return {
    commandement,
    information,
    decision,
    modalite,
    voieDeFait,
    debutDelai,
    finDelai,
    premierJourExecution,
    expulsionPossible,
  };
}

/**
 * CPCE R153-1: silence for 2 months on the request is a refusal. An explicit grant or refusal dated on
 * or before the last day of those 2 months prevents it: the préfet may still decide on that day (the
 * delay ends at the end of the day bearing the same number, CPC art. 641), so « within 2 months » and
 * « before it » are read inclusively. A `sursis` is not a decision.
 */
export function faitsDemandeCfp(chronologie: Chronologie, asOf: NumeroJour): FaitsDemandeCfp | undefined {
  const demande = chronologie.dernier('demande_cfp');
  if (demande === undefined) return undefined;
  const refusImplicite = numeroPlusMois(demande.numero, 2);
  let decisionDansLeDelai = false;
  let refusExplicite: EvenementDate<EvenementDe<'decision_cfp'>> | undefined;
  for (const decision of chronologie.tous('decision_cfp')) {
    if (decision.position < demande.position || decision.evenement.sens === 'sursis') continue;
    if (decision.numero <= refusImplicite) decisionDansLeDelai = true;
    if (decision.evenement.sens === 'refus' && refusExplicite === undefined) refusExplicite = decision;
  }
  const implicite = !decisionDansLeDelai && asOf >= refusImplicite;
  let refus: FaitsDemandeCfp['refus'];
  if (refusExplicite !== undefined && (!implicite || refusExplicite.numero < refusImplicite)) {
    refus = { numero: refusExplicite.numero, decision: refusExplicite };
  } else if (implicite) {
    refus = { numero: refusImplicite, decision: undefined };
  }
  return { demande, refusImplicite, decisionDansLeDelai, refus };
}

export function etablirFaits(scenario: Scenario): FaitsProcedure {
  const chronologie = new Chronologie(scenario.evenements);
  const asOf = numeroJour(scenario.asOf);
  const relogementAssure = scenario.menage?.relogementAssure === true;
  const periodesTreve = scenario.departementConfig?.periodesTreve;
  const treve = calendrierDeTreve(scenario.departement, periodesTreve);
  const autresSuspensions: SourceDePeriodes<MotifSuspension>[] = [
    sourceDeListe('delais_jex', periodesDe(chronologie, 'delais_jex')),
    sourceDeListe('suspension_surendettement', periodesDe(chronologie, 'suspension_surendettement')),
    sourceDeListe('protocole_cohesion_sociale', periodesDe(chronologie, 'protocole_cohesion_sociale')),
  ];
  const cql = chronologie.dernier('commandement_quitter_lieux');
  // The judgment enforced by the CQL is the latest one before it.
  const decisionExecutee =
    cql === undefined
      ? chronologie.dernier('decision_justice')
      : chronologie.dernierAvant('decision_justice', cql.position);
  // L412-6: no truce for occupants who entered by voie de fait, nor when rehousing is assured.
  const sansTreve = relogementAssure || decisionExecutee?.evenement.voieDeFait === true;
  const suspensions = sansTreve ? autresSuspensions : [treve, ...autresSuspensions];
  return {
    scenario,
    asOf,
    chronologie,
    relogementAssure,
    prioritaireDalo: scenario.menage?.prioritaireDalo === true,
    treveNonConfiguree: estOutreMer(scenario.departement) && !treveConfiguree(periodesTreve),
    suspensions,
    commandementDePayer: faitsCommandementDePayer(scenario, chronologie),
    saisineCcapex: faitsSaisineCcapex(scenario, chronologie),
    assignation: faitsAssignation(scenario, chronologie),
    decision: chronologie.dernier('decision_justice'),
    commandementQuitterLieux:
      cql === undefined
        ? undefined
        : faitsCommandementQuitterLieux(chronologie, cql, decisionExecutee, suspensions),
    demandeCfp: faitsDemandeCfp(chronologie, asOf),
  };
}
