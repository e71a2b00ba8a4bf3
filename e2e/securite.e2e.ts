import { describe, expect, it } from 'vitest';
import { connecter, nouvellePage, ouvrirNavigateur, URL_APP, verifierAccessibilite } from './navigateur';

const navigateur = await ouvrirNavigateur();

describe('sécurité : journal des accès et alertes dans Chromium', () => {
  it('l’application servie porte une CSP sans script inline, et sa page n’en contient aucun', async () => {
    const r = await fetch(`${URL_APP}/dossiers`);
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await r.text();
    for (const [, attributs] of html.matchAll(/<script\b([^>]*)>/gi)) expect(attributs).toMatch(/\bsrc=/);
  });

  it('l’administrateur retrouve la consultation d’un agent, puis l’alerte de consultation massive, et l’examine', async () => {
    const agent = await nouvellePage(navigateur);
    await connecter(agent, 'prefecture.75@demo.exploc.fr');
    const liste = await agent.request.get('/api/v1/dossiers?parPage=60');
    expect(liste.ok()).toBe(true);
    const dossiers = ((await liste.json()) as { elements: { id: string; numero: string }[] }).elements;
    expect(dossiers.length).toBeGreaterThan(50);
    const [premier] = dossiers;
    if (!premier) throw new Error('aucun dossier');
    await agent.goto(`/dossiers/${premier.id}`);
    await agent.getByRole('heading', { level: 1, name: `Dossier ${premier.numero}` }).waitFor();
    const droitAcces = agent.getByRole('link', { name: 'Exporter les données du ménage (PDF)' });
    await expect(droitAcces.getAttribute('href')).resolves.toBe(
      `/api/v1/dossiers/${premier.id}/droit-acces?format=pdf`,
    );
    const pdf = await agent.request.get(`/api/v1/dossiers/${premier.id}/droit-acces?format=pdf`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    await verifierAccessibilite(agent);
    // More than 50 distinct dossiers read within the hour: the mass consultation rule (default threshold).
    for (const d of dossiers.slice(1, 52)) {
      expect((await agent.request.get(`/api/v1/dossiers/${d.id}`)).ok()).toBe(true);
    }

    const admin = await nouvellePage(navigateur);
    await connecter(admin, 'admin.75@demo.exploc.fr');
    await admin.getByRole('link', { name: 'Journal des accès' }).first().click();
    await admin.getByRole('heading', { level: 1, name: 'Journal des accès' }).waitFor();
    await admin.getByLabel(/^Utilisateur/).fill('prefecture.75@demo.exploc.fr');
    await admin.getByLabel(/^Dossier/).fill(premier.numero);
    await admin
      .getByRole('combobox', { name: 'Action' })
      .selectOption({ label: 'Consultation d’un dossier' });
    await admin.getByRole('button', { name: 'Rechercher' }).click();
    const ligne = admin.getByRole('row').filter({ hasText: premier.numero }).first();
    await ligne.waitFor();
    await expect(ligne.textContent()).resolves.toMatch(/Consultation d’un dossier/);
    await expect(ligne.textContent()).resolves.toMatch(/prefecture\.75@demo\.exploc\.fr/);
    await verifierAccessibilite(admin);

    await admin.getByRole('link', { name: 'Alertes de sécurité' }).first().click();
    await admin.getByRole('heading', { level: 1, name: 'Alertes de sécurité' }).waitFor();
    await admin.getByRole('button', { name: 'Analyser maintenant' }).click();
    await admin.getByText(/Analyse terminée/).waitFor();
    const alerte = admin.getByRole('row').filter({ hasText: 'Consultation massive de dossiers' }).first();
    await alerte.waitFor();
    await expect(alerte.textContent()).resolves.toMatch(/prefecture\.75@demo\.exploc\.fr/);
    await verifierAccessibilite(admin);
    await alerte.getByRole('button', { name: 'Examiner' }).click();
    await admin
      .getByLabel(/^Commentaire d’examen/)
      .fill('Vérifié avec l’agent : revue de portefeuille demandée.');
    await admin.getByRole('button', { name: 'Enregistrer l’examen' }).click();
    await admin.getByText('L’alerte est marquée comme examinée.').waitFor();
    await admin.getByRole('combobox', { name: 'Alertes affichées' }).selectOption('examinees');
    await admin
      .getByText(/revue de portefeuille demandée/)
      .first()
      .waitFor();
    await verifierAccessibilite(admin);
  });
});
