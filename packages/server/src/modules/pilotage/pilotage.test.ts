/**
 * Integration tests of the steering indicators against a small dataset built by hand: every expected value
 * below is counted by reading the dataset, never by running the same SQL.
 */
import { ajouterMois } from '@exploc/domain/calendrier/dates';
import { INDICATEURS } from '@exploc/domain/indicateurs/catalogue';
import { NATURES_DERIVEES } from '@exploc/domain/indicateurs/faits';
import { TYPES_EVENEMENT, type TypeBailleur } from '@exploc/domain/procedure/scenario';
import ExcelJS from 'exceljs';
import { type Kysely, sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Agent, connecter, creerAppDeTest } from '../../../test/app-de-test.js';
import type { DB } from '../../db/schema.js';
import { demarrerRecalculPilotage } from '../../jobs/recalcul-pilotage.js';
import { compacterMensuel, recalculerEnAttente, reconstruireFaits } from './repository.js';

const { app, db } = await creerAppDeTest();

let numero = 0;
async function dossier(
  o: { commune: string; bailleur: TypeBailleur; social?: boolean; dalo?: boolean },
  base: Kysely<DB> = db,
): Promise<string> {
  numero++;
  const b = await sql<{ id: string }>`
    insert into bailleur (type, nom, social) values (${o.bailleur}, ${`Bailleur d’essai ${numero}`}, ${o.social ?? false})
    returning id`.execute(base);
  const r = await sql<{ id: string }>`
    insert into dossier (numero, departement_code, arrondissement_code, commune_insee, bailleur_id, prioritaire_dalo,
      nom_principal, adresse_ligne, code_postal, logement_social, bail_date_signature, loyer_hc_cents, charges_cents)
    select ${`2025-${o.commune.slice(0, 2)}-9${String(numero).padStart(5, '0')}`}, c.departement_code,
      c.arrondissement_code, c.code_insee, ${b.rows[0]?.id}, ${o.dalo ?? false}, 'ESSAI Personne', '1 rue de l’Essai',
      '00000', ${o.social ?? false}, '2020-01-01', 60000, 5000
    from commune c where c.code_insee = ${o.commune}
    returning id`.execute(base);
  const id = r.rows[0]?.id;
  if (!id) throw new Error(`commune ${o.commune} absente du référentiel`);
  return id;
}

async function evenement(
  dossierId: string,
  type: string,
  date: string,
  donnees: Record<string, unknown> = {},
  remplace: string | null = null,
): Promise<string> {
  const r = await sql<{ id: string }>`
    insert into evenement (dossier_id, type, date_evenement, donnees, source, remplace_id)
    values (${dossierId}, ${type}, ${date}, ${JSON.stringify(donnees)}::jsonb, 'saisie', ${remplace})
    returning id`.execute(db);
  return r.rows[0]?.id ?? '';
}

// Period P of the tests: first half of 2025 (both ends included).
const P = { du: '2025-01-01', au: '2025-06-30' };

let A = '';
let B = '';
let C = '';
let D = '';
let E = '';
let F = '';
let national: Agent;
let prefecture75: Agent;
let prefecture93: Agent;
let sousPrefecture: Agent;

