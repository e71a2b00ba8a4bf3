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

/** Landlords that are legal entities: the CCAPEX saisine before assignation (loi 89-462 art. 24 II), their dossiers. */
CAPACITES_PAR_PROFIL.bailleur = [
  {
    titre: 'Saisir la CCAPEX',
    description:
      'Saisine préalable à l’assignation : ménage, bail, loyer, dette et démarches, avec l’accusé de réception.',
    lien: '/bailleur/saisir',
  },
  {
    titre: 'Mes saisines',
    description: 'Le statut de vos saisines (à trier, acceptée, rejetée) et leurs accusés de réception.',
    lien: '/bailleur/saisines',
  },
  {
    titre: 'Importer des saisines',
    description: 'Plusieurs saisines en une fois depuis un fichier CSV, avec un rapport ligne à ligne.',
    lien: '/bailleur/imports',
  },
  ...DOSSIERS.filter((c) => c.lien === '/dossiers'),
  SIMULATEUR,
];

export function capacitesDe(profil: string, permissions: readonly string[]): Capacite[] {
  const pilotage = permissions.includes('pilotage.lire') ? [PILOTAGE] : [];
  const propres = CAPACITES_PAR_PROFIL[profil];
  if (propres) return [...propres.filter((c) => c !== SIMULATEUR), ...pilotage, SIMULATEUR];
  return [...(permissions.includes('dossier.lire') ? DOSSIERS : []), ...pilotage, SIMULATEUR];
}
