/**
 * The synthetic timeline of one dossier: which acts happen (the funnel of docs/domain.md §4) and when
 * (the delays of §2). Pure: everything comes from two seeded streams and the observation date.
 *
 * The path is drawn first (how deep the procedure goes, how it ends) and only then dated, so the funnel
 * ratios are exactly the configured ones whatever the observation date: the dates are fitted so that the
 * last act falls before `asOf` (recently for a dossier still running, at any time over the last years for
 * a closed one). Drawing the path from its own stream, and every delay unconditionally, keeps the path
 * identical while the start date is moved.
 */
import { dateIso, type NumeroJour, numeroDuJourCivil, numeroPlusMois } from '@exploc/domain/calendrier/dates';
import { estNumeroJourOuvre } from '@exploc/domain/calendrier/jours-feries';
import type { PeriodeDates } from '@exploc/domain/calendrier/treve';
import { calendrierDeTreve } from '@exploc/domain/calendrier/treve';
import {
  type Evenement,
  RANG_PAR_TYPE,
  type TypeBailleur,
  type TypeCloture,
  type TypeEvenement,
} from '@exploc/domain/procedure/scenario';
import { Alea } from './alea.js';

/**
 * Conditional probabilities of the funnel. National orders of magnitude per year (domain.md §4):
 * ~275k commandements → ~150k assignations → ~125k decisions → ~62k CQL → ~52k CFP requests → ~35k
 * grants → ~22k police interventions. The test recomputes the expected shares by hand from these.
 */
export const ENTONNOIR = {
  /** Share of dossiers that reach a commandement de payer (the others stay in prevention). */
  commandement: 0.88,
  /** Assignation, given a commandement (~150k / 275k). */
  assignation: 0.55,
  /** Judgment, given an assignation (the rest: withdrawal, payment or departure before the hearing). */
  decision: 0.85,
  sens: { rejet: 0.07, delais_paiement: 0.28, resiliation_expulsion: 0.65 },
  /** Délais de paiement not kept: the clause takes effect again. */
  decheance: 0.45,
  /** CQL, given an enforceable title (résiliation, or délais then déchéance): ~62k / 97k. */
  cql: 0.65,
  /** The CJ refers the CQL to the préfet (otherwise the 2-month delay does not run: alert). */
  informationPrefet: 0.97,
  /** CFP request, given a CQL referred to the préfet (~52k / 62k). */
  cfp: 0.84,
  decisionCfp: { octroi: 0.6, refus: 0.15, sursis: 0.05, silence: 0.2 },
  /** Police-assisted eviction, given a grant (the others leave or are rehoused before). */
  expulsion: 0.65,
} as const;

/** Share of dossiers of each path end that are closed on `asOf` (the others are still running). */
const PART_CLOTUREE = {
  prevention: 0.6,
  commandement: 0.7,
  assignation: 0.8,
  rejet: 0.6,
  delaisRespectes: 0.75,
  decision: 0.55,
  cql: 0.65,
  octroi: 0.95,
  refus: 0.6,
  sursis: 0,
} as const;

/** Debt at the commandement (or at the impayé for a dossier that stays in prevention), in euros. */
export const DETTE = { mediane: 3400, sigma: 0.8 } as const;

/** Closed dossiers ended at any time over these last days; running ones had their last act recently. */
const FENETRE_CLOTURE_JOURS = 5 * 365;
const ATTENTE_MOYENNE_JOURS = 90;
const ATTENTE_MAX_JOURS = 730;

/** Leases signed, renewed or tacitly renewed from this day on have a 6-week commandement delay. */
const LOI_2023 = numeroDuJourCivil(2023, 7, 29);

export interface ProfilDossier {
  departement: string;
  bailleurType: TypeBailleur;
  social: boolean;
  /** Monthly rent excluding charges and charges, in euros. */
  loyerHC: number;
  charges: number;
  allocataire: boolean;
  relogementAssure: boolean;
  periodesTreve: readonly PeriodeDates[] | null;
}

export interface ChronologieSynthetique {
  evenements: Evenement[];
  /** Day numbers of the events, in the order of `evenements`. */
  jours: number[];
  bailDateSignature: string;
  bailDateDernierRenouvellement: string | null;
  /** The dossier's reference debt in euros (the largest `montantDette` of the timeline). */
  dette: number;
  debut: NumeroJour;
  fin: NumeroJour;
  cloturee: boolean;
}

