/**
 * The one transition table of the procedure: for each act, who is expected to perform it, what must
 * exist before it and what forbids it. It drives both the acts the UI offers next
 * (`evenementsPossibles`) and the check of a posted act (`validerAjoutEvenement`, HTTP 422
 * `evenement_incoherent`). It stays permissive where the law is: partners' acts arrive late and out of
 * order, and a premature act that the law knows (a CFP request before the end of the delay) is an
 * alert of the engine, not a refusal here.
 */
import { formaterDateFr, type NumeroJour, numeroJour } from '../calendrier/dates.js';
import type { Acteur } from './acteurs.js';
import { Chronologie } from './chronologie.js';
import { faitsDemandeCfp } from './faits-procedure.js';
import { LIBELLES_TYPE_EVENEMENT } from './libelles.js';
import { type Evenement, estTypeCloture, TYPES_EVENEMENT, type TypeEvenement } from './scenario.js';

/** What a rule sees: the acts processed before the new one, its date and (when known) the act itself. */
export interface ContexteTransition {
  readonly precedents: Chronologie;
  readonly numero: NumeroJour;
  readonly evenement?: Evenement;
}

export interface Regle {
  /** Stable snake_case reason code returned when the rule is broken. */
  readonly code: string;
  /** What the rule requires, in French (for the UI and the documentation). */
  readonly libelle: string;
  estRespectee(contexte: ContexteTransition): boolean;
}

export interface Transition {
  readonly acteurAttendu: Acteur;
  /** Acts or states that must exist before. */
  readonly prerequis: readonly Regle[];
  /** States the act may not follow. */
  readonly interdits: readonly Regle[];
}

function existe(type: TypeEvenement, code: string, libelle: string): Regle {
  return { code, libelle, estRespectee: ({ precedents }) => precedents.dernier(type) !== undefined };
}

const ASSIGNATION = existe('assignation', 'assignation_requise', 'Une assignation doit avoir été délivrée.');
const COMMANDEMENT_DE_PAYER = existe(
  'commandement_de_payer',
  'commandement_de_payer_requis',
  'Un commandement de payer doit avoir été signifié.',
);
const DECISION_JUSTICE = existe(
  'decision_justice',
  'decision_justice_requise',
  'Une décision de justice doit avoir été rendue.',
);
const COMMANDEMENT_QUITTER_LIEUX = existe(
  'commandement_quitter_lieux',
  'commandement_quitter_lieux_requis',
  'Un commandement de quitter les lieux doit avoir été signifié (CPCE, art. L411-1).',
);
const DEMANDE_CFP = existe(
  'demande_cfp',
  'demande_cfp_requise',
  'Une demande de concours de la force publique doit avoir été présentée.',
);
const DEMANDE_INDEMNISATION = existe(
  'demande_indemnisation',
  'demande_indemnisation_requise',
  "Une demande d'indemnisation doit avoir été présentée.",
);

/** An enforceable eviction title: the latest judgment terminates the lease (possibly with délais). */
const DECISION_EXPULSION: Regle = {
  code: 'decision_expulsion_requise',
  libelle: "La dernière décision de justice doit prononcer la résiliation du bail et ordonner l'expulsion.",
  estRespectee: ({ precedents }) => {
    const sens = precedents.dernier('decision_justice')?.evenement.sens;
    return sens === 'resiliation_expulsion' || sens === 'delais_paiement';
  },
};

const DELAIS_PAIEMENT_ACCORDES: Regle = {
  code: 'delais_paiement_requis',
  libelle: 'La dernière décision de justice doit accorder des délais de paiement.',
  estRespectee: ({ precedents }) =>
    precedents.dernier('decision_justice')?.evenement.sens === 'delais_paiement',
};

