/**
 * The annual report as tables: the same sections for the web page, the XLSX file (one sheet per section) and
 * the tagged PDF (H1/H2, tables with header cells, fr-FR, title metadata, footers as artifacts). Counts only.
 */
import { formaterDateFr } from '@exploc/domain/calendrier/dates';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import type { RapportAnnuel } from './rapport.js';

type Valeur = string | number | null;
export interface SectionRapport {
  titre: string;
  entetes: string[];
  lignes: Valeur[][];
}

const pct = (v: number | null) => (v === null ? '—' : `${String(v).replace('.', ',')} %`);

/** The report as a list of tables, in the order of the page, the XLSX and the PDF. */
export function sectionsRapport(r: RapportAnnuel): SectionRapport[] {
  return [
    {
      titre: 'Synthèse',
      entetes: ['Indicateur', 'Valeur'],
      lignes: [
        ['Flux reçus (saisines, signalements, alertes)', r.flux.total],
        ['Orientations vers les membres', r.orientations.total],
        ['Séances tenues', r.seances.tenues],
        ['Séances annulées', r.seances.annulees],
        ['Dossiers examinés', r.seances.dossiersExamines],
        ['Avis rendus', r.seances.avis],
        ['Recommandations', r.recommandations.total],
        ['Taux de suivi des recommandations', pct(r.recommandations.tauxSuivi)],
        ['Taux de réalisation des recommandations', pct(r.recommandations.tauxRealisation)],
        ['Maintien de l’aide au logement', r.decisionsApl.maintien],
        ['Suspension de l’aide au logement', r.decisionsApl.suspension],
        ['Dossiers examinés depuis clos', r.issues.dossiersClos],
      ],
    },
    {
      titre: 'Flux reçus par origine et nature',
      entetes: ['Origine', 'Saisines', 'Signalements', 'Alertes', 'Total'],
      lignes: r.flux.parOrigine.map((o) => [o.libelle, o.saisine, o.signalement, o.alerte, o.total]),
    },
    {
      titre: 'Tri des flux reçus',
      entetes: ['Issue du tri', 'Nombre'],
      lignes: [
        ...r.tri.parStatut.map((s): Valeur[] => [`Flux reçus — ${s.libelle.toLowerCase()}`, s.nombre]),
        ['Acceptations (nouveau dossier ou dossier existant)', r.tri.actions.acceptation],
        ['Fusions avec un dossier existant', r.tri.actions.fusion],
        ['Redirections vers une autre commission', r.tri.actions.redirection],
        ['Rejets motivés', r.tri.actions.rejet],
      ],
    },
    {
      titre: 'Orientations par destinataire et issue',
      entetes: ['Destinataire', 'Orientations', 'Closes', 'En cours', 'En retard'],
      lignes: r.orientations.parDestinataire.map((o) => [
        o.libelle,
        o.total,
        o.closes,
        o.enCours,
        o.enRetard,
      ]),
    },
    {
      titre: 'Recommandations par destinataire et suivi',
      entetes: ['Destinataire', 'Recommandations', 'Réalisées', 'Non réalisées', 'À suivre', 'En retard'],
      lignes: r.recommandations.parDestinataire.map((x) => [
        x.libelle,
        x.total,
        x.realisees,
        x.nonRealisees,
        x.aSuivre,
        x.enRetard,
      ]),
    },
    {
      titre: 'Décisions sur l’aide au logement',
      entetes: ['Décision', 'Nombre'],
      lignes: [
        ['Maintien', r.decisionsApl.maintien],
        ['Suspension', r.decisionsApl.suspension],
        ['Sans décision', r.decisionsApl.sansDecision],
      ],
    },
    {
      titre: 'Issues des dossiers examinés (phase atteinte à ce jour)',
      entetes: ['Phase', 'Dossiers'],
      lignes: r.issues.parPhase.map((p) => [p.libelle, p.nombre]),
    },
    {
      titre: 'Par commission',
      entetes: ['Commission', 'Flux reçus', 'Dossiers examinés', 'Recommandations'],
      lignes: r.territoires.parCommission.map((k) => [
        k.nom,
        k.saisines,
        k.dossiersExamines,
        k.recommandations,
      ]),
    },
    {
      titre: 'Par arrondissement',
      entetes: ['Arrondissement', 'Flux reçus', 'Dossiers examinés'],
      lignes: r.territoires.parArrondissement.map((x) => [
        x.code ? `${x.nom} (${x.code})` : x.nom,
        x.saisines,
        x.dossiersExamines,
      ]),
    },
  ];
}

const titreRapport = (r: RapportAnnuel) =>
  `Rapport annuel de la CCAPEX — ${r.territoire.commission?.nom ?? r.territoire.libelle} — ` +
  `${formaterDateFr(r.periode.du)} au ${formaterDateFr(r.periode.au)}`;

