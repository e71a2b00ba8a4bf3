import { describe, expect, it } from 'vitest';
import { connecter, creerAppDeTest } from '../../../test/app-de-test.js';
import { nouveauDossier } from '../../../test/fabriques.js';

const { app, db } = await creerAppDeTest();
const admin75 = await connecter(app, 'admin.75@demo.exploc.fr');
const pref75 = await connecter(app, 'prefecture.75@demo.exploc.fr');

function enregistrer(trimestre: string, valeur: unknown, version: number) {
  return admin75.requete({
    method: 'PUT',
    url: `/api/v1/admin/irl/${trimestre}`,
    headers: { 'if-match': `"${version}"` },
    payload: { valeur },
  });
}

describe('table de l’IRL et révision du loyer dans l’indemnité (loi 89-462 art. 17-1)', () => {
  it('l’administrateur départemental tient la table (If-Match, journalisé, erreurs en français)', async () => {
    expect((await pref75.requete({ method: 'GET', url: '/api/v1/admin/irl' })).statusCode).toBe(403);
    const invalide = await enregistrer('2024-T5', 143.46, 0);
    expect(invalide.statusCode).toBe(400);
    expect(invalide.json().erreur.details[0].message).toBe('Trimestre invalide (format attendu AAAA-Tn)');
    expect((await enregistrer('2024-T1', -1, 0)).json().erreur.details[0].message).toBe(
      'L’indice doit être positif',
    );
    const cree = await enregistrer('2024-T1', 143.4, 0);
    expect(cree.statusCode, cree.body).toBe(201);
    expect((await enregistrer('2024-T1', 143.46, 0)).statusCode).toBe(412);
    const corrige = await enregistrer('2024-T1', 143.46, 1);
    expect(corrige.statusCode, corrige.body).toBe(200);
    expect(corrige.json()).toEqual({ trimestre: '2024-T1', valeur: 143.46, version: 2 });
    const liste = (await admin75.requete({ method: 'GET', url: '/api/v1/admin/irl' })).json();
    expect(liste.elements).toEqual([
      expect.objectContaining({ trimestre: '2024-T1', valeur: 143.46, version: 2 }),
    ]);
    const journal = await db
      .selectFrom('journal')
      .select('action')
      .where('action', '=', 'indice_irl_enregistre')
      .execute();
    expect(journal).toHaveLength(2);
  });

  it('révise le loyer à chaque anniversaire du bail (valeurs calculées à la main)', async () => {
    // 2024-T1 = 143,46 is set by the previous test. The 2026 value is chosen for the test.
    expect((await enregistrer('2025-T1', 145.47, 0)).statusCode).toBe(201);
    expect((await enregistrer('2026-T1', 147, 0)).statusCode).toBe(201);
    // Lease signed on 15/02/2024 at 650 € + 80 €: CFP refused on 01/07/2025.
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
    const r = await pref75.requete({ method: 'GET', url: `/api/v1/dossiers/${id}/indemnisation` });
    expect(r.statusCode, r.body).toBe(200);
    const { calcul, revisionsLoyer } = r.json();
    // 15/02/2025: 650 × 145,47 / 143,46 = 659,107… → 659,11 €; 15/02/2026: 659,11 × 147 / 145,47 = 666,042… → 666,04 €.
    expect(revisionsLoyer.map((x: { le: string; loyerApres: number }) => [x.le, x.loyerApres])).toEqual([
      ['2025-02-15', 659.11],
      ['2026-02-15', 666.04],
    ]);
    expect(calcul.lignes[0]).toMatchObject({ du: '2025-07-01', au: '2025-07-31', montant: 739.11 });
    const fevrier = calcul.lignes.filter((l: { du: string }) => l.du.startsWith('2026-02'));
    // 739,11 × 14 / 28 = 369,555 → 369,56 € (half up); 746,04 × 14 / 28 = 373,02 €.
    expect(fevrier).toEqual([
      expect.objectContaining({
        du: '2026-02-01',
        au: '2026-02-14',
        loyerMensuelHC: 659.11,
        montant: 369.56,
      }),
      expect.objectContaining({
        du: '2026-02-15',
        au: '2026-02-28',
        loyerMensuelHC: 666.04,
        montant: 373.02,
      }),
    ]);
    expect(calcul.explication).toContain(
      'Loyer révisé le 15/02/2026 : 659,11 € × 147,00 (IRL du 1er trimestre 2026) / 145,47 (IRL du 1er trimestre 2025) = 666,04 €.',
    );
  });
});