/** CPCE R153-1: an explicit refusal, or 2 months of silence reached on the date of the new act. */
const REFUS_CFP: Regle = {
  code: 'refus_cfp_requis',
  libelle: 'Le concours de la force publique doit avoir été refusé, explicitement ou par 2 mois de silence.',
  estRespectee: ({ precedents, numero }) => faitsDemandeCfp(precedents, numero)?.refus !== undefined,
};

const PROCEDURE_CLOTUREE: Regle = {
  code: 'procedure_cloturee',
  libelle: "La procédure est close : seuls la demande et la transaction d'indemnisation restent possibles.",
  estRespectee: ({ precedents }) => !precedents.ordre.some(({ evenement }) => estTypeCloture(evenement.type)),
};

/** Loi 1989 art. 24 V–VII: while the délais run and are kept, the clause's effects are suspended. */
const DELAIS_PAIEMENT_EN_COURS: Regle = {
  code: 'delais_paiement_en_cours',
  libelle:
    "Les délais de paiement accordés par le juge suspendent l'expulsion tant que leur déchéance n'est pas constatée.",
  estRespectee: ({ precedents }) => {
    const decision = precedents.dernier('decision_justice');
    return (
      decision?.evenement.sens !== 'delais_paiement' ||
      precedents.dernierApres('decheance_delais_paiement', decision.position) !== undefined
    );
  },
};

const DECHEANCE_DEJA_CONSTATEE: Regle = {
  code: 'decheance_deja_constatee',
  libelle: 'La déchéance des derniers délais de paiement est déjà constatée.',
  estRespectee: ({ precedents }) => {
    const decision = precedents.dernier('decision_justice');
    return (
      decision === undefined ||
      precedents.dernierApres('decheance_delais_paiement', decision.position) === undefined
    );
  },
};

const DECISION_DEJA_RENDUE: Regle = {
  code: 'decision_justice_deja_rendue',
  libelle: "Le juge a déjà statué sur la dernière assignation : l'audience ne peut plus être renvoyée.",
  estRespectee: ({ precedents }) => {
    const assignation = precedents.dernier('assignation');
    return (
      assignation === undefined ||
      precedents.dernierApres('decision_justice', assignation.position) === undefined
    );
  },
};

const AUDIENCE_APRES_ACTE: Regle = {
  code: 'date_audience_anterieure',
  libelle: "L'audience ne peut pas précéder l'acte qui la fixe.",
  estRespectee: ({ evenement }) =>
    evenement === undefined ||
    !('dateAudience' in evenement) ||
    numeroJour(evenement.dateAudience) >= numeroJour(evenement.date),
};

const TOUJOURS: Pick<Transition, 'prerequis' | 'interdits'> = {
  prerequis: [],
  interdits: [PROCEDURE_CLOTUREE],
};

