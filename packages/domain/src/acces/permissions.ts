import type { Profil } from './profils.js';

/** The permission catalogue: every action a route may require. */
export const PERMISSIONS = [
  'dossier.lire',
  'dossier.creer',
  'dossier.modifier',
  'dossier.evenement.ajouter',
  'dossier.exporter',
  'dossier.assigner',
  'ccapex.secretariat',
  'ccapex.membre',
  'ccapex.saisir',
  'ccapex.administrer',
  'cfp.instruire',
  'cfp.decider',
  'cfp.enquete',
  'indemnisation.instruire',
  'indemnisation.reclamer',
  'pilotage.lire',
  'admin.utilisateurs',
  'admin.organisations',
  'admin.parametres',
  'journal.consulter',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const AGENT_ETAT: readonly Permission[] = [
  'dossier.lire',
  'dossier.creer',
  'dossier.modifier',
  'dossier.evenement.ajouter',
  'dossier.exporter',
  'dossier.assigner',
  'pilotage.lire',
];

export const PERMISSIONS_PAR_PROFIL: Record<Profil, readonly Permission[]> = {
  agent_prefecture: [
    ...AGENT_ETAT,
    'cfp.instruire',
    'cfp.decider',
    'indemnisation.instruire',
    'ccapex.saisir',
  ],
  agent_sous_prefecture: [...AGENT_ETAT, 'cfp.instruire', 'indemnisation.instruire', 'ccapex.saisir'],
  agent_ddets: [...AGENT_ETAT, 'ccapex.secretariat', 'ccapex.saisir'],
  agent_ddt: [...AGENT_ETAT, 'ccapex.secretariat', 'ccapex.saisir'],
  forces_ordre: ['dossier.lire', 'cfp.enquete'],
  membre_ccapex: ['dossier.lire', 'ccapex.membre', 'ccapex.saisir'],
  secretariat_ccapex: [
    'dossier.lire',
    'dossier.creer',
    'dossier.evenement.ajouter',
    'ccapex.secretariat',
    'ccapex.membre',
    'ccapex.saisir',
  ],
  bailleur: ['dossier.lire', 'dossier.creer', 'ccapex.saisir', 'indemnisation.reclamer'],
  commissaire_justice: ['dossier.lire'],
  caf: [],
  banque_de_france: [],
  admin_departemental: [
    'admin.utilisateurs',
    'admin.organisations',
    'admin.parametres',
    'journal.consulter',
    'pilotage.lire',
    'ccapex.administrer',
  ],
  pilotage_national: ['pilotage.lire'],
};

const ENSEMBLES = new Map<Profil, ReadonlySet<Permission>>(
  (Object.entries(PERMISSIONS_PAR_PROFIL) as [Profil, readonly Permission[]][]).map(([p, l]) => [
    p,
    new Set(l),
  ]),
);

/** The one permission check: does this profile hold this permission? */
export function peut(profil: Profil, permission: Permission): boolean {
  return ENSEMBLES.get(profil)?.has(permission) ?? false;
}

export const LIBELLES_PERMISSIONS: Record<Permission, string> = {
  'dossier.lire': 'consulter les dossiers de votre périmètre',
  'dossier.creer': 'créer des dossiers',
  'dossier.modifier': 'modifier le ménage, le bail et le bailleur d’un dossier',
  'dossier.evenement.ajouter': 'enregistrer les actes et événements de la procédure',
  'dossier.exporter': 'exporter les listes de dossiers',
  'dossier.assigner': 'attribuer des dossiers à un agent',
  'ccapex.secretariat': 'assurer le secrétariat de la CCAPEX',
  'ccapex.membre': 'examiner les dossiers soumis à votre commission',
  'ccapex.saisir': 'saisir la CCAPEX d’une situation d’impayé',
  'ccapex.administrer': 'organiser les CCAPEX du département (commissions, membres, règlement intérieur)',
  'cfp.instruire': 'instruire les demandes de concours de la force publique',
  'cfp.decider': 'décider du concours de la force publique',
  'cfp.enquete': 'mener les enquêtes de concours confiées à votre unité',
  'indemnisation.instruire': 'instruire les demandes d’indemnisation des bailleurs',
  'indemnisation.reclamer': 'demander à l’État l’indemnisation d’un refus du concours de la force publique',
  'pilotage.lire': 'consulter les indicateurs de pilotage',
  'admin.utilisateurs': 'administrer les comptes de votre département',
  'admin.organisations': 'administrer les organisations de votre département',
  'admin.parametres': 'régler les paramètres locaux (seuils, trêve outre-mer…)',
  'journal.consulter': 'consulter le journal des accès',
};
