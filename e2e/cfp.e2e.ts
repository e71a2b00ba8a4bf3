import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { connecter, nouvellePage, ouvrirNavigateur, verifierAccessibilite } from './navigateur';

const navigateur = await ouvrirNavigateur();

const ilYA = (jours: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(
    new Date(Date.now() - jours * 86_400_000),
  );

/** Sets the case up through the API, with the page's session (cookie and CSRF token). */
async function dossierAvecDemandeCfp(page: Page): Promise<string> {
  const moi = await (await page.request.get('/api/v1/moi')).json();
  const entetes = { 'x-csrf-token': moi.csrfToken as string };
  const cree = await page.request.post('/api/v1/dossiers', {
    headers: entetes,
    data: {
      menage: { personnes: [{ nom: 'Charpentier', prenoms: 'Inès', role: 'titulaire' }] },
      logement: {
        adresse: { ligne: '8 rue Ordener', codePostal: '75018', codeInsee: '75118' },
        social: true,
      },
      bail: { dateSignature: '2022-04-01', loyerMensuelHC: 610, chargesMensuelles: 70 },
      bailleur: { type: 'personne_morale', nom: 'Foncière Exemple', siret: '12345678901234' },
    },
  });
  expect(cree.status()).toBe(201);
  const { id } = await cree.json();
  let version = (await cree.json()).version as number;
  for (const evenement of [
    { type: 'commandement_de_payer', date: '2025-01-06', montantDette: 1900 },
    { type: 'assignation', date: '2025-03-10', dateAudience: '2025-05-12' },
    { type: 'decision_justice', date: '2025-05-12', sens: 'resiliation_expulsion' },
    { type: 'signification_decision', date: '2025-05-20' },
    { type: 'commandement_quitter_lieux', date: '2025-05-26' },
    { type: 'demande_cfp', date: ilYA(55) },
  ]) {
    const r = await page.request.post(`/api/v1/dossiers/${id}/evenements`, {
      headers: { ...entetes, 'if-match': `"${version}"` },
      data: evenement,
    });
    expect(r.status(), await r.text()).toBe(201);
    version = (await r.json()).version;
  }
  return id;
}

describe('concours de la force publique dans Chromium', () => {
  it('de la demande au refus motivé : liste, enquête de police, vérification sociale, décision', async () => {
    const prefecture = await nouvellePage(navigateur);
    await connecter(prefecture, 'prefecture.75@demo.exploc.fr');
    const dossierId = await dossierAvecDemandeCfp(prefecture);

    await prefecture.getByRole('link', { name: 'Concours de la force publique' }).first().click();
    await prefecture.getByRole('heading', { level: 1, name: 'Concours de la force publique' }).waitFor();
    // Requested 55 days ago: the implicit refusal falls within the week.
    await prefecture.getByText(/décisions? à prendre cette semaine/).waitFor();
    const ligne = prefecture.getByRole('row', { name: /CHARPENTIER Inès/ });
    await expect(ligne.getByText('Enquête des forces de l’ordre').isVisible()).resolves.toBe(true);
    await verifierAccessibilite(prefecture);
    await ligne.getByRole('link').click();
    await prefecture
      .getByRole('heading', { level: 1, name: /^Concours de la force publique — \d{4}-75-\d{6}$/ })
      .waitFor();
    const urlInstruction = new URL(prefecture.url()).pathname;
    await prefecture.getByText('L’enquête n’a pas encore été transmise.').waitFor();
    await verifierAccessibilite(prefecture);

    const police = await nouvellePage(navigateur);
    await connecter(police, 'police.75@demo.exploc.fr');
    await police.goto('/cfp');
    await police.getByRole('heading', { level: 1, name: 'Concours de la force publique' }).waitFor();
    await police
      .getByRole('row', { name: /CHARPENTIER Inès/ })
      .getByRole('link')
      .click();
    await police.getByRole('heading', { level: 2, name: 'Enquête des forces de l’ordre' }).waitFor();
    // No social check for the police (classes of fields).
    await expect(
      police.getByRole('heading', { name: 'Vérification sociale et proposition' }).count(),
    ).resolves.toBe(0);
    await police.getByLabel('Date de la visite').fill(ilYA(3));
    await police.getByText('Contact établi avec l’occupant').click();
    await police.getByLabel('Composition du ménage constatée').fill('Une adulte et deux enfants');
    await police.getByLabel('Risque de trouble à l’ordre public').selectOption('faible');
    await police.getByRole('button', { name: 'Enregistrer l’enquête' }).click();
    await police.getByText('Enquête enregistrée.').waitFor();
    await verifierAccessibilite(police);

    await prefecture.goto(urlInstruction);
    await prefecture.getByText('Risque de trouble à l’ordre public : Faible').waitFor();
    await prefecture.getByText('Ménage reconnu prioritaire DALO').click();
    await prefecture.getByLabel('Diagnostic social et financier').selectOption('transmis');
    await prefecture.getByLabel('Proposition au préfet').selectOption('refus');
    await prefecture.getByText('Ménage prioritaire DALO sans offre de relogement').first().click();
    await prefecture.getByRole('button', { name: 'Enregistrer la vérification' }).click();
    await prefecture.getByText('Vérification sociale enregistrée.').waitFor();
    await prefecture.getByText('Étape : À décider').waitFor();

    await prefecture.getByLabel('Décision', { exact: true }).selectOption('refus');
    await prefecture.getByLabel('Date de la décision').fill(ilYA(0));
    await prefecture.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await prefecture.getByText('Un refus doit être motivé (R153-1)').waitFor();
    await verifierAccessibilite(prefecture);
    await prefecture
      .getByRole('group', { name: /Motifs du refus/ })
      .getByText('Ménage prioritaire DALO sans offre de relogement')
      .click();
    await prefecture
      .getByLabel('Motivation')
      .fill('Ménage prioritaire DALO sans offre de relogement à ce jour.');
    await prefecture.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await prefecture.getByText('Décision enregistrée.').waitFor();
    await prefecture.getByText('Étape : Concours refusé').waitFor();
    await prefecture
      .getByText(/Refus du .* motifs : Ménage prioritaire DALO sans offre de relogement/)
      .waitFor();
    await verifierAccessibilite(prefecture);

    // The decision is an act of the dossier's timeline.
    await prefecture.goto(`/dossiers/${dossierId}`);
    await prefecture
      .getByText('Décision sur le concours de la force publique', { exact: false })
      .first()
      .waitFor();
  });
});
