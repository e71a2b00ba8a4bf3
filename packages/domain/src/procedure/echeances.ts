/**
 * The deadlines of contrat procedure-evaluate, each with its legal basis and a French explanation.
 * Every deadline that applies is listed, past ones included; sorted by date, then code.
 */
import {
  type DateIso,
  dateIso,
  formaterDateFr,
  formaterJourFr,
  type NumeroJour,
  nomDuJour,
  numeroJour,
  numeroPlusMois,
} from '../calendrier/dates.js';
import { estNumeroJourOuvre, nomDuJourFerie } from '../calendrier/jours-feries.js';
import type { Report } from '../calendrier/periodes.js';
import { ENTREE_EN_VIGUEUR_LOI_2023, type FaitsProcedure, type MotifSuspension } from './faits-procedure.js';

export const CODES_ECHEANCE = [
  'fin_delai_commandement_payer',
  'assignation_possible_a_partir_du',
  'notification_prefet_au_plus_tard',
  'transmission_dsf_au_plus_tard',
  'fin_delais_paiement',
  'fin_delai_quitter_lieux',
  'expulsion_possible_a_partir_du',
  'refus_implicite_cfp',
  'refus_implicite_indemnisation',
] as const;
export type CodeEcheance = (typeof CODES_ECHEANCE)[number];

export interface Echeance {
  readonly code: CodeEcheance;
  readonly date: DateIso;
  readonly fondement: string;
  readonly explication: string;
}

const fr = formaterJourFr;
const LOI_2023 = '29/07/2023';

/** Deadlines are never moved to the next working day (contract); the explanation says so. */
function noteJourNonOuvre(numero: NumeroJour, departement: string): string {
  if (estNumeroJourOuvre(numero, departement)) return '';
  const ferie = nomDuJourFerie(numero, departement);
  const raison = ferie === undefined ? `un ${nomDuJour(numero)}` : `férié (${ferie})`;
  return ` Le ${fr(numero)} est ${raison} : la date n'est pas reportée au jour ouvré suivant.`;
}

export function decrireSuspension(report: Report<MotifSuspension>): string {
  const periode = `du ${fr(report.du)} au ${fr(report.au)}`;
  switch (report.motif) {
    case 'treve':
      return `la trêve hivernale (${periode})`;
    case 'delais_jex':
      return `les délais accordés par le juge de l'exécution (${periode})`;
    case 'suspension_surendettement':
      return `la suspension des mesures d'expulsion pour surendettement (${periode})`;
    case 'protocole_cohesion_sociale':
      return `le protocole de cohésion sociale (${periode})`;
  }
}

const FONDEMENT_SUSPENSION: Readonly<Record<MotifSuspension, string>> = {
  treve: 'CPCE, art. L412-6',
  delais_jex: 'CPCE, art. L412-3 et L412-4',
  suspension_surendettement: 'code de la consommation, art. L722-6 à L722-9',
  protocole_cohesion_sociale: 'CCH, art. L353-15-2 et L442-6-5',
};

function echeanceCommandementDePayer(faits: FaitsProcedure): Echeance | undefined {
  const fait = faits.commandementDePayer;
  if (fait === undefined) return undefined;
  const { bail } = faits.scenario;
  const signature = numeroJour(bail.dateSignature);
  let description = `bail signé le ${formaterDateFr(bail.dateSignature)}`;
  if (fait.renouvellementRetenu !== undefined)
    description += ` et renouvelé le ${fr(fait.renouvellementRetenu)}`;
  const dateDecisive =
    fait.sixSemaines && signature < ENTREE_EN_VIGUEUR_LOI_2023 ? fait.renouvellementRetenu : signature;
  let explication = `Commandement de payer du ${formaterDateFr(fait.commandement.evenement.date)} ; ${description}`;
  if (fait.sixSemaines) {
    const repere =
      dateDecisive === ENTREE_EN_VIGUEUR_LOI_2023 ? `à compter du ${LOI_2023}` : `après le ${LOI_2023}`;
    explication += `, ${repere} : délai de 6 semaines, jusqu'au ${fr(fait.fin)} inclus.`;
  } else {
    explication += `, avant le ${LOI_2023} : délai contractuel de 2 mois, jusqu'au ${fr(fait.fin)} inclus.`;
  }
  const renouvellement = bail.dateDernierRenouvellement;
  if (renouvellement !== null && renouvellement !== undefined && fait.renouvellementRetenu === undefined) {
    explication += ` Le renouvellement du ${formaterDateFr(renouvellement)}, postérieur au commandement, n'est pas pris en compte.`;
  }
  return {
    code: 'fin_delai_commandement_payer',
    date: dateIso(fait.fin),
    // Cour de cassation, avis du 13 juin 2024: leases signed before the 2023 law keep their 2 months.
    fondement: fait.sixSemaines
      ? 'loi n° 89-462, art. 24 I'
      : 'loi n° 89-462, art. 24 I ; Cass. 3e civ., avis, 13 juin 2024',
    explication: explication + noteJourNonOuvre(fait.fin, faits.scenario.departement),
  };
}

