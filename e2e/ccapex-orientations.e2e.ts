import { describe, expect, it } from 'vitest';
import { connecter, nouvellePage, ouvrirNavigateur, verifierAccessibilite } from './navigateur';

const navigateur = await ouvrirNavigateur();

describe('CCAPEX : tri des saisines et orientations dans Chromium', () => {
  it('le secrétariat accepte un signalement et l’oriente vers le CD, qui le prend en compte et le clôt', async () => {
    const secretariat = await nouvellePage(navigateur);
    await connecter(secretariat, 'ccapex.75@demo.exploc.fr');
    await secretariat.getByRole('button', { name: 'CCAPEX', exact: true }).click();
    await secretariat.getByRole('link', { name: 'Saisines à trier' }).click();
    await secretariat.getByRole('heading', { level: 1, name: 'Saisines à trier' }).waitFor();
    const boite = secretariat.getByRole('table', { name: /^Saisines/ });
    // The demo: a commissaire de justice's signalement about an existing dossier waits in the inbox.
    const ligne = boite.getByRole('row', { name: /Commissaire de justice/ }).first();
    await ligne.waitFor();
    await verifierAccessibilite(secretariat);
    const lien = ligne.getByRole('link');
    const numero = ((await lien.textContent()) ?? '').trim().split(' ')[0] ?? '';
    expect(numero).toMatch(/^\d{4}-75-\d{6}$/);
    const adresseDossier = (await lien.getAttribute('href')) ?? '';
    await ligne.getByRole('button', { name: /^Trier/ }).click();
    await secretariat.getByRole('heading', { level: 2, name: /Commissaire de justice/ }).waitFor();
    await verifierAccessibilite(secretariat);
    await secretariat.getByRole('button', { name: 'Accepter la saisine' }).click();
    await secretariat.getByText('Saisine acceptée.').waitFor();

    // Orientation to the conseil départemental from the dossier's CCAPEX section.
    await secretariat.goto(adresseDossier);
    await secretariat.getByRole('tab', { name: 'CCAPEX' }).click();
    await secretariat.getByRole('heading', { name: 'Saisines et signalements' }).waitFor();
    await secretariat
      .getByRole('table', { name: 'Saisines de la CCAPEX' })
      .getByRole('row', { name: /Acceptée/ })
      .waitFor();
    await secretariat
      .getByLabel('Organisation destinataire')
      .selectOption({ label: 'Ville de Paris — action sociale (démo)' });
    await expect
      .poll(() => secretariat.getByLabel('Type de destinataire').inputValue())
      .toBe('cd_action_sociale');
    await secretariat
      .getByLabel('Objet de l’orientation')
      .fill('Évaluation sociale et accompagnement budgétaire du ménage.');
    await verifierAccessibilite(secretariat);
    await secretariat.getByRole('button', { name: 'Envoyer l’orientation' }).click();
    await secretariat.getByText('Orientation envoyée à Ville de Paris — action sociale (démo).').waitFor();
    await secretariat
      .getByRole('table', { name: 'Orientations vers les membres de la commission' })
      .getByRole('row', { name: /Évaluation sociale et accompagnement budgétaire du ménage/ })
      .waitFor();

    // The CD member acknowledges, records an action and closes the orientation.
    const cd = await nouvellePage(navigateur);
    await connecter(cd, 'cd.75@demo.exploc.fr');
    await cd.getByRole('button', { name: 'CCAPEX', exact: true }).click();
    await cd.getByRole('link', { name: 'Mes orientations' }).click();
    await cd.getByRole('heading', { level: 1, name: 'Mes orientations' }).waitFor();
    const orientations = cd.getByRole('table', { name: /^Orientations en cours/ });
    await orientations.waitFor();
    await verifierAccessibilite(cd);
    await orientations
      .getByRole('row', { name: /Évaluation sociale et accompagnement budgétaire du ménage/ })
      .getByRole('link', { name: numero })
      .click();
    await cd.getByRole('heading', { level: 1, name: `Orientation du dossier ${numero}` }).waitFor();
    await verifierAccessibilite(cd);
    await cd.getByRole('button', { name: 'Accuser la prise en compte' }).click();
    await cd.getByText('Prise en compte enregistrée.').waitFor();
    await cd.getByLabel('Action menée').selectOption('menage_contacte');
    await cd.getByLabel('Commentaire (facultatif)').fill('Rendez-vous au service social le 3 du mois.');
    await cd.getByRole('button', { name: 'Enregistrer l’action' }).click();
    await cd.getByText('Action enregistrée.').waitFor();
    await cd
      .getByRole('table', { name: 'Actions menées' })
      .getByRole('row', { name: /Ménage contacté/ })
      .waitFor();
    await cd.getByLabel('Résultat').fill('Plan d’apurement signé, aide du FSL accordée.');
    await cd.getByRole('button', { name: 'Clore l’orientation' }).click();
    await cd.getByText('Orientation close.').waitFor();
    await cd.getByText(/Plan d’apurement signé, aide du FSL accordée\./).waitFor();
    await verifierAccessibilite(cd);

    // The secretariat sees the result on the dossier.
    await secretariat.reload();
    await secretariat.getByRole('tab', { name: 'CCAPEX' }).click();
    await secretariat
      .getByRole('table', { name: 'Orientations vers les membres de la commission' })
      .getByRole('row', { name: /Résultat : Plan d’apurement signé/ })
      .waitFor();
  });

  it('l’administrateur voit et gère les CCAPEX du département', async () => {
    const admin = await nouvellePage(navigateur);
    await connecter(admin, 'admin.75@demo.exploc.fr');
    await admin.goto('/admin/ccapex');
    await admin.getByRole('heading', { level: 1, name: 'CCAPEX du département' }).waitFor();
    const commissions = admin.getByRole('table', { name: 'Commissions du département' });
    await commissions.getByRole('row', { name: /CCAPEX locale Paris Nord/ }).waitFor();
    await verifierAccessibilite(admin);
    await commissions
      .getByRole('row', { name: /CCAPEX locale Paris Nord/ })
      .getByRole('button', { name: /^Gérer/ })
      .click();
    await admin.getByRole('table', { name: /^Membres de CCAPEX locale Paris Nord/ }).waitFor();
    await verifierAccessibilite(admin);
  });
});
