/** Who is expected to record or perform each act of the procedure. */
export const ACTEURS = [
  'bailleur',
  'commissaire_justice',
  'prefecture',
  'juge',
  'ccapex',
  'caf',
  'forces_ordre',
  'travailleur_social',
  'menage',
] as const;
export type Acteur = (typeof ACTEURS)[number];
