/**
 * From aggregated facts to indicator values: the server's SQL only groups facts by nature, modality and
 * DALO flag (and computes medians); every indicator is then composed here, the same way for a total, a
 * month, a sub-territory or an open-data cell.
 */
import {
  type CodeIndicateur,
  estDisponible,
  INDICATEURS,
  type Indicateur,
  indicateur,
  type Selection,
} from './catalogue.js';

/** Facts counted for one group: Σ 1 and Σ value (cents for amounts). */
export interface LigneAgregat {
  nature: string;
  modalite: string | null;
  prioritaireDalo: boolean;
  nombre: number;
  somme: number;
}

export interface MedianeAgregat {
  nature: string;
  mediane: number | null;
  effectif: number;
}

export interface Agregats {
  lignes: readonly LigneAgregat[];
  medianes: readonly MedianeAgregat[];
  /** Municipal population of the territory, for the « pour 10 000 habitants » indicators. */
  population: number | null;
}

export interface ValeurIndicateur {
  code: CodeIndicateur;
  valeur: number | null;
  /**
   * The counts a reader could recover from the value (a rate reveals its components once its denominator
   * is known): statistical secrecy masks the value when one of them is small.
   */
  effectifs: readonly number[];
}

const arrondir = (v: number, decimales: number) => {
  const f = 10 ** decimales;
  return Math.round(v * f) / f;
};

function correspond(l: LigneAgregat, s: Selection): boolean {
  return (
    l.nature === s.nature &&
    (s.modalites === undefined || (l.modalite !== null && s.modalites.includes(l.modalite))) &&
    (s.prioritaireDalo === undefined || l.prioritaireDalo)
  );
}

function totaux(agregats: Agregats, s: Selection): { nombre: number; somme: number } {
  let nombre = 0;
  let somme = 0;
  for (const l of agregats.lignes) {
    if (!correspond(l, s)) continue;
    nombre += l.nombre;
    somme += l.somme;
  }
  return { nombre, somme };
}

/** The count behind a counting indicator (used by rates). */
function nombreDe(agregats: Agregats, code: CodeIndicateur): number {
  const c = indicateur(code).calcul;
  if (c.mesure !== 'nombre') throw new Error(`${code} n’est pas un dénombrement`);
  return totaux(agregats, c.selection).nombre;
}

export function calculerIndicateur(agregats: Agregats, i: Indicateur): ValeurIndicateur {
  const c = i.calcul;
  switch (c.mesure) {
    case 'nombre': {
      const { nombre } = totaux(agregats, c.selection);
      return { code: i.code, valeur: nombre, effectifs: [nombre] };
    }
    case 'somme': {
      const { nombre, somme } = totaux(agregats, c.selection);
      return { code: i.code, valeur: arrondir(somme / 100, 2), effectifs: [nombre] };
    }
    case 'mediane': {
      const m = agregats.medianes.find((x) => x.nature === c.selection.nature);
      const effectif = m?.effectif ?? 0;
      const valeur = m?.mediane ?? null;
      return { code: i.code, valeur: valeur === null ? null : arrondir(valeur, 1), effectifs: [effectif] };
    }
    case 'taux': {
      const composantes = [...new Set([...c.numerateur, ...c.denominateur])];
      const valeurs = new Map(composantes.map((code) => [code, nombreDe(agregats, code)]));
      const somme = (codes: readonly CodeIndicateur[]) =>
        codes.reduce((s, k) => s + (valeurs.get(k) ?? 0), 0);
      const denominateur = somme(c.denominateur);
      return {
        code: i.code,
        valeur: denominateur === 0 ? null : arrondir((100 * somme(c.numerateur)) / denominateur, 1),
        effectifs: [...valeurs.values()],
      };
    }
    case 'pour_10000_habitants': {
      const n = nombreDe(agregats, c.numerateur);
      return {
        code: i.code,
        valeur: agregats.population ? arrondir((10_000 * n) / agregats.population, 2) : null,
        effectifs: [n],
      };
    }
    case 'indisponible':
      return { code: i.code, valeur: null, effectifs: [] };
  }
}

/** Every available indicator of the catalogue (or the given ones), in catalogue order. */
export function calculerIndicateurs(
  agregats: Agregats,
  codes: readonly CodeIndicateur[] | null = null,
): ValeurIndicateur[] {
  const retenus = INDICATEURS.filter((i) => estDisponible(i) && (codes === null || codes.includes(i.code)));
  return retenus.map((i) => calculerIndicateur(agregats, i));
}

/** Natures whose median an indicator needs (the server computes only those). */
export function naturesMedianes(): string[] {
  return INDICATEURS.flatMap((i) => (i.calcul.mesure === 'mediane' ? [i.calcul.selection.nature] : []));
}

/**
 * Evolution between two values of the same indicator: a relative change in % for counts and amounts,
 * the difference for rates (in points) and delays (in days). Null when it would be meaningless.
 */
export function evolution(i: Indicateur, valeur: number | null, precedente: number | null): number | null {
  if (valeur === null || precedente === null) return null;
  if (i.unite === 'nombre' || i.unite === 'euros') {
    return precedente === 0 ? null : arrondir((100 * (valeur - precedente)) / precedente, 1);
  }
  return arrondir(valeur - precedente, 1);
}
