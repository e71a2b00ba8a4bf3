import { describe, expect, it } from 'vitest';
import { connecter, nouvellePage, ouvrirNavigateur, verifierAccessibilite } from './navigateur';

const navigateur = await ouvrirNavigateur();

describe('tableaux de bord de pilotage dans Chromium', () => {
  it('le pilotage national voit la France, la carte et ses tableaux, sans aucun lien vers un dossier', async () => {
    const page = await nouvellePage(navigateur);
    await connecter(page, 'national@demo.exploc.fr');
    // The home page offers « Pilotage » (card and main navigation).
    expect(await page.getByRole('link', { name: 'Pilotage', exact: true }).count()).toBeGreaterThanOrEqual(1);
    await page.getByRole('link', { name: 'Pilotage', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Pilotage — France' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Chiffres clés' }).waitFor();
    // The choropleth map and its text alternative.
    await page.getByRole('img', { name: /Carte des départements : Taux de refus du concours/ }).waitFor();
    await page
      .getByRole('table', { name: /Taux de refus du concours de la force publique par département/ })
      .waitFor();
    await page
      .getByLabel('Indicateur représenté sur la carte')
      .selectOption('assignations_pour_10000_habitants');
    await page.getByRole('table', { name: 'Assignations pour 10 000 habitants par département' }).waitFor();
    const paris = page.getByRole('row', { name: /Paris \(75\)/ }).first();
    expect(await paris.isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: /Voir les dossiers/ }).count()).toBe(0);
    await verifierAccessibilite(page);

    // Export with its progress, then a file.
    const telechargement = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Tableau de bord (CSV)' }).click();
    expect((await telechargement).suggestedFilename()).toMatch(/^pilotage-FR-.*\.csv$/);
    await page.getByText('Tableau de bord (CSV) : téléchargement terminé.').waitFor();

    // A département from the national table.
    await page.getByRole('link', { name: 'Seine-Saint-Denis (93)' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Pilotage — Seine-Saint-Denis (93)' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Par arrondissement' }).waitFor();
    await verifierAccessibilite(page);
  });

  it('une préfecture voit son département, filtre, descend vers les dossiers correspondants', async () => {
    const page = await nouvellePage(navigateur);
    await connecter(page, 'prefecture.75@demo.exploc.fr');
    await page.goto('/pilotage');
    await page.getByRole('heading', { level: 1, name: 'Pilotage — Paris (75)' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Par commune' }).waitFor();
    await page.getByRole('img', { name: /Étapes de la procédure dans la période/ }).waitFor();
    await page.getByRole('table', { name: 'Indicateurs principaux par mois' }).waitFor();
    await verifierAccessibilite(page);

    await page.getByLabel('Type de bailleur').selectOption('personne_morale');
    await page.getByRole('button', { name: 'Appliquer' }).click();
    await page.waitForURL(/typeBailleur=personne_morale/);
    await page.getByRole('heading', { level: 1, name: 'Pilotage — Paris (75)' }).waitFor();

    const pdf = page.waitForEvent('download');
    await page.getByRole('button', { name: /Rapport mensuel PDF/ }).click();
    expect((await pdf).suggestedFilename()).toMatch(/^rapport-pilotage-75-\d{4}-\d{2}\.pdf$/);

    await page.getByRole('link', { name: /Voir les dossiers : Assignations$/ }).click();
    await page.waitForURL(/\/dossiers\?phase=assignation&departement=75/);
    await page.getByRole('heading', { level: 1, name: 'Dossiers' }).waitFor();
  });

  it('une sous-préfecture voit son arrondissement et ses communes', async () => {
    const page = await nouvellePage(navigateur);
    await connecter(page, 'sous-prefecture.93-raincy@demo.exploc.fr');
    await page.goto('/pilotage');
    await page.getByRole('heading', { level: 1, name: /Pilotage — Arrondissement du Raincy/ }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Par commune' }).waitFor();
    await verifierAccessibilite(page);
    // Another arrondissement is refused.
    await page.goto('/pilotage/arrondissement/931');
    await page.getByText('Territoire hors de votre périmètre').waitFor();
    await verifierAccessibilite(page);
  });
});
