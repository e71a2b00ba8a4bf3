import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { connecter, creerAppDeTest } from '../../../test/app-de-test.js';
import { corpsMultipart, nouveauDossier, PDF_MINIMAL } from '../../../test/fabriques.js';
import type { DonneesMenage } from './service.js';

const stockage = await mkdtemp(path.join(os.tmpdir(), 'exploc-droits-'));
const { app, db } = await creerAppDeTest({ storageDir: stockage });
const pref75 = await connecter(app, 'prefecture.75@demo.exploc.fr');
const ddets75 = await connecter(app, 'ddets.75@demo.exploc.fr');
const pref93 = await connecter(app, 'prefecture.93@demo.exploc.fr');
const bailleur = await connecter(app, 'bailleur@demo.exploc.fr');

/** A dossier with a chronology (one act and its correction), a document and a note. */
async function dossierComplet() {
  const d = (
    await pref75.requete({ method: 'POST', url: '/api/v1/dossiers', payload: nouveauDossier() })
  ).json();
  const r1 = await pref75.requete({
    method: 'POST',
    url: `/api/v1/dossiers/${d.id}/evenements`,
    headers: { 'if-match': `"${d.version}"` },
    payload: { type: 'commandement_de_payer', date: '2025-09-02', montantDette: 2340 },
  });
  const premier = r1.json() as { id: string; version: number };
  const r2 = await pref75.requete({
    method: 'POST',
    url: `/api/v1/dossiers/${d.id}/evenements`,
    headers: { 'if-match': `"${premier.version}"` },
    payload: {
      type: 'commandement_de_payer',
      date: '2025-09-10',
      montantDette: 2340,
      remplace: premier.id,
      motifCorrection: 'Date de signification erronée',
    },
  });
  expect(r2.statusCode, r2.body).toBe(201);
  const corps = corpsMultipart({ nom: 'commandement.pdf', type: 'application/pdf', octets: PDF_MINIMAL });
  const depot = await pref75.requete({
    method: 'POST',
    url: `/api/v1/dossiers/${d.id}/documents`,
    headers: { ...corps.headers, 'if-match': `"${r2.json().version}"` },
    payload: corps.payload,
  });
  expect(depot.statusCode, depot.body).toBe(201);
  const lu = await pref75.requete({ method: 'GET', url: `/api/v1/dossiers/${d.id}` });
  const note = await pref75.requete({
    method: 'POST',
    url: `/api/v1/dossiers/${d.id}/notes`,
    headers: { 'if-match': String(lu.headers.etag) },
    payload: { texte: 'Ménage reçu en entretien, plan d’apurement envisagé.' },
  });
  expect(note.statusCode, note.body).toBeLessThan(300);
  return d as { id: string; numero: string };
}

const d = await dossierComplet();

describe('droit d’accès : export de tout ce qui est détenu sur un ménage', () => {
  it('JSON : ménage, membres, bailleur, chronologie avec la correction, documents, notes ; sans colonnes techniques', async () => {
    const r = await ddets75.requete({
      method: 'GET',
      url: `/api/v1/dossiers/${d.id}/droit-acces?format=json`,
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-disposition']).toBe(`attachment; filename="droit-acces-${d.numero}.json"`);
    expect(r.headers['cache-control']).toBe('no-store');
    const x = r.json() as DonneesMenage;
    expect(x.dossier).toEqual({ id: d.id, numero: d.numero, departementCode: '75' });
    const section = (t: string) => x.sections.find((s) => s.table === t)?.lignes ?? [];
    expect(x.sections.slice(0, 4).map((s) => s.table)).toEqual([
      'dossier',
      'personne',
      'bailleur',
      'evenement',
    ]);
    expect(section('dossier')[0]).toMatchObject({
      nom_principal: 'LEFÈVRE Hélène',
      email: 'helene.lefevre@exemple.fr',
    });
    expect(section('dossier')[0]).not.toHaveProperty('texte_recherche');
    expect(
      section('personne')
        .map((p) => p.prenoms)
        .sort(),
    ).toEqual(['Hélène', 'Noé']);
    expect(section('bailleur')[0]?.nom).toBe('Habitat Social Francilien (démo)');
    const evenements = section('evenement');
    expect(evenements).toHaveLength(2);
    expect(evenements.find((e) => e.motif_correction === 'Date de signification erronée')).toBeDefined();
    expect(section('document').map((e) => e.nom_fichier)).toEqual(['commandement.pdf']);
    expect(section('note_dossier')).toHaveLength(1);
    expect(section('dossier_organisation').length).toBeGreaterThan(0);
  });

  it('PDF : un PDF balisé en français, et chaque export est journalisé avec son format', async () => {
    const r = await pref75.requete({ method: 'GET', url: `/api/v1/dossiers/${d.id}/droit-acces?format=pdf` });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    const pdf = r.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toContain('/Lang (fr-FR)');
    expect(pdf.toString('latin1')).toContain('/StructTreeRoot');
    const journal = await db
      .selectFrom('journal')
      .select(['utilisateur_id', 'objet_id', 'departement_code', 'details'])
      .where('action', '=', 'droit_acces_exporte')
      .orderBy('id')
      .execute();
    expect(journal.map((j) => (j.details as { format: string }).format)).toEqual(['json', 'pdf']);
    expect(journal[1]).toMatchObject({
      utilisateur_id: pref75.utilisateur.id,
      objet_id: d.id,
      departement_code: '75',
    });
  });

  it('hors périmètre : 404 (et un refus au journal) ; profil sans le droit : 403 ; format inconnu : 400', async () => {
    const autre = await pref93.requete({ method: 'GET', url: `/api/v1/dossiers/${d.id}/droit-acces` });
    expect(autre.statusCode).toBe(404);
    const refus = await db
      .selectFrom('journal')
      .select('objet_id')
      .where('action', '=', 'refus')
      .where('utilisateur_id', '=', pref93.utilisateur.id)
      .execute();
    expect(refus.map((l) => l.objet_id)).toEqual([d.id]);
    const b = await bailleur.requete({ method: 'GET', url: `/api/v1/dossiers/${d.id}/droit-acces` });
    expect(b.statusCode).toBe(403);
    const f = await pref75.requete({ method: 'GET', url: `/api/v1/dossiers/${d.id}/droit-acces?format=xml` });
    expect(f.statusCode).toBe(400);
    const n = await db
      .selectFrom('journal')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('action', '=', 'droit_acces_exporte')
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(2);
  });
});
