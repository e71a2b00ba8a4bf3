/**
 * The scenario of contrat procedure-evaluate: zod schemas (unknown keys rejected everywhere), the event
 * types in contract order, the phases in order and the phase each event type brings.
 */
import * as z from 'zod';
import { CODES_DEPARTEMENT } from '../calendrier/departements.js';

export const TYPES_EVENEMENT = [
  'impaye_constitue',
  'signalement_impaye_caf',
  'plan_apurement',
  'saisine_fsl',
  'saisine_ccapex',
  'commandement_de_payer',
  'signalement_commandement_ccapex',
  'assignation',
  'notification_assignation_prefet',
  'saisine_dsf',
  'dsf_transmis',
  'renvoi_audience',
  'decision_justice',
  'decheance_delais_paiement',
  'signification_decision',
  'commandement_quitter_lieux',
  'information_prefet_cql',
  'delais_jex',
  'suspension_surendettement',
  'protocole_cohesion_sociale',
  'demande_cfp',
  'enquete_forces_ordre',
  'decision_cfp',
  'pv_tentative_expulsion',
  'demande_indemnisation',
  'transaction_indemnisation',
  'expulsion_realisee',
  'depart_volontaire',
  'relogement',
  'apurement_dette',
  'desistement_bailleur',
  'vente_logement',
] as const;
export type TypeEvenement = (typeof TYPES_EVENEMENT)[number];

export const PHASES = [
  'prevention',
  'commandement',
  'assignation',
  'decision',
  'commandement_quitter_lieux',
  'concours_force_publique',
  'cloture',
] as const;
export type Phase = (typeof PHASES)[number];

export const TYPES_CLOTURE = [
  'expulsion_realisee',
  'depart_volontaire',
  'relogement',
  'apurement_dette',
  'desistement_bailleur',
  'vente_logement',
] as const satisfies readonly TypeEvenement[];
export type TypeCloture = (typeof TYPES_CLOTURE)[number];

export const PHASE_PAR_TYPE: Readonly<Record<TypeEvenement, Phase>> = {
  impaye_constitue: 'prevention',
  signalement_impaye_caf: 'prevention',
  plan_apurement: 'prevention',
  saisine_fsl: 'prevention',
  saisine_ccapex: 'prevention',
  commandement_de_payer: 'commandement',
  signalement_commandement_ccapex: 'commandement',
  assignation: 'assignation',
  notification_assignation_prefet: 'assignation',
  saisine_dsf: 'assignation',
  dsf_transmis: 'assignation',
  renvoi_audience: 'assignation',
  decision_justice: 'decision',
  decheance_delais_paiement: 'decision',
  signification_decision: 'decision',
  commandement_quitter_lieux: 'commandement_quitter_lieux',
  information_prefet_cql: 'commandement_quitter_lieux',
  delais_jex: 'commandement_quitter_lieux',
  suspension_surendettement: 'commandement_quitter_lieux',
  protocole_cohesion_sociale: 'commandement_quitter_lieux',
  demande_cfp: 'concours_force_publique',
  enquete_forces_ordre: 'concours_force_publique',
  decision_cfp: 'concours_force_publique',
  pv_tentative_expulsion: 'concours_force_publique',
  demande_indemnisation: 'concours_force_publique',
  transaction_indemnisation: 'concours_force_publique',
  expulsion_realisee: 'cloture',
  depart_volontaire: 'cloture',
  relogement: 'cloture',
  apurement_dette: 'cloture',
  desistement_bailleur: 'cloture',
  vente_logement: 'cloture',
};

export const TYPES_BAILLEUR = ['personne_physique', 'sci_familiale', 'personne_morale'] as const;
export type TypeBailleur = (typeof TYPES_BAILLEUR)[number];

export const ORIGINES_SAISINE_CCAPEX = [
  'bailleur',
  'commissaire_justice',
  'caf',
  'menage',
  'travailleur_social',
  'autre',
] as const;
export const SENS_DECISION_JUSTICE = ['rejet', 'delais_paiement', 'resiliation_expulsion'] as const;
export const DELAIS_QUITTER_LIEUX = ['legal', 'reduit', 'supprime'] as const;
export const SENS_DECISION_CFP = ['octroi', 'refus', 'sursis'] as const;

