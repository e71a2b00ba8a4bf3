import { z } from 'zod';

/**
 * What Exploc asks of the partners' information systems (domain.md §6). The ports are interfaces so the
 * service never depends on HTTP: the adapters below speak to the real systems or to `exploc simulateur`.
 */

/** The CAF's (or MSA's) view of a household: what completes and corrects the dossier. */
export const situationCafSchema = z.object({
  numeroAllocataire: z.string(),
  organisme: z.enum(['caf', 'msa']),
  compositionFoyer: z.object({ adultes: z.number().int().min(0), enfants: z.number().int().min(0) }),
  ressourcesMensuelles: z.number().min(0),
  prestation: z.object({ type: z.enum(['apl', 'alf', 'als']), montantMensuel: z.number().min(0) }).nullable(),
  tiersPayant: z.boolean(),
  impaye: z.object({
    statut: z.enum(['aucun', 'signale', 'plan_apurement', 'prestation_suspendue']),
    dateSignalement: z.string().nullable(),
    dateSuspension: z.string().nullable(),
  }),
  planApurement: z.enum(['aucun', 'en_cours', 'respecte', 'non_respecte']),
  telephone: z.string().nullable(),
  miseAJourLe: z.string(),
});
export type SituationCaf = z.infer<typeof situationCafSchema>;

/** The over-indebtedness file at the Banque de France (commission de surendettement's secretariat). */
export const situationBdfSchema = z.object({
  dossierDepose: z.boolean(),
  dateDepot: z.string().nullable(),
  dateRecevabilite: z.string().nullable(),
  orientation: z
    .enum([
      'en_instruction',
      'plan_conventionnel',
      'mesures_imposees',
      'retablissement_personnel_sans_liquidation',
      'retablissement_personnel_avec_liquidation',
    ])
    .nullable(),
  // C. consommation L722-5: admissibility may suspend the eviction, except after the concours is granted.
  suspensionExpulsion: z.boolean(),
  dateFinSuspension: z.string().nullable(),
  miseAJourLe: z.string(),
});
export type SituationBdf = z.infer<typeof situationBdfSchema>;

export interface IdentiteDebiteur {
  nom: string;
  prenoms: string;
  dateNaissance: string | null;
  codePostal: string;
}

/** A partner that did not answer usefully: `indisponible` is retried, `introuvable` is an answer. */
export class ErreurPartenaire extends Error {
  constructor(
    readonly nature: 'indisponible' | 'introuvable' | 'reponse_invalide',
    message: string,
  ) {
    super(message);
  }
}

export interface PortCaf {
  situationAllocataire(numeroAllocataire: string): Promise<SituationCaf>;
}

export interface PortBanqueDeFrance {
  situationSurendettement(identite: IdentiteDebiteur): Promise<SituationBdf>;
}

export interface PortsPartenaires {
  caf: PortCaf | undefined;
  banqueDeFrance: PortBanqueDeFrance | undefined;
}
