import { describe, expect, it } from 'vitest';
import { type Evenement, TYPES_EVENEMENT, type TypeEvenement } from './scenario.js';
import {
  evenementsPossibles,
  TRANSITIONS,
  validerAjoutEvenement,
  validerChronologie,
} from './transitions.js';

const D = '2025-10-01';

/** A coherent timeline up to an indemnity claim; every act below may follow it (except noted). */
const complete: Evenement[] = [
  { type: 'impaye_constitue', date: '2024-09-05', montantDette: 1460 },
  { type: 'commandement_de_payer', date: '2024-10-01', montantDette: 2100 },
  { type: 'assignation', date: '2024-12-02', dateAudience: '2025-02-04' },
  { type: 'notification_assignation_prefet', date: '2024-12-03' },
  { type: 'decision_justice', date: '2025-03-01', sens: 'resiliation_expulsion' },
  { type: 'commandement_quitter_lieux', date: '2025-04-01' },
  { type: 'information_prefet_cql', date: '2025-04-01' },
  { type: 'demande_cfp', date: '2025-06-10' },
  { type: 'decision_cfp', date: '2025-07-15', sens: 'refus' },
  { type: 'demande_indemnisation', date: '2025-09-01' },
];

const assignation: Evenement = { type: 'assignation', date: '2024-12-02', dateAudience: '2025-02-04' };
const delaisPaiement: Evenement = {
  type: 'decision_justice',
  date: '2025-03-01',
  sens: 'delais_paiement',
  delaisPaiementMois: 12,
};

function contexteValide(type: TypeEvenement): Evenement[] {
  if (type === 'decheance_delais_paiement') return [assignation, delaisPaiement];
  if (type === 'renvoi_audience') return [assignation];
  return complete;
}

function nouvel(type: TypeEvenement, date = D): Evenement {
  switch (type) {
    case 'impaye_constitue':
      return { type, date, montantDette: 900 };
    case 'plan_apurement':
      return { type, date, dureeMois: 12 };
    case 'saisine_ccapex':
      return { type, date, origine: 'menage' };
    case 'commandement_de_payer':
      return { type, date, montantDette: 900 };
    case 'assignation':
    case 'renvoi_audience':
      return { type, date, dateAudience: '2025-12-02' };
    case 'decision_justice':
      return { type, date, sens: 'resiliation_expulsion' };
    case 'delais_jex':
    case 'suspension_surendettement':
    case 'protocole_cohesion_sociale':
      return { type, date, dateFin: '2026-06-30' };
    case 'decision_cfp':
      return { type, date, sens: 'octroi' };
    case 'transaction_indemnisation':
      return { type, date, montant: 4200 };
    default:
      return { type, date } as Evenement;
  }
}

/** For each reason code, a timeline that breaks that rule only. */
function violation(code: string, type: TypeEvenement): { precedents: Evenement[]; evenement: Evenement } {
  switch (code) {
    case 'procedure_cloturee':
      return {
        precedents: [...contexteValide(type), { type: 'depart_volontaire', date: '2025-09-20' }],
        evenement: nouvel(type),
      };
    case 'delais_paiement_en_cours':
      return {
        precedents: [
          assignation,
          delaisPaiement,
          { type: 'commandement_quitter_lieux', date: '2025-04-01' },
          { type: 'information_prefet_cql', date: '2025-04-01' },
        ],
        evenement: nouvel(type),
      };
    case 'decheance_deja_constatee':
      return {
        precedents: [assignation, delaisPaiement, { type: 'decheance_delais_paiement', date: '2025-06-01' }],
        evenement: nouvel(type),
      };
    case 'decision_justice_deja_rendue':
      return {
        precedents: [assignation, { type: 'decision_justice', date: '2025-03-01', sens: 'rejet' }],
        evenement: nouvel(type),
      };
    case 'date_audience_anterieure':
      return {
        precedents: contexteValide(type),
        evenement: { ...nouvel(type), dateAudience: '2025-09-30' } as Evenement,
      };
    default:
      // Every prerequisite fails on an empty timeline.
      return { precedents: [], evenement: nouvel(type) };
  }
}

