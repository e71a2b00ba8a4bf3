/**
 * Rent revisions from the IRL (indice de référence des loyers, loi n° 89-462 art. 17-1), for the `loyers` input
 * of the indemnity computation (contrat indemnisation-calcul).
 *
 * Rule used by Exploc (documented in docs/domain/indemnisation-irl.md):
 * - the rent is revised at each anniversary of the lease's signature, up to `jusquau`;
 * - revised rent = previous rent × IRL of the anniversary's quarter / IRL of the same quarter a year before,
 *   computed in integers and rounded half up to the cent; recoverable charges are not indexed;
 * - when either index is unknown the rent is not revised at that anniversary (art. 17-1: a revision cannot be
 *   applied retroactively), and the revision is reported as missing so the agent can enter the index.
 */
import { ajouterMois, type DateIso, formaterDateFr } from '../calendrier/dates.js';

/** `AAAA-Tn`, n from 1 to 4. */
export type Trimestre = string;

export function trimestreDe(date: DateIso): Trimestre {
  return `${date.slice(0, 4)}-T${Math.ceil(Number(date.slice(5, 7)) / 3)}`;
}

export function trimestrePrecedentAnnee(t: Trimestre): Trimestre {
  return `${Number(t.slice(0, 4)) - 1}${t.slice(4)}`;
}

export function libelleTrimestre(t: Trimestre): string {
  const n = t.slice(6);
  return `${n === '1' ? '1er' : `${n}e`} trimestre ${t.slice(0, 4)}`;
}

export interface RevisionIrl {
  readonly le: DateIso;
  readonly trimestre: Trimestre;
  readonly indice: number | null;
  readonly indicePrecedent: number | null;
  readonly loyerAvant: number;
  /** null when an index is missing: the rent stays `loyerAvant`. */
  readonly loyerApres: number | null;
}

export interface EntreeLoyer {
  readonly aPartirDu: DateIso;
  readonly loyerMensuelHC: number;
  readonly chargesMensuelles: number;
}

/** Indices are given in euros-like decimals (e.g. 145.47); computed in hundredths to stay exact. */
export function reviserLoyers(
  bail: { dateSignature: DateIso; loyerMensuelHC: number; chargesMensuelles: number },
  indices: ReadonlyMap<Trimestre, number>,
  jusquau: DateIso,
): { loyers: EntreeLoyer[]; revisions: RevisionIrl[] } {
  const loyers: EntreeLoyer[] = [];
  const revisions: RevisionIrl[] = [];
  let centimes = Math.round(bail.loyerMensuelHC * 100);
  for (let annee = 1; ; annee++) {
    const le = ajouterMois(bail.dateSignature, 12 * annee);
    if (le > jusquau) break;
    const trimestre = trimestreDe(le);
    const indice = indices.get(trimestre) ?? null;
    const indicePrecedent = indices.get(trimestrePrecedentAnnee(trimestre)) ?? null;
    const loyerAvant = centimes / 100;
    if (indice === null || indicePrecedent === null) {
      revisions.push({ le, trimestre, indice, indicePrecedent, loyerAvant, loyerApres: null });
      continue;
    }
    const n = Math.round(indice * 100);
    const d = Math.round(indicePrecedent * 100);
    // Half up, in integers: floor((2·c·n + d) / 2d).
    centimes = Math.floor((2 * centimes * n + d) / (2 * d));
    revisions.push({ le, trimestre, indice, indicePrecedent, loyerAvant, loyerApres: centimes / 100 });
    loyers.push({ aPartirDu: le, loyerMensuelHC: centimes / 100, chargesMensuelles: bail.chargesMensuelles });
  }
  return { loyers, revisions };
}

const euros = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const indiceFr = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** One French sentence per revision, appended to the computation's explanation. */
export function expliquerRevisions(revisions: readonly RevisionIrl[]): string {
  if (revisions.length === 0) return '';
  return revisions
    .map((r) =>
      r.loyerApres === null
        ? `Révision du ${formaterDateFr(r.le)} non appliquée : indice IRL du ${libelleTrimestre(r.trimestre)} ou du ${libelleTrimestre(trimestrePrecedentAnnee(r.trimestre))} inconnu.`
        : `Loyer révisé le ${formaterDateFr(r.le)} : ${euros.format(r.loyerAvant)} € × ${indiceFr.format(r.indice ?? 0)} (IRL du ${libelleTrimestre(r.trimestre)}) / ${indiceFr.format(r.indicePrecedent ?? 0)} (IRL du ${libelleTrimestre(trimestrePrecedentAnnee(r.trimestre))}) = ${euros.format(r.loyerApres)} €.`,
    )
    .join(' ');
}
