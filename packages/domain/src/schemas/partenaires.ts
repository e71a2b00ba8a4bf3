import { z } from 'zod';
import type { Evenement, TypeEvenement } from '../procedure/scenario.js';
import { lireEvenement } from '../procedure/valider-scenario.js';
import { type NouveauDossier, schemaNouveauDossier } from './dossier.js';

/** Partner types of the partner API (contracts/api.md) and the acts each may transmit. */
export const TYPES_PARTENAIRE = ['commissaire_justice', 'bailleur', 'caf', 'banque_de_france'] as const;
export type TypePartenaire = (typeof TYPES_PARTENAIRE)[number];

/**
 * What the law routes through the system for each partner: the commissaires de justice's acts (loi 89-462
 * art. 24, CPCE L412-5, L431-2, L431-3), the legal-entity landlords' saisines and claims, the CAF's arrears
 * reports, the Banque de France's over-indebtedness suspensions.
 */
export const ACTES_PAR_PARTENAIRE: Readonly<Record<TypePartenaire, readonly TypeEvenement[]>> = {
  commissaire_justice: [
    'commandement_de_payer',
    'signalement_commandement_ccapex',
    'assignation',
    'notification_assignation_prefet',
    'renvoi_audience',
    'decision_justice',
    'decheance_delais_paiement',
    'signification_decision',
    'commandement_quitter_lieux',
    'information_prefet_cql',
    'delais_jex',
    'demande_cfp',
    'pv_tentative_expulsion',
    'expulsion_realisee',
    'depart_volontaire',
  ],
  bailleur: [
    'impaye_constitue',
    'plan_apurement',
    'saisine_ccapex',
    'protocole_cohesion_sociale',
    'demande_indemnisation',
    'apurement_dette',
    'desistement_bailleur',
    'vente_logement',
    'depart_volontaire',
    'relogement',
  ],
  caf: ['signalement_impaye_caf', 'impaye_constitue', 'plan_apurement', 'saisine_ccapex'],
  banque_de_france: ['suspension_surendettement'],
};

const schemaReferenceDossier = z.union([
  z.strictObject({
    numero: z.string().regex(/^\d{4}-[0-9AB]{2,3}-\d{6}$/, 'Numéro de dossier invalide (AAAA-DEP-NNNNNN)'),
  }),
  schemaNouveauDossier,
]);

const schemaEnveloppe = z.looseObject({
  reference: z.string().trim().min(1, 'La référence de l’acte est obligatoire').max(200),
  dossier: schemaReferenceDossier,
});

export interface ActePartenaire {
  reference: string;
  dossier: { numero: string } | NouveauDossier;
  evenement: Evenement;
}

export type ResultatLectureActe =
  | { ok: true; acte: ActePartenaire }
  | { ok: false; details: { chemin: string; message: string; code?: string }[] };

/** Reads a partner's act: `reference`, `dossier`, and the event fields of procedure-evaluate.md. */
export function lireActePartenaire(corps: unknown): ResultatLectureActe {
  const enveloppe = schemaEnveloppe.safeParse(corps);
  const details: { chemin: string; message: string; code?: string }[] = [];
  if (!enveloppe.success) {
    for (const i of enveloppe.error.issues) {
      details.push({
        chemin: i.path
          .map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))
          .join('.')
          .replace(/\.\[/g, '['),
        message: i.message,
      });
    }
  }
  const {
    reference: _r,
    dossier: _d,
    ...champsEvenement
  } = (corps && typeof corps === 'object' ? corps : {}) as Record<string, unknown>;
  const evenement = lireEvenement(champsEvenement);
  if (!evenement.ok)
    details.push({
      chemin: evenement.erreur.chemin,
      message: evenement.erreur.message,
      code: evenement.erreur.code,
    });
  if (details.length > 0 || !enveloppe.success || !evenement.ok) return { ok: false, details };
  return {
    ok: true,
    acte: {
      reference: enveloppe.data.reference,
      dossier: enveloppe.data.dossier,
      evenement: evenement.evenement,
    },
  };
}
