import { describe, expect, it } from 'vitest';
import type { CodeAlerte } from './alertes.js';
import { evaluerProcedure } from './evaluer.js';
import {
  fabriquerScenario,
  jusquAuCommandementDeQuitter,
  type ScenarioPartiel,
} from './fabrique-scenario.js';
import type { Evenement } from './scenario.js';

function alerte(partiel: ScenarioPartiel, code: CodeAlerte) {
  return evaluerProcedure(fabriquerScenario(partiel)).alertes.find((a) => a.code === code);
}

describe('loi n° 89-462, art. 24 I et décret n° 2015-1384, art. 14 — signalement du commandement à la CCAPEX', () => {
  const seuils = { seuilsSignalement: { moisImpayes: 6, multipleLoyerHC: 3 } };
  const commandement = (montantDette: number, moisImpayes: number | null = null): Evenement => ({
    type: 'commandement_de_payer',
    date: '2025-09-02',
    montantDette,
    moisImpayes,
  });

  it('exemple du contrat : 2 340 € ≥ 3 × 650 €', () => {
    expect(
      alerte(
        { asOf: '2025-09-20', departementConfig: seuils, evenements: [commandement(2340, 4)] },
        'signalement_ccapex_requis',
      ),
    ).toEqual({
      code: 'signalement_ccapex_requis',
      fondement: 'loi n° 89-462, art. 24 I ; loi n° 90-449, art. 7-2',
      message:
        'La dette (2 340,00 €) atteint 3 fois le loyer hors charges (1 950,00 €) : le commandement doit être signalé à la CCAPEX.',
    });
  });

  it('seuil de la dette atteint exactement, et pas un centime de moins', () => {
    expect(
      alerte({ departementConfig: seuils, evenements: [commandement(1950)] }, 'signalement_ccapex_requis'),
    ).toBeDefined();
    expect(
      alerte(
        { departementConfig: seuils, evenements: [commandement(1949.99, 5)] },
        'signalement_ccapex_requis',
      ),
    ).toBeUndefined();
  });

  it('seuil exact sans erreur d’arrondi : 3 × 650,10 € = 1 950,30 €', () => {
    const partiel = { bail: { loyerMensuelHC: 650.1 }, departementConfig: seuils };
    const message = alerte(
      { ...partiel, evenements: [commandement(1950.3)] },
      'signalement_ccapex_requis',
    )?.message;
    expect(message).toContain('(1 950,30 €)');
  });

  it('seuil de durée : 6 mois d’impayés', () => {
    expect(
      alerte({ departementConfig: seuils, evenements: [commandement(800, 6)] }, 'signalement_ccapex_requis')
        ?.message,
    ).toBe("L'impayé dure depuis 6 mois (seuil : 6 mois) : le commandement doit être signalé à la CCAPEX.");
  });

  it('sans seuils configurés : pas d’alerte', () => {
    expect(alerte({ evenements: [commandement(9000, 12)] }, 'signalement_ccapex_requis')).toBeUndefined();
  });

  it('bailleurs visés : personne physique et SCI familiale par défaut, sinon la liste de l’arrêté', () => {
    const evenements = [commandement(9000)];
    expect(
      alerte(
        { bail: { bailleur: { type: 'sci_familiale' } }, departementConfig: seuils, evenements },
        'signalement_ccapex_requis',
      ),
    ).toBeDefined();
    expect(
      alerte(
        { bail: { bailleur: { type: 'personne_morale' } }, departementConfig: seuils, evenements },
        'signalement_ccapex_requis',
      ),
    ).toBeUndefined();
    const tous = {
      seuilsSignalement: { ...seuils.seuilsSignalement, typesBailleur: ['personne_morale' as const] },
    };
    expect(
      alerte(
        { bail: { bailleur: { type: 'personne_morale' } }, departementConfig: tous, evenements },
        'signalement_ccapex_requis',
      ),
    ).toBeDefined();
  });

  it('levée par le signalement du dernier commandement, pas par celui d’un commandement antérieur', () => {
    const signalement: Evenement = { type: 'signalement_commandement_ccapex', date: '2025-09-05' };
    expect(
      alerte(
        { departementConfig: seuils, evenements: [commandement(9000), signalement] },
        'signalement_ccapex_requis',
      ),
    ).toBeUndefined();
    const nouveau: Evenement = { type: 'commandement_de_payer', date: '2025-12-01', montantDette: 9000 };
    expect(
      alerte(
        { departementConfig: seuils, evenements: [commandement(9000), signalement, nouveau] },
        'signalement_ccapex_requis',
      ),
    ).toBeDefined();
  });
});

