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
        text: 'Indices IRL',
        linkProps: { to: '/admin/irl' },
        isActive: chemin.startsWith('/admin/irl'),
      },
      {
        text: 'Unités des enquêtes',
        linkProps: { to: '/admin/communes-unites' },
        isActive: chemin.startsWith('/admin/communes-unites'),
      },
    );
  }
  items.push({
    text: 'Simulateur',
    linkProps: { to: '/simulateur' },
    isActive: chemin.startsWith('/simulateur'),
  });
  return items;
}
