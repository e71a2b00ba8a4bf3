import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { dateIso, estDateIso, numeroJour } from '../calendrier/dates.js';
import { evaluerProcedure } from './evaluer.js';
import { fabriquerScenario } from './fabrique-scenario.js';
import {
  type Evenement,
  PHASE_PAR_TYPE,
  PHASES,
  RANG_PAR_TYPE,
  type Scenario,
  TYPES_EVENEMENT,
  type TypeEvenement,
} from './scenario.js';
import { lireScenario } from './valider-scenario.js';

describe('exemple du contrat', () => {
  it('donne exactement le résultat publié', () => {
    const scenario = fabriquerScenario({
      asOf: '2025-09-20',
      departementConfig: {
        seuilsSignalement: { moisImpayes: 6, multipleLoyerHC: 3 },
        periodesTreve: [{ du: '2025-11-01', au: '2026-03-31' }],
      },
      evenements: [
        { type: 'commandement_de_payer', date: '2025-09-02', montantDette: 2340.0, moisImpayes: 4 },
      ],
    });
    expect(evaluerProcedure(scenario)).toEqual({
      phase: 'commandement',
      cloture: null,
      echeances: [
        {
          code: 'fin_delai_commandement_payer',
          date: '2025-10-14',
          fondement: 'loi n° 89-462, art. 24 I',
          explication:
            "Commandement de payer du 02/09/2025 ; bail signé le 15/02/2024, après le 29/07/2023 : délai de 6 semaines, jusqu'au 14/10/2025 inclus.",
        },
      ],
      alertes: [
        {
          code: 'signalement_ccapex_requis',
          fondement: 'loi n° 89-462, art. 24 I ; loi n° 90-449, art. 7-2',
          message:
            'La dette (2 340,00 €) atteint 3 fois le loyer hors charges (1 950,00 €) : le commandement doit être signalé à la CCAPEX.',
        },
      ],
      responsabiliteEtat: null,
    });
  });
});

describe('phases et clôture', () => {
  it('sans événement : prévention', () => {
    expect(evaluerProcedure(fabriquerScenario())).toEqual({
      phase: 'prevention',
      cloture: null,
      echeances: [],
      alertes: [],
      responsabiliteEtat: null,
    });
  });

  it('la phase est la plus haute atteinte et ne recule jamais', () => {
    const resultat = evaluerProcedure(
      fabriquerScenario({
        evenements: [
          { type: 'decision_justice', date: '2025-03-01', sens: 'rejet' },
          { type: 'commandement_de_payer', date: '2025-06-01', montantDette: 900 },
          { type: 'saisine_fsl', date: '2025-06-15' },
        ],
      }),
    );
    expect(resultat.phase).toBe('decision');
  });

  it('clôture : le type du premier événement de clôture', () => {
    const resultat = evaluerProcedure(
      fabriquerScenario({
        evenements: [
          { type: 'vente_logement', date: '2026-02-01' },
          { type: 'depart_volontaire', date: '2025-12-15' },
          { type: 'demande_indemnisation', date: '2026-03-01' },
        ],
      }),
    );
    expect(resultat.phase).toBe('cloture');
    expect(resultat.cloture).toBe('depart_volontaire');
  });

  it('même date : ordre de la table du contrat, quel que soit l’ordre de saisie', () => {
    const resultat = evaluerProcedure(
      fabriquerScenario({
        evenements: [
          { type: 'vente_logement', date: '2025-12-15' },
          { type: 'expulsion_realisee', date: '2025-12-15' },
        ],
      }),
    );
    expect(resultat.cloture).toBe('expulsion_realisee');
  });

  it.each(TYPES_EVENEMENT.map((type) => [type, PHASE_PAR_TYPE[type]]))(
    '%s mène à la phase %s',
    (type, phase) => {
      const evenement = exemples[type as TypeEvenement];
      expect(evaluerProcedure(fabriquerScenario({ evenements: [evenement] })).phase).toBe(phase);
    },
  );
});

