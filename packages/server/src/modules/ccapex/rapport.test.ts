import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { connecter, creerAppDeTest } from '../../../test/app-de-test.js';
import { nouveauDossier } from '../../../test/fabriques.js';

/**
 * The annual report against a hand-built dataset: a local commission created for this file (so that nothing
 * else of the demo data counts), saisines, triage actions, orientations, séances, examens and recommandations
 * placed on both sides of the period's limits.
 */
const { app, db } = await creerAppDeTest();
const ddets = await connecter(app, 'ddets.75@demo.exploc.fr');
const pref75 = await connecter(app, 'prefecture.75@demo.exploc.fr');
const secretariat = await connecter(app, 'ccapex.75@demo.exploc.fr');

const centrale75 = (
  await db
    .selectFrom('commission')
    .select('id')
    .where('departement_code', '=', '75')
    .where('type', '=', 'centrale')
    .executeTakeFirstOrThrow()
).id;
const locale = (
  await db
    .insertInto('commission')
    .values({
      departement_code: '75',
      type: 'locale',
      nom: 'CCAPEX locale du 18e (test)',
      parent_id: centrale75,
      perimetre_type: 'arrondissement',
      communes: ['75118'],
    })
    .returning('id')
    .executeTakeFirstOrThrow()
).id;
const organisation = (await db.selectFrom('organisation').select('id').executeTakeFirstOrThrow()).id;
const arrondissement = (
  await db
    .selectFrom('commune')
    .select('arrondissement_code')
    .where('code_insee', '=', '75118')
    .executeTakeFirstOrThrow()
).arrondissement_code;

async function dossier() {
  const r = await pref75.requete({ method: 'POST', url: '/api/v1/dossiers', payload: nouveauDossier() });
  expect(r.statusCode, r.body).toBe(201);
  return (r.json() as { id: string }).id;
}
const d1 = await dossier();
const d2 = await dossier();

