import { z } from 'zod';
import { schemaNouveauDossier } from './dossier.js';

/**
 * CCAPEX vocabulary (loi n° 90-449 art. 7-2 ; décret n° 2026-83). Shared by the server routes and the web pages.
 */

export const TYPES_COMMISSION = ['centrale', 'locale', 'sous_commission'] as const;
export type TypeCommission = (typeof TYPES_COMMISSION)[number];
export const LIBELLES_TYPE_COMMISSION: Record<TypeCommission, string> = {
  centrale: 'CCAPEX centrale',
  locale: 'CCAPEX locale',
  sous_commission: 'Sous-commission territoriale',
};

/** Perimeter of a local CCAPEX (décret n° 2026-83): arrondissement, CD social-action sector or métropole. */
export const TYPES_PERIMETRE = [
  'departement',
  'arrondissement',
  'secteur_action_sociale',
  'metropole',
] as const;
export type TypePerimetre = (typeof TYPES_PERIMETRE)[number];
export const LIBELLES_TYPE_PERIMETRE: Record<TypePerimetre, string> = {
  departement: 'Département',
  arrondissement: 'Arrondissement',
  secteur_action_sociale: 'Secteur d’action sociale du conseil départemental',
  metropole: 'Métropole (FSL intercommunal)',
};

export const VOIX_MEMBRE = ['deliberative', 'consultative'] as const;
export type VoixMembre = (typeof VOIX_MEMBRE)[number];

/** Categories of member bodies (ex officio co-chairs, then the usual members of the règlement intérieur). */
export const CATEGORIES_MEMBRE = [
  'prefet',
  'conseil_departemental',
  'metropole',
  'caf',
  'msa',
  'banque_de_france',
  'fsl',
  'ccas',
  'adil',
  'bailleur_social',
  'epci',
  'commune',
  'siao',
  'association',
  'autre',
] as const;
export type CategorieMembre = (typeof CATEGORIES_MEMBRE)[number];
export const LIBELLES_CATEGORIE_MEMBRE: Record<CategorieMembre, string> = {
  prefet: 'Préfet (services de l’État)',
  conseil_departemental: 'Conseil départemental',
  metropole: 'Métropole',
  caf: 'Caisse d’allocations familiales',
  msa: 'Mutualité sociale agricole',
  banque_de_france: 'Banque de France (commission de surendettement)',
  fsl: 'Fonds de solidarité pour le logement',
  ccas: 'Centre communal d’action sociale',
  adil: 'ADIL',
  bailleur_social: 'Bailleur social',
  epci: 'EPCI',
  commune: 'Commune',
  siao: 'SIAO',
  association: 'Association',
  autre: 'Autre organisme',
};

export const ORIGINES_SAISINE = [
  'bailleur',
  'commissaire_justice',
  'caf',
  'msa',
  'menage',
  'travailleur_social',
  'membre',
  'autre',
] as const;
export type OrigineSaisine = (typeof ORIGINES_SAISINE)[number];
export const LIBELLES_ORIGINE_SAISINE: Record<OrigineSaisine, string> = {
  bailleur: 'Bailleur personne morale',
  commissaire_justice: 'Commissaire de justice (signalement du commandement)',
  caf: 'Alerte de la CAF',
  msa: 'Alerte de la MSA',
  menage: 'Ménage',
  travailleur_social: 'Travailleur social',
  membre: 'Membre de la commission',
  autre: 'Autre',
};

export const NATURES_SAISINE = ['saisine', 'signalement', 'alerte'] as const;
export type NatureSaisine = (typeof NATURES_SAISINE)[number];

export const STATUTS_SAISINE = ['a_trier', 'acceptee', 'rejetee'] as const;
export type StatutSaisine = (typeof STATUTS_SAISINE)[number];
export const LIBELLES_STATUT_SAISINE: Record<StatutSaisine, string> = {
  a_trier: 'À trier',
  acceptee: 'Acceptée',
  rejetee: 'Rejetée',
};

/** Steps the landlord (or whoever seizes the commission) says were already taken. */
export const DEMARCHES_SAISINE = [
  'relance_amiable',
  'plan_apurement_propose',
  'caf_informee',
  'fsl_sollicite',
  'rencontre_menage',
  'autre',
] as const;

/**
 * What a saisine carries when it does not come from an existing dossier: enough to create the dossier on
 * acceptance (same shape as a new dossier), plus the debt statement and the steps already taken.
 */
export const schemaContenuSaisine = z.strictObject({
  dossier: schemaNouveauDossier,
  detteMontant: z
    .number('Le montant de la dette est obligatoire')
    .nonnegative('Montant négatif')
    .max(10_000_000),
  dateArreteDette: z.iso.date('Date d’arrêté de la dette invalide (AAAA-MM-JJ)'),
  moisImpayes: z.number().int().min(0).max(240).optional(),
  demarches: z
    .array(z.enum(DEMARCHES_SAISINE, 'Démarche inconnue'))
    .max(DEMARCHES_SAISINE.length)
    .default([]),
  message: z.string().trim().max(4000, 'Le message dépasse 4 000 caractères').optional(),
});
export type ContenuSaisine = z.infer<typeof schemaContenuSaisine>;

