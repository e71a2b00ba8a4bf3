/**
 * Statistical secrecy of the open-data export (docs/pilotage/open-data.md): no count below 11 is
 * published, nor any value from which such a count can be read back.
 *
 * 1. Primary suppression: a value is masked when one of the counts behind it (`effectifs`) is below the
 *    threshold: a count, an amount paid to fewer than 11 landlords, a median over fewer than 11 delays, a
 *    rate whose components include a small count.
 * 2. Secondary suppression: some indicators add up (a total and its parts). When a single cell of such a
 *    sum is unknown, it could be computed from the others; the smallest published part is then masked
 *    too, until every sum has zero or at least two unknown cells.
 * 3. A rate is masked when one of its components is (rate × denominator gives the numerator back).
 */

import type { ValeurIndicateur } from './calcul.js';
import { type CodeIndicateur, indicateur } from './catalogue.js';

export const SEUIL_SECRET = 11;

/**
 * Exact sums between published indicators. `complement` is true when the parts do not cover the total
 * (the missing part — « audiences sans DSF », « demandes hors DALO » — is never published, so it is one
 * unknown cell of the sum from the start).
 */
export const SOMMES: readonly {
  total: CodeIndicateur;
  parties: readonly CodeIndicateur[];
  complement: boolean;
}[] = [
  {
    total: 'saisines_ccapex',
    parties: [
      'saisines_ccapex_bailleur',
      'saisines_ccapex_commissaire_justice',
      'saisines_ccapex_caf',
      'saisines_ccapex_menage',
      'saisines_ccapex_travailleur_social',
      'saisines_ccapex_autre',
    ],
    complement: false,
  },
  {
    total: 'decisions_justice',
    parties: ['decisions_expulsion', 'decisions_delais_paiement', 'decisions_rejet'],
    complement: false,
  },
  { total: 'audiences', parties: ['audiences_avec_dsf'], complement: true },
  { total: 'demandes_cfp', parties: ['demandes_cfp_prioritaires_dalo'], complement: true },
  { total: 'cfp_accordes', parties: ['cfp_accordes_prioritaires_dalo'], complement: true },
];

export interface ValeurPubliee {
  code: CodeIndicateur;
  /** null: masked (secret statistique) or not computable. */
  valeur: number | null;
  masque: boolean;
}

/** Applies primary then secondary suppression to the values of one cell (one département, one month). */
export function appliquerSecret(
  valeurs: readonly ValeurIndicateur[],
  seuil: number = SEUIL_SECRET,
): ValeurPubliee[] {
  const masque = new Set<CodeIndicateur>();
  const brut = new Map(valeurs.map((v) => [v.code, v]));
  for (const v of valeurs) if (v.effectifs.some((e) => e < seuil)) masque.add(v.code);

  // The hidden complement of a sum is sensitive when it is small: total − Σ parts.
  const complementPetit = (s: (typeof SOMMES)[number]) => {
    const total = brut.get(s.total)?.valeur ?? 0;
    const parties = s.parties.reduce((acc, p) => acc + (brut.get(p)?.valeur ?? 0), 0);
    return total - parties < seuil;
  };
  for (let change = true; change; ) {
    change = false;
    for (const s of SOMMES) {
      const cellules = [s.total, ...s.parties].filter((c) => brut.has(c));
      const inconnues = cellules.filter((c) => masque.has(c)).length + (s.complement ? 1 : 0);
      const sensible = s.complement
        ? inconnues === 1 && complementPetit(s)
        : inconnues === 1 && cellules.some((c) => masque.has(c));
      if (!sensible) continue;
      // Mask the smallest published part (the total only when no part is left).
      const candidates = s.parties.filter((c) => brut.has(c) && !masque.has(c));
      const cible =
        candidates.sort((a, b) => (brut.get(a)?.valeur ?? 0) - (brut.get(b)?.valeur ?? 0))[0] ??
        (brut.has(s.total) && !masque.has(s.total) ? s.total : undefined);
      if (cible) {
        masque.add(cible);
        change = true;
      }
    }
  }
  for (const v of valeurs) {
    const c = indicateur(v.code).calcul;
    const composantes =
      c.mesure === 'taux'
        ? [...c.numerateur, ...c.denominateur]
        : c.mesure === 'pour_10000_habitants'
          ? [c.numerateur]
          : [];
    if (composantes.some((k) => masque.has(k))) masque.add(v.code);
  }
  return valeurs.map((v) => ({
    code: v.code,
    valeur: masque.has(v.code) ? null : v.valeur,
    masque: masque.has(v.code),
  }));
}