describe('table des transitions', () => {
  it('couvre chaque type d’événement du contrat', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...TYPES_EVENEMENT].sort());
  });

  it.each(TYPES_EVENEMENT)('%s : accepté quand ses conditions sont réunies', (type) => {
    expect(validerAjoutEvenement(contexteValide(type), nouvel(type))).toEqual({ ok: true });
  });

  const cellules = TYPES_EVENEMENT.flatMap((type) =>
    [...TRANSITIONS[type].prerequis, ...TRANSITIONS[type].interdits].map(
      (regle) => [type, regle.code] as const,
    ),
  );

  it.each(cellules)('%s : refusé avec le code %s quand la règle est enfreinte', (type, code) => {
    const { precedents, evenement } = violation(code, type);
    const resultat = validerAjoutEvenement(precedents, evenement);
    expect(resultat).toMatchObject({ ok: false, code });
    if (!resultat.ok) expect(resultat.message.length).toBeGreaterThan(20);
  });

  it('acteurs attendus', () => {
    expect(TRANSITIONS.commandement_de_payer.acteurAttendu).toBe('commissaire_justice');
    expect(TRANSITIONS.decision_cfp.acteurAttendu).toBe('prefecture');
    expect(TRANSITIONS.decision_justice.acteurAttendu).toBe('juge');
    expect(TRANSITIONS.enquete_forces_ordre.acteurAttendu).toBe('forces_ordre');
    expect(TRANSITIONS.depart_volontaire.acteurAttendu).toBe('menage');
  });
});

describe('règles de cohérence de la procédure', () => {
  it('demande de concours sans décision ordonnant l’expulsion', () => {
    expect(validerAjoutEvenement([assignation], nouvel('demande_cfp'))).toMatchObject({
      ok: false,
      code: 'decision_expulsion_requise',
    });
    expect(
      validerAjoutEvenement(
        [assignation, { type: 'decision_justice', date: '2025-03-01', sens: 'rejet' }],
        nouvel('demande_cfp'),
      ),
    ).toMatchObject({ ok: false, code: 'decision_expulsion_requise' });
  });

  it('commandement de quitter les lieux daté avant le jugement', () => {
    expect(validerAjoutEvenement(complete, nouvel('commandement_quitter_lieux', '2025-02-15'))).toMatchObject(
      {
        ok: false,
        code: 'decision_expulsion_requise',
      },
    );
  });

  it('commandement de quitter les lieux le jour du jugement : accepté (même acte possible)', () => {
    expect(validerAjoutEvenement([assignation], nouvel('decision_justice', '2025-03-01'))).toEqual({
      ok: true,
    });
    expect(
      validerAjoutEvenement(
        [assignation, { type: 'decision_justice', date: '2025-03-01', sens: 'resiliation_expulsion' }],
        nouvel('commandement_quitter_lieux', '2025-03-01'),
      ),
    ).toEqual({ ok: true });
  });

  it('après des délais de paiement, le commandement de quitter les lieux suppose leur déchéance', () => {
    expect(
      validerAjoutEvenement([assignation, delaisPaiement], nouvel('commandement_quitter_lieux')),
    ).toMatchObject({
      ok: false,
      code: 'delais_paiement_en_cours',
    });
    expect(
      validerAjoutEvenement(
        [assignation, delaisPaiement, { type: 'decheance_delais_paiement', date: '2025-06-01' }],
        nouvel('commandement_quitter_lieux'),
      ),
    ).toEqual({ ok: true });
  });

  it('décision sur le concours sans demande', () => {
    expect(validerAjoutEvenement(complete.slice(0, 7), nouvel('decision_cfp'))).toMatchObject({
      ok: false,
      code: 'demande_cfp_requise',
    });
  });

  it('demande d’indemnisation : après un refus explicite, ou 2 mois de silence', () => {
    const sansDecision = complete.slice(0, 8);
    expect(validerAjoutEvenement(sansDecision, nouvel('demande_indemnisation', '2025-08-09'))).toMatchObject({
      ok: false,
      code: 'refus_cfp_requis',
    });
    expect(validerAjoutEvenement(sansDecision, nouvel('demande_indemnisation', '2025-08-10'))).toEqual({
      ok: true,
    });
  });

  it('après la clôture, seules la demande et la transaction d’indemnisation restent possibles', () => {
    const clos = [...complete.slice(0, 9), { type: 'expulsion_realisee', date: '2025-08-01' } as Evenement];
    expect(validerAjoutEvenement(clos, nouvel('demande_indemnisation'))).toEqual({ ok: true });
    expect(validerAjoutEvenement(clos, nouvel('relogement'))).toMatchObject({
      ok: false,
      code: 'procedure_cloturee',
    });
    expect(validerAjoutEvenement(clos, nouvel('saisine_ccapex'))).toMatchObject({
      ok: false,
      code: 'procedure_cloturee',
    });
  });

  it('saisine de la CCAPEX possible à tout moment avant la clôture', () => {
    for (let n = 0; n <= complete.length; n++) {
      expect(validerAjoutEvenement(complete.slice(0, n), nouvel('saisine_ccapex'))).toEqual({ ok: true });
    }
  });

  it('un ajout qui rend incohérent un acte déjà enregistré est refusé', () => {
    const resultat = validerAjoutEvenement(complete, { type: 'depart_volontaire', date: '2025-05-01' });
    expect(resultat).toMatchObject({ ok: false, code: 'procedure_cloturee' });
    if (!resultat.ok) expect(resultat.message).toContain('Cet ajout rend incohérent un acte déjà enregistré');
  });

  it('les anomalies déjà présentes ne sont pas reprochées au nouvel acte', () => {
    const incoherente: Evenement[] = [{ type: 'demande_cfp', date: '2025-06-10' }];
    expect(validerChronologie(incoherente)).toHaveLength(1);
    expect(validerAjoutEvenement(incoherente, { type: 'saisine_fsl', date: '2025-07-01' })).toEqual({
      ok: true,
    });
  });
});

