/**
 * The steering indicators, defined once (issue « Pilotage », docs/pilotage/indicateurs.md is written from
 * this catalogue). Each indicator says what it counts (`calcul`: a selection of facts, see faits.ts), in
 * which unit, from which source, and which list of dossiers it drills down to.
 *
 * Rules shared by all: a fact counts in a period when its date (faits.ts) falls between `du` and `au`,
 * both included; it counts in the territory of its dossier; superseded events never count.
 */
import type { Phase } from '../procedure/scenario.js';
import type { NatureFait } from './faits.js';

export const UNITES = ['nombre', 'euros', 'jours', 'pourcentage', 'pour_10000_habitants'] as const;
export type Unite = (typeof UNITES)[number];

export const THEMES = [
  'prevention',
  'contentieux',
  'concours_force_publique',
  'issues',
  'indemnisation',
  'delais',
  'ccapex',
] as const;
export type Theme = (typeof THEMES)[number];

export const LIBELLES_THEMES: Readonly<Record<Theme, string>> = {
  prevention: 'Prévention',
  contentieux: 'Procédure judiciaire',
  concours_force_publique: 'Concours de la force publique',
  issues: 'Issues de la procédure',
  indemnisation: 'Indemnisation des bailleurs',
  delais: 'Délais entre les étapes (médianes)',
  ccapex: 'Activité des CCAPEX',
};

export const LIBELLES_UNITES: Readonly<Record<Unite, string>> = {
  nombre: 'nombre',
  euros: 'euros',
  jours: 'jours',
  pourcentage: '%',
  pour_10000_habitants: 'pour 10 000 habitants',
};

/** Which facts an indicator counts. */
export interface Selection {
  nature: NatureFait;
  /** Only these modalities (decision meaning, saisine origin, DSF flag); all when absent. */
  modalites?: readonly string[];
  /** Only facts of DALO-priority households. */
  prioritaireDalo?: true;
}

export type Calcul =
  | { mesure: 'nombre'; selection: Selection }
  /** Sum of the facts' amounts (stored in cents, shown in euros). */
  | { mesure: 'somme'; selection: Selection }
  /** Median of the facts' values (days); PostgreSQL percentile_cont(0.5). */
  | { mesure: 'mediane'; selection: Selection }
  /** 100 × Σ numerateur / Σ denominateur; null when the denominator is 0. */
  | { mesure: 'taux'; numerateur: readonly CodeIndicateur[]; denominateur: readonly CodeIndicateur[] }
  /** 10 000 × count / population of the territory (INSEE municipal population, commune-actuelle rows). */
  | { mesure: 'pour_10000_habitants'; numerateur: CodeIndicateur }
  | { mesure: 'indisponible'; raison: string };

export interface Indicateur {
  code: CodeIndicateur;
  libelle: string;
  theme: Theme;
  unite: Unite;
  /** What the indicator measures. */
  definition: string;
  /** The counting rule: the event or fact counted and the date that places it in a period. */
  comptage: string;
  /** Where the data come from (acts recorded in Exploc and their legal basis). */
  source: string;
  calcul: Calcul;
  /** Drill-down: the dossiers list filtered on this phase or alert (dossiers currently at that stage). */
  dossiers?: { phase: Phase } | { alerte: string };
}

const RESILIATION = ['resiliation_expulsion'];
const CODES = [
  'impayes_connus',
  'saisines_ccapex',
  'saisines_ccapex_bailleur',
  'saisines_ccapex_commissaire_justice',
  'saisines_ccapex_caf',
  'saisines_ccapex_menage',
  'saisines_ccapex_travailleur_social',
  'saisines_ccapex_autre',
  'signalements_commandements_ccapex',
  'commandements_de_payer',
  'assignations',
  'assignations_pour_10000_habitants',
  'audiences',
  'audiences_avec_dsf',
  'taux_dsf_avant_audience',
  'decisions_justice',
  'decisions_expulsion',
  'decisions_delais_paiement',
  'decisions_rejet',
  'commandements_quitter_lieux',
  'demandes_cfp',
  'cfp_accordes',
  'cfp_refuses',
  'cfp_refus_implicites',
  'cfp_sursis',
  'taux_refus_cfp',
  'demandes_cfp_prioritaires_dalo',
  'cfp_accordes_prioritaires_dalo',
  'expulsions_realisees',
  'expulsions_pour_10000_habitants',
  'departs_avant_expulsion',
  'relogements',
  'indemnisations_demandees',
  'indemnisations_montant_demande',
  'indemnisations_versees',
  'indemnisations_montant_verse',
  'delai_median_commandement_assignation_jours',
  'delai_median_assignation_decision_jours',
  'delai_median_decision_cql_jours',
  'delai_median_cql_demande_cfp_jours',
  'delai_median_demande_decision_cfp_jours',
  'delai_median_decision_expulsion_jours',
  'ccapex_seances',
  'ccapex_avis',
  'ccapex_recommandations_suivies',
] as const;
export type CodeIndicateur = (typeof CODES)[number];
export const CODES_INDICATEURS: readonly CodeIndicateur[] = CODES;

