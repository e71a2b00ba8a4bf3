import type { ResultatEvaluation } from '@exploc/domain/procedure/evaluer';
import { departementConfigSchema, type Evenement, type Scenario } from '@exploc/domain/procedure/scenario';
import type { Projection } from './repository.js';

/** The columns of a dossier that the engine reads. */
export interface DossierPourMoteur {
  departement_code: string;
  bail_date_signature: string;
  bail_date_dernier_renouvellement: string | null;
  loyer_hc_cents: number;
  charges_cents: number;
  logement_social: boolean;
  prioritaire_dalo: boolean;
  relogement_assure: boolean;
  bailleur_type: string;
}

export interface EvenementStocke {
  id: string;
  type: string;
  date_evenement: string;
  donnees: Record<string, unknown>;
}

export function versEvenement(e: EvenementStocke): Evenement {
  return { ...e.donnees, type: e.type, date: e.date_evenement } as Evenement;
}

/** The departmental settings of local law (arrêté préfectoral), as the engine reads them. */
export function configurationDepartement(parametres: Record<string, unknown>) {
  const lu = departementConfigSchema.safeParse({
    seuilsSignalement: parametres.seuilsSignalement ?? null,
    periodesTreve: parametres.periodesTreve ?? null,
  });
  return lu.success ? lu.data : null;
}

/** Builds the engine's scenario from a dossier (contracts/procedure-evaluate.md). */
export function scenarioDuDossier(
  d: DossierPourMoteur,
  evenements: readonly Evenement[],
  parametres: Record<string, unknown>,
  asOf: string,
): Scenario {
  return {
    asOf,
    departement: d.departement_code as Scenario['departement'],
    departementConfig: configurationDepartement(parametres),
    bail: {
      dateSignature: d.bail_date_signature,
      dateDernierRenouvellement: d.bail_date_dernier_renouvellement,
      bailleur: {
        type: d.bailleur_type as Scenario['bail']['bailleur']['type'],
        logementSocial: d.logement_social,
      },
      loyerMensuelHC: d.loyer_hc_cents / 100,
      chargesMensuelles: d.charges_cents / 100,
    },
    menage: { prioritaireDalo: d.prioritaire_dalo, relogementAssure: d.relogement_assure },
    evenements: [...evenements],
  };
}

/** App-level alert (not the engine's): a partner's act recorded but incoherent, waiting for an agent. */
export const ALERTE_ACTE_A_VERIFIER = 'acte_a_verifier';

/** Phase, next deadline (earliest dated today or later), alert codes and the last known debt. */
export function projectionDe(
  resultat: ResultatEvaluation,
  evenements: readonly Evenement[],
  asOf: string,
  acteAVerifier = false,
): Projection {
  const prochaine = resultat.echeances
    .filter((e) => e.date >= asOf)
    .reduce<(typeof resultat.echeances)[number] | undefined>(
      (min, e) => (!min || e.date < min.date ? e : min),
      undefined,
    );
  let dette: { date: string; cents: number } | undefined;
  for (const e of evenements) {
    const montant = 'montantDette' in e && typeof e.montantDette === 'number' ? e.montantDette : undefined;
    if (montant !== undefined && (!dette || e.date >= dette.date))
      dette = { date: e.date, cents: Math.round(montant * 100) };
    if (e.type === 'apurement_dette' && (!dette || e.date >= dette.date)) dette = { date: e.date, cents: 0 };
  }
  return {
    phase: resultat.phase,
    cloture: resultat.cloture,
    prochaineEcheanceCode: prochaine?.code ?? null,
    prochaineEcheanceDate: prochaine?.date ?? null,
    alertes: [...resultat.alertes.map((a) => a.code), ...(acteAVerifier ? [ALERTE_ACTE_A_VERIFIER] : [])],
    detteCents: dette?.cents ?? null,
    calculeeLe: asOf,
  };
}
