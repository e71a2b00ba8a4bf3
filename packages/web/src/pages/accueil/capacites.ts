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
    {
      titre: 'Comptes',
      description: 'Créer, désactiver et modifier les comptes de votre département.',
      lien: '/admin/utilisateurs',
    },
    {
      titre: 'Organisations',
      description: 'Les services et partenaires de votre département.',
      lien: '/admin/organisations',
    },
    SIMULATEUR,
  ],
};

const DOSSIERS: Capacite[] = [
  {
    titre: 'À traiter',
    description: 'Les échéances proches et les alertes de vos dossiers, les plus urgentes d’abord.',
    lien: '/a-traiter',
  },
  {
    titre: 'Dossiers',
    description:
      'Rechercher les dossiers de votre périmètre, voir où en est la procédure, enregistrer les actes.',
    lien: '/dossiers',
  },
];

const PILOTAGE: Capacite = {
  titre: 'Pilotage',
  description:
    'Les indicateurs de la prévention et des procédures de votre territoire, leurs cartes et leurs exports.',
  lien: '/pilotage',
};

export function capacitesDe(profil: string, permissions: readonly string[]): Capacite[] {
  const pilotage = permissions.includes('pilotage.lire') ? [PILOTAGE] : [];
  const propres = CAPACITES_PAR_PROFIL[profil];
  if (propres) return [...propres.filter((c) => c !== SIMULATEUR), ...pilotage, SIMULATEUR];
  return [...(permissions.includes('dossier.lire') ? DOSSIERS : []), ...pilotage, SIMULATEUR];
}
