import { z } from 'zod';
import { LIBELLES_ALERTE } from '../procedure/libelles.js';
import { PHASES, TYPES_BAILLEUR } from '../procedure/scenario.js';

/** Shared by the API (POST /api/v1/dossiers, PATCH) and the web forms: contracts/api.md, « Dossiers ». */

const texte = (max: number, message = 'Ce champ est obligatoire') =>
  z.string().trim().min(1, message).max(max);
const dateIso = z.iso.date('Date invalide (format attendu AAAA-MM-JJ)');
/** Euros with at most two decimals. */
const euros = z
  .number('Montant invalide')
  .nonnegative('Le montant ne peut pas être négatif')
  .max(1_000_000, 'Montant trop élevé')
  .refine((v) => Math.round(v * 100) === Math.round(v * 100 * 1e6) / 1e6, 'Deux décimales au plus');

export const ROLES_PERSONNE = ['titulaire', 'cotitulaire', 'occupant'] as const;

export const schemaPersonne = z.strictObject({
  nom: texte(200, 'Le nom est obligatoire'),
  prenoms: texte(200, 'Le prénom est obligatoire'),
  dateNaissance: dateIso.nullish(),
  role: z.enum(ROLES_PERSONNE, 'Rôle invalide'),
});

export const schemaMenage = z.strictObject({
  personnes: z
    .array(schemaPersonne)
    .min(1, 'Indiquez au moins une personne')
    .max(20)
    .refine((p) => p.some((x) => x.role === 'titulaire'), 'Le ménage doit compter un titulaire du bail'),
  telephone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 .-]{6,20}$/, 'Numéro de téléphone invalide')
    .nullish(),
  email: z.email('Adresse électronique invalide').nullish(),
  allocataire: z
    .strictObject({
      organisme: z.enum(['caf', 'msa']),
      numero: z
        .string()
        .trim()
        .regex(/^[0-9A-Za-z]{4,20}$/, 'Numéro d’allocataire invalide'),
    })
    .nullish(),
});

export const schemaAdresse = z.strictObject({
  ligne: texte(300, 'L’adresse est obligatoire'),
  codePostal: z.string().regex(/^\d{5}$/, 'Le code postal compte 5 chiffres'),
  codeInsee: z.string().regex(/^[0-9][0-9AB][0-9]{3}$/, 'Code INSEE invalide'),
});

export const schemaLogement = z.strictObject({ adresse: schemaAdresse, social: z.boolean() });

export const schemaBail = z
  .strictObject({
    dateSignature: dateIso,
    dateDernierRenouvellement: dateIso.nullish(),
    loyerMensuelHC: euros,
    chargesMensuelles: euros,
  })
  .refine((b) => !b.dateDernierRenouvellement || b.dateDernierRenouvellement >= b.dateSignature, {
    message: 'Le renouvellement ne peut précéder la signature',
    path: ['dateDernierRenouvellement'],
  });

export const schemaBailleur = z
  .strictObject({
    type: z.enum(TYPES_BAILLEUR, 'Type de bailleur invalide'),
    nom: texte(300, 'Le nom du bailleur est obligatoire'),
    siret: z
      .string()
      .regex(/^\d{14}$/, 'Le SIRET compte 14 chiffres')
      .nullish(),
  })
  .refine((b) => b.type !== 'personne_morale' || !!b.siret, {
    message: 'Le SIRET est obligatoire pour une personne morale',
    path: ['siret'],
  });

export const schemaNouveauDossier = z.strictObject({
  menage: schemaMenage,
  logement: schemaLogement,
  bail: schemaBail,
  bailleur: schemaBailleur,
  prioritaireDalo: z.boolean().optional(),
  relogementAssure: z.boolean().optional(),
});
export type NouveauDossier = z.infer<typeof schemaNouveauDossier>;

export const schemaModificationDossier = z
  .strictObject({
    menage: schemaMenage.optional(),
    logement: schemaLogement.optional(),
    bail: schemaBail.optional(),
    bailleur: schemaBailleur.optional(),
    prioritaireDalo: z.boolean().optional(),
    relogementAssure: z.boolean().optional(),
    agentId: z.uuid().nullable().optional(),
    composition: z
      .strictObject({
        adultes: z.number().int().min(1, 'Au moins un adulte').max(20),
        enfants: z.number().int().min(0).max(20),
      })
      .nullable()
      .optional(),
    ressourcesMensuelles: euros.nullable().optional(),
  })
  .refine((m) => Object.keys(m).length > 0, 'Aucune modification demandée');
export type ModificationDossier = z.infer<typeof schemaModificationDossier>;

export const TRIS_DOSSIERS = ['prochaineEcheance', '-misAJourLe', 'numero'] as const;

export const schemaFiltresDossiers = z.strictObject({
  q: z.string().trim().max(200).optional(),
  phase: z.enum(PHASES, 'Phase inconnue').optional(),
  alerte: z
    .string()
    .regex(/^[a-z_]{3,60}$/, 'Code d’alerte invalide')
    .optional(),
  echeanceAvant: dateIso.optional(),
  departement: z
    .string()
    .regex(/^[0-9][0-9AB][0-9]?$/, 'Code de département invalide')
    .optional(),
  commune: z
    .string()
    .regex(/^[0-9][0-9AB][0-9]{3}$/, 'Code INSEE invalide')
    .optional(),
  bailleur: z.string().trim().min(1).max(200).optional(),
  agent: z.union([z.uuid(), z.literal('moi'), z.literal('aucun')]).optional(),
  page: z.coerce.number().int().min(1, 'La page commence à 1').default(1),
  parPage: z.coerce.number().int().min(1).max(200, '200 dossiers par page au plus').default(50),
  tri: z.enum(TRIS_DOSSIERS).default('prochaineEcheance'),
});
export type FiltresDossiers = z.infer<typeof schemaFiltresDossiers>;

/**
 * Alerts a dossier's list can show: the engine's, plus the application's own (a partner's act recorded but
 * incoherent with the timeline, waiting for an agent).
 */
export const LIBELLES_ALERTE_DOSSIER: Readonly<Record<string, string>> = {
  ...LIBELLES_ALERTE,
  acte_a_verifier: 'Acte de partenaire à vérifier',
};
