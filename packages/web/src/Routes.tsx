import type { QueryClient } from '@tanstack/react-query';
import { lazy, type ReactNode, Suspense } from 'react';
import { Route, Routes as RoutesRouter } from 'react-router';
import { requeteDossier } from './api/dossiers';
import { requeteConfiguration, requeteUtilisateur } from './api/session';
import { Chargement } from './components/Chargement';
import { Gabarit } from './components/Gabarit';
import { LimiteErreur } from './components/LimiteErreur';
import { Protege } from './components/Protege';
import { PageAccueil } from './pages/accueil/PageAccueil';
import { PageConnexion } from './pages/connexion/PageConnexion';
import {
  PageDeconnexion,
  PageProConnectAttente,
  PageProConnectErreur,
} from './pages/connexion/PagesProConnect';
import { Page404, PageAccesRefuse } from './pages/erreurs/PagesErreur';
import { PageAccessibilite } from './pages/legal/PageAccessibilite';
import { PageDonneesPersonnelles } from './pages/legal/PageDonneesPersonnelles';
import { PageMentionsLegales } from './pages/legal/PageMentionsLegales';

const PageUtilisateurs = lazy(() =>
  import('./pages/admin/PageUtilisateurs').then((m) => ({ default: m.PageUtilisateurs })),
);
const PageDossiers = lazy(() =>
  import('./pages/dossiers/PageDossiers').then((m) => ({ default: m.PageDossiers })),
);
const chargerPageDossier = () => import('./pages/dossiers/PageDossier');
const PageDossier = lazy(() => chargerPageDossier().then((m) => ({ default: m.PageDossier })));

/**
 * Started as the app boots, before React renders: the session and the public configuration (every page waits
 * for them), and on a dossier's address the page's code and the dossier itself, all at once instead of one
 * after the other (render → session → code → dossier). A request refused for want of a session is simply asked
 * again by the page once signed in.
 */
export function prechargerSelonAdresse(client: QueryClient, chemin: string) {
  void client.prefetchQuery(requeteUtilisateur);
  void client.prefetchQuery(requeteConfiguration);
  const dossier = /^\/dossiers\/([0-9a-f-]{36})$/i.exec(chemin);
  if (dossier?.[1]) {
    void chargerPageDossier();
    void client.prefetchQuery(requeteDossier(dossier[1]));
  }
}
const PageNouveauDossier = lazy(() =>
  import('./pages/dossiers/PageNouveauDossier').then((m) => ({ default: m.PageNouveauDossier })),
);
const PageActesARattacher = lazy(() =>
  import('./pages/dossiers/PageActesARattacher').then((m) => ({ default: m.PageActesARattacher })),
);
const PageATraiter = lazy(() =>
  import('./pages/dossiers/PageATraiter').then((m) => ({ default: m.PageATraiter })),
);
const PageSimulateur = lazy(() =>
  import('./pages/simulateur/PageSimulateur').then((m) => ({ default: m.PageSimulateur })),
);
const PagePreferences = lazy(() =>
  import('./pages/preferences/PagePreferences').then((m) => ({ default: m.PagePreferences })),
);
const PageOrganisations = lazy(() =>
  import('./pages/admin/PageOrganisations').then((m) => ({ default: m.PageOrganisations })),
);
const PageJournal = lazy(() => import('./pages/admin/PageJournal').then((m) => ({ default: m.PageJournal })));
const PageAlertesSecurite = lazy(() =>
  import('./pages/admin/PageAlertesSecurite').then((m) => ({ default: m.PageAlertesSecurite })),
);

