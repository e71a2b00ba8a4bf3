/**
 * What the generator reads from the database before drawing anything: the communes of the chosen
 * départements with their weights, the central commissions, the departmental settings, and the pools of
 * landlords that own many homes (social landlords per région, a few private companies), created once and
 * reused by every later run.
 */
import { CODES_DEPARTEMENT } from '@exploc/domain/calendrier/departements';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { Alea, cumuler } from './alea.js';
import { BAILLEURS_SOCIAUX, NOMS, NOMS_SCI, SOCIETES_PRIVEES } from './noms.js';

/** Eviction procedures are far more frequent in Île-de-France than its population share (domain.md §4). */
export const SURREPRESENTATION_REGION: Readonly<Record<string, number>> = { '11': 1.8 };

/** Paris, Marseille and Lyon are drawn through their municipal arrondissements, not as a whole. */
export const COMMUNES_A_ARRONDISSEMENTS: readonly string[] = ['75056', '13055', '69123'];

/** SIRET of the demo social landlord (seed/demo.ts), which owns a share of the social dossiers it covers. */
export const SIRET_BAILLEUR_DEMO = '00000000000018';

/** Social landlords of a région that have their own Exploc organisation (the largest ones). */
const BAILLEURS_AVEC_ORGANISATION = 8;
const TAILLE_POOL_MIN = 25;
const TAILLE_POOL_MAX = 300;
const HABITANTS_PAR_BAILLEUR = 40_000;
const SOCIETES_PRIVEES_NOMBRE = 60;

export interface CommuneTiree {
  code: string;
  nom: string;
  departement: string;
  arrondissement: string | null;
  codesPostaux: readonly string[];
}

export interface BailleurPartage {
  id: string;
  nom: string;
  organisationId: string | null;
}

export interface Pool {
  bailleurs: BailleurPartage[];
  cumul: Float64Array;
}

export interface ReferentielSynthetique {
  departements: string[];
  communes: CommuneTiree[];
  cumulCommunes: Float64Array;
  regionDe: Map<string, string>;
  commissions: Map<string, string>;
  parametres: Map<string, Record<string, unknown>>;
  sociaux: Map<string, Pool>;
  societes: Pool;
  demo: (BailleurPartage & { departements: readonly string[] }) | null;
}

export class DepartementsInconnus extends Error {}

/** Check digit that makes `chiffres` + digit pass the Luhn test (SIREN and SIRET both use it). */
function cleLuhn(chiffres: string): number {
  let somme = 0;
  for (let i = 0; i < chiffres.length; i++) {
    let n = chiffres.charCodeAt(chiffres.length - 1 - i) - 48;
    if (i % 2 === 0) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    somme += n;
  }
  return (10 - (somme % 10)) % 10;
}

/** A fictitious but well-formed SIRET (SIREN and SIRET keys valid), distinct from those already drawn. */
function siretFictif(a: Alea, pris: Set<string>): string {
  for (;;) {
    let siren = String(a.entier(1, 9));
    for (let i = 0; i < 7; i++) siren += String(a.entier(0, 9));
    siren += String(cleLuhn(siren));
    const base = `${siren}000${a.entier(1, 9)}`;
    const siret = `${base}${cleLuhn(base)}`;
    if (!pris.has(siret)) {
      pris.add(siret);
      return siret;
    }
  }
}

/** Zipf-like weights: a few large landlords own most homes of a pool. */
function poidsZipf(n: number): Float64Array {
  return cumuler(Array.from({ length: n }, (_, k) => 1 / (k + 1) ** 0.9));
}

function remplir(modele: string, cle: string, valeur: string): string {
  return modele.replace(`{${cle}}`, valeur);
}

interface BailleurVoulu {
  nom: string;
  siret: string;
  social: boolean;
  organisation: { departement: string; departements: string[] } | null;
}

