/**
 * The draft transaction of the State's indemnity (CPCE R154-3) as a tagged PDF 1.7: structure tree (Document,
 * H1/H2, P, Table with headers), language fr-FR, title shown in the window title bar. Same accessibility choices
 * and limits as the pilotage report (standard Helvetica font, not embedded).
 */
import { formaterDateFr } from '@exploc/domain/calendrier/dates';
import type { CalculIndemnisation } from '@exploc/domain/indemnisation/calcul';
import { nouveauDocumentPdf, paragraphePdf, tableau, titrePdf, versBuffer } from '../../lib/pdf.js';

const eurosFr = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const euros = (v: number) => `${eurosFr.format(v)} €`;

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
  const pdf = nouveauDocumentPdf({
    titre,
    auteur: `Préfecture — département ${t.departement}`,
    sujet: 'Projet de transaction (CPCE L153-1, R154-3)',
    motsCles: 'indemnisation, concours de la force publique, transaction, subrogation',
    creeLe: t.genereLe,
  });
  const titre1 = (texte: string) => titrePdf(pdf, 1, texte);
  const titre2 = (texte: string) => titrePdf(pdf, 2, texte);
  const paragraphe = (texte: string) => paragraphePdf(pdf, texte);

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
    tableau(
      pdf,
      ['Du', 'Au', 'Jours', 'Loyer et charges', 'Montant'],
      t.calcul.lignes.map((l) => [
        formaterDateFr(l.du),
        formaterDateFr(l.au),
        `${l.jours} / ${l.joursDuMois}`,
        euros(l.loyerMensuelHC + l.chargesMensuelles),
        euros(l.montant),
      ]),
    );
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
  return versBuffer(pdf);
}
