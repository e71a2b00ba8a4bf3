/**
 * The household's data for an access request (RGPD art. 15), as a tagged PDF 1.7 (structure tree, fr-FR,
 * title shown): same accessibility choices and limits as the CFP letters (standard Helvetica, not embedded).
 */
import PDFDocument from 'pdfkit';
import type { DonneesMenage, Ligne } from './service.js';

const LIBELLES_CHAMPS: Record<string, string> = {
  id: 'Identifiant',
  numero: 'Numéro',
  nom: 'Nom',
  prenoms: 'Prénoms',
  date_naissance: 'Date de naissance',
  role: 'Rôle',
  nom_principal: 'Nom principal',
  telephone: 'Téléphone',
  email: 'Adresse électronique',
  adresse_ligne: 'Adresse',
  code_postal: 'Code postal',
  commune_insee: 'Commune (code INSEE)',
  type: 'Type',
  date: 'Date',
  cree_le: 'Créé le',
  mis_a_jour_le: 'Mis à jour le',
  motif_correction: 'Motif de la correction',
  remplace_id: 'Corrige l’élément',
  texte: 'Texte',
  nom_fichier: 'Nom du fichier',
  type_mime: 'Type de fichier',
};

/** Windows-1252 is all the standard Helvetica font can draw: anything else is replaced by "?". */
function affichable(texte: string): string {
  return texte.replace(
    /[^\n\u0020-\u007e\u00a0-\u00ff\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u20ac\u0152\u0153]/g,
    '?',
  );
}

function valeurTexte(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? 'oui' : 'non';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function lignesTexte(l: Ligne): string[] {
  return Object.entries(l).map(
    ([k, v]) => `${LIBELLES_CHAMPS[k] ?? k.replaceAll('_', ' ')} : ${valeurTexte(v)}`,
  );
}

export async function pdfDroitAcces(d: DonneesMenage): Promise<Buffer> {
  const titre = `Données détenues sur le ménage — dossier ${d.dossier.numero}`;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 50, bottom: 60, left: 50, right: 50 },
    pdfVersion: '1.7',
    tagged: true,
    lang: 'fr-FR',
    displayTitle: true,
    info: {
      Title: titre,
      Author: `Préfecture — département ${d.dossier.departementCode}`,
      Subject: 'Réponse à une demande de droit d’accès (RGPD, article 15)',
      Keywords: 'droit d’accès, données personnelles, RGPD',
      CreationDate: new Date(d.genereLe),
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
      doc
        .font('Helvetica-Bold')
        .fontSize(15)
        .fillColor('#000091')
        .text(affichable(texte), { width: largeur }),
    );
  const titre2 = (texte: string) =>
    bloc('H2', () => {
      doc.moveDown(0.8);
      doc
        .font('Helvetica-Bold')
        .fontSize(12)
        .fillColor('#000091')
        .text(affichable(texte), { width: largeur });
      doc.moveDown(0.3);
    });
  const paragraphe = (texte: string, taille = 10) =>
    bloc('P', () => {
      doc.font('Helvetica').fontSize(taille).fillColor('#161616').text(affichable(texte), { width: largeur });
      doc.moveDown(0.3);
    });

  titre1(titre);
  paragraphe(
    'Ce document rassemble toutes les données qu’Exploc détient sur ce ménage, section par section, telles ' +
      'qu’enregistrées. Les données inexactes peuvent être rectifiées : les rectifications sont enregistrées ' +
      'comme des corrections, l’élément corrigé restant visible avec le motif de la correction.',
  );
  paragraphe(`Généré le ${new Date(d.genereLe).toLocaleString('fr-FR', { timeZone: 'Europe/Paris' })}.`);
  for (const s of d.sections) {
    titre2(`${s.titre} (${s.lignes.length})`);
    s.lignes.forEach((l, i) => {
      if (s.lignes.length > 1) paragraphe(`Élément ${i + 1}`, 10);
      paragraphe(lignesTexte(l).join('\n'), 9);
    });
  }
  racine.end();
  doc.end();
  return fin;
}
