/**
 * CPCE L153-1, R153-1, R154-1 to R154-7. Common ground: CQL of 01/04/2025 transmitted the same day,
 * eviction lawful from 02/06/2025 (Paris).
 */
import { describe, expect, it } from 'vitest';
import { evaluerProcedure } from './evaluer.js';
import {
  fabriquerScenario,
  jusquAuCommandementDeQuitter,
  type ScenarioPartiel,
} from './fabrique-scenario.js';
import type { Evenement } from './scenario.js';

function responsabilite(evenements: Evenement[], partiel: ScenarioPartiel = {}) {
  return evaluerProcedure(
    fabriquerScenario({
      asOf: '2026-12-31',
      ...partiel,
      evenements: [...jusquAuCommandementDeQuitter(), ...evenements],
    }),
  ).responsabiliteEtat;
}

const demande = (date: string): Evenement => ({ type: 'demande_cfp', date });
const decision = (date: string, sens: 'octroi' | 'refus' | 'sursis'): Evenement => ({
  type: 'decision_cfp',
  date,
  sens,
});

describe('R154-1 — début de la responsabilité de l’État', () => {
  it('refus explicite du 15/07/2025 : responsabilité à compter de ce jour, toujours en cours', () => {
    expect(
      responsabilite([demande('2025-06-10'), decision('2025-07-15', 'refus')], { asOf: '2025-09-01' }),
    ).toEqual({
      debut: '2025-07-15',
      fin: null,
      periodesExclues: [],
    });
  });

  it('refus implicite : rien avant le 10/08/2025, puis responsabilité à compter de ce jour', () => {
    expect(responsabilite([demande('2025-06-10')], { asOf: '2025-08-09' })).toBeNull();
    expect(responsabilite([demande('2025-06-10')], { asOf: '2025-08-10' })?.debut).toBe('2025-08-10');
  });

  it('un sursis n’est pas une décision : le refus implicite naît quand même', () => {
    expect(responsabilite([demande('2025-06-10'), decision('2025-07-01', 'sursis')])?.debut).toBe(
      '2025-08-10',
    );
  });

  it('refus explicite après le refus implicite : le premier refus compte', () => {
    expect(responsabilite([demande('2025-06-10'), decision('2025-09-01', 'refus')])?.debut).toBe(
      '2025-08-10',
    );
  });

  it('jamais avant la fin du délai pour quitter les lieux + 1 jour', () => {
    expect(responsabilite([demande('2025-04-20'), decision('2025-05-10', 'refus')])?.debut).toBe(
      '2025-06-02',
    );
  });

  it('pas de responsabilité sans refus (octroi)', () => {
    expect(responsabilite([demande('2025-06-10'), decision('2025-07-01', 'octroi')])).toBeNull();
  });
});

describe('R154-5 — report pendant la trêve ou un délai de grâce', () => {
  it('refus implicite du 01/12/2025, pendant la trêve : responsabilité au 01/04/2026', () => {
    expect(responsabilite([demande('2025-10-01')], { asOf: '2026-01-15' })).toEqual({
      debut: '2026-04-01',
      fin: null,
      periodesExclues: [],
    });
  });

  it('trêve sans effet en cas de relogement assuré', () => {
    expect(
      responsabilite([demande('2025-10-01')], { menage: { prioritaireDalo: false, relogementAssure: true } })
        ?.debut,
    ).toBe('2025-12-01');
  });

  it('refus pendant des délais du JEX (délai de grâce) : à leur terme', () => {
    expect(
      responsabilite([
        { type: 'delais_jex', date: '2025-07-01', dateFin: '2025-09-30' },
        demande('2025-06-10'),
        decision('2025-07-15', 'refus'),
      ])?.debut,
    ).toBe('2025-10-01');
  });

  it('refus pendant un protocole de cohésion sociale : à son terme', () => {
    expect(
      responsabilite([
        demande('2025-06-10'),
        { type: 'protocole_cohesion_sociale', date: '2025-07-01', dateFin: '2025-09-30' },
        decision('2025-07-15', 'refus'),
      ])?.debut,
    ).toBe('2025-10-01');
  });

  it('reports en chaîne : protocole jusqu’au 31/10/2025, puis trêve jusqu’au 31/03/2026', () => {
    expect(
      responsabilite([
        demande('2025-06-10'),
        { type: 'protocole_cohesion_sociale', date: '2025-07-01', dateFin: '2025-10-31' },
        decision('2025-07-15', 'refus'),
      ])?.debut,
    ).toBe('2026-04-01');
  });
});

