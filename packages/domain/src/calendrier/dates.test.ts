import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  ajouterJours,
  ajouterMois,
  ajouterSemaines,
  comparerDates,
  dateCivile,
  dateIso,
  ecartEnJours,
  estDateIso,
  formaterDateFr,
  jourDeLaSemaine,
  joursDansMois,
  numeroJour,
} from './dates.js';

const jourArbitraire = fc.integer({ min: numeroJour('1900-01-01'), max: numeroJour('2200-12-31') });

describe('dates ISO', () => {
  it.each([
    '2025-02-30',
    '2025-13-01',
    '2025-00-10',
    '2023-02-29',
    '1900-02-29',
    '2025-1-01',
    '25-01-01',
    '2025-01-01T00:00:00Z',
    '',
  ])('rejette %j', (texte) => expect(estDateIso(texte)).toBe(false));

  it.each(['2024-02-29', '2000-02-29', '2025-12-31', '2025-04-30'])('accepte %s', (texte) =>
    expect(estDateIso(texte)).toBe(true),
  );

  it('rejette ce qui n’est pas un texte', () => {
    expect(estDateIso(20250101)).toBe(false);
    expect(estDateIso(null)).toBe(false);
  });

  test.prop([jourArbitraire])('numéro de jour ↔ date ISO, identique à Date.UTC', (numero) => {
    const date = dateIso(numero);
    expect(estDateIso(date)).toBe(true);
    expect(numeroJour(date)).toBe(numero);
    expect(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)))).toBe(
      numero * 86_400_000,
    );
  });

  test.prop([jourArbitraire])('jour de la semaine identique à Date.getUTCDay', (numero) => {
    expect(jourDeLaSemaine(numero) % 7).toBe(new Date(numero * 86_400_000).getUTCDay());
  });

  it('formate à la française et compare', () => {
    expect(formaterDateFr('2025-09-02')).toBe('02/09/2025');
    expect(comparerDates('2025-01-31', '2025-02-01')).toBeLessThan(0);
    expect(comparerDates('2025-02-01', '2025-02-01')).toBe(0);
    expect(ecartEnJours('2025-02-27', '2025-03-01')).toBe(2);
  });
});

describe('CPC art. 641 — délais en mois et en semaines', () => {
  it.each([
    ['2025-01-31', 1, '2025-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2025-03-31', 1, '2025-04-30'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-12-31', 2, '2025-02-28'],
    ['2025-08-31', 6, '2026-02-28'],
    ['2025-09-02', 2, '2025-11-02'],
    ['2025-11-15', 3, '2026-02-15'],
    ['2025-05-31', -1, '2025-04-30'],
  ])('%s + %i mois = %s', (date, mois, attendu) => expect(ajouterMois(date, mois)).toBe(attendu));

  it('semaines et jours', () => {
    expect(ajouterSemaines('2025-09-02', 6)).toBe('2025-10-14');
    expect(ajouterSemaines('2025-05-20', -6)).toBe('2025-04-08');
    expect(ajouterJours('2024-12-31', 1)).toBe('2025-01-01');
  });

  test.prop([jourArbitraire, fc.integer({ min: -60, max: 60 })])(
    'même quantième N mois plus tard, ou dernier jour du mois s’il est plus court',
    (numero, mois) => {
      const depart = dateCivile(numero);
      const arrivee = dateCivile(numeroJour(ajouterMois(dateIso(numero), mois)));
      expect(arrivee.annee * 12 + arrivee.mois - (depart.annee * 12 + depart.mois)).toBe(mois);
      expect(arrivee.jour).toBe(Math.min(depart.jour, joursDansMois(arrivee.annee, arrivee.mois)));
    },
  );

  test.prop([jourArbitraire, fc.integer({ min: 0, max: 48 })])(
    'ajouter des mois ne recule jamais',
    (numero, mois) => {
      const depart = dateIso(numero);
      expect(comparerDates(ajouterMois(depart, mois), depart)).toBeGreaterThanOrEqual(0);
    },
  );

  test.prop([jourArbitraire, fc.integer({ min: -100, max: 100 })])(
    '± N semaines = ± 7·N jours',
    (numero, semaines) => {
      expect(ecartEnJours(dateIso(numero), ajouterSemaines(dateIso(numero), semaines))).toBe(7 * semaines);
    },
  );
});
