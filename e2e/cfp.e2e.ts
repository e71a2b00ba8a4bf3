import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { connecter, nouvellePage, ouvrirNavigateur, verifierAccessibilite } from './navigateur';

const navigateur = await ouvrirNavigateur();

const ilYA = (jours: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(
    new Date(Date.now() - jours * 86_400_000),
  );

/** Sets the case up through the API, with the page's session (cookie and CSRF token). */
async function dossierAvecDemandeCfp(page: Page, dateDemande = ilYA(55)): Promise<string> {
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
    { type: 'information_prefet_cql', date: '2025-05-27' },
    { type: 'demande_cfp', date: dateDemande },
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
    // The dashboard: the request is among this week's decisions, and the truce calendar of Paris is shown.
    await prefecture.getByRole('heading', { level: 2, name: 'Tableau de bord' }).waitFor();
    await prefecture
      .getByRole('table', { name: /Refus implicite dans les 7 jours/ })
      .getByRole('row', { name: /CHARPENTIER Inès/ })
      .first()
      .waitFor();
    await prefecture
      .getByRole('table', { name: 'Trêve en cours ou prochaine, par département' })
      .getByRole('row', { name: /Paris \(75\)/ })
      .waitFor();
    const ligne = prefecture
      .getByRole('table', { name: 'Demandes de concours', exact: true })
      .getByRole('row', { name: /CHARPENTIER Inès/ });
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
    // The notification letters, one per recipient, as PDFs.
    for (const nom of ['au commissaire de justice', 'au bailleur']) {
      const lien = prefecture.getByRole('link', {
        name: `Télécharger la lettre de notification ${nom} (PDF)`,
      });
      const pdf = await prefecture.request.get((await lien.getAttribute('href')) ?? '');
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toContain('application/pdf');
    }

    // The decision is an act of the dossier's timeline.
    await prefecture.goto(`/dossiers/${dossierId}`);
    await prefecture
      .getByText('Décision sur le concours de la force publique', { exact: false })
      .first()
      .waitFor();
  });

  it('exécution d’un concours accordé : planification puis expulsion réalisée', async () => {
    const prefecture = await nouvellePage(navigateur);
    await connecter(prefecture, 'prefecture.75@demo.exploc.fr');
    // Granted in July 2025, carried out in September: outside the trêve, in the past.
    const dossierId = await dossierAvecDemandeCfp(prefecture, '2025-06-10');
    const moi = await (await prefecture.request.get('/api/v1/moi')).json();
    const liste = await (await prefecture.request.get('/api/v1/cfp')).json();
    const instruction = liste.elements.find((e: { dossier: { id: string } }) => e.dossier.id === dossierId);
    const decision = await prefecture.request.post(`/api/v1/cfp/${instruction.id}/decision`, {
      headers: { 'x-csrf-token': moi.csrfToken as string, 'if-match': `"${instruction.version}"` },
      data: { sens: 'octroi', date: '2025-07-15' },
    });
    expect(decision.status(), await decision.text()).toBe(201);

    await prefecture.goto(`/cfp/${instruction.id}`);
    await prefecture.getByRole('heading', { level: 2, name: 'Exécution du concours' }).waitFor();
    await prefecture.getByText('Aucune opération planifiée.').waitFor();
    await prefecture.getByLabel('Date de l’opération').fill('2025-09-16');
    await prefecture.getByLabel('Effectifs engagés').fill('4');
    await prefecture.getByText('Services sociaux informés').click();
    await prefecture.getByRole('button', { name: 'Enregistrer la planification' }).click();
    await prefecture.getByText('Indiquez la date à laquelle les services sociaux ont été informés').waitFor();
    await prefecture.getByLabel('Informés le').fill('2025-09-01');
    await prefecture.getByRole('button', { name: 'Enregistrer la planification' }).click();
    await prefecture.getByText('Planification enregistrée.').waitFor();
    await prefecture.getByText('Services sociaux informés : oui, le 01/09/2025').waitFor();
    await verifierAccessibilite(prefecture);

    await prefecture.getByLabel('Issue', { exact: true }).selectOption('expulsion_realisee');
    await prefecture.getByLabel('Date', { exact: true }).fill('2025-09-16');
    await prefecture.getByRole('button', { name: 'Enregistrer l’issue' }).click();
    await prefecture.getByText('Issue de l’opération enregistrée.').waitFor();
    await prefecture.getByText('Issue : Expulsion réalisée le 16/09/2025').waitFor();
    await expect(prefecture.getByRole('button', { name: 'Enregistrer l’issue' }).count()).resolves.toBe(0);
    await verifierAccessibilite(prefecture);

    // Recorded by mistake: the household had left the day before. The correction keeps the previous outcome.
    await prefecture.getByRole('heading', { name: 'Corriger l’issue enregistrée par erreur' }).waitFor();
    await prefecture.getByLabel('Issue', { exact: true }).selectOption('depart_avant');
    await prefecture.getByLabel('Date', { exact: true }).fill('2025-09-15');
    await prefecture.getByRole('button', { name: 'Corriger l’issue' }).click();
    await prefecture
      .getByText('Le motif de la correction est obligatoire', { exact: false })
      .first()
      .waitFor();
    await prefecture.getByLabel('Motif de la correction').fill('Le ménage était parti la veille.');
    await prefecture.getByRole('button', { name: 'Corriger l’issue' }).click();
    await prefecture.getByText('Issue de l’opération corrigée.').waitFor();
    await prefecture
      .getByText('Issue : Départ du ménage avant l’intervention le 15/09/2025', { exact: false })
      .waitFor();
    await prefecture.getByText(/corrigée en .* motif : Le ménage était parti la veille\./).waitFor();
    await verifierAccessibilite(prefecture);
  });
});