interface Acte {
  type: TypeEvenement;
  jour: NumeroJour;
  champs: Record<string, unknown> | null;
}

const arrondi = (euros: number) => Math.round(euros * 100) / 100;

/** The path: every structural choice, drawn before any date. */
interface Parcours {
  dette: number;
  impaye: boolean;
  signalementCaf: boolean;
  planApurement: number | null;
  fsl: boolean;
  saisineCcapex: 'bailleur' | 'caf' | 'menage' | 'travailleur_social' | 'autre' | null;
  /** Landlord that is a legal entity and summons before the end of its CCAPEX delay (alert). */
  assignationPrematuree: boolean;
  commandement: boolean;
  signalementCommandement: boolean;
  assignation: boolean;
  notification: 'a_temps' | 'tardive' | 'absente';
  saisineDsf: boolean;
  dsfTransmis: boolean;
  renvoi: boolean;
  secondRenvoi: boolean;
  /** A first commandement left unanswered, then a new one for the grown debt (it restarts the delay). */
  secondCommandement: boolean;
  surLeSiege: boolean;
  sens: keyof typeof ENTONNOIR.sens | null;
  delaisPaiementMois: number;
  decheance: boolean;
  delaiQuitterLieux: 'legal' | 'reduit' | 'supprime';
  delaiQuitterLieuxJours: number;
  signification: boolean;
  cqlAvecSignification: boolean;
  cql: boolean;
  informationPrefet: boolean;
  delaisJex: boolean;
  surendettement: boolean;
  protocole: boolean;
  cfp: boolean;
  cfpPrematuree: boolean;
  enquete: boolean;
  decisionCfp: keyof typeof ENTONNOIR.decisionCfp | null;
  pvTentative: boolean;
  expulsion: boolean;
  indemnisation: boolean;
  transaction: boolean;
  renouvellementConnu: boolean;
  cloture: TypeCloture | null;
}

const PLANS_APUREMENT = [6, 12, 12, 18, 24, 24, 36];
const DELAIS_PAIEMENT_MOIS = [3, 6, 12, 12, 18, 24, 24, 36];

