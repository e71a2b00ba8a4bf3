import { describe, expect, it } from 'vitest';
import { connecter, creerAppDeTest } from '../../../test/app-de-test.js';
import { dossierEn93, nouveauDossier } from '../../../test/fabriques.js';

const { app, db } = await creerAppDeTest();
const pref75 = await connecter(app, 'prefecture.75@demo.exploc.fr');
const pref93 = await connecter(app, 'prefecture.93@demo.exploc.fr');
const raincy = await connecter(app, 'sous-prefecture.93-raincy@demo.exploc.fr');
const police = await connecter(app, 'police.75@demo.exploc.fr');
const bailleur = await connecter(app, 'bailleur@demo.exploc.fr');
const national = await connecter(app, 'national@demo.exploc.fr');

async function creer(agent = pref75, corps = nouveauDossier()) {
  const r = await agent.requete({ method: 'POST', url: '/api/v1/dossiers', payload: corps });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string; numero: string; version: number };
}

describe('POST /api/v1/dossiers', () => {
  it('crée un dossier numéroté AAAA-DEP-NNNNNN, en phase de prévention', async () => {
    const d = await creer();
    expect(d.numero).toMatch(/^\d{4}-75-\d{6}$/);
    const lu = await pref75.requete({ method: 'GET', url: `/api/v1/dossiers/${d.id}` });
    expect(lu.statusCode).toBe(200);
    expect(lu.headers.etag).toBe(`"${d.version}"`);
    const corps = lu.json();
    expect(corps.phase).toBe('prevention');
    expect(corps.menage.personnes).toHaveLength(2);
    expect(corps.bail.loyerMensuelHC).toBe(650);
    expect(corps.territoire).toMatchObject({ departement: '75', commune: '75118' });
  });

  it('numérote en séquence par département et par année', async () => {
    const a = await creer();
    const b = await creer();
    const n = (x: string) => Number(x.split('-')[2]);
    expect(n(b.numero)).toBe(n(a.numero) + 1);
  });

  it('refuse un corps invalide (400 avec le chemin de chaque champ)', async () => {
    const corps = nouveauDossier();
    const r = await pref75.requete({
      method: 'POST',
      url: '/api/v1/dossiers',
      payload: { ...corps, bail: { ...corps.bail, dateSignature: '2024-02-30' }, inconnu: true },
    });
    expect(r.statusCode).toBe(400);
    const chemins = (r.json().erreur.details as { chemin: string }[]).map((d) => d.chemin);
    expect(chemins).toEqual(expect.arrayContaining(['bail.dateSignature']));
  });

  it('refuse de créer hors du périmètre (422 hors_perimetre)', async () => {
    const r = await pref75.requete({ method: 'POST', url: '/api/v1/dossiers', payload: dossierEn93() });
    expect(r.statusCode).toBe(422);
    expect(r.json().erreur.code).toBe('hors_perimetre');
  });
});