export async function xlsxRapportAnnuel(r: RapportAnnuel): Promise<Buffer> {
  const classeur = new ExcelJS.Workbook();
  classeur.creator = 'Exploc';
  classeur.title = titreRapport(r);
  const noms = new Set<string>();
  for (const s of sectionsRapport(r)) {
    // Sheet names: 31 characters at most, unique, without : \ / ? * [ ].
    let nom = s.titre.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31);
    while (noms.has(nom)) nom = `${nom.slice(0, 28)} ${noms.size}`;
    noms.add(nom);
    const f = classeur.addWorksheet(nom);
    f.columns = s.entetes.map((e, k) => ({ header: e, width: k === 0 ? 48 : Math.max(12, e.length + 2) }));
    f.getRow(1).font = { bold: true };
    f.views = [{ state: 'frozen', ySplit: 1 }];
    for (const l of s.lignes) f.addRow(l);
  }
  const f = classeur.addWorksheet('Méthode');
  f.columns = [{ header: 'Règle de comptage', width: 120 }];
  f.getRow(1).font = { bold: true };
  for (const l of METHODE(r)) f.addRow([l]);
  return Buffer.from(await classeur.xlsx.writeBuffer());
}

const METHODE = (r: RapportAnnuel) => [
  `Période : du ${formaterDateFr(r.periode.du)} au ${formaterDateFr(r.periode.au)} inclus (heure locale du département).`,
  'Flux et tri : flux reçus pendant la période, par leur commission actuelle ; actions de tri datées de la période.',
  'Orientations : créées pendant la période ; « en retard » = non closes, échéance dépassée au jour du rapport.',
  'Séances : dont la date tombe dans la période. Avis, recommandations et décisions : séances closes de la période.',
  'Taux de suivi = recommandations réalisées ou non réalisées / toutes ; taux de réalisation = réalisées / toutes.',
  'Issues : phase actuelle des dossiers examinés pendant la période. Aucune personne n’est nommée.',
];

type Cellule = { text: string; type?: 'TH' | 'TD'; scope?: 'Row' | 'Column' };

export async function pdfRapportAnnuel(r: RapportAnnuel): Promise<Buffer> {
  const titre = titreRapport(r);
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
      Author: 'Exploc — CCAPEX',
      Subject: 'Rapport annuel de la CCAPEX au comité responsable du PDALHPD (décret n° 2015-1384, art. 1)',
      Keywords: 'CCAPEX, rapport annuel, PDALHPD, prévention des expulsions',
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
  bloc('H1', () =>
    doc.font('Helvetica-Bold').fontSize(15).fillColor('#000091').text(titre, { width: largeur }),
  );
  for (const l of METHODE(r)) {
    bloc('P', () => doc.font('Helvetica').fontSize(9).fillColor('#161616').text(l, { width: largeur }));
  }
  for (const s of sectionsRapport(r)) {
    bloc('H2', () => {
      doc.moveDown(0.8);
      doc.font('Helvetica-Bold').fontSize(12).fillColor('#000091').text(s.titre, { width: largeur });
      doc.moveDown(0.3);
    });
    if (s.lignes.length === 0) {
      bloc('P', () => doc.font('Helvetica').fontSize(9.5).fillColor('#161616').text('Aucune donnée.'));
      continue;
    }
    const premiere = s.entetes.length > 2 ? 0.34 : 0.7;
    const autres = (1 - premiere) / (s.entetes.length - 1);
    const data: Cellule[][] = [
      s.entetes.map((e) => ({ text: e, type: 'TH', scope: 'Column' })),
      ...s.lignes.map((l) =>
        l.map(
          (v, k): Cellule => ({
            text: v === null ? '—' : String(v),
            ...(k === 0 ? { type: 'TH' as const, scope: 'Row' as const } : {}),
          }),
        ),
      ),
    ];
    doc.font('Helvetica').fontSize(8.5).fillColor('#161616');
    doc.table({
      data: data as never,
      columnStyles: s.entetes.map((_, k) => ({ width: largeur * (k === 0 ? premiere : autres) })) as never,
      rowStyles: (i: number) => (i === 0 ? { backgroundColor: '#e3e3fd' } : undefined),
      structParent: racine,
    } as never);
    doc.moveDown(0.5);
  }
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
      .text(
        `Rapport annuel CCAPEX — page ${p + 1} sur ${pages.count}`,
        doc.page.margins.left,
        doc.page.height - 40,
        {
          width: largeur,
          align: 'center',
          lineBreak: false,
        },
      );
    doc.endMarkedContent();
    doc.page.margins.bottom = marge;
  }
  doc.end();
  return fin;
}
