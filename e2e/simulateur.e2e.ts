import { describe, expect, it } from 'vitest';
import { nouvellePage, ouvrirNavigateur, verifierAccessibilite } from './navigateur';

const navigateur = await ouvrirNavigateur();

describe('simulateur de procédure (public)', () => {
  it('sans connexion, calcule les délais à mesure de la saisie', async () => {
    const page = await nouvellePage(navigateur);
    await page.goto('/simulateur');
    await page.getByRole('heading', { level: 1, name: 'Simulateur de procédure' }).waitFor();
    await verifierAccessibilite(page);
    await page.getByLabel('Date d’évaluation').fill('2025-09-20');
    await page.getByLabel('Bail signé le').fill('2024-02-15');
    await page.getByLabel('Type d’acte ou d’événement').selectOption('commandement_de_payer');
    await page.getByLabel('Date', { exact: true }).fill('2025-09-02');
    await page.getByLabel('Montant de la dette (€)').fill('2340');
    await page.getByRole('button', { name: 'Ajouter l’acte' }).click();
    await page
      .getByText(
        "Commandement de payer du 02/09/2025 ; bail signé le 15/02/2024, après le 29/07/2023 : délai de 6 semaines, jusqu'au 14/10/2025 inclus.",
      )
      .waitFor();
    await page.getByText('Fondement : loi n° 89-462, art. 24 I').first().waitFor();
    // Debt ≥ 3 × rent with thresholds configured: the signalement alert shows.
    await page.getByText(/doit être signalé à la CCAPEX/).waitFor();
    await verifierAccessibilite(page);
    // A lease signed before 29/07/2023: two months instead of six weeks, recomputed as you type.
    await page.getByLabel('Bail signé le').fill('2022-02-15');
    await page
      .getByText(/délai contractuel de 2 mois, jusqu'au 02\/11\/2025/)
      .first()
      .waitFor();
    await expect(page.getByRole('button', { name: 'Imprimer' }).isVisible()).resolves.toBe(true);
  });
});
