/**
 * The facts the steering indicators count. A fact is one row of `pilotage_fait` (server migration
 * 0006_pilotage): either an active event of a dossier's timeline, as recorded, or a fact derived from the
 * timeline (first known arrears, implicit CFP refusal, hearing, delay between two stages).
 *
 * Rules shared by every fact (docs/pilotage/indicateurs.md, « Règles communes ») :
 * - a superseded event (another event names it in `remplace_id`) is not a fact: only its correction is;
 * - each fact has one date, the one that places it in a period; periods include both ends;
 * - a fact is placed in the territory of its dossier (département, arrondissement, commune of the
 *   dwelling) and carries the landlord type, social housing and DALO-priority flags of the dossier.
 */
import type { TypeEvenement } from '../procedure/scenario.js';

export const NATURES_DERIVEES = [
  'impaye_connu',
  'refus_implicite_cfp',
  'audience',
  'delai_commandement_assignation',
  'delai_assignation_decision',
  'delai_decision_cql',
  'delai_cql_demande_cfp',
  'delai_demande_decision_cfp',
  'delai_decision_expulsion',
] as const;
export type NatureDerivee = (typeof NATURES_DERIVEES)[number];

/** Event types are facts too (nature = the event type). */
export type NatureFait = TypeEvenement | NatureDerivee;

export interface DefinitionNature {
  /** What the fact is, in French (shown in the documentation and the dashboards' notes). */
  definition: string;
  /** The date that places the fact in a period. */
  date: string;
  /** The value carried by the fact, when there is one. */
  valeur?: string;
}

/** Delays: from the latest earlier event of `debut` in the same dossier to the event `fin`. */
export const DELAIS: Readonly<
  Record<
    Extract<NatureDerivee, `delai_${string}`>,
    { debut: TypeEvenement; fin: TypeEvenement; sensFin?: readonly string[] }
  >
> = {
  delai_commandement_assignation: { debut: 'commandement_de_payer', fin: 'assignation' },
  delai_assignation_decision: { debut: 'assignation', fin: 'decision_justice' },
  delai_decision_cql: { debut: 'decision_justice', fin: 'commandement_quitter_lieux' },
  delai_cql_demande_cfp: { debut: 'commandement_quitter_lieux', fin: 'demande_cfp' },
  // A `sursis` is not a decision (contract procedure-evaluate, « responsabiliteEtat »).
  delai_demande_decision_cfp: { debut: 'demande_cfp', fin: 'decision_cfp', sensFin: ['octroi', 'refus'] },
  delai_decision_expulsion: { debut: 'decision_justice', fin: 'expulsion_realisee' },
};

export const DEFINITIONS_NATURES_DERIVEES: Readonly<Record<NatureDerivee, DefinitionNature>> = {
  impaye_connu: {
    definition:
      'Premier signal d’impayé du dossier : le plus ancien des événements « impayé constitué » et « signalement de l’impayé à la CAF ou à la MSA ». Un dossier compte une fois.',
    date: 'la date de ce premier événement',
  },
  refus_implicite_cfp: {
    definition:
      'Demande de concours de la force publique restée sans décision explicite (octroi ou refus ; un sursis n’est pas une décision) dans les 2 mois, et non remplacée par une nouvelle demande dans ce délai (CPCE, art. R153-1).',
    date: 'la date de la demande + 2 mois (même quantième, ou dernier jour du mois : CPC, art. 641), si elle est atteinte',
  },
  audience: {
    definition:
      'Audience de jugement d’une assignation : la dernière date d’audience connue (après renvois). Modalité « avec_dsf » si un diagnostic social et financier a été transmis avant le jour de l’audience, « sans_dsf » sinon.',
    date: 'la date de l’audience (les audiences à venir ne comptent pas encore)',
  },
  delai_commandement_assignation: {
    definition: 'Délai entre le dernier commandement de payer et l’assignation.',
    date: 'la date de l’assignation',
    valeur: 'nombre de jours',
  },
  delai_assignation_decision: {
    definition: 'Délai entre la dernière assignation et la décision de justice.',
    date: 'la date de la décision',
    valeur: 'nombre de jours',
  },
  delai_decision_cql: {
    definition: 'Délai entre la dernière décision de justice et le commandement de quitter les lieux.',
    date: 'la date du commandement de quitter les lieux',
    valeur: 'nombre de jours',
  },
  delai_cql_demande_cfp: {
    definition:
      'Délai entre le dernier commandement de quitter les lieux et la demande de concours de la force publique.',
    date: 'la date de la demande',
    valeur: 'nombre de jours',
  },
  delai_demande_decision_cfp: {
    definition:
      'Délai entre la dernière demande de concours de la force publique et la décision explicite du préfet (octroi ou refus).',
    date: 'la date de la décision',
    valeur: 'nombre de jours',
  },
  delai_decision_expulsion: {
    definition: 'Délai entre la dernière décision de justice et l’expulsion réalisée.',
    date: 'la date de l’expulsion',
    valeur: 'nombre de jours',
  },
};

/** Modalities carried by some facts: the decision's meaning, the saisine's origin, the DSF flag. */
export const CHAMP_MODALITE: Partial<Record<NatureFait, string>> = {
  decision_justice: 'sens',
  decision_cfp: 'sens',
  saisine_ccapex: 'origine',
};
