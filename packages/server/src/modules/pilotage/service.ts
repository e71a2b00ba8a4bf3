/**
 * Steering use cases: the contract's indicators, the dashboards, their exports, the monthly report and
 * the open-data file. Every value comes from the domain catalogue applied to the repository's sums.
 */

import { ajouterMois } from '@exploc/domain/calendrier/dates';
import {
  type Agregats,
  calculerIndicateurs,
  evolution,
  naturesMedianes,
  type ValeurIndicateur,
} from '@exploc/domain/indicateurs/calcul';
import {
  type CodeIndicateur,
  estDisponible,
  INDICATEURS,
  type Indicateur,
  indicateur,
} from '@exploc/domain/indicateurs/catalogue';
import {
  bornerAAujourdhui,
  moisDeLaPeriode,
  type Periode,
  periodeDuMois,
  periodePrecedente,
} from '@exploc/domain/indicateurs/periode';
import {
  ecrireTerritoire,
  type NiveauTerritoire,
  niveauInferieur,
  peutConsulterTerritoire,
  type Territoire,
} from '@exploc/domain/indicateurs/territoire';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { aujourdhui } from '../../lib/aujourdhui.js';
import type { Appelant } from '../../plugins/contexte.js';
import { ErreurHttp, introuvable } from '../../plugins/erreurs.js';
import * as repo from './repository.js';

export interface DemandePilotage {
  territoire: Territoire;
  periode: Periode;
  filtres: repo.FiltresPilotage;
}

export interface TerritoireResolu {
  territoire: Territoire;
  code: string;
  libelle: string;
  departement: string | null;
  arrondissement: string | null;
}

/**
 * The territory exists (else 404) and is in the caller's scope (else 403: territories are public, refusing
 * reveals nothing; docs/pilotage/indicateurs.md, « Accès »).
 */
export async function resoudreTerritoire(
  db: Kysely<DB>,
  appelant: Appelant,
  t: Territoire,
): Promise<TerritoireResolu> {
  const connu = await repo.trouverTerritoire(db, t);
  if (!connu) throw introuvable('Le territoire');
  if (!peutConsulterTerritoire(appelant.scope, t, connu)) {
    throw new ErreurHttp(
      403,
      'acces_refuse',
      'Ce territoire est hors de votre périmètre : vous ne pouvez pas en consulter les indicateurs.',
    );
  }
  return { territoire: t, code: ecrireTerritoire(t), ...connu };
}

const MEDIANES = naturesMedianes();

async function agregats(
  db: Kysely<DB>,
  t: Territoire,
  periode: Periode,
  filtres: repo.FiltresPilotage,
  population: number | null,
): Promise<Agregats> {
  const [lignes, medianes] = await Promise.all([
    repo.agreger(db, { periode, territoire: t, filtres, dimensions: ['total'] }),
    repo.medianes(db, { periode, territoire: t, filtres, natures: MEDIANES }),
  ]);
  return { lignes, medianes, population };
}

/** A fact dated after today (an implicit refusal to come, a hearing) is not yet true. */
function periodeEffective(r: TerritoireResolu, p: Periode): Periode {
  return bornerAAujourdhui(p, aujourdhui(r.departement));
}

/** GET /api/v1/pilotage/indicateurs (contracts/api.md, « Steering »). */
export async function indicateursDuContrat(db: Kysely<DB>, appelant: Appelant, d: DemandePilotage) {
  const r = await resoudreTerritoire(db, appelant, d.territoire);
  const population = await repo.population(db, d.territoire);
  const a = await agregats(db, d.territoire, periodeEffective(r, d.periode), d.filtres, population);
  return {
    indicateurs: calculerIndicateurs(a).map((v) => {
      const i = indicateur(v.code);
      return { code: v.code, libelle: i.libelle, valeur: v.valeur, unite: i.unite };
    }),
  };
}

const index = <T extends { code: CodeIndicateur }>(l: readonly T[]) => new Map(l.map((x) => [x.code, x]));

/** Indicators shown by month and by sub-territory: everything but the medians (one query per month each). */
const CODES_DETAILLES = INDICATEURS.filter(
  (i) => estDisponible(i) && i.calcul.mesure !== 'mediane' && i.calcul.mesure !== 'pour_10000_habitants',
).map((i) => i.code);