/** Who an orientation is addressed to (loi n° 90-449 art. 7-2, 3°). */
export const DESTINATAIRES_ORIENTATION = [
  'cd_action_sociale',
  'fsl',
  'caf',
  'msa',
  'banque_de_france',
  'ccas',
  'bailleur',
  'adil',
  'siao',
  'autre',
] as const;
export type DestinataireOrientation = (typeof DESTINATAIRES_ORIENTATION)[number];
export const LIBELLES_DESTINATAIRE_ORIENTATION: Record<DestinataireOrientation, string> = {
  cd_action_sociale: 'Services sociaux du conseil départemental',
  fsl: 'Fonds de solidarité pour le logement',
  caf: 'CAF',
  msa: 'MSA',
  banque_de_france: 'Commission de surendettement (Banque de France)',
  ccas: 'CCAS',
  bailleur: 'Bailleur',
  adil: 'ADIL',
  siao: 'SIAO',
  autre: 'Autre membre',
};

export const STATUTS_ORIENTATION = ['envoyee', 'prise_en_compte', 'close'] as const;
export type StatutOrientation = (typeof STATUTS_ORIENTATION)[number];
export const LIBELLES_STATUT_ORIENTATION: Record<StatutOrientation, string> = {
  envoyee: 'Envoyée',
  prise_en_compte: 'Prise en compte',
  close: 'Close',
};

/** What the member records having done on an orientation. */
export const ACTIONS_ORIENTATION = [
  'menage_contacte',
  'accompagnement',
  'aide_fsl',
  'plan_apurement',
  'dossier_surendettement',
  'autre',
] as const;
export type ActionOrientation = (typeof ACTIONS_ORIENTATION)[number];
export const LIBELLES_ACTION_ORIENTATION: Record<ActionOrientation, string> = {
  menage_contacte: 'Ménage contacté',
  accompagnement: 'Accompagnement mis en place',
  aide_fsl: 'Aide du FSL',
  plan_apurement: 'Plan d’apurement',
  dossier_surendettement: 'Dossier de surendettement',
  autre: 'Autre action',
};

export const DECISIONS_APL = ['maintien', 'suspension'] as const;
export type DecisionApl = (typeof DECISIONS_APL)[number];
export const LIBELLES_DECISION_APL: Record<DecisionApl, string> = {
  maintien: 'Maintien de l’aide au logement',
  suspension: 'Suspension de l’aide au logement',
};

export const SUIVIS_RECOMMANDATION = ['a_suivre', 'realisee', 'non_realisee'] as const;
export type SuiviRecommandation = (typeof SUIVIS_RECOMMANDATION)[number];
export const LIBELLES_SUIVI_RECOMMANDATION: Record<SuiviRecommandation, string> = {
  a_suivre: 'À suivre',
  realisee: 'Réalisée',
  non_realisee: 'Non réalisée',
};

/**
 * Legal basis on which a confidential item enters the CCAPEX compartment (code pénal 226-13 exception organised
 * by loi n° 90-449 art. 7-2 as rewritten by loi n° 2023-668, and décret n° 2026-83).
 */
export const FONDEMENTS_PARTAGE = [
  'art_7_2_examen_situation',
  'art_7_2_orientation_membre',
  'diagnostic_social_financier',
  'consentement_menage',
] as const;
export type FondementPartage = (typeof FONDEMENTS_PARTAGE)[number];
export const LIBELLES_FONDEMENT_PARTAGE: Record<FondementPartage, string> = {
  art_7_2_examen_situation:
    'Information strictement nécessaire à l’évaluation de la menace d’expulsion (loi n° 90-449, art. 7-2)',
  art_7_2_orientation_membre:
    'Orientation du signalement vers un membre de la commission (loi n° 90-449, art. 7-2)',
  diagnostic_social_financier: 'Diagnostic social et financier (décret n° 2021-8)',
  consentement_menage: 'Accord exprès du ménage',
};

export const TYPES_NOTE_CCAPEX = ['note', 'diagnostic_social'] as const;
export type TypeNoteCcapex = (typeof TYPES_NOTE_CCAPEX)[number];

export const schemaNoteCcapex = z.strictObject({
  type: z.enum(TYPES_NOTE_CCAPEX, 'Type de note inconnu'),
  contenu: z
    .string('Le contenu est obligatoire')
    .trim()
    .min(1, 'Le contenu est obligatoire')
    .max(20_000, 'Le contenu dépasse 20 000 caractères'),
  fondement: z.enum(FONDEMENTS_PARTAGE, 'Fondement du partage inconnu'),
});
export type NoteCcapex = z.infer<typeof schemaNoteCcapex>;

// ——— Requests of the organisation, incoming flows, triage and orientations (issue #5, part 1) ———

const texteCourt = (quoi: string, max = 200) =>
  z
    .string(`${quoi} est obligatoire`)
    .trim()
    .min(1, `${quoi} est obligatoire`)
    .max(max, `${quoi} dépasse ${max} caractères`);