beforeAll(async () => {
  // The demo accounts come with demo dossiers: the dataset below must be the only one.
  await sql`delete from dossier`.execute(db);
  // A — Paris 18e, legal-entity social landlord.
  A = await dossier({ commune: '75118', bailleur: 'personne_morale', social: true });
  await evenement(A, 'commandement_de_payer', '2024-12-31', { montantDette: 1800 }); // the day before P
  await evenement(A, 'commandement_de_payer', '2025-01-01', { montantDette: 2100 }); // first day of P
  await evenement(A, 'saisine_ccapex', '2025-02-10', { origine: 'bailleur' });
  await evenement(A, 'assignation', '2025-03-01', { dateAudience: '2025-05-01' });
  await evenement(A, 'renvoi_audience', '2025-05-01', { dateAudience: '2025-06-10' });
  await evenement(A, 'dsf_transmis', '2025-06-09'); // the day before the (postponed) hearing
  await evenement(A, 'decision_justice', '2025-06-30', { sens: 'resiliation_expulsion' }); // last day of P
  // B — Paris 18e, private individual landlord, DALO-priority household.
  B = await dossier({ commune: '75118', bailleur: 'personne_physique', dalo: true });
  await evenement(B, 'impaye_constitue', '2024-11-01', { montantDette: 900 });
  await evenement(B, 'signalement_impaye_caf', '2025-01-15'); // not the first arrears signal
  await evenement(B, 'commandement_de_payer', '2025-02-01', { montantDette: 1500 });
  await evenement(B, 'assignation', '2025-03-15', { dateAudience: '2025-04-20' }); // no DSF
  await evenement(B, 'decision_justice', '2025-05-15', { sens: 'resiliation_expulsion' });
  await evenement(B, 'commandement_quitter_lieux', '2025-05-20');
  // C — Le Raincy (arrondissement 932), social landlord, DALO-priority.
  C = await dossier({ commune: '93062', bailleur: 'personne_morale', social: true, dalo: true });
  await evenement(C, 'demande_cfp', '2024-12-31'); // + 2 months = 28/02/2025 (no 31 February)
  await evenement(C, 'decision_cfp', '2025-03-05', { sens: 'octroi' }); // after the implicit refusal
  await evenement(C, 'demande_indemnisation', '2025-04-01', { montantDemande: 5400.5 });
  await evenement(C, 'transaction_indemnisation', '2025-06-15', { montant: 3200.25 });
  // D — Saint-Denis (arrondissement 933), family SCI.
  D = await dossier({ commune: '93066', bailleur: 'sci_familiale' });
  const erronee = await evenement(D, 'commandement_de_payer', '2025-01-20', { montantDette: 3000 });
  await evenement(D, 'commandement_de_payer', '2025-07-02', { montantDette: 3000 }, erronee); // correction
  await evenement(D, 'demande_cfp', '2025-01-10');
  await evenement(D, 'decision_cfp', '2025-03-10', { sens: 'refus' }); // exactly 2 months: in time
  await evenement(D, 'demande_cfp', '2025-04-01');
  await evenement(D, 'decision_cfp', '2025-04-15', { sens: 'sursis' }); // not a decision: refusal on 01/06
  await evenement(D, 'expulsion_realisee', '2025-06-20');
  // E — Le Raincy, social landlord.
  E = await dossier({ commune: '93062', bailleur: 'personne_morale', social: true });
  await evenement(E, 'signalement_impaye_caf', '2025-01-01');
  await evenement(E, 'impaye_constitue', '2025-02-01', { montantDette: 700 });
  await evenement(E, 'relogement', '2025-03-03');
  await evenement(E, 'demande_cfp', '2025-05-20'); // implicit refusal on 20/07, after P
  // F — Paris 18e.
  F = await dossier({ commune: '75118', bailleur: 'personne_physique' });
  await evenement(F, 'depart_volontaire', '2025-01-31');
  await evenement(F, 'saisine_ccapex', '2025-06-30', { origine: 'caf' });
  await evenement(F, 'impaye_constitue', '2025-06-30', { montantDette: 1200 });

  national = await connecter(app, 'national@demo.exploc.fr');
  prefecture75 = await connecter(app, 'prefecture.75@demo.exploc.fr');
  prefecture93 = await connecter(app, 'prefecture.93@demo.exploc.fr');
  sousPrefecture = await connecter(app, 'sous-prefecture.93-raincy@demo.exploc.fr');
});

type Valeurs = Record<string, number | null>;

async function indicateurs(agent: Agent, territoire: string, periode = P, extra = ''): Promise<Valeurs> {
  const r = await agent.requete({
    method: 'GET',
    url: `/api/v1/pilotage/indicateurs?territoire=${territoire}&du=${periode.du}&au=${periode.au}${extra}`,
  });
  expect(r.statusCode, r.body).toBe(200);
  const corps = r.json() as {
    indicateurs: { code: string; libelle: string; valeur: number | null; unite: string }[];
  };
  return Object.fromEntries(corps.indicateurs.map((i) => [i.code, i.valeur]));
}