describe('continuité et périodes exclues', () => {
  it('une fois commencée, la responsabilité traverse les hivers suivants', () => {
    expect(
      responsabilite([demande('2025-06-10'), decision('2025-07-15', 'refus')], { asOf: '2027-02-01' }),
    ).toEqual({
      debut: '2025-07-15',
      fin: null,
      periodesExclues: [],
    });
  });

  it('délais du JEX et suspension pour surendettement postérieurs : exclus, triés et fusionnés', () => {
    expect(
      responsabilite([
        demande('2025-06-10'),
        decision('2025-07-15', 'refus'),
        { type: 'delais_jex', date: '2026-05-01', dateFin: '2026-05-31' },
        { type: 'suspension_surendettement', date: '2025-12-01', dateFin: '2026-02-28' },
        { type: 'delais_jex', date: '2025-09-01', dateFin: '2025-12-31' },
      ]),
    ).toEqual({
      debut: '2025-07-15',
      fin: null,
      periodesExclues: [
        { du: '2025-09-01', au: '2026-02-28', motif: 'delais_jex' },
        { du: '2026-05-01', au: '2026-05-31', motif: 'delais_jex' },
      ],
    });
  });

  it('périodes coupées à la fin de la responsabilité', () => {
    expect(
      responsabilite([
        demande('2025-06-10'),
        decision('2025-07-15', 'refus'),
        { type: 'delais_jex', date: '2026-05-01', dateFin: '2026-07-31' },
        { type: 'depart_volontaire', date: '2026-06-15' },
      ])?.periodesExclues,
    ).toEqual([{ du: '2026-05-01', au: '2026-06-15', motif: 'delais_jex' }]);
  });
});

describe('fin de la responsabilité', () => {
  const refus = [demande('2025-06-10'), decision('2025-07-15', 'refus')];

  it('octroi ultérieur exécuté dans les 15 jours : fin à l’octroi', () => {
    expect(
      responsabilite([
        ...refus,
        decision('2026-01-10', 'octroi'),
        { type: 'expulsion_realisee', date: '2026-01-25' },
      ])?.fin,
    ).toBe('2026-01-10');
  });

  it('octroi exécuté plus de 15 jours après : fin à l’expulsion', () => {
    expect(
      responsabilite([
        ...refus,
        decision('2026-01-10', 'octroi'),
        { type: 'expulsion_realisee', date: '2026-01-26' },
      ])?.fin,
    ).toBe('2026-01-26');
  });

  it('octroi sans expulsion : fin à l’octroi', () => {
    expect(responsabilite([...refus, decision('2026-01-10', 'octroi')])?.fin).toBe('2026-01-10');
  });

  it.each([
    'depart_volontaire',
    'relogement',
    'vente_logement',
    'desistement_bailleur',
    'expulsion_realisee',
  ] as const)('%s : fin ce jour-là', (type) => {
    expect(responsabilite([...refus, { type, date: '2025-11-05' }])?.fin).toBe('2025-11-05');
  });

  it('protocole de cohésion sociale signé après le début : fin à sa signature', () => {
    expect(
      responsabilite([
        ...refus,
        { type: 'protocole_cohesion_sociale', date: '2025-10-01', dateFin: '2026-09-30' },
      ]),
    ).toEqual({ debut: '2025-07-15', fin: '2025-10-01', periodesExclues: [] });
  });

  it('nouvelle demande après le protocole : nouvelle responsabilité', () => {
    expect(
      responsabilite([
        ...refus,
        { type: 'protocole_cohesion_sociale', date: '2025-10-01', dateFin: '2026-03-31' },
        demande('2026-05-04'),
      ]),
    ).toEqual({ debut: '2026-07-04', fin: null, periodesExclues: [] });
  });

  it('fin avant le début reporté : aucune responsabilité', () => {
    expect(
      responsabilite([demande('2025-10-01'), { type: 'depart_volontaire', date: '2026-02-15' }], {
        asOf: '2026-05-01',
      }),
    ).toBeNull();
  });
});