const codeInsee = z.string().regex(/^[0-9AB]{5}$/, 'Code INSEE invalide (5 caractères)');
const motif = z
  .string('Le motif est obligatoire')
  .trim()
  .min(5, 'Le motif est obligatoire (5 caractères au moins)')
  .max(2000, 'Le motif dépasse 2 000 caractères');

/** A local CCAPEX (below the central one) or a territorial sub-commission (below a local one). */
export const schemaNouvelleCommission = z.strictObject({
  type: z.enum(['locale', 'sous_commission'], 'Type de commission inconnu'),
  nom: texteCourt('Le nom'),
  parentId: z.uuid('Commission parente invalide').optional(),
  perimetreType: z.enum(TYPES_PERIMETRE, 'Type de périmètre inconnu'),
  perimetreLibelle: z.string().trim().max(200).optional(),
  communes: z
    .array(codeInsee)
    .min(1, 'Choisissez au moins une commune du périmètre')
    .max(2000, 'Trop de communes'),
  delegationSignalements: z.boolean().default(false),
  delaiOrientationJours: z.number().int().min(1, 'Au moins 1 jour').max(365, '365 jours au plus').optional(),
  emailSecretariat: z.email('Adresse électronique invalide').optional(),
});
export type NouvelleCommission = z.infer<typeof schemaNouvelleCommission>;

export const schemaModificationCommission = z.strictObject({
  nom: texteCourt('Le nom').optional(),
  perimetreType: z.enum(TYPES_PERIMETRE, 'Type de périmètre inconnu').optional(),
  perimetreLibelle: z.string().trim().max(200).nullable().optional(),
  communes: z.array(codeInsee).max(2000, 'Trop de communes').optional(),
  delegationSignalements: z.boolean().optional(),
  delaiOrientationJours: z.number().int().min(1, 'Au moins 1 jour').max(365, '365 jours au plus').optional(),
  emailSecretariat: z.email('Adresse électronique invalide').nullable().optional(),
  actif: z.boolean().optional(),
});
export type ModificationCommission = z.infer<typeof schemaModificationCommission>;

export const schemaMembreCommission = z.strictObject({
  organisationId: z.uuid('Organisation invalide'),
  categorie: z.enum(CATEGORIES_MEMBRE, 'Catégorie de membre inconnue'),
  voix: z.enum(VOIX_MEMBRE, 'Voix inconnue (délibérative ou consultative)'),
  coPresidence: z.boolean().default(false),
  secretariat: z.boolean().default(false),
});
export type MembreCommission = z.infer<typeof schemaMembreCommission>;

export const schemaModificationMembre = schemaMembreCommission.omit({ organisationId: true }).partial();
export type ModificationMembre = z.infer<typeof schemaModificationMembre>;

/**
 * A saisine entered by a user: about a dossier of the caller's scope, or with its content (a new situation).
 * `origine` lets an agent or member record a saisine by the household or a social worker.
 */
export const schemaNouvelleSaisine = z
  .strictObject({
    dossierId: z.uuid('Dossier invalide').optional(),
    contenu: schemaContenuSaisine.optional(),
    origine: z.enum(ORIGINES_SAISINE, 'Origine inconnue').optional(),
    nature: z.enum(NATURES_SAISINE, 'Nature inconnue').default('saisine'),
    message: z.string().trim().max(4000, 'Le message dépasse 4 000 caractères').optional(),
  })
  .refine((s) => (s.dossierId === undefined) !== (s.contenu === undefined), {
    message: 'Indiquez soit un dossier existant, soit le contenu de la saisine',
    path: ['dossierId'],
  });
export type NouvelleSaisine = z.infer<typeof schemaNouvelleSaisine>;

export const schemaFusionSaisine = z.strictObject({ dossierId: z.uuid('Dossier invalide') });
export const schemaRedirectionSaisine = z.strictObject({
  commissionId: z.uuid('Commission invalide'),
  motif,
});
export const schemaRejetSaisine = z.strictObject({ motif });

export const schemaNouvelleOrientation = z.strictObject({
  dossierId: z.uuid('Dossier invalide'),
  saisineId: z.uuid('Saisine invalide').optional(),
  organisationId: z.uuid('Organisation destinataire invalide'),
  destinataireType: z.enum(DESTINATAIRES_ORIENTATION, 'Destinataire inconnu'),
  objet: texteCourt('L’objet de l’orientation', 2000),
  echeance: z.iso.date('Échéance invalide (AAAA-MM-JJ)').optional(),
});
export type NouvelleOrientation = z.infer<typeof schemaNouvelleOrientation>;

export const schemaActionOrientation = z.strictObject({
  type: z.enum(ACTIONS_ORIENTATION, 'Action inconnue'),
  date: z.iso.date('Date invalide (AAAA-MM-JJ)'),
  commentaire: z.string().trim().max(2000, 'Le commentaire dépasse 2 000 caractères').optional(),
});
export type ActionOrientationSaisie = z.infer<typeof schemaActionOrientation>;

export const schemaClotureOrientation = z.strictObject({
  resultat: texteCourt('Le résultat', 4000),
});