const PageIrl = lazy(() => import('./pages/indemnisation/PageIrl').then((m) => ({ default: m.PageIrl })));
const PageCommunesUnites = lazy(() =>
  import('./pages/cfp/PageCommunesUnites').then((m) => ({ default: m.PageCommunesUnites })),
);
const PageBudget = lazy(() =>
  import('./pages/indemnisation/PageBudget').then((m) => ({ default: m.PageBudget })),
);
const PageCfp = lazy(() => import('./pages/cfp/PageCfp').then((m) => ({ default: m.PageCfp })));
const PageInstructionCfp = lazy(() =>
  import('./pages/cfp/PageInstructionCfp').then((m) => ({ default: m.PageInstructionCfp })),
);

const PagePilotage = lazy(() =>
  import('./pages/pilotage/PagePilotage').then((m) => ({ default: m.PagePilotage })),
);
const PageSaisirCcapex = lazy(() =>
  import('./pages/bailleur/PageSaisirCcapex').then((m) => ({ default: m.PageSaisirCcapex })),
);
const PageMesSaisines = lazy(() =>
  import('./pages/bailleur/PageMesSaisines').then((m) => ({ default: m.PageMesSaisines })),
);
const PageImportSaisines = lazy(() =>
  import('./pages/bailleur/PageImportSaisines').then((m) => ({ default: m.PageImportSaisines })),
);
const PageTableauDeBord = lazy(() =>
  import('./pages/pilotage/PageTableauDeBord').then((m) => ({ default: m.PageTableauDeBord })),
);

const PageSaisinesATrier = lazy(() =>
  import('./pages/ccapex/PageSaisinesATrier').then((m) => ({ default: m.PageSaisinesATrier })),
);
const PageMesOrientations = lazy(() =>
  import('./pages/ccapex/PageMesOrientations').then((m) => ({ default: m.PageMesOrientations })),
);
const PageOrientation = lazy(() =>
  import('./pages/ccapex/PageMesOrientations').then((m) => ({ default: m.PageOrientation })),
);
const PageCommissions = lazy(() =>
  import('./pages/ccapex/PageCommissions').then((m) => ({ default: m.PageCommissions })),
);
const PageSeances = lazy(() =>
  import('./pages/ccapex/PageSeances').then((m) => ({ default: m.PageSeances })),
);
const PageSeance = lazy(() => import('./pages/ccapex/SeanceDetail').then((m) => ({ default: m.PageSeance })));
const PageRecommandations = lazy(() =>
  import('./pages/ccapex/PageRecommandations').then((m) => ({ default: m.PageRecommandations })),
);
const PageRapportAnnuel = lazy(() =>
  import('./pages/ccapex/PageRapportAnnuel').then((m) => ({ default: m.PageRapportAnnuel })),
);

const differe = (page: ReactNode) => <Suspense fallback={<Chargement />}>{page}</Suspense>;

