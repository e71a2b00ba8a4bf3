/**
 * The annual report as tables: the same sections for the web page, the XLSX file (one sheet per section) and
 * the tagged PDF (H1/H2, tables with header cells, fr-FR, title metadata, footers as artifacts). Counts only.
 */
import { formaterDateFr } from '@exploc/domain/calendrier/dates';
import ExcelJS from 'exceljs';
import { nouveauDocumentPdf, paragraphePdf, tableau, titrePdf, versBuffer } from '../../lib/pdf.js';
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

export async function pdfRapportAnnuel(r: RapportAnnuel): Promise<Buffer> {
  const titre = titreRapport(r);
  const pdf = nouveauDocumentPdf({
    titre,
    auteur: 'Exploc — CCAPEX',
    sujet: 'Rapport annuel de la CCAPEX au comité responsable du PDALHPD (décret n° 2015-1384, art. 1)',
    motsCles: 'CCAPEX, rapport annuel, PDALHPD, prévention des expulsions',
    creeLe: new Date(r.genereLe),
    pagine: true,
  });
  titrePdf(pdf, 1, titre);
  for (const l of METHODE(r)) paragraphePdf(pdf, l, { taille: 9, apres: 0 });
  for (const s of sectionsRapport(r)) {
    titrePdf(pdf, 2, s.titre);
    if (s.lignes.length === 0) {
      paragraphePdf(pdf, 'Aucune donnée.', { taille: 9.5, apres: 0 });
      continue;
    }
    const premiere = s.entetes.length > 2 ? 0.34 : 0.7;
    const autres = (1 - premiere) / (s.entetes.length - 1);
    tableau(
      pdf,
      s.entetes,
      s.lignes.map((l) => l.map((v) => (v === null ? '—' : String(v)))),
      { largeurs: s.entetes.map((_, k) => pdf.largeur * (k === 0 ? premiere : autres)) },
    );
  }
  return versBuffer(pdf, {
    piedDePage: (page, total) => `Rapport annuel CCAPEX — page ${page} sur ${total}`,
  });
}
