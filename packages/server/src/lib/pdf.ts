/**
 * The shared skeleton of Exploc's PDFs (pdfkit): a tagged PDF 1.7 with a structure tree (Document, H1/H2/H3, P,
 * L/LI, Table with header cells), language fr-FR, title shown in the window title bar, page footers marked as
 * artifacts. The standard Helvetica font is not embedded (PDF/UA would require it): a limit of every PDF.
 */
import PDFDocument from 'pdfkit';

const BLEU_FRANCE = '#000091';
const GRIS_TEXTE = '#161616';
const GRIS_PIED = '#666666';
const FOND_ENTETES = '#e3e3fd';

export interface OptionsDocumentPdf {
  titre: string;
  auteur: string;
  sujet: string;
  motsCles?: string;
  creeLe: Date;
  /** Keeps every page in memory so that `versBuffer` can draw page footers ("page n sur N"). */
  pagine?: boolean;
}

/** A document being written: the pdfkit document, its structure root and the width of the text column. */
export interface DocumentPdf {
  doc: PDFKit.PDFDocument;
  racine: PDFKit.PDFStructureElement;
  largeur: number;
  fin: Promise<Buffer>;
}

export function nouveauDocumentPdf(o: OptionsDocumentPdf): DocumentPdf {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 50, bottom: 60, left: 50, right: 50 },
    pdfVersion: '1.7',
    ...(o.pagine ? { bufferPages: true } : {}),
    tagged: true,
    lang: 'fr-FR',
    displayTitle: true,
    info: {
      Title: o.titre,
      Author: o.auteur,
      Subject: o.sujet,
      ...(o.motsCles ? { Keywords: o.motsCles } : {}),
      CreationDate: o.creeLe,
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
  return { doc, racine, largeur, fin };
}

/** A structure element of the given type (H1, P…) under the root, its content written by `ecrire`. */
export function bloc(pdf: DocumentPdf, type: string, ecrire: () => void): void {
  pdf.racine.add(pdf.doc.struct(type, {}, ecrire));
}

export interface StyleBloc {
  /** Font size in points. */
  taille?: number;
  /** Blank space before and after, in lines. */
  avant?: number;
  apres?: number;
}

const STYLES_TITRES: Record<1 | 2 | 3, Required<StyleBloc>> = {
  1: { taille: 15, avant: 0, apres: 0 },
  2: { taille: 12, avant: 0.8, apres: 0.3 },
  3: { taille: 11, avant: 0.5, apres: 0.3 },
};

/** A heading H1, H2 or H3 in bold blue. */
export function titrePdf(pdf: DocumentPdf, niveau: 1 | 2 | 3, texte: string, style: StyleBloc = {}): void {
  const s = { ...STYLES_TITRES[niveau], ...style };
  bloc(pdf, `H${niveau}`, () => {
    if (s.avant > 0) pdf.doc.moveDown(s.avant);
    pdf.doc
      .font('Helvetica-Bold')
      .fontSize(s.taille)
      .fillColor(BLEU_FRANCE)
      .text(texte, { width: pdf.largeur });
    if (s.apres > 0) pdf.doc.moveDown(s.apres);
  });
}

/** A paragraph (P), 10 points and a third of a line after it unless told otherwise. */
export function paragraphePdf(pdf: DocumentPdf, texte: string, style: StyleBloc = {}): void {
  const { taille = 10, apres = 0.3 } = style;
  bloc(pdf, 'P', () => {
    pdf.doc.font('Helvetica').fontSize(taille).fillColor(GRIS_TEXTE).text(texte, { width: pdf.largeur });
    if (apres > 0) pdf.doc.moveDown(apres);
  });
}

/** A bulleted list (L, LI). */
export function listePdf(pdf: DocumentPdf, elements: string[]): void {
  const { doc, racine, largeur } = pdf;
  const l = doc.struct('L');
  racine.add(l);
  for (const e of elements) {
    l.add(
      doc.struct('LI', {}, () => {
        doc
          .font('Helvetica')
          .fontSize(10)
          .fillColor(GRIS_TEXTE)
          .text(`• ${e}`, { width: largeur, indent: 8 });
      }),
    );
  }
  l.end();
  doc.moveDown(0.3);
}

type Cellule = { text: string; type?: 'TH' | 'TD'; scope?: 'Row' | 'Column' };

export interface OptionsTableau {
  /** Column widths in points (pdfkit's automatic widths otherwise). */
  largeurs?: number[];
  /** Font size of the cells, 8.5 points by default. */
  taille?: number;
  /** Whether the first cell of each row is a row header (TH scope Row), true by default. */
  entetesDeLigne?: boolean;
}

/** A table (Table/TR/TH/TD) whose first row holds the column headers. */
export function tableau(
  pdf: DocumentPdf,
  entetes: string[],
  lignes: string[][],
  { largeurs, taille = 8.5, entetesDeLigne = true }: OptionsTableau = {},
): void {
  const data: Cellule[][] = [
    entetes.map((e) => ({ text: e, type: 'TH', scope: 'Column' })),
    ...lignes.map((l) =>
      l.map(
        (c, k): Cellule => (entetesDeLigne && k === 0 ? { text: c, type: 'TH', scope: 'Row' } : { text: c }),
      ),
    ),
  ];
  pdf.doc.font('Helvetica').fontSize(taille).fillColor(GRIS_TEXTE);
  pdf.doc.table({
    data: data as never,
    ...(largeurs ? { columnStyles: largeurs.map((w) => ({ width: w })) as never } : {}),
    rowStyles: (i: number) => (i === 0 ? { backgroundColor: FOND_ENTETES } : undefined),
    structParent: pdf.racine,
  } as never);
  pdf.doc.moveDown(0.5);
}

/**
 * Page footers ("… — page n sur N"), as layout artifacts outside the structure tree. The document must have been
 * created with `pagine: true`.
 */
export function piedDePage(pdf: DocumentPdf, texte: (page: number, total: number) => string): void {
  const { doc, largeur } = pdf;
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
      .fillColor(GRIS_PIED)
      .text(texte(p + 1, pages.count), doc.page.margins.left, doc.page.height - 40, {
        width: largeur,
        align: 'center',
        lineBreak: false,
      });
    doc.endMarkedContent();
    doc.page.margins.bottom = marge;
  }
}

/** Closes the structure tree, draws the page footers when asked, ends the document and returns its bytes. */
export function versBuffer(
  pdf: DocumentPdf,
  options: { piedDePage?: (page: number, total: number) => string } = {},
): Promise<Buffer> {
  pdf.racine.end();
  if (options.piedDePage) piedDePage(pdf, options.piedDePage);
  pdf.doc.end();
  return pdf.fin;
}