describe('loi n° 89-462, art. 24 II — assignation avant le délai de saisine de la CCAPEX', () => {
  const morale = { bailleur: { type: 'personne_morale' as const } };
  const saisine: Evenement = { type: 'saisine_ccapex', date: '2025-01-10', origine: 'bailleur' };

  it('assignation le 07/03/2025, saisine le 10/01/2025 : prématurée', () => {
    const trouvee = alerte(
      {
        bail: morale,
        evenements: [saisine, { type: 'assignation', date: '2025-03-07', dateAudience: '2025-05-20' }],
      },
      'assignation_avant_delai_saisine_ccapex',
    );
    expect(trouvee?.message).toContain('avant le 10/03/2025');
  });

  it('assignation le 10/03/2025 : recevable', () => {
    expect(
      alerte(
        {
          bail: morale,
          evenements: [saisine, { type: 'assignation', date: '2025-03-10', dateAudience: '2025-05-20' }],
        },
        'assignation_avant_delai_saisine_ccapex',
      ),
    ).toBeUndefined();
  });

  it('sans aucune saisine', () => {
    expect(
      alerte(
        {
          bail: morale,
          evenements: [{ type: 'assignation', date: '2025-03-10', dateAudience: '2025-05-20' }],
        },
        'assignation_avant_delai_saisine_ccapex',
      )?.message,
    ).toContain('sans saisine préalable');
  });

  it('jamais pour une SCI familiale', () => {
    expect(
      alerte(
        {
          bail: { bailleur: { type: 'sci_familiale' } },
          evenements: [{ type: 'assignation', date: '2025-03-10', dateAudience: '2025-05-20' }],
        },
        'assignation_avant_delai_saisine_ccapex',
      ),
    ).toBeUndefined();
  });
});

describe('loi n° 89-462, art. 24 III — notification tardive au préfet', () => {
  const assignation: Evenement = { type: 'assignation', date: '2025-03-03', dateAudience: '2025-05-20' };
  const notification = (date: string): Evenement => ({ type: 'notification_assignation_prefet', date });

  it('notifiée le dernier jour (08/04/2025) : à temps', () => {
    expect(
      alerte({ evenements: [assignation, notification('2025-04-08')] }, 'notification_prefet_tardive'),
    ).toBeUndefined();
  });

  it('notifiée le 09/04/2025 : tardive', () => {
    expect(
      alerte({ evenements: [assignation, notification('2025-04-09')] }, 'notification_prefet_tardive'),
    ).toBeDefined();
  });

  it('non notifiée : alerte seulement une fois la date passée', () => {
    expect(
      alerte({ asOf: '2025-04-08', evenements: [assignation] }, 'notification_prefet_tardive'),
    ).toBeUndefined();
    expect(
      alerte({ asOf: '2025-04-09', evenements: [assignation] }, 'notification_prefet_tardive'),
    ).toBeDefined();
  });

  it('le renvoi ne couvre pas la notification tardive', () => {
    expect(
      alerte(
        {
          evenements: [
            assignation,
            { type: 'renvoi_audience', date: '2025-05-20', dateAudience: '2025-09-16' },
            notification('2025-05-25'),
          ],
        },
        'notification_prefet_tardive',
      ),
    ).toBeDefined();
  });
});

describe('décret n° 2021-8 — diagnostic social et financier manquant', () => {
  const assignation: Evenement = { type: 'assignation', date: '2025-03-03', dateAudience: '2025-05-20' };

  it('entre le 13/05/2025 et l’audience du 20/05/2025 inclus', () => {
    expect(alerte({ asOf: '2025-05-12', evenements: [assignation] }, 'dsf_manquant')).toBeUndefined();
    expect(alerte({ asOf: '2025-05-13', evenements: [assignation] }, 'dsf_manquant')).toBeDefined();
    expect(alerte({ asOf: '2025-05-20', evenements: [assignation] }, 'dsf_manquant')).toBeDefined();
    expect(alerte({ asOf: '2025-05-21', evenements: [assignation] }, 'dsf_manquant')).toBeUndefined();
  });

  it('pas d’alerte une fois le diagnostic transmis', () => {
    expect(
      alerte(
        { asOf: '2025-05-14', evenements: [assignation, { type: 'dsf_transmis', date: '2025-05-14' }] },
        'dsf_manquant',
      ),
    ).toBeUndefined();
  });
});

