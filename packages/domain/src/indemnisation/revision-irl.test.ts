import { describe, expect, it } from 'vitest';
import { fabriquerScenario, jusquAuCommandementDeQuitter } from '../procedure/fabrique-scenario.js';
import { calculerIndemnisation } from './calcul.js';
import { expliquerRevisions, libelleTrimestre, reviserLoyers, trimestreDe } from './revision-irl.js';

// IRL of the 1st quarter, as published by INSEE (2021 to 2025).
const IRL_T1 = new Map([
  ['2021-T1', 130.69],
  ['2022-T1', 133.93],
  ['2023-T1', 138.61],
  ['2024-T1', 143.46],
  ['2025-T1', 145.47],
]);
const bail = { dateSignature: '2021-03-01', loyerMensuelHC: 650, chargesMensuelles: 80 };

describe('révision du loyer selon l’IRL (loi 89-462 art. 17-1)', () => {
  it('nomme le trimestre d’une date', () => {
    expect(trimestreDe('2025-03-31')).toBe('2025-T1');
    expect(trimestreDe('2025-04-01')).toBe('2025-T2');
    expect(trimestreDe('2025-12-31')).toBe('2025-T4');
    expect(libelleTrimestre('2025-T1')).toBe('1er trimestre 2025');
    expect(libelleTrimestre('2025-T3')).toBe('3e trimestre 2025');
  });

  it('révise à chaque anniversaire, en chaîne, arrondi au centime (valeurs calculées à la main)', () => {
    // 650 × 133,93 / 130,69 = 666,114… → 666,11 ; × 138,61 / 133,93 = 689,389… → 689,39 ;
    // × 143,46 / 138,61 = 713,511… → 713,51 ; × 145,47 / 143,46 = 723,506… → 723,51.
    const { loyers, revisions } = reviserLoyers(bail, IRL_T1, '2025-12-31');
    expect(loyers).toEqual([
      { aPartirDu: '2022-03-01', loyerMensuelHC: 666.11, chargesMensuelles: 80 },
      { aPartirDu: '2023-03-01', loyerMensuelHC: 689.39, chargesMensuelles: 80 },
      { aPartirDu: '2024-03-01', loyerMensuelHC: 713.51, chargesMensuelles: 80 },
      { aPartirDu: '2025-03-01', loyerMensuelHC: 723.51, chargesMensuelles: 80 },
    ]);
    expect(revisions[0]).toEqual({
      le: '2022-03-01',
      trimestre: '2022-T1',
      indice: 133.93,
      indicePrecedent: 130.69,
      loyerAvant: 650,
      loyerApres: 666.11,
    });
  });

  it('arrondit au centime le plus proche, la moitié vers le haut', () => {
    // 0,50 × 1,01 / 1,00 = 0,505 → 0,51.
    const { loyers } = reviserLoyers(
      { dateSignature: '2024-01-15', loyerMensuelHC: 0.5, chargesMensuelles: 0 },
      new Map([
        ['2024-T1', 1],
        ['2025-T1', 1.01],
      ]),
      '2025-06-30',
    );
    expect(loyers).toEqual([{ aPartirDu: '2025-01-15', loyerMensuelHC: 0.51, chargesMensuelles: 0 }]);
  });

  it('sans indice, ne révise pas à cet anniversaire et le signale', () => {
    const sans2023 = new Map(IRL_T1);
    sans2023.delete('2023-T1');
    const { loyers, revisions } = reviserLoyers(bail, sans2023, '2024-12-31');
    // 2023 and 2024 both need the 2023 index: the rent stays 666,11 €.
    expect(loyers.map((l) => l.loyerMensuelHC)).toEqual([666.11]);
    expect(revisions.map((r) => r.loyerApres)).toEqual([666.11, null, null]);
    expect(expliquerRevisions(revisions)).toContain(
      'Révision du 01/03/2023 non appliquée : indice IRL du 1er trimestre 2023 ou du 1er trimestre 2022 inconnu.',
    );
  });

  it('explique chaque révision', () => {
    const { revisions } = reviserLoyers(bail, IRL_T1, '2022-12-31');
    expect(expliquerRevisions(revisions)).toBe(
      'Loyer révisé le 01/03/2022 : 650,00 € × 133,93 (IRL du 1er trimestre 2022) / 130,69 (IRL du 1er trimestre 2021) = 666,11 €.',
    );
  });
});

describe('indemnité avec loyers révisés', () => {
  it('bail du 15/03/2021, refus du 15/06/2025, calcul au 31/03/2026 : mars 2026 coupé au 15 (révision)', () => {
    // 2026-T1 is a value chosen for the test: 723,51 × 147,00 / 145,47 = 731,119… → 731,12 €.
    const indices = new Map([...IRL_T1, ['2026-T1', 147]]);
    const bailMars = { dateSignature: '2021-03-15', loyerMensuelHC: 650, chargesMensuelles: 80 };
    const { loyers, revisions } = reviserLoyers(bailMars, indices, '2026-03-31');
    expect(loyers.at(-1)).toEqual({ aPartirDu: '2026-03-15', loyerMensuelHC: 731.12, chargesMensuelles: 80 });
    const calcul = calculerIndemnisation({
      ...fabriquerScenario({
        asOf: '2026-03-31',
        bail: bailMars,
        evenements: [
          ...jusquAuCommandementDeQuitter(),
          { type: 'demande_cfp', date: '2025-06-15' },
          { type: 'decision_cfp', date: '2025-06-15', sens: 'refus' },
        ],
      }),
      indemnisation: { jusquau: '2026-03-31', loyers },
    });
    // June 2025 at 723,51 + 80 = 803,51 €: 803,51 × 16 / 30 = 428,538… → 428,54 €.
    expect(calcul.lignes[0]).toMatchObject({
      du: '2025-06-15',
      au: '2025-06-30',
      loyerMensuelHC: 723.51,
      montant: 428.54,
    });
    // 803,51 × 14 / 31 = 362,875… → 362,88 € ; 811,12 × 17 / 31 = 444,807… → 444,81 €.
    expect(calcul.lignes.slice(-2)).toEqual([
      {
        du: '2026-03-01',
        au: '2026-03-14',
        jours: 14,
        joursDuMois: 31,
        loyerMensuelHC: 723.51,
        chargesMensuelles: 80,
        montant: 362.88,
      },
      {
        du: '2026-03-15',
        au: '2026-03-31',
        jours: 17,
        joursDuMois: 31,
        loyerMensuelHC: 731.12,
        chargesMensuelles: 80,
        montant: 444.81,
      },
    ]);
    expect(expliquerRevisions(revisions)).toContain('Loyer révisé le 15/03/2026 : 723,51 € × 147,00');
  });
});