function echeanceSaisineCcapex(faits: FaitsProcedure): Echeance | undefined {
  const fait = faits.saisineCcapex;
  if (fait === undefined) return undefined;
  const origine =
    fait.saisine.evenement.type === 'saisine_ccapex'
      ? `Saisine de la CCAPEX le ${fr(fait.saisine.numero)}`
      : `Signalement de l'impayé à la CAF le ${fr(fait.saisine.numero)}, qui vaut saisine de la CCAPEX`;
  return {
    code: 'assignation_possible_a_partir_du',
    date: dateIso(fait.assignationPossible),
    fondement: 'loi n° 89-462, art. 24 II',
    explication: `${origine} ; bailleur personne morale : l'assignation aux fins de résiliation du bail n'est recevable que 2 mois après la saisine, à partir du ${fr(fait.assignationPossible)}.`,
  };
}

function echeancesAssignation(faits: FaitsProcedure): Echeance[] {
  const fait = faits.assignation;
  if (fait === undefined) return [];
  const departement = faits.scenario.departement;
  const renvoi =
    fait.renvoi === undefined
      ? ''
      : ` Le renvoi de l'audience au ${fr(fait.derniereAudience)} ne couvre pas une notification tardive.`;
  const audience =
    fait.renvoi === undefined
      ? `Audience du ${fr(fait.derniereAudience)}`
      : `Audience renvoyée du ${fr(fait.premiereAudience)} au ${fr(fait.derniereAudience)}`;
  return [
    {
      code: 'notification_prefet_au_plus_tard',
      date: dateIso(fait.notificationAuPlusTard),
      fondement: 'loi n° 89-462, art. 24 III',
      explication:
        `Assignation du ${fr(fait.assignation.numero)} pour l'audience du ${fr(fait.premiereAudience)} : elle doit être notifiée au préfet au moins 6 semaines avant l'audience, au plus tard le ${fr(fait.notificationAuPlusTard)}.` +
        renvoi +
        noteJourNonOuvre(fait.notificationAuPlusTard, departement),
    },
    {
      code: 'transmission_dsf_au_plus_tard',
      date: dateIso(fait.dsfAuPlusTard),
      fondement: 'loi n° 89-462, art. 24 III ; décret n° 2021-8 du 5 janvier 2021',
      explication: `${audience} : le diagnostic social et financier doit parvenir au juge et à la CCAPEX au moins 5 jours ouvrés avant l'audience, au plus tard le ${fr(fait.dsfAuPlusTard)}.`,
    },
  ];
}

function echeanceDelaisPaiement(faits: FaitsProcedure): Echeance | undefined {
  const decision = faits.decision;
  const mois = decision?.evenement.delaisPaiementMois;
  if (
    decision === undefined ||
    decision.evenement.sens !== 'delais_paiement' ||
    mois === null ||
    mois === undefined
  ) {
    return undefined;
  }
  const fin = numeroPlusMois(decision.numero, mois);
  const decheance = faits.chronologie.premierApres('decheance_delais_paiement', decision.position);
  return {
    code: 'fin_delais_paiement',
    date: dateIso(fin),
    fondement: 'loi n° 89-462, art. 24 V et VII ; code civil, art. 1343-5',
    explication:
      `Décision du ${fr(decision.numero)} accordant ${mois} mois de délais de paiement : les effets de la clause résolutoire sont suspendus jusqu'au ${fr(fin)} inclus si les échéances sont respectées.` +
      (decheance === undefined ? '' : ` Déchéance des délais constatée le ${fr(decheance.numero)}.`) +
      noteJourNonOuvre(fin, faits.scenario.departement),
  };
}

