import { describe, expect, it } from 'vitest';
import type { Scope } from '../acces/scope.js';
import { ajouterJours, ajouterMois } from '../calendrier/dates.js';
import { type Agregats, calculerIndicateurs, evolution } from './calcul.js';
import { CODES_INDICATEURS, estDisponible, INDICATEURS, indicateur } from './catalogue.js';
import {
  bornerAAujourdhui,
  decouperPeriode,
  moisDeLaPeriode,
  periodeParDefaut,
  periodePrecedente,
} from './periode.js';
import { appliquerSecret } from './secret-statistique.js';
import { lireTerritoire, peutConsulterTerritoire } from './territoire.js';

describe('catalogue des indicateurs', () => {
  it('contient les codes du contrat de l’API de pilotage', () => {
    for (const code of [
      'commandements_de_payer',
      'saisines_ccapex',
      'assignations',
      'decisions_expulsion',
      'commandements_quitter_lieux',
      'demandes_cfp',
      'cfp_accordes',
      'cfp_refuses',
      'expulsions_realisees',
      'indemnisations_montant_verse',
      'delai_median_assignation_decision_jours',
    ]) {
      expect(CODES_INDICATEURS).toContain(code);
      expect(estDisponible(indicateur(code as (typeof CODES_INDICATEURS)[number]))).toBe(true);
    }
  });

  it('chaque code est unique et chaque indicateur est documenté', () => {
    expect(new Set(INDICATEURS.map((i) => i.code)).size).toBe(INDICATEURS.length);
    expect(INDICATEURS.map((i) => i.code).sort()).toEqual([...CODES_INDICATEURS].sort());
    for (const i of INDICATEURS) {
      expect(i.libelle.length, i.code).toBeGreaterThan(5);
      expect(i.definition.length, i.code).toBeGreaterThan(20);
      expect(i.comptage.length, i.code).toBeGreaterThan(20);
      expect(i.source.length, i.code).toBeGreaterThan(5);
    }
  });

  it('les taux ne combinent que des dénombrements', () => {
    for (const i of INDICATEURS) {
      const c = i.calcul;
      const composantes =
        c.mesure === 'taux'
          ? [...c.numerateur, ...c.denominateur]
          : c.mesure === 'pour_10000_habitants'
            ? [c.numerateur]
            : [];
      for (const k of composantes) expect(indicateur(k).calcul.mesure, `${i.code} → ${k}`).toBe('nombre');
    }
  });

  it('les indicateurs des CCAPEX sont déclarés indisponibles, sans valeur', () => {
    const valeurs = calculerIndicateurs({ lignes: [], medianes: [], population: null });
    expect(valeurs.map((v) => v.code)).not.toContain('ccapex_seances');
    expect(estDisponible(indicateur('ccapex_avis'))).toBe(false);
  });
});

describe('calcul des indicateurs à partir des agrégats', () => {
  const agregats: Agregats = {
    lignes: [
      {
        nature: 'decision_justice',
        modalite: 'resiliation_expulsion',
        prioritaireDalo: false,
        nombre: 7,
        somme: 0,
      },
      {
        nature: 'decision_justice',
        modalite: 'resiliation_expulsion',
        prioritaireDalo: true,
        nombre: 2,
        somme: 0,
      },
      { nature: 'decision_justice', modalite: 'rejet', prioritaireDalo: false, nombre: 1, somme: 0 },
      { nature: 'decision_cfp', modalite: 'octroi', prioritaireDalo: false, nombre: 6, somme: 0 },
      { nature: 'decision_cfp', modalite: 'octroi', prioritaireDalo: true, nombre: 1, somme: 0 },
      { nature: 'decision_cfp', modalite: 'refus', prioritaireDalo: false, nombre: 2, somme: 0 },
      { nature: 'refus_implicite_cfp', modalite: null, prioritaireDalo: false, nombre: 1, somme: 0 },
      {
        nature: 'transaction_indemnisation',
        modalite: null,
        prioritaireDalo: false,
        nombre: 2,
        somme: 1234567,
      },
      { nature: 'assignation', modalite: null, prioritaireDalo: false, nombre: 30, somme: 0 },
    ],
    medianes: [{ nature: 'delai_assignation_decision', mediane: 87.25, effectif: 4 }],
    population: 120_000,
  };
  const v = new Map(calculerIndicateurs(agregats).map((x) => [x.code, x]));

  it('compte, somme et compose les taux (valeurs calculées à la main)', () => {
    expect(v.get('decisions_justice')?.valeur).toBe(10);
    expect(v.get('decisions_expulsion')?.valeur).toBe(9);
    expect(v.get('decisions_rejet')?.valeur).toBe(1);
    expect(v.get('cfp_accordes')?.valeur).toBe(7);
    expect(v.get('cfp_accordes_prioritaires_dalo')?.valeur).toBe(1);
    // (2 refus + 1 implicite) / (7 + 2 + 1) = 30 %
    expect(v.get('taux_refus_cfp')?.valeur).toBe(30);
    expect(v.get('taux_refus_cfp')?.effectifs).toEqual([2, 1, 7]);
    expect(v.get('indemnisations_montant_verse')?.valeur).toBe(12345.67);
    expect(v.get('delai_median_assignation_decision_jours')?.valeur).toBe(87.3);
    // 10 000 × 30 / 120 000 = 2,5
    expect(v.get('assignations_pour_10000_habitants')?.valeur).toBe(2.5);
  });

  it('un taux sans dénominateur et une médiane sans délai n’ont pas de valeur', () => {
    expect(v.get('taux_dsf_avant_audience')?.valeur).toBeNull();
    expect(v.get('delai_median_decision_cql_jours')?.valeur).toBeNull();
  });

  it('évolution : % pour les nombres, points pour les taux', () => {
    expect(evolution(indicateur('assignations'), 30, 24)).toBe(25);
    expect(evolution(indicateur('assignations'), 30, 0)).toBeNull();
    expect(evolution(indicateur('taux_refus_cfp'), 30, 38.6)).toBe(-8.6);
  });
});

