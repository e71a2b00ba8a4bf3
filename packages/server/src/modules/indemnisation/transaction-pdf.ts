/**
 * The draft transaction of the State's indemnity (CPCE R154-3) as a tagged PDF 1.7: structure tree (Document,
 * H1/H2, P, Table with headers), language fr-FR, title shown in the window title bar. Same accessibility choices
 * and limits as the pilotage report (standard Helvetica font, not embedded).
 */
import { formaterDateFr } from '@exploc/domain/calendrier/dates';
import type { CalculIndemnisation } from '@exploc/domain/indemnisation/calcul';
import PDFDocument from 'pdfkit';

const eurosFr = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const euros = (v: number) => `${eurosFr.format(v)} €`;

type Cellule = { text: string; type?: 'TH' | 'TD'; scope?: 'Row' | 'Column' };

export interface DonneesTransaction {
  numeroDossier: string;
  departement: string;
  beneficiaire: string;
  commune: string;
  montantPropose: number;
  calcul: CalculIndemnisation;
  genereLe: Date;
}

export async function pdfProjetTransaction(t: DonneesTransaction): Promise<Buffer> {
  const titre = `Projet de transaction — indemnisation du refus du concours de la force publique — dossier ${t.numeroDossier}`;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 50, bottom: 60, left: 50, right: 50 },
    pdfVersion: '1.7',
    tagged: true,
    lang: 'fr-FR',
    displayTitle: true,
    info: {
      Title: titre,
      Author: `Préfecture — département ${t.departement}`,
      Subject: 'Projet de transaction (CPCE L153-1, R154-3)',
      Keywords: 'indemnisation, concours de la force publique, transaction, subrogation',
      CreationDate: t.genereLe,
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
      doc.font('Helvetica-Bold').fontSize(15).fillColor('#000091').text(texte, { width: largeur }),
    );
  const titre2 = (texte: string) =>
    bloc('H2', () => {
      doc.moveDown(0.8);
      doc.font('Helvetica-Bold').fontSize(12).fillColor('#000091').text(texte, { width: largeur });
      doc.moveDown(0.3);
    });
  const paragraphe = (texte: string) =>
    bloc('P', () => {
      doc.font('Helvetica').fontSize(10).fillColor('#161616').text(texte, { width: largeur });
      doc.moveDown(0.3);
    });

  titre1(titre);
  paragraphe(
    `Entre l’État, représenté par le préfet du département ${t.departement}, et ${t.beneficiaire}, ` +
      `bénéficiaire de la décision d’expulsion concernant un logement situé à ${t.commune}.`,
  );
  titre2('Article 1 — Indemnité');
  paragraphe(
    `L’État verse au bénéficiaire la somme de ${euros(t.montantPropose)} en réparation du préjudice résultant du ` +
      'refus du concours de la force publique (code des procédures civiles d’exécution, L153-1 et R154-1 à R154-7).',
  );
  const p = t.calcul.periode;
  if (p) {
    paragraphe(
      `Période de responsabilité de l’État : du ${formaterDateFr(p.debut)} au ${formaterDateFr(p.fin)}.`,
    );
    const data: Cellule[][] = [
      ['Du', 'Au', 'Jours', 'Loyer et charges', 'Montant'].map((e) => ({
        text: e,
        type: 'TH',
        scope: 'Column',
      })),
      ...t.calcul.lignes.map((l): Cellule[] => [
        { text: formaterDateFr(l.du), type: 'TH', scope: 'Row' },
        { text: formaterDateFr(l.au) },
        { text: `${l.jours} / ${l.joursDuMois}` },
        { text: euros(l.loyerMensuelHC + l.chargesMensuelles) },
        { text: euros(l.montant) },
      ]),
    ];
    doc.font('Helvetica').fontSize(8.5).fillColor('#161616');
    doc.table({
      data: data as never,
      rowStyles: (i: number) => (i === 0 ? { backgroundColor: '#e3e3fd' } : undefined),
      structParent: racine,
    } as never);
    doc.moveDown(0.5);
  }
  paragraphe(t.calcul.explication);
  titre2('Article 2 — Renonciation');
  paragraphe(
    'Le bénéficiaire renonce à toute action contre l’État au titre du refus du concours de la force publique pour ' +
      'la période indemnisée.',
  );
  titre2('Article 3 — Subrogation');
  paragraphe(
    'L’État est subrogé, à concurrence de la somme versée, dans les droits du bénéficiaire contre l’occupant pour ' +
      'la période indemnisée (R154-3).',
  );
  titre2('Signatures');
  paragraphe('Le bénéficiaire, le ……………… — Le préfet, le ………………');
  paragraphe(`Projet généré par Exploc le ${formaterDateFr(t.genereLe.toISOString().slice(0, 10))}.`);
  racine.end();
  doc.end();
  return fin;
}