function tirerParcours(a: Alea, profil: ProfilDossier): Parcours {
  const morale = profil.bailleurType === 'personne_morale';
  const p: Parcours = {
    dette: arrondi(a.logNormal(DETTE.mediane, DETTE.sigma)),
    impaye: a.si(0.85),
    signalementCaf: profil.allocataire && a.si(0.7),
    planApurement: a.si(0.25) ? a.choisir(PLANS_APUREMENT) : null,
    fsl: a.si(0.3),
    saisineCcapex: null,
    assignationPrematuree: a.si(0.03),
    commandement: a.si(ENTONNOIR.commandement),
    signalementCommandement: false,
    assignation: false,
    notification: a.parmi({ a_temps: 0.95, tardive: 0.03, absente: 0.02 }),
    saisineDsf: a.si(0.8),
    dsfTransmis: a.si(0.3 / 0.8),
    renvoi: a.si(0.35),
    secondRenvoi: a.si(0.3),
    secondCommandement: a.si(0.15),
    surLeSiege: a.si(0.35),
    sens: null,
    delaisPaiementMois: a.choisir(DELAIS_PAIEMENT_MOIS),
    decheance: a.si(ENTONNOIR.decheance),
    delaiQuitterLieux: a.parmi({ legal: 0.96, reduit: 0.03, supprime: 0.01 }),
    delaiQuitterLieuxJours: a.entier(15, 45),
    signification: a.si(0.92),
    cqlAvecSignification: a.si(0.45),
    cql: false,
    informationPrefet: a.si(ENTONNOIR.informationPrefet),
    delaisJex: a.si(0.08),
    surendettement: a.si(0.03),
    protocole: profil.social && a.si(0.08),
    cfp: a.si(ENTONNOIR.cfp),
    cfpPrematuree: a.si(0.03),
    enquete: a.si(0.7),
    decisionCfp: a.parmi(ENTONNOIR.decisionCfp),
    pvTentative: a.si(0.2),
    expulsion: a.si(ENTONNOIR.expulsion),
    indemnisation: a.si(0.4),
    transaction: a.si(0.5),
    renouvellementConnu: a.si(0.6),
    cloture: null,
  };
  const origine = a.parmi({ caf: 0.35, travailleur_social: 0.35, menage: 0.2, autre: 0.1 });
  if (morale ? a.si(0.92) : a.si(0.2)) p.saisineCcapex = morale ? 'bailleur' : origine;
  const sens = a.parmi(ENTONNOIR.sens);
  const suiteAssignation = a.si(ENTONNOIR.assignation);
  const suiteDecision = a.si(ENTONNOIR.decision);
  const suiteCql = a.si(ENTONNOIR.cql);
  const signaleSiSeuil = a.si(morale ? 0.1 : 0.85);
  const u = a.reel();
  const fermeture = a.reel();

  if (!p.commandement) {
    p.impaye = true;
    p.cloture = u < PART_CLOTUREE.prevention ? choisirCloture(fermeture, CLOTURES.prevention) : null;
    return p;
  }
  p.signalementCommandement = signaleSiSeuil;
  p.assignation = suiteAssignation;
  if (!p.assignation) {
    p.cloture = u < PART_CLOTUREE.commandement ? choisirCloture(fermeture, CLOTURES.commandement) : null;
    return p;
  }
  if (!suiteDecision) {
    p.cloture = u < PART_CLOTUREE.assignation ? choisirCloture(fermeture, CLOTURES.assignation) : null;
    return p;
  }
  p.sens = sens;
  if (sens === 'rejet') {
    p.cloture = u < PART_CLOTUREE.rejet ? choisirCloture(fermeture, CLOTURES.rejet) : null;
    return p;
  }
  if (sens === 'delais_paiement' && !p.decheance) {
    p.cloture = u < PART_CLOTUREE.delaisRespectes ? 'apurement_dette' : null;
    return p;
  }
  p.cql = suiteCql;
  if (!p.cql) {
    p.cloture = u < PART_CLOTUREE.decision ? choisirCloture(fermeture, CLOTURES.decision) : null;
    return p;
  }
  if (!(p.informationPrefet && p.cfp)) {
    p.cfp = false;
    p.cloture =
      u < PART_CLOTUREE.cql
        ? choisirCloture(fermeture, p.protocole ? CLOTURES.protocole : CLOTURES.cql)
        : null;
    return p;
  }
  switch (p.decisionCfp) {
    case 'octroi':
      p.cloture = p.expulsion
        ? 'expulsion_realisee'
        : u < PART_CLOTUREE.octroi
          ? choisirCloture(fermeture, CLOTURES.octroi)
          : null;
      break;
    case 'refus':
    case 'silence':
      p.cloture = u < PART_CLOTUREE.refus ? choisirCloture(fermeture, CLOTURES.refus) : null;
      break;
    default:
      p.cloture = null;
  }
  return p;
}

/** How a dossier that stops at a given point ends, when it is closed. */
const CLOTURES = {
  prevention: {
    apurement_dette: 0.55,
    depart_volontaire: 0.15,
    relogement: 0.1,
    desistement_bailleur: 0.15,
    vente_logement: 0.05,
  },
  commandement: {
    apurement_dette: 0.65,
    depart_volontaire: 0.12,
    desistement_bailleur: 0.12,
    relogement: 0.06,
    vente_logement: 0.05,
  },
  assignation: { desistement_bailleur: 0.45, apurement_dette: 0.35, depart_volontaire: 0.2 },
  rejet: { apurement_dette: 0.7, desistement_bailleur: 0.3 },
  decision: { apurement_dette: 0.4, depart_volontaire: 0.35, relogement: 0.2, vente_logement: 0.05 },
  cql: { depart_volontaire: 0.55, relogement: 0.25, apurement_dette: 0.2 },
  protocole: { apurement_dette: 0.8, relogement: 0.2 },
  octroi: { depart_volontaire: 0.65, relogement: 0.35 },
  refus: { relogement: 0.4, depart_volontaire: 0.45, apurement_dette: 0.05, vente_logement: 0.1 },
} as const satisfies Record<string, Partial<Record<TypeCloture, number>>>;

function choisirCloture(u: number, probabilites: Partial<Record<TypeCloture, number>>): TypeCloture {
  let reste = u;
  let derniere: TypeCloture = 'apurement_dette';
  for (const [type, p] of Object.entries(probabilites) as [TypeCloture, number][]) {
    derniere = type;
    reste -= p;
    if (reste < 0) return type;
  }
  return derniere;
}

