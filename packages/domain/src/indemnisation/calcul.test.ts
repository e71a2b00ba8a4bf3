/**
 * Worked examples computed by hand (CPCE L153-1, R154-1 to R154-7; contrat indemnisation-calcul).
 * Common ground: eviction lawful from 02/06/2025 (CQL of 01/04/2025 transmitted the same day).
 */
import { describe, expect, it } from 'vitest';
import { fabriquerScenario, jusquAuCommandementDeQuitter } from '../procedure/fabrique-scenario.js';
import type { Evenement } from '../procedure/scenario.js';
import { calculerIndemnisation } from './calcul.js';
import type { Indemnisation, ScenarioIndemnisation } from './scenario-indemnisation.js';

function scenario(
  evenements: Evenement[],
  indemnisation: Indemnisation | null,
  partiel: Partial<ScenarioIndemnisation> = {},
): ScenarioIndemnisation {
  return {
    ...fabriquerScenario({
      asOf: '2026-12-31',
      evenements: [...jusquAuCommandementDeQuitter(), ...evenements],
    }),
    indemnisation,
    ...partiel,
  };
}

/** A request and its explicit refusal the same day. */
const refusLe = (date: string): Evenement[] => [
  { type: 'demande_cfp', date },
  { type: 'decision_cfp', date, sens: 'refus' },
];

describe('exemple du contrat', () => {
  it('du 15/06/2026 au 30/09/2026 : 389,33 € + 3 × 730 € = 2 579,33 € ; avec 420,50 € de compléments : 2 999,83 €', () => {
    const calcul = calculerIndemnisation(
      scenario(refusLe('2026-06-15'), {
        jusquau: '2026-09-30',
        loyers: [{ aPartirDu: '2021-03-01', loyerMensuelHC: 650.0, chargesMensuelles: 80.0 }],
        complements: [{ nature: 'frais_commissaire_justice', libelle: 'PV de tentative', montant: 420.5 }],
      }),
    );
    expect(calcul.periode).toEqual({ debut: '2026-06-15', fin: '2026-09-30', periodesExclues: [] });
    expect(calcul.lignes[0]).toEqual({
      du: '2026-06-15',
      au: '2026-06-30',
      jours: 16,
      joursDuMois: 30,
      loyerMensuelHC: 650.0,
      chargesMensuelles: 80.0,
      montant: 389.33,
    });
    expect(calcul.lignes.map((l) => [l.du, l.au, l.montant])).toEqual([
      ['2026-06-15', '2026-06-30', 389.33],
      ['2026-07-01', '2026-07-31', 730],
      ['2026-08-01', '2026-08-31', 730],
      ['2026-09-01', '2026-09-30', 730],
    ]);
    expect(calcul.complements).toEqual([
      { nature: 'frais_commissaire_justice', libelle: 'PV de tentative', montant: 420.5 },
    ]);
    expect(calcul.totalLignes).toBe(2579.33);
    expect(calcul.total).toBe(2999.83);
    expect(calcul.explication).toContain("Responsabilité de l'État du 15/06/2026 au 30/09/2026 inclus");
    expect(calcul.explication).toContain('Loyers et charges : 2 579,33 €.');
    expect(calcul.explication).toContain('Total : 2 999,83 €.');
  });
});

describe('R154-5 — un hiver traversé, des délais du juge exclus', () => {
  it('refus du 15/10/2025, délais du JEX du 10/12/2025 au 20/01/2026, calcul au 28/02/2026 : 2 331,29 €', () => {
    const calcul = calculerIndemnisation(
      scenario(
        [...refusLe('2025-10-15'), { type: 'delais_jex', date: '2025-12-10', dateFin: '2026-01-20' }],
        { jusquau: '2026-02-28' },
      ),
    );
    expect(calcul.periode).toEqual({
      debut: '2025-10-15',
      fin: '2026-02-28',
      periodesExclues: [{ du: '2025-12-10', au: '2026-01-20', motif: 'delais_jex' }],
    });
    // 730 × 17/31 = 400,322… ; 730 ; 730 × 9/31 = 211,935… ; 730 × 11/31 = 259,032… ; 730.
    expect(calcul.lignes.map((l) => [l.du, l.au, l.jours, l.joursDuMois, l.montant])).toEqual([
      ['2025-10-15', '2025-10-31', 17, 31, 400.32],
      ['2025-11-01', '2025-11-30', 30, 30, 730],
      ['2025-12-01', '2025-12-09', 9, 31, 211.94],
      ['2026-01-21', '2026-01-31', 11, 31, 259.03],
      ['2026-02-01', '2026-02-28', 28, 28, 730],
    ]);
    expect(calcul.totalLignes).toBe(2331.29);
    expect(calcul.total).toBe(2331.29);
    expect(calcul.explication).toContain(
      "du 10/12/2025 au 20/01/2026 (délais accordés par le juge de l'exécution)",
    );
  });

  it('exclusion coupée à la date de calcul', () => {
    const calcul = calculerIndemnisation(
      scenario(
        [...refusLe('2025-10-15'), { type: 'delais_jex', date: '2025-12-10', dateFin: '2026-06-30' }],
        { jusquau: '2026-01-31' },
      ),
    );
    expect(calcul.periode?.periodesExclues).toEqual([
      { du: '2025-12-10', au: '2026-01-31', motif: 'delais_jex' },
    ]);
    expect(calcul.lignes.at(-1)?.au).toBe('2025-12-09');
  });
});