describe('GET /api/v1/pilotage/indicateurs (contrat)', () => {
  it('répond au format du contrat, sans personne nommée', async () => {
    const r = await national.requete({
      method: 'GET',
      url: `/api/v1/pilotage/indicateurs?territoire=FR&du=${P.du}&au=${P.au}`,
    });
    expect(r.statusCode).toBe(200);
    const corps = r.json() as { indicateurs: Record<string, unknown>[] };
    expect(Object.keys(corps)).toEqual(['indicateurs']);
    for (const i of corps.indicateurs) {
      expect(Object.keys(i).sort()).toEqual(['code', 'libelle', 'unite', 'valeur']);
    }
    const codes = corps.indicateurs.map((i) => i.code);
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
    ])
      expect(codes).toContain(code);
    // CCAPEX sessions are not recorded yet: no made-up value.
    expect(codes).not.toContain('ccapex_seances');
    expect(r.body).not.toMatch(/ESSAI|Personne|Bailleur d’essai|2025-\d\d-9\d{5}/);
  });

  it('France, premier semestre 2025 : chaque indicateur compté à la main', async () => {
    const v = await indicateurs(national, 'FR');
    expect(v).toMatchObject({
      // A on 01/01 (A on 31/12/2024 is outside; D's superseded act never counts, its correction is in July).
      commandements_de_payer: 2,
      impayes_connus: 2, // E (01/01, once although two signals), F (30/06); B's first signal is in 2024
      saisines_ccapex: 2,
      saisines_ccapex_bailleur: 1,
      saisines_ccapex_caf: 1,
      saisines_ccapex_menage: 0,
      signalements_commandements_ccapex: 0,
      assignations: 2,
      audiences: 2, // A on 10/06 (after postponement), B on 20/04
      audiences_avec_dsf: 1, // A: DSF on 09/06
      taux_dsf_avant_audience: 50,
      decisions_justice: 2,
      decisions_expulsion: 2, // B on 15/05, A on 30/06 (last day included)
      decisions_delais_paiement: 0,
      commandements_quitter_lieux: 1,
      demandes_cfp: 3, // D 10/01, D 01/04, E 20/05 (C's is in 2024)
      cfp_accordes: 1,
      cfp_refuses: 1, // D on 10/03, exactly 2 months after the request: an explicit refusal in time
      cfp_refus_implicites: 2, // C on 28/02 (31/12 + 2 months), D on 01/06 (a sursis is no decision)
      cfp_sursis: 1,
      taux_refus_cfp: 75, // (1 + 2) / (1 + 1 + 2)
      demandes_cfp_prioritaires_dalo: 0,
      cfp_accordes_prioritaires_dalo: 1, // C
      expulsions_realisees: 1,
      departs_avant_expulsion: 1,
      relogements: 1,
      indemnisations_demandees: 1,
      indemnisations_montant_demande: 5400.5,
      indemnisations_versees: 1,
      indemnisations_montant_verse: 3200.25,
      delai_median_assignation_decision_jours: 91, // A 121 days (01/03 → 30/06), B 61 days: (121 + 61) / 2
      delai_median_demande_decision_cfp_jours: 61.5, // C 64 days, D 59 days; D's sursis is no decision
      delai_median_commandement_assignation_jours: 50.5, // A 01/01 → 01/03 = 59, B 01/02 → 15/03 = 42
      delai_median_decision_cql_jours: 5, // B 15/05 → 20/05
      delai_median_decision_expulsion_jours: null, // D has no court decision
    });
  });

  it('les bornes sont incluses, et un jour de moins les exclut (mois entiers et jours restants)', async () => {
    expect(
      (await indicateurs(national, 'FR', { du: '2025-01-02', au: '2025-06-30' })).commandements_de_payer,
    ).toBe(1);
    expect(
      (await indicateurs(national, 'FR', { du: '2025-01-01', au: '2025-06-29' })).decisions_expulsion,
    ).toBe(1);
    expect(
      (await indicateurs(national, 'FR', { du: '2024-12-31', au: '2024-12-31' })).commandements_de_payer,
    ).toBe(1);
    // The implicit refusal of C falls on 28/02/2025, not on 03/03 nor 28/02 of another month.
    expect(
      (await indicateurs(national, 'FR', { du: '2025-02-28', au: '2025-02-28' })).cfp_refus_implicites,
    ).toBe(1);
    expect(
      (await indicateurs(national, 'FR', { du: '2025-03-01', au: '2025-03-31' })).cfp_refus_implicites,
    ).toBe(0);
  });

  it('départements, arrondissements, communes et région', async () => {
    const paris = await indicateurs(prefecture75, '75');
    expect(paris).toMatchObject({
      commandements_de_payer: 2,
      saisines_ccapex: 2,
      assignations: 2,
      decisions_expulsion: 2,
      commandements_quitter_lieux: 1,
      demandes_cfp: 0,
      impayes_connus: 1,
      delai_median_assignation_decision_jours: 91,
    });
    const seineSaintDenis = await indicateurs(prefecture93, '93');
    expect(seineSaintDenis).toMatchObject({
      commandements_de_payer: 0,
      demandes_cfp: 3,
      cfp_accordes: 1,
      cfp_refuses: 1,
      cfp_refus_implicites: 2,
      expulsions_realisees: 1,
      relogements: 1,
      indemnisations_montant_verse: 3200.25,
    });
    const raincy = await indicateurs(sousPrefecture, 'arrondissement:932');
    expect(raincy).toMatchObject({
      demandes_cfp: 1,
      cfp_accordes: 1,
      cfp_refus_implicites: 1,
      relogements: 1,
    });
    expect(await indicateurs(prefecture93, 'arrondissement:933')).toMatchObject({
      demandes_cfp: 2,
      cfp_refuses: 1,
    });
    expect(await indicateurs(prefecture93, 'commune:93062')).toMatchObject({
      demandes_cfp: 1,
      impayes_connus: 1,
    });
    // Paris (75056) counts its arrondissements municipaux.
    expect(await indicateurs(prefecture75, 'commune:75056')).toMatchObject({ commandements_de_payer: 2 });
    expect(await indicateurs(national, 'region:11')).toMatchObject({
      commandements_de_payer: 2,
      demandes_cfp: 3,
    });
  });

  it('filtre par type de bailleur et par parc', async () => {
    const morales = await indicateurs(national, 'FR', P, '&typeBailleur=personne_morale');
    expect(morales).toMatchObject({
      commandements_de_payer: 1,
      demandes_cfp: 1,
      cfp_accordes: 1,
      relogements: 1,
    });
    const prive = await indicateurs(national, 'FR', P, '&parc=prive');
    expect(prive).toMatchObject({ commandements_de_payer: 1, demandes_cfp: 2, expulsions_realisees: 1 });
  });

  it('une période qui dépasse aujourd’hui n’avance pas les refus implicites à venir', async () => {
    const x = await dossier({ commune: '93062', bailleur: 'personne_morale' });
    const aujourdhui = new Date().toISOString().slice(0, 10);
    const demande = ajouterMois(aujourdhui, -1);
    await evenement(x, 'demande_cfp', demande);
    const v = await indicateurs(national, 'FR', { du: demande, au: ajouterMois(aujourdhui, 6) });
    expect(v.demandes_cfp).toBe(1);
    expect(v.cfp_refus_implicites).toBe(0);
  });
});