describe('CPCE, art. L412-5 — commandement de quitter les lieux non transmis au préfet', () => {
  it('alerte tant que la transmission manque', () => {
    const sansTransmission = jusquAuCommandementDeQuitter().filter(
      (e) => e.type !== 'information_prefet_cql',
    );
    expect(alerte({ evenements: sansTransmission }, 'cql_non_transmis_prefet')?.message).toBe(
      'Commandement de quitter les lieux du 01/04/2025 non transmis au préfet : le délai pour quitter les lieux ne court pas.',
    );
    expect(alerte({ evenements: jusquAuCommandementDeQuitter() }, 'cql_non_transmis_prefet')).toBeUndefined();
  });

  it('un nouveau commandement doit être transmis à son tour', () => {
    expect(
      alerte(
        {
          evenements: [
            ...jusquAuCommandementDeQuitter(),
            { type: 'commandement_quitter_lieux', date: '2025-09-01' },
          ],
        },
        'cql_non_transmis_prefet',
      ),
    ).toBeDefined();
  });
});

describe('CPCE, art. L412-1 et R153-1 — demande de concours prématurée', () => {
  // Eviction possible from 02/06/2025.
  it('le 01/06/2025 : prématurée ; le 02/06/2025 : non', () => {
    expect(
      alerte(
        { evenements: [...jusquAuCommandementDeQuitter(), { type: 'demande_cfp', date: '2025-06-01' }] },
        'demande_cfp_prematuree',
      ),
    ).toBeDefined();
    expect(
      alerte(
        { evenements: [...jusquAuCommandementDeQuitter(), { type: 'demande_cfp', date: '2025-06-02' }] },
        'demande_cfp_prematuree',
      ),
    ).toBeUndefined();
  });

  it('une demande pendant la trêve n’est pas prématurée', () => {
    expect(
      alerte(
        { evenements: [...jusquAuCommandementDeQuitter(), { type: 'demande_cfp', date: '2025-12-15' }] },
        'demande_cfp_prematuree',
      ),
    ).toBeUndefined();
  });

  it('sans commandement transmis, toute demande est prématurée', () => {
    const sansTransmission = jusquAuCommandementDeQuitter().filter(
      (e) => e.type !== 'information_prefet_cql',
    );
    expect(
      alerte(
        { evenements: [...sansTransmission, { type: 'demande_cfp', date: '2025-12-15' }] },
        'demande_cfp_prematuree',
      )?.message,
    ).toContain("n'a pas été transmis au préfet");
  });
});

describe('instruction du 26 octobre 2012 — concours accordé pour un ménage prioritaire DALO', () => {
  const evenements: Evenement[] = [
    ...jusquAuCommandementDeQuitter(),
    { type: 'demande_cfp', date: '2025-06-10' },
    { type: 'decision_cfp', date: '2025-07-10', sens: 'octroi' },
  ];

  it('alerte si le relogement n’est pas assuré', () => {
    expect(
      alerte({ menage: { prioritaireDalo: true }, evenements }, 'octroi_cfp_menage_prioritaire_dalo'),
    ).toBeDefined();
    expect(
      alerte(
        { menage: { prioritaireDalo: true, relogementAssure: true }, evenements },
        'octroi_cfp_menage_prioritaire_dalo',
      ),
    ).toBeUndefined();
    expect(
      alerte({ menage: { prioritaireDalo: false }, evenements }, 'octroi_cfp_menage_prioritaire_dalo'),
    ).toBeUndefined();
  });
});

describe('CPCE, art. L412-6 — trêve non configurée outre-mer', () => {
  it.each(['971', '972', '973', '974', '976'])('%s sans arrêté : alerte', (departement) => {
    expect(alerte({ departement }, 'treve_non_configuree')).toBeDefined();
  });

  it('pas d’alerte avec un arrêté, ni en métropole', () => {
    expect(
      alerte(
        {
          departement: '973',
          departementConfig: { periodesTreve: [{ du: '2026-06-01', au: '2026-09-15' }] },
        },
        'treve_non_configuree',
      ),
    ).toBeUndefined();
    expect(alerte({ departement: '2A' }, 'treve_non_configuree')).toBeUndefined();
  });
});
