import { z } from 'zod';
import { PROFILS, TYPES_ORGANISATION } from '../acces/profils.js';

export const schemaConnexion = z.strictObject({
  email: z.string().trim().min(1, 'Saisissez votre adresse électronique').max(320),
  motDePasse: z.string().min(1, 'Saisissez votre mot de passe').max(1024),
});
export type Connexion = z.infer<typeof schemaConnexion>;

export const schemaProfil = z.enum(PROFILS);
export const schemaTypeOrganisation = z.enum(TYPES_ORGANISATION);

const codeTerritoire = z.string().regex(/^[0-9AB]{2,4}$/, 'Code de territoire invalide');

export const schemaNouvelUtilisateur = z.strictObject({
  email: z.email('Adresse électronique invalide').max(320),
  nom: z.string().trim().min(1, 'Le nom est obligatoire').max(200),
  prenom: z.string().trim().max(200).default(''),
  profil: schemaProfil,
  organisationId: z.uuid('Organisation invalide'),
  arrondissements: z.array(codeTerritoire).max(20).optional(),
  motDePasse: z.string().min(12, 'Le mot de passe doit compter au moins 12 caractères').max(256).optional(),
});
export type NouvelUtilisateur = z.infer<typeof schemaNouvelUtilisateur>;

export const schemaModificationUtilisateur = z.strictObject({
  actif: z.boolean().optional(),
  profil: schemaProfil.optional(),
  nom: z.string().trim().min(1).max(200).optional(),
  prenom: z.string().trim().max(200).optional(),
});

export const schemaNouvelleOrganisation = z.strictObject({
  type: schemaTypeOrganisation,
  nom: z.string().trim().min(1, 'Le nom est obligatoire').max(300),
  siret: z
    .string()
    .regex(/^\d{14}$/, 'Le SIRET compte 14 chiffres')
    .optional(),
  arrondissements: z.array(codeTerritoire).max(20).optional(),
});

export const schemaModificationOrganisation = z.strictObject({
  actif: z.boolean().optional(),
  nom: z.string().trim().min(1).max(300).optional(),
});
