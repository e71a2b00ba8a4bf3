import { fr } from '@codegouvfr/react-dsfr';
import { Footer } from '@codegouvfr/react-dsfr/Footer';
import { Header } from '@codegouvfr/react-dsfr/Header';
import { Notice } from '@codegouvfr/react-dsfr/Notice';
import { SkipLinks } from '@codegouvfr/react-dsfr/SkipLinks';
import { useEffect, useRef } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useConfiguration, useDeconnexion, useUtilisateur } from '../api/session';
import { libellePerimetre, navigationPour } from './navigation';

const BRAND_TOP = (
  <>
    République
    <br />
    Française
  </>
);

export function Gabarit() {
  const { data: utilisateur } = useUtilisateur();
  const { data: configuration } = useConfiguration();
  const deconnecter = useDeconnexion();
  const naviguer = useNavigate();
  const { pathname } = useLocation();
  const contenu = useRef<HTMLElement>(null);

  // RGAA 12.x: after a client-side navigation, move the focus to the new content.
  const cheminPrecedent = useRef(pathname);
  useEffect(() => {
    if (cheminPrecedent.current === pathname) return;
    cheminPrecedent.current = pathname;
    contenu.current?.focus();
  });

  return (
    <>
      <SkipLinks
        links={[
          { label: 'Contenu', anchor: '#contenu' },
          { label: 'Pied de page', anchor: '#pied-de-page' },
        ]}
      />
      <Header
        brandTop={BRAND_TOP}
        serviceTitle="Exploc"
        serviceTagline="Prévention des expulsions locatives"
        homeLinkProps={{ to: '/', title: 'Accueil — Exploc' }}
        navigation={utilisateur ? navigationPour(utilisateur, pathname) : undefined}
        quickAccessItems={
          utilisateur
            ? [
                {
                  iconId: 'fr-icon-account-circle-line',
                  text: `${utilisateur.prenom} ${utilisateur.nom} — ${utilisateur.libelleProfil}, ${libellePerimetre(utilisateur)}`,
                  linkProps: { to: '/preferences', title: 'Mes préférences' },
                },
                {
                  iconId: 'fr-icon-logout-box-r-line',
                  text: 'Se déconnecter',
                  buttonProps: {
                    onClick: async () => {
                      // A ProConnect session also ends at the provider (RP-initiated logout): /deconnexion.
                      if (configuration?.proconnect) {
                        naviguer('/deconnexion');
                        return;
                      }
                      await deconnecter();
                      naviguer('/connexion');
                    },
                  },
                },
              ]
            : [
                {
                  iconId: 'fr-icon-calendar-line',
                  text: 'Simulateur de procédure',
                  linkProps: { to: '/simulateur' },
                },
                { iconId: 'fr-icon-lock-line', text: 'Se connecter', linkProps: { to: '/connexion' } },
              ]
        }
      />
      {configuration?.demo ? (
        <Notice
          title={
            configuration.bacASable
              ? 'Bac à sable des partenaires : toutes les données sont fictives. N’y transmettez aucune donnée réelle.'
              : 'Démonstration : toutes les données sont fictives. N’y saisissez aucune donnée réelle.'
          }
          isClosable={false}
        />
      ) : null}
      <main
        id="contenu"
        ref={contenu}
        tabIndex={-1}
        className={fr.cx('fr-container', 'fr-py-6w')}
        style={{ outline: 'none' }}
      >
        <Outlet />
      </main>
      <Footer
        id="pied-de-page"
        accessibility="partially compliant"
        contentDescription="Exploc aide les services de l’État et leurs partenaires à prévenir les expulsions locatives et à suivre les procédures, du premier impayé à l’indemnisation des bailleurs."
        accessibilityLinkProps={{ to: '/accessibilite' }}
        termsLinkProps={{ to: '/mentions-legales' }}
        bottomItems={[
          { text: 'Données personnelles', linkProps: { to: '/donnees-personnelles' } },
          { text: 'Simulateur de procédure', linkProps: { to: '/simulateur' } },
          { text: 'Documentation de l’API', linkProps: { href: '/api/docs' } },
        ]}
      />
    </>
  );
}