function grouper<L extends { cle: string }>(lignes: readonly L[]): Map<string, L[]> {
  const m = new Map<string, L[]>();
  for (const l of lignes) {
    const liste = m.get(l.cle);
    if (liste) liste.push(l);
    else m.set(l.cle, [l]);
  }
  return m;
}

const valeursParCode = (v: readonly ValeurIndicateur[]) =>
  Object.fromEntries(v.map((x) => [x.code, x.valeur])) as Record<CodeIndicateur, number | null>;

/** The level a dashboard breaks down into: a one-arrondissement département (Paris) goes to communes. */
async function niveauDeDetail(
  db: Kysely<DB>,
  t: Territoire,
): Promise<Exclude<NiveauTerritoire, 'france' | 'region'> | null> {
  const n = niveauInferieur(t);
  if (
    n === 'arrondissement' &&
    t.niveau === 'departement' &&
    (await repo.nombreArrondissements(db, t.code)) <= 1
  )
    return 'commune';
  return n === 'france' || n === 'region' ? null : n;
}

export interface ValeurTableau {
  code: CodeIndicateur;
  libelle: string;
  theme: string;
  unite: string;
  valeur: number | null;
  valeurPrecedente: number | null;
  evolution: number | null;
}

export interface TableauDeBord {
  territoire: { code: string; niveau: NiveauTerritoire; libelle: string; departement: string | null };
  periode: Periode;
  periodePrecedente: Periode;
  filtres: repo.FiltresPilotage;
  indicateurs: ValeurTableau[];
  indisponibles: { code: CodeIndicateur; libelle: string; raison: string }[];
  series: { mois: string[]; valeurs: Record<string, Record<CodeIndicateur, number | null>> };
  sousTerritoires: {
    niveau: NiveauTerritoire;
    elements: { code: string; libelle: string; valeurs: Record<CodeIndicateur, number | null> }[];
  } | null;
  enAttente: number;
}

/** A dashboard: totals with last year's, monthly series, breakdown by sub-territory. */
export async function tableauDeBord(
  db: Kysely<DB>,
  appelant: Appelant,
  d: DemandePilotage,
): Promise<TableauDeBord> {
  const r = await resoudreTerritoire(db, appelant, d.territoire);
  const t = d.territoire;
  const periode = periodeEffective(r, d.periode);
  const precedente = periodePrecedente(periode);
  const niveau = await niveauDeDetail(db, t);
  const [population, lignes, avant, medianesActuelles, enfants, enAttente] = await Promise.all([
    repo.population(db, t),
    // Months and sub-territories in one pass over the data.
    repo.agreger(db, {
      periode,
      territoire: t,
      filtres: d.filtres,
      dimensions: niveau ? ['mois', niveau] : ['mois'],
    }),
    agregats(db, t, precedente, d.filtres, null),
    repo.medianes(db, { periode, territoire: t, filtres: d.filtres, natures: MEDIANES }),
    niveau ? repo.sousTerritoires(db, t, niveau) : Promise.resolve([]),
    repo.nombreEnAttente(db),
  ]);
  const parMois = lignes.filter((l) => l.dimension === 'mois');
  const parEnfant = lignes.filter((l) => l.dimension !== 'mois');
  // The total is the sum of the months: one query less.
  const actuel: Agregats = { lignes: parMois, medianes: medianesActuelles, population };
  const precedent: Agregats = { ...avant, population };
  const valeurs = index(calculerIndicateurs(actuel));
  const valeursAvant = index(calculerIndicateurs(precedent));
  const indicateurs = INDICATEURS.filter(estDisponible).map((i): ValeurTableau => {
    const v = valeurs.get(i.code)?.valeur ?? null;
    const p = valeursAvant.get(i.code)?.valeur ?? null;
    return {
      code: i.code,
      libelle: i.libelle,
      theme: i.theme,
      unite: i.unite,
      valeur: v,
      valeurPrecedente: p,
      evolution: evolution(i, v, p),
    };
  });
  const mois = moisDeLaPeriode(periode);
  const lignesParMois = grouper(parMois);
  const series = Object.fromEntries(
    mois.map((m) => [
      m,
      valeursParCode(
        calculerIndicateurs(
          { lignes: lignesParMois.get(m) ?? [], medianes: [], population: null },
          CODES_DETAILLES,
        ),
      ),
    ]),
  );
  const lignesParEnfant = grouper(parEnfant);
  const elements = enfants
    .map((e) => ({
      code: e.code,
      libelle: e.libelle,
      lignes: lignesParEnfant.get(e.code) ?? [],
      population: e.population,
    }))
    // Communes without any fact are left out (an arrondissement counts hundreds of communes).
    .filter((e) => niveau !== 'commune' || e.lignes.length > 0)
    .map((e) => ({
      code: e.code,
      libelle: e.libelle,
      valeurs: valeursParCode(
        calculerIndicateurs({ lignes: e.lignes, medianes: [], population: e.population }, [
          ...CODES_DETAILLES,
          'assignations_pour_10000_habitants',
          'expulsions_pour_10000_habitants',
        ]),
      ),
    }));
  return {
    territoire: { code: r.code, niveau: t.niveau, libelle: r.libelle, departement: r.departement },
    periode,
    periodePrecedente: precedente,
    filtres: d.filtres,
    indicateurs,
    indisponibles: INDICATEURS.flatMap((i) =>
      i.calcul.mesure === 'indisponible'
        ? [{ code: i.code, libelle: i.libelle, raison: i.calcul.raison }]
        : [],
    ),
    series: { mois, valeurs: series },
    sousTerritoires: niveau ? { niveau, elements } : null,
    enAttente,
  };
}