describe('validerChronologie', () => {
  it('une chronologie cohérente n’a aucune anomalie, dans n’importe quel ordre de saisie', () => {
    expect(validerChronologie(complete)).toEqual([]);
    expect(validerChronologie([...complete].reverse())).toEqual([]);
  });

  it('signale chaque acte incohérent avec sa position de saisie', () => {
    const anomalies = validerChronologie([
      { type: 'renvoi_audience', date: '2025-01-10', dateAudience: '2025-02-10' },
      { type: 'impaye_constitue', date: '2024-09-05', montantDette: 1000 },
      { type: 'decision_cfp', date: '2025-07-15', sens: 'refus' },
    ]);
    expect(anomalies.map(({ index, code }) => ({ index, code }))).toEqual([
      { index: 0, code: 'assignation_requise' },
      { index: 2, code: 'demande_cfp_requise' },
    ]);
    expect(anomalies[0]?.message).toBe(
      "Renvoi de l'audience du 10/01/2025 : une assignation doit avoir été délivrée.",
    );
  });
});

describe('evenementsPossibles', () => {
  const types = (evenements: Evenement[], asOf: string) =>
    evenementsPossibles(evenements, asOf).map((p) => p.type);

  it('dossier vide : prévention, commandement, assignation, clôtures — pas de décision ni de concours', () => {
    const possibles = types([], '2025-01-01');
    expect(possibles).toEqual(
      expect.arrayContaining([
        'impaye_constitue',
        'saisine_ccapex',
        'commandement_de_payer',
        'assignation',
        'depart_volontaire',
      ]),
    );
    expect(possibles).not.toContain('decision_justice');
    expect(possibles).not.toContain('demande_cfp');
    expect(possibles).not.toContain('commandement_quitter_lieux');
    expect(possibles).not.toContain('expulsion_realisee');
  });

  it('donne l’acteur attendu et un libellé français, dans l’ordre du contrat', () => {
    const possibles = evenementsPossibles(complete, D);
    expect(possibles.find((p) => p.type === 'decision_cfp')).toEqual({
      type: 'decision_cfp',
      acteurAttendu: 'prefecture',
      libelle: 'Décision sur le concours de la force publique',
    });
    const rangs = possibles.map((p) => TYPES_EVENEMENT.indexOf(p.type));
    expect(rangs).toEqual([...rangs].sort((a, b) => a - b));
  });

  it('après la clôture : seulement l’indemnisation', () => {
    const clos = [...complete, { type: 'expulsion_realisee', date: '2025-09-20' } as Evenement];
    expect(types(clos, D)).toEqual(['demande_indemnisation', 'transaction_indemnisation']);
  });
});