describe('portée territoriale des dossiers', () => {
  it('un agent du 93 obtient 404 sur un dossier du 75, et ne le voit ni dans la liste ni dans la recherche', async () => {
    const d = await creer();
    const lecture = await pref93.requete({ method: 'GET', url: `/api/v1/dossiers/${d.id}` });
    expect(lecture.statusCode).toBe(404);
    expect(lecture.json().erreur.code).toBe('introuvable');
    const echeances = await pref93.requete({ method: 'GET', url: `/api/v1/dossiers/${d.id}/echeances` });
    expect(echeances.statusCode).toBe(404);
    const liste = await pref93.requete({ method: 'GET', url: '/api/v1/dossiers?parPage=200' });
    expect(liste.json().elements.map((e: { id: string }) => e.id)).not.toContain(d.id);
    const recherche = await pref93.requete({
      method: 'GET',
      url: `/api/v1/dossiers?q=${encodeURIComponent(d.numero)}`,
    });
    expect(recherche.json().total).toBe(0);
    const parDepartement = await pref93.requete({ method: 'GET', url: '/api/v1/dossiers?departement=75' });
    expect(parDepartement.json().total).toBe(0);
    const evenement = await pref93.requete({
      method: 'POST',
      url: `/api/v1/dossiers/${d.id}/evenements`,
      headers: { 'if-match': `"${d.version}"` },
      payload: { type: 'commandement_de_payer', date: '2025-09-02', montantDette: 2340 },
    });
    expect(evenement.statusCode).toBe(404);
    const csv = await pref93.requete({ method: 'GET', url: '/api/v1/dossiers/export.csv' });
    expect(csv.body).not.toContain(d.numero);
  });

  it('une sous-préfecture ne voit que son arrondissement', async () => {
    const auRaincy = await creer(pref93, dossierEn93());
    const aBobigny = await creer(
      pref93,
      dossierEn93().logement.adresse.codeInsee === '93062'
        ? {
            ...dossierEn93(),
            logement: {
              adresse: { ligne: '1 rue de Paris', codePostal: '93000', codeInsee: '93008' },
              social: true,
            },
          }
        : dossierEn93(),
    );
    expect((await raincy.requete({ method: 'GET', url: `/api/v1/dossiers/${auRaincy.id}` })).statusCode).toBe(
      200,
    );
    expect((await raincy.requete({ method: 'GET', url: `/api/v1/dossiers/${aBobigny.id}` })).statusCode).toBe(
      404,
    );
  });

  it('le bailleur ne voit que ses propres dossiers, sans données sociales', async () => {
    const sien = await creer(); // landlord with the demo landlord's SIRET
    const autre = await creer(
      pref75,
      nouveauDossier({ bailleur: { type: 'personne_physique', nom: 'Mme Autre' } }),
    );
    const lu = await bailleur.requete({ method: 'GET', url: `/api/v1/dossiers/${sien.id}` });
    expect(lu.statusCode).toBe(200);
    expect(lu.json().prioritaireDalo).toBeNull();
    expect((await bailleur.requete({ method: 'GET', url: `/api/v1/dossiers/${autre.id}` })).statusCode).toBe(
      404,
    );
  });

  it('le pilotage national ne lit aucun dossier nominatif', async () => {
    const d = await creer();
    const r = await national.requete({ method: 'GET', url: `/api/v1/dossiers/${d.id}` });
    expect(r.statusCode).toBe(403);
  });

  it('les forces de l’ordre ne voient pas les dossiers qui ne sont pas confiés à leur unité', async () => {
    const d = await creer();
    expect((await police.requete({ method: 'GET', url: `/api/v1/dossiers/${d.id}` })).statusCode).toBe(404);
  });
});

