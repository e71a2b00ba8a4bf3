import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { connecter, creerAppDeTest } from '../../../test/app-de-test.js';
import { corpsMultipart, nouveauDossier, PDF_MINIMAL } from '../../../test/fabriques.js';

const stockage = await mkdtemp(path.join(os.tmpdir(), 'exploc-documents-'));
const { app, db } = await creerAppDeTest({ storageDir: stockage });
const pref75 = await connecter(app, 'prefecture.75@demo.exploc.fr');
const pref93 = await connecter(app, 'prefecture.93@demo.exploc.fr');

async function dossier() {
  const r = await pref75.requete({ method: 'POST', url: '/api/v1/dossiers', payload: nouveauDossier() });
  return r.json() as { id: string; version: number };
}

describe('documents du dossier', () => {
  it('dépose un PDF (If-Match), le liste et le télécharge ; le téléchargement est journalisé', async () => {
    const d = await dossier();
    const corps = corpsMultipart({ nom: 'commandement.pdf', type: 'application/pdf', octets: PDF_MINIMAL });
    const depot = await pref75.requete({
      method: 'POST',
      url: `/api/v1/dossiers/${d.id}/documents`,
      headers: { ...corps.headers, 'if-match': `"${d.version}"` },
      payload: corps.payload,
    });
    expect(depot.statusCode, depot.body).toBe(201);
    const { id: documentId, version } = depot.json() as { id: string; version: number };
    expect(version).toBe(d.version + 1);
    const liste = await pref75.requete({ method: 'GET', url: `/api/v1/dossiers/${d.id}/documents` });
    expect(liste.json().elements[0]).toMatchObject({
      id: documentId,
      nom: 'commandement.pdf',
      type: 'application/pdf',
    });
    const telechargement = await pref75.requete({
      method: 'GET',
      url: `/api/v1/dossiers/${d.id}/documents/${documentId}`,
    });
    expect(telechargement.statusCode).toBe(200);
    expect(telechargement.rawPayload.equals(PDF_MINIMAL)).toBe(true);
    expect(telechargement.headers['content-disposition']).toContain('commandement.pdf');
    // A name with characters outside Latin-1 is served too (RFC 5987), never a 500.
    const v = (await pref75.requete({ method: 'GET', url: `/api/v1/dossiers/${d.id}` })).json()
      .version as number;
    const autre = corpsMultipart({
      nom: 'décision’jugement.pdf',
      type: 'application/pdf',
      octets: PDF_MINIMAL,
    });
    const depot2 = await pref75.requete({
      method: 'POST',
      url: `/api/v1/dossiers/${d.id}/documents`,
      headers: { ...autre.headers, 'if-match': `"${v}"` },
      payload: autre.payload,
    });
    expect(depot2.statusCode, depot2.body).toBe(201);
    const t2 = await pref75.requete({
      method: 'GET',
      url: `/api/v1/dossiers/${d.id}/documents/${depot2.json().id}`,
    });
    expect(t2.statusCode).toBe(200);
    expect(t2.headers['content-disposition']).toContain(
      "filename*=UTF-8''d%C3%A9cision%E2%80%99jugement.pdf",
    );
    const journal = await db.selectFrom('journal').select('action').where('objet_id', '=', d.id).execute();
    expect(journal.map((j) => j.action)).toEqual(
      expect.arrayContaining(['document_depose', 'document_telecharge']),
    );
  });

  it('refuse un faux PDF (octets magiques), un type non accepté et un fichier trop gros, sans rien écrire', async () => {
    const d = await dossier();
    for (const [fichier, statut] of [
      [{ nom: 'faux.pdf', type: 'application/pdf', octets: Buffer.from('MZ exécutable') }, 415],
      [{ nom: 'page.html', type: 'text/html', octets: Buffer.from('<html></html>') }, 415],
      [{ nom: 'image.png', type: 'image/png', octets: PDF_MINIMAL }, 415],
      [
        {
          nom: 'gros.pdf',
          type: 'application/pdf',
          octets: Buffer.concat([PDF_MINIMAL, Buffer.alloc(10 * 1024 * 1024)]),
        },
        413,
      ],
    ] as const) {
      const corps = corpsMultipart(fichier);
      const r = await pref75.requete({
        method: 'POST',
        url: `/api/v1/dossiers/${d.id}/documents`,
        headers: { ...corps.headers, 'if-match': `"${d.version}"` },
        payload: corps.payload,
      });
      expect(r.statusCode, fichier.nom).toBe(statut);
      expect(r.json().erreur.code).toBeTruthy();
    }
    const docs = await db.selectFrom('document').select('id').where('dossier_id', '=', d.id).execute();
    expect(docs).toHaveLength(0);
  });

  it('un corps multipart illisible (frontière absente, corps tronqué) donne 400, jamais 500', async () => {
    const d = await dossier();
    for (const payload of ['pas du multipart', '--autre\r\nContent-Disposition: form-data; name="fichier"']) {
      const r = await pref75.requete({
        method: 'POST',
        url: `/api/v1/dossiers/${d.id}/documents`,
        headers: { 'content-type': 'multipart/form-data; boundary=----exploc', 'if-match': `"${d.version}"` },
        payload,
      });
      expect(r.statusCode, r.body).toBe(400);
      expect((r.json() as { erreur: { code: string } }).erreur.code).toMatch(
        /multipart_invalide|requete_invalide/,
      );
    }
  });

  it('chaque pièce a sa nature : le bailleur ne liste ni n’ouvre une pièce sociale, l’agent voit tout', async () => {
    const d = await dossier();
    const { organisation_id } = await db
      .selectFrom('utilisateur')
      .select('organisation_id')
      .where('email', '=', 'bailleur@demo.exploc.fr')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('dossier_organisation')
      .values({ dossier_id: d.id, organisation_id, role: 'bailleur' })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const bailleur = await connecter(app, 'bailleur@demo.exploc.fr');
    let version = d.version;
    const ids: Record<string, string> = {};
    for (const classe of ['judiciaire', 'social']) {
      const corps = corpsMultipart(
        { nom: `${classe}.pdf`, type: 'application/pdf', octets: PDF_MINIMAL },
        { classe },
      );
      const r = await pref75.requete({
        method: 'POST',
        url: `/api/v1/dossiers/${d.id}/documents`,
        headers: { ...corps.headers, 'if-match': `"${version}"` },
        payload: corps.payload,
      });
      expect(r.statusCode, r.body).toBe(201);
      ({ version } = r.json() as { version: number });
      ids[classe] = (r.json() as { id: string }).id;
    }
    const agent = await pref75.requete({ method: 'GET', url: `/api/v1/dossiers/${d.id}/documents` });
    expect((agent.json() as { elements: { classe: string }[] }).elements.map((e) => e.classe).sort()).toEqual(
      ['judiciaire', 'social'],
    );
    const liste = await bailleur.requete({ method: 'GET', url: `/api/v1/dossiers/${d.id}/documents` });
    expect(liste.statusCode).toBe(200);
    expect((liste.json() as { elements: { id: string }[] }).elements.map((e) => e.id)).toEqual([
      ids.judiciaire,
    ]);
    const social = await bailleur.requete({
      method: 'GET',
      url: `/api/v1/dossiers/${d.id}/documents/${ids.social}`,
    });
    expect(social.statusCode).toBe(404);
    const judiciaire = await bailleur.requete({
      method: 'GET',
      url: `/api/v1/dossiers/${d.id}/documents/${ids.judiciaire}`,
    });
    expect(judiciaire.statusCode).toBe(200);

    const corps = corpsMultipart(
      { nom: 'x.pdf', type: 'application/pdf', octets: PDF_MINIMAL },
      { classe: 'intime' },
    );
    const inconnue = await pref75.requete({
      method: 'POST',
      url: `/api/v1/dossiers/${d.id}/documents`,
      headers: { ...corps.headers, 'if-match': `"${version}"` },
      payload: corps.payload,
    });
    expect(inconnue.statusCode).toBe(400);
    expect(inconnue.body).toContain('Nature de pièce inconnue');
  });

  it('un agent du 93 ne peut ni lister, ni télécharger, ni déposer sur un dossier du 75 (404)', async () => {
    const d = await dossier();
    const corps = corpsMultipart({ nom: 'a.pdf', type: 'application/pdf', octets: PDF_MINIMAL });
    const depot = await pref75.requete({
      method: 'POST',
      url: `/api/v1/dossiers/${d.id}/documents`,
      headers: { ...corps.headers, 'if-match': `"${d.version}"` },
      payload: corps.payload,
    });
    const { id: documentId } = depot.json() as { id: string };
    expect(
      (await pref93.requete({ method: 'GET', url: `/api/v1/dossiers/${d.id}/documents` })).statusCode,
    ).toBe(404);
    expect(
      (await pref93.requete({ method: 'GET', url: `/api/v1/dossiers/${d.id}/documents/${documentId}` }))
        .statusCode,
    ).toBe(404);
    const autre = corpsMultipart({ nom: 'b.pdf', type: 'application/pdf', octets: PDF_MINIMAL });
    const r = await pref93.requete({
      method: 'POST',
      url: `/api/v1/dossiers/${d.id}/documents`,
      headers: { ...autre.headers, 'if-match': '"2"' },
      payload: autre.payload,
    });
    expect(r.statusCode).toBe(404);
  });
});