export interface RapportMensuel {
  departement: TerritoireResolu;
  mois: string;
  periodeMois: Periode;
  periodeDouzeMois: Periode;
  lignes: {
    indicateur: Indicateur;
    mois: number | null;
    moisAnneePrecedente: number | null;
    douzeMois: number | null;
  }[];
  sousTerritoires: TableauDeBord['sousTerritoires'];
  indisponibles: TableauDeBord['indisponibles'];
  genereLe: string;
}

/** The monthly report of a département: the month, the same month a year earlier, the last 12 months. */
export async function rapportMensuel(
  db: Kysely<DB>,
  appelant: Appelant,
  departement: string,
  mois: string,
): Promise<RapportMensuel> {
  const t: Territoire = { niveau: 'departement', code: departement };
  const r = await resoudreTerritoire(db, appelant, t);
  const jour = aujourdhui(departement);
  if (`${mois}-01` > jour) {
    throw new ErreurHttp(400, 'requete_invalide', 'La requête contient des données invalides.', [
      { chemin: 'mois', message: 'Ce mois n’a pas encore commencé' },
    ]);
  }
  const periodeMois = bornerAAujourdhui(periodeDuMois(mois), jour);
  const periodeDouzeMois = { du: `${ajouterMois(`${mois}-01`, -11)}`, au: periodeMois.au };
  const filtres = { typeBailleur: null, parc: null };
  const population = await repo.population(db, t);
  const [m, n1, douze, tableau] = await Promise.all([
    agregats(db, t, periodeMois, filtres, population),
    agregats(db, t, periodePrecedente(periodeMois), filtres, population),
    agregats(db, t, periodeDouzeMois, filtres, population),
    tableauDeBord(db, appelant, { territoire: t, periode: periodeDouzeMois, filtres }),
  ]);
  const vm = index(calculerIndicateurs(m));
  const vn1 = index(calculerIndicateurs(n1));
  const v12 = index(calculerIndicateurs(douze));
  return {
    departement: r,
    mois,
    periodeMois,
    periodeDouzeMois,
    lignes: INDICATEURS.filter(estDisponible).map((i) => ({
      indicateur: i,
      mois: vm.get(i.code)?.valeur ?? null,
      moisAnneePrecedente: vn1.get(i.code)?.valeur ?? null,
      douzeMois: v12.get(i.code)?.valeur ?? null,
    })),
    sousTerritoires: tableau.sousTerritoires,
    indisponibles: tableau.indisponibles,
    genereLe: new Date().toISOString(),
  };
}
