import { z } from 'zod';
import { SENS_DECISION_CFP } from '../procedure/scenario.js';

/**
 * Instruction of a request for the concours de la force publique (CPCE R153-1), shared by the API and the web
 * forms: the police enquiry, the social check by the instructing service, and the préfet's decision.
 */

/** Where an instruction stands. `refus_implicite`: 2 months of silence (R153-1), noted by the daily job. */
export const STATUTS_INSTRUCTION_CFP = [
  'enquete',
  'verification_sociale',
  'a_decider',
  'octroi',
  'refus',
  'sursis',
  'refus_implicite',
] as const;
export type StatutInstructionCfp = (typeof STATUTS_INSTRUCTION_CFP)[number];

export const LIBELLES_STATUT_INSTRUCTION_CFP: Record<StatutInstructionCfp, string> = {
  enquete: 'Enquête des forces de l’ordre',
  verification_sociale: 'Vérification sociale',
  a_decider: 'À décider',
  octroi: 'Concours accordé',
  refus: 'Concours refusé',
  sursis: 'Sursis à exécution',
  refus_implicite: 'Refus implicite',
};

/** Statuses after which the préfet has spoken (a `sursis` or an implicit refusal can still be followed by one). */
export const STATUTS_DECIDES: readonly StatutInstructionCfp[] = ['octroi', 'refus'];

export const RISQUES_ORDRE_PUBLIC = ['faible', 'moyen', 'eleve'] as const;

/**
 * Reasons for a refusal. R153-1 requires a reasoned refusal; 91.5% of 2023 refusals were on social or
 * housing grounds (Cour des comptes 2024), the DALO one following the instruction of 26 October 2012.
 */
export const MOTIFS_REFUS_CFP = [
  'trouble_ordre_public',
  'menage_prioritaire_dalo_sans_relogement',
  'situation_sanitaire',
  'presence_enfants_periode_scolaire',
  'autre',
] as const;
export type MotifRefusCfp = (typeof MOTIFS_REFUS_CFP)[number];

export const LIBELLES_MOTIFS_REFUS_CFP: Record<MotifRefusCfp, string> = {
  trouble_ordre_public: 'Risque de trouble à l’ordre public',
  menage_prioritaire_dalo_sans_relogement: 'Ménage prioritaire DALO sans offre de relogement',
  situation_sanitaire: 'Situation sanitaire ou médicale du ménage',
  presence_enfants_periode_scolaire: 'Présence d’enfants scolarisés en cours d’année scolaire',
  autre: 'Autre motif (précisé dans le texte)',
};

export const ETATS_DSF = ['transmis', 'demande', 'non_demande', 'refuse_par_menage'] as const;

const texteLibre = (max: number) => z.string().trim().max(max);
const dateIso = z.iso.date('Date invalide (format attendu AAAA-MM-JJ)');

export const schemaEnqueteCfp = z.strictObject({
  dateVisite: dateIso.nullable(),
  contactEtabli: z.boolean(),
  compositionMenage: texteLibre(1000).nullable(),
  risqueOrdrePublic: z.enum(RISQUES_ORDRE_PUBLIC, 'Niveau de risque invalide'),
  observations: texteLibre(5000).nullable(),
});
export type EnqueteCfp = z.infer<typeof schemaEnqueteCfp>;

export const schemaVerificationSocialeCfp = z
  .strictObject({
    prioritaireDalo: z.boolean(),
    offresRelogement: z.number().int().min(0).max(50),
    avisCcapex: texteLibre(2000).nullable(),
    dsf: z.enum(ETATS_DSF, 'État du diagnostic invalide'),
    observations: texteLibre(5000).nullable(),
    propositionSens: z.enum(SENS_DECISION_CFP, 'Proposition invalide').nullable(),
    propositionMotifs: z.array(z.enum(MOTIFS_REFUS_CFP, 'Motif inconnu')).max(5),
  })
  .refine((v) => v.propositionSens === 'refus' || v.propositionMotifs.length === 0, {
    path: ['propositionMotifs'],
    message: 'Les motifs ne se proposent qu’avec un refus',
  });
export type VerificationSocialeCfp = z.infer<typeof schemaVerificationSocialeCfp>;