export function Routes() {
  return (
    <RoutesRouter>
      <Route
        element={
          <LimiteErreur>
            <Gabarit />
          </LimiteErreur>
        }
      >
        <Route
          index
          element={
            <Protege>
              <PageAccueil />
            </Protege>
          }
        />
        <Route path="connexion" element={<PageConnexion />} />
        <Route path="connexion/proconnect/en-attente" element={<PageProConnectAttente />} />
        <Route path="connexion/proconnect/erreur" element={<PageProConnectErreur />} />
        <Route path="deconnexion" element={<PageDeconnexion />} />
        <Route path="dossiers" element={<Protege>{differe(<PageDossiers />)}</Protege>} />
        <Route path="dossiers/nouveau" element={<Protege>{differe(<PageNouveauDossier />)}</Protege>} />
        <Route path="dossiers/:id" element={<Protege>{differe(<PageDossier />)}</Protege>} />
        <Route path="cfp" element={<Protege>{differe(<PageCfp />)}</Protege>} />
        <Route path="cfp/:id" element={<Protege>{differe(<PageInstructionCfp />)}</Protege>} />
        <Route path="indemnisation/budget" element={<Protege>{differe(<PageBudget />)}</Protege>} />
        <Route path="a-traiter" element={<Protege>{differe(<PageATraiter />)}</Protege>} />
        <Route
          path="bailleur/saisir"
          element={<Protege profils={['bailleur']}>{differe(<PageSaisirCcapex />)}</Protege>}
        />
        <Route
          path="bailleur/saisines"
          element={<Protege profils={['bailleur']}>{differe(<PageMesSaisines />)}</Protege>}
        />
        <Route
          path="bailleur/imports"
          element={<Protege profils={['bailleur']}>{differe(<PageImportSaisines />)}</Protege>}
        />
        <Route path="actes-a-rattacher" element={<Protege>{differe(<PageActesARattacher />)}</Protege>} />
        <Route
          path="admin/utilisateurs"
          element={
            <Protege profils={['admin_departemental']}>
              <Suspense fallback={<Chargement />}>
                <PageUtilisateurs />
              </Suspense>
            </Protege>
          }
        />
        <Route
          path="admin/communes-unites"
          element={
            <Protege profils={['admin_departemental']}>
              <Suspense fallback={<Chargement />}>
                <PageCommunesUnites />
              </Suspense>
            </Protege>
          }
        />
        <Route
          path="admin/irl"
          element={
            <Protege profils={['admin_departemental']}>
              <Suspense fallback={<Chargement />}>
                <PageIrl />
              </Suspense>
            </Protege>
          }
        />
        <Route
          path="admin/organisations"
          element={
            <Protege profils={['admin_departemental']}>
              <Suspense fallback={<Chargement />}>
                <PageOrganisations />
              </Suspense>
            </Protege>
          }
        />
        <Route
          path="admin/journal"
          element={<Protege profils={['admin_departemental']}>{differe(<PageJournal />)}</Protege>}
        />
        <Route
          path="admin/alertes-securite"
          element={<Protege profils={['admin_departemental']}>{differe(<PageAlertesSecurite />)}</Protege>}
        />
        <Route path="pilotage" element={<Protege>{differe(<PagePilotage />)}</Protege>} />
        <Route
          path="pilotage/france"
          element={<Protege>{differe(<PageTableauDeBord key="france" niveau="france" />)}</Protege>}
        />
        {(['region', 'departement', 'arrondissement', 'commune'] as const).map((niveau) => (
          <Route
            key={niveau}
            path={`pilotage/${niveau}/:code`}
            element={<Protege>{differe(<PageTableauDeBord key={niveau} niveau={niveau} />)}</Protege>}
          />
        ))}
        <Route path="ccapex/saisines" element={<Protege>{differe(<PageSaisinesATrier />)}</Protege>} />
        <Route path="ccapex/orientations" element={<Protege>{differe(<PageMesOrientations />)}</Protege>} />
        <Route path="ccapex/orientations/:id" element={<Protege>{differe(<PageOrientation />)}</Protege>} />
        <Route
          path="admin/ccapex"
          element={<Protege profils={['admin_departemental']}>{differe(<PageCommissions />)}</Protege>}
        />
        <Route path="ccapex/seances" element={<Protege>{differe(<PageSeances />)}</Protege>} />
        <Route path="ccapex/seances/:id" element={<Protege>{differe(<PageSeance />)}</Protege>} />
        <Route
          path="ccapex/recommandations"
          element={<Protege>{differe(<PageRecommandations />)}</Protege>}
        />
        <Route path="ccapex/rapport-annuel" element={<Protege>{differe(<PageRapportAnnuel />)}</Protege>} />
        <Route path="simulateur" element={differe(<PageSimulateur />)} />
        <Route path="preferences" element={<Protege>{differe(<PagePreferences />)}</Protege>} />
        <Route path="accessibilite" element={<PageAccessibilite />} />
        <Route path="mentions-legales" element={<PageMentionsLegales />} />
        <Route path="donnees-personnelles" element={<PageDonneesPersonnelles />} />
        <Route path="acces-refuse" element={<PageAccesRefuse />} />
        <Route path="*" element={<Page404 />} />
      </Route>
    </RoutesRouter>
  );
}
