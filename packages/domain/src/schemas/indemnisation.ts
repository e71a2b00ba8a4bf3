import { z } from 'zod';
import { NATURES_COMPLEMENT } from '../indemnisation/scenario-indemnisation.js';

/**
 * An agent's adjustment of the computed indemnity (CPCE R154-7): an itemised loss, or a signed `correction`
 * of the computed total. Every adjustment states its reason, so the préfecture can explain every euro.
 */
const NATURES_AJUSTEMENT = [...NATURES_COMPLEMENT, 'correction'] as const;

export const schemaAjustementIndemnisation = z
  .strictObject({
    nature: z.enum(NATURES_AJUSTEMENT, 'Nature d’ajustement inconnue'),
    libelle: z.string().trim().min(1, 'Le libellé est obligatoire').max(500),
    montant: z
      .number('Montant invalide')
      .min(-1_000_000)
      .max(1_000_000)
      .refine((v) => Number.isInteger(Math.round(v * 100 * 1e6) / 1e6), 'Deux décimales au plus'),
    motif: z.string().trim().min(3, 'Le motif de l’ajustement est obligatoire').max(2000),
  })
  .refine((a) => a.nature === 'correction' || a.montant >= 0, {
    path: ['montant'],
    message: 'Seule une correction peut être négative',
  });
export type AjustementIndemnisation = z.infer<typeof schemaAjustementIndemnisation>;

/**
 * Steps of the settlement of the indemnity (CPCE R154-2 to R154-4). The claim is acknowledged with the date
 * its silence becomes a rejection; the amicable branch ends with a transaction (the owner waives any action, the
 * State is subrogated to the owner's rights against the occupant for the period) and its payment; the contentious
 * branch goes before the tribunal administratif.
 */
export const ETAPES_REGLEMENT = [
  'demande_recue',
  'proposition',
  'signature_beneficiaire',
  'signature_prefet',
  'ordre_paiement',
  'paiement',
  'subrogation',
  'recours_ta',
  'jugement_ta',
] as const;
export type EtapeReglement = (typeof ETAPES_REGLEMENT)[number];

export const LIBELLES_ETAPE_REGLEMENT: Record<EtapeReglement, string> = {
  demande_recue: 'Demande d’indemnisation reçue',
  proposition: 'Montant proposé',
  signature_beneficiaire: 'Transaction signée par le bénéficiaire',
  signature_prefet: 'Transaction signée par le préfet',
  ordre_paiement: 'Ordre de paiement émis',
  paiement: 'Paiement effectué',
  subrogation: 'Subrogation de l’État enregistrée',
  recours_ta: 'Requête devant le tribunal administratif',
  jugement_ta: 'Jugement du tribunal administratif',
};

const dateEtape = z.iso.date('Date invalide (format attendu AAAA-MM-JJ)');
const montantEuros = z
  .number('Montant invalide')
  .min(0, 'Le montant ne peut pas être négatif')
  .max(10_000_000)
  .refine((v) => Number.isInteger(Math.round(v * 100 * 1e6) / 1e6), 'Deux décimales au plus');
const etape = <E extends EtapeReglement, S extends z.ZodRawShape>(nom: E, champs: S) =>
  z.strictObject({ etape: z.literal(nom), date: dateEtape, ...champs });

export const schemaEtapeReglement = z.discriminatedUnion(
  'etape',
  [
    etape('demande_recue', { montantDemande: montantEuros.nullish() }),
    etape('proposition', { montant: montantEuros }),
    etape('signature_beneficiaire', {}),
    etape('signature_prefet', {}),
    etape('ordre_paiement', {}),
    etape('paiement', { montant: montantEuros }),
    etape('subrogation', {}),
    etape('recours_ta', {}),
    etape('jugement_ta', { montantAlloue: montantEuros }),
  ],
  'Étape de règlement inconnue',
);
export type EtapeReglementSoumise = z.infer<typeof schemaEtapeReglement>;

/** An IRL index entered by the departmental administrator (loi 89-462 art. 17-1), e.g. 145.47. */
export const schemaTrimestreIrl = z
  .string()
  .regex(/^\d{4}-T[1-4]$/, 'Trimestre invalide (format attendu AAAA-Tn)');
export const schemaIndiceIrl = z.strictObject({
  valeur: z
    .number('Indice invalide')
    .gt(0, 'L’indice doit être positif')
    .max(10_000, 'Indice invalide')
    .refine((v) => Number.isInteger(Math.round(v * 100 * 1e6) / 1e6), 'Deux décimales au plus'),
});