export const TRANSITIONS: Readonly<Record<TypeEvenement, Transition>> = {
  impaye_constitue: { acteurAttendu: 'bailleur', ...TOUJOURS },
  signalement_impaye_caf: { acteurAttendu: 'bailleur', ...TOUJOURS },
  plan_apurement: { acteurAttendu: 'bailleur', ...TOUJOURS },
  saisine_fsl: { acteurAttendu: 'menage', ...TOUJOURS },
  saisine_ccapex: { acteurAttendu: 'bailleur', ...TOUJOURS },
  commandement_de_payer: { acteurAttendu: 'commissaire_justice', ...TOUJOURS },
  signalement_commandement_ccapex: {
    acteurAttendu: 'commissaire_justice',
    prerequis: [COMMANDEMENT_DE_PAYER],
    interdits: [PROCEDURE_CLOTUREE],
  },
  assignation: {
    acteurAttendu: 'commissaire_justice',
    prerequis: [],
    interdits: [PROCEDURE_CLOTUREE, AUDIENCE_APRES_ACTE],
  },
  notification_assignation_prefet: {
    acteurAttendu: 'commissaire_justice',
    prerequis: [ASSIGNATION],
    interdits: [PROCEDURE_CLOTUREE],
  },
  saisine_dsf: { acteurAttendu: 'prefecture', prerequis: [ASSIGNATION], interdits: [PROCEDURE_CLOTUREE] },
  dsf_transmis: {
    acteurAttendu: 'travailleur_social',
    prerequis: [ASSIGNATION],
    interdits: [PROCEDURE_CLOTUREE],
  },
  renvoi_audience: {
    acteurAttendu: 'juge',
    prerequis: [ASSIGNATION],
    interdits: [PROCEDURE_CLOTUREE, DECISION_DEJA_RENDUE, AUDIENCE_APRES_ACTE],
  },
  decision_justice: { acteurAttendu: 'juge', prerequis: [ASSIGNATION], interdits: [PROCEDURE_CLOTUREE] },
  decheance_delais_paiement: {
    acteurAttendu: 'bailleur',
    prerequis: [DELAIS_PAIEMENT_ACCORDES],
    interdits: [PROCEDURE_CLOTUREE, DECHEANCE_DEJA_CONSTATEE],
  },
  signification_decision: {
    acteurAttendu: 'commissaire_justice',
    prerequis: [DECISION_JUSTICE],
    interdits: [PROCEDURE_CLOTUREE],
  },
  commandement_quitter_lieux: {
    acteurAttendu: 'commissaire_justice',
    prerequis: [DECISION_EXPULSION],
    interdits: [PROCEDURE_CLOTUREE, DELAIS_PAIEMENT_EN_COURS],
  },
  information_prefet_cql: {
    acteurAttendu: 'commissaire_justice',
    prerequis: [COMMANDEMENT_QUITTER_LIEUX],
    interdits: [PROCEDURE_CLOTUREE],
  },
  delais_jex: { acteurAttendu: 'juge', prerequis: [DECISION_EXPULSION], interdits: [PROCEDURE_CLOTUREE] },
  suspension_surendettement: {
    acteurAttendu: 'juge',
    prerequis: [DECISION_EXPULSION],
    interdits: [PROCEDURE_CLOTUREE],
  },
  protocole_cohesion_sociale: {
    acteurAttendu: 'bailleur',
    prerequis: [DECISION_EXPULSION],
    interdits: [PROCEDURE_CLOTUREE],
  },
  demande_cfp: {
    acteurAttendu: 'commissaire_justice',
    prerequis: [DECISION_EXPULSION],
    interdits: [PROCEDURE_CLOTUREE, DELAIS_PAIEMENT_EN_COURS],
  },
  enquete_forces_ordre: {
    acteurAttendu: 'forces_ordre',
    prerequis: [DEMANDE_CFP],
    interdits: [PROCEDURE_CLOTUREE],
  },
  decision_cfp: { acteurAttendu: 'prefecture', prerequis: [DEMANDE_CFP], interdits: [PROCEDURE_CLOTUREE] },
  pv_tentative_expulsion: {
    acteurAttendu: 'commissaire_justice',
    prerequis: [COMMANDEMENT_QUITTER_LIEUX],
    interdits: [PROCEDURE_CLOTUREE, DELAIS_PAIEMENT_EN_COURS],
  },
  // CPCE L153-1 / R154-2: the claim follows a refusal and survives the end of the procedure.
  demande_indemnisation: { acteurAttendu: 'bailleur', prerequis: [REFUS_CFP], interdits: [] },
  transaction_indemnisation: {
    acteurAttendu: 'prefecture',
    prerequis: [DEMANDE_INDEMNISATION],
    interdits: [],
  },
  expulsion_realisee: {
    acteurAttendu: 'commissaire_justice',
    prerequis: [COMMANDEMENT_QUITTER_LIEUX],
    interdits: [PROCEDURE_CLOTUREE, DELAIS_PAIEMENT_EN_COURS],
  },
  depart_volontaire: { acteurAttendu: 'menage', ...TOUJOURS },
  relogement: { acteurAttendu: 'prefecture', ...TOUJOURS },
  apurement_dette: { acteurAttendu: 'menage', ...TOUJOURS },
  desistement_bailleur: { acteurAttendu: 'bailleur', ...TOUJOURS },
  vente_logement: { acteurAttendu: 'bailleur', ...TOUJOURS },
};