function echeancesCommandementQuitterLieux(faits: FaitsProcedure): Echeance[] {
  const fait = faits.commandementQuitterLieux;
  if (fait === undefined || fait.information === undefined) return [];
  const echeances: Echeance[] = [];
  const commandement = `Commandement de quitter les lieux du ${fr(fait.commandement.numero)}, transmis au préfet le ${fr(fait.information.numero)}`;
  if (fait.finDelai !== undefined && fait.debutDelai !== undefined) {
    const jours = fait.decision?.evenement.delaiQuitterLieuxJours;
    const delai =
      fait.modalite === 'reduit'
        ? `délai réduit par le juge à ${jours} jour${jours === 1 ? '' : 's'}`
        : 'délai légal de 2 mois';
    echeances.push({
      code: 'fin_delai_quitter_lieux',
      date: dateIso(fait.finDelai),
      fondement: 'CPCE, art. L412-1 et L412-5',
      explication:
        `${commandement} : ${delai} à compter du ${fr(fait.debutDelai)}, jusqu'au ${fr(fait.finDelai)} inclus.` +
        noteJourNonOuvre(fait.finDelai, faits.scenario.departement),
    });
  }
  const expulsion = fait.expulsionPossible;
  if (expulsion !== undefined && fait.premierJourExecution !== undefined) {
    let depart: string;
    if (fait.voieDeFait) {
      depart = `${commandement} ; entrée dans les lieux par voie de fait : ni délai de 2 mois ni trêve hivernale`;
    } else if (fait.modalite === 'supprime') {
      depart = `${commandement} ; délai pour quitter les lieux supprimé par le juge`;
    } else {
      depart = `Délai pour quitter les lieux expiré le ${fr(fait.premierJourExecution - 1)}`;
    }
    const reports =
      expulsion.reports.length === 0
        ? ''
        : ` ; le ${fr(fait.premierJourExecution)} tombe pendant ${expulsion.reports.map(decrireSuspension).join(', puis pendant ')}`;
    const relogement = faits.relogementAssure
      ? " La trêve hivernale ne s'applique pas : le relogement du ménage est assuré."
      : '';
    const fondements = new Set(['CPCE, art. L412-1 et L412-6']);
    for (const report of expulsion.reports) {
      if (report.motif !== 'treve') fondements.add(FONDEMENT_SUSPENSION[report.motif]);
    }
    echeances.push({
      code: 'expulsion_possible_a_partir_du',
      date: dateIso(expulsion.numero),
      fondement: [...fondements].join(' ; '),
      explication: `${depart}${reports} : expulsion possible à partir du ${fr(expulsion.numero)}.${relogement}`,
    });
  }
  return echeances;
}

function echeanceRefusImpliciteCfp(faits: FaitsProcedure): Echeance | undefined {
  const fait = faits.demandeCfp;
  if (fait === undefined || fait.decisionDansLeDelai) return undefined;
  return {
    code: 'refus_implicite_cfp',
    date: dateIso(fait.refusImplicite),
    fondement: 'CPCE, art. R153-1',
    explication: `Demande de concours de la force publique du ${fr(fait.demande.numero)} : sans décision explicite du préfet dans les 2 mois, refus implicite à partir du ${fr(fait.refusImplicite)}.`,
  };
}

function echeanceRefusImpliciteIndemnisation(faits: FaitsProcedure): Echeance | undefined {
  const demande = faits.chronologie.dernier('demande_indemnisation');
  if (demande === undefined) return undefined;
  const refus = numeroPlusMois(demande.numero, 2);
  return {
    code: 'refus_implicite_indemnisation',
    date: dateIso(refus),
    fondement: 'CPCE, art. R154-2 et R154-3',
    explication: `Demande d'indemnisation du ${fr(demande.numero)} : sans réponse du préfet dans les 2 mois, rejet implicite à partir du ${fr(refus)}, contestable devant le tribunal administratif.`,
  };
}

function comparerEcheances(a: Echeance, b: Echeance): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

export function calculerEcheances(faits: FaitsProcedure): Echeance[] {
  const echeances: Echeance[] = [...echeancesAssignation(faits), ...echeancesCommandementQuitterLieux(faits)];
  for (const echeance of [
    echeanceCommandementDePayer(faits),
    echeanceSaisineCcapex(faits),
    echeanceDelaisPaiement(faits),
    echeanceRefusImpliciteCfp(faits),
    echeanceRefusImpliciteIndemnisation(faits),
  ]) {
    if (echeance !== undefined) echeances.push(echeance);
  }
  return echeances.sort(comparerEcheances);
}
