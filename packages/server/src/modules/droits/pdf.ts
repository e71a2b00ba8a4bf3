/**
 * The household's data for an access request (RGPD art. 15), as a tagged PDF 1.7 (structure tree, fr-FR,
 * title shown): same accessibility choices and limits as the CFP letters (standard Helvetica, not embedded).
 */
import { nouveauDocumentPdf, paragraphePdf, titrePdf, versBuffer } from '../../lib/pdf.js';
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
  const pdf = nouveauDocumentPdf({
    titre,
    auteur: `Préfecture — département ${d.dossier.departementCode}`,
    sujet: 'Réponse à une demande de droit d’accès (RGPD, article 15)',
    motsCles: 'droit d’accès, données personnelles, RGPD',
    creeLe: new Date(d.genereLe),
  });
  const titre1 = (texte: string) => titrePdf(pdf, 1, affichable(texte));
  const titre2 = (texte: string) => titrePdf(pdf, 2, affichable(texte));
  const paragraphe = (texte: string, taille = 10) => paragraphePdf(pdf, affichable(texte), { taille });

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
  return versBuffer(pdf);
}
