/**
 * The monthly report of a département as a PDF, as accessible as pdfkit allows: tagged PDF 1.7 with a
 * structure tree (Document, H1/H2, P, Table/TR/TH/TD with column and row headers), document language
 * fr-FR, title shown in the window title bar, page footers marked as artifacts. The standard Helvetica font
 * is not embedded (PDF/UA would require it): a limit of this report, said in docs/pilotage/README.md.
 */

import { formaterDateFr } from '@exploc/domain/calendrier/dates';
import { LIBELLES_THEMES, LIBELLES_UNITES, THEMES } from '@exploc/domain/indicateurs/catalogue';
import { libelleMois } from '@exploc/domain/indicateurs/periode';
import { LIBELLES_NIVEAUX } from '@exploc/domain/indicateurs/territoire';
import {
  nouveauDocumentPdf,
  paragraphePdf,
  tableau as tableauPdf,
  titrePdf,
  versBuffer,
} from '../../lib/pdf.js';
import type { RapportMensuel } from './service.js';

const nombreFr = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

function formater(valeur: number | null, unite: string): string {
  if (valeur === null) return '—';
  const v = nombreFr.format(valeur);
  return unite === 'euros' ? `${v} €` : unite === 'pourcentage' ? `${v} %` : unite === 'jours' ? `${v} j` : v;
}

export async function pdfRapportMensuel(r: RapportMensuel): Promise<Buffer> {
  const titre = `Rapport mensuel de pilotage — ${r.departement.libelle} — ${libelleMois(r.mois)}`;
  const pdf = nouveauDocumentPdf({
    titre,
    auteur: 'Exploc — prévention des expulsions locatives',
    sujet: `Indicateurs de pilotage du département ${r.departement.libelle} pour ${libelleMois(r.mois)}`,
    motsCles: 'expulsions locatives, pilotage, indicateurs',
    creeLe: new Date(r.genereLe),
    pagine: true,
  });
  const { largeur } = pdf;
  const titre1 = (texte: string) => titrePdf(pdf, 1, texte, { taille: 17 });
  const titre2 = (texte: string) => titrePdf(pdf, 2, texte, { taille: 13 });
  const paragraphe = (texte: string) => paragraphePdf(pdf, texte, { taille: 9.5, apres: 0 });
  const tableau = (entetes: string[], lignes: string[][], largeurs: number[]) =>
    tableauPdf(pdf, entetes, lignes, { largeurs });

  titre1(titre);
  paragraphe(
    `Période du mois : du ${formaterDateFr(r.periodeMois.du)} au ${formaterDateFr(r.periodeMois.au)}. ` +
      `Comparaison : le même mois un an plus tôt, et les douze derniers mois (du ${formaterDateFr(r.periodeDouzeMois.du)} au ${formaterDateFr(r.periodeDouzeMois.au)}). ` +
      'Chaque acte compte à sa date, dans le territoire du logement ; les actes corrigés ne comptent pas. ' +
      'Définitions et règles de comptage : docs/pilotage/indicateurs.md.',
  );

  const colonnes = [largeur * 0.46, largeur * 0.18, largeur * 0.18, largeur * 0.18];
  for (const theme of THEMES) {
    const lignes = r.lignes.filter((l) => l.indicateur.theme === theme);
    if (lignes.length === 0) continue;
    titre2(LIBELLES_THEMES[theme]);
    tableau(
      ['Indicateur', libelleMois(r.mois), `${libelleMois(r.mois)} N-1`, '12 derniers mois'],
      lignes.map((l) => [
        l.indicateur.libelle,
        formater(l.mois, l.indicateur.unite),
        formater(l.moisAnneePrecedente, l.indicateur.unite),
        formater(l.douzeMois, l.indicateur.unite),
      ]),
      colonnes,
    );
  }

  if (r.sousTerritoires && r.sousTerritoires.elements.length > 0) {
    const niveau = LIBELLES_NIVEAUX[r.sousTerritoires.niveau];
    titre2(`Douze derniers mois par ${niveau.toLowerCase()}`);
    const codes = [
      'commandements_de_payer',
      'assignations',
      'decisions_expulsion',
      'demandes_cfp',
      'cfp_accordes',
      'expulsions_realisees',
    ] as const;
    tableau(
      [
        niveau,
        'Commandements',
        'Assignations',
        'Décisions d’expulsion',
        'Demandes de CFP',
        'CFP accordés',
        'Expulsions',
      ],
      r.sousTerritoires.elements.map((e) => [
        e.libelle,
        ...codes.map((c) => formater(e.valeurs[c] ?? null, 'nombre')),
      ]),
      [largeur * 0.28, ...codes.map(() => (largeur * 0.72) / codes.length)],
    );
  }

  if (r.indisponibles.length > 0) {
    titre2('Indicateurs non disponibles');
    for (const i of r.indisponibles) paragraphe(`${i.libelle} : ${i.raison}`);
  }
  paragraphe(
    `Unités : ${Object.values(LIBELLES_UNITES).join(', ')}. Données agrégées : aucune personne n’est nommée. ` +
      `Document généré par Exploc le ${formaterDateFr(r.genereLe.slice(0, 10))}.`,
  );
  // Page numbers: layout artifacts, outside the structure tree.
  return versBuffer(pdf, { piedDePage: (page, total) => `${titre} — page ${page} sur ${total}` });
}