/** Valid calendar date `YYYY-MM-DD` (zod's ISO date checks month lengths and leap years). */
export const dateSchema = z.iso.date();
// An upper bound keeps amounts exact in integer cents (and within bigint columns): 1 billion euros.
const montant = z.number().nonnegative().max(1_000_000_000);
const entierPositif = z.number().int().positive();

/** Error raised by a cross-field rule; `params.code` is the contract error code. */
function probleme(
  ctx: z.RefinementCtx,
  chemin: string,
  code: 'champ_manquant' | 'valeur_invalide',
  message: string,
) {
  ctx.addIssue({ code: 'custom', path: [chemin], params: { code }, message });
}

/**
 * Every event schema, in contract order. `supplement` adds keys to every type: nothing for the scenario,
 * `commentaire` / `remplace` / `motifCorrection` for an event posted to the HTTP API.
 */
function schemasEvenement<S extends z.core.$ZodLooseShape>(supplement: S) {
  const evenement = <T extends TypeEvenement, C extends z.core.$ZodLooseShape>(type: T, champs: C) =>
    z.strictObject({ type: z.literal(type), date: dateSchema, ...champs, ...supplement });
  return [
    evenement('impaye_constitue', { montantDette: montant }),
    evenement('signalement_impaye_caf', {}),
    evenement('plan_apurement', { dureeMois: entierPositif }),
    evenement('saisine_fsl', {}),
    evenement('saisine_ccapex', { origine: z.enum(ORIGINES_SAISINE_CCAPEX) }),
    evenement('commandement_de_payer', {
      montantDette: montant,
      moisImpayes: z.number().int().nonnegative().nullish(),
    }),
    evenement('signalement_commandement_ccapex', {}),
    evenement('assignation', { dateAudience: dateSchema }),
    evenement('notification_assignation_prefet', {}),
    evenement('saisine_dsf', {}),
    evenement('dsf_transmis', {}),
    evenement('renvoi_audience', { dateAudience: dateSchema }),
    evenement('decision_justice', {
      sens: z.enum(SENS_DECISION_JUSTICE),
      delaisPaiementMois: z.number().int().min(1).max(36).nullish(),
      delaiQuitterLieux: z.enum(DELAIS_QUITTER_LIEUX).nullish(),
      delaiQuitterLieuxJours: entierPositif.nullish(),
      voieDeFait: z.boolean().nullish(),
    }),
    evenement('decheance_delais_paiement', {}),
    evenement('signification_decision', {}),
    evenement('commandement_quitter_lieux', {}),
    evenement('information_prefet_cql', {}),
    evenement('delais_jex', { dateFin: dateSchema }),
    evenement('suspension_surendettement', { dateFin: dateSchema }),
    evenement('protocole_cohesion_sociale', { dateFin: dateSchema }),
    evenement('demande_cfp', {}),
    evenement('enquete_forces_ordre', {}),
    evenement('decision_cfp', { sens: z.enum(SENS_DECISION_CFP) }),
    evenement('pv_tentative_expulsion', {}),
    evenement('demande_indemnisation', { montantDemande: montant.nullish() }),
    evenement('transaction_indemnisation', { montant }),
    evenement('expulsion_realisee', {}),
    evenement('depart_volontaire', {}),
    evenement('relogement', {}),
    evenement('apurement_dette', {}),
    evenement('desistement_bailleur', {}),
    evenement('vente_logement', {}),
  ] as const;
}

const evenementSansRegleSchema = z.discriminatedUnion('type', schemasEvenement({}));

