import { describe, expect, it } from 'vitest';
import { connecter, creerAppDeTest } from '../../../test/app-de-test.js';
import { dossierEn93, nouveauDossier } from '../../../test/fabriques.js';

const { app, db } = await creerAppDeTest();
const pref75 = await connecter(app, 'prefecture.75@demo.exploc.fr');
const pref93 = await connecter(app, 'prefecture.93@demo.exploc.fr');
const police75 = await connecter(app, 'police.75@demo.exploc.fr');

async function dossier(agent: typeof pref75, corps = nouveauDossier()) {
  const r = await agent.requete({ method: 'POST', url: '/api/v1/dossiers', payload: corps });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id as string;
}

// Settlements in 2019, a year no other test uses, so that the sums below are exact.
const d1 = await dossier(pref75);
const d2 = await dossier(pref75);
const d3 = await dossier(pref75);
const d4 = await dossier(pref93, dossierEn93());
await db
  .insertInto('indemnisation_reglement')
  .values([
    {
      dossier_id: d1,
      demande_recue_le: '2019-03-05',
      montant_demande_cents: 100_010,
      proposition_le: '2019-04-10',
      montant_propose_cents: 80_020,
      paiement_le: '2019-05-20',
      montant_paye_cents: 80_020,
    },
    {
      dossier_id: d2,
      demande_recue_le: '2019-03-20',
      montant_demande_cents: 200_005,
      proposition_le: '2019-03-28',
      montant_propose_cents: 150_000,
      // Paid the next budget year: outside the period.
      paiement_le: '2020-01-15',
      montant_paye_cents: 150_000,
    },
    {
      dossier_id: d3,
      // Claimed the year before, proposed within the period.
      demande_recue_le: '2018-12-20',
      montant_demande_cents: 50_000,
      proposition_le: '2019-01-10',
      montant_propose_cents: 40_000,
    },
    { dossier_id: d4, demande_recue_le: '2019-03-10', montant_demande_cents: 999_900 },
  ])
  .execute();

const url = '/api/v1/indemnisation/budget?du=2019-01-01&au=2019-12-31';
const vide = { nombreDemandes: 0, montantDemande: 0, nombrePropositions: 0, montantPropose: 0 };
const sansPaiement = { nombrePaiements: 0, montantPaye: 0 };

describe('suivi budgétaire des indemnités', () => {
  it('somme par mois et département, chaque montant au mois de son étape, dans le périmètre', async () => {
    const r = await pref75.requete({ method: 'GET', url });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({
      du: '2019-01-01',
      au: '2019-12-31',
      elements: [
        {
          mois: '2019-01',
          departement: '75',
          ...vide,
          nombrePropositions: 1,
          montantPropose: 400,
          ...sansPaiement,
        },
        {
          mois: '2019-03',
          departement: '75',
          nombreDemandes: 2,
          montantDemande: 3000.15,
          nombrePropositions: 1,
          montantPropose: 1500,
          ...sansPaiement,
        },
        {
          mois: '2019-04',
          departement: '75',
          ...vide,
          nombrePropositions: 1,
          montantPropose: 800.2,
          ...sansPaiement,
        },
        { mois: '2019-05', departement: '75', ...vide, nombrePaiements: 1, montantPaye: 800.2 },
      ],
      totaux: {
        nombreDemandes: 2,
        montantDemande: 3000.15,
        nombrePropositions: 3,
        montantPropose: 2700.2,
        nombrePaiements: 1,
        montantPaye: 800.2,
      },
    });
    const seineSaintDenis = (await pref93.requete({ method: 'GET', url })).json();
    expect(seineSaintDenis.elements).toEqual([
      {
        mois: '2019-03',
        departement: '93',
        ...vide,
        nombreDemandes: 1,
        montantDemande: 9999,
        ...sansPaiement,
      },
    ]);
  });

  it('export CSV (« ; », BOM, virgule décimale), journalisé ; période invalide refusée ; police exclue', async () => {
    const r = await pref75.requete({ method: 'GET', url: url.replace('budget?', 'budget.csv?') });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toContain('text/csv');
    expect(r.body.startsWith('\uFEFFMois;Département;')).toBe(true);
    expect(r.body).toContain('2019-03;75;2;3000,15;1;1500;0;0\r\n');
    expect(r.body).toContain('Total;;2;3000,15;3;2700,2;1;800,2\r\n');
    const journal = await db
      .selectFrom('journal')
      .select('details')
      .where('action', '=', 'indemnisation_budget_exporte')
      .execute();
    expect(journal.length).toBeGreaterThanOrEqual(1);
    const inverse = await pref75.requete({
      method: 'GET',
      url: '/api/v1/indemnisation/budget?du=2019-12-31&au=2019-01-01',
    });
    expect(inverse.statusCode).toBe(400);
    expect(inverse.json().erreur.code).toBe('requete_invalide');
    expect((await police75.requete({ method: 'GET', url })).statusCode).toBe(403);
  });
});