async function saisine(
  origine: 'bailleur' | 'caf' | 'commissaire_justice',
  nature: 'saisine' | 'signalement' | 'alerte',
  recuLe: string,
  statut: 'a_trier' | 'acceptee' | 'rejetee',
  dossierId: string | null,
) {
  const s = await db
    .insertInto('ccapex_saisine')
    .values({
      departement_code: '75',
      commission_id: locale,
      commune_insee: '75118',
      origine,
      nature,
      recu_le: new Date(recuLe),
      statut,
      dossier_id: dossierId,
      traite_le: statut === 'a_trier' ? null : new Date(recuLe),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (statut !== 'a_trier') {
    await db
      .insertInto('ccapex_saisine_action')
      .values({
        saisine_id: s.id,
        action: statut === 'acceptee' ? 'acceptation' : 'rejet',
        le: new Date(recuLe),
      })
      .execute();
  }
}
await saisine('bailleur', 'saisine', '2025-03-10T09:00:00Z', 'acceptee', d1);
await saisine('caf', 'alerte', '2025-05-02T09:00:00Z', 'acceptee', d2);
await saisine('bailleur', 'saisine', '2025-06-01T09:00:00Z', 'rejetee', null);
// 31 December 2025 at 22:30 in Paris: inside the period.
await saisine('commissaire_justice', 'signalement', '2025-12-31T21:30:00Z', 'a_trier', null);
// 1 January 2026 at 00:30 in Paris (still 31 December in UTC): outside the period.
await saisine('bailleur', 'saisine', '2025-12-31T23:30:00Z', 'a_trier', null);

async function orientation(type: string, creeLe: string, echeance: string, statut: 'envoyee' | 'close') {
  await db
    .insertInto('ccapex_orientation')
    .values({
      dossier_id: d1,
      commission_id: locale,
      organisation_id: organisation,
      destinataire_type: type,
      objet: 'Accompagnement',
      echeance,
      statut,
      cree_le: new Date(creeLe),
    })
    .execute();
}
await orientation('fsl', '2025-04-01T09:00:00Z', '2025-05-01', 'close');
await orientation('fsl', '2025-04-02T09:00:00Z', '2025-05-02', 'envoyee');
await orientation('caf', '2025-07-01T09:00:00Z', '2099-01-01', 'envoyee');
await orientation('caf', '2024-07-01T09:00:00Z', '2024-08-01', 'envoyee');

async function seance(debut: string, statut: 'close' | 'annulee' | 'planifiee') {
  return (
    await db
      .insertInto('ccapex_seance')
      .values({ commission_id: locale, debut: new Date(debut), lieu: 'Mairie du 18e', statut })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}
async function examen(
  seanceId: string,
  dossierId: string,
  rang: number,
  decision: 'maintien' | 'suspension' | null,
) {
  return (
    await db
      .insertInto('ccapex_examen')
      .values({
        seance_id: seanceId,
        dossier_id: dossierId,
        rang,
        avis: 'Avis de la commission',
        decision_apl: decision,
        examine_le: new Date('2025-09-15T10:00:00Z'),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}
async function reco(
  examenId: string,
  dossierId: string,
  type: string,
  suivi: 'a_suivre' | 'realisee' | 'non_realisee',
  echeance: string | null,
) {
  await db
    .insertInto('ccapex_recommandation')
    .values({
      examen_id: examenId,
      dossier_id: dossierId,
      destinataire_type: type,
      destinataire_libelle: type,
      contenu: 'Recommandation',
      echeance,
      suivi,
    })
    .execute();
}
const s1 = await seance('2025-09-15T08:00:00Z', 'close');
const e1 = await examen(s1, d1, 1, 'maintien');
const e2 = await examen(s1, d2, 2, 'suspension');
await reco(e1, d1, 'fsl', 'realisee', '2025-11-01');
await reco(e1, d1, 'bailleur', 'a_suivre', '2025-10-01');
await reco(e2, d2, 'fsl', 'non_realisee', null);
await seance('2025-10-01T08:00:00Z', 'annulee');
const s3 = await seance('2024-12-15T08:00:00Z', 'close');
const e3 = await examen(s3, d1, 1, 'suspension');
await reco(e3, d1, 'caf', 'a_suivre', '2025-01-01');
// d2 has since been closed (phase projected by the engine; set here for the count).
await db.updateTable('dossier').set({ phase: 'cloture' }).where('id', '=', d2).execute();

const url = (q: string) => `/api/v1/ccapex/rapport-annuel?${q}`;
const PERIODE = `commissionId=${locale}&du=2025-01-01&au=2025-12-31`;

describe('rapport annuel de la CCAPEX', () => {
  it('compte chaque rubrique sur le jeu de données construit à la main', async () => {
    const r = await ddets.requete({ method: 'GET', url: url(PERIODE) });
    expect(r.statusCode, r.body).toBe(200);
    const x = r.json();
    expect(x.periode).toEqual({ du: '2025-01-01', au: '2025-12-31' });
    expect(x.flux.total).toBe(4);
    expect(x.flux.parOrigine).toEqual([
      {
        origine: 'bailleur',
        libelle: 'Bailleur personne morale',
        saisine: 2,
        signalement: 0,
        alerte: 0,
        total: 2,
      },
      { origine: 'caf', libelle: 'Alerte de la CAF', saisine: 0, signalement: 0, alerte: 1, total: 1 },
      {
        origine: 'commissaire_justice',
        libelle: 'Commissaire de justice (signalement du commandement)',
        saisine: 0,
        signalement: 1,
        alerte: 0,
        total: 1,
      },
    ]);
    const statuts = Object.fromEntries(
      x.tri.parStatut.map((s: { statut: string; nombre: number }) => [s.statut, s.nombre]),
    );
    expect(statuts).toEqual({ acceptee: 2, rejetee: 1, a_trier: 1 });
    expect(x.tri.actions).toEqual({ acceptation: 2, fusion: 0, redirection: 0, rejet: 1 });
    expect(x.orientations.total).toBe(3);
    expect(x.orientations.parDestinataire).toEqual([
      {
        destinataire: 'fsl',
        libelle: 'Fonds de solidarité pour le logement',
        total: 2,
        closes: 1,
        enCours: 1,
        enRetard: 1,
      },
      { destinataire: 'caf', libelle: 'CAF', total: 1, closes: 0, enCours: 1, enRetard: 0 },
    ]);
    expect(x.seances).toEqual({ tenues: 1, annulees: 1, aVenir: 0, dossiersExamines: 2, avis: 2 });
    expect(x.recommandations.total).toBe(3);
    expect(x.recommandations.tauxSuivi).toBe(66.7);
    expect(x.recommandations.tauxRealisation).toBe(33.3);
    expect(x.recommandations.parDestinataire).toEqual([
      {
        destinataire: 'fsl',
        libelle: 'Fonds de solidarité pour le logement',
        total: 2,
        realisees: 1,
        nonRealisees: 1,
        aSuivre: 0,
        enRetard: 0,
      },
      {
        destinataire: 'bailleur',
        libelle: 'Bailleur',
        total: 1,
        realisees: 0,
        nonRealisees: 0,
        aSuivre: 1,
        enRetard: 1,
      },
    ]);
    expect(x.decisionsApl).toEqual({ maintien: 1, suspension: 1, sansDecision: 0 });
    expect(x.issues.dossiersExamines).toBe(2);
    expect(x.issues.dossiersClos).toBe(1);
    expect(x.territoires.parCommission).toEqual([
      {
        id: locale,
        nom: 'CCAPEX locale du 18e (test)',
        saisines: 4,
        dossiersExamines: 2,
        recommandations: 3,
      },
    ]);
    expect(x.territoires.parArrondissement).toEqual([
      expect.objectContaining({ code: arrondissement, saisines: 4, dossiersExamines: 2 }),
    ]);
    expect(JSON.stringify(x)).not.toMatch(/lef[eè]vre/i);
    const journal = await db
      .selectFrom('journal')
      .select('details')
      .where('action', '=', 'ccapex_rapport_consulte')
      .execute();
    expect(journal).toHaveLength(1);
  });

  it('le département entier englobe la commission locale ; par défaut, l’année civile précédente', async () => {
    const r = await ddets.requete({ method: 'GET', url: url('departement=75&du=2025-01-01&au=2025-12-31') });
    expect(r.statusCode).toBe(200);
    expect(r.json().flux.total).toBeGreaterThanOrEqual(4);
    expect(r.json().territoires.parCommission.map((k: { id: string }) => k.id)).toContain(locale);
    const d = await ddets.requete({ method: 'GET', url: url('departement=75') });
    const annee = new Date().getFullYear() - 1;
    expect(d.json().periode).toEqual({ du: `${annee}-01-01`, au: `${annee}-12-31` });
    // The secretariat of the central CCAPEX reaches the local commission below it.
    const s = await secretariat.requete({ method: 'GET', url: url(PERIODE) });
    expect(s.statusCode).toBe(200);
    expect(s.json().flux.total).toBe(4);
  });

  it('un autre département est introuvable (404) ; période inversée → 400', async () => {
    expect((await ddets.requete({ method: 'GET', url: url('departement=93') })).statusCode).toBe(404);
    const inv = await ddets.requete({
      method: 'GET',
      url: url('departement=75&du=2025-12-31&au=2025-01-01'),
    });
    expect(inv.statusCode).toBe(400);
    expect(inv.json().erreur.code).toBe('requete_invalide');
    expect((await pref75.requete({ method: 'GET', url: url('departement=75') })).statusCode).toBe(403);
  });

  it('exporte en XLSX (une feuille par tableau) et en PDF balisé', async () => {
    const x = await ddets.requete({ method: 'GET', url: url(`${PERIODE}&format=xlsx`) });
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-disposition']).toContain('rapport-ccapex-75-2025-01-01-2025-12-31.xlsx');
    const classeur = new ExcelJS.Workbook();
    await classeur.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const synthese = classeur.getWorksheet('Synthèse');
    const valeurs = new Map<string, unknown>();
    synthese?.eachRow((ligne) => valeurs.set(String(ligne.getCell(1).value), ligne.getCell(2).value));
    expect(valeurs.get('Dossiers examinés')).toBe(2);
    expect(valeurs.get('Suspension de l’aide au logement')).toBe(1);
    expect(classeur.worksheets.map((f) => f.name)).toContain('Par arrondissement');
    const p = await ddets.requete({ method: 'GET', url: url(`${PERIODE}&format=pdf`) });
    expect(p.statusCode).toBe(200);
    expect(p.headers['content-type']).toBe('application/pdf');
    const pdf = p.rawPayload.toString('latin1');
    expect(pdf.startsWith('%PDF-1.7')).toBe(true);
    expect(pdf).toContain('/Lang (fr-FR)');
    const exports = await db
      .selectFrom('journal')
      .select('details')
      .where('action', '=', 'ccapex_rapport_exporte')
      .execute();
    expect(exports).toHaveLength(2);
  });
});