const ACTES = 'Actes et événements enregistrés dans Exploc (saisie des agents, API des partenaires)';
const LOI_1989 = 'loi n° 89-462 du 6 juillet 1989, art. 24';
const CPCE_CFP = 'CPCE, art. L153-1 et R153-1';

const origine = (
  code: CodeIndicateur,
  valeur: string,
  libelle: string,
): [CodeIndicateur, Omit<Indicateur, 'code'>] => [
  code,
  {
    libelle: `Saisines de la CCAPEX par ${libelle}`,
    theme: 'prevention',
    unite: 'nombre',
    definition: `Saisines de la commission de coordination des actions de prévention des expulsions locatives dont l’origine est ${libelle}.`,
    comptage: `Chaque événement « saisine de la CCAPEX » d’origine « ${valeur} », à sa date.`,
    source: `${ACTES} ; loi n° 90-449, art. 7-2`,
    calcul: { mesure: 'nombre', selection: { nature: 'saisine_ccapex', modalites: [valeur] } },
    dossiers: { phase: 'prevention' },
  },
];

/** A median delay: `fin` names the events of the period (« les assignations »), `depuis` the start. */
const mediane = (
  code: CodeIndicateur,
  nature: NatureFait,
  libelle: string,
  depuis: string,
  fin: string,
): [CodeIndicateur, Omit<Indicateur, 'code'>] => [
  code,
  {
    libelle,
    theme: 'delais',
    unite: 'jours',
    definition: `Délai médian, en jours, entre ${depuis} et ${fin} de la période.`,
    comptage: `Pour chaque acte de la période parmi ${fin} (à sa date), le nombre de jours écoulés depuis ${depuis} du même dossier, du même jour ou d’avant (sans étape de départ, pas de délai) ; médiane continue (moyenne des deux valeurs centrales quand leur nombre est pair), arrondie au dixième.`,
    source: ACTES,
    calcul: { mesure: 'mediane', selection: { nature } },
  },
];

