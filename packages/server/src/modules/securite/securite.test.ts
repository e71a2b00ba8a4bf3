import { describe, expect, it } from 'vitest';
import { connecter, creerAppDeTest } from '../../../test/app-de-test.js';
import { dossierEn93, nouveauDossier } from '../../../test/fabriques.js';
import { demarrerSmtpDeTest } from '../../../test/smtp-de-test.js';
import { creerExpediteur } from '../../lib/courriel.js';
import { detecterAnomalies, type RegleAlerte, type SeuilsAlertes } from './detection.js';

const SEUILS: SeuilsAlertes = { consultationsParHeure: 3, lignesExport: 5, refusParJour: 1 };
const smtp = await demarrerSmtpDeTest();
const { app, db, config } = await creerAppDeTest({ smtpUrl: smtp.url, alertes: SEUILS });
const expediteur = creerExpediteur(config);
const admin75 = await connecter(app, 'admin.75@demo.exploc.fr');
const pref75 = await connecter(app, 'prefecture.75@demo.exploc.fr');
const ddets75 = await connecter(app, 'ddets.75@demo.exploc.fr');
const pref93 = await connecter(app, 'prefecture.93@demo.exploc.fr');

const d75 = (
  await pref75.requete({ method: 'POST', url: '/api/v1/dossiers', payload: nouveauDossier() })
).json();
const d93 = (
  await pref93.requete({ method: 'POST', url: '/api/v1/dossiers', payload: dossierEn93() })
).json();

async function lignesJournal(action: string, utilisateurId: string) {
  return db
    .selectFrom('journal')
    .select(['objet_type', 'objet_id', 'departement_code', 'details'])
    .where('action', '=', action)
    .where('utilisateur_id', '=', utilisateurId)
    .orderBy('id')
    .execute();
}

/** A journal row at a chosen instant (the detection reads the journal only). */
async function lecture(
  utilisateurId: string,
  horodatage: string,
  objetId: string,
  action = 'dossier_consulte',
) {
  await db
    .insertInto('journal')
    .values({
      utilisateur_id: utilisateurId,
      horodatage: new Date(horodatage),
      action,
      objet_type: 'dossier',
      objet_id: objetId,
      departement_code: '75',
      requete_id: 'essai',
      details: action.startsWith('export') ? JSON.stringify({ lignes: 10 }) : null,
    })
    .execute();
}

async function alertes(regle: RegleAlerte) {
  return db.selectFrom('alerte_securite').selectAll().where('regle', '=', regle).execute();
}

describe('journalisation des accès refusés', () => {
  it('un dossier hors périmètre : 404 pour l’agent, ligne « refus » au journal avec le département du dossier', async () => {
    const r = await pref75.requete({ method: 'GET', url: `/api/v1/dossiers/${d93.id}` });
    expect(r.statusCode).toBe(404);
    const refus = await lignesJournal('refus', pref75.utilisateur.id);
    expect(refus).toHaveLength(1);
    expect(refus[0]).toMatchObject({
      objet_type: 'dossier',
      objet_id: d93.id,
      departement_code: '93',
      details: { motif: 'hors_perimetre', methode: 'GET', route: '/api/v1/dossiers/:id' },
    });
  });

  it('un dossier inexistant ou un document absent d’un dossier du périmètre ne sont pas des refus', async () => {
    await pref75.requete({ method: 'GET', url: '/api/v1/dossiers/00000000-0000-4000-8000-000000000000' });
    await pref75.requete({
      method: 'GET',
      url: `/api/v1/dossiers/${d75.id}/documents/00000000-0000-4000-8000-000000000000`,
    });
    expect(await lignesJournal('refus', pref75.utilisateur.id)).toHaveLength(1);
  });

  it('une permission manquante (403) est journalisée', async () => {
    const r = await ddets75.requete({ method: 'GET', url: '/api/v1/admin/journal' });
    expect(r.statusCode).toBe(403);
    const refus = await lignesJournal('refus', ddets75.utilisateur.id);
    expect(refus).toHaveLength(1);
    expect(refus[0]?.details).toEqual({
      motif: 'permission',
      methode: 'GET',
      route: '/api/v1/admin/journal',
    });
  });
});

