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
import PDFDocument from 'pdfkit';
import type { RapportMensuel } from './service.js';

const nombreFr = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

function formater(valeur: number | null, unite: string): string {
  if (valeur === null) return '—';
  const v = nombreFr.format(valeur);
  return unite === 'euros' ? `${v} €` : unite === 'pourcentage' ? `${v} %` : unite === 'jours' ? `${v} j` : v;
}

type Cellule = { text: string; type?: 'TH' | 'TD'; scope?: 'Row' | 'Column' };

export async function pdfRapportMensuel(r: RapportMensuel): Promise<Buffer> {
  const titre = `Rapport mensuel de pilotage — ${r.departement.libelle} — ${libelleMois(r.mois)}`;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 50, bottom: 60, left: 50, right: 50 },
    pdfVersion: '1.7',
    bufferPages: true,
    tagged: true,
    lang: 'fr-FR',
    displayTitle: true,
    info: {
      Title: titre,
      Author: 'Exploc — prévention des expulsions locatives',
      Subject: `Indicateurs de pilotage du département ${r.departement.libelle} pour ${libelleMois(r.mois)}`,
      Keywords: 'expulsions locatives, pilotage, indicateurs',
      CreationDate: new Date(r.genereLe),
    },
  });
  const morceaux: Buffer[] = [];
  const fin = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => morceaux.push(c));
    doc.on('end', () => resolve(Buffer.concat(morceaux)));
    doc.on('error', reject);
  });
  const racine = doc.struct('Document');
  doc.addStructure(racine);
  const largeur = doc.page.width - doc.page.margins.left - doc.page.margins.right;

  const bloc = (type: string, ecrire: () => void) => racine.add(doc.struct(type, {}, ecrire));
  const titre1 = (texte: string) =>
    bloc('H1', () =>
      doc.font('Helvetica-Bold').fontSize(17).fillColor('#000091').text(texte, { width: largeur }),
    );
  const titre2 = (texte: string) =>
    bloc('H2', () => {
      doc.moveDown(0.8);
      doc.font('Helvetica-Bold').fontSize(13).fillColor('#000091').text(texte, { width: largeur });
      doc.moveDown(0.3);
    });
  const paragraphe = (texte: string) =>
    bloc('P', () => doc.font('Helvetica').fontSize(9.5).fillColor('#161616').text(texte, { width: largeur }));
  const tableau = (entetes: string[], lignes: string[][], largeurs: number[]) => {
    const data: Cellule[][] = [
      entetes.map((e) => ({ text: e, type: 'TH', scope: 'Column' })),
      ...lignes.map((l) =>
        l.map((c, k): Cellule => (k === 0 ? { text: c, type: 'TH', scope: 'Row' } : { text: c })),
      ),
    ];
    doc.font('Helvetica').fontSize(8.5).fillColor('#161616');
    doc.table({
      data: data as never,
      columnStyles: largeurs.map((w) => ({ width: w })) as never,
      rowStyles: (i: number) => (i === 0 ? { backgroundColor: '#e3e3fd' } : undefined),
      structParent: racine,
    } as never);
    doc.moveDown(0.5);
  };

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
  racine.end();

  // Page numbers: layout artifacts, outside the structure tree.
  const pages = doc.bufferedPageRange();
  for (let p = pages.start; p < pages.start + pages.count; p++) {
    doc.switchToPage(p);
    // Writing inside the bottom margin would otherwise start a new page.
    const marge = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.markContent('Artifact', { type: 'Pagination' });
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor('#666666')
      .text(`${titre} — page ${p + 1} sur ${pages.count}`, doc.page.margins.left, doc.page.height - 40, {
        width: largeur,
        align: 'center',
        lineBreak: false,
      });
    doc.endMarkedContent();
    doc.page.margins.bottom = marge;
  }
  doc.end();
  return fin;
}
