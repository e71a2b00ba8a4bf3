import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { connecter, nouvellePage, ouvrirNavigateur, verifierAccessibilite } from './navigateur';

const navigateur = await ouvrirNavigateur();
let dossierId = '';

/**
 * Rent 650 € + 80 € of charges. CFP refused on 1 July 2025 (outside the trêve), so the State is liable from that
 * day (R154-1) until today: the period crosses the winter 2025-2026 (the trêve only delays a refusal made
 * during it, R154-5). The JEX granted délais from 11 August to 30 September 2025: those days are excluded.
 */
async function dossierAvecRefusEtDelaisJex(page: Page): Promise<string> {
  const moi = await (await page.request.get('/api/v1/moi')).json();
  const entetes = { 'x-csrf-token': moi.csrfToken as string };
  const cree = await page.request.post('/api/v1/dossiers', {
    headers: entetes,
    data: {
      menage: { personnes: [{ nom: 'Lemaire', prenoms: 'Odile', role: 'titulaire' }] },
      logement: {
        adresse: { ligne: '3 rue Championnet', codePostal: '75018', codeInsee: '75118' },
        social: false,
      },
      bail: { dateSignature: '2021-03-01', loyerMensuelHC: 650, chargesMensuelles: 80 },
      bailleur: { type: 'personne_physique', nom: 'Gérard Bailleur' },
    },
  });
  expect(cree.status()).toBe(201);
  const { id } = await cree.json();
  let version = (await cree.json()).version as number;
  for (const evenement of [
    { type: 'commandement_de_payer', date: '2024-09-02', montantDette: 2340 },
    { type: 'assignation', date: '2024-11-04', dateAudience: '2025-01-13' },
    { type: 'decision_justice', date: '2025-01-13', sens: 'resiliation_expulsion' },
    { type: 'signification_decision', date: '2025-01-20' },
    { type: 'commandement_quitter_lieux', date: '2025-01-27' },
    { type: 'demande_cfp', date: '2025-06-02' },
    { type: 'decision_cfp', date: '2025-07-01', sens: 'refus' },
    { type: 'delais_jex', date: '2025-08-11', dateFin: '2025-09-30' },
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

describe('indemnisation par l’État dans Chromium', () => {
  it('explique le calcul ligne par ligne, hors délais du JEX, et garde les ajustements motivés', async () => {
    const prefecture = await nouvellePage(navigateur);
    await connecter(prefecture, 'prefecture.75@demo.exploc.fr');
    const id = await dossierAvecRefusEtDelaisJex(prefecture);
    dossierId = id;

    await prefecture.goto(`/dossiers/${id}`);
    await prefecture.getByRole('tab', { name: 'Indemnisation', exact: true }).click();
    await prefecture.getByRole('heading', { level: 2, name: 'Indemnité due par l’État' }).waitFor();
    await prefecture.getByText(/^Du 01\/07\/2025 au \d{2}\/\d{2}\/\d{4} \(R154-1\)\.$/).waitFor();
    const exclues = prefecture.getByRole('table', { name: 'Périodes exclues (R154-5)' });
    await expect(
      exclues.getByRole('row', { name: /11\/08\/2025 30\/09\/2025 Délais accordés par le juge/ }).count(),
    ).resolves.toBe(1);
    const lignes = prefecture.getByRole('table', { name: 'Détail du calcul, ligne par ligne' });
    // July 2025 in full: 730 €; August cut by the délais: 730 × 10 / 31 = 235.483… → 235.48 €.
    await lignes.getByRole('row', { name: /01\/07\/2025 31\/07\/2025 31 31 .*730,00/ }).waitFor();
    await lignes.getByRole('row', { name: /01\/08\/2025 10\/08\/2025 10 31 .*235,48/ }).waitFor();
    // September is excluded; the period resumes on 1 October and runs through the winter.
    await expect(lignes.getByRole('row', { name: /^01\/09\/2025/ }).count()).resolves.toBe(0);
    await lignes.getByRole('row', { name: /01\/10\/2025 31\/10\/2025 31 31/ }).waitFor();
    await lignes.getByRole('row', { name: /01\/01\/2026 31\/01\/2026 31 31/ }).waitFor();
    await prefecture.getByText(/Périodes exclues : du 11\/08\/2025 au 30\/09\/2025/).waitFor();
    await prefecture.getByText('Aucun ajustement.').waitFor();
    await verifierAccessibilite(prefecture);

    // French field errors from the server.
    await prefecture.getByLabel('Nature', { exact: true }).selectOption('frais_commissaire_justice');
    await prefecture.getByLabel(/^Montant/).fill('420,50');
    await prefecture.getByRole('button', { name: 'Enregistrer l’ajustement' }).click();
    await prefecture.getByText('Le libellé est obligatoire').waitFor();
    await prefecture.getByText('Le motif de l’ajustement est obligatoire').waitFor();
    await verifierAccessibilite(prefecture);

    await prefecture.getByLabel('Libellé').fill('PV de tentative');
    await prefecture.getByLabel(/^Motif/).fill('Facture du commissaire de justice produite');
    await prefecture.getByRole('button', { name: 'Enregistrer l’ajustement' }).click();
    await prefecture.getByText('Ajustement enregistré.').waitFor();
    const ajustements = prefecture.getByRole('table', { name: 'Ajustements et leurs motifs' });
    await ajustements
      .getByRole('row', { name: /PV de tentative .*420,50.*Facture du commissaire/ })
      .waitFor();
    await prefecture
      .getByRole('table', { name: 'Préjudices complémentaires (R154-7)' })
      .getByRole('row', { name: /PV de tentative/ })
      .waitFor();

    // A correction, negative, with the new version (If-Match follows the dossier).
    await prefecture.getByLabel('Nature', { exact: true }).selectOption('correction');
    await prefecture.getByLabel(/^Montant/).fill('-100');
    await prefecture.getByLabel('Libellé').fill('Dépôt de garantie');
    await prefecture.getByLabel(/^Motif/).fill('Dépôt de garantie conservé par le bailleur');
    await prefecture.getByRole('button', { name: 'Enregistrer l’ajustement' }).click();
    await ajustements.getByRole('row', { name: /Dépôt de garantie .*-100,00/ }).waitFor();
    const totalCalcule = await prefecture
      .getByText('Total calculé')
      .locator('xpath=following-sibling::dd[1]')
      .textContent();
    const totalAjuste = await prefecture
      .getByText('Total après ajustements')
      .locator('xpath=following-sibling::dd[1]')
      .textContent();
    const nombre = (s: string | null) => Number((s ?? '').replace(/[^\d,-]/g, '').replace(',', '.'));
    expect(nombre(totalAjuste)).toBeCloseTo(nombre(totalCalcule) - 100, 2);
    await verifierAccessibilite(prefecture);
    // Settlement (R154-2 to R154-4): the claim, acknowledged with the date silence becomes a rejection.
    await prefecture.getByText('Aucune demande d’indemnisation reçue.').waitFor();
    await prefecture.getByRole('button', { name: 'Enregistrer l’étape' }).click();
    await prefecture.getByText('Choisissez l’étape à enregistrer').waitFor();
    await prefecture.getByLabel('Étape', { exact: true }).selectOption('demande_recue');
    await prefecture.getByLabel('Date de l’étape').fill('2025-12-31');
    await prefecture.getByLabel(/^Montant demandé/).fill('9000');
    await prefecture.getByRole('button', { name: 'Enregistrer l’étape' }).click();
    await prefecture
      .getByText(/À défaut de réponse du préfet au 28\/02\/2026, elle sera réputée rejetée/)
      .waitFor();
    await prefecture.getByLabel('Étape', { exact: true }).selectOption('proposition');
    await prefecture.getByLabel('Date de l’étape').fill('2025-12-01');
    await prefecture.getByLabel(/^Montant proposé/).fill('8500');
    await prefecture.getByRole('button', { name: 'Enregistrer l’étape' }).click();
    await prefecture.getByText('La date ne peut pas précéder le 31/12/2025.').waitFor();
    await verifierAccessibilite(prefecture);
    await prefecture.getByLabel('Date de l’étape').fill('2026-01-15');
    await prefecture.getByRole('button', { name: 'Enregistrer l’étape' }).click();
    const etapes = prefecture.getByRole('table', { name: 'Étapes du règlement' });
    await etapes.getByRole('row', { name: /Montant proposé 15\/01\/2026 8.500,00/ }).waitFor();
    const lien = prefecture.getByRole('link', { name: 'Télécharger le projet de transaction (PDF)' });
    const pdf = await prefecture.request.get((await lien.getAttribute('href')) ?? '');
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    await verifierAccessibilite(prefecture);
  });
  it('l’administrateur tient la table de l’IRL ; le loyer est révisé à l’anniversaire du bail', async () => {
    const admin = await nouvellePage(navigateur);
    await connecter(admin, 'admin.75@demo.exploc.fr');
    await admin.getByRole('link', { name: 'Indices IRL' }).first().click();
    await admin.getByRole('heading', { level: 1, name: 'Indices de référence des loyers' }).waitFor();
    await admin.getByLabel(/^Trimestre/).fill('2024-T5');
    await admin.getByLabel(/^Indice/).fill('143,46');
    await admin.getByRole('button', { name: 'Enregistrer l’indice' }).click();
    await admin.getByText(/^Trimestre invalide/).waitFor();
    await verifierAccessibilite(admin);
    for (const [trimestre, valeur] of [
      ['2024-T1', '143,46'],
      ['2025-T1', '145,47'],
    ] as const) {
      await admin.getByLabel(/^Trimestre/).fill(trimestre);
      await admin.getByLabel(/^Indice/).fill(valeur);
      await admin.getByRole('button', { name: 'Enregistrer l’indice' }).click();
      await admin.getByText(`Indice du trimestre ${trimestre} enregistré.`).waitFor();
    }
    await admin
      .getByRole('table', { name: 'Indices enregistrés' })
      .getByRole('row', { name: /2025-T1 145,47/ })
      .waitFor();
    await verifierAccessibilite(admin);

    const prefecture = await nouvellePage(navigateur);
    await connecter(prefecture, 'prefecture.75@demo.exploc.fr');
    await prefecture.goto(`/dossiers/${dossierId}`);
    await prefecture.getByRole('tab', { name: 'Indemnisation', exact: true }).click();
    // 650 × 145,47 / 143,46 = 659,107… → 659,11 € from 01/03/2025; earlier anniversaries lack an index.
    const revisions = prefecture.getByRole('table', { name: /Révisions du loyer selon l’IRL/ });
    await revisions.getByRole('row', { name: /01\/03\/2025 2025-T1 145,47 143,46 650,00.*659,11/ }).waitFor();
    await revisions.getByRole('row', { name: /01\/03\/2023 .*Non révisé \(indice manquant\)/ }).waitFor();
    await prefecture
      .getByRole('table', { name: 'Détail du calcul, ligne par ligne' })
      .getByRole('row', { name: /01\/07\/2025 31\/07\/2025 31 31 659,11/ })
      .waitFor();
    await prefecture.getByText(/Loyer révisé le 01\/03\/2025 : 650,00 € × 145,47/).waitFor();
    await verifierAccessibilite(prefecture);
  });

  it('suivi budgétaire : tableau par mois et département, export CSV', async () => {
    const prefecture = await nouvellePage(navigateur);
    await connecter(prefecture, 'prefecture.75@demo.exploc.fr');
    await prefecture.getByRole('link', { name: 'Indemnités' }).first().click();
    await prefecture.getByRole('heading', { level: 1, name: 'Suivi budgétaire des indemnités' }).waitFor();
    await prefecture.getByLabel('Du').fill('2025-01-01');
    await prefecture.getByLabel('Au').fill('2026-12-31');
    // The first test's claim (31/12/2025, 9 000 €) and proposal (15/01/2026, 8 500 €), each in its own month.
    const tableau = prefecture.getByRole('table', { name: 'Indemnités par mois et département' });
    await tableau.getByRole('row', { name: /décembre 2025 75 1 9.000,00.* 0 0,00.* 0 0,00/ }).waitFor();
    await tableau.getByRole('row', { name: /janvier 2026 75 0 0,00.* 1 8.500,00/ }).waitFor();
    await prefecture.getByRole('img', { name: /Montants demandés, proposés et payés par mois/ }).waitFor();
    const lien = await prefecture
      .getByRole('link', { name: 'Télécharger le tableau (CSV)' })
      .getAttribute('href');
    expect(lien).toContain('du=2025-01-01');
    const csv = await prefecture.request.get(lien ?? '');
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toMatch(/^\uFEFFMois;Département;/);
    await verifierAccessibilite(prefecture);
  });
});
