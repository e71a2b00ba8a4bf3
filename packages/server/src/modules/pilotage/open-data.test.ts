/**
 * The open-data file: no identifying column, no small cell, no value that gives a small cell back
 * (docs/pilotage/open-data.md).
 */
import { indicateur } from '@exploc/domain/indicateurs/catalogue';
import { SOMMES } from '@exploc/domain/indicateurs/secret-statistique';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Agent, connecter, creerAppDeTest } from '../../../test/app-de-test.js';
import { CODES_OPEN_DATA } from './open-data.js';

const { app, db } = await creerAppDeTest();

/** `n` dossiers of a commune, each with the given events (one statement each: inline recomputation). */
async function dossiers(
  commune: string,
  n: number,
  evenements: { type: string; date: string; donnees?: object }[],
) {
  const b = await sql<{ id: string }>`
    insert into bailleur (type, nom, siret, social) values ('personne_morale', ${`Office ${commune} ${n}`}, null, true)
    returning id`.execute(db);
  const r = await sql<{ id: string }>`
    insert into dossier (numero, departement_code, arrondissement_code, commune_insee, bailleur_id, nom_principal,
      adresse_ligne, code_postal, logement_social, bail_date_signature, loyer_hc_cents, charges_cents)
    select '2025-' || c.departement_code || '-7' || ${commune.slice(2)} || lpad(k::text, 3, '0'), c.departement_code,
      c.arrondissement_code, c.code_insee, ${b.rows[0]?.id}, 'MARTIN Jeanne', '3 rue des Données', '00000', true,
      '2019-05-01', 55000, 4000
    from commune c, generate_series(1, ${n}) k where c.code_insee = ${commune}
    returning id`.execute(db);
  const ids = r.rows.map((x) => x.id);
  for (const e of evenements) {
    await sql`
      insert into evenement (dossier_id, type, date_evenement, donnees, source)
      select id, ${e.type}, ${e.date}, ${JSON.stringify(e.donnees ?? {})}::jsonb, 'saisie'
      from unnest(${ids}::uuid[]) id`.execute(db);
  }
  return ids;
}

let national: Agent;
let lignes: string[][] = [];
let colonnes: string[] = [];
let corps = '';

beforeAll(async () => {
  await sql`delete from dossier`.execute(db);
  // March 2025 in Paris: 26 assignations and decisions (12 evictions, 11 payment delays, 3 rejections),
  // 2 indemnities paid. In Seine-Saint-Denis: 3 assignations.
  await dossiers('75118', 12, [
    { type: 'assignation', date: '2025-03-02', donnees: { dateAudience: '2025-03-20' } },
    { type: 'decision_justice', date: '2025-03-25', donnees: { sens: 'resiliation_expulsion' } },
  ]);
  await dossiers('75111', 11, [
    { type: 'assignation', date: '2025-03-02', donnees: { dateAudience: '2025-03-20' } },
    {
      type: 'decision_justice',
      date: '2025-03-25',
      donnees: { sens: 'delais_paiement', delaisPaiementMois: 12 },
    },
  ]);
  await dossiers('75120', 3, [
    { type: 'assignation', date: '2025-03-02', donnees: { dateAudience: '2025-03-20' } },
    { type: 'decision_justice', date: '2025-03-25', donnees: { sens: 'rejet' } },
  ]);
  await dossiers('75119', 2, [
    { type: 'transaction_indemnisation', date: '2025-03-12', donnees: { montant: 4321.09 } },
  ]);
  await dossiers('93066', 3, [
    { type: 'assignation', date: '2025-03-05', donnees: { dateAudience: '2025-04-20' } },
  ]);

  national = await connecter(app, 'national@demo.exploc.fr');
  const r = await national.requete({
    method: 'GET',
    url: '/api/v1/pilotage/donnees-ouvertes.csv?du=2025-01&au=2025-06',
  });
  expect(r.statusCode, r.body).toBe(200);
  corps = r.body;
  const [entete, ...reste] = corps
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');
  colonnes = (entete ?? '').split(';');
  lignes = reste.map((l) => l.split(';'));
});

const cellule = (ligne: string[], colonne: string) => ligne[colonnes.indexOf(colonne)] ?? 'absente';
const ligneDe = (departement: string, mois: string) => {
  const l = lignes.find((x) => cellule(x, 'code_departement') === departement && cellule(x, 'mois') === mois);
  if (!l) throw new Error(`ligne ${departement} ${mois} absente`);
  return l;
};

