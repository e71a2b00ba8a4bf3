import { z } from 'zod';
import { DECISIONS_APL, DESTINATAIRES_ORIENTATION, LIBELLES_DESTINATAIRE_ORIENTATION } from './ccapex.js';

/**
 * CCAPEX séances (loi n° 90-449 art. 7-2 ; décret n° 2015-1384 art. 2 and 10): the secretariat plans a meeting,
 * builds its agenda, records for each dossier the avis, the recommandations and the decision on the housing
 * benefit (art. 7-2, 2°), closes it and produces the minutes. Shared by the server routes and the web pages.
 */

export const STATUTS_SEANCE = ['planifiee', 'tenue', 'close', 'annulee'] as const;
export type StatutSeance = (typeof STATUTS_SEANCE)[number];
export const LIBELLES_STATUT_SEANCE: Record<StatutSeance, string> = {
  planifiee: 'Planifiée',
  tenue: 'En cours',
  close: 'Close',
  annulee: 'Annulée',
};

/**
 * Who a recommandation is addressed to (décret n° 2015-1384 art. 2: the occupant, the landlord, the COMED DALO,
 * CAF/MSA, FSL, reservation holders, social actors, commission de surendettement, SIAO…).
 */
export const DESTINATAIRES_RECOMMANDATION = [
  'menage',
  ...DESTINATAIRES_ORIENTATION.filter((d) => d !== 'autre'),
  'comed_dalo',
  'reservataire',
  'commune',
  'autre',
] as const;
export type DestinataireRecommandation = (typeof DESTINATAIRES_RECOMMANDATION)[number];
export const LIBELLES_DESTINATAIRE_RECOMMANDATION: Record<DestinataireRecommandation, string> = {
  ...LIBELLES_DESTINATAIRE_ORIENTATION,
  menage: 'Ménage (occupant)',
  comed_dalo: 'Commission de médiation DALO',
  reservataire: 'Réservataire de logements sociaux',
  commune: 'Commune',
  autre: 'Autre destinataire',
};

const texte = (nom: string, max: number) =>
  z
    .string(`${nom} est obligatoire`)
    .trim()
    .min(1, `${nom} est obligatoire`)
    .max(max, `${nom} dépasse ${max.toLocaleString('fr-FR')} caractères`);

export const schemaNouvelleSeance = z.strictObject({
  commissionId: z.uuid('Commission invalide'),
  /** Local date and time of the meeting (Europe/Paris, or the overseas time zone), e.g. 2026-12-03T14:00. */
  debut: z.iso.datetime({ local: true, message: 'Date et heure invalides (AAAA-MM-JJTHH:MM)' }),
  lieu: texte('Le lieu', 300),
});
export type NouvelleSeance = z.infer<typeof schemaNouvelleSeance>;

export const schemaModificationSeance = schemaNouvelleSeance.omit({ commissionId: true }).partial();
export type ModificationSeance = z.infer<typeof schemaModificationSeance>;

/** Adds dossiers to the agenda: by identifier (the ready list) or by dossier number. */
export const schemaAjoutOrdreDuJour = z
  .strictObject({
    dossierIds: z.array(z.uuid('Identifiant de dossier invalide')).min(1).max(100).optional(),
    numero: z
      .string()
      .trim()
      .regex(/^\d{4}-(\d{2,3}|2[AB])-\d{6}$/i, 'Numéro de dossier invalide (AAAA-DEP-NNNNNN)')
      .optional(),
  })
  .refine((v) => (v.dossierIds ? 1 : 0) + (v.numero ? 1 : 0) === 1, {
    message: 'Indiquez soit des dossiers prêts, soit un numéro de dossier',
    path: ['numero'],
  });
export type AjoutOrdreDuJour = z.infer<typeof schemaAjoutOrdreDuJour>;

export const schemaOrdreDuJour = z.strictObject({
  dossierIds: z.array(z.uuid('Identifiant de dossier invalide')).min(1).max(200),
});

export const schemaRecommandation = z.strictObject({
  destinataireType: z.enum(DESTINATAIRES_RECOMMANDATION, 'Destinataire inconnu'),
  /** A member organisation of the commission: its users are notified by e-mail when the séance closes. */
  destinataireOrganisationId: z.uuid('Organisation invalide').nullable().default(null),
  destinataireLibelle: texte('Le libellé du destinataire', 200),
  contenu: texte('Le contenu de la recommandation', 4000),
  echeance: z.iso.date('Échéance invalide (AAAA-MM-JJ)').nullable().default(null),
});
export type Recommandation = z.infer<typeof schemaRecommandation>;

export const schemaExamen = z.strictObject({
  avis: texte('L’avis', 8000),
  /** Loi n° 90-449 art. 7-2, 2°: the commission decides whether the housing benefit is kept or suspended. */
  decisionApl: z.enum(DECISIONS_APL, 'Décision sur l’aide au logement inconnue').nullable().default(null),
  recommandations: z.array(schemaRecommandation).max(20, '20 recommandations au plus').default([]),
});
export type Examen = z.infer<typeof schemaExamen>;

export const SUIVIS_FINAUX = ['realisee', 'non_realisee'] as const;
export const schemaSuiviRecommandation = z.strictObject({
  suivi: z.enum(SUIVIS_FINAUX, 'Suivi inconnu (réalisée ou non réalisée)'),
  date: z.iso.date('Date invalide (AAAA-MM-JJ)'),
  commentaire: z.string().trim().max(2000, 'Le commentaire dépasse 2 000 caractères').optional(),
});
export type SuiviRecommandationSaisi = z.infer<typeof schemaSuiviRecommandation>;

export const FORMATS_RAPPORT_ANNUEL = ['json', 'xlsx', 'pdf'] as const;