const exemples: Record<TypeEvenement, Evenement> = {
  impaye_constitue: { type: 'impaye_constitue', date: '2025-01-01', montantDette: 1460 },
  signalement_impaye_caf: { type: 'signalement_impaye_caf', date: '2025-01-01' },
  plan_apurement: { type: 'plan_apurement', date: '2025-01-01', dureeMois: 12 },
  saisine_fsl: { type: 'saisine_fsl', date: '2025-01-01' },
  saisine_ccapex: { type: 'saisine_ccapex', date: '2025-01-01', origine: 'travailleur_social' },
  commandement_de_payer: { type: 'commandement_de_payer', date: '2025-01-01', montantDette: 2000 },
  signalement_commandement_ccapex: { type: 'signalement_commandement_ccapex', date: '2025-01-01' },
  assignation: { type: 'assignation', date: '2025-01-01', dateAudience: '2025-03-01' },
  notification_assignation_prefet: { type: 'notification_assignation_prefet', date: '2025-01-01' },
  saisine_dsf: { type: 'saisine_dsf', date: '2025-01-01' },
  dsf_transmis: { type: 'dsf_transmis', date: '2025-01-01' },
  renvoi_audience: { type: 'renvoi_audience', date: '2025-01-01', dateAudience: '2025-03-01' },
  decision_justice: { type: 'decision_justice', date: '2025-01-01', sens: 'resiliation_expulsion' },
  decheance_delais_paiement: { type: 'decheance_delais_paiement', date: '2025-01-01' },
  signification_decision: { type: 'signification_decision', date: '2025-01-01' },
  commandement_quitter_lieux: { type: 'commandement_quitter_lieux', date: '2025-01-01' },
  information_prefet_cql: { type: 'information_prefet_cql', date: '2025-01-01' },
  delais_jex: { type: 'delais_jex', date: '2025-01-01', dateFin: '2025-06-30' },
  suspension_surendettement: { type: 'suspension_surendettement', date: '2025-01-01', dateFin: '2025-06-30' },
  protocole_cohesion_sociale: {
    type: 'protocole_cohesion_sociale',
    date: '2025-01-01',
    dateFin: '2025-06-30',
  },
  demande_cfp: { type: 'demande_cfp', date: '2025-01-01' },
  enquete_forces_ordre: { type: 'enquete_forces_ordre', date: '2025-01-01' },
  decision_cfp: { type: 'decision_cfp', date: '2025-01-01', sens: 'sursis' },
  pv_tentative_expulsion: { type: 'pv_tentative_expulsion', date: '2025-01-01' },
  demande_indemnisation: { type: 'demande_indemnisation', date: '2025-01-01' },
  transaction_indemnisation: { type: 'transaction_indemnisation', date: '2025-01-01', montant: 3000 },
  expulsion_realisee: { type: 'expulsion_realisee', date: '2025-01-01' },
  depart_volontaire: { type: 'depart_volontaire', date: '2025-01-01' },
  relogement: { type: 'relogement', date: '2025-01-01' },
  apurement_dette: { type: 'apurement_dette', date: '2025-01-01' },
  desistement_bailleur: { type: 'desistement_bailleur', date: '2025-01-01' },
  vente_logement: { type: 'vente_logement', date: '2025-01-01' },
};

// ——— Property tests on random timelines ———

const AS_OF = '2027-12-31';
const jour = fc.integer({ min: numeroJour('2023-01-01'), max: numeroJour(AS_OF) });
const apres = (date: number, max: number) => fc.integer({ min: 0, max }).map((n) => dateIso(date + n));
const montant = fc.integer({ min: 0, max: 2_000_000 }).map((centimes) => centimes / 100);

