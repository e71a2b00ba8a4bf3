import type { Profil } from './profils.js';

/** Classes of personal fields (architecture.md §2.8). */
export const CLASSES_CHAMPS = [
  'identite',
  'contact',
  'financier',
  'judiciaire',
  'social',
  'secret_ccapex',
] as const;
export type ClasseChamp = (typeof CLASSES_CHAMPS)[number];

const TOUT: readonly ClasseChamp[] = CLASSES_CHAMPS;

/**
 * Profile × field-class matrix. Police see no social data (need to know for a CFP enquiry: identity, contact,
 * court decision); landlords see neither social data nor the CCAPEX compartment; national steering sees no
 * named data at all. Partner systems receive only what their exchange carries.
 */
export const CLASSES_VISIBLES: Record<Profil, readonly ClasseChamp[]> = {
  agent_prefecture: TOUT,
  agent_sous_prefecture: TOUT,
  agent_ddets: TOUT,
  agent_ddt: TOUT,
  forces_ordre: ['identite', 'contact', 'judiciaire'],
  membre_ccapex: TOUT,
  secretariat_ccapex: TOUT,
  bailleur: ['identite', 'contact', 'financier', 'judiciaire'],
  commissaire_justice: ['identite', 'contact', 'financier', 'judiciaire'],
  caf: ['identite', 'financier'],
  banque_de_france: ['identite', 'financier'],
  admin_departemental: [],
  pilotage_national: [],
};

export function voitClasse(profil: Profil, classe: ClasseChamp): boolean {
  return CLASSES_VISIBLES[profil].includes(classe);
}

/**
 * What a document holds decides who may open it, through the same matrix: a social diagnosis deposited by an
 * agent is `social` (no landlord, no police), a judgment or a commandement is `judiciaire`.
 */
export const CLASSES_DOCUMENT = ['judiciaire', 'financier', 'social', 'secret_ccapex'] as const;
export type ClasseDocument = (typeof CLASSES_DOCUMENT)[number];
export const LIBELLES_CLASSE_DOCUMENT: Record<ClasseDocument, string> = {
  judiciaire: 'Pièce de procédure (acte, décision de justice)',
  financier: 'Pièce financière (décompte, relevé, justificatif de paiement)',
  social: 'Pièce sociale (diagnostic social et financier, évaluation)',
  secret_ccapex: 'Pièce réservée à la CCAPEX',
};

export function classesDocumentVisibles(profil: Profil): ClasseDocument[] {
  return CLASSES_DOCUMENT.filter((c) => voitClasse(profil, c));
}
