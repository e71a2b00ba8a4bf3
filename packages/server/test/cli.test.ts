import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { creerBaseDeTest } from './base-de-test.js';

const racine = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Runs the real `exploc` command (TypeScript sources through tsx), as an operator would. */
function exploc(args: string[], options: { entree?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--conditions=source', path.join(racine, 'packages/server/src/cli.ts'), ...args],
    {
      input: options.entree ?? '',
      encoding: 'utf8',
      cwd: racine,
      env: { ...process.env, ...options.env },
      timeout: 60_000,
    },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SCENARIO = {
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
  evenements: [{ type: 'commandement_de_payer', date: '2025-09-02', montantDette: 2340.0, moisImpayes: 4 }],
};

describe('exploc procedure evaluate (contrat procedure-evaluate)', () => {
  it('lit le scénario du contrat et écrit le résultat du contrat (sortie 0)', () => {
    const r = exploc(['procedure', 'evaluate'], { entree: JSON.stringify(SCENARIO) });
    expect(r.code).toBe(0);
    const resultat = JSON.parse(r.stdout);
    expect(resultat.phase).toBe('commandement');
    expect(resultat.cloture).toBeNull();
    expect(resultat.echeances).toEqual([
      {
        code: 'fin_delai_commandement_payer',
        date: '2025-10-14',
        fondement: 'loi n° 89-462, art. 24 I',
        explication:
          "Commandement de payer du 02/09/2025 ; bail signé le 15/02/2024, après le 29/07/2023 : délai de 6 semaines, jusqu'au 14/10/2025 inclus.",
      },
    ]);
    expect(resultat.alertes.map((a: { code: string }) => a.code)).toEqual(['signalement_ccapex_requis']);
    expect(resultat.responsabiliteEtat).toBeNull();
  });

  it.each([
    ['json_invalide', '{"asOf": ', ''],
    ['champ_manquant', JSON.stringify({ ...SCENARIO, bail: undefined }), 'bail'],
    ['champ_inconnu', JSON.stringify({ ...SCENARIO, surplus: 1 }), 'surplus'],
    [
      'type_inconnu',
      JSON.stringify({ ...SCENARIO, evenements: [{ type: 'inconnu', date: '2025-01-01' }] }),
      'evenements[0].type',
    ],
    ['date_invalide', JSON.stringify({ ...SCENARIO, asOf: '2025-02-30' }), 'asOf'],
    [
      'evenement_futur',
      JSON.stringify({
        ...SCENARIO,
        evenements: [{ type: 'impaye_constitue', date: '2025-10-01', montantDette: 1 }],
      }),
      'evenements[0].date',
    ],
  ])('refuse une entrée invalide (%s) : sortie 2 et une ligne JSON sur stderr', (code, entree, chemin) => {
    const r = exploc(['procedure', 'evaluate'], { entree });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lignes = r.stderr.trim().split('\n');
    expect(lignes).toHaveLength(1);
    const erreur = JSON.parse(lignes[0] ?? '').erreur;
    expect(erreur.code).toBe(code);
    expect(erreur.chemin).toBe(chemin);
    expect(erreur.message.length).toBeGreaterThan(5);
  });
});

describe('exploc indemnisation calculer', () => {
  it('calcule sur le scénario du contrat et sort 0 ; entrée invalide → 2', () => {
    const r = exploc(['indemnisation', 'calculer'], {
      entree: JSON.stringify({ ...SCENARIO, indemnisation: { jusquau: '2025-09-20' } }),
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ periode: null, lignes: [], total: 0 });
    expect(exploc(['indemnisation', 'calculer'], { entree: '[]' }).code).toBe(2);
  });
});

describe('usage', () => {
  it('--help décrit les commandes ; une commande inconnue sort 2', () => {
    const aide = exploc(['--help']);
    expect(aide.code).toBe(0);
    expect(aide.stdout).toContain('procedure evaluate');
    const inconnue = exploc(['inconnue']);
    expect(inconnue.code).toBe(2);
    expect(inconnue.stderr).toContain('Commande inconnue');
    expect(exploc(['seed', '--option-inconnue']).code).toBe(2);
  });

  it('utilisateur creer crée un compte sur la base de DATABASE_URL, puis refuse le doublon (sortie 2)', async () => {
    const { url, db } = await creerBaseDeTest();
    const args = [
      'utilisateur',
      'creer',
      '--email',
      'premier.admin@exemple.gouv.fr',
      '--nom',
      'Admin',
      '--profil',
      'admin_departemental',
      '--organisation-type',
      'prefecture',
      '--organisation-nom',
      'Préfecture du Nord',
      '--departement',
      '59',
      '--mot-de-passe',
      'un mot de passe long',
    ];
    const r = exploc(args, { env: { DATABASE_URL: url } });
    expect(r.code, r.stderr).toBe(0);
    const { id } = JSON.parse(r.stdout) as { id: string };
    const compte = await db
      .selectFrom('utilisateur')
      .select(['profil', 'perimetre_departements'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(compte).toEqual({ profil: 'admin_departemental', perimetre_departements: ['59'] });
    const doublon = exploc(args, { env: { DATABASE_URL: url } });
    expect(doublon.code).toBe(2);
    expect(doublon.stderr).toContain('existe déjà');
    expect(
      exploc(['utilisateur', 'creer', '--email', 'pas-un-email'], { env: { DATABASE_URL: url } }).code,
    ).toBe(2);
  });
});