function arbitraireDe(type: TypeEvenement, numero: number): fc.Arbitrary<Evenement> {
  const date = dateIso(numero);
  switch (type) {
    case 'impaye_constitue':
      return montant.map((montantDette) => ({ type, date, montantDette }));
    case 'plan_apurement':
      return fc.integer({ min: 1, max: 36 }).map((dureeMois) => ({ type, date, dureeMois }));
    case 'saisine_ccapex':
      return fc
        .constantFrom(
          'bailleur',
          'commissaire_justice',
          'caf',
          'menage',
          'travailleur_social',
          'autre' as const,
        )
        .map((origine) => ({ type, date, origine }));
    case 'commandement_de_payer':
      return fc
        .record({ montantDette: montant, moisImpayes: fc.option(fc.integer({ min: 0, max: 24 })) })
        .map((champs) => ({ type, date, ...champs }));
    case 'assignation':
    case 'renvoi_audience':
      return apres(numero, 150).map((dateAudience) => ({ type, date, dateAudience }));
    case 'decision_justice':
      return fc
        .record({
          sens: fc.constantFrom('rejet', 'delais_paiement', 'resiliation_expulsion' as const),
          delaisPaiementMois: fc.integer({ min: 1, max: 36 }),
          delaiQuitterLieux: fc.constantFrom('legal', 'reduit', 'supprime', null),
          delaiQuitterLieuxJours: fc.integer({ min: 1, max: 59 }),
          voieDeFait: fc.option(fc.boolean()),
        })
        .map((champs) => ({ type, date, ...champs }));
    case 'delais_jex':
    case 'suspension_surendettement':
    case 'protocole_cohesion_sociale':
      return apres(numero, 400).map((dateFin) => ({ type, date, dateFin }));
    case 'decision_cfp':
      return fc.constantFrom('octroi', 'refus', 'sursis' as const).map((sens) => ({ type, date, sens }));
    case 'demande_indemnisation':
      return fc.option(montant).map((montantDemande) => ({ type, date, montantDemande }));
    case 'transaction_indemnisation':
      return montant.map((valeur) => ({ type, date, montant: valeur }));
    default:
      return fc.constant({ type, date } as Evenement);
  }
}

const evenement = fc
  .tuple(fc.constantFrom(...TYPES_EVENEMENT), jour)
  .chain(([type, numero]) => arbitraireDe(type, numero));

const scenarioArbitraire: fc.Arbitrary<Scenario> = fc
  .record({
    departement: fc.constantFrom('75', '93', '2A', '57', '67', '971', '974', '976'),
    bailleur: fc.constantFrom('personne_physique', 'sci_familiale', 'personne_morale' as const),
    dateSignature: fc.constantFrom('2019-05-01', '2023-07-28', '2023-07-29', '2024-02-15'),
    prioritaireDalo: fc.boolean(),
    relogementAssure: fc.boolean(),
    seuils: fc.boolean(),
    evenements: fc.array(evenement, { maxLength: 25 }),
  })
  .map((tirage) =>
    fabriquerScenario({
      asOf: AS_OF,
      departement: tirage.departement,
      departementConfig: tirage.seuils ? { seuilsSignalement: { moisImpayes: 4, multipleLoyerHC: 3 } } : null,
      bail: { dateSignature: tirage.dateSignature, bailleur: { type: tirage.bailleur } },
      menage: { prioritaireDalo: tirage.prioritaireDalo, relogementAssure: tirage.relogementAssure },
      evenements: tirage.evenements,
    }),
  );

/** Processing order of the contract: date, table order, input order. */
function ordreDeTraitement(evenements: readonly Evenement[]): Evenement[] {
  return evenements
    .map((e, index) => ({ e, index }))
    .sort(
      (a, b) =>
        a.e.date.localeCompare(b.e.date) ||
        RANG_PAR_TYPE[a.e.type] - RANG_PAR_TYPE[b.e.type] ||
        a.index - b.index,
    )
    .map(({ e }) => e);
}

