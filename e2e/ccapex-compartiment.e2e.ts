import { describe, expect, it } from 'vitest';
import { connecter, nouvellePage, ouvrirNavigateur, verifierAccessibilite } from './navigateur';

const navigateur = await ouvrirNavigateur();
const PARIS_NORD = ['75118', '75119', '75120'];

interface Element {
  id: string;
  adresse: { codeInsee: string };
}

describe('CCAPEX : compartiment secret dans Chromium', () => {
  it('le secrétariat y ajoute un diagnostic ; un membre d’une autre commission ne le voit pas', async () => {
    const secretariat = await nouvellePage(navigateur);
    await connecter(secretariat, 'ccapex.75@demo.exploc.fr');
    const liste = await secretariat.request.get('/api/v1/dossiers?parPage=100');
    expect(liste.status()).toBe(200);
    const { elements } = (await liste.json()) as { elements: Element[] };
    const central = elements.find((e) => !PARIS_NORD.includes(e.adresse.codeInsee));
    const nord = elements.find((e) => PARIS_NORD.includes(e.adresse.codeInsee));
    if (!central || !nord) throw new Error('Données de démonstration inattendues');

    await secretariat.goto(`/dossiers/${central.id}`);
    await secretariat.getByRole('tab', { name: 'CCAPEX' }).click();
    await secretariat.getByRole('heading', { name: 'Notes de la CCAPEX et diagnostic social' }).waitFor();
    const formulaire = secretariat.getByRole('form', {
      name: 'Ajouter une information au compartiment de la CCAPEX',
    });
    await formulaire.getByLabel('Nature de l’information').selectOption('diagnostic_social');
    await formulaire.getByRole('button', { name: 'Ajouter au compartiment' }).click();
    await formulaire.getByText('Indiquez le fondement du partage de cette information').waitFor();
    await formulaire.getByLabel('Fondement du partage').selectOption('diagnostic_social_financier');
    await formulaire
      .getByLabel('Contenu')
      .fill('Perte d’emploi en mars ; dossier FSL à constituer avec le ménage.');
    await verifierAccessibilite(secretariat);
    await formulaire.getByRole('button', { name: 'Ajouter au compartiment' }).click();
    await formulaire.getByText('Information ajoutée au compartiment de la CCAPEX.').waitFor();
    await secretariat
      .getByText('Perte d’emploi en mars ; dossier FSL à constituer avec le ménage.')
      .waitFor();
    await secretariat.getByText(/fondement : Diagnostic social et financier/).waitFor();
    await verifierAccessibilite(secretariat);

    // A member of the local CCAPEX Paris Nord: the central commission's dossier does not exist for it.
    const membre = await nouvellePage(navigateur);
    await connecter(membre, 'caf.paris-nord@demo.exploc.fr');
    await membre.goto(`/dossiers/${central.id}`);
    await membre.getByText('La page que vous cherchez est introuvable', { exact: false }).waitFor();
    const api = await membre.request.get(`/api/v1/dossiers/${central.id}/ccapex/notes`);
    expect(api.status()).toBe(404);
    expect(await api.text()).not.toContain('Perte d’emploi');

    // Its own commission's dossier: the compartment is there, empty of the central commission's notes.
    await membre.goto(`/dossiers/${nord.id}`);
    await membre.getByRole('tab', { name: 'CCAPEX' }).click();
    await membre.getByRole('heading', { name: 'Notes de la CCAPEX et diagnostic social' }).waitFor();
    expect(await membre.getByText('Perte d’emploi en mars').count()).toBe(0);
    await verifierAccessibilite(membre);
  });
});