/** Inserts the landlords that do not exist yet (by SIRET) and returns them all with their ids. */
async function assurerBailleurs(
  db: Kysely<DB>,
  voulus: BailleurVoulu[],
): Promise<Map<string, BailleurPartage>> {
  const sirets = voulus.map((b) => b.siret);
  const organisations = new Map<string, string>();
  const avecOrganisation = voulus.filter((b) => b.organisation !== null);
  if (avecOrganisation.length > 0) {
    const existantes = await db
      .selectFrom('organisation')
      .select(['id', 'siret'])
      .where('type', '=', 'bailleur')
      .where(
        'siret',
        'in',
        avecOrganisation.map((b) => b.siret),
      )
      .execute();
    for (const o of existantes) if (o.siret) organisations.set(o.siret, o.id);
    const manquantes = avecOrganisation.filter((b) => !organisations.has(b.siret));
    if (manquantes.length > 0) {
      const creees = await db
        .insertInto('organisation')
        .values(
          manquantes.map((b) => ({
            type: 'bailleur',
            nom: b.nom,
            siret: b.siret,
            departement_code: b.organisation?.departement ?? null,
            departements: b.organisation?.departements ?? [],
          })),
        )
        .returning(['id', 'siret'])
        .execute();
      for (const o of creees) if (o.siret) organisations.set(o.siret, o.id);
    }
  }
  for (let i = 0; i < voulus.length; i += 1000) {
    await db
      .insertInto('bailleur')
      .values(
        voulus.slice(i, i + 1000).map((b) => ({
          type: 'personne_morale',
          nom: b.nom,
          siret: b.siret,
          social: b.social,
          organisation_id: organisations.get(b.siret) ?? null,
        })),
      )
      .onConflict((oc) => oc.column('siret').where('siret', 'is not', null).doNothing())
      .execute();
  }
  // A landlord created before its organisation (by a user, or by an older run) is attached to it now.
  for (const [siret, organisationId] of organisations) {
    await db
      .updateTable('bailleur')
      .set({ organisation_id: organisationId })
      .where('siret', '=', siret)
      .where('organisation_id', 'is', null)
      .execute();
  }
  const lignes = new Map<string, BailleurPartage>();
  for (let i = 0; i < sirets.length; i += 5000) {
    const lus = await db
      .selectFrom('bailleur')
      .select(['id', 'nom', 'siret', 'organisation_id'])
      .where('siret', 'in', sirets.slice(i, i + 5000))
      .execute();
    for (const b of lus)
      if (b.siret) lignes.set(b.siret, { id: b.id, nom: b.nom, organisationId: b.organisation_id });
  }
  return lignes;
}

/**
 * Loads the referential for `departements` (all metropolitan and overseas départements when null).
 * The landlord pools depend only on the régions, never on the seed, so runs with different seeds share
 * them. Throws DepartementsInconnus for codes that are not départements of the engine.
 */
