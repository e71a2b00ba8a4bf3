import { z } from 'zod';

/**
 * The indemnity claim of the eviction decision's beneficiary after a refusal of the concours de la force
 * publique (CPCE R154-2): claimed period and amounts (the supporting documents travel beside it). Shared by the
 * API (landlord's claim, agent's entry of a paper claim) and the web form.
 */
const dateIso = z.iso.date('Date invalide (format attendu AAAA-MM-JJ)');
const euros = z
  .number('Montant invalide')
  .nonnegative('Le montant ne peut pas être négatif')
  .max(10_000_000, 'Montant trop élevé');

export const schemaReclamationIndemnisation = z
  .strictObject({
    periodeDu: dateIso,
    periodeAu: dateIso,
    montantLoyers: euros,
    montantCharges: euros,
    montantAutres: euros.default(0),
    libelleAutres: z.string().trim().max(500, '500 caractères au plus').optional(),
    observations: z.string().trim().max(4000, '4 000 caractères au plus').optional(),
    /** Agents only: the day the paper claim was received (default today). */
    recueLe: dateIso.optional(),
  })
  .refine((r) => r.periodeAu >= r.periodeDu, {
    path: ['periodeAu'],
    message: 'La fin de la période doit suivre son début',
  })
  .refine((r) => r.montantAutres === 0 || !!r.libelleAutres, {
    path: ['libelleAutres'],
    message: 'Précisez la nature des autres préjudices',
  });
export type ReclamationIndemnisation = z.infer<typeof schemaReclamationIndemnisation>;

/** At most this many supporting documents with one claim. */
export const MAX_JUSTIFICATIFS_RECLAMATION = 10;