export const schemaDecisionCfp = z
  .strictObject({
    sens: z.enum(SENS_DECISION_CFP, 'Décision invalide'),
    date: dateIso,
    motifs: z.array(z.enum(MOTIFS_REFUS_CFP, 'Motif inconnu')).max(5).default([]),
    texte: texteLibre(5000).nullable().default(null),
  })
  .superRefine((v, ctx) => {
    // CPCE R153-1: « tout refus doit être motivé ».
    if (v.sens === 'refus' && v.motifs.length === 0)
      ctx.addIssue({ code: 'custom', path: ['motifs'], message: 'Un refus doit être motivé (R153-1)' });
    if (v.sens === 'refus' && v.motifs.includes('autre') && !v.texte)
      ctx.addIssue({ code: 'custom', path: ['texte'], message: 'Précisez le motif « autre »' });
    if (v.sens !== 'refus' && v.motifs.length > 0)
      ctx.addIssue({ code: 'custom', path: ['motifs'], message: 'Les motifs accompagnent un refus' });
  });
export type DecisionCfp = z.infer<typeof schemaDecisionCfp>;

/**
 * Execution of a granted concours: the planning of the operation, then its outcome. `depart_avant`: the
 * household left before the police came (frequent: 2 to 3 times the forced evictions, FAP); `reportee`: the
 * attempt failed and was postponed, recorded on the timeline as a PV de tentative.
 */
export const ISSUES_EXECUTION_CFP = ['expulsion_realisee', 'depart_avant', 'reportee'] as const;
export type IssueExecutionCfp = (typeof ISSUES_EXECUTION_CFP)[number];

export const LIBELLES_ISSUE_EXECUTION_CFP: Record<IssueExecutionCfp, string> = {
  expulsion_realisee: 'Expulsion réalisée',
  depart_avant: 'Départ du ménage avant l’intervention',
  reportee: 'Opération reportée',
};

export const schemaPlanificationExecutionCfp = z
  .strictObject({
    dateOperation: dateIso,
    effectifs: z.number().int().min(1, 'Au moins un fonctionnaire ou militaire').max(500),
    servicesSociauxInformes: z.boolean(),
    servicesSociauxInformesLe: dateIso.nullable().default(null),
  })
  .superRefine((v, ctx) => {
    if (v.servicesSociauxInformes && !v.servicesSociauxInformesLe)
      ctx.addIssue({
        code: 'custom',
        path: ['servicesSociauxInformesLe'],
        message: 'Indiquez la date à laquelle les services sociaux ont été informés',
      });
    if (!v.servicesSociauxInformes && v.servicesSociauxInformesLe)
      ctx.addIssue({
        code: 'custom',
        path: ['servicesSociauxInformesLe'],
        message: 'Une date d’information suppose que les services sociaux ont été informés',
      });
  });
export type PlanificationExecutionCfp = z.infer<typeof schemaPlanificationExecutionCfp>;

export const schemaIssueExecutionCfp = z
  .strictObject({
    issue: z.enum(ISSUES_EXECUTION_CFP, 'Issue invalide'),
    date: dateIso,
    nouvelleDate: dateIso.nullable().default(null),
    pvRecuLe: dateIso.nullable().default(null),
  })
  .superRefine((v, ctx) => {
    if (v.issue === 'reportee' && !v.nouvelleDate)
      ctx.addIssue({
        code: 'custom',
        path: ['nouvelleDate'],
        message: 'Indiquez la nouvelle date de l’opération',
      });
    if (v.issue === 'reportee' && v.nouvelleDate && v.nouvelleDate <= v.date)
      ctx.addIssue({
        code: 'custom',
        path: ['nouvelleDate'],
        message: 'La nouvelle date doit suivre celle de la tentative',
      });
    if (v.issue !== 'reportee' && v.nouvelleDate)
      ctx.addIssue({
        code: 'custom',
        path: ['nouvelleDate'],
        message: 'Une nouvelle date ne s’indique que pour une opération reportée',
      });
    if (v.pvRecuLe && v.pvRecuLe < v.date)
      ctx.addIssue({
        code: 'custom',
        path: ['pvRecuLe'],
        message: 'Le procès-verbal ne peut être reçu avant l’opération',
      });
  });
export type ResultatExecutionCfp = z.infer<typeof schemaIssueExecutionCfp>;
