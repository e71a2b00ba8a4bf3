/** Profiles of architecture.md §4: one per user. */
export const PROFILS = [
  'agent_prefecture',
  'agent_sous_prefecture',
  'agent_ddets',
  'agent_ddt',
  'forces_ordre',
  'membre_ccapex',
  'secretariat_ccapex',
  'bailleur',
  'commissaire_justice',
  'caf',
  'banque_de_france',
  'admin_departemental',
  'pilotage_national',
] as const;
export type Profil = (typeof PROFILS)[number];

export const LIBELLES_PROFILS: Record<Profil, string> = {
  agent_prefecture: 'Agent de préfecture',
  agent_sous_prefecture: 'Agent de sous-préfecture',
  agent_ddets: 'Agent de DDETS',
  agent_ddt: 'Agent de DDT',
  forces_ordre: 'Forces de l’ordre',
  membre_ccapex: 'Membre de CCAPEX',
  secretariat_ccapex: 'Secrétariat de CCAPEX',
  bailleur: 'Bailleur',
  commissaire_justice: 'Commissaire de justice',
  caf: 'CAF',
  banque_de_france: 'Banque de France',
  admin_departemental: 'Administrateur départemental',
  pilotage_national: 'Pilotage national',
};

export const TYPES_ORGANISATION = [
  'prefecture',
  'sous_prefecture',
  'ddets',
  'ddt',
  'commissariat',
  'brigade_gendarmerie',
  'conseil_departemental',
  'metropole',
  'caf',
  'msa',
  'adil',
  'ccas',
  'bailleur',
  'etude_commissaire_justice',
  'banque_de_france',
  'administration_centrale',
] as const;
export type TypeOrganisation = (typeof TYPES_ORGANISATION)[number];

export const LIBELLES_TYPES_ORGANISATION: Record<TypeOrganisation, string> = {
  prefecture: 'Préfecture',
  sous_prefecture: 'Sous-préfecture',
  ddets: 'DDETS',
  ddt: 'DDT',
  commissariat: 'Commissariat de police',
  brigade_gendarmerie: 'Brigade de gendarmerie',
  conseil_departemental: 'Conseil départemental',
  metropole: 'Métropole',
  caf: 'Caisse d’allocations familiales',
  msa: 'Mutualité sociale agricole',
  adil: 'ADIL',
  ccas: 'CCAS',
  bailleur: 'Bailleur',
  etude_commissaire_justice: 'Étude de commissaire de justice',
  banque_de_france: 'Banque de France',
  administration_centrale: 'Administration centrale',
};

/** Which organisation types may hold each profile (checked when an administrator creates an account). */
export const TYPES_ORGANISATION_PAR_PROFIL: Record<Profil, readonly TypeOrganisation[]> = {
  agent_prefecture: ['prefecture'],
  agent_sous_prefecture: ['sous_prefecture'],
  agent_ddets: ['ddets'],
  agent_ddt: ['ddt'],
  forces_ordre: ['commissariat', 'brigade_gendarmerie'],
  membre_ccapex: [
    'conseil_departemental',
    'metropole',
    'caf',
    'msa',
    'adil',
    'ccas',
    'banque_de_france',
    'bailleur',
  ],
  secretariat_ccapex: ['prefecture', 'ddets', 'conseil_departemental'],
  bailleur: ['bailleur'],
  commissaire_justice: ['etude_commissaire_justice'],
  caf: ['caf', 'msa'],
  banque_de_france: ['banque_de_france'],
  admin_departemental: ['prefecture', 'ddets'],
  pilotage_national: ['administration_centrale'],
};