describe('révision du loyer en cours de mois', () => {
  it('loyer révisé le 15/06/2026 : juin coupé en deux lignes, 1 494,50 €', () => {
    const calcul = calculerIndemnisation(
      scenario(refusLe('2026-06-01'), {
        jusquau: '2026-07-31',
        loyers: [
          { aPartirDu: '2026-06-15', loyerMensuelHC: 670.5, chargesMensuelles: 82 },
          { aPartirDu: '2024-02-15', loyerMensuelHC: 650, chargesMensuelles: 80 },
        ],
      }),
    );
    // 730 × 14/30 = 340,666… ; 752,50 × 16/30 = 401,333… ; 752,50.
    expect(calcul.lignes.map((l) => [l.du, l.au, l.loyerMensuelHC, l.chargesMensuelles, l.montant])).toEqual([
      ['2026-06-01', '2026-06-14', 650, 80, 340.67],
      ['2026-06-15', '2026-06-30', 670.5, 82, 401.33],
      ['2026-07-01', '2026-07-31', 670.5, 82, 752.5],
    ]);
    expect(calcul.totalLignes).toBe(1494.5);
    expect(calcul.explication).toContain(
      '670,50 € hors charges et 82,00 € de charges par mois à partir du 15/06/2026',
    );
  });

  it('sans loyers fournis : le loyer du bail', () => {
    const calcul = calculerIndemnisation(scenario(refusLe('2026-06-01'), { jusquau: '2026-06-30' }));
    expect(calcul.lignes).toHaveLength(1);
    expect(calcul.lignes[0]).toMatchObject({ loyerMensuelHC: 650, chargesMensuelles: 80, montant: 730 });
  });
});

describe('arrondi au centime, demi-centime au-dessus, calcul exact', () => {
  it('730,05 € × 1/30 = 24,335 € exactement → 24,34 € (en flottants : 24,334999…)', () => {
    const calcul = calculerIndemnisation(
      scenario(refusLe('2026-06-30'), {
        jusquau: '2026-06-30',
        loyers: [{ aPartirDu: '2020-01-01', loyerMensuelHC: 650.05, chargesMensuelles: 80 }],
      }),
    );
    expect(calcul.lignes).toEqual([
      {
        du: '2026-06-30',
        au: '2026-06-30',
        jours: 1,
        joursDuMois: 30,
        loyerMensuelHC: 650.05,
        chargesMensuelles: 80,
        montant: 24.34,
      },
    ]);
  });

  it('le total est la somme des lignes arrondies ; les compléments sont arrondis au centime', () => {
    const calcul = calculerIndemnisation(
      scenario(refusLe('2026-06-29'), {
        jusquau: '2026-07-01',
        loyers: [{ aPartirDu: '2020-01-01', loyerMensuelHC: 650.05, chargesMensuelles: 80 }],
        complements: [
          { nature: 'teom', libelle: 'TEOM 2026', montant: 100.005 },
          { nature: 'reparations', libelle: 'Porte', montant: 250 },
        ],
      }),
    );
    // 730,05 × 2/30 = 48,67 ; 730,05 × 1/31 = 23,550… → 23,55.
    expect(calcul.lignes.map((l) => l.montant)).toEqual([48.67, 23.55]);
    expect(calcul.totalLignes).toBe(72.22);
    expect(calcul.complements.map((c) => c.montant)).toEqual([100.01, 250]);
    expect(calcul.total).toBe(422.23);
  });
});

describe('période et fin', () => {
  it('sans responsabilité : période nulle, aucune ligne, totaux à 0', () => {
    const calcul = calculerIndemnisation(scenario([{ type: 'demande_cfp', date: '2026-12-01' }], null));
    expect(calcul).toMatchObject({ periode: null, lignes: [], totalLignes: 0, total: 0 });
  });

  it('fin connue (expulsion) : jusquau est ignoré', () => {
    const calcul = calculerIndemnisation(
      scenario(
        [
          ...refusLe('2026-06-15'),
          { type: 'decision_cfp', date: '2026-07-01', sens: 'octroi' },
          { type: 'expulsion_realisee', date: '2026-07-10' },
        ],
        { jusquau: '2026-09-30' },
      ),
    );
    expect(calcul.periode).toEqual({ debut: '2026-06-15', fin: '2026-07-01', periodesExclues: [] });
    expect(calcul.lignes.map((l) => l.montant)).toEqual([389.33, 23.55]);
    expect(calcul.explication).toContain('fin : octroi du concours de la force publique le 01/07/2026');
  });

  it('sans jusquau, le calcul s’arrête à asOf', () => {
    const calcul = calculerIndemnisation(scenario(refusLe('2026-06-15'), null, { asOf: '2026-06-30' }));
    expect(calcul.periode?.fin).toBe('2026-06-30');
    expect(calcul.totalLignes).toBe(389.33);
  });

  it('la date de calcul précède le début reporté après la trêve : aucune ligne', () => {
    const calcul = calculerIndemnisation(
      scenario([{ type: 'demande_cfp', date: '2025-10-01' }], null, { asOf: '2026-01-15' }),
    );
    expect(calcul.periode).toEqual({ debut: '2026-04-01', fin: '2026-01-15', periodesExclues: [] });
    expect(calcul.lignes).toEqual([]);
    expect(calcul.explication).toContain('reporté au 01/04/2026 après la trêve hivernale');
  });
});