describe('périodes', () => {
  it('découpe une période en mois entiers et jours restants', () => {
    expect(decouperPeriode({ du: '2025-01-15', au: '2025-04-10' })).toEqual({
      moisPleins: { premier: '2025-02-01', dernier: '2025-03-01' },
      jours: [
        { du: '2025-01-15', au: '2025-01-31' },
        { du: '2025-04-01', au: '2025-04-10' },
      ],
    });
    expect(decouperPeriode({ du: '2024-02-01', au: '2024-02-29' })).toEqual({
      moisPleins: { premier: '2024-02-01', dernier: '2024-02-01' },
      jours: [],
    });
    expect(decouperPeriode({ du: '2025-03-05', au: '2025-03-20' })).toEqual({
      moisPleins: null,
      jours: [{ du: '2025-03-05', au: '2025-03-20' }],
    });
    expect(decouperPeriode({ du: '2025-03-20', au: '2025-03-05' })).toEqual({ moisPleins: null, jours: [] });
  });

  it('la période de comparaison est la même un an plus tôt, fin de février comprise', () => {
    expect(periodePrecedente({ du: '2024-03-01', au: '2025-02-28' })).toEqual({
      du: '2023-03-01',
      au: '2024-02-29',
    });
    expect(periodePrecedente({ du: '2024-02-29', au: '2024-03-10' })).toEqual({
      du: '2023-02-28',
      au: '2023-03-10',
    });
  });

  it('période par défaut : les douze derniers mois complets ; bornée à aujourd’hui', () => {
    expect(periodeParDefaut('2026-11-27')).toEqual({ du: '2025-11-01', au: '2026-10-31' });
    expect(bornerAAujourdhui({ du: '2026-01-01', au: '2026-12-31' }, '2026-11-27').au).toBe('2026-11-27');
    expect(moisDeLaPeriode({ du: '2025-11-15', au: '2026-02-01' })).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
  });

  it('découper puis recoller redonne chaque jour de la période une seule fois', () => {
    const jours = (du: string, au: string) => {
      const liste: string[] = [];
      for (let j = du; j <= au; j = ajouterJours(j, 1)) liste.push(j);
      return liste;
    };
    for (const [du, au] of [
      ['2023-12-31', '2025-03-01'],
      ['2024-01-01', '2024-12-31'],
      ['2024-02-10', '2024-02-11'],
      ['2024-01-31', '2024-03-01'],
    ] as const) {
      const d = decouperPeriode({ du, au });
      const recolles = [
        ...(d.moisPleins
          ? jours(d.moisPleins.premier, ajouterJours(ajouterMois(d.moisPleins.dernier, 1), -1))
          : []),
        ...d.jours.flatMap((p) => jours(p.du, p.au)),
      ];
      expect(recolles.sort()).toEqual(jours(du, au));
    }
  });
});

