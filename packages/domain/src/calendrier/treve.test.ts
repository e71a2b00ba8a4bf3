import { describe, expect, it } from 'vitest';
import { dateIso, numeroJour } from './dates.js';
import { reporterApresPeriodes, sourceDeListe } from './periodes.js';
import { calendrierDeTreve, estEnTreve, treveConfiguree } from './treve.js';

describe('CPCE art. L412-6 — trêve hivernale', () => {
  it('métropole : du 1er novembre au 31 mars inclus, chaque hiver', () => {
    expect(estEnTreve('2025-10-31', '75')).toBe(false);
    expect(estEnTreve('2025-11-01', '75')).toBe(true);
    expect(estEnTreve('2026-03-31', '2A')).toBe(true);
    expect(estEnTreve('2026-04-01', '2B')).toBe(false);
    expect(estEnTreve('2031-01-15', '13')).toBe(true);
  });

  it('outre-mer : aucune trêve par défaut, celle du préfet quand elle est configurée', () => {
    expect(estEnTreve('2026-01-15', '974')).toBe(false);
    const periodes = [{ du: '2026-01-01', au: '2026-04-15' }];
    expect(estEnTreve('2026-04-15', '974', periodes)).toBe(true);
    expect(estEnTreve('2026-04-16', '974', periodes)).toBe(false);
  });

  it('la configuration remplace la trêve par défaut pour toutes les années', () => {
    const prolongation = [{ du: '2025-11-01', au: '2026-05-31' }];
    expect(estEnTreve('2026-05-31', '75', prolongation)).toBe(true);
    expect(estEnTreve('2026-11-15', '75', prolongation)).toBe(false);
  });

  it('une liste vide ne supprime pas la trêve légale', () => {
    expect(treveConfiguree([])).toBe(false);
    expect(estEnTreve('2026-01-15', '75', [])).toBe(true);
  });
});

describe('report après des périodes, répété', () => {
  it('enchaîne délais du juge puis trêve', () => {
    const sources = [
      calendrierDeTreve('75', null),
      sourceDeListe('delais_jex', [{ du: numeroJour('2025-05-15'), au: numeroJour('2025-10-31') }]),
    ];
    const { numero, reports } = reporterApresPeriodes(numeroJour('2025-06-02'), sources);
    expect(dateIso(numero)).toBe('2026-04-01');
    expect(reports.map((report) => report.motif)).toEqual(['delais_jex', 'treve']);
  });

  it('ne bouge pas une date hors de toute période', () => {
    const { numero, reports } = reporterApresPeriodes(numeroJour('2025-06-02'), [
      calendrierDeTreve('75', null),
    ]);
    expect(dateIso(numero)).toBe('2025-06-02');
    expect(reports).toEqual([]);
  });
});
