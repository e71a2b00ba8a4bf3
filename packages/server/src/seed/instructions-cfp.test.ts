import { dateIso, numeroJour, numeroPlusMois } from '@exploc/domain/calendrier/dates';
import { describe, expect, it } from 'vitest';
import { connecter, creerAppDeTest } from '../../test/app-de-test.js';
import { ouvrirInstructionsCfp } from './synthetique/instructions-cfp.js';
import { genererDossiers } from './synthetique.js';

const { app, db } = await creerAppDeTest();
const pref75 = await connecter(app, 'prefecture.75@demo.exploc.fr');
const police75 = await connecter(app, 'police.75@demo.exploc.fr');
const AU = '2026-06-15';
// The demo dataset of the test app was loaded with today's date: only this seed's instructions are checked
// against AU.
const existantes = new Set((await db.selectFrom('instruction_cfp').select('id').execute()).map((i) => i.id));
await genererDossiers(db, { dossiers: 800, departements: ['75', '93'], graine: 11, asOf: AU });

const instructions = await db
  .selectFrom('instruction_cfp as i')
  .innerJoin('evenement as e', 'e.id', 'i.demande_evenement_id')
  .innerJoin('dossier as d', 'd.id', 'i.dossier_id')
  .leftJoin('evenement as x', 'x.id', 'i.decision_evenement_id')
  .select([
    'i.id',
    'i.dossier_id',
    'i.statut',
    'i.date_demande',
    'i.date_refus_implicite',
    'i.unite_id',
    'i.decision_sens',
    'i.enquete_date_visite',
    'i.execution_issue',
    'e.date_evenement as demande_date',
    'e.dossier_id as demande_dossier',
    'x.donnees as decision_donnees',
    'd.departement_code',
    'd.commune_insee',
  ])
  .execute();

describe('données synthétiques : instructions de concours ouvertes au chargement', () => {
  it('une instruction par demande_cfp, refus implicite à deux mois selon le moteur, décision et statut repris', async () => {
    const demandes = await db
      .selectFrom('evenement')
      .select(['id', 'dossier_id'])
      .where('type', '=', 'demande_cfp')
      .execute();
    expect(demandes.length).toBeGreaterThan(30);
    expect(instructions).toHaveLength(demandes.length);
    let decidees = 0;
    let implicites = 0;
    const nouvelles = instructions.filter((i) => !existantes.has(i.id));
    expect(nouvelles.length).toBeGreaterThan(30);
    for (const i of nouvelles) {
      expect(i.dossier_id).toBe(i.demande_dossier);
      expect(i.date_demande).toBe(i.demande_date);
      expect(i.date_refus_implicite).toBe(dateIso(numeroPlusMois(numeroJour(i.date_demande), 2)));
      const sens = (i.decision_donnees as { sens?: string } | null)?.sens ?? null;
      expect(i.decision_sens).toBe(sens);
      if (sens) {
        decidees++;
        expect(i.statut).toBe(sens);
      } else if ((i.date_refus_implicite ?? '') <= AU) {
        implicites++;
        expect(i.statut).toBe('refus_implicite');
      } else {
        expect(i.statut).toBe(i.enquete_date_visite ? 'verification_sociale' : 'enquete');
      }
    }
    expect(decidees).toBeGreaterThan(0);
    expect(implicites).toBeGreaterThan(0);
    // The outcome of a granted concours that ended in an eviction is on its instruction.
    const expulsions = await db
      .selectFrom('evenement')
      .select('dossier_id')
      .where('type', '=', 'expulsion_realisee')
      .execute();
    const avecExpulsion = new Set(expulsions.map((e) => e.dossier_id));
    for (const i of instructions.filter(
      (l) => l.decision_sens === 'octroi' && avecExpulsion.has(l.dossier_id),
    ))
      expect(i.execution_issue).toBe('expulsion_realisee');
    // Idempotent: nothing left to open.
    expect(await ouvrirInstructionsCfp(db, AU)).toBe(0);
  });

  it('confiées à l’unité de la commune, et visibles dans les pages du concours (préfecture, police)', async () => {
    const unites = await db
      .selectFrom('commune_unite')
      .select(['commune_insee', 'organisation_id'])
      .execute();
    const uniteDe = new Map(unites.map((u) => [u.commune_insee, u.organisation_id]));
    for (const i of instructions) expect(i.unite_id).toBe(uniteDe.get(i.commune_insee) ?? null);

    const de75 = instructions.filter((i) => i.departement_code === '75');
    expect(de75.length).toBeGreaterThan(0);
    expect(de75.length).toBeLessThan(500);
    const liste = await pref75.requete({ method: 'GET', url: '/api/v1/cfp' });
    expect(liste.statusCode).toBe(200);
    const ids = new Set(liste.json().elements.map((e: { id: string }) => e.id));
    for (const i of de75) expect(ids.has(i.id)).toBe(true);
    const tableau = (await pref75.requete({ method: 'GET', url: '/api/v1/cfp/tableau-de-bord' })).json();
    const total = tableau.parEtape.reduce((s: number, e: { nombre: number }) => s + e.nombre, 0);
    expect(total).toBe(de75.length);

    const confiees = instructions.filter((i) => i.unite_id !== null);
    expect(confiees.length).toBeGreaterThan(0);
    const enquetes = await police75.requete({ method: 'GET', url: '/api/v1/cfp/enquetes' });
    const idsPolice = new Set(enquetes.json().elements.map((e: { id: string }) => e.id));
    for (const i of confiees) expect(idsPolice.has(i.id)).toBe(true);
  });
});