describe('chronologie et moteur', () => {
  it('enregistre un commandement puis une assignation : phase, échéances et alertes suivent', async () => {
    const d = await creer();
    const r1 = await pref75.requete({
      method: 'POST',
      url: `/api/v1/dossiers/${d.id}/evenements`,
      headers: { 'if-match': `"${d.version}"` },
      payload: { type: 'commandement_de_payer', date: '2025-09-02', montantDette: 2340, moisImpayes: 4 },
    });
    expect(r1.statusCode, r1.body).toBe(201);
    expect(r1.headers.etag).toBe(`"${d.version + 1}"`);
    const lu = (await pref75.requete({ method: 'GET', url: `/api/v1/dossiers/${d.id}` })).json();
    expect(lu.phase).toBe('commandement');
    expect(lu.dette).toBe(2340);
    expect(lu.echeances.find((e: { code: string }) => e.code === 'fin_delai_commandement_payer').date).toBe(
      '2025-10-14',
    );
    const r2 = await pref75.requete({
      method: 'POST',
      url: `/api/v1/dossiers/${d.id}/evenements`,
      headers: { 'if-match': `"${d.version + 1}"` },
      payload: { type: 'assignation', date: '2025-11-03', dateAudience: '2026-01-20' },
    });
    expect(r2.statusCode, r2.body).toBe(201);
    const apres = (await pref75.requete({ method: 'GET', url: `/api/v1/dossiers/${d.id}/echeances` })).json();
    expect(apres.phase).toBe('assignation');
    expect(apres.echeances.map((e: { code: string }) => e.code)).toContain(
      'notification_prefet_au_plus_tard',
    );
    // Personne morale summoned without a saisine of the CCAPEX.
    expect(apres.alertes.map((a: { code: string }) => a.code)).toContain(
      'assignation_avant_delai_saisine_ccapex',
    );
    const projete = await db
      .selectFrom('dossier')
      .select(['phase', 'alertes'])
      .where('id', '=', d.id)
      .executeTakeFirstOrThrow();
    expect(projete.phase).toBe('assignation');
    expect(projete.alertes).toContain('assignation_avant_delai_saisine_ccapex');
  });

  it('exige If-Match (428) et refuse une version périmée (412)', async () => {
    const d = await creer();
    const evenement = { type: 'impaye_constitue', date: '2025-06-01', montantDette: 900 };
    const sans = await pref75.requete({
      method: 'POST',
      url: `/api/v1/dossiers/${d.id}/evenements`,
      payload: evenement,
    });
    expect(sans.statusCode).toBe(428);
    const perime = await pref75.requete({
      method: 'POST',
      url: `/api/v1/dossiers/${d.id}/evenements`,
      headers: { 'if-match': `"${d.version + 3}"` },
      payload: evenement,
    });
    expect(perime.statusCode).toBe(412);
    const evenements = await db.selectFrom('evenement').select('id').where('dossier_id', '=', d.id).execute();
    expect(evenements).toHaveLength(0);
  });

  it('refuse un événement incohérent (422 evenement_incoherent) sans rien écrire', async () => {
    const d = await creer();
    const r = await pref75.requete({
      method: 'POST',
      url: `/api/v1/dossiers/${d.id}/evenements`,
      headers: { 'if-match': `"${d.version}"` },
      payload: { type: 'demande_cfp', date: '2025-09-02' },
    });
    expect(r.statusCode).toBe(422);
    expect(r.json().erreur.code).toBe('evenement_incoherent');
    expect(r.json().erreur.message.length).toBeGreaterThan(10);
    const lu = await db
      .selectFrom('dossier')
      .select('version')
      .where('id', '=', d.id)
      .executeTakeFirstOrThrow();
    expect(lu.version).toBe(d.version);
  });

  it('refuse un événement daté dans le futur ou de type inconnu (400)', async () => {
    const d = await creer();
    const futur = await pref75.requete({
      method: 'POST',
      url: `/api/v1/dossiers/${d.id}/evenements`,
      headers: { 'if-match': `"${d.version}"` },
      payload: { type: 'impaye_constitue', date: '2099-01-01', montantDette: 10 },
    });
    expect(futur.statusCode).toBe(400);
    const inconnu = await pref75.requete({
      method: 'POST',
      url: `/api/v1/dossiers/${d.id}/evenements`,
      headers: { 'if-match': `"${d.version}"` },
      payload: { type: 'inconnu', date: '2025-01-01' },
    });
    expect(inconnu.statusCode).toBe(400);
  });

  it('corrige un événement : l’ancien reste visible, remplacé, avec le motif', async () => {
    const d = await creer();
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
    const lu = (await pref75.requete({ method: 'GET', url: `/api/v1/dossiers/${d.id}` })).json();
    expect(lu.evenements).toHaveLength(2);
    const ancien = lu.evenements.find((e: { id: string }) => e.id === premier.id);
    expect(ancien.remplacePar).toBe(r2.json().id);
    expect(lu.echeances.find((e: { code: string }) => e.code === 'fin_delai_commandement_payer').date).toBe(
      '2025-10-22',
    );
    const encore = await pref75.requete({
      method: 'POST',
      url: `/api/v1/dossiers/${d.id}/evenements`,
      headers: { 'if-match': `"${r2.json().version}"` },
      payload: {
        type: 'commandement_de_payer',
        date: '2025-09-11',
        montantDette: 1,
        remplace: premier.id,
        motifCorrection: 'x',
      },
    });
    expect(encore.statusCode).toBe(422);
  });

  it('journalise la lecture et l’écriture dans la même transaction', async () => {
    const d = await creer();
    await pref75.requete({ method: 'GET', url: `/api/v1/dossiers/${d.id}` });
    const actions = await db.selectFrom('journal').select('action').where('objet_id', '=', d.id).execute();
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['dossier_cree', 'dossier_consulte']),
    );
  });
});