describe('accès par territoire', () => {
  const statut = async (agent: Agent, territoire: string) =>
    (
      await agent.requete({
        method: 'GET',
        url: `/api/v1/pilotage/indicateurs?territoire=${territoire}&du=${P.du}&au=${P.au}`,
      })
    ).statusCode;

  it('pilotage national : France, régions, départements, arrondissements ; pas de commune', async () => {
    expect(await statut(national, 'FR')).toBe(200);
    expect(await statut(national, 'region:11')).toBe(200);
    expect(await statut(national, '971')).toBe(200);
    expect(await statut(national, 'arrondissement:932')).toBe(200);
    expect(await statut(national, 'commune:93062')).toBe(403);
  });

  it('préfecture : son département et ce qu’il contient (403 ailleurs, 404 pour un code inconnu)', async () => {
    expect(await statut(prefecture75, '75')).toBe(200);
    expect(await statut(prefecture75, 'commune:75118')).toBe(200);
    expect(await statut(prefecture75, 'arrondissement:751')).toBe(200);
    expect(await statut(prefecture75, '93')).toBe(403);
    expect(await statut(prefecture75, 'FR')).toBe(403);
    expect(await statut(prefecture75, 'region:11')).toBe(403);
    expect(await statut(prefecture75, 'arrondissement:932')).toBe(403);
    expect(await statut(prefecture75, 'arrondissement:759')).toBe(404);
    expect(await statut(prefecture75, 'commune:75999')).toBe(404);
    expect(await statut(await connecter(app, 'admin.75@demo.exploc.fr'), '75')).toBe(200);
  });

  it('sous-préfecture : son arrondissement et ses communes, pas le département', async () => {
    expect(await statut(sousPrefecture, 'arrondissement:932')).toBe(200);
    expect(await statut(sousPrefecture, 'commune:93062')).toBe(200);
    expect(await statut(sousPrefecture, 'commune:93066')).toBe(403);
    expect(await statut(sousPrefecture, '93')).toBe(403);
  });

  it('refuse les requêtes invalides en 400 et les profils sans pilotage en 403', async () => {
    const r = await national.requete({
      method: 'GET',
      url: '/api/v1/pilotage/indicateurs?territoire=99&du=2025-06-30&au=2025-01-01',
    });
    expect(r.statusCode).toBe(400);
    const chemins = (r.json() as { erreur: { details: { chemin: string }[] } }).erreur.details.map(
      (d) => d.chemin,
    );
    expect(chemins).toEqual(expect.arrayContaining(['territoire', 'au']));
    const bailleur = await connecter(app, 'bailleur@demo.exploc.fr');
    expect(await statut(bailleur, '75')).toBe(403);
  });
});

