/**
 * The minutes (procès-verbal) of a CCAPEX séance, as a tagged PDF 1.7: structure tree (Document, H1/H2/H3, P,
 * L/LI, Table with header cells), language fr-FR, title in the window title bar, page footers as artifacts, in
 * reading order. Same limits as the other PDFs of Exploc (standard Helvetica font, not embedded).
 */
import { LIBELLES_DECISION_APL } from '@exploc/domain/schemas/ccapex';
import {
  type DestinataireRecommandation,
  LIBELLES_DESTINATAIRE_RECOMMANDATION,
} from '@exploc/domain/schemas/ccapex-seances';
import PDFDocument from 'pdfkit';
import type { ContenuSeance } from './seances.js';
import { dateHeureFr } from './seances-acces.js';

type Cellule = { text: string; type?: 'TH' | 'TD'; scope?: 'Row' | 'Column' };

const jourFr = (d: string | null) => (d ? `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}` : '—');

export async function pdfProcesVerbal(s: ContenuSeance, genereLe: Date): Promise<Buffer> {
  const quand = dateHeureFr(new Date(s.debut), s.departementCode);
  const titre = `Procès-verbal de la séance du ${quand.split(' à ')[0]} — ${s.commission.nom}`;
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
      Author: s.commission.nom,
      Subject:
        'Procès-verbal de séance de la commission de coordination des actions de prévention des expulsions ' +
        'locatives (loi n° 90-449, art. 7-2)',
      Keywords: 'CCAPEX, procès-verbal, avis, recommandations, aide au logement',
      CreationDate: genereLe,
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
  const titreN = (niveau: 1 | 2 | 3, texte: string) =>
    bloc(`H${niveau}`, () => {
      if (niveau > 1) doc.moveDown(niveau === 2 ? 0.8 : 0.5);
      doc
        .font('Helvetica-Bold')
        .fontSize(niveau === 1 ? 15 : niveau === 2 ? 12.5 : 11)
        .fillColor('#000091')
        .text(texte, { width: largeur });
      doc.moveDown(0.3);
    });
  const paragraphe = (texte: string) =>
    bloc('P', () => {
      doc.font('Helvetica').fontSize(10).fillColor('#161616').text(texte, { width: largeur });
      doc.moveDown(0.3);
    });
  const liste = (elements: string[]) => {
    const l = doc.struct('L');
    racine.add(l);
    for (const e of elements) {
      l.add(
        doc.struct('LI', {}, () => {
          doc
            .font('Helvetica')
            .fontSize(10)
            .fillColor('#161616')
            .text(`• ${e}`, { width: largeur, indent: 8 });
        }),
      );
    }
    l.end();
    doc.moveDown(0.3);
  };
  const tableau = (entetes: string[], lignes: string[][], largeurs: number[]) => {
    const data: Cellule[][] = [
      entetes.map((e) => ({ text: e, type: 'TH', scope: 'Column' })),
      ...lignes.map((l) => l.map((c): Cellule => ({ text: c }))),
    ];
    doc.font('Helvetica').fontSize(9).fillColor('#161616');
    doc.table({
      data: data as never,
      columnStyles: largeurs.map((w) => ({ width: w })) as never,
      rowStyles: (i: number) => (i === 0 ? { backgroundColor: '#e3e3fd' } : undefined),
      structParent: racine,
    } as never);
    doc.moveDown(0.5);
  };

  titreN(1, titre);
  titreN(2, 'Séance');
  paragraphe(`Date et heure : ${quand}. Lieu : ${s.lieu}.`);
  paragraphe(
    s.clotureeLe
      ? `Séance close le ${dateHeureFr(new Date(s.clotureeLe), s.departementCode)}. ` +
          `${s.ordreDuJour.length} dossier${s.ordreDuJour.length > 1 ? 's' : ''} examiné${s.ordreDuJour.length > 1 ? 's' : ''}.`
      : `Séance non close. ${s.ordreDuJour.length} dossier(s) à l’ordre du jour.`,
  );

  titreN(2, 'Membres convoqués');
  if (s.invites.length > 0) liste(s.invites.map((i) => `${i.nom} (${i.organisation})`));
  else paragraphe('Aucune invitation n’a été envoyée par Exploc pour cette séance.');
  if (s.membres.length > 0) {
    titreN(3, 'Organismes membres de la commission');
    liste(
      s.membres.map(
        (m) =>
          `${m.nom} — voix ${m.voix === 'deliberative' ? 'délibérative' : 'consultative'}` +
          `${m.coPresidence ? ', co-présidence' : ''}${m.secretariat ? ', secrétariat' : ''}`,
      ),
    );
  }

  titreN(2, 'Dossiers examinés');
  for (const e of s.ordreDuJour) {
    titreN(
      3,
      `${e.rang}. Dossier ${e.dossier.numero}${e.dossier.nomPrincipal ? ` — ${e.dossier.nomPrincipal}` : ''}`,
    );
    paragraphe(`Avis : ${e.avis ?? 'non enregistré'}`);
    paragraphe(
      `Décision sur l’aide au logement (loi n° 90-449, art. 7-2, 2°) : ${
        e.decisionApl ? LIBELLES_DECISION_APL[e.decisionApl] : 'aucune décision'
      }.`,
    );
    if (e.recommandations.length === 0) {
      paragraphe('Recommandations : aucune.');
    } else {
      paragraphe(`Recommandations (${e.recommandations.length}) :`);
      tableau(
        ['Destinataire', 'Recommandation', 'Échéance'],
        e.recommandations.map((r) => [
          `${r.destinataireLibelle} (${
            LIBELLES_DESTINATAIRE_RECOMMANDATION[r.destinataireType as DestinataireRecommandation] ??
            r.destinataireType
          })`,
          r.contenu,
          jourFr(r.echeance),
        ]),
        [largeur * 0.3, largeur * 0.52, largeur * 0.18],
      );
    }
  }
  paragraphe(
    'Document couvert par le secret professionnel (code pénal, art. 226-13 ; loi n° 90-449, art. 7-2) : ' +
      'réservé aux membres de la commission et aux services chargés de l’instruction. ' +
      `Généré par Exploc le ${jourFr(genereLe.toISOString().slice(0, 10))}.`,
  );
  racine.end();

  const pages = doc.bufferedPageRange();
  for (let p = pages.start; p < pages.start + pages.count; p++) {
    doc.switchToPage(p);
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
