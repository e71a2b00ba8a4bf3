import { describe, expect, it } from 'vitest';
import { fabriquerScenario, jusquAuCommandementDeQuitter } from '../procedure/fabrique-scenario.js';
import { executerCommandeCalculer } from './commande-calculer.js';

const scenario = {
  ...fabriquerScenario({
    asOf: '2026-07-01',
    evenements: [
      ...jusquAuCommandementDeQuitter(),
      { type: 'demande_cfp', date: '2026-06-01' },
      { type: 'decision_cfp', date: '2026-06-15', sens: 'refus' },
    ],
  }),
  indemnisation: { jusquau: '2026-09-30' },
};

describe('exploc indemnisation calculer', () => {
  it('code 0 et le calcul JSON sur stdout', () => {
    const sortie = executerCommandeCalculer(JSON.stringify(scenario));
    expect(sortie.codeSortie).toBe(0);
    const calcul = JSON.parse(sortie.stdout ?? '');
    expect(Object.keys(calcul)).toEqual([
      'periode',
      'lignes',
      'complements',
      'totalLignes',
      'total',
      'explication',
    ]);
    expect(calcul.totalLignes).toBe(2579.33);
  });

  it('mêmes erreurs que procedure evaluate', () => {
    expect(JSON.parse(executerCommandeCalculer('{').stderr ?? '').erreur.code).toBe('json_invalide');
    const inconnu = executerCommandeCalculer(
      JSON.stringify({ ...scenario, indemnisation: { jusqua: '2026-09-30' } }),
    );
    expect(inconnu.codeSortie).toBe(2);
    expect(JSON.parse(inconnu.stderr ?? '').erreur).toMatchObject({
      code: 'champ_inconnu',
      chemin: 'indemnisation.jusqua',
    });
  });

  it('loyers en double au même jour : valeur_invalide', () => {
    const loyer = { aPartirDu: '2026-01-01', loyerMensuelHC: 650, chargesMensuelles: 80 };
    const sortie = executerCommandeCalculer(
      JSON.stringify({ ...scenario, indemnisation: { loyers: [loyer, loyer] } }),
    );
    expect(JSON.parse(sortie.stderr ?? '').erreur).toMatchObject({
      code: 'valeur_invalide',
      chemin: 'indemnisation.loyers[1].aPartirDu',
    });
  });

  it('procedure evaluate refuse la clé indemnisation', async () => {
    const { executerCommandeEvaluer } = await import('../procedure/commande-evaluer.js');
    expect(JSON.parse(executerCommandeEvaluer(JSON.stringify(scenario)).stderr ?? '').erreur).toMatchObject({
      code: 'champ_inconnu',
      chemin: 'indemnisation',
    });
  });
});