/**
 * Dates the path from `debut` (the day the arrears are constituted). Every delay is drawn whether it is
 * used or not, so that moving `debut` only moves dates.
 */
function dater(p: Parcours, d: Alea, profil: ProfilDossier, debut: NumeroJour) {
  const dep = profil.departement;
  const actes: Acte[] = [];
  const ajouter = (type: TypeEvenement, jour: NumeroJour, champs: Record<string, unknown> | null = null) => {
    actes.push({ type, jour, champs });
    return jour;
  };
  /** Courts, bailiffs and administrations act on working days (CPCE L141-1, CPC 664). */
  const ouvre = (jour: NumeroJour) => {
    let j = jour;
    while (!estNumeroJourOuvre(j, dep)) j++;
    return j;
  };
  const plusTard = () => {
    let jour = debut;
    for (const acte of actes) if (acte.jour > jour) jour = acte.jour;
    return jour;
  };
  /** A closing act comes after every other act: nothing may follow it (transitions « procedure_cloturee »). */
  const cloturer = (type: TypeCloture, jour: NumeroJour) =>
    ajouter(type, ouvre(Math.max(jour, plusTard() + 1)));
  const u = (min: number, max: number) => d.entier(min, max);
  const loyerTotal = profil.loyerHC + profil.charges;
  const morale = profil.bailleurType === 'personne_morale';

  // Lease: signed months to decades before the arrears; private leases renew tacitly every 3 (or 6) years.
  const ancienneteJours = Math.min(35 * 365, 90 + Math.round(d.exponentiel(6 * 365)));
  const signature = debut - ancienneteJours;
  const dureeBailMois = profil.social ? 0 : morale ? 72 : 36;
  let renouvellement: NumeroJour | null = null;
  if (dureeBailMois > 0 && p.renouvellementConnu) {
    let k = 1;
    while (numeroPlusMois(signature, dureeBailMois * k) <= debut) k++;
    if (k > 1) renouvellement = numeroPlusMois(signature, dureeBailMois * (k - 1));
  }

  const t = {
    partImpaye: 0.35 + 0.4 * d.reel(),
    caf: u(15, 60),
    plan: u(20, 90),
    fsl: u(10, 150),
    ccapex: u(20, 120),
    commandement: u(45, 240),
    signalement: u(0, 10),
    assignation: u(7, 150),
    saisineMarge: u(0, 30),
    notification: u(0, 8),
    audience: u(7, 90),
    audienceTardive: u(28, 40),
    dsf: u(2, 15),
    renvoi: u(28, 84),
    secondRenvoi: u(28, 84),
    secondCommandement: u(90, 300),
    partPremierCommandement: 0.6 + 0.3 * d.reel(),
    dsfAvant: u(8, 25),
    delibere: u(14, 42),
    signification: u(10, 40),
    decheance: u(60, 365),
    cqlApresDecheance: u(14, 90),
    cql: u(15, 150),
    cqlSansSignification: u(20, 120),
    informationPrefet: u(0, 4),
    jex: u(20, 60),
    jexMois: u(1, 12),
    surendettement: u(30, 120),
    surendettementMois: u(6, 24),
    protocole: u(30, 120),
    protocoleMois: u(12, 24),
    cfp: u(0, 120),
    cfpPrematuree: u(20, 50),
    enquete: u(10, 40),
    decisionCfp: u(15, 55),
    pv: u(14, 40),
    expulsion: u(21, 75),
    apresPv: u(7, 30),
    apresTreve: u(0, 45),
    indemnisation: u(30, 180),
    moisIndemnises: u(2, 12),
    transaction: u(60, 270),
    partTransaction: 0.5 + 0.5 * d.reel(),
    cloture: u(20, 150),
    clotureLongue: u(30, 540),
    apurementDelais: u(0, 20),
  };

  // Prevention: the arrears, the CAF/MSA referral, a repayment plan, the FSL, the CCAPEX.
  let saisine: NumeroJour | null = null;
  if (p.impaye) {
    const premier = p.commandement && p.secondCommandement ? p.dette * t.partPremierCommandement : p.dette;
    ajouter('impaye_constitue', debut, {
      montantDette: p.commandement ? arrondi(premier * t.partImpaye) : p.dette,
    });
  }
  if (p.signalementCaf) saisine = ajouter('signalement_impaye_caf', ouvre(debut + t.caf));
  if (p.planApurement !== null)
    ajouter('plan_apurement', ouvre(debut + t.plan), { dureeMois: p.planApurement });
  if (p.fsl) ajouter('saisine_fsl', ouvre(debut + t.fsl));
  if (p.saisineCcapex !== null) {
    const jour = ajouter('saisine_ccapex', ouvre(debut + t.ccapex), { origine: p.saisineCcapex });
    saisine = saisine === null ? jour : Math.min(saisine, jour);
  }
  if (!p.commandement) {
    if (p.cloture !== null) cloturer(p.cloture, plusTard() + t.cloture);
    return { actes, fin: plusTard(), signature, renouvellement };
  }

  // Commandement de payer (loi 1989 art. 24 I) and, above the thresholds, the CJ's signalement.
  const enMois = (dette: number) => Math.max(1, Math.min(99, Math.round(dette / loyerTotal)));
  let commandement = ouvre(debut + t.commandement);
  if (p.secondCommandement) {
    const montantDette = arrondi(p.dette * t.partPremierCommandement);
    ajouter('commandement_de_payer', commandement, { montantDette, moisImpayes: enMois(montantDette) });
    commandement = ouvre(commandement + t.secondCommandement);
  }
  const moisImpayes = enMois(p.dette);
  ajouter('commandement_de_payer', commandement, { montantDette: p.dette, moisImpayes });
  if (p.signalementCommandement && (moisImpayes >= 6 || p.dette >= 3 * profil.loyerHC)) {
    ajouter('signalement_commandement_ccapex', ouvre(commandement + t.signalement));
  }
  if (!p.assignation) {
    if (p.cloture !== null) cloturer(p.cloture, plusTard() + t.cloture);
    return { actes, fin: plusTard(), signature, renouvellement };
  }

  // Assignation after the commandement's delay (and, for a legal entity, 2 months after its saisine);
  // notified to the préfet at least 6 weeks before the hearing.
  const repereBail = renouvellement !== null && renouvellement <= commandement ? renouvellement : signature;
  const finCommandement = repereBail >= LOI_2023 ? commandement + 42 : numeroPlusMois(commandement, 2);
  let jourAssignation = finCommandement + 1 + t.assignation;
  if (morale && saisine !== null && !p.assignationPrematuree) {
    jourAssignation = Math.max(jourAssignation, numeroPlusMois(saisine, 2) + t.saisineMarge);
  }
  const assignation = ouvre(jourAssignation);
  const notification = ouvre(assignation + t.notification);
  const audience1 =
    p.notification === 'tardive'
      ? ouvre(notification + t.audienceTardive)
      : ouvre(notification + 42 + t.audience);
  ajouter('assignation', assignation, { dateAudience: dateIso(audience1) });
  if (p.notification !== 'absente') ajouter('notification_assignation_prefet', notification);
  const saisineDsf = p.saisineDsf ? ajouter('saisine_dsf', ouvre(notification + t.dsf)) : null;
  if (p.sens === null) {
    if (p.cloture !== null) cloturer(p.cloture, plusTard() + t.cloture);
    return { actes, fin: plusTard(), signature, renouvellement };
  }
  let audience = audience1;
  if (p.renvoi) {
    audience = ouvre(audience1 + t.renvoi);
    ajouter('renvoi_audience', audience1, { dateAudience: dateIso(audience) });
    if (p.secondRenvoi) {
      const nouvelle = ouvre(audience + t.secondRenvoi);
      ajouter('renvoi_audience', audience, { dateAudience: dateIso(nouvelle) });
      audience = nouvelle;
    }
  }
  if (p.dsfTransmis && saisineDsf !== null) {
    ajouter('dsf_transmis', Math.max(saisineDsf + 1, ouvre(audience - t.dsfAvant)));
  }

  // Judgment, on the bench or after deliberation, then its service.
  const decision = ouvre(audience + (p.surLeSiege ? 0 : t.delibere));
  const champs: Record<string, unknown> = { sens: p.sens };
  if (p.sens === 'delais_paiement') champs.delaisPaiementMois = p.delaisPaiementMois;
  if (p.sens !== 'rejet' && p.delaiQuitterLieux !== 'legal') {
    champs.delaiQuitterLieux = p.delaiQuitterLieux;
    if (p.delaiQuitterLieux === 'reduit') champs.delaiQuitterLieuxJours = p.delaiQuitterLieuxJours;
  }
  ajouter('decision_justice', decision, champs);
  const signification = p.signification
    ? ajouter('signification_decision', ouvre(decision + t.signification))
    : null;
  if (p.sens === 'rejet') {
    if (p.cloture !== null) cloturer(p.cloture, plusTard() + t.cloture);
    return { actes, fin: plusTard(), signature, renouvellement };
  }
  // Délais de paiement suspend the clause; kept to the end, they settle the debt.
  let executoire = signification ?? decision;
  if (p.sens === 'delais_paiement') {
    const finDelais = numeroPlusMois(decision, p.delaisPaiementMois);
    if (!p.decheance) {
      if (p.cloture !== null) cloturer(p.cloture, finDelais + t.apurementDelais);
      return { actes, fin: plusTard(), signature, renouvellement };
    }
    executoire = ajouter('decheance_delais_paiement', ouvre(Math.min(decision + t.decheance, finDelais - 1)));
  }
  if (!p.cql) {
    if (p.cloture !== null) cloturer(p.cloture, plusTard() + t.cloture);
    return { actes, fin: plusTard(), signature, renouvellement };
  }

  // Commandement de quitter les lieux, its referral to the préfet, and what suspends the eviction.
  let cql: NumeroJour;
  if (p.sens === 'delais_paiement') cql = ouvre(executoire + t.cqlApresDecheance);
  else if (signification === null) cql = ouvre(decision + t.cqlSansSignification);
  else cql = p.cqlAvecSignification ? signification : ouvre(signification + t.cql);
  ajouter('commandement_quitter_lieux', cql);
  const transmise = p.informationPrefet
    ? ajouter('information_prefet_cql', ouvre(cql + t.informationPrefet))
    : cql;
  // L412-1: eviction possible the day after the 2-month delay (or the reduced one); at once when cancelled.
  let possible =
    p.delaiQuitterLieux === 'supprime'
      ? cql
      : p.delaiQuitterLieux === 'reduit'
        ? transmise + p.delaiQuitterLieuxJours + 1
        : numeroPlusMois(transmise, 2) + 1;
  if (p.delaisJex) {
    const jour = ouvre(cql + t.jex);
    const fin = numeroPlusMois(jour, t.jexMois);
    ajouter('delais_jex', jour, { dateFin: dateIso(fin) });
    possible = Math.max(possible, fin + 1);
  }
  if (p.surendettement) {
    const jour = ouvre(cql + t.surendettement);
    const fin = numeroPlusMois(jour, t.surendettementMois);
    ajouter('suspension_surendettement', jour, { dateFin: dateIso(fin) });
    possible = Math.max(possible, fin + 1);
  }
  let finProtocole: NumeroJour | null = null;
  if (p.protocole) {
    const jour = ouvre(cql + t.protocole);
    finProtocole = numeroPlusMois(jour, t.protocoleMois);
    ajouter('protocole_cohesion_sociale', jour, { dateFin: dateIso(finProtocole) });
    possible = Math.max(possible, finProtocole + 1);
  }
  if (!p.cfp) {
    // A protocole kept to its end settles the debt.
    const base =
      finProtocole !== null && p.cloture === 'apurement_dette'
        ? finProtocole + t.apurementDelais
        : plusTard() + t.cloture;
    if (p.cloture !== null) cloturer(p.cloture, base);
    return { actes, fin: plusTard(), signature, renouvellement };
  }

  // Concours de la force publique: request, police enquiry, préfet's decision (silence = refusal).
  const demande = ouvre(p.cfpPrematuree ? cql + t.cfpPrematuree : possible + t.cfp);
  ajouter('demande_cfp', demande);
  if (p.enquete) ajouter('enquete_forces_ordre', ouvre(demande + t.enquete));
  if (p.decisionCfp === 'octroi') {
    const octroi = ajouter('decision_cfp', ouvre(demande + t.decisionCfp), { sens: 'octroi' });
    if (p.expulsion) {
      let expulsion = octroi + t.expulsion;
      if (p.pvTentative)
        expulsion = Math.max(expulsion, ajouter('pv_tentative_expulsion', ouvre(octroi + t.pv)) + t.apresPv);
      expulsion = Math.max(expulsion, plusTard() + 1);
      // L412-6: no eviction during the winter truce unless rehousing is assured.
      const treve = profil.relogementAssure
        ? undefined
        : calendrierDeTreve(dep, profil.periodesTreve).periodeContenant(expulsion);
      if (treve !== undefined) expulsion = treve.au + 1 + t.apresTreve;
      cloturer('expulsion_realisee', expulsion);
    } else if (p.cloture !== null) cloturer(p.cloture, octroi + t.cloture);
  } else if (p.decisionCfp === 'refus' || p.decisionCfp === 'silence') {
    // R153-1: an explicit reasoned refusal, or 2 months of silence.
    const refus =
      p.decisionCfp === 'refus'
        ? ajouter('decision_cfp', ouvre(demande + t.decisionCfp), { sens: 'refus' })
        : numeroPlusMois(demande, 2);
    if (p.indemnisation) {
      const demandeIndemnite = ouvre(refus + t.indemnisation);
      const montantDemande = arrondi(t.moisIndemnises * loyerTotal);
      ajouter('demande_indemnisation', demandeIndemnite, { montantDemande });
      if (p.transaction) {
        ajouter('transaction_indemnisation', ouvre(demandeIndemnite + t.transaction), {
          montant: arrondi(montantDemande * t.partTransaction),
        });
      }
    }
    if (p.cloture !== null) cloturer(p.cloture, refus + t.clotureLongue);
  } else if (p.decisionCfp === 'sursis') {
    ajouter('decision_cfp', ouvre(demande + t.decisionCfp), { sens: 'sursis' });
  }
  return { actes, fin: plusTard(), signature, renouvellement };
}