export interface EvenementPossible {
  readonly type: TypeEvenement;
  readonly acteurAttendu: Acteur;
  readonly libelle: string;
}

export interface Anomalie {
  /** Position of the act in the input list. */
  readonly index: number;
  readonly type: TypeEvenement;
  readonly code: string;
  readonly message: string;
}

export type ResultatValidation = { ok: true } | { ok: false; code: string; message: string };

function regleEnfreinte(type: TypeEvenement, contexte: ContexteTransition): Regle | undefined {
  const transition = TRANSITIONS[type];
  for (const regle of transition.prerequis) if (!regle.estRespectee(contexte)) return regle;
  for (const regle of transition.interdits) if (!regle.estRespectee(contexte)) return regle;
  return undefined;
}

function messageAnomalie(evenement: Evenement, regle: Regle): string {
  return `${LIBELLES_TYPE_EVENEMENT[evenement.type]} du ${formaterDateFr(evenement.date)} : ${regle.libelle.charAt(0).toLowerCase()}${regle.libelle.slice(1)}`;
}

/** The acts that may be recorded next on `asOf`, with who is expected to record them. */
export function evenementsPossibles(evenements: readonly Evenement[], asOf: string): EvenementPossible[] {
  const contexte: ContexteTransition = { precedents: new Chronologie(evenements), numero: numeroJour(asOf) };
  const possibles: EvenementPossible[] = [];
  for (const type of TYPES_EVENEMENT) {
    if (regleEnfreinte(type, contexte) === undefined) {
      possibles.push({
        type,
        acteurAttendu: TRANSITIONS[type].acteurAttendu,
        libelle: LIBELLES_TYPE_EVENEMENT[type],
      });
    }
  }
  return possibles;
}

/** Checks every act of a timeline against those processed before it. */
export function validerChronologie(evenements: readonly Evenement[]): Anomalie[] {
  const { ordre } = new Chronologie(evenements);
  const anomalies: Anomalie[] = [];
  for (const date of ordre) {
    const precedents = new Chronologie(ordre.slice(0, date.position).map(({ evenement }) => evenement));
    const regle = regleEnfreinte(date.evenement.type, {
      precedents,
      numero: date.numero,
      evenement: date.evenement,
    });
    if (regle !== undefined) {
      anomalies.push({
        index: date.index,
        type: date.evenement.type,
        code: regle.code,
        message: messageAnomalie(date.evenement, regle),
      });
    }
  }
  return anomalies.sort((a, b) => a.index - b.index);
}

/**
 * Whether `nouvel` may join the timeline: it must respect its own rules, and it may not make an act
 * already recorded after it incoherent (e.g. a closing act dated before a recorded CFP request).
 * Anomalies the timeline already had are not held against the new act.
 */
export function validerAjoutEvenement(
  evenements: readonly Evenement[],
  nouvel: Evenement,
): ResultatValidation {
  const avant = new Set(
    validerChronologie(evenements).map((anomalie) => `${anomalie.index}:${anomalie.code}`),
  );
  const apres = validerChronologie([...evenements, nouvel]);
  const propre = apres.find((anomalie) => anomalie.index === evenements.length);
  if (propre !== undefined) return { ok: false, code: propre.code, message: propre.message };
  const induite = apres.find((anomalie) => !avant.has(`${anomalie.index}:${anomalie.code}`));
  if (induite === undefined) return { ok: true };
  return {
    ok: false,
    code: induite.code,
    message: `Cet ajout rend incohérent un acte déjà enregistré. ${induite.message}`,
  };
}
