/**
 * Exports of a dashboard (CSV for French spreadsheets: `;`, UTF-8 BOM, CRLF, decimal comma; XLSX with one
 * sheet per table and one of definitions) and of the open-data file. Aggregates only: nothing here can
 * name a person.
 */
import {
  type CodeIndicateur,
  INDICATEURS,
  indicateur,
  LIBELLES_UNITES,
} from '@exploc/domain/indicateurs/catalogue';
import { libelleMois } from '@exploc/domain/indicateurs/periode';
import { LIBELLES_NIVEAUX } from '@exploc/domain/indicateurs/territoire';
import ExcelJS from 'exceljs';
import type { FichierOuvert } from './open-data.js';
import type { TableauDeBord } from './service.js';

type Cellule = string | number | null;

export function champCsv(v: Cellule): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v).replace('.', ',');
  // Formula injection: a cell starting with = + - @ is neutralised (OWASP CSV injection).
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[";\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function versCsv(lignes: readonly (readonly Cellule[])[]): string {
  return `\uFEFF${lignes.map((l) => l.map(champCsv).join(';')).join('\r\n')}\r\n`;
}

const libelleUnite = (code: CodeIndicateur) => LIBELLES_UNITES[indicateur(code).unite];

/**
 * One table for the CSV, in long format (one value per row) so that every part of the dashboard — the
 * period, last year's, each month, each sub-territory — fits under the same header.
 */
export function lignesCsvTableau(t: TableauDeBord): Cellule[][] {
  const lignes: Cellule[][] = [
    ['Tableau', 'Clé', 'Libellé', 'Code indicateur', 'Indicateur', 'Valeur', 'Unité'],
  ];
  const periode = `${t.periode.du} au ${t.periode.au}`;
  const precedente = `${t.periodePrecedente.du} au ${t.periodePrecedente.au}`;
  for (const i of t.indicateurs) {
    lignes.push([
      'Période',
      periode,
      t.territoire.libelle,
      i.code,
      i.libelle,
      i.valeur,
      libelleUnite(i.code),
    ]);
  }
  for (const i of t.indicateurs) {
    lignes.push([
      'Même période un an plus tôt',
      precedente,
      t.territoire.libelle,
      i.code,
      i.libelle,
      i.valeurPrecedente,
      libelleUnite(i.code),
    ]);
  }
  for (const mois of t.series.mois) {
    for (const [code, valeur] of Object.entries(t.series.valeurs[mois] ?? {})) {
      const c = code as CodeIndicateur;
      lignes.push(['Mois', mois, libelleMois(mois), c, indicateur(c).libelle, valeur, libelleUnite(c)]);
    }
  }
  if (t.sousTerritoires) {
    const niveau = LIBELLES_NIVEAUX[t.sousTerritoires.niveau];
    for (const e of t.sousTerritoires.elements) {
      for (const [code, valeur] of Object.entries(e.valeurs)) {
        const c = code as CodeIndicateur;
        lignes.push([niveau, e.code, e.libelle, c, indicateur(c).libelle, valeur, libelleUnite(c)]);
      }
    }
  }
  return lignes;
}

function feuille(classeur: ExcelJS.Workbook, nom: string, entetes: string[], lignes: Cellule[][]) {
  const f = classeur.addWorksheet(nom);
  f.columns = entetes.map((e, k) => ({
    header: e,
    width: k === 0 ? 40 : Math.min(40, Math.max(12, e.length + 2)),
  }));
  f.getRow(1).font = { bold: true };
  f.views = [{ state: 'frozen', ySplit: 1 }];
  for (const l of lignes) f.addRow(l);
}

export async function xlsxTableau(t: TableauDeBord): Promise<Buffer> {
  const classeur = new ExcelJS.Workbook();
  classeur.creator = 'Exploc';
  classeur.title = `Pilotage — ${t.territoire.libelle} — ${t.periode.du} au ${t.periode.au}`;
  feuille(
    classeur,
    'Indicateurs',
    [
      'Indicateur',
      'Code',
      'Unité',
      `Valeur (${t.periode.du} au ${t.periode.au})`,
      'Un an plus tôt',
      'Évolution',
    ],
    t.indicateurs.map((i) => [
      i.libelle,
      i.code,
      libelleUnite(i.code),
      i.valeur,
      i.valeurPrecedente,
      i.evolution,
    ]),
  );
  const codes = Object.keys(t.series.valeurs[t.series.mois[0] ?? ''] ?? {}) as CodeIndicateur[];
  feuille(
    classeur,
    'Par mois',
    ['Mois', ...codes.map((c) => indicateur(c).libelle)],
    t.series.mois.map((m) => [libelleMois(m), ...codes.map((c) => t.series.valeurs[m]?.[c] ?? null)]),
  );
  if (t.sousTerritoires && t.sousTerritoires.elements.length > 0) {
    const codesT = Object.keys(t.sousTerritoires.elements[0]?.valeurs ?? {}) as CodeIndicateur[];
    feuille(
      classeur,
      `Par ${LIBELLES_NIVEAUX[t.sousTerritoires.niveau].toLowerCase()}`,
      [LIBELLES_NIVEAUX[t.sousTerritoires.niveau], 'Code', ...codesT.map((c) => indicateur(c).libelle)],
      t.sousTerritoires.elements.map((e) => [e.libelle, e.code, ...codesT.map((c) => e.valeurs[c] ?? null)]),
    );
  }
  feuille(
    classeur,
    'Définitions',
    ['Indicateur', 'Code', 'Définition', 'Règle de comptage', 'Source'],
    INDICATEURS.map((i) => [i.libelle, i.code, i.definition, i.comptage, i.source]),
  );
  return Buffer.from(await classeur.xlsx.writeBuffer());
}

export async function xlsxOuvert(f: FichierOuvert): Promise<Buffer> {
  const classeur = new ExcelJS.Workbook();
  classeur.creator = 'Exploc';
  feuille(classeur, 'Données', f.colonnes, f.lignes);
  return Buffer.from(await classeur.xlsx.writeBuffer());
}