const DEFINITIONS: ReadonlyArray<[CodeIndicateur, Omit<Indicateur, 'code'>]> = [
  [
    'impayes_connus',
    {
      libelle: 'Impayés connus',
      theme: 'prevention',
      unite: 'nombre',
      definition:
        'Dossiers dont l’impayé est connu pour la première fois : le plus ancien signal d’impayé du dossier tombe dans la période.',
      comptage:
        'Un par dossier, à la date du plus ancien des événements « impayé constitué » et « signalement de l’impayé à la CAF ou à la MSA ».',
      source: `${ACTES} ; code de la construction et de l’habitation, aides personnelles au logement (signalement de l’impayé à l’organisme payeur)`,
      calcul: { mesure: 'nombre', selection: { nature: 'impaye_connu' } },
      dossiers: { phase: 'prevention' },
    },
  ],
  [
    'saisines_ccapex',
    {
      libelle: 'Saisines de la CCAPEX',
      theme: 'prevention',
      unite: 'nombre',
      definition: 'Saisines de la CCAPEX, toutes origines.',
      comptage: 'Chaque événement « saisine de la CCAPEX », à sa date.',
      source: `${ACTES} ; loi n° 90-449, art. 7-2 ; ${LOI_1989} II`,
      calcul: { mesure: 'nombre', selection: { nature: 'saisine_ccapex' } },
      dossiers: { phase: 'prevention' },
    },
  ],
  origine('saisines_ccapex_bailleur', 'bailleur', 'le bailleur'),
  origine('saisines_ccapex_commissaire_justice', 'commissaire_justice', 'un commissaire de justice'),
  origine('saisines_ccapex_caf', 'caf', 'la CAF ou la MSA'),
  origine('saisines_ccapex_menage', 'menage', 'le ménage'),
  origine('saisines_ccapex_travailleur_social', 'travailleur_social', 'un travailleur social'),
  origine('saisines_ccapex_autre', 'autre', 'un autre acteur'),
  [
    'signalements_commandements_ccapex',
    {
      libelle: 'Commandements de payer signalés à la CCAPEX',
      theme: 'prevention',
      unite: 'nombre',
      definition: 'Signalements à la CCAPEX de commandements de payer par les commissaires de justice.',
      comptage: 'Chaque événement « signalement du commandement de payer à la CCAPEX », à sa date.',
      source: `${ACTES} ; ${LOI_1989} I`,
      calcul: { mesure: 'nombre', selection: { nature: 'signalement_commandement_ccapex' } },
      dossiers: { phase: 'commandement' },
    },
  ],
  [
    'commandements_de_payer',
    {
      libelle: 'Commandements de payer',
      theme: 'contentieux',
      unite: 'nombre',
      definition: 'Commandements de payer délivrés aux locataires.',
      comptage: 'Chaque événement « commandement de payer », à la date de l’acte.',
      source: `${ACTES} ; ${LOI_1989} I`,
      calcul: { mesure: 'nombre', selection: { nature: 'commandement_de_payer' } },
      dossiers: { phase: 'commandement' },
    },
  ],
  [
    'assignations',
    {
      libelle: 'Assignations',
      theme: 'contentieux',
      unite: 'nombre',
      definition: 'Assignations aux fins de constat ou de prononcé de la résiliation du bail.',
      comptage: 'Chaque événement « assignation », à la date de l’acte.',
      source: `${ACTES} ; ${LOI_1989} III`,
      calcul: { mesure: 'nombre', selection: { nature: 'assignation' } },
      dossiers: { phase: 'assignation' },
    },
  ],
  [
    'assignations_pour_10000_habitants',
    {
      libelle: 'Assignations pour 10 000 habitants',
      theme: 'contentieux',
      unite: 'pour_10000_habitants',
      definition: 'Assignations rapportées à la population du territoire, pour comparer des territoires.',
      comptage: '10 000 × assignations de la période / population municipale du territoire.',
      source: `${ACTES} ; population municipale (INSEE, via le découpage administratif d’Etalab)`,
      calcul: { mesure: 'pour_10000_habitants', numerateur: 'assignations' },
    },
  ],
  [
    'audiences',
    {
      libelle: 'Audiences',
      theme: 'contentieux',
      unite: 'nombre',
      definition: 'Audiences de jugement tenues (dernière date d’audience connue de chaque assignation).',
      comptage:
        'Une par assignation, à la date de sa dernière audience (après renvois) ; une audience à venir ne compte pas.',
      source: `${ACTES} (assignation, renvoi d’audience)`,
      calcul: { mesure: 'nombre', selection: { nature: 'audience' } },
      dossiers: { phase: 'assignation' },
    },
  ],
  [
    'audiences_avec_dsf',
    {
      libelle: 'Audiences avec diagnostic social et financier',
      theme: 'contentieux',
      unite: 'nombre',
      definition:
        'Audiences pour lesquelles un diagnostic social et financier a été transmis avant le jour de l’audience.',
      comptage: 'Audiences de la période dont le dossier compte un « DSF transmis » daté avant l’audience.',
      source: `${ACTES} ; décret n° 2021-8 du 5 janvier 2021`,
      calcul: { mesure: 'nombre', selection: { nature: 'audience', modalites: ['avec_dsf'] } },
    },
  ],
  [
    'taux_dsf_avant_audience',
    {
      libelle: 'Taux de diagnostics disponibles avant l’audience',
      theme: 'contentieux',
      unite: 'pourcentage',
      definition: 'Part des audiences pour lesquelles le diagnostic social et financier était transmis.',
      comptage: '100 × audiences avec DSF / audiences de la période.',
      source: `${ACTES} ; décret n° 2021-8 du 5 janvier 2021`,
      calcul: { mesure: 'taux', numerateur: ['audiences_avec_dsf'], denominateur: ['audiences'] },
      dossiers: { alerte: 'dsf_manquant' },
    },
  ],
  [
    'decisions_justice',
    {
      libelle: 'Décisions de justice',
      theme: 'contentieux',
      unite: 'nombre',
      definition: 'Décisions du juge des contentieux de la protection, tous sens confondus.',
      comptage: 'Chaque événement « décision de justice », à la date de la décision.',
      source: ACTES,
      calcul: { mesure: 'nombre', selection: { nature: 'decision_justice' } },
      dossiers: { phase: 'decision' },
    },
  ],
  [
    'decisions_expulsion',
    {
      libelle: 'Décisions de résiliation et d’expulsion',
      theme: 'contentieux',
      unite: 'nombre',
      definition: 'Décisions prononçant ou constatant la résiliation du bail et ordonnant l’expulsion.',
      comptage: 'Chaque « décision de justice » de sens « résiliation et expulsion », à sa date.',
      source: ACTES,
      calcul: { mesure: 'nombre', selection: { nature: 'decision_justice', modalites: RESILIATION } },
      dossiers: { phase: 'decision' },
    },
  ],
  [
    'decisions_delais_paiement',
    {
      libelle: 'Décisions accordant des délais de paiement',
      theme: 'contentieux',
      unite: 'nombre',
      definition: 'Décisions accordant des délais de paiement (résiliation suspendue).',
      comptage: 'Chaque « décision de justice » de sens « délais de paiement », à sa date.',
      source: `${ACTES} ; ${LOI_1989} V`,
      calcul: { mesure: 'nombre', selection: { nature: 'decision_justice', modalites: ['delais_paiement'] } },
      dossiers: { phase: 'decision' },
    },
  ],
  [
    'decisions_rejet',
    {
      libelle: 'Décisions de rejet',
      theme: 'contentieux',
      unite: 'nombre',
      definition: 'Décisions rejetant la demande du bailleur.',
      comptage: 'Chaque « décision de justice » de sens « rejet », à sa date.',
      source: ACTES,
      calcul: { mesure: 'nombre', selection: { nature: 'decision_justice', modalites: ['rejet'] } },
      dossiers: { phase: 'decision' },
    },
  ],
  [
    'commandements_quitter_lieux',
    {
      libelle: 'Commandements de quitter les lieux',
      theme: 'contentieux',
      unite: 'nombre',
      definition: 'Commandements de quitter les lieux délivrés.',
      comptage: 'Chaque événement « commandement de quitter les lieux », à la date de l’acte.',
      source: `${ACTES} ; CPCE, art. L411-1 et R411-1`,
      calcul: { mesure: 'nombre', selection: { nature: 'commandement_quitter_lieux' } },
      dossiers: { phase: 'commandement_quitter_lieux' },
    },
  ],
  [
    'demandes_cfp',
    {
      libelle: 'Demandes de concours de la force publique',
      theme: 'concours_force_publique',
      unite: 'nombre',
      definition: 'Réquisitions de la force publique adressées au préfet.',
      comptage: 'Chaque événement « demande de concours de la force publique », à sa date.',
      source: `${ACTES} ; ${CPCE_CFP}`,
      calcul: { mesure: 'nombre', selection: { nature: 'demande_cfp' } },
      dossiers: { phase: 'concours_force_publique' },
    },
  ],
  [
    'cfp_accordes',
    {
      libelle: 'Concours de la force publique accordés',
      theme: 'concours_force_publique',
      unite: 'nombre',
      definition: 'Décisions du préfet accordant le concours de la force publique.',
      comptage: 'Chaque « décision sur le concours de la force publique » de sens « octroi », à sa date.',
      source: `${ACTES} ; ${CPCE_CFP}`,
      calcul: { mesure: 'nombre', selection: { nature: 'decision_cfp', modalites: ['octroi'] } },
      dossiers: { phase: 'concours_force_publique' },
    },
  ],
  [
    'cfp_refuses',
    {
      libelle: 'Refus explicites du concours de la force publique',
      theme: 'concours_force_publique',
      unite: 'nombre',
      definition: 'Décisions explicites du préfet refusant le concours de la force publique.',
      comptage:
        'Chaque « décision sur le concours de la force publique » de sens « refus », à sa date (les refus implicites sont comptés à part).',
      source: `${ACTES} ; ${CPCE_CFP}`,
      calcul: { mesure: 'nombre', selection: { nature: 'decision_cfp', modalites: ['refus'] } },
      dossiers: { phase: 'concours_force_publique' },
    },
  ],
  [
    'cfp_refus_implicites',
    {
      libelle: 'Refus implicites du concours de la force publique',
      theme: 'concours_force_publique',
      unite: 'nombre',
      definition:
        'Demandes restées sans décision explicite du préfet pendant 2 mois : le silence vaut refus et engage la responsabilité de l’État.',
      comptage:
        'Chaque demande sans octroi ni refus explicite dans les 2 mois (et non remplacée par une nouvelle demande dans ce délai), à la date de la demande + 2 mois, une fois cette date atteinte.',
      source: `${ACTES} ; CPCE, art. R153-1 ; règle du moteur de procédure (échéance « refus_implicite_cfp »)`,
      calcul: { mesure: 'nombre', selection: { nature: 'refus_implicite_cfp' } },
      dossiers: { phase: 'concours_force_publique' },
    },
  ],
  [
    'cfp_sursis',
    {
      libelle: 'Sursis à statuer sur le concours',
      theme: 'concours_force_publique',
      unite: 'nombre',
      definition: 'Décisions de sursis du préfet (qui ne valent ni octroi ni refus).',
      comptage: 'Chaque « décision sur le concours de la force publique » de sens « sursis », à sa date.',
      source: ACTES,
      calcul: { mesure: 'nombre', selection: { nature: 'decision_cfp', modalites: ['sursis'] } },
      dossiers: { phase: 'concours_force_publique' },
    },
  ],
  [
    'taux_refus_cfp',
    {
      libelle: 'Taux de refus du concours de la force publique',
      theme: 'concours_force_publique',
      unite: 'pourcentage',
      definition: 'Part des refus, explicites ou implicites, parmi les réponses aux demandes de concours.',
      comptage:
        '100 × (refus explicites + refus implicites) / (octrois + refus explicites + refus implicites).',
      source: `${ACTES} ; ${CPCE_CFP}`,
      calcul: {
        mesure: 'taux',
        numerateur: ['cfp_refuses', 'cfp_refus_implicites'],
        denominateur: ['cfp_accordes', 'cfp_refuses', 'cfp_refus_implicites'],
      },
      dossiers: { phase: 'concours_force_publique' },
    },
  ],
  [
    'demandes_cfp_prioritaires_dalo',
    {
      libelle: 'Demandes de concours visant un ménage prioritaire DALO',
      theme: 'concours_force_publique',
      unite: 'nombre',
      definition:
        'Demandes de concours de la force publique concernant un ménage reconnu prioritaire au titre du droit au logement opposable.',
      comptage:
        'Chaque « demande de concours de la force publique » d’un dossier marqué « prioritaire DALO », à sa date (l’indicateur suit la marque actuelle du dossier).',
      source: `${ACTES} ; circulaires du 26 octobre 2012 et du 22 mars 2017`,
      calcul: { mesure: 'nombre', selection: { nature: 'demande_cfp', prioritaireDalo: true } },
      dossiers: { phase: 'concours_force_publique' },
    },
  ],
  [
    'cfp_accordes_prioritaires_dalo',
    {
      libelle: 'Concours accordés contre un ménage prioritaire DALO',
      theme: 'concours_force_publique',
      unite: 'nombre',
      definition: 'Octrois du concours de la force publique concernant un ménage prioritaire DALO.',
      comptage:
        'Chaque « décision sur le concours » de sens « octroi » d’un dossier marqué « prioritaire DALO », à sa date.',
      source: `${ACTES} ; circulaires du 26 octobre 2012 et du 22 mars 2017`,
      calcul: {
        mesure: 'nombre',
        selection: { nature: 'decision_cfp', modalites: ['octroi'], prioritaireDalo: true },
      },
      dossiers: { alerte: 'octroi_cfp_menage_prioritaire_dalo' },
    },
  ],
  [
    'expulsions_realisees',
    {
      libelle: 'Expulsions réalisées',
      theme: 'issues',
      unite: 'nombre',
      definition: 'Expulsions effectivement réalisées (avec ou sans le concours de la force publique).',
      comptage: 'Chaque événement « expulsion réalisée », à sa date.',
      source: `${ACTES} ; CPCE, art. R432-1 (procès-verbal d’expulsion)`,
      calcul: { mesure: 'nombre', selection: { nature: 'expulsion_realisee' } },
      dossiers: { phase: 'cloture' },
    },
  ],
  [
    'expulsions_pour_10000_habitants',
    {
      libelle: 'Expulsions pour 10 000 habitants',
      theme: 'issues',
      unite: 'pour_10000_habitants',
      definition: 'Expulsions réalisées rapportées à la population du territoire.',
      comptage: '10 000 × expulsions réalisées de la période / population municipale du territoire.',
      source: `${ACTES} ; population municipale (INSEE, via le découpage administratif d’Etalab)`,
      calcul: { mesure: 'pour_10000_habitants', numerateur: 'expulsions_realisees' },
    },
  ],
  [
    'departs_avant_expulsion',
    {
      libelle: 'Départs avant expulsion',
      theme: 'issues',
      unite: 'nombre',
      definition: 'Ménages partis d’eux-mêmes avant l’expulsion.',
      comptage: 'Chaque événement « départ volontaire », à sa date.',
      source: ACTES,
      calcul: { mesure: 'nombre', selection: { nature: 'depart_volontaire' } },
      dossiers: { phase: 'cloture' },
    },
  ],
  [
    'relogements',
    {
      libelle: 'Relogements',
      theme: 'issues',
      unite: 'nombre',
      definition: 'Ménages relogés au cours de la procédure.',
      comptage: 'Chaque événement « relogement », à sa date.',
      source: ACTES,
      calcul: { mesure: 'nombre', selection: { nature: 'relogement' } },
      dossiers: { phase: 'cloture' },
    },
  ],
  [
    'indemnisations_demandees',
    {
      libelle: 'Demandes d’indemnisation',
      theme: 'indemnisation',
      unite: 'nombre',
      definition: 'Demandes d’indemnisation des bailleurs pour refus du concours de la force publique.',
      comptage: 'Chaque événement « demande d’indemnisation », à sa date.',
      source: `${ACTES} ; CPCE, art. L153-1, R154-1 à R154-7`,
      calcul: { mesure: 'nombre', selection: { nature: 'demande_indemnisation' } },
      dossiers: { phase: 'concours_force_publique' },
    },
  ],
  [
    'indemnisations_montant_demande',
    {
      libelle: 'Montant des indemnisations demandées',
      theme: 'indemnisation',
      unite: 'euros',
      definition: 'Total des montants demandés par les bailleurs (demandes chiffrées).',
      comptage: 'Somme des montants « montantDemande » des demandes d’indemnisation datées de la période.',
      source: `${ACTES} ; CPCE, art. R154-1 à R154-7`,
      calcul: { mesure: 'somme', selection: { nature: 'demande_indemnisation' } },
    },
  ],
  [
    'indemnisations_versees',
    {
      libelle: 'Indemnisations versées',
      theme: 'indemnisation',
      unite: 'nombre',
      definition: 'Transactions d’indemnisation conclues avec les bailleurs.',
      comptage: 'Chaque événement « transaction d’indemnisation », à sa date.',
      source: `${ACTES} ; CPCE, art. R154-1 à R154-7`,
      calcul: { mesure: 'nombre', selection: { nature: 'transaction_indemnisation' } },
      dossiers: { phase: 'concours_force_publique' },
    },
  ],
  [
    'indemnisations_montant_verse',
    {
      libelle: 'Montant des indemnisations versées',
      theme: 'indemnisation',
      unite: 'euros',
      definition: 'Total des montants des transactions d’indemnisation.',
      comptage: 'Somme des montants des « transactions d’indemnisation » datées de la période.',
      source: `${ACTES} ; CPCE, art. R154-1 à R154-7 ; programme 216, action 06`,
      calcul: { mesure: 'somme', selection: { nature: 'transaction_indemnisation' } },
    },
  ],
  mediane(
    'delai_median_commandement_assignation_jours',
    'delai_commandement_assignation',
    'Délai médian commandement de payer → assignation',
    'le dernier commandement de payer',
    'les assignations',
  ),
  mediane(
    'delai_median_assignation_decision_jours',
    'delai_assignation_decision',
    'Délai médian assignation → décision',
    'la dernière assignation',
    'les décisions de justice',
  ),
  mediane(
    'delai_median_decision_cql_jours',
    'delai_decision_cql',
    'Délai médian décision → commandement de quitter les lieux',
    'la dernière décision de justice',
    'les commandements de quitter les lieux',
  ),
  mediane(
    'delai_median_cql_demande_cfp_jours',
    'delai_cql_demande_cfp',
    'Délai médian commandement de quitter les lieux → demande de concours',
    'le dernier commandement de quitter les lieux',
    'les demandes de concours de la force publique',
  ),
  mediane(
    'delai_median_demande_decision_cfp_jours',
    'delai_demande_decision_cfp',
    'Délai médian demande de concours → décision du préfet',
    'la dernière demande de concours',
    'les décisions explicites du préfet (octroi ou refus)',
  ),
  mediane(
    'delai_median_decision_expulsion_jours',
    'delai_decision_expulsion',
    'Délai médian décision → expulsion',
    'la dernière décision de justice',
    'les expulsions réalisées',
  ),
  [
    'ccapex_seances',
    {
      libelle: 'Séances de la CCAPEX',
      theme: 'ccapex',
      unite: 'nombre',
      definition: 'Séances tenues par les CCAPEX (centrale, locales, sous-commissions).',
      comptage: 'Chaque séance tenue, à sa date.',
      source: 'Module CCAPEX (ordres du jour et procès-verbaux)',
      calcul: {
        mesure: 'indisponible',
        raison: 'Les séances de CCAPEX ne sont pas encore enregistrées dans Exploc (module CCAPEX à venir).',
      },
    },
  ],
  [
    'ccapex_avis',
    {
      libelle: 'Avis et recommandations de la CCAPEX',
      theme: 'ccapex',
      unite: 'nombre',
      definition: 'Avis et recommandations rendus par les CCAPEX sur les dossiers examinés.',
      comptage: 'Chaque avis rendu, à la date de la séance.',
      source: 'Module CCAPEX (avis et recommandations)',
      calcul: {
        mesure: 'indisponible',
        raison: 'Les avis de CCAPEX ne sont pas encore enregistrés dans Exploc (module CCAPEX à venir).',
      },
    },
  ],
  [
    'ccapex_recommandations_suivies',
    {
      libelle: 'Recommandations de la CCAPEX suivies',
      theme: 'ccapex',
      unite: 'pourcentage',
      definition: 'Part des recommandations de la CCAPEX dont le suivi est constaté.',
      comptage: '100 × recommandations suivies / recommandations dont l’échéance de suivi est atteinte.',
      source: 'Module CCAPEX (suivi des recommandations)',
      calcul: {
        mesure: 'indisponible',
        raison:
          'Le suivi des recommandations de CCAPEX n’est pas encore enregistré dans Exploc (module CCAPEX à venir).',
      },
    },
  ],
];