describe('données ouvertes par département et par mois', () => {
  it('CSV « ; » avec BOM ; une ligne par département et par mois ; colonnes documentées', () => {
    expect(corps.startsWith('\uFEFFmois;code_departement;nom_departement;code_region;')).toBe(true);
    expect(colonnes).toEqual([
      'mois',
      'code_departement',
      'nom_departement',
      'code_region',
      ...CODES_OPEN_DATA,
    ]);
    const departements = new Set(lignes.map((l) => cellule(l, 'code_departement')));
    expect(departements.size).toBeGreaterThanOrEqual(101);
    expect(lignes).toHaveLength(departements.size * 6);
  });

  it('aucune colonne ni valeur identifiante', () => {
    for (const c of colonnes) {
      expect(c).not.toMatch(
        /(^|_)(id|uuid|numero|nom_principal|personne|prenom|nom_menage|adresse|siret|email|telephone|naissance|allocataire|bailleur_nom|agent)(_|$)/,
      );
    }
    // No uuid, no dossier number, no name of the dataset, no address, no amount of a single payment.
    expect(corps).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
    expect(corps).not.toMatch(/\d{4}-\d{2,3}-\d{6}/);
    expect(corps).not.toMatch(/MARTIN|Jeanne|rue des Données|Office/);
    expect(corps).not.toContain('4321');
    expect(corps).not.toContain('8642');
  });

  it('aucun effectif inférieur à 11, ni montant ou médiane calculé sur moins de 11', () => {
    for (const l of lignes) {
      for (const code of CODES_OPEN_DATA) {
        const v = cellule(l, code);
        if (v === '') continue;
        const nombre = Number(v.replace(',', '.'));
        expect(Number.isFinite(nombre), `${code} = ${v}`).toBe(true);
        if (indicateur(code).unite === 'nombre')
          expect(
            nombre,
            `${cellule(l, 'mois')} ${cellule(l, 'code_departement')} ${code}`,
          ).toBeGreaterThanOrEqual(11);
      }
    }
    expect(cellule(ligneDe('75', '2025-03'), 'assignations')).toBe('26');
    expect(cellule(ligneDe('75', '2025-03'), 'decisions_expulsion')).toBe('12');
    expect(cellule(ligneDe('75', '2025-03'), 'decisions_rejet')).toBe('');
    expect(cellule(ligneDe('75', '2025-03'), 'indemnisations_montant_verse')).toBe('');
    expect(cellule(ligneDe('93', '2025-03'), 'assignations')).toBe('');
    // Zero is below 11 too.
    expect(cellule(ligneDe('75', '2025-02'), 'assignations')).toBe('');
  });

  it('secret secondaire : une somme publiée n’a jamais une seule cellule inconnue', () => {
    // 26 décisions − 12 expulsions − 11 délais = 3 rejets: the 11 délais are masked too.
    expect(cellule(ligneDe('75', '2025-03'), 'decisions_justice')).toBe('26');
    expect(cellule(ligneDe('75', '2025-03'), 'decisions_delais_paiement')).toBe('');
    for (const l of lignes) {
      for (const s of SOMMES) {
        const cellules = [s.total, ...s.parties].filter((c) => colonnes.includes(c));
        const inconnues = cellules.filter((c) => cellule(l, c) === '').length + (s.complement ? 1 : 0);
        expect(inconnues, `${cellule(l, 'mois')} ${cellule(l, 'code_departement')} ${s.total}`).not.toBe(1);
      }
    }
  });

  it('XLSX aussi ; mois non achevé refusé ; export journalisé', async () => {
    const x = await national.requete({
      method: 'GET',
      url: '/api/v1/pilotage/donnees-ouvertes.xlsx?du=2025-03&au=2025-03',
    });
    expect(x.statusCode).toBe(200);
    expect(x.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const moisCourant = new Date().toISOString().slice(0, 7);
    const encours = await national.requete({
      method: 'GET',
      url: `/api/v1/pilotage/donnees-ouvertes.csv?du=2025-01&au=${moisCourant}`,
    });
    expect(encours.statusCode).toBe(400);
    const journal = await sql<{ n: number }>`
      select count(*)::int as n from journal where action = 'export_pilotage' and objet_type = 'donnees_ouvertes'`.execute(
      db,
    );
    expect(journal.rows[0]?.n).toBe(2);
  });
});
