/**
 * The open-data file (docs/pilotage/open-data.md): one row per département and complete month, one column
 * per indicator, statistical secrecy applied (no count below 11, no value that gives one back), no
 * identifier of any dossier, person, landlord or agent.
 */
import { calculerIndicateurs, naturesMedianes } from '@exploc/domain/indicateurs/calcul';
import { type CodeIndicateur, estDisponible, INDICATEURS } from '@exploc/domain/indicateurs/catalogue';
import { moisDeLaPeriode, type Periode, periodeDuMois } from '@exploc/domain/indicateurs/periode';
import { appliquerSecret } from '@exploc/domain/indicateurs/secret-statistique';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import * as repo from './repository.js';

/**
 * Published indicators: all available ones but the « pour 10 000 habitants » rates (a count divided by a
 * public population: the count column already says it).
 */
export const CODES_OPEN_DATA: readonly CodeIndicateur[] = INDICATEURS.filter(
  (i) => estDisponible(i) && i.calcul.mesure !== 'pour_10000_habitants',
).map((i) => i.code);

export const COLONNES_TERRITOIRE = ['mois', 'code_departement', 'nom_departement', 'code_region'] as const;

export interface FichierOuvert {
  colonnes: string[];
  lignes: (string | number | null)[][];
}

export async function donneesOuvertes(
  db: Kysely<DB>,
  premierMois: string,
  dernierMois: string,
): Promise<FichierOuvert> {
  const periode: Periode = { du: `${premierMois}-01`, au: periodeDuMois(dernierMois).au };
  const [lignes, medianes, departements] = await Promise.all([
    repo.agregerParDepartementEtMois(db, periode),
    repo.medianesParDepartementEtMois(db, periode, naturesMedianes()),
    repo.departements(db),
  ]);
  const cle = (departement: string, mois: string) => `${departement}|${mois}`;
  const lignesParCle = new Map<string, typeof lignes>();
  for (const l of lignes) {
    const k = cle(l.departement, l.mois);
    lignesParCle.set(k, [...(lignesParCle.get(k) ?? []), l]);
  }
  const medianesParCle = new Map<string, typeof medianes>();
  for (const m of medianes) {
    const k = cle(m.departement, m.mois);
    medianesParCle.set(k, [...(medianesParCle.get(k) ?? []), m]);
  }
  const sortie: FichierOuvert['lignes'] = [];
  for (const mois of moisDeLaPeriode(periode)) {
    for (const d of departements) {
      const k = cle(d.code, mois);
      const valeurs = calculerIndicateurs(
        { lignes: lignesParCle.get(k) ?? [], medianes: medianesParCle.get(k) ?? [], population: null },
        CODES_OPEN_DATA,
      );
      const publiees = new Map(appliquerSecret(valeurs).map((v) => [v.code, v.valeur]));
      sortie.push([
        mois,
        d.code,
        d.nom,
        d.region_code,
        ...CODES_OPEN_DATA.map((c) => publiees.get(c) ?? null),
      ]);
    }
  }
  return { colonnes: [...COLONNES_TERRITOIRE, ...CODES_OPEN_DATA], lignes: sortie };
}
