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