export async function chargerReferentielSynthetique(
  db: Kysely<DB>,
  departements: readonly string[] | null,
): Promise<ReferentielSynthetique> {
  const tous = await db
    .selectFrom('departement')
    .select(['code', 'region_code', 'zone'])
    .orderBy('code')
    .execute();
  const moteur = new Set<string>(CODES_DEPARTEMENT);
  const possibles = tous.filter((d) => moteur.has(d.code) && (d.zone === 'metro' || d.zone === 'drom'));
  const connus = new Set(possibles.map((d) => d.code));
  const choisis = departements === null ? [...connus] : [...new Set(departements)].sort();
  const inconnus = choisis.filter((c) => !connus.has(c));
  if (inconnus.length > 0) throw new DepartementsInconnus(`Départements inconnus : ${inconnus.join(', ')}`);
  if (choisis.length === 0) throw new DepartementsInconnus('Aucun département choisi');
  const regionDe = new Map(tous.map((d) => [d.code, d.region_code]));

  const communesLues = await db
    .selectFrom('commune')
    .select(['code_insee', 'nom', 'departement_code', 'arrondissement_code', 'codes_postaux', 'population'])
    .where('departement_code', 'in', choisis)
    .where('population', '>', 0)
    .where('code_insee', 'not in', COMMUNES_A_ARRONDISSEMENTS)
    .orderBy('code_insee')
    .execute();
  const communes: CommuneTiree[] = [];
  const poids: number[] = [];
  for (const c of communesLues) {
    if (c.codes_postaux.length === 0) continue;
    communes.push({
      code: c.code_insee,
      nom: c.nom,
      departement: c.departement_code,
      arrondissement: c.arrondissement_code,
      codesPostaux: c.codes_postaux,
    });
    poids.push((c.population ?? 0) * (SURREPRESENTATION_REGION[regionDe.get(c.departement_code) ?? ''] ?? 1));
  }

  const commissions = new Map<string, string>();
  for (const c of await db
    .selectFrom('commission')
    .select(['id', 'departement_code'])
    .where('type', '=', 'centrale')
    .where('departement_code', 'in', choisis)
    .execute()) {
    commissions.set(c.departement_code, c.id);
  }
  const parametres = new Map<string, Record<string, unknown>>();
  for (const p of await db
    .selectFrom('parametre_departement')
    .select(['departement_code', 'parametres'])
    .where('departement_code', 'in', choisis)
    .execute()) {
    parametres.set(p.departement_code, (p.parametres ?? {}) as Record<string, unknown>);
  }

  // Social landlords: a pool per région, sized by its population, named after its larger communes.
  const regions = [...new Set(choisis.map((c) => regionDe.get(c) ?? ''))].sort();
  const departementsParRegion = new Map<string, string[]>();
  for (const d of possibles) {
    const liste = departementsParRegion.get(d.region_code) ?? [];
    liste.push(d.code);
    departementsParRegion.set(d.region_code, liste);
  }
  const pris = new Set<string>([SIRET_BAILLEUR_DEMO]);
  const voulus: BailleurVoulu[] = [];
  const siretsParRegion = new Map<string, string[]>();
  for (const region of regions) {
    const departementsRegion = departementsParRegion.get(region) ?? [];
    const grandes = await db
      .selectFrom('commune')
      .select(['nom', 'departement_code', 'population'])
      .where('departement_code', 'in', departementsRegion)
      .where('population', '>', 0)
      .where('code_insee', 'not in', COMMUNES_A_ARRONDISSEMENTS)
      .orderBy('population', 'desc')
      .orderBy('code_insee')
      .limit(60)
      .execute();
    const population = await db
      .selectFrom('commune')
      .select((eb) => eb.fn.sum<number>('population').as('total'))
      .where('departement_code', 'in', departementsRegion)
      .executeTakeFirst();
    const taille = Math.max(
      TAILLE_POOL_MIN,
      Math.min(TAILLE_POOL_MAX, Math.round(Number(population?.total ?? 0) / HABITANTS_PAR_BAILLEUR)),
    );
    const principal = grandes[0]?.departement_code ?? departementsRegion[0] ?? null;
    const noms = new Set<string>();
    const sirets: string[] = [];
    for (let k = 0; k < taille; k++) {
      const a = new Alea('bailleur-social', region, k);
      let nom = '';
      for (let essai = 0; essai < 20 && (nom === '' || noms.has(nom)); essai++) {
        const lieu = grandes.length > 0 ? a.choisir(grandes).nom : `région ${region}`;
        nom = `${remplir(a.choisir(BAILLEURS_SOCIAUX.motifs), 'lieu', lieu)} (${a.choisir(BAILLEURS_SOCIAUX.formes)})`;
      }
      if (noms.has(nom)) nom = `${nom} ${k}`;
      noms.add(nom);
      const siret = siretFictif(a, pris);
      sirets.push(siret);
      voulus.push({
        nom,
        siret,
        social: true,
        organisation:
          k < BAILLEURS_AVEC_ORGANISATION && principal !== null
            ? { departement: principal, departements: departementsRegion }
            : null,
      });
    }
    siretsParRegion.set(region, sirets);
  }
  const siretsSocietes: string[] = [];
  for (let k = 0; k < SOCIETES_PRIVEES_NOMBRE; k++) {
    const a = new Alea('societe-privee', k);
    const nom = `${remplir(a.choisir(SOCIETES_PRIVEES.motifs), 'nom', a.si(0.5) ? a.choisir(NOMS) : a.choisir(NOMS_SCI))} (${a.choisir(SOCIETES_PRIVEES.formes)})`;
    const siret = siretFictif(a, pris);
    siretsSocietes.push(siret);
    voulus.push({ nom, siret, social: false, organisation: null });
  }
  const lignes = await assurerBailleurs(db, voulus);
  const pool = (sirets: string[]): Pool => {
    const bailleurs = sirets.map((s) => lignes.get(s)).filter((b): b is BailleurPartage => b !== undefined);
    return { bailleurs, cumul: poidsZipf(bailleurs.length) };
  };
  const sociaux = new Map<string, Pool>();
  for (const [region, sirets] of siretsParRegion) sociaux.set(region, pool(sirets));

  // The demo landlord (seed --demo) gets dossiers in the départements its organisation covers.
  let demo: ReferentielSynthetique['demo'] = null;
  const organisationDemo = await db
    .selectFrom('organisation')
    .select(['id', 'nom', 'departements', 'departement_code'])
    .where('type', '=', 'bailleur')
    .where('siret', '=', SIRET_BAILLEUR_DEMO)
    .executeTakeFirst();
  if (organisationDemo) {
    let bailleur = await db
      .selectFrom('bailleur')
      .select(['id', 'nom', 'organisation_id'])
      .where('siret', '=', SIRET_BAILLEUR_DEMO)
      .executeTakeFirst();
    if (!bailleur) {
      bailleur = await db
        .insertInto('bailleur')
        .values({
          type: 'personne_morale',
          nom: organisationDemo.nom,
          siret: SIRET_BAILLEUR_DEMO,
          social: true,
          organisation_id: organisationDemo.id,
        })
        .returning(['id', 'nom', 'organisation_id'])
        .executeTakeFirstOrThrow();
    }
    if (bailleur.organisation_id === null) {
      await db
        .updateTable('bailleur')
        .set({ organisation_id: organisationDemo.id })
        .where('id', '=', bailleur.id)
        .execute();
    }
    const couverts =
      organisationDemo.departements.length > 0
        ? organisationDemo.departements
        : organisationDemo.departement_code
          ? [organisationDemo.departement_code]
          : [];
    demo = {
      id: bailleur.id,
      nom: bailleur.nom,
      organisationId: organisationDemo.id,
      departements: couverts,
    };
  }

  return {
    departements: choisis,
    communes,
    cumulCommunes: cumuler(poids),
    regionDe,
    commissions,
    parametres,
    sociaux,
    societes: pool(siretsSocietes),
    demo,
  };
}
