import { describe, expect, it } from 'vitest';
import { connecter, nouvellePage, ouvrirNavigateur, verifierAccessibilite } from './navigateur';

const COMPTES = [
  ['prefecture.75@demo.exploc.fr', 'Agent de préfecture'],
  ['prefecture.93@demo.exploc.fr', 'Agent de préfecture'],
  ['sous-prefecture.93-raincy@demo.exploc.fr', 'Agent de sous-préfecture'],
  ['ddets.75@demo.exploc.fr', 'Agent de DDETS'],
  ['police.75@demo.exploc.fr', 'Forces de l’ordre'],
  ['ccapex.75@demo.exploc.fr', 'Secrétariat de CCAPEX'],
  ['cd.75@demo.exploc.fr', 'Membre de CCAPEX'],
  ['bailleur@demo.exploc.fr', 'Bailleur'],
  ['admin.75@demo.exploc.fr', 'Administrateur départemental'],
  ['national@demo.exploc.fr', 'Pilotage national'],
] as const;

const navigateur = await ouvrirNavigateur();

describe('socle dans Chromium', () => {
  it('la page de connexion liste les comptes de démonstration et est accessible', async () => {
    const page = await nouvellePage(navigateur);
    await page.goto('/');
    await page.waitForURL(/\/connexion/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Connexion à Exploc');
    await expect(page.getByRole('button', { name: /prefecture\.75@demo\.exploc\.fr/ }).count()).resolves.toBe(
      1,
    );
    await verifierAccessibilite(page);
  });

  it.each(COMPTES)('%s se connecte, voit son accueil et se déconnecte', async (email, libelle) => {
    const page = await nouvellePage(navigateur);
    await connecter(page, email);
    await expect(page.getByText(libelle, { exact: false }).first().isVisible()).resolves.toBe(true);
    await expect(page.getByRole('heading', { name: 'Votre périmètre' }).isVisible()).resolves.toBe(true);
    await verifierAccessibilite(page);
    await page.getByRole('button', { name: 'Se déconnecter' }).first().click();
    await page.waitForURL(/\/connexion/);
    // The session is gone: the home page sends back to the login page.
    await page.goto('/');
    await page.waitForURL(/\/connexion/);
  });

  it('un mauvais mot de passe affiche une erreur claire', async () => {
    const page = await nouvellePage(navigateur);
    await page.goto('/connexion');
    await page.getByLabel('Adresse électronique').fill('prefecture.75@demo.exploc.fr');
    await page.getByLabel('Mot de passe', { exact: true }).fill('faux');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByText('Adresse électronique ou mot de passe incorrect.').waitFor();
    await verifierAccessibilite(page);
  });

  it('l’administrateur crée un compte puis le désactive', async () => {
    const page = await nouvellePage(navigateur);
    await connecter(page, 'admin.75@demo.exploc.fr');
    await page.getByRole('link', { name: 'Comptes' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Comptes' }).waitFor();
    await verifierAccessibilite(page);
    await page.getByLabel('Adresse électronique').fill('nouvel.agent@exemple.gouv.fr');
    await page.getByLabel('Prénom').fill('Alice');
    await page.getByLabel('Nom', { exact: true }).fill('Nouvel');
    await page.getByLabel('Profil', { exact: true }).selectOption('agent_prefecture');
    await page.getByLabel(/^Organisation/).selectOption({ label: 'Préfecture de Paris (démo)' });
    await page.getByRole('button', { name: 'Créer le compte' }).click();
    await page.getByText('Le compte nouvel.agent@exemple.gouv.fr a été créé.').waitFor();
    await page.getByRole('button', { name: 'Désactiver le compte de Alice Nouvel' }).click();
    await page.getByText('Le compte nouvel.agent@exemple.gouv.fr est désactivé.').waitFor();
    await page.getByRole('link', { name: 'Organisations' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Organisations' }).waitFor();
    await verifierAccessibilite(page);
  });

  it('les pages 404, accessibilité, mentions légales et données personnelles sont accessibles', async () => {
    const page = await nouvellePage(navigateur);
    for (const [chemin, titre] of [
      ['/une-page-qui-n-existe-pas', 'Page non trouvée'],
      ['/accessibilite', 'Déclaration d’accessibilité'],
      ['/mentions-legales', 'Mentions légales'],
      ['/donnees-personnelles', 'Données personnelles'],
    ] as const) {
      await page.goto(chemin);
      await page.getByRole('heading', { level: 1, name: titre }).waitFor();
      await verifierAccessibilite(page);
    }
  });
});