/** A shuffle that keeps the relative order of events with the same date and type (the contract's tie-break). */
function melanger(evenements: readonly Evenement[], cles: readonly number[]): Evenement[] {
  const melange = evenements.map((e, i) => ({ e, cle: cles[i] ?? 0 })).sort((a, b) => a.cle - b.cle);
  const groupes = new Map<string, Evenement[]>();
  for (const e of evenements) {
    const cle = `${e.date}|${e.type}`;
    groupes.set(cle, [...(groupes.get(cle) ?? []), e]);
  }
  return melange.map(({ e }) => {
    const groupe = groupes.get(`${e.date}|${e.type}`) ?? [];
    return groupe.shift() ?? e;
  });
}

describe('propriétés', () => {
  test.prop([scenarioArbitraire])('le générateur produit des scénarios valides', (scenario) => {
    expect(lireScenario(JSON.parse(JSON.stringify(scenario))).ok).toBe(true);
  });

  test.prop([scenarioArbitraire])(
    'échéances triées par date puis code, codes uniques, dates réelles',
    (scenario) => {
      const { echeances } = evaluerProcedure(scenario);
      const codes = echeances.map((e) => e.code);
      expect(new Set(codes).size).toBe(codes.length);
      for (let i = 1; i < echeances.length; i++) {
        const [precedente, courante] = [echeances[i - 1], echeances[i]];
        if (precedente === undefined || courante === undefined) continue;
        expect(
          precedente.date < courante.date ||
            (precedente.date === courante.date && precedente.code < courante.code),
        ).toBe(true);
      }
      for (const e of echeances) {
        expect(estDateIso(e.date)).toBe(true);
        expect(e.fondement.length).toBeGreaterThan(0);
        expect(e.explication.length).toBeGreaterThan(0);
      }
    },
  );

  test.prop([scenarioArbitraire])('alertes uniques, avec fondement et message', (scenario) => {
    const { alertes } = evaluerProcedure(scenario);
    expect(new Set(alertes.map((a) => a.code)).size).toBe(alertes.length);
    for (const a of alertes) expect(a.fondement && a.message).toBeTruthy();
  });

  test.prop([scenarioArbitraire])(
    'la phase ne recule jamais quand on ajoute les événements dans l’ordre des dates',
    (scenario) => {
      const ordonnes = ordreDeTraitement(scenario.evenements);
      let rangPrecedent = 0;
      for (let n = 0; n <= ordonnes.length; n++) {
        const { phase } = evaluerProcedure({ ...scenario, evenements: ordonnes.slice(0, n) });
        const rang = PHASES.indexOf(phase);
        expect(rang).toBeGreaterThanOrEqual(rangPrecedent);
        rangPrecedent = rang;
      }
    },
  );

  test.prop([scenarioArbitraire, fc.array(fc.double({ noNaN: true }), { minLength: 25, maxLength: 25 })])(
    'déterministe et indépendant de l’ordre de saisie',
    (scenario, cles) => {
      const resultat = evaluerProcedure(scenario);
      expect(evaluerProcedure(scenario)).toEqual(resultat);
      expect(evaluerProcedure({ ...scenario, evenements: melanger(scenario.evenements, cles) })).toEqual(
        resultat,
      );
      expect(JSON.parse(JSON.stringify(resultat))).toEqual(resultat);
    },
  );

  test.prop([scenarioArbitraire])('responsabilité de l’État cohérente', (scenario) => {
    const { responsabiliteEtat } = evaluerProcedure(scenario);
    if (responsabiliteEtat === null) return;
    const { debut, fin, periodesExclues } = responsabiliteEtat;
    if (fin !== null) expect(debut <= fin).toBe(true);
    let precedentAu = debut;
    for (const periode of periodesExclues) {
      expect(periode.du > precedentAu).toBe(true);
      expect(periode.du <= periode.au).toBe(true);
      if (fin !== null) expect(periode.au <= fin).toBe(true);
      precedentAu = periode.au;
    }
  });
});
