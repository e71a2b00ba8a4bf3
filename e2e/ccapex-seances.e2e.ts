import { describe, expect, it } from 'vitest';
import { connecter, nouvellePage, ouvrirNavigateur, verifierAccessibilite } from './navigateur';

const navigateur = await ouvrirNavigateur();

describe('séances de la CCAPEX dans Chromium', () => {
  it('le secrétariat planifie, construit l’ordre du jour, examine, clôt et produit le procès-verbal', async () => {
    const page = await nouvellePage(navigateur);
    await connecter(page, 'ccapex.75@demo.exploc.fr');

    await page.getByRole('button', { name: 'Séances CCAPEX' }).click();
    await page.getByRole('link', { name: 'Séances', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Séances de la CCAPEX' }).waitFor();
    // The demo: a séance planned next week with three dossiers, and a closed one.
    const seances = page.getByRole('table', { name: 'Séances' });
    await seances
      .getByRole('row', { name: /Planifiée/ })
      .first()
      .waitFor();
    await seances.getByRole('row', { name: /Close/ }).first().waitFor();
    await verifierAccessibilite(page);

    await page.getByLabel('Date et heure').fill('2030-06-12T14:00');
    await page.getByLabel('Lieu').fill('Préfecture de Paris, salle 3');
    await page.getByRole('button', { name: 'Planifier la séance' }).click();
    await page.getByRole('heading', { level: 1, name: 'Séance du 12/06/2030 à 14 h 00' }).waitFor();

    // Agenda: the first dossier ready for examination.
    const prets = page.getByRole('table', { name: 'Dossiers prêts' });
    await prets.waitFor();
    const inscrire = prets.getByRole('button', { name: /^Inscrire le dossier / }).first();
    const numero = ((await inscrire.textContent()) ?? '').replace('Inscrire le dossier ', '').trim();
    expect(numero).toMatch(/^\d{4}-75-\d{6}$/);
    await inscrire.click();
    await page.getByText(`Dossier ${numero} inscrit.`).waitFor();
    await page
      .getByRole('table', { name: 'Ordre du jour' })
      .getByRole('row', { name: new RegExp(numero) })
      .waitFor();
    await verifierAccessibilite(page);

    await page.getByRole('button', { name: 'Inviter les membres' }).click();
    await page.getByText('Invitations envoyées aux membres de la commission.').waitFor();
    await page.getByRole('heading', { level: 2, name: 'Membres convoqués' }).waitFor();
    await page.getByText(/Léa Fournier \(Ville de Paris — action sociale \(démo\)\)/).waitFor();

    // Examination: avis, a recommandation to a member organisation, decision on the housing benefit.
    await page.getByRole('button', { name: new RegExp(`^1\\. Dossier ${numero}`) }).click();
    const examen = page.getByRole('form', { name: `Examen du dossier ${numero}` });
    await examen.getByLabel('Avis de la commission').fill('Plan d’apurement sur 24 mois et aide du FSL.');
    await examen.getByText('Maintien de l’aide au logement').click();
    await examen.getByRole('button', { name: 'Ajouter une recommandation' }).click();
    await examen.getByLabel('Type de destinataire').selectOption('fsl');
    await examen
      .getByLabel('Organisme membre (facultatif)')
      .selectOption({ label: 'Ville de Paris — action sociale (démo)' });
    await examen.getByLabel(/^Destinataire/).fill('Fonds de solidarité pour le logement');
    await examen
      .getByLabel('Recommandation', { exact: true })
      .fill('Instruire la demande d’aide au maintien.');
    await examen.getByLabel('Échéance (facultative)').fill('2030-07-15');
    await verifierAccessibilite(page);
    await examen.getByRole('button', { name: `Enregistrer l’examen du dossier ${numero}` }).click();
    await page.getByText(`Examen du dossier ${numero} enregistré.`).waitFor();
    await page
      .getByRole('table', { name: 'Ordre du jour' })
      .getByRole('row', { name: new RegExp(`${numero}.*Rendu.*Maintien`) })
      .waitFor();

    await page.getByRole('button', { name: 'Clore la séance' }).click();
    await page
      .getByText(/^Séance close/)
      .first()
      .waitFor();
    await page.getByRole('button', { name: 'Générer le procès-verbal' }).click();
    await page.getByText('Procès-verbal généré.').waitFor();
    const lien = page.getByRole('link', { name: /Télécharger le procès-verbal/ });
    const [telechargement] = await Promise.all([page.waitForEvent('download'), lien.click()]);
    expect(telechargement.suggestedFilename()).toBe('pv-ccapex-2030-06-12.pdf');
    const flux = await telechargement.createReadStream();
    const morceaux: Buffer[] = [];
    for await (const m of flux) morceaux.push(m as Buffer);
    expect(Buffer.concat(morceaux).subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
    await verifierAccessibilite(page);

    // The dossier's CCAPEX section shows the séance, the avis and the recommandation.
    await page.getByRole('table', { name: 'Ordre du jour' }).getByRole('link', { name: numero }).click();
    await page.getByRole('tab', { name: 'CCAPEX' }).click();
    await page.getByRole('heading', { level: 2, name: 'Séances, avis et recommandations' }).waitFor();
    await page.getByText('Avis : Plan d’apurement sur 24 mois et aide du FSL.').waitFor();
    await page.getByRole('cell', { name: 'Instruire la demande d’aide au maintien.' }).waitFor();
    await verifierAccessibilite(page);
  });

  it('un membre voit les séances à venir de sa commission et leur ordre du jour, sans pouvoir les modifier', async () => {
    const page = await nouvellePage(navigateur);
    await connecter(page, 'cd.75@demo.exploc.fr');
    await page.getByRole('link', { name: 'Séances CCAPEX' }).click();
    await page.getByRole('heading', { level: 1, name: 'Séances de la CCAPEX' }).waitFor();
    const ligne = page
      .getByRole('table', { name: 'Séances' })
      .getByRole('row', { name: /Planifiée/ })
      .first();
    await ligne.waitFor();
    await verifierAccessibilite(page);
    await ligne.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: /^Séance du / }).waitFor();
    await page.getByRole('table', { name: 'Ordre du jour' }).waitFor();
    await expect(page.getByRole('button', { name: 'Clore la séance' }).count()).resolves.toBe(0);
    await verifierAccessibilite(page);
  });

  it('suivi des recommandations et rapport annuel : tableaux, exports, accessibilité', async () => {
    const page = await nouvellePage(navigateur);
    await connecter(page, 'ccapex.75@demo.exploc.fr');
    await page.goto('/ccapex/recommandations?enRetard=true');
    await page.getByRole('heading', { level: 1, name: 'Suivi des recommandations' }).waitFor();
    await page
      .getByRole('table', { name: /Recommandations/ })
      .getByText('En retard')
      .first()
      .waitFor();
    await verifierAccessibilite(page);

    await page.goto('/ccapex/rapport-annuel');
    await page.getByRole('heading', { level: 1, name: 'Rapport annuel de la CCAPEX' }).waitFor();
    const annee = new Date().getFullYear();
    await page.getByLabel('Du').fill(`${annee}-01-01`);
    await page.getByLabel('Au').fill(`${annee}-12-31`);
    await page.getByRole('button', { name: 'Afficher' }).click();
    const synthese = page.getByRole('table', { name: 'Synthèse' });
    await synthese.waitFor();
    await expect(synthese.getByRole('row', { name: /Séances tenues/ }).textContent()).resolves.toMatch(/\d/);
    await verifierAccessibilite(page);
    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Exporter en XLSX' }).click(),
    ]);
    expect(xlsx.suggestedFilename()).toMatch(/^rapport-ccapex-75-.*\.xlsx$/);
  });
});
