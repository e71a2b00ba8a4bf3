import { describe, expect, it } from 'vitest';
import { connecter, creerAppDeTest } from '../../../test/app-de-test.js';
import { dossierEn93, nouveauDossier } from '../../../test/fabriques.js';

const { app, db } = await creerAppDeTest();
const admin75 = await connecter(app, 'admin.75@demo.exploc.fr');
const pref75 = await connecter(app, 'prefecture.75@demo.exploc.fr');
const pref93 = await connecter(app, 'prefecture.93@demo.exploc.fr');

const d75 = (
  await pref75.requete({ method: 'POST', url: '/api/v1/dossiers', payload: nouveauDossier() })
).json();
const d93 = (
  await pref93.requete({ method: 'POST', url: '/api/v1/dossiers', payload: dossierEn93() })
).json();
expect((await pref75.requete({ method: 'GET', url: `/api/v1/dossiers/${d75.id}` })).statusCode).toBe(200);
expect((await pref93.requete({ method: 'GET', url: `/api/v1/dossiers/${d93.id}` })).statusCode).toBe(200);

interface Page {
  elements: {
    id: number;
    action: string;
    objetId: string | null;
    dossierNumero: string | null;
    utilisateur: { email: string | null } | null;
    departementCode: string | null;
  }[];
  suivant: number | null;
}

async function chercher(query: string): Promise<Page> {
  const r = await admin75.requete({ method: 'GET', url: `/api/v1/admin/journal?${query}` });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as Page;
}

describe('recherche dans le journal par l’administrateur départemental', () => {
  it('voit la consultation d’un dossier de son département par un agent, filtrée par utilisateur et action', async () => {
    const p = await chercher(
      `utilisateur=${encodeURIComponent('Prefecture.75@demo.exploc.fr')}&action=dossier_consulte`,
    );
    expect(p.elements.length).toBeGreaterThanOrEqual(1);
    const l = p.elements.find((e) => e.objetId === d75.id);
    expect(l?.dossierNumero).toBe(d75.numero);
    expect(l?.utilisateur?.email).toBe('prefecture.75@demo.exploc.fr');
    expect(p.elements.every((e) => e.action === 'dossier_consulte')).toBe(true);
  });

  it('filtre par numéro ou identifiant de dossier', async () => {
    const parNumero = await chercher(`dossier=${d75.numero}`);
    const parId = await chercher(`dossier=${d75.id}`);
    expect(parNumero.elements.map((e) => e.action).sort()).toEqual(
      expect.arrayContaining(['dossier_consulte', 'dossier_cree']),
    );
    expect(parId.elements.map((e) => e.id)).toEqual(parNumero.elements.map((e) => e.id));
    expect((await chercher('dossier=2099-75-999999')).elements).toEqual([]);
  });

  it('ne voit rien d’un autre département (ni les lignes, ni en filtrant sur le dossier ou l’agent)', async () => {
    expect((await chercher(`dossier=${d93.id}`)).elements).toEqual([]);
    expect((await chercher('utilisateur=prefecture.93@demo.exploc.fr')).elements).toEqual([]);
    const tout = await chercher('parPage=200');
    expect(tout.elements.some((e) => e.objetId === d93.id)).toBe(false);
    expect(tout.elements.some((e) => e.departementCode === '93')).toBe(false);
  });

  it('filtre par dates (jours de Paris) et pagine par curseur', async () => {
    expect((await chercher('du=2099-01-01')).elements).toEqual([]);
    expect((await chercher('au=2000-01-01')).elements).toEqual([]);
    const aujourdhui = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
    expect((await chercher(`du=${aujourdhui}&au=${aujourdhui}`)).elements.length).toBeGreaterThan(0);
    const p1 = await chercher('parPage=2');
    expect(p1.elements).toHaveLength(2);
    expect(p1.suivant).toBe(p1.elements[1]?.id);
    const p2 = await chercher(`parPage=2&avant=${p1.suivant}`);
    expect(p2.elements[0]?.id).toBeLessThan(p1.elements[1]?.id ?? 0);
  });

  it('refuse une page de plus de 200 lignes et une date mal formée (400)', async () => {
    const r = await admin75.requete({ method: 'GET', url: '/api/v1/admin/journal?parPage=201' });
    expect(r.statusCode).toBe(400);
    expect(r.json().erreur.code).toBe('requete_invalide');
    const d = await admin75.requete({ method: 'GET', url: '/api/v1/admin/journal?du=27/11/2026' });
    expect(d.statusCode).toBe(400);
  });

  it('journalise sa propre consultation sans donnée personnelle dans les détails', async () => {
    await chercher('utilisateur=prefecture.75@demo.exploc.fr');
    const l = await db
      .selectFrom('journal')
      .select(['details'])
      .where('action', '=', 'journal_consulte')
      .where('utilisateur_id', '=', admin75.utilisateur.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(l.details).toEqual({ filtres: ['utilisateur'] });
    expect(JSON.stringify(l.details)).not.toContain('@');
  });

  it('exporte en CSV (BOM, point-virgule) et journalise l’export avec son nombre de lignes', async () => {
    const r = await admin75.requete({
      method: 'GET',
      url: `/api/v1/admin/journal/export?dossier=${d75.numero}`,
    });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/csv');
    expect(r.headers['content-disposition']).toMatch(/attachment; filename="journal-\d{4}-\d{2}-\d{2}\.csv"/);
    expect(r.body.startsWith('\uFEFFHorodatage;Utilisateur;')).toBe(true);
    const lignes = r.body.trim().split('\r\n');
    expect(lignes.length).toBeGreaterThanOrEqual(3);
    expect(r.body).toContain(`;dossier_consulte;dossier;${d75.id};${d75.numero};`);
    expect(r.body).not.toContain(d93.id);
    const j = await db
      .selectFrom('journal')
      .select(['details'])
      .where('action', '=', 'export_journal')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(j.details).toEqual({ filtres: ['dossier'], lignes: lignes.length - 1 });
  });
});
