import { describe, expect, it } from 'vitest';
import { lireEvenementSaisi, lireScenario } from './valider-scenario.js';

function scenarioBrut(): Record<string, unknown> {
  return {
    asOf: '2025-09-20',
    departement: '75',
    departementConfig: {
      seuilsSignalement: { moisImpayes: 6, multipleLoyerHC: 3 },
      periodesTreve: [{ du: '2025-11-01', au: '2026-03-31' }],
    },
    bail: {
      dateSignature: '2024-02-15',
      dateDernierRenouvellement: null,
      bailleur: { type: 'personne_physique', logementSocial: false },
      loyerMensuelHC: 650.0,
      chargesMensuelles: 80.0,
    },
    menage: { prioritaireDalo: false, relogementAssure: false },
    evenements: [
      { type: 'impaye_constitue', date: '2025-06-05', montantDette: 1460 },
      { type: 'saisine_ccapex', date: '2025-07-01', origine: 'bailleur' },
      { type: 'commandement_de_payer', date: '2025-09-02', montantDette: 2340.0, moisImpayes: 4 },
    ],
  };
}

const SUPPRIME = Symbol('supprimé');

/** The contract's example with values replaced (or removed) at paths like `evenements[2].date`. */
function avec(...remplacements: [string, unknown][]): unknown {
  const scenario = scenarioBrut();
  for (const [chemin, valeur] of remplacements) {
    const segments = chemin.match(/[^.[\]]+/g) ?? [];
    const dernier = segments.pop() ?? '';
    let parent = scenario;
    for (const segment of segments) parent = parent[segment] as Record<string, unknown>;
    if (valeur === SUPPRIME) delete parent[dernier];
    else parent[dernier] = valeur;
  }
  return scenario;
}

function erreurDe(entree: unknown) {
  const lecture = lireScenario(entree);
  if (lecture.ok) throw new Error('scénario accepté à tort');
  return lecture.erreur;
}