/** Rules that tie two fields of one event together (contract: « required with … »). */
function verifierChampsLies(evenement: z.infer<typeof evenementSansRegleSchema>, ctx: z.RefinementCtx) {
  switch (evenement.type) {
    case 'decision_justice':
      if (evenement.sens === 'delais_paiement' && (evenement.delaisPaiementMois ?? null) === null) {
        probleme(
          ctx,
          'delaisPaiementMois',
          'champ_manquant',
          'Une décision accordant des délais de paiement doit en indiquer la durée en mois (1 à 36).',
        );
      }
      if (evenement.delaiQuitterLieux === 'reduit' && (evenement.delaiQuitterLieuxJours ?? null) === null) {
        probleme(
          ctx,
          'delaiQuitterLieuxJours',
          'champ_manquant',
          'Un délai pour quitter les lieux réduit doit en indiquer la durée en jours.',
        );
      }
      break;
    case 'delais_jex':
    case 'suspension_surendettement':
    case 'protocole_cohesion_sociale':
      if (evenement.dateFin < evenement.date) {
        probleme(ctx, 'dateFin', 'valeur_invalide', "La date de fin précède la date de l'événement.");
      }
      break;
    default:
      break;
  }
}

export const evenementSchema = evenementSansRegleSchema.superRefine(verifierChampsLies);
export type Evenement = z.infer<typeof evenementSchema>;
export type EvenementDe<T extends TypeEvenement> = Extract<Evenement, { type: T }>;

/** An event posted to the HTTP API: the scenario event plus a comment and the correction fields. */
export const evenementSaisiSchema = z
  .discriminatedUnion(
    'type',
    schemasEvenement({
      commentaire: z.string().max(5000).nullish(),
      remplace: z.string().min(1).max(200).nullish(),
      motifCorrection: z.string().min(1).max(2000).nullish(),
    }),
  )
  .superRefine(verifierChampsLies)
  .superRefine((evenement, ctx) => {
    if ((evenement.remplace ?? null) !== null && (evenement.motifCorrection ?? null) === null) {
      probleme(ctx, 'motifCorrection', 'champ_manquant', 'Une correction doit indiquer son motif.');
    }
  });
export type EvenementSaisi = z.infer<typeof evenementSaisiSchema>;

const periodeSchema = z.strictObject({ du: dateSchema, au: dateSchema }).superRefine((periode, ctx) => {
  if (periode.au < periode.du) probleme(ctx, 'au', 'valeur_invalide', 'La période finit avant de commencer.');
});

export const departementConfigSchema = z.strictObject({
  seuilsSignalement: z
    .strictObject({
      moisImpayes: z.number().int().min(3).max(6),
      multipleLoyerHC: z.number().min(3).max(6),
      typesBailleur: z.array(z.enum(TYPES_BAILLEUR)).nullish(),
    })
    .nullish(),
  periodesTreve: z.array(periodeSchema).nullish(),
});
export type DepartementConfig = z.infer<typeof departementConfigSchema>;

export const bailSchema = z
  .strictObject({
    dateSignature: dateSchema,
    dateDernierRenouvellement: dateSchema.nullish(),
    bailleur: z.strictObject({
      type: z.enum(TYPES_BAILLEUR),
      logementSocial: z.boolean().nullish(),
    }),
    loyerMensuelHC: z.number().positive().max(1_000_000),
    chargesMensuelles: montant,
  })
  .superRefine((bail, ctx) => {
    if ((bail.dateDernierRenouvellement ?? bail.dateSignature) < bail.dateSignature) {
      probleme(
        ctx,
        'dateDernierRenouvellement',
        'valeur_invalide',
        'Le bail ne peut pas être renouvelé avant sa signature.',
      );
    }
  });
export type Bail = z.infer<typeof bailSchema>;

export const menageSchema = z.strictObject({
  prioritaireDalo: z.boolean().nullish(),
  relogementAssure: z.boolean().nullish(),
});

export const champsScenario = {
  asOf: dateSchema,
  departement: z.enum(CODES_DEPARTEMENT),
  departementConfig: departementConfigSchema.nullish(),
  bail: bailSchema,
  menage: menageSchema.nullish(),
  evenements: z.array(evenementSchema),
};

export const scenarioSchema = z.strictObject(champsScenario);
export type Scenario = z.infer<typeof scenarioSchema>;

/** Position of each type in the contract table: the tie-break for events of the same date. */
export const RANG_PAR_TYPE: Readonly<Record<TypeEvenement, number>> = Object.fromEntries(
  TYPES_EVENEMENT.map((type, rang) => [type, rang]),
) as Record<TypeEvenement, number>;

export function estTypeCloture(type: TypeEvenement): type is TypeCloture {
  return PHASE_PAR_TYPE[type] === 'cloture';
}
