import { describe, expect, it } from 'vitest';
import { connecter, nouvellePage, ouvrirNavigateur, verifierAccessibilite } from './navigateur';

const navigateur = await ouvrirNavigateur();

/** Today in Paris plus two months, as the acknowledgement shows it (JJ/MM/AAAA, end of month clamped). */
function dansDeuxMois(): string {
  const [a, m, j] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' })
    .format(new Date())
    .split('-')
    .map(Number) as [number, number, number];
  const mois = ((m - 1 + 2) % 12) + 1;
  const annee = a + Math.floor((m - 1 + 2) / 12);
  const dernier = new Date(Date.UTC(annee, mois, 0)).getUTCDate();
  const jour = Math.min(j, dernier);
  return `${String(jour).padStart(2, '0')}/${String(mois).padStart(2, '0')}/${annee}`;
}

describe('bailleur personne morale dans Chromium', () => {
  it('saisit la CCAPEX pas à pas et voit la date à partir de laquelle l’assignation est possible', async () => {
    const page = await nouvellePage(navigateur);
    await connecter(page, 'bailleur@demo.exploc.fr');
    await page
      .getByRole('link', { name: /Saisir la CCAPEX/ })
      .first()
      .click();
    await page.getByRole('heading', { level: 1, name: 'Saisir la CCAPEX' }).waitFor();
    await verifierAccessibilite(page);

    // An empty step is refused with the schema's French message.
    await page.getByRole('button', { name: 'Suivant' }).click();
    await page.getByText('Le nom est obligatoire').waitFor();

    await page.getByLabel('Nom du titulaire du bail').fill('Benali');
    await page.getByLabel('Prénoms *', { exact: true }).fill('Samia');
    await page.getByRole('button', { name: 'Suivant' }).click();
    await page.getByLabel('Adresse du logement').fill('3 rue Championnet');
    await page.getByLabel('Code postal').fill('75018');
    await page.getByLabel('Code INSEE de la commune').fill('75118');
    await page.getByLabel('Bail signé le').fill('2021-09-01');
    await page.getByRole('button', { name: 'Suivant' }).click();
    await page.getByLabel('Loyer mensuel hors charges').fill('540');
    await page.getByLabel('Charges mensuelles').fill('65,50');
    await page.getByRole('button', { name: 'Suivant' }).click();
    await page.getByLabel('Montant de la dette').fill('1 815,00');
    await page.getByLabel('Décompte arrêté au').fill('2026-10-31');
    await page.getByLabel('Nombre de mois d’impayés').fill('3');
    await page.getByRole('button', { name: 'Suivant' }).click();
    await page.getByLabel('Relance amiable du locataire').check({ force: true });
    await page.getByLabel('CAF ou MSA informée de l’impayé').check({ force: true });
    await page.getByRole('button', { name: 'Suivant' }).click();
    await page.getByText('BENALI', { exact: false }).or(page.getByText('Benali Samia')).first().waitFor();
    await verifierAccessibilite(page);
    await page.getByRole('button', { name: 'Envoyer la saisine' }).click();

    await page.getByRole('heading', { level: 1, name: 'Saisine enregistrée' }).waitFor();
    await expect(page.getByTestId('assignation-possible').textContent()).resolves.toBe(dansDeuxMois());
    await expect(
      page.getByRole('link', { name: 'Télécharger l’accusé de réception (PDF)' }).getAttribute('href'),
    ).resolves.toMatch(/^\/api\/v1\/bailleur\/saisines\/[0-9a-f-]{36}\/accuse\.pdf$/);
    await verifierAccessibilite(page);

    await page.getByRole('link', { name: 'Mes saisines' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Mes saisines' }).waitFor();
    await page
      .getByRole('row', { name: /Benali Samia/ })
      .first()
      .waitFor();
    await verifierAccessibilite(page);
  });

  it('importe un fichier CSV : barre de progression jusqu’à 100 % et rapport ligne à ligne', async () => {
    const page = await nouvellePage(navigateur);
    await connecter(page, 'bailleur@demo.exploc.fr');
    await page.goto('/bailleur/imports');
    await page.getByRole('heading', { level: 1, name: 'Importer des saisines' }).waitFor();
    await verifierAccessibilite(page);

    const modele = await (await page.request.get('/api/v1/bailleur/saisines/modele.csv')).text();
    const [entete, exemple] = modele.replace('\uFEFF', '').trim().split('\r\n') as [string, string];
    const colonnes = entete.split(';');
    const mauvaise = exemple.split(';');
    mauvaise[colonnes.indexOf('code_postal')] = '7501';
    const fichier = [entete, exemple, exemple, mauvaise.join(';')].join('\r\n');
    await page.getByLabel('Fichier CSV des saisines').setInputFiles({
      name: 'saisines.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`\uFEFF${fichier}`, 'utf8'),
    });
    await page.getByRole('button', { name: 'Importer' }).click();

    await page.getByText('Import terminé : 2 saisine(s) créée(s), 1 ligne(s) rejetée(s).').waitFor();
    const barre = page.locator('progress#progression-import');
    await expect(barre.getAttribute('value')).resolves.toBe('3');
    await expect(barre.getAttribute('max')).resolves.toBe('3');
    await page.getByText('Lignes traitées : 3 sur 3 (100 %)').waitFor();
    const rapport = page.getByRole('table', { name: 'Rapport ligne à ligne' });
    await rapport.getByRole('row', { name: /^4 Rejetée code_postal/ }).waitFor();
    await expect(rapport.getByRole('row', { name: /Saisine créée/ }).count()).resolves.toBe(2);
    await expect(
      page.getByRole('link', { name: 'Télécharger le rapport (CSV)' }).getAttribute('href'),
    ).resolves.toMatch(/rapport\.csv$/);
    await verifierAccessibilite(page);
  });
  it('dépose sa demande d’indemnisation sur un dossier au concours refusé et voit la date du rejet implicite', async () => {
    const page = await nouvellePage(navigateur);
    await connecter(page, 'bailleur@demo.exploc.fr');
    const prefecture = await nouvellePage(navigateur);
    await connecter(prefecture, 'prefecture.75@demo.exploc.fr');
    const jetonBailleur = (await (await page.request.get('/api/v1/moi')).json()).csrfToken as string;
    const jetonPrefecture = (await (await prefecture.request.get('/api/v1/moi')).json()).csrfToken as string;
    const cree = await page.request.post('/api/v1/dossiers', {
      headers: { 'x-csrf-token': jetonBailleur },
      data: {
        menage: { personnes: [{ nom: 'Roussel', prenoms: 'Marc', role: 'titulaire' }] },
        logement: {
          adresse: { ligne: '21 rue Marcadet', codePostal: '75018', codeInsee: '75118' },
          social: true,
        },
        bail: { dateSignature: '2020-03-01', loyerMensuelHC: 600, chargesMensuelles: 70 },
        bailleur: {
          type: 'personne_morale',
          nom: 'Habitat Social Francilien (démo)',
          siret: '00000000000018',
        },
      },
    });
    expect(cree.status(), await cree.text()).toBe(201);
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
    ]) {
      const r = await prefecture.request.post(`/api/v1/dossiers/${id}/evenements`, {
        headers: { 'x-csrf-token': jetonPrefecture, 'if-match': `"${version}"` },
        data: evenement,
      });
      expect(r.status(), await r.text()).toBe(201);
      version = (await r.json()).version;
    }

    await page.goto(`/dossiers/${id}`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    // The landlord's limited view: no internal notes tab.
    await expect(page.getByRole('tab', { name: 'Notes internes' }).count()).resolves.toBe(0);
    await page.getByRole('tab', { name: 'Demande d’indemnisation' }).click();
    await page.getByLabel('Au *', { exact: true }).fill('2025-12-31');
    await page.getByLabel('Loyers impayés').fill('3600');
    await page.getByLabel('Charges impayées').fill('420');
    await page.getByLabel('Justificatifs').setInputFiles({
      name: 'decompte.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
    });
    await verifierAccessibilite(page);
    await page.getByRole('button', { name: 'Envoyer la demande d’indemnisation' }).click();
    await page.getByText(/^Demande reçue le /).waitFor();
    await expect(page.getByTestId('rejet-implicite').textContent()).resolves.toBe(dansDeuxMois());
    await page.getByText('decompte.pdf').waitFor();
    await verifierAccessibilite(page);
  });
});
