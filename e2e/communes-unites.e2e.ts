import { describe, expect, it } from 'vitest';
import { connecter, nouvellePage, ouvrirNavigateur, verifierAccessibilite } from './navigateur';

const navigateur = await ouvrirNavigateur();

describe('unités chargées des enquêtes de concours dans Chromium', () => {
  it('l’administrateur confie les enquêtes d’une commune à une unité, puis les retire', async () => {
    const admin = await nouvellePage(navigateur);
    await connecter(admin, 'admin.75@demo.exploc.fr');
    await admin.getByRole('link', { name: 'Unités des enquêtes' }).first().click();
    await admin
      .getByRole('heading', { level: 1, name: 'Unités chargées des enquêtes de concours' })
      .waitFor();
    const select = admin.getByRole('combobox', { name: /^Unité pour .*1er/ });
    await expect(select.inputValue()).resolves.toBe('');
    await verifierAccessibilite(admin);
    await select.selectOption({ label: 'Commissariat du 18e arrondissement (démo)' });
    await admin.getByText(/enquêtes confiées à Commissariat du 18e arrondissement \(démo\)\./).waitFor();
    await admin.reload();
    await expect(
      admin
        .getByRole('combobox', { name: /^Unité pour .*1er/ })
        .locator('option:checked')
        .textContent(),
    ).resolves.toBe('Commissariat du 18e arrondissement (démo)');
    await admin.getByRole('combobox', { name: /^Unité pour .*1er/ }).selectOption('');
    await admin.getByText(/: aucune unité\./).waitFor();
    await verifierAccessibilite(admin);
  });
});