describe('détection d’anomalies', () => {
  // Wednesday 10 June 2026, 10:xx in Paris (UTC+2): working hours.
  const MAINTENANT = new Date('2026-06-10T09:00:00Z');
  const detecter = (maintenant = MAINTENANT) =>
    detecterAnomalies(db, expediteur, { maintenant, seuils: SEUILS, urlPublique: 'https://exploc.test' });

  it('consultation massive : plus de N dossiers distincts en une heure → une alerte, une seule fois, et un courriel à l’administrateur', async () => {
    for (const i of [1, 2, 3]) {
      await lecture(
        pref75.utilisateur.id,
        `2026-06-10T08:1${i}:00Z`,
        `00000000-0000-4000-8000-00000000000${i}`,
      );
    }
    // The same dossier read twice counts once: 3 distinct, not above the threshold of 3.
    await lecture(pref75.utilisateur.id, '2026-06-10T08:20:00Z', '00000000-0000-4000-8000-000000000001');
    expect((await detecter()).nouvelles).toBe(0);
    await lecture(pref75.utilisateur.id, '2026-06-10T08:40:00Z', '00000000-0000-4000-8000-000000000004');
    const avant = smtp.recus.length;
    const bilan = await detecter();
    expect(bilan.nouvelles).toBe(1);
    const [a] = await alertes('consultation_massive');
    expect(a).toMatchObject({
      utilisateur_id: pref75.utilisateur.id,
      departement_code: '75',
      nombre: 4,
      seuil: 3,
    });
    expect(a?.fenetre_debut.toISOString()).toBe('2026-06-10T08:00:00.000Z');
    expect(a?.fenetre_fin.toISOString()).toBe('2026-06-10T09:00:00.000Z');
    expect(a?.notifiee_le).not.toBeNull();
    const courriels = smtp.recus.slice(avant);
    expect(courriels).toHaveLength(1);
    expect(courriels[0]?.a).toEqual(['admin.75@demo.exploc.fr']);
    expect(courriels[0]?.texte).toContain('Consultation massive de dossiers');
    expect(courriels[0]?.texte).toContain('https://exploc.test/admin/alertes-securite');
    // No personal data in the message.
    expect(courriels[0]?.texte).not.toContain('prefecture.75@');

    // Idempotent: a second run adds nothing and sends nothing; a larger count updates the same alert.
    await lecture(pref75.utilisateur.id, '2026-06-10T08:50:00Z', '00000000-0000-4000-8000-000000000005');
    const encore = await detecter();
    expect(encore.nouvelles).toBe(0);
    expect(smtp.recus.length).toBe(avant + 1);
    const toutes = await alertes('consultation_massive');
    expect(toutes).toHaveLength(1);
    expect(toutes[0]?.nombre).toBe(5);
    const journal = await db
      .selectFrom('journal')
      .select('details')
      .where('action', '=', 'alerte_securite_levee')
      .execute();
    expect(journal).toHaveLength(1);
  });

  it('accès hors des heures ouvrées (soir et week-end, heure de Paris), une alerte par agent et par jour', async () => {
    // 21:30 UTC = 23:30 in Paris; 05:30 UTC = 07:30 in Paris (working hours: not counted).
    await lecture(ddets75.utilisateur.id, '2026-06-09T21:30:00Z', d75.id);
    await lecture(ddets75.utilisateur.id, '2026-06-09T21:45:00Z', d75.id);
    await lecture(ddets75.utilisateur.id, '2026-06-10T05:30:00Z', d75.id);
    await detecter();
    const [a, ...autres] = (await alertes('hors_horaires')).filter(
      (x) => x.utilisateur_id === ddets75.utilisateur.id,
    );
    expect(autres).toEqual([]);
    expect(a?.nombre).toBe(2);
    expect(a?.fenetre_debut.toISOString()).toBe('2026-06-08T22:00:00.000Z');
    // Saturday 13 June, 11:00 in Paris.
    await lecture(ddets75.utilisateur.id, '2026-06-13T09:00:00Z', d75.id);
    await detecter(new Date('2026-06-13T10:00:00Z'));
    expect(
      (await alertes('hors_horaires')).filter((x) => x.utilisateur_id === ddets75.utilisateur.id),
    ).toHaveLength(2);
  });

  it('export volumineux : plus de M lignes dans un export', async () => {
    await lecture(pref75.utilisateur.id, '2026-06-10T08:30:00Z', d75.id, 'export_dossiers');
    await detecter();
    const [a] = await alertes('export_volumineux');
    expect(a).toMatchObject({ utilisateur_id: pref75.utilisateur.id, nombre: 10, seuil: 5 });
  });

  it('tentatives hors périmètre : les refus journalisés du jour lèvent une alerte, rangée dans le département de l’agent', async () => {
    // pref93 tries a dossier of 75: the alert belongs to 93 (no administrator of 93 in the demo: no e-mail).
    expect((await pref93.requete({ method: 'GET', url: `/api/v1/dossiers/${d75.id}` })).statusCode).toBe(404);
    const avant = smtp.recus.length;
    await detecter(new Date(Date.now() + 1000));
    const refus = await alertes('hors_perimetre');
    expect(refus.find((a) => a.utilisateur_id === pref93.utilisateur.id)?.departement_code).toBe('93');
    expect(refus.find((a) => a.utilisateur_id === pref75.utilisateur.id)?.departement_code).toBe('75');
    expect(refus.find((a) => a.utilisateur_id === ddets75.utilisateur.id)?.nombre).toBe(1);
    const nouveaux = smtp.recus.slice(avant);
    expect(nouveaux.every((m) => m.a.includes('admin.75@demo.exploc.fr'))).toBe(true);
    expect(nouveaux.filter((m) => m.texte.includes('hors périmètre'))).toHaveLength(2);
  });
});

