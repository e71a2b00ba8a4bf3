import { createRequire } from 'node:module';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { dateIso, jourDeLaSemaine, numeroJour } from './dates.js';
import {
  datePaques,
  estJourOuvre,
  estNumeroJourOuvre,
  listerJoursFeries,
  reculerJoursOuvres,
} from './jours-feries.js';

/** Cross-check only: the package ships no types, and the engine computes holidays itself. */
const joursFeriesSocialGouv = createRequire(import.meta.url)('@socialgouv/jours-feries') as (
  annee: number,
  options: { alsace: boolean },
) => Record<string, Date>;

function isoLocal(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

describe('jours fériés (code du travail, art. L3133-1 et L3134-13)', () => {
  it.each([
    [2000, '2000-04-23'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2038, '2038-04-25'],
  ])('Pâques %i : %s', (annee, attendu) => expect(datePaques(annee)).toBe(attendu));

  it('11 jours fériés en métropole, 13 en Alsace-Moselle, 12 dans chaque DROM', () => {
    expect(listerJoursFeries(2025, '75')).toHaveLength(11);
    expect(listerJoursFeries(2025, '67')).toHaveLength(13);
    for (const departement of ['971', '972', '973', '974', '976']) {
      expect(listerJoursFeries(2025, departement)).toHaveLength(12);
    }
  });

  it('identiques au paquet @socialgouv/jours-feries de 1990 à 2100', () => {
    for (let annee = 1990; annee <= 2100; annee++) {
      for (const [departement, alsace] of [
        ['75', false],
        ['57', true],
      ] as const) {
        // Ascension may fall on 8 May (1997, 2008): one day off, two names.
        const attendus = [
          ...new Set(Object.values(joursFeriesSocialGouv(annee, { alsace })).map(isoLocal)),
        ].sort();
        expect(listerJoursFeries(annee, departement).map((ferie) => ferie.date)).toEqual(attendus);
      }
    }
  });

  it("abolition de l'esclavage outre-mer (loi n° 83-550)", () => {
    expect(estJourOuvre('2025-05-27', '971')).toBe(false);
    expect(estJourOuvre('2025-05-22', '972')).toBe(false);
    expect(estJourOuvre('2025-06-10', '973')).toBe(false);
    expect(estJourOuvre('2025-12-19', '974')).toBe(true);
    expect(estJourOuvre('2024-12-20', '974')).toBe(false);
    expect(estJourOuvre('2025-04-28', '976')).toBe(true);
    expect(estJourOuvre('2024-04-26', '976')).toBe(true);
    expect(estJourOuvre('2026-04-27', '976')).toBe(false);
    expect(estJourOuvre('2025-05-27', '75')).toBe(true);
  });

  it('Vendredi saint et 26 décembre en 57, 67 et 68 seulement', () => {
    for (const departement of ['57', '67', '68']) {
      expect(estJourOuvre('2025-04-18', departement)).toBe(false);
      expect(estJourOuvre('2025-12-26', departement)).toBe(false);
    }
    expect(estJourOuvre('2025-04-18', '75')).toBe(true);
    expect(estJourOuvre('2025-12-26', '54')).toBe(true);
  });
});

describe('jours ouvrés : « − 5 jours ouvrés » compte à rebours depuis l’audience', () => {
  it.each([
    ['2025-05-20', '75', '2025-05-13', 'semaine ordinaire'],
    ['2025-05-13', '75', '2025-05-05', 'le jeudi 8 mai est férié'],
    ['2025-04-23', '75', '2025-04-15', 'lundi de Pâques'],
    ['2025-04-23', '67', '2025-04-14', 'lundi de Pâques et Vendredi saint'],
    ['2025-01-03', '75', '2024-12-26', '1er janvier et Noël'],
    ['2025-01-03', '57', '2024-12-24', 'et la Saint-Étienne'],
    ['2024-12-27', '974', '2024-12-18', 'et le 20 décembre à La Réunion'],
    ['2025-06-02', '75', '2025-05-23', 'audience un lundi, Ascension le jeudi 29 mai'],
    ['2025-06-08', '75', '2025-06-02', 'audience un dimanche'],
  ])('audience du %s (%s) : au plus tard le %s — %s', (audience, departement, attendu) => {
    expect(reculerJoursOuvres(audience, 5, departement)).toBe(attendu);
  });

  test.prop([
    fc.integer({ min: numeroJour('2000-01-01'), max: numeroJour('2099-12-31') }),
    fc.integer({ min: 1, max: 30 }),
    fc.constantFrom('75', '2A', '57', '67', '68', '971', '972', '973', '974', '976'),
  ])(
    'tombe sur un jour ouvré, avec exactement N jours ouvrés avant l’audience',
    (audience, n, departement) => {
      const resultat = numeroJour(reculerJoursOuvres(dateIso(audience), n, departement));
      expect(estNumeroJourOuvre(resultat, departement)).toBe(true);
      expect(jourDeLaSemaine(resultat)).toBeLessThanOrEqual(5);
      let ouvres = 0;
      for (let jour = resultat; jour < audience; jour++) if (estNumeroJourOuvre(jour, departement)) ouvres++;
      expect(ouvres).toBe(n);
    },
  );
});