describe('territoires et périmètres', () => {
  const national: Scope = { type: 'agrege' };
  const prefecture93: Scope = { type: 'departements', departements: ['93'] };
  const raincy: Scope = { type: 'arrondissements', arrondissements: ['932'] };

  it('lit les codes du contrat et des autres niveaux', () => {
    expect(lireTerritoire('FR')).toEqual({ niveau: 'france', code: null });
    expect(lireTerritoire('2A')).toEqual({ niveau: 'departement', code: '2A' });
    expect(lireTerritoire('971')).toEqual({ niveau: 'departement', code: '971' });
    expect(lireTerritoire('region:11')).toEqual({ niveau: 'region', code: '11' });
    expect(lireTerritoire('arrondissement:932')).toEqual({ niveau: 'arrondissement', code: '932' });
    expect(lireTerritoire('commune:93005')).toEqual({ niveau: 'commune', code: '93005' });
    expect(lireTerritoire('99')).toBeNull();
    expect(lireTerritoire('commune:9300')).toBeNull();
    expect(lireTerritoire("75'; drop")).toBeNull();
  });

  it('le pilotage national voit tout sauf les communes ; une préfecture son département', () => {
    const dep93 = { departement: '93', arrondissement: null };
    expect(peutConsulterTerritoire(national, { niveau: 'france', code: null }, dep93)).toBe(true);
    expect(peutConsulterTerritoire(national, { niveau: 'commune', code: '93005' }, dep93)).toBe(false);
    expect(peutConsulterTerritoire(prefecture93, { niveau: 'departement', code: '93' }, dep93)).toBe(true);
    expect(
      peutConsulterTerritoire(
        prefecture93,
        { niveau: 'commune', code: '93005' },
        { departement: '93', arrondissement: '932' },
      ),
    ).toBe(true);
    expect(peutConsulterTerritoire(prefecture93, { niveau: 'france', code: null }, dep93)).toBe(false);
    expect(
      peutConsulterTerritoire(
        prefecture93,
        { niveau: 'departement', code: '75' },
        { departement: '75', arrondissement: null },
      ),
    ).toBe(false);
  });

  it('une sous-préfecture voit son arrondissement et ses communes, pas le département', () => {
    const r = { departement: '93', arrondissement: '932' };
    expect(peutConsulterTerritoire(raincy, { niveau: 'arrondissement', code: '932' }, r)).toBe(true);
    expect(peutConsulterTerritoire(raincy, { niveau: 'commune', code: '93015' }, r)).toBe(true);
    expect(peutConsulterTerritoire(raincy, { niveau: 'departement', code: '93' }, r)).toBe(false);
    expect(
      peutConsulterTerritoire(
        raincy,
        { niveau: 'arrondissement', code: '931' },
        { departement: '93', arrondissement: '931' },
      ),
    ).toBe(false);
  });
});

describe('secret statistique', () => {
  const valeurs = (lignes: Agregats['lignes']) =>
    calculerIndicateurs({ lignes, medianes: [], population: null });
  const l = (
    nature: string,
    modalite: string | null,
    nombre: number,
    somme = 0,
    prioritaireDalo = false,
  ) => ({
    nature,
    modalite,
    prioritaireDalo,
    nombre,
    somme,
  });

  it('masque tout effectif inférieur à 11, y compris zéro, et les montants versés à moins de 11 bailleurs', () => {
    const p = new Map(
      appliquerSecret(
        valeurs([
          l('assignation', null, 10),
          l('commandement_de_payer', null, 11),
          l('transaction_indemnisation', null, 3, 900000),
        ]),
      ).map((x) => [x.code, x]),
    );
    expect(p.get('assignations')).toEqual({ code: 'assignations', valeur: null, masque: true });
    expect(p.get('commandements_de_payer')?.valeur).toBe(11);
    expect(p.get('expulsions_realisees')?.masque).toBe(true);
    expect(p.get('indemnisations_montant_verse')?.masque).toBe(true);
  });

  it('masque une seconde cellule quand une seule partie d’une somme publiée est masquée', () => {
    const p = new Map(
      appliquerSecret(
        valeurs([
          l('decision_justice', 'resiliation_expulsion', 40),
          l('decision_justice', 'delais_paiement', 15),
          l('decision_justice', 'rejet', 4),
        ]),
      ).map((x) => [x.code, x]),
    );
    expect(p.get('decisions_rejet')?.masque).toBe(true);
    // 59 − 40 − 15 would give the 4 rejections back: the smallest other part is masked too.
    expect(p.get('decisions_delais_paiement')?.masque).toBe(true);
    expect(p.get('decisions_expulsion')?.valeur).toBe(40);
    expect(p.get('decisions_justice')?.valeur).toBe(59);
  });

  it('protège le complément non publié (audiences sans DSF) et les taux qui le révéleraient', () => {
    const p = new Map(
      appliquerSecret(valeurs([l('audience', 'avec_dsf', 45), l('audience', 'sans_dsf', 5)])).map((x) => [
        x.code,
        x,
      ]),
    );
    expect(p.get('audiences')?.valeur).toBe(50);
    expect(p.get('audiences_avec_dsf')?.masque).toBe(true);
    expect(p.get('taux_dsf_avant_audience')?.masque).toBe(true);
  });
});