describe('page « Alertes de sécurité » : liste et examen', () => {
  interface Alerte {
    id: string;
    regle: string;
    agent: { email: string };
    version: number;
    examen: { commentaire: string; par: string } | null;
  }
  const lister = async (statut = 'a_examiner') => {
    const r = await admin75.requete({
      method: 'GET',
      url: `/api/v1/admin/alertes-securite?statut=${statut}`,
    });
    expect(r.statusCode).toBe(200);
    return (r.json() as { elements: Alerte[] }).elements;
  };

  it('liste les alertes de son département seulement', async () => {
    const l = await lister();
    expect(l.map((a) => a.regle)).toEqual(expect.arrayContaining(['consultation_massive', 'hors_perimetre']));
    expect(l.some((a) => a.agent.email === 'prefecture.93@demo.exploc.fr')).toBe(false);
  });

  it('marque une alerte examinée avec un commentaire (If-Match), refuse une version périmée ou un commentaire vide', async () => {
    const [a] = (await lister()).filter((x) => x.regle === 'consultation_massive');
    if (!a) throw new Error('alerte attendue');
    const url = `/api/v1/admin/alertes-securite/${a.id}/examen`;
    const sans = await admin75.requete({ method: 'POST', url, payload: { commentaire: 'vu' } });
    expect(sans.statusCode).toBe(428);
    const vide = await admin75.requete({
      method: 'POST',
      url,
      headers: { 'if-match': `"${a.version}"` },
      payload: { commentaire: '  ' },
    });
    expect(vide.statusCode).toBe(400);
    const ok = await admin75.requete({
      method: 'POST',
      url,
      headers: { 'if-match': `"${a.version}"` },
      payload: { commentaire: 'Campagne de relance validée par la cheffe de service.' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.headers.etag).toBe(`"${a.version + 1}"`);
    expect(ok.json().examen).toMatchObject({
      commentaire: 'Campagne de relance validée par la cheffe de service.',
      par: 'admin.75@demo.exploc.fr',
    });
    const perimee = await admin75.requete({
      method: 'POST',
      url,
      headers: { 'if-match': `"${a.version}"` },
      payload: { commentaire: 'encore' },
    });
    expect(perimee.statusCode).toBe(412);
    expect((await lister()).some((x) => x.id === a.id)).toBe(false);
    expect((await lister('examinees')).map((x) => x.id)).toContain(a.id);
    const j = await db
      .selectFrom('journal')
      .select('objet_id')
      .where('action', '=', 'alerte_securite_examinee')
      .executeTakeFirst();
    expect(j?.objet_id).toBe(a.id);
  });

  it('une alerte d’un autre département est introuvable (404)', async () => {
    const autre = await db
      .selectFrom('alerte_securite')
      .select(['id', 'version'])
      .where('departement_code', '=', '93')
      .executeTakeFirstOrThrow();
    const r = await admin75.requete({
      method: 'POST',
      url: `/api/v1/admin/alertes-securite/${autre.id}/examen`,
      headers: { 'if-match': `"${autre.version}"` },
      payload: { commentaire: 'pas le mien' },
    });
    expect(r.statusCode).toBe(404);
  });

  it('« Analyser maintenant » enregistre les alertes nouvelles du département ; les courriels partent au passage suivant du travail horaire', async () => {
    const membre = await connecter(app, 'cd.75@demo.exploc.fr');
    await db
      .insertInto('journal')
      .values({
        utilisateur_id: membre.utilisateur.id,
        action: 'refus',
        departement_code: '75',
        requete_id: 'essai',
      })
      .execute();
    const avant = smtp.recus.length;
    const r = await admin75.requete({
      method: 'POST',
      url: '/api/v1/admin/alertes-securite/analyse',
      payload: {},
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().nouvelles).toBeGreaterThanOrEqual(1);
    const [alerte] = (await alertes('hors_perimetre')).filter(
      (a) => a.utilisateur_id === membre.utilisateur.id,
    );
    expect(alerte?.notifiee_le).toBeNull();
    expect(smtp.recus.length).toBe(avant);
    expect((await lister()).some((a) => a.id === alerte?.id)).toBe(true);
    const bilan = await detecterAnomalies(db, expediteur, {
      urlPublique: 'https://exploc.test',
      seuils: SEUILS,
    });
    expect(bilan.courriels).toBeGreaterThanOrEqual(1);
    expect(smtp.recus.slice(avant).some((m) => m.a.includes('admin.75@demo.exploc.fr'))).toBe(true);
  });
});