describe('pré-agrégation maintenue à chaque écriture', () => {
  it('une correction remplace le fait corrigé, immédiatement', async () => {
    const decision = await sql<{ id: string }>`
      select id from evenement where dossier_id = ${B} and type = 'decision_justice'`.execute(db);
    await evenement(
      B,
      'decision_justice',
      '2025-05-15',
      { sens: 'delais_paiement', delaisPaiementMois: 12 },
      decision.rows[0]?.id,
    );
    const v = await indicateurs(prefecture75, '75');
    expect(v.decisions_expulsion).toBe(1);
    expect(v.decisions_delais_paiement).toBe(1);
    expect(v.decisions_justice).toBe(2);
  });

  it('un événement ajouté n’écrit que les faits qui changent (les autres lignes restent en place)', async () => {
    const faits = async () =>
      (
        await sql<{ cle: string; ctid: string }>`
          select source_id || ':' || nature as cle, ctid::text as ctid from pilotage_fait
          where dossier_id = ${F} order by 1`.execute(db)
      ).rows;
    const avant = await faits();
    expect(avant.length).toBeGreaterThanOrEqual(3);
    const expulsion = await evenement(F, 'expulsion_realisee', '2025-06-30');
    const apres = await faits();
    // The existing facts are the same physical rows (not deleted and inserted again); the new one is added.
    expect(apres.filter((f) => avant.some((a) => a.cle === f.cle && a.ctid === f.ctid))).toHaveLength(
      avant.length,
    );
    expect(apres.map((f) => f.cle).filter((c) => !avant.some((a) => a.cle === c))).toEqual([
      `${expulsion}:expulsion_realisee`,
    ]);
    // A correction still rewrites the corrected fact, and only once.
    await evenement(F, 'expulsion_realisee', '2025-06-29', {}, expulsion);
    const corrige = await faits();
    expect(corrige.filter((f) => f.cle.endsWith(':expulsion_realisee'))).toHaveLength(1);
    expect(new Set(corrige.map((f) => f.cle)).size).toBe(corrige.length);
    expect((await indicateurs(prefecture75, '75')).expulsions_realisees).toBe(1);
    // The dataset of the following tests is left as it was.
    await sql`delete from evenement where dossier_id = ${F} and type = 'expulsion_realisee'`.execute(db);
    expect(await faits()).toEqual(avant.map((a) => ({ ...a, ctid: expect.any(String) })));
  });

  it('changer la commune d’un dossier le change de territoire', async () => {
    await sql`update dossier set commune_insee = '93062', arrondissement_code = '932' where id = ${D}`.execute(
      db,
    );
    expect((await indicateurs(sousPrefecture, 'arrondissement:932')).demandes_cfp).toBe(3);
    expect((await indicateurs(prefecture93, 'arrondissement:933')).demandes_cfp).toBe(0);
    await sql`update dossier set commune_insee = '93066', arrondissement_code = '933' where id = ${D}`.execute(
      db,
    );
  });

  it('un chargement en masse attend le travail de recalcul, puis compte', async () => {
    const base =
      (
        await sql<{
          n: number;
        }>`select count(*)::int as n from pilotage_fait where nature = 'assignation'`.execute(db)
      ).rows[0]?.n ?? 0;
    // 1,001 dossiers in one statement (one landlord for all).
    const modele = await dossier({ commune: '93005', bailleur: 'personne_physique' });
    const copies = await sql<{ id: string }>`
      insert into dossier (numero, departement_code, arrondissement_code, commune_insee, bailleur_id, nom_principal,
        adresse_ligne, code_postal, logement_social, bail_date_signature, loyer_hc_cents, charges_cents)
      select '2025-93-8' || lpad(k::text, 5, '0'), departement_code, arrondissement_code, commune_insee, bailleur_id,
        nom_principal, adresse_ligne, code_postal, logement_social, bail_date_signature, loyer_hc_cents, charges_cents
      from dossier, generate_series(1, 1000) k where id = ${modele}
      returning id`.execute(db);
    const ids = [modele, ...copies.rows.map((r) => r.id)];
    await sql`
      insert into evenement (dossier_id, type, date_evenement, donnees, source)
      select id, 'assignation', '2025-02-03', '{"dateAudience": "2025-04-01"}'::jsonb, 'import'
      from unnest(${ids}::uuid[]) as id`.execute(db);
    const attente = await sql<{ n: number }>`select count(*)::int as n from pilotage_a_recalculer`.execute(
      db,
    );
    expect(attente.rows[0]?.n).toBe(1001);
    expect(await recalculerEnAttente(db, 400)).toBe(1001);
    const apres = (
      await sql<{
        n: number;
      }>`select count(*)::int as n from pilotage_fait where nature = 'assignation'`.execute(db)
    ).rows[0]?.n;
    expect(apres).toBe(base + 1001);
    expect((await indicateurs(national, 'FR')).assignations).toBe(2 + 1001);
    // Deleting them is a bulk statement too: queued, then recomputed.
    await sql`delete from dossier where id = any(${ids}::uuid[])`.execute(db);
    expect(await recalculerEnAttente(db)).toBe(1001);
    expect((await indicateurs(national, 'FR')).assignations).toBe(2);
  });

  it('une écriture de partenaire (différée) est comptée par le recalcul du serveur, une seconde après', async () => {
    const avant = await indicateurs(prefecture75, '75');
    // What partners' writes do (partenaires/repository.ts, verrouillerEtLireCle): the setting lasts for the
    // transaction; its dossiers are queued instead of recomputed.
    await db.transaction().execute(async (trx) => {
      await sql`select set_config('exploc.pilotage_differe', 'on', true)`.execute(trx);
      await sql`
        insert into evenement (dossier_id, type, date_evenement, donnees, source)
        values (${F}, 'expulsion_realisee', '2025-06-30', '{}'::jsonb, 'partenaire')`.execute(trx);
    });
    const file = await sql<{ n: number }>`
      select count(*)::int as n from pilotage_a_recalculer where dossier_id = ${F}`.execute(db);
    expect(file.rows[0]?.n).toBe(1);
    expect((await indicateurs(prefecture75, '75')).expulsions_realisees).toBe(avant.expulsions_realisees);
    const messages: string[] = [];
    const recalcul = demarrerRecalculPilotage(db, { intervalleMs: 20, journal: (m) => messages.push(m) });
    try {
      for (let k = 0; k < 250; k++) {
        const reste = await sql<{ n: number }>`select count(*)::int as n from pilotage_a_recalculer`.execute(
          db,
        );
        if (reste.rows[0]?.n === 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      await recalcul.arreter();
    }
    expect(messages).toEqual([]);
    expect((await indicateurs(prefecture75, '75')).expulsions_realisees).toBe(
      (avant.expulsions_realisees ?? 0) + 1,
    );
    // Without the setting (any other write), the facts change in the writing transaction itself.
    await sql`delete from evenement where dossier_id = ${F} and type = 'expulsion_realisee'`.execute(db);
    expect(await indicateurs(prefecture75, '75')).toEqual(avant);
    const restes = await sql<{ n: number }>`select count(*)::int as n from pilotage_a_recalculer`.execute(db);
    expect(restes.rows[0]?.n).toBe(0);
  });

  it('le compactage des sommes mensuelles ne change aucune valeur', async () => {
    const avant = await indicateurs(national, 'FR');
    const r = await compacterMensuel(db);
    expect(r.apres).toBeLessThanOrEqual(r.avant);
    expect(await indicateurs(national, 'FR')).toEqual(avant);
  });

  it('la reconstruction complète (après un chargement national) redonne les mêmes valeurs', async () => {
    const avant = await indicateurs(national, 'FR');
    const r = await reconstruireFaits(db);
    expect(r.faits).toBeGreaterThan(30);
    expect(await indicateurs(national, 'FR')).toEqual(avant);
    const index = await sql<{ n: number }>`
      select count(*)::int as n from pg_indexes where tablename in ('pilotage_fait', 'pilotage_mensuel')`.execute(
      db,
    );
    expect(index.rows[0]?.n).toBe(9);
  });

  it('les natures stockées et sommées par mois sont exactement celles qu’utilise le catalogue', async () => {
    const comptees = new Set(
      INDICATEURS.flatMap((i) => ('selection' in i.calcul ? [i.calcul.selection.nature] : [])),
    );
    const sommees = new Set(
      INDICATEURS.flatMap((i) =>
        i.calcul.mesure === 'nombre' || i.calcul.mesure === 'somme' ? [i.calcul.selection.nature] : [],
      ),
    );
    for (const n of [...TYPES_EVENEMENT, ...NATURES_DERIVEES]) {
      const r = await sql<{ c: boolean; s: boolean }>`
        select pilotage_nature_comptee(${n}) as c, pilotage_nature_sommee(${n}) as s`.execute(db);
      expect({ n, ...r.rows[0] }).toEqual({ n, c: comptees.has(n), s: sommees.has(n) });
    }
  });

  it('les faits stockés sont exactement ceux que la vue calcule', async () => {
    const ecart = await sql<{ n: number }>`
      select count(*)::int as n from (
        (select source_id, nature, date_fait, modalite, valeur, commune_insee from pilotage_fait
         except select source_id, nature, date_fait, modalite, valeur, commune_insee from pilotage_fait_vif)
        union all
        (select source_id, nature, date_fait, modalite, valeur, commune_insee from pilotage_fait_vif
         except select source_id, nature, date_fait, modalite, valeur, commune_insee from pilotage_fait)) e`.execute(
      db,
    );
    expect(ecart.rows[0]?.n).toBe(0);
  });

  it('« + interval 2 months » de PostgreSQL donne la date de l’article 641 du CPC (calendrier/dates)', async () => {
    const r = await sql<{ d: string; plus: string }>`
      select d::date::text as d, (d::date + interval '2 months')::date::text as plus
      from generate_series('2023-01-01'::date, '2029-12-31'::date, interval '1 day') d`.execute(db);
    const ecarts = r.rows.filter((x) => ajouterMois(x.d, 2) !== x.plus);
    expect(r.rows.length).toBeGreaterThan(2500);
    expect(ecarts).toEqual([]);
  });
});

describe('tableaux de bord et exports', () => {
  it('tableau de bord départemental : évolution, séries mensuelles, détail par commune', async () => {
    const r = await prefecture75.requete({
      method: 'GET',
      url: `/api/v1/pilotage/tableau-de-bord?territoire=75&du=${P.du}&au=${P.au}`,
    });
    expect(r.statusCode, r.body).toBe(200);
    const t = r.json() as {
      periodePrecedente: { du: string; au: string };
      indicateurs: {
        code: string;
        valeur: number | null;
        valeurPrecedente: number | null;
        evolution: number | null;
      }[];
      series: { mois: string[]; valeurs: Record<string, Record<string, number | null>> };
      sousTerritoires: {
        niveau: string;
        elements: { code: string; valeurs: Record<string, number | null> }[];
      };
    };
    expect(t.periodePrecedente).toEqual({ du: '2024-01-01', au: '2024-06-30' });
    const cmd = t.indicateurs.find((i) => i.code === 'commandements_de_payer');
    expect(cmd).toMatchObject({ valeur: 2, valeurPrecedente: 0, evolution: null });
    expect(t.series.mois).toEqual(['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06']);
    expect(t.series.valeurs['2025-01']?.commandements_de_payer).toBe(1);
    expect(t.series.valeurs['2025-02']?.commandements_de_payer).toBe(1);
    expect(t.series.valeurs['2025-06']?.decisions_expulsion).toBe(1);
    // Paris has one arrondissement: the breakdown goes to its arrondissements municipaux.
    expect(t.sousTerritoires.niveau).toBe('commune');
    expect(t.sousTerritoires.elements.map((e) => e.code)).toEqual(['75118']);
    expect(t.sousTerritoires.elements[0]?.valeurs.assignations).toBe(2);
  });

  it('tableau national : détail par département', async () => {
    const r = await national.requete({
      method: 'GET',
      url: `/api/v1/pilotage/tableau-de-bord?territoire=FR&du=${P.du}&au=${P.au}`,
    });
    const t = r.json() as {
      sousTerritoires: {
        niveau: string;
        elements: { code: string; valeurs: Record<string, number | null> }[];
      };
    };
    expect(t.sousTerritoires.niveau).toBe('departement');
    expect(t.sousTerritoires.elements.length).toBeGreaterThanOrEqual(101);
    const dep = (c: string) => t.sousTerritoires.elements.find((e) => e.code === c)?.valeurs;
    expect(dep('75')?.assignations).toBe(2);
    expect(dep('93')?.taux_refus_cfp).toBe(75);
    expect(dep('01')?.assignations).toBe(0);
  });

  it('export CSV (« ; », BOM UTF-8) et XLSX, journalisés', async () => {
    const csv = await prefecture75.requete({
      method: 'GET',
      url: `/api/v1/pilotage/tableau-de-bord.csv?territoire=75&du=${P.du}&au=${P.au}`,
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('pilotage-75-2025-01-01-2025-06-30.csv');
    expect(csv.body.startsWith('\uFEFFTableau;Clé;Libellé;Code indicateur;Indicateur;Valeur;Unité\r\n')).toBe(
      true,
    );
    expect(csv.body).toContain(
      'Période;2025-01-01 au 2025-06-30;Paris (75);assignations;Assignations;2;nombre',
    );
    const xlsx = await prefecture75.requete({
      method: 'GET',
      url: `/api/v1/pilotage/tableau-de-bord.xlsx?territoire=75&du=${P.du}&au=${P.au}`,
    });
    expect(xlsx.statusCode).toBe(200);
    const classeur = new ExcelJS.Workbook();
    await classeur.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(classeur.worksheets.map((f) => f.name)).toEqual([
      'Indicateurs',
      'Par mois',
      'Par commune',
      'Définitions',
    ]);
    const journal = await sql<{ n: number }>`
      select count(*)::int as n from journal where action = 'export_pilotage' and objet_type = 'tableau_de_bord'
        and utilisateur_id = ${prefecture75.utilisateur.id}`.execute(db);
    expect(journal.rows[0]?.n).toBe(2);
  });

  it('rapport mensuel PDF balisé : titre, langue, structure, journalisé', async () => {
    const r = await prefecture93.requete({
      method: 'GET',
      url: '/api/v1/pilotage/rapport-mensuel.pdf?departement=93&mois=2025-06',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    const pdf = r.rawPayload.toString('latin1');
    expect(pdf.startsWith('%PDF-1.7')).toBe(true);
    expect(pdf).toMatch(/\/Lang \(fr-FR\)/);
    expect(pdf).toMatch(/\/StructTreeRoot/);
    expect(pdf).toMatch(/\/Marked true/);
    expect(pdf).toMatch(/\/DisplayDocTitle true/);
    expect(pdf).toMatch(/\/S \/Table/);
    expect(pdf).toMatch(/\/S \/TH/);
    expect(pdf).toMatch(/\/S \/H1/);
    expect(pdf).toMatch(/\/Title/);
    expect(
      (
        await prefecture75.requete({
          method: 'GET',
          url: '/api/v1/pilotage/rapport-mensuel.pdf?departement=93&mois=2025-06',
        })
      ).statusCode,
    ).toBe(403);
  });
});