describe('lecture du scénario', () => {
  it("accepte l'exemple du contrat", () => {
    expect(lireScenario(scenarioBrut()).ok).toBe(true);
  });

  it('accepte les champs facultatifs absents ou null', () => {
    const lecture = lireScenario(
      avec(
        ['departementConfig', SUPPRIME],
        ['menage', null],
        ['bail.bailleur', { type: 'sci_familiale' }],
        ['bail.dateDernierRenouvellement', SUPPRIME],
        ['evenements[2].moisImpayes', null],
      ),
    );
    expect(lecture.ok).toBe(true);
  });

  it.each([
    ['asOf', SUPPRIME],
    ['bail', SUPPRIME],
    ['bail.bailleur.type', SUPPRIME],
    ['evenements', SUPPRIME],
    ['evenements[2].montantDette', SUPPRIME],
    ['evenements[1].type', SUPPRIME],
    ['evenements[0].date', null],
  ])('champ_manquant : %s', (chemin, valeur) => {
    expect(erreurDe(avec([chemin, valeur]))).toMatchObject({ code: 'champ_manquant', chemin });
  });

  it('champ_manquant : durée des délais de paiement et durée du délai réduit', () => {
    const delais = { type: 'decision_justice', date: '2025-09-10', sens: 'delais_paiement' };
    expect(erreurDe(avec(['evenements[3]', delais]))).toMatchObject({
      code: 'champ_manquant',
      chemin: 'evenements[3].delaisPaiementMois',
    });
    const reduit = {
      type: 'decision_justice',
      date: '2025-09-10',
      sens: 'resiliation_expulsion',
      delaiQuitterLieux: 'reduit',
    };
    expect(erreurDe(avec(['evenements[3]', reduit]))).toMatchObject({
      code: 'champ_manquant',
      chemin: 'evenements[3].delaiQuitterLieuxJours',
    });
  });

  it.each([
    ['commentaire', 'x'],
    ['bail.surface', 40],
    ['departementConfig.seuilsSignalement.montant', 1],
    ['evenements[0].moisImpayes', 2],
    ['evenements[1].commentaire', 'saisine'],
  ])('champ_inconnu : %s', (chemin, valeur) => {
    expect(erreurDe(avec([chemin, valeur]))).toMatchObject({ code: 'champ_inconnu', chemin });
  });

  it('type_inconnu', () => {
    expect(erreurDe(avec(['evenements[1].type', 'saisine_ccapx']))).toMatchObject({
      code: 'type_inconnu',
      chemin: 'evenements[1].type',
    });
  });

  it.each([
    ['asOf', '2025-02-30'],
    ['asOf', '20/09/2025'],
    ['bail.dateSignature', '2023-02-29'],
    ['evenements[2].date', '2025-9-2'],
    ['evenements[2].date', 20250902],
    ['departementConfig.periodesTreve[0].au', '2026-04-31'],
  ])('date_invalide : %s = %j', (chemin, valeur) => {
    expect(erreurDe(avec([chemin, valeur]))).toMatchObject({ code: 'date_invalide', chemin });
  });

  it.each([
    ['departement', '20'],
    ['departement', '975'],
    ['departement', 75],
    ['bail.bailleur.type', 'sci'],
    ['bail.loyerMensuelHC', -650],
    ['bail.loyerMensuelHC', '650'],
    ['departementConfig.seuilsSignalement.moisImpayes', 2],
    ['departementConfig.seuilsSignalement.multipleLoyerHC', 7],
    ['departementConfig.seuilsSignalement.typesBailleur', ['bailleur_social']],
    ['departementConfig.periodesTreve[0].au', '2025-10-01'],
    ['menage.prioritaireDalo', 'oui'],
    ['evenements', {}],
    ['evenements[1].origine', 'prefet'],
    ['evenements[2].moisImpayes', 4.5],
    ['bail.dateDernierRenouvellement', '2020-01-01'],
  ])('valeur_invalide : %s = %j', (chemin, valeur) => {
    const erreur = erreurDe(avec([chemin, valeur]));
    expect(erreur.code).toBe('valeur_invalide');
    expect(erreur.chemin.startsWith(chemin)).toBe(true);
  });

  it('valeur_invalide : durée des délais de paiement hors de 1 à 36 mois, période inversée', () => {
    const decision = {
      type: 'decision_justice',
      date: '2025-09-10',
      sens: 'delais_paiement',
      delaisPaiementMois: 37,
    };
    expect(erreurDe(avec(['evenements[3]', decision]))).toMatchObject({
      code: 'valeur_invalide',
      chemin: 'evenements[3].delaisPaiementMois',
    });
    const jex = { type: 'delais_jex', date: '2025-09-10', dateFin: '2025-09-01' };
    expect(erreurDe(avec(['evenements[3]', jex]))).toMatchObject({
      code: 'valeur_invalide',
      chemin: 'evenements[3].dateFin',
    });
  });

  it("valeur_invalide : document qui n'est pas un objet", () => {
    expect(erreurDe([])).toMatchObject({ code: 'valeur_invalide', chemin: '' });
    expect(erreurDe(null)).toMatchObject({ code: 'valeur_invalide', chemin: '' });
  });

  it('evenement_futur : le premier événement daté après asOf', () => {
    const erreur = erreurDe(avec(['evenements[1].date', '2025-09-21']));
    expect(erreur).toMatchObject({ code: 'evenement_futur', chemin: 'evenements[1].date' });
    expect(erreur.message).toBe(
      "L'événement « saisine_ccapex » est daté du 21/09/2025, après la date d'évaluation du 20/09/2025.",
    );
  });

  it('un événement daté du jour même est accepté', () => {
    expect(lireScenario(avec(['evenements[1].date', '2025-09-20'])).ok).toBe(true);
  });

  it('les messages sont en français et nomment le champ', () => {
    expect(erreurDe(avec(['asOf', SUPPRIME])).message).toBe('Le champ « asOf » est obligatoire.');
    expect(erreurDe(avec(['bail.bailleur.type', 'sci'])).message).toBe(
      'Valeur invalide pour « bail.bailleur.type » : valeurs admises : « personne_physique », « sci_familiale », « personne_morale ».',
    );
  });

  it('le scénario refuse les clés propres à la saisie', () => {
    expect(lireScenario(avec(['evenements[0].remplace', 'evt-1']))).toMatchObject({
      ok: false,
      erreur: { code: 'champ_inconnu', chemin: 'evenements[0].remplace' },
    });
  });
});

describe('lecture d’un événement saisi (API HTTP)', () => {
  it('accepte commentaire, remplace et motifCorrection', () => {
    const lecture = lireEvenementSaisi({
      type: 'decision_cfp',
      date: '2026-05-20',
      sens: 'refus',
      commentaire: 'Refus motivé par la situation du ménage',
      remplace: 'evt-12',
      motifCorrection: 'Date erronée',
    });
    expect(lecture).toMatchObject({ ok: true, evenement: { type: 'decision_cfp', sens: 'refus' } });
  });

  it('exige le motif d’une correction', () => {
    expect(lireEvenementSaisi({ type: 'demande_cfp', date: '2026-05-20', remplace: 'evt-12' })).toMatchObject(
      {
        ok: false,
        erreur: { code: 'champ_manquant', chemin: 'motifCorrection' },
      },
    );
  });

  it('applique les mêmes règles que le scénario', () => {
    expect(lireEvenementSaisi({ type: 'demande_cfpp', date: '2026-05-20' })).toMatchObject({
      ok: false,
      erreur: { code: 'type_inconnu', chemin: 'type' },
    });
    expect(lireEvenementSaisi({ type: 'demande_cfp', date: '2026-02-30' })).toMatchObject({
      ok: false,
      erreur: { code: 'date_invalide', chemin: 'date' },
    });
    expect(lireEvenementSaisi({ type: 'demande_cfp', date: '2026-02-03', urgence: true })).toMatchObject({
      ok: false,
      erreur: { code: 'champ_inconnu', chemin: 'urgence' },
    });
  });
});
