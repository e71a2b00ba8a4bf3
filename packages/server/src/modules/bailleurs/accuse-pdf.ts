/**
 * The acknowledgement of a landlord's CCAPEX saisine (loi n° 89-462 art. 24 II), as a tagged PDF 1.7 (structure
 * tree, fr-FR, displayed title), same accessibility choices as the CFP letter (cfp/lettre-pdf.ts).
 */
import { formaterDateFr } from '@exploc/domain/calendrier/dates';
import { nouveauDocumentPdf, paragraphePdf, titrePdf, versBuffer } from '../../lib/pdf.js';

export interface DonneesAccuseSaisine {
  id: string;
  bailleur: string;
  commission: string;
  recuLe: string;
  assignationPossibleAPartirDu: string;
  locataire: string | null;
  adresse: string | null;
  detteMontant: number | null;
  genereLe: Date;
}

const euros = (v: number) =>
  new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(v).replace(/\u202f/g, ' ');

export async function pdfAccuseSaisine(a: DonneesAccuseSaisine): Promise<Buffer> {
  const titre = 'Accusé de réception de la saisine de la CCAPEX';
  const pdf = nouveauDocumentPdf({
    titre,
    auteur: a.commission,
    sujet: 'Saisine préalable de la CCAPEX par un bailleur personne morale (loi n° 89-462, art. 24 II)',
    creeLe: a.genereLe,
  });
  const titre1 = (texte: string) => titrePdf(pdf, 1, texte);
  const titre2 = (texte: string) => titrePdf(pdf, 2, texte);
  const paragraphe = (texte: string) => paragraphePdf(pdf, texte);

  titre1(titre);
  paragraphe(`Commission : ${a.commission}.`);
  paragraphe(`Bailleur : ${a.bailleur}.`);
  paragraphe(`Référence de la saisine : ${a.id}.`);
  titre2('Saisine reçue');
  paragraphe(`La saisine a été reçue le ${formaterDateFr(a.recuLe)}.`);
  if (a.locataire) paragraphe(`Locataire : ${a.locataire}.`);
  if (a.adresse) paragraphe(`Logement : ${a.adresse}.`);
  if (a.detteMontant !== null) paragraphe(`Dette déclarée : ${euros(a.detteMontant)}.`);
  titre2('Assignation');
  paragraphe(
    `L’assignation aux fins de constat de la résiliation du bail peut être délivrée à compter du ` +
      `${formaterDateFr(a.assignationPossibleAPartirDu)} (deux mois après la saisine de la commission).`,
  );
  titre2('Fondement');
  paragraphe(
    'Loi n° 89-462 du 6 juillet 1989, article 24 II : un bailleur personne morale autre qu’une société ' +
      'civile constituée exclusivement entre parents et alliés jusqu’au quatrième degré inclus ne peut faire ' +
      'délivrer une assignation aux fins de constat de la résiliation du bail avant l’expiration d’un délai de ' +
      'deux mois suivant la saisine de la commission de coordination des actions de prévention des expulsions ' +
      'locatives (CCAPEX), à peine d’irrecevabilité de la demande.',
  );
  paragraphe(`Document généré le ${formaterDateFr(a.genereLe.toISOString().slice(0, 10))}.`);
  return versBuffer(pdf);
}