describe('PATCH /api/v1/dossiers/:id', () => {
  it('modifie composition et ressources du ménage avec If-Match, visibles selon les classes de champs', async () => {
    const d = await creer();
    const r = await pref75.requete({
      method: 'PATCH',
      url: `/api/v1/dossiers/${d.id}`,
      headers: { 'if-match': `"${d.version}"` },
      payload: { composition: { adultes: 1, enfants: 2 }, ressourcesMensuelles: 1234.5 },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers.etag).toBe(`"${d.version + 1}"`);
    const lu = (await pref75.requete({ method: 'GET', url: `/api/v1/dossiers/${d.id}` })).json();
    expect(lu.menage.composition).toEqual({ adultes: 1, enfants: 2 });
    expect(lu.menage.ressourcesMensuelles).toBe(1234.5);
    const vuParLeBailleur = (
      await bailleur.requete({ method: 'GET', url: `/api/v1/dossiers/${d.id}` })
    ).json();
    expect(vuParLeBailleur.menage.composition).toBeNull();
    const perime = await pref75.requete({
      method: 'PATCH',
      url: `/api/v1/dossiers/${d.id}`,
      headers: { 'if-match': `"${d.version}"` },
      payload: { ressourcesMensuelles: 1 },
    });
    expect(perime.statusCode).toBe(412);
  });
});

describe('liste, recherche et exports', () => {
  it('filtre, trie et compte exactement ; parPage > 200 → 400', async () => {
    await creer();
    const r = await pref75.requete({
      method: 'GET',
      url: '/api/v1/dossiers?phase=prevention&parPage=2&tri=numero',
    });
    expect(r.statusCode).toBe(200);
    const corps = r.json();
    expect(corps.elements.length).toBeLessThanOrEqual(2);
    expect(corps.total).toBeGreaterThanOrEqual(corps.elements.length);
    expect(corps.page).toBe(1);
    const trop = await pref75.requete({ method: 'GET', url: '/api/v1/dossiers?parPage=201' });
    expect(trop.statusCode).toBe(400);
  });

  it('cherche sans accents ni casse, et tolère une faute de frappe dans le nom', async () => {
    const d = await creer(
      pref75,
      nouveauDossier({
        menage: { personnes: [{ nom: 'Bérénice-Ollivier', prenoms: 'Zoé', role: 'titulaire' }] },
      }),
    );
    for (const q of ['berenice', 'BÉRÉNICE', 'Berenise Olivier', 'lilas']) {
      const r = await pref75.requete({
        method: 'GET',
        url: `/api/v1/dossiers?q=${encodeURIComponent(q)}&parPage=200`,
      });
      expect(
        r.json().elements.map((e: { id: string }) => e.id),
        q,
      ).toContain(d.id);
    }
  });

  it('un caractère nul dans l’adresse ou dans un corps : 400 en français, jamais 500', async () => {
    for (const url of [
      '/api/v1/dossiers?q=%00',
      '/api/v1/dossiers/export.xlsx?q=%00',
      '/api/v1/dossiers/export.csv?bailleur=a%00b',
    ]) {
      const r = await pref75.requete({ method: 'GET', url });
      expect(r.statusCode, url).toBe(400);
      expect(r.json().erreur.code, url).toBe('requete_invalide');
    }
    // In a JSON body, the character reaches PostgreSQL, which refuses it before anything is written.
    const d = await creer();
    const r = await pref75.requete({
      method: 'POST',
      url: `/api/v1/dossiers/${d.id}/notes`,
      headers: { 'if-match': `"${d.version}"` },
      payload: { texte: 'avant\u0000après' },
    });
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().erreur.code).toBe('requete_invalide');
    const notes = await db.selectFrom('note_dossier').select('id').where('dossier_id', '=', d.id).execute();
    expect(notes).toHaveLength(0);
  });

  it('exporte en CSV (BOM, séparateur ;) et en XLSX, et journalise l’export', async () => {
    const d = await creer();
    const csv = await pref75.requete({ method: 'GET', url: '/api/v1/dossiers/export.csv' });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.body.split('\r\n')[0]).toContain('Numéro;Phase');
    expect(csv.body).toContain(d.numero);
    const xlsx = await pref75.requete({ method: 'GET', url: '/api/v1/dossiers/export.xlsx' });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const exports = await db
      .selectFrom('journal')
      .select('action')
      .where('action', '=', 'export_dossiers')
      .execute();
    expect(exports.length).toBeGreaterThanOrEqual(2);
  });
});
