import type { MainNavigationProps } from '@codegouvfr/react-dsfr/MainNavigation';
import type { Utilisateur } from '../api/session';

export function libellePerimetre(u: Utilisateur): string {
  const p = u.perimetre;
  switch (p.type) {
    case 'departements':
      return `département${p.departements.length > 1 ? 's' : ''} ${p.departements.join(', ')}`;
    case 'arrondissements':
      return `arrondissement${p.arrondissements.length > 1 ? 's' : ''} ${p.arrondissements.join(', ')}`;
    case 'commission':
      return `CCAPEX du ${p.departements.join(', ')}`;
    case 'organisation':
    case 'unite':
      return u.organisation.nom;
    case 'agrege':
      return 'France entière (données agrégées)';
    default:
      return 'aucun périmètre';
  }
}

export function navigationPour(u: Utilisateur, chemin: string): MainNavigationProps.Item[] {
  const items: MainNavigationProps.Item[] = [
    { text: 'Accueil', linkProps: { to: '/' }, isActive: chemin === '/' },
  ];
  const permissions = new Set(u.permissions.map((p) => p.code));
  if (permissions.has('dossier.lire')) {
    items.push(
      { text: 'À traiter', linkProps: { to: '/a-traiter' }, isActive: chemin.startsWith('/a-traiter') },
      { text: 'Dossiers', linkProps: { to: '/dossiers' }, isActive: chemin.startsWith('/dossiers') },
    );
  }
  if (permissions.has('cfp.instruire') || permissions.has('cfp.enquete')) {
    items.push({
      text: permissions.has('cfp.instruire') ? 'Concours de la force publique' : 'Enquêtes de concours',
      linkProps: { to: '/cfp' },
      isActive: chemin.startsWith('/cfp'),
    });
  }
  if (u.profil === 'bailleur') {
    items.push({
      text: 'Saisines CCAPEX',
      isActive: chemin.startsWith('/bailleur'),
      menuLinks: [
        {
          text: 'Saisir la CCAPEX',
          linkProps: { to: '/bailleur/saisir' },
          isActive: chemin === '/bailleur/saisir',
        },
        {
          text: 'Mes saisines',
          linkProps: { to: '/bailleur/saisines' },
          isActive: chemin === '/bailleur/saisines',
        },
        {
          text: 'Importer un fichier CSV',
          linkProps: { to: '/bailleur/imports' },
          isActive: chemin === '/bailleur/imports',
        },
      ],
    });
  }
  if (permissions.has('indemnisation.instruire')) {
    items.push({
      text: 'Indemnités',
      linkProps: { to: '/indemnisation/budget' },
      isActive: chemin.startsWith('/indemnisation'),
    });
  }
  if (permissions.has('pilotage.lire')) {
    items.push({
      text: 'Pilotage',
      linkProps: { to: '/pilotage' },
      isActive: chemin.startsWith('/pilotage'),
    });
  }
  if (u.profil === 'admin_departemental') {
    items.push(
      {
        text: 'Comptes',
        linkProps: { to: '/admin/utilisateurs' },
        isActive: chemin.startsWith('/admin/utilisateurs'),
      },
      {
        text: 'Organisations',
        linkProps: { to: '/admin/organisations' },
        isActive: chemin.startsWith('/admin/organisations'),
      },
      {
        text: 'CCAPEX du département',
        linkProps: { to: '/admin/ccapex' },
        isActive: chemin.startsWith('/admin/ccapex'),
      },
      {
        text: 'Indices IRL',
        linkProps: { to: '/admin/irl' },
        isActive: chemin.startsWith('/admin/irl'),
      },
      {
        text: 'Unités des enquêtes',
        linkProps: { to: '/admin/communes-unites' },
        isActive: chemin.startsWith('/admin/communes-unites'),
      },
      {
        text: 'Journal des accès',
        linkProps: { to: '/admin/journal' },
        isActive: chemin.startsWith('/admin/journal'),
      },
      {
        text: 'Alertes de sécurité',
        linkProps: { to: '/admin/alertes-securite' },
        isActive: chemin.startsWith('/admin/alertes-securite'),
      },
    );
  }
  // CCAPEX triage and orientations (issue #5): the secretariat triages, members follow their orientations.
  if (permissions.has('ccapex.secretariat') || permissions.has('ccapex.membre')) {
    items.push({
      text: 'CCAPEX',
      isActive: /^\/ccapex\/(saisines|orientations)/.test(chemin),
      menuLinks: [
        ...(permissions.has('ccapex.secretariat')
          ? [
              {
                text: 'Saisines à trier',
                linkProps: { to: '/ccapex/saisines' },
                isActive: chemin.startsWith('/ccapex/saisines'),
              },
            ]
          : []),
        ...(permissions.has('ccapex.membre')
          ? [
              {
                text: 'Mes orientations',
                linkProps: { to: '/ccapex/orientations' },
                isActive: chemin.startsWith('/ccapex/orientations'),
              },
            ]
          : []),
      ],
    });
  }
  // CCAPEX séances (issue #5): the secretariat runs them, members see their commission's.
  if (permissions.has('ccapex.secretariat')) {
    items.push({
      text: 'Séances CCAPEX',
      isActive: /^\/ccapex\/(seances|recommandations|rapport-annuel)/.test(chemin),
      menuLinks: [
        {
          text: 'Séances',
          linkProps: { to: '/ccapex/seances' },
          isActive: chemin.startsWith('/ccapex/seances'),
        },
        {
          text: 'Suivi des recommandations',
          linkProps: { to: '/ccapex/recommandations' },
          isActive: chemin.startsWith('/ccapex/recommandations'),
        },
        {
          text: 'Rapport annuel',
          linkProps: { to: '/ccapex/rapport-annuel' },
          isActive: chemin.startsWith('/ccapex/rapport-annuel'),
        },
      ],
    });
  } else if (permissions.has('ccapex.membre')) {
    items.push({
      text: 'Séances CCAPEX',
      linkProps: { to: '/ccapex/seances' },
      isActive: chemin.startsWith('/ccapex/seances'),
    });
  }
  items.push({
    text: 'Simulateur',
    linkProps: { to: '/simulateur' },
    isActive: chemin.startsWith('/simulateur'),
  });
  return items;
}