/** The catalogue, in display order. */
export const INDICATEURS: readonly Indicateur[] = DEFINITIONS.map(([code, d]) => ({ code, ...d }));

const PAR_CODE = new Map(INDICATEURS.map((i) => [i.code, i]));

export function indicateur(code: CodeIndicateur): Indicateur {
  const i = PAR_CODE.get(code);
  if (!i) throw new Error(`Indicateur inconnu : ${code}`);
  return i;
}

export function estCodeIndicateur(code: string): code is CodeIndicateur {
  return PAR_CODE.has(code as CodeIndicateur);
}

export const estDisponible = (i: Indicateur) => i.calcul.mesure !== 'indisponible';

/** Indicators shown first (tiles, funnel chart, monthly series). */
export const INDICATEURS_PRINCIPAUX: readonly CodeIndicateur[] = [
  'commandements_de_payer',
  'assignations',
  'decisions_expulsion',
  'commandements_quitter_lieux',
  'demandes_cfp',
  'cfp_accordes',
  'expulsions_realisees',
];

/** Rates offered on the map of départements. */
export const INDICATEURS_CARTE: readonly CodeIndicateur[] = [
  'taux_refus_cfp',
  'taux_dsf_avant_audience',
  'assignations_pour_10000_habitants',
  'expulsions_pour_10000_habitants',
];
