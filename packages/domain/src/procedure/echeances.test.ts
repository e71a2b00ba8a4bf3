/**
 * One scenario per rule, named after the article it checks, with dates worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import type { CodeEcheance } from './echeances.js';
import { evaluerProcedure, type ResultatEvaluation } from './evaluer.js';
import {
  fabriquerScenario,
  jusquAuCommandementDeQuitter,
  type ScenarioPartiel,
} from './fabrique-scenario.js';
import type { Evenement } from './scenario.js';

function evaluer(partiel: ScenarioPartiel): ResultatEvaluation {
  return evaluerProcedure(fabriquerScenario(partiel));
}

function echeance(resultat: ResultatEvaluation, code: CodeEcheance) {
  return resultat.echeances.find((e) => e.code === code);
}

function dateEcheance(partiel: ScenarioPartiel, code: CodeEcheance): string | undefined {
  return echeance(evaluer(partiel), code)?.date;
}

const commandement = (date: string): Evenement => ({
  type: 'commandement_de_payer',
  date,
  montantDette: 1500,
});

describe('loi n° 89-462, art. 24 I — délai du commandement de payer', () => {
  it("exemple du contrat : bail du 15/02/2024, commandement du 02/09/2025 → 6 semaines, jusqu'au 14/10/2025", () => {
    const resultat = evaluer({ asOf: '2025-09-20', evenements: [commandement('2025-09-02')] });
    expect(echeance(resultat, 'fin_delai_commandement_payer')).toEqual({
      code: 'fin_delai_commandement_payer',
      date: '2025-10-14',
      fondement: 'loi n° 89-462, art. 24 I',
      explication:
        "Commandement de payer du 02/09/2025 ; bail signé le 15/02/2024, après le 29/07/2023 : délai de 6 semaines, jusqu'au 14/10/2025 inclus.",
    });
  });

  it('bail signé avant le 29/07/2023 et non renouvelé : 2 mois contractuels (Cass. avis 13 juin 2024), fin de mois', () => {
    const resultat = evaluer({
      bail: { dateSignature: '2020-01-10' },
      evenements: [commandement('2024-12-31')],
    });
    const fin = echeance(resultat, 'fin_delai_commandement_payer');
    expect(fin?.date).toBe('2025-02-28');
    expect(fin?.fondement).toBe('loi n° 89-462, art. 24 I ; Cass. 3e civ., avis, 13 juin 2024');
    expect(fin?.explication).toContain('avant le 29/07/2023 : délai contractuel de 2 mois');
  });

  it('bail signé la veille de la loi (28/07/2023) : 2 mois', () => {
    expect(
      dateEcheance(
        { bail: { dateSignature: '2023-07-28' }, evenements: [commandement('2025-03-03')] },
        'fin_delai_commandement_payer',
      ),
    ).toBe('2025-05-03');
  });

  it('bail signé le jour de l’entrée en vigueur (29/07/2023) : 6 semaines', () => {
    const fin = echeance(
      evaluer({ bail: { dateSignature: '2023-07-29' }, evenements: [commandement('2025-03-03')] }),
      'fin_delai_commandement_payer',
    );
    expect(fin?.date).toBe('2025-04-14');
    expect(fin?.explication).toContain('à compter du 29/07/2023');
  });

  it('bail ancien renouvelé le 29/07/2023 : 6 semaines', () => {
    expect(
      dateEcheance(
        {
          bail: { dateSignature: '2020-01-10', dateDernierRenouvellement: '2023-07-29' },
          evenements: [commandement('2024-05-06')],
        },
        'fin_delai_commandement_payer',
      ),
    ).toBe('2024-06-17');
  });

  it('renouvellement postérieur au commandement : sans effet, 2 mois', () => {
    const fin = echeance(
      evaluer({
        bail: { dateSignature: '2020-01-10', dateDernierRenouvellement: '2026-01-10' },
        evenements: [commandement('2025-11-03')],
      }),
      'fin_delai_commandement_payer',
    );
    expect(fin?.date).toBe('2026-01-03');
    expect(fin?.explication).toContain('postérieur au commandement');
  });

  it('un second commandement fait courir un nouveau délai', () => {
    expect(
      dateEcheance(
        { evenements: [commandement('2025-04-07'), commandement('2025-01-06')] },
        'fin_delai_commandement_payer',
      ),
    ).toBe('2025-05-19');
  });

  it("la date n'est pas reportée au jour ouvré suivant, l'explication le signale", () => {
    // 2025-06-28 + 6 weeks = Saturday 2025-08-09
    const fin = echeance(
      evaluer({ evenements: [commandement('2025-06-28')] }),
      'fin_delai_commandement_payer',
    );
    expect(fin?.date).toBe('2025-08-09');
    expect(fin?.explication).toContain("Le 09/08/2025 est un samedi : la date n'est pas reportée");
  });
});

describe('loi n° 89-462, art. 24 II — saisine de la CCAPEX par un bailleur personne morale', () => {
  const morale = { bailleur: { type: 'personne_morale' as const, logementSocial: true } };

  it('assignation possible 2 mois après la saisine', () => {
    const fin = echeance(
      evaluer({
        bail: morale,
        evenements: [{ type: 'saisine_ccapex', date: '2025-01-10', origine: 'bailleur' }],
      }),
      'assignation_possible_a_partir_du',
    );
    expect(fin?.date).toBe('2025-03-10');
    expect(fin?.fondement).toBe('loi n° 89-462, art. 24 II');
  });

  it('le signalement à la CAF vaut saisine ; la plus ancienne compte (31/12 + 2 mois = 28/02)', () => {
    const fin = echeance(
      evaluer({
        bail: morale,
        evenements: [
          { type: 'saisine_ccapex', date: '2025-01-15', origine: 'bailleur' },
          { type: 'signalement_impaye_caf', date: '2024-12-31' },
          { type: 'saisine_ccapex', date: '2024-12-31', origine: 'bailleur' },
        ],
      }),
      'assignation_possible_a_partir_du',
    );
    expect(fin?.date).toBe('2025-02-28');
    expect(fin?.explication).toContain('Signalement de l');
  });

  it('pas de délai pour une SCI familiale ni pour une personne physique', () => {
    const evenements: Evenement[] = [{ type: 'saisine_ccapex', date: '2025-01-10', origine: 'bailleur' }];
    for (const type of ['sci_familiale', 'personne_physique'] as const) {
      expect(
        dateEcheance({ bail: { bailleur: { type } }, evenements }, 'assignation_possible_a_partir_du'),
      ).toBeUndefined();
    }
  });
});

describe('loi n° 89-462, art. 24 III — notification de l’assignation au préfet', () => {
  it('au plus tard 6 semaines avant la première audience, même après un renvoi', () => {
    const resultat = evaluer({
      evenements: [
        { type: 'assignation', date: '2025-03-03', dateAudience: '2025-05-20' },
        { type: 'renvoi_audience', date: '2025-05-20', dateAudience: '2025-07-01' },
      ],
    });
    const fin = echeance(resultat, 'notification_prefet_au_plus_tard');
    expect(fin?.date).toBe('2025-04-08');
    expect(fin?.explication).toContain('ne couvre pas une notification tardive');
  });

  it('une nouvelle assignation fixe une nouvelle première audience', () => {
    expect(
      dateEcheance(
        {
          evenements: [
            { type: 'assignation', date: '2025-03-03', dateAudience: '2025-05-20' },
            { type: 'renvoi_audience', date: '2025-05-20', dateAudience: '2025-07-01' },
            { type: 'assignation', date: '2025-09-01', dateAudience: '2025-11-18' },
          ],
        },
        'notification_prefet_au_plus_tard',
      ),
    ).toBe('2025-10-07');
  });
});

describe('décret n° 2021-8 — transmission du diagnostic social et financier 5 jours ouvrés avant l’audience', () => {
  const assignation = (dateAudience: string): Evenement => ({
    type: 'assignation',
    date: '2025-01-02',
    dateAudience,
  });

  it('audience du mardi 20/05/2025 : au plus tard le mardi 13/05/2025', () => {
    expect(dateEcheance({ evenements: [assignation('2025-05-20')] }, 'transmission_dsf_au_plus_tard')).toBe(
      '2025-05-13',
    );
  });

  it('jours fériés sautés : audience du 13/05/2025, le 8 mai ne compte pas → 05/05/2025', () => {
    expect(dateEcheance({ evenements: [assignation('2025-05-13')] }, 'transmission_dsf_au_plus_tard')).toBe(
      '2025-05-05',
    );
  });

  it('Vendredi saint en Alsace-Moselle : audience du 23/04/2025 → 15/04 à Paris, 14/04 à Strasbourg', () => {
    expect(dateEcheance({ evenements: [assignation('2025-04-23')] }, 'transmission_dsf_au_plus_tard')).toBe(
      '2025-04-15',
    );
    expect(
      dateEcheance(
        { departement: '67', evenements: [assignation('2025-04-23')] },
        'transmission_dsf_au_plus_tard',
      ),
    ).toBe('2025-04-14');
  });

  it('compté depuis la dernière audience après renvoi (17/06/2025 → 10/06/2025)', () => {
    const resultat = evaluer({
      evenements: [
        assignation('2025-05-20'),
        { type: 'renvoi_audience', date: '2025-05-20', dateAudience: '2025-06-17' },
      ],
    });
    const fin = echeance(resultat, 'transmission_dsf_au_plus_tard');
    expect(fin?.date).toBe('2025-06-10');
    expect(fin?.explication).toContain('Audience renvoyée du 20/05/2025 au 17/06/2025');
  });
});

describe('loi n° 89-462, art. 24 V et code civil, art. 1343-5 — délais de paiement', () => {
  it('décision du 31/03/2025, 11 mois : fin le 28/02/2026', () => {
    expect(
      dateEcheance(
        {
          evenements: [
            { type: 'decision_justice', date: '2025-03-31', sens: 'delais_paiement', delaisPaiementMois: 11 },
          ],
        },
        'fin_delais_paiement',
      ),
    ).toBe('2026-02-28');
  });

  it("absent pour une décision de résiliation, même après d'anciens délais", () => {
    expect(
      dateEcheance(
        {
          evenements: [
            { type: 'decision_justice', date: '2024-03-01', sens: 'delais_paiement', delaisPaiementMois: 6 },
            { type: 'decision_justice', date: '2025-03-01', sens: 'resiliation_expulsion' },
          ],
        },
        'fin_delais_paiement',
      ),
    ).toBeUndefined();
  });
});

describe('CPCE, art. L412-1 et L412-5 — délai pour quitter les lieux', () => {
  const decision = (champs: Partial<Extract<Evenement, { type: 'decision_justice' }>> = {}): Evenement => ({
    type: 'decision_justice',
    date: '2025-05-06',
    sens: 'resiliation_expulsion',
    ...champs,
  });

  it('délai légal de 2 mois à compter de la transmission au préfet', () => {
    const resultat = evaluer({
      evenements: [
        decision(),
        { type: 'commandement_quitter_lieux', date: '2025-06-02' },
        { type: 'information_prefet_cql', date: '2025-06-05' },
      ],
    });
    expect(echeance(resultat, 'fin_delai_quitter_lieux')).toMatchObject({
      date: '2025-08-05',
      fondement: 'CPCE, art. L412-1 et L412-5',
    });
    expect(echeance(resultat, 'expulsion_possible_a_partir_du')?.date).toBe('2025-08-06');
  });

  it('transmission tardive : le délai court de la transmission', () => {
    const resultat = evaluer({
      evenements: [
        decision(),
        { type: 'commandement_quitter_lieux', date: '2025-06-02' },
        { type: 'information_prefet_cql', date: '2025-07-15' },
      ],
    });
    expect(echeance(resultat, 'fin_delai_quitter_lieux')?.date).toBe('2025-09-15');
    expect(echeance(resultat, 'expulsion_possible_a_partir_du')?.date).toBe('2025-09-16');
  });

  it('sans transmission au préfet, le délai ne court pas : ni fin ni date d’expulsion', () => {
    const resultat = evaluer({
      evenements: [decision(), { type: 'commandement_quitter_lieux', date: '2025-06-02' }],
    });
    expect(echeance(resultat, 'fin_delai_quitter_lieux')).toBeUndefined();
    expect(echeance(resultat, 'expulsion_possible_a_partir_du')).toBeUndefined();
  });

  it('délai réduit par le juge à 15 jours', () => {
    const resultat = evaluer({
      evenements: [
        decision({ delaiQuitterLieux: 'reduit', delaiQuitterLieuxJours: 15 }),
        { type: 'commandement_quitter_lieux', date: '2025-06-02' },
        { type: 'information_prefet_cql', date: '2025-06-02' },
      ],
    });
    expect(echeance(resultat, 'fin_delai_quitter_lieux')?.date).toBe('2025-06-17');
    expect(echeance(resultat, 'fin_delai_quitter_lieux')?.explication).toContain(
      'délai réduit par le juge à 15 jours',
    );
    expect(echeance(resultat, 'expulsion_possible_a_partir_du')?.date).toBe('2025-06-18');
  });

  it('délai supprimé : expulsion possible dès le commandement, sans fin de délai', () => {
    const resultat = evaluer({
      evenements: [
        decision({ delaiQuitterLieux: 'supprime' }),
        { type: 'commandement_quitter_lieux', date: '2025-06-02' },
        { type: 'information_prefet_cql', date: '2025-06-03' },
      ],
    });
    expect(echeance(resultat, 'fin_delai_quitter_lieux')).toBeUndefined();
    expect(echeance(resultat, 'expulsion_possible_a_partir_du')?.date).toBe('2025-06-02');
  });

  it('voie de fait : ni délai ni trêve (commandement du 01/12/2025)', () => {
    const resultat = evaluer({
      evenements: [
        decision({ voieDeFait: true }),
        { type: 'commandement_quitter_lieux', date: '2025-12-01' },
        { type: 'information_prefet_cql', date: '2025-12-02' },
      ],
    });
    expect(echeance(resultat, 'fin_delai_quitter_lieux')).toBeUndefined();
    expect(echeance(resultat, 'expulsion_possible_a_partir_du')?.date).toBe('2025-12-01');
  });
});

describe('CPCE, art. L412-6 — trêve hivernale', () => {
  const cqlDu15Septembre: Evenement[] = [
    { type: 'decision_justice', date: '2025-07-01', sens: 'resiliation_expulsion' },
    { type: 'commandement_quitter_lieux', date: '2025-09-15' },
    { type: 'information_prefet_cql', date: '2025-09-15' },
  ];

  it('métropole : le 16/11/2025 tombe pendant la trêve → 01/04/2026', () => {
    const expulsion = echeance(evaluer({ evenements: cqlDu15Septembre }), 'expulsion_possible_a_partir_du');
    expect(expulsion?.date).toBe('2026-04-01');
    expect(expulsion?.explication).toContain('la trêve hivernale (du 01/11/2025 au 31/03/2026)');
  });

  it('relogement assuré : la trêve ne suspend pas l’expulsion', () => {
    expect(
      dateEcheance(
        { menage: { prioritaireDalo: false, relogementAssure: true }, evenements: cqlDu15Septembre },
        'expulsion_possible_a_partir_du',
      ),
    ).toBe('2025-11-16');
  });

  it('outre-mer sans arrêté : aucune trêve appliquée', () => {
    expect(
      dateEcheance({ departement: '974', evenements: cqlDu15Septembre }, 'expulsion_possible_a_partir_du'),
    ).toBe('2025-11-16');
  });

  it('outre-mer avec la période fixée par le préfet', () => {
    const evenements: Evenement[] = [
      { type: 'decision_justice', date: '2025-07-01', sens: 'resiliation_expulsion' },
      { type: 'commandement_quitter_lieux', date: '2025-11-10' },
      { type: 'information_prefet_cql', date: '2025-11-10' },
    ];
    expect(
      dateEcheance(
        {
          departement: '974',
          departementConfig: { periodesTreve: [{ du: '2026-01-01', au: '2026-04-15' }] },
          evenements,
        },
        'expulsion_possible_a_partir_du',
      ),
    ).toBe('2026-04-16');
  });

  it('prolongation configurée en métropole : remplace la trêve par défaut', () => {
    expect(
      dateEcheance(
        {
          departementConfig: { periodesTreve: [{ du: '2025-11-01', au: '2026-05-31' }] },
          evenements: cqlDu15Septembre,
        },
        'expulsion_possible_a_partir_du',
      ),
    ).toBe('2026-06-01');
  });
});

describe('CPCE, art. L412-3 et L412-4 — délais du juge de l’exécution ; code de la consommation, art. L722-6 — surendettement', () => {
  it('délais du JEX jusqu’au 31/10/2025, puis trêve : 01/04/2026', () => {
    const expulsion = echeance(
      evaluer({
        evenements: [
          ...jusquAuCommandementDeQuitter(),
          { type: 'delais_jex', date: '2025-05-15', dateFin: '2025-10-31' },
        ],
      }),
      'expulsion_possible_a_partir_du',
    );
    expect(expulsion?.date).toBe('2026-04-01');
    expect(expulsion?.fondement).toBe('CPCE, art. L412-1 et L412-6 ; CPCE, art. L412-3 et L412-4');
    expect(expulsion?.explication).toContain(
      "les délais accordés par le juge de l'exécution (du 15/05/2025 au 31/10/2025), puis pendant la trêve hivernale",
    );
  });

  it('délais renouvelés : chaque délai accordé compte', () => {
    expect(
      dateEcheance(
        {
          evenements: [
            ...jusquAuCommandementDeQuitter(),
            { type: 'delais_jex', date: '2025-05-15', dateFin: '2025-10-31' },
            { type: 'delais_jex', date: '2026-03-20', dateFin: '2026-06-30' },
          ],
        },
        'expulsion_possible_a_partir_du',
      ),
    ).toBe('2026-07-01');
  });

  it('suspension pour surendettement du 20/05/2025 au 31/07/2025 : 01/08/2025', () => {
    expect(
      dateEcheance(
        {
          evenements: [
            ...jusquAuCommandementDeQuitter(),
            { type: 'suspension_surendettement', date: '2025-05-20', dateFin: '2025-07-31' },
          ],
        },
        'expulsion_possible_a_partir_du',
      ),
    ).toBe('2025-08-01');
  });

  it('protocole de cohésion sociale en cours : expulsion après son terme', () => {
    expect(
      dateEcheance(
        {
          evenements: [
            ...jusquAuCommandementDeQuitter(),
            { type: 'protocole_cohesion_sociale', date: '2025-05-02', dateFin: '2025-09-30' },
          ],
        },
        'expulsion_possible_a_partir_du',
      ),
    ).toBe('2025-10-01');
  });
});

describe('CPCE, art. R153-1 — refus implicite du concours de la force publique', () => {
  const demande: Evenement = { type: 'demande_cfp', date: '2025-06-10' };

  it('2 mois de silence : refus implicite le 10/08/2025', () => {
    expect(
      echeance(evaluer({ evenements: [...jusquAuCommandementDeQuitter(), demande] }), 'refus_implicite_cfp'),
    ).toMatchObject({ date: '2025-08-10', fondement: 'CPCE, art. R153-1' });
  });

  it('une décision explicite dans les 2 mois (le dernier jour compris) l’écarte ; un sursis non', () => {
    for (const [sens, date, present] of [
      ['refus', '2025-07-15', false],
      ['octroi', '2025-08-10', false],
      ['octroi', '2025-08-11', true],
      ['sursis', '2025-07-01', true],
    ] as const) {
      const resultat = evaluer({
        evenements: [...jusquAuCommandementDeQuitter(), demande, { type: 'decision_cfp', date, sens }],
      });
      expect(echeance(resultat, 'refus_implicite_cfp') !== undefined).toBe(present);
    }
  });

  it('la dernière demande est une nouvelle demande', () => {
    expect(
      dateEcheance(
        {
          evenements: [
            ...jusquAuCommandementDeQuitter(),
            demande,
            { type: 'decision_cfp', date: '2025-07-01', sens: 'octroi' },
            { type: 'demande_cfp', date: '2025-12-31' },
          ],
        },
        'refus_implicite_cfp',
      ),
    ).toBe('2026-02-28');
  });
});

describe('CPCE, art. R154-2 et R154-3 — rejet implicite de la demande d’indemnisation', () => {
  it('2 mois après la dernière demande', () => {
    expect(
      dateEcheance(
        {
          evenements: [
            ...jusquAuCommandementDeQuitter(),
            { type: 'demande_cfp', date: '2025-06-10' },
            { type: 'decision_cfp', date: '2025-07-15', sens: 'refus' },
            { type: 'demande_indemnisation', date: '2025-10-31', montantDemande: 2000 },
          ],
        },
        'refus_implicite_indemnisation',
      ),
    ).toBe('2025-12-31');
  });
});
