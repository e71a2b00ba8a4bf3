import type { Permission } from '@exploc/domain/acces/permissions';
import { peut } from '@exploc/domain/acces/permissions';
import type { Profil } from '@exploc/domain/acces/profils';
import { describe, expect, it } from 'vitest';
import { routesDeclarees } from '../src/app.js';
import { COMPTES_DEMO } from '../src/seed/demo.js';
import { type Agent, connecter, creerAppDeTest } from './app-de-test.js';

/**
 * The authorization matrix: every /api/v1 route, and who may call it. Written here by hand, independently of
 * the routes' own configuration; a route added without its line here fails the first test.
 */
const MATRICE: Record<string, 'public' | 'session' | Permission> = {
  'POST /api/v1/session': 'public',
  'GET /api/v1/moi': 'session',
  'DELETE /api/v1/session': 'session',
  'GET /api/v1/configuration': 'public',
  'GET /api/v1/auth/proconnect/connexion': 'public',
  'GET /api/v1/auth/proconnect/retour': 'public',
  'POST /api/v1/auth/proconnect/deconnexion': 'session',
  'GET /api/v1/admin/liaisons-proconnect': 'admin.utilisateurs',
  'POST /api/v1/admin/liaisons-proconnect/:id/approbation': 'admin.utilisateurs',
  'POST /api/v1/admin/liaisons-proconnect/:id/rejet': 'admin.utilisateurs',
  'GET /api/v1/referentiel/departements': 'public',
  'GET /api/v1/referentiel/departements/:code/arrondissements': 'public',
  'GET /api/v1/referentiel/communes': 'public',
  'GET /api/v1/admin/utilisateurs': 'admin.utilisateurs',
  'POST /api/v1/admin/utilisateurs': 'admin.utilisateurs',
  'GET /api/v1/admin/utilisateurs/:id': 'admin.utilisateurs',
  'PATCH /api/v1/admin/utilisateurs/:id': 'admin.utilisateurs',
  'GET /api/v1/admin/organisations': 'admin.organisations',
  'POST /api/v1/admin/organisations': 'admin.organisations',
  'PATCH /api/v1/admin/organisations/:id': 'admin.organisations',
  'GET /api/v1/dossiers': 'dossier.lire',
  'POST /api/v1/dossiers': 'dossier.creer',
  'POST /api/v1/dossiers/doublons': 'dossier.creer',
  'GET /api/v1/dossiers/export.csv': 'dossier.exporter',
  'GET /api/v1/dossiers/export.xlsx': 'dossier.exporter',
  'GET /api/v1/dossiers/:id': 'dossier.lire',
  'PATCH /api/v1/dossiers/:id': 'dossier.modifier',
  'POST /api/v1/dossiers/:id/evenements': 'dossier.evenement.ajouter',
  'POST /api/v1/dossiers/:id/notes': 'dossier.lire',
  'GET /api/v1/dossiers/:id/ccapex/notes': 'dossier.lire',
  'POST /api/v1/dossiers/:id/ccapex/notes': 'dossier.lire',
  'GET /api/v1/ccapex/commissions': 'ccapex.administrer',
  'POST /api/v1/ccapex/commissions': 'ccapex.administrer',
  'GET /api/v1/ccapex/commissions/:id': 'ccapex.administrer',
  'PATCH /api/v1/ccapex/commissions/:id': 'ccapex.administrer',
  'POST /api/v1/ccapex/commissions/:id/membres': 'ccapex.administrer',
  'PATCH /api/v1/ccapex/commissions/:id/membres/:membreId': 'ccapex.administrer',
  'DELETE /api/v1/ccapex/commissions/:id/membres/:membreId': 'ccapex.administrer',
  'GET /api/v1/ccapex/commissions/:id/comptes-rattachables': 'ccapex.administrer',
  'PUT /api/v1/ccapex/commissions/:id/representants/:utilisateurId': 'ccapex.administrer',
  'DELETE /api/v1/ccapex/commissions/:id/representants/:utilisateurId': 'ccapex.administrer',
  'GET /api/v1/ccapex/commissions/:id/reorientation': 'ccapex.administrer',
  'POST /api/v1/ccapex/commissions/:id/reorientation': 'ccapex.administrer',
  'GET /api/v1/ccapex/communes': 'ccapex.administrer',
  'POST /api/v1/ccapex/saisines': 'ccapex.saisir',
  'GET /api/v1/ccapex/saisines': 'ccapex.secretariat',
  'GET /api/v1/ccapex/saisines/destinations': 'ccapex.secretariat',
  'GET /api/v1/ccapex/saisines/:id': 'ccapex.secretariat',
  'POST /api/v1/ccapex/saisines/:id/acceptation': 'ccapex.secretariat',
  'POST /api/v1/ccapex/saisines/:id/fusion': 'ccapex.secretariat',
  'POST /api/v1/ccapex/saisines/:id/redirection': 'ccapex.secretariat',
  'POST /api/v1/ccapex/saisines/:id/rejet': 'ccapex.secretariat',
  'POST /api/v1/ccapex/orientations': 'ccapex.secretariat',
  'GET /api/v1/ccapex/orientations': 'ccapex.membre',
  'GET /api/v1/ccapex/orientations/:id': 'ccapex.membre',
  'POST /api/v1/ccapex/orientations/:id/prise-en-compte': 'ccapex.membre',
  'POST /api/v1/ccapex/orientations/:id/actions': 'ccapex.membre',
  'POST /api/v1/ccapex/orientations/:id/cloture': 'ccapex.membre',
  'GET /api/v1/dossiers/:id/ccapex': 'dossier.lire',
  'GET /api/v1/ccapex/seances': 'ccapex.secretariat',
  'GET /api/v1/ccapex/seances/commissions': 'ccapex.secretariat',
  'POST /api/v1/ccapex/seances': 'ccapex.secretariat',
  'GET /api/v1/ccapex/seances/:id': 'ccapex.secretariat',
  'PATCH /api/v1/ccapex/seances/:id': 'ccapex.secretariat',
  'POST /api/v1/ccapex/seances/:id/annulation': 'ccapex.secretariat',
  'GET /api/v1/ccapex/seances/:id/dossiers-prets': 'ccapex.secretariat',
  'POST /api/v1/ccapex/seances/:id/ordre-du-jour': 'ccapex.secretariat',
  'PUT /api/v1/ccapex/seances/:id/ordre-du-jour': 'ccapex.secretariat',
  'DELETE /api/v1/ccapex/seances/:id/ordre-du-jour/:dossierId': 'ccapex.secretariat',
  'POST /api/v1/ccapex/seances/:id/invitations': 'ccapex.secretariat',
  'PUT /api/v1/ccapex/seances/:id/examens/:examenId': 'ccapex.secretariat',
  'POST /api/v1/ccapex/seances/:id/cloture': 'ccapex.secretariat',
  'POST /api/v1/ccapex/seances/:id/pv': 'ccapex.secretariat',
  'GET /api/v1/ccapex/seances/:id/pv.pdf': 'ccapex.secretariat',
  'GET /api/v1/ccapex/membre/seances': 'ccapex.membre',
  'GET /api/v1/ccapex/membre/seances/:id': 'ccapex.membre',
  'GET /api/v1/ccapex/membre/seances/:id/pv.pdf': 'ccapex.membre',
  'GET /api/v1/ccapex/recommandations': 'ccapex.secretariat',
  'PUT /api/v1/ccapex/recommandations/:id/suivi': 'ccapex.secretariat',
  'GET /api/v1/ccapex/rapport-annuel': 'ccapex.secretariat',
  'GET /api/v1/dossiers/:id/ccapex/seances': 'dossier.lire',
  'POST /api/v1/dossiers/attribution': 'dossier.assigner',
  'GET /api/v1/agents': 'dossier.assigner',
  'GET /api/v1/dossiers/:id/echeances': 'dossier.lire',
  'POST /api/v1/dossiers/:id/documents': 'dossier.evenement.ajouter',
  'GET /api/v1/dossiers/:id/documents': 'dossier.lire',
  'GET /api/v1/dossiers/:id/documents/:documentId': 'dossier.lire',
  'GET /api/v1/a-traiter': 'dossier.lire',
  'GET /api/v1/actes-partenaires/a-rattacher': 'dossier.evenement.ajouter',
  'POST /api/v1/actes-partenaires/:id/rattachement': 'dossier.evenement.ajouter',
  'GET /api/v1/filtres': 'session',
  'POST /api/v1/filtres': 'session',
  'DELETE /api/v1/filtres/:id': 'session',
  'GET /api/v1/preferences/notifications': 'session',
  'PUT /api/v1/preferences/notifications': 'session',
  'GET /api/v1/pilotage/indicateurs': 'pilotage.lire',
  'GET /api/v1/pilotage/tableau-de-bord': 'pilotage.lire',
  'GET /api/v1/pilotage/tableau-de-bord.csv': 'pilotage.lire',
  'GET /api/v1/pilotage/tableau-de-bord.xlsx': 'pilotage.lire',
  'GET /api/v1/pilotage/rapport-mensuel.pdf': 'pilotage.lire',
  'GET /api/v1/pilotage/donnees-ouvertes.csv': 'pilotage.lire',
  'GET /api/v1/pilotage/donnees-ouvertes.xlsx': 'pilotage.lire',
  'GET /api/v1/cfp': 'cfp.instruire',
  'GET /api/v1/cfp/:id': 'cfp.instruire',
  'PUT /api/v1/cfp/:id/verification-sociale': 'cfp.instruire',
  'POST /api/v1/cfp/:id/decision': 'cfp.decider',
  'GET /api/v1/cfp/:id/lettre.pdf': 'cfp.instruire',
  'GET /api/v1/indemnisation/budget': 'indemnisation.instruire',
  'GET /api/v1/indemnisation/budget.csv': 'indemnisation.instruire',
  'PUT /api/v1/cfp/:id/execution': 'cfp.instruire',
  'POST /api/v1/cfp/:id/execution/issue': 'cfp.instruire',
  'POST /api/v1/cfp/enquetes/:id/execution/issue': 'cfp.enquete',
  'GET /api/v1/cfp/tableau-de-bord': 'cfp.instruire',
  'PUT /api/v1/cfp/:id/execution/issue': 'cfp.instruire',
  'GET /api/v1/cfp/enquetes': 'cfp.enquete',
  'GET /api/v1/cfp/enquetes/:id': 'cfp.enquete',
  'PUT /api/v1/cfp/enquetes/:id': 'cfp.enquete',
  'GET /api/v1/dossiers/:id/indemnisation': 'indemnisation.instruire',
  'POST /api/v1/dossiers/:id/indemnisation/ajustements': 'indemnisation.instruire',
  'GET /api/v1/dossiers/:id/indemnisation/reglement': 'indemnisation.instruire',
  'POST /api/v1/dossiers/:id/indemnisation/reglement/etapes': 'indemnisation.instruire',
  'GET /api/v1/dossiers/:id/indemnisation/reglement/projet-transaction.pdf': 'indemnisation.instruire',
  'POST /api/v1/bailleur/saisines': 'ccapex.saisir',
  'GET /api/v1/bailleur/saisines': 'ccapex.saisir',
  'GET /api/v1/bailleur/saisines/modele.csv': 'ccapex.saisir',
  'GET /api/v1/bailleur/organisation': 'ccapex.saisir',
  'GET /api/v1/bailleur/saisines/:id': 'ccapex.saisir',
  'GET /api/v1/bailleur/saisines/:id/accuse.pdf': 'ccapex.saisir',
  'POST /api/v1/bailleur/saisines/imports': 'ccapex.saisir',
  'GET /api/v1/bailleur/saisines/imports/:id': 'ccapex.saisir',
  'GET /api/v1/bailleur/saisines/imports/:id/rapport': 'ccapex.saisir',
  'GET /api/v1/bailleur/saisines/imports/:id/rapport.csv': 'ccapex.saisir',
  'GET /api/v1/bailleur/dossiers/:id/reclamation-indemnisation': 'indemnisation.reclamer',
  'POST /api/v1/bailleur/dossiers/:id/reclamation-indemnisation': 'indemnisation.reclamer',
  'GET /api/v1/dossiers/:id/indemnisation/reclamation': 'indemnisation.instruire',
  'POST /api/v1/dossiers/:id/indemnisation/reclamation': 'indemnisation.instruire',
  'GET /api/v1/admin/irl': 'admin.parametres',
  'PUT /api/v1/admin/irl/:trimestre': 'admin.parametres',
  'GET /api/v1/admin/communes-unites': 'admin.parametres',
  'PUT /api/v1/admin/communes-unites/:codeInsee': 'admin.parametres',
  'GET /api/v1/admin/webhooks': 'admin.parametres',
  'GET /api/v1/admin/journal': 'journal.consulter',
  'GET /api/v1/admin/journal/export': 'journal.consulter',
  'GET /api/v1/admin/alertes-securite': 'journal.consulter',
  'POST /api/v1/admin/alertes-securite/:id/examen': 'journal.consulter',
  'POST /api/v1/admin/alertes-securite/analyse': 'journal.consulter',
  'GET /api/v1/dossiers/:id/droit-acces': 'dossier.exporter',
  'GET /api/v1/dossiers/:id/echanges': 'dossier.lire',
  'POST /api/v1/dossiers/:id/echanges/caf': 'dossier.lire',
  'POST /api/v1/dossiers/:id/echanges/bdf': 'dossier.lire',
};

