import { describe, expect, it } from 'vitest';
import { executerCommandeEvaluer } from './commande-evaluer.js';
import { fabriquerScenario } from './fabrique-scenario.js';

const exemple = fabriquerScenario({
  asOf: '2025-09-20',
  evenements: [{ type: 'commandement_de_payer', date: '2025-09-02', montantDette: 2340, moisImpayes: 4 }],
});

function erreurEcrite(stderr: string | undefined) {
  expect(stderr?.endsWith('\n')).toBe(true);
  expect(stderr?.trimEnd().includes('\n')).toBe(false);
  return JSON.parse(stderr ?? '');
}

describe('exploc procedure evaluate', () => {
  it('scénario valide : code 0, le résultat JSON sur stdout suivi d’un saut de ligne', () => {
    const sortie = executerCommandeEvaluer(JSON.stringify(exemple));
    expect(sortie.codeSortie).toBe(0);
    expect(sortie.stderr).toBeUndefined();
    expect(sortie.stdout?.endsWith('\n')).toBe(true);
    const resultat = JSON.parse(sortie.stdout ?? '');
    expect(resultat.phase).toBe('commandement');
    expect(resultat.echeances[0].date).toBe('2025-10-14');
    expect(Object.keys(resultat)).toEqual(['phase', 'cloture', 'echeances', 'alertes', 'responsabiliteEtat']);
  });

  it.each(['', '{', 'scénario', '{"asOf": "2025-09-20",}'])(
    'texte non JSON %j : code 2, json_invalide',
    (texte) => {
      const sortie = executerCommandeEvaluer(texte);
      expect(sortie.codeSortie).toBe(2);
      expect(sortie.stdout).toBeUndefined();
      expect(erreurEcrite(sortie.stderr)).toEqual({
        erreur: {
          code: 'json_invalide',
          message: "Le texte reçu n'est pas un document JSON valide.",
          chemin: '',
        },
      });
    },
  );

  it('scénario invalide : code 2 et une ligne JSON {"erreur": {code, message, chemin}}', () => {
    const sortie = executerCommandeEvaluer(
      JSON.stringify({
        ...exemple,
        evenements: [{ type: 'commandement_de_payer', date: '2025-09-31', montantDette: 1 }],
      }),
    );
    expect(sortie.codeSortie).toBe(2);
    const { erreur } = erreurEcrite(sortie.stderr);
    expect(Object.keys(erreur)).toEqual(['code', 'message', 'chemin']);
    expect(erreur).toMatchObject({ code: 'date_invalide', chemin: 'evenements[0].date' });
  });

  it('événement futur : code 2, evenement_futur', () => {
    const sortie = executerCommandeEvaluer(JSON.stringify({ ...exemple, asOf: '2025-09-01' }));
    expect(erreurEcrite(sortie.stderr).erreur).toMatchObject({
      code: 'evenement_futur',
      chemin: 'evenements[0].date',
    });
  });
});
