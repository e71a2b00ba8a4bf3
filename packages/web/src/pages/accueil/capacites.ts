export interface Capacite {
  titre: string;
  description: string;
  lien: string;
}

const SIMULATEUR: Capacite = {
  titre: 'Simulateur de procédure',
  description: 'Calculez les délais légaux d’une procédure d’expulsion à partir de ses actes.',
  lien: '/simulateur',
};

/** Entry points open to each profile (only pages that exist). */
export const CAPACITES_PAR_PROFIL: Record<string, Capacite[]> = {
  admin_departemental: [
    { titre: 'Comptes', description: 'Créer, désactiver et modifier les comptes de votre département.', lien: '/admin/utilisateurs' },
    { titre: 'Organisations', description: 'Les services et partenaires de votre département.', lien: '/admin/organisations' },
    SIMULATEUR,
  ],
};

export function capacitesDe(profil: string): Capacite[] {
  return CAPACITES_PAR_PROFIL[profil] ?? [SIMULATEUR];
}