const { app } = await creerAppDeTest();
const agents = new Map<Profil, Agent>();
for (const c of COMPTES_DEMO) if (!agents.has(c.profil)) agents.set(c.profil, await connecter(app, c.email));

const ID = '00000000-0000-4000-8000-000000000000';
const url = (modele: string) => modele.replace(/:[a-zA-Z]+/g, (p) => (p === ':code' ? '75' : ID));

describe('matrice d’autorisation', () => {
  it('chaque route /api/v1 figure dans la matrice, et la matrice ne cite que des routes existantes', () => {
    const routes = routesDeclarees(app)
      .filter((r) => r.url.startsWith('/api/v1/'))
      .map((r) => `${r.methode} ${r.url}`)
      .sort();
    expect(routes).toEqual(Object.keys(MATRICE).sort());
  });

  for (const [route, regle] of Object.entries(MATRICE)) {
    if (regle === 'public') continue;
    const [methode, modele] = route.split(' ') as [string, string];
    it(`${route} : 401 sans session, 403 aux profils sans « ${regle} », jamais 403 aux autres`, async () => {
      const anonyme = await app.inject({
        method: methode as 'GET',
        url: url(modele),
        payload: methode === 'GET' ? undefined : {},
      });
      expect(anonyme.statusCode).toBe(401);
      // Logging out would end the sessions the other lines use: identite.test.ts covers it per profile.
      if (route === 'DELETE /api/v1/session') return;
      for (const [profil, agent] of agents) {
        const r = await agent.requete({
          method: methode as 'GET',
          url: url(modele),
          headers: { 'if-match': '"1"' },
          payload: methode === 'GET' || methode === 'DELETE' ? undefined : {},
        });
        const autorise = regle === 'session' || peut(profil, regle);
        if (autorise) expect(r.statusCode, `${profil} ${route}`).not.toBe(403);
        else expect(r.statusCode, `${profil} ${route}`).toBe(403);
        expect(r.statusCode, `${profil} ${route} : ${r.body}`).toBeLessThan(500);
      }
    });
  }
});
