import { describe, expect, it } from 'vitest';
import { connecter, creerAppDeTest } from '../../../test/app-de-test.js';
import { nouveauDossier } from '../../../test/fabriques.js';
import { aujourdhui } from '../../lib/aujourdhui.js';

const { app, db } = await creerAppDeTest();
const pref75 = await connecter(app, 'prefecture.75@demo.exploc.fr');
const police75 = await connecter(app, 'police.75@demo.exploc.fr');

/** Rent 650 € + 80 € of charges; CFP requested on 2 June 2025, refused on 1 July 2025 (outside the trêve). */
async function dossierAvecRefusCfp() {
  const cree = await pref75.requete({ method: 'POST', url: '/api/v1/dossiers', payload: nouveauDossier() });
  const id = cree.json().id as string;
  let version = cree.json().version as number;
  for (const evenement of [
    { type: 'commandement_de_payer', date: '2024-09-02', montantDette: 2340 },
    { type: 'assignation', date: '2024-11-04', dateAudience: '2025-01-13' },
    { type: 'decision_justice', date: '2025-01-13', sens: 'resiliation_expulsion' },
    { type: 'signification_decision', date: '2025-01-20' },
    { type: 'commandement_quitter_lieux', date: '2025-01-27' },
    { type: 'demande_cfp', date: '2025-06-02' },
    { type: 'decision_cfp', date: '2025-07-01', sens: 'refus' },
  ]) {
    const r = await pref75.requete({
      method: 'POST',
      url: `/api/v1/dossiers/${id}/evenements`,
      headers: { 'if-match': `"${version}"` },
      payload: evenement,
    });
    expect(r.statusCode, r.body).toBe(201);
    version = r.json().version;
  }
  return { id, version };
}

describe('indemnisation du bailleur par l’État (CPCE L153-1, R154-1 à R154-7)', () => {
  it('calcule la période depuis le refus explicite jusqu’à aujourd’hui, avec le loyer du bail', async () => {
    const { id, version } = await dossierAvecRefusCfp();
    const r = await pref75.requete({ method: 'GET', url: `/api/v1/dossiers/${id}/indemnisation` });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers.etag).toBe(`"${version}"`);
    const { calcul } = r.json();
    expect(calcul.periode.debut).toBe('2025-07-01');
    expect(calcul.periode.fin).toBe(aujourdhui('75'));
    expect(calcul.lignes[0]).toMatchObject({ du: '2025-07-01', au: '2025-07-31', montant: 730 });
    expect(r.json().totalAjuste).toBe(calcul.total);
  });

  it('garde les ajustements motivés à côté de la valeur calculée (If-Match, journalisé)', async () => {
    const { id, version } = await dossierAvecRefusCfp();
    const url = `/api/v1/dossiers/${id}/indemnisation/ajustements`;
    const frais = {
      nature: 'frais_commissaire_justice',
      libelle: 'PV de tentative',
      montant: 420.5,
      motif: 'Facture du commissaire de justice produite',
    };
    expect((await pref75.requete({ method: 'POST', url, payload: frais })).statusCode).toBe(428);
    expect(
      (
        await police75.requete({
          method: 'POST',
          url,
          headers: { 'if-match': `"${version}"` },
          payload: frais,
        })
      ).statusCode,
    ).toBe(403);
    const avant = (
      await pref75.requete({ method: 'GET', url: `/api/v1/dossiers/${id}/indemnisation` })
    ).json();
    const a = await pref75.requete({
      method: 'POST',
      url,
      headers: { 'if-match': `"${version}"` },
      payload: frais,
    });
    expect(a.statusCode, a.body).toBe(201);
    const negatif = await pref75.requete({
      method: 'POST',
      url,
      headers: { 'if-match': `"${a.json().version}"` },
      payload: { ...frais, montant: -10 },
    });
    expect(negatif.statusCode).toBe(400);
    const c = await pref75.requete({
      method: 'POST',
      url,
      headers: { 'if-match': `"${a.json().version}"` },
      payload: {
        nature: 'correction',
        libelle: 'Dépôt de garantie',
        montant: -100,
        motif: 'Dépôt de garantie conservé',
      },
    });
    expect(c.statusCode, c.body).toBe(201);
    const apres = (
      await pref75.requete({ method: 'GET', url: `/api/v1/dossiers/${id}/indemnisation` })
    ).json();
    expect(apres.totalCalcule).toBeCloseTo(avant.totalCalcule + 420.5, 2);
    expect(apres.totalAjuste).toBeCloseTo(apres.totalCalcule - 100, 2);
    expect(apres.ajustements.map((x: { motif: string }) => x.motif)).toEqual([
      frais.motif,
      'Dépôt de garantie conservé',
    ]);
    const journal = await db
      .selectFrom('journal')
      .select('action')
      .where('objet_id', '=', id)
      .where('action', '=', 'indemnisation_ajustee')
      .execute();
    expect(journal).toHaveLength(2);
  });
});
