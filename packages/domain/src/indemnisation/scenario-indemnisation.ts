/**
 * The scenario of contrat indemnisation-calcul: the procedure scenario plus the `indemnisation` key
 * (computation end date, rents in force, itemised add-ons).
 */
import * as z from 'zod';
import { champsScenario, dateSchema } from '../procedure/scenario.js';

/** CPCE R154-7: compensable losses besides rent and charges. */
export const NATURES_COMPLEMENT = [
  'reparations',
  'frais_commissaire_justice',
  'teom',
  'perte_valeur',
  'autre',
] as const;
export type NatureComplement = (typeof NATURES_COMPLEMENT)[number];

const montant = z.number().nonnegative();

export const loyerEnVigueurSchema = z.strictObject({
  aPartirDu: dateSchema,
  loyerMensuelHC: montant,
  chargesMensuelles: montant,
});
export type LoyerEnVigueur = z.infer<typeof loyerEnVigueurSchema>;

export const complementSchema = z.strictObject({
  nature: z.enum(NATURES_COMPLEMENT),
  libelle: z.string().min(1).max(500),
  montant,
});
export type Complement = z.infer<typeof complementSchema>;

export const indemnisationSchema = z
  .strictObject({
    jusquau: dateSchema.nullish(),
    loyers: z.array(loyerEnVigueurSchema).nullish(),
    complements: z.array(complementSchema).nullish(),
  })
  .superRefine((indemnisation, ctx) => {
    const dates = new Set<string>();
    for (const [index, loyer] of (indemnisation.loyers ?? []).entries()) {
      if (dates.has(loyer.aPartirDu)) {
        ctx.addIssue({
          code: 'custom',
          path: ['loyers', index, 'aPartirDu'],
          params: { code: 'valeur_invalide' },
          message: `Deux loyers sont donnés à partir du même jour (${loyer.aPartirDu}).`,
        });
      }
      dates.add(loyer.aPartirDu);
    }
  });
export type Indemnisation = z.infer<typeof indemnisationSchema>;

export const scenarioIndemnisationSchema = z.strictObject({
  ...champsScenario,
  indemnisation: indemnisationSchema.nullish(),
});
export type ScenarioIndemnisation = z.infer<typeof scenarioIndemnisationSchema>;