/**
 * The timeline of dossier `index`: its path and its dates, all events strictly before `asOf` (so that
 * every recording instant is in the past) and the last one at the drawn distance from it.
 */
export function genererChronologie(
  graine: number,
  index: number,
  profil: ProfilDossier,
  asOf: NumeroJour,
): ChronologieSynthetique {
  const parcours = tirerParcours(new Alea(graine, index, 'parcours'), profil);
  const recul = new Alea(graine, index, 'recul');
  const dernierJour = asOf - 1;
  const cible =
    parcours.cloture !== null
      ? dernierJour - Math.floor(recul.reel() * FENETRE_CLOTURE_JOURS)
      : dernierJour - Math.min(ATTENTE_MAX_JOURS, Math.floor(recul.exponentiel(ATTENTE_MOYENNE_JOURS)));

  // Fit the start so that the last act lands on the target; truce and working days move dates a little,
  // so a few passes may be needed, and the last resort steps back until everything is in the past.
  let debut = cible - 1000;
  let resultat = dater(parcours, new Alea(graine, index, 'dates'), profil, debut);
  for (let passe = 0; passe < 8 && resultat.fin !== cible; passe++) {
    if (passe >= 3 && resultat.fin <= dernierJour) break;
    debut += cible - resultat.fin - (passe >= 3 ? 30 : 0);
    resultat = dater(parcours, new Alea(graine, index, 'dates'), profil, debut);
  }
  while (resultat.fin > dernierJour) {
    debut -= resultat.fin - dernierJour + 30;
    resultat = dater(parcours, new Alea(graine, index, 'dates'), profil, debut);
  }

  const actes = resultat.actes.sort(
    (a, b) => a.jour - b.jour || RANG_PAR_TYPE[a.type] - RANG_PAR_TYPE[b.type],
  );
  const evenements: Evenement[] = [];
  const jours: number[] = [];
  for (const acte of actes) {
    evenements.push({ type: acte.type, date: dateIso(acte.jour), ...acte.champs } as Evenement);
    jours.push(acte.jour);
  }
  return {
    evenements,
    jours,
    bailDateSignature: dateIso(resultat.signature),
    bailDateDernierRenouvellement: resultat.renouvellement === null ? null : dateIso(resultat.renouvellement),
    dette: parcours.dette,
    debut: actes[0]?.jour ?? debut,
    fin: resultat.fin,
    cloturee: parcours.cloture !== null,
  };
}
