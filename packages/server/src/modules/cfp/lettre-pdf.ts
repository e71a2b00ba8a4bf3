/**
 * The letter notifying the préfet's decision on a request for the concours de la force publique (CPCE R153-1),
 * to the commissaire de justice who made the request or to the landlord, as a tagged PDF 1.7: structure tree
 * (Document, H1/H2, P), language fr-FR, title shown in the window title bar. Same accessibility choices and
 * limits as the draft transaction (standard Helvetica font, not embedded).
 */
import { formaterDateFr } from '@exploc/domain/calendrier/dates';
import { LIBELLES_MOTIFS_REFUS_CFP, type MotifRefusCfp } from '@exploc/domain/schemas/cfp';
import { nouveauDocumentPdf, paragraphePdf, titrePdf, versBuffer } from '../../lib/pdf.js';

export const DESTINATAIRES_LETTRE_CFP = ['commissaire_justice', 'bailleur'] as const;
export type DestinataireLettreCfp = (typeof DESTINATAIRES_LETTRE_CFP)[number];

export interface DonneesLettreCfp {
  destinataire: DestinataireLettreCfp;
  numeroDossier: string;
  departement: string;
  bailleur: string;
  occupant: string;
  adresse: string;
  dateDemande: string;
  sens: 'octroi' | 'refus' | 'sursis';
  dateDecision: string;
  motifs: readonly string[];
  texte: string | null;
  /** The préfet's delegate who took the decision (name and function), when known. */
  signataire: { nom: string; fonction: string | null } | null;
  genereLe: Date;
}

const TITRES = {
  octroi: 'Octroi du concours de la force publique',
  refus: 'Refus du concours de la force publique',
  sursis: 'Sursis à l’octroi du concours de la force publique',
} as const;

const libelleMotif = (m: string) => LIBELLES_MOTIFS_REFUS_CFP[m as MotifRefusCfp] ?? m;

/** In Paris the request goes to the préfet de police (R153-1), elsewhere to the préfet of the département. */
const autorite = (departement: string) =>
  departement === '75' ? 'Le préfet de police' : `Le préfet du département ${departement}`;

export async function pdfLettreDecisionCfp(l: DonneesLettreCfp): Promise<Buffer> {
  const titre = `${TITRES[l.sens]} — dossier ${l.numeroDossier}`;
  const pdf = nouveauDocumentPdf({
    titre,
    auteur: `Préfecture — département ${l.departement}`,
    sujet:
      'Notification de la décision sur la demande de concours de la force publique (CPCE L153-1, R153-1)',
    motsCles: 'concours de la force publique, décision, expulsion',
    creeLe: l.genereLe,
  });
  const titre1 = (texte: string) => titrePdf(pdf, 1, texte);
  const titre2 = (texte: string) => titrePdf(pdf, 2, texte);
  const paragraphe = (texte: string) => paragraphePdf(pdf, texte);

  titre1(titre);
  paragraphe(
    l.destinataire === 'commissaire_justice'
      ? `Destinataire : le commissaire de justice chargé de l’exécution, pour le compte de ${l.bailleur}.`
      : `Destinataire : ${l.bailleur}, bénéficiaire de la décision d’expulsion.`,
  );
  paragraphe(
    `Objet : demande de concours de la force publique du ${formaterDateFr(l.dateDemande)} — dossier ` +
      `${l.numeroDossier} — expulsion de ${l.occupant}, ${l.adresse}.`,
  );
  titre2('Décision');
  const date = formaterDateFr(l.dateDecision);
  if (l.sens === 'octroi') {
    paragraphe(
      `${autorite(l.departement)} a accordé, le ${date}, le concours de la force publique pour l’exécution de la ` +
        'décision d’expulsion. La date de l’opération sera fixée avec les forces de l’ordre ; elle ne peut avoir ' +
        'lieu ni un dimanche ou un jour férié, ni entre 21 heures et 6 heures (L141-1), ni pendant la trêve ' +
        'hivernale (L412-6).',
    );
  } else if (l.sens === 'refus') {
    paragraphe(
      `${autorite(l.departement)} a refusé, le ${date}, le concours de la force publique pour l’exécution de la ` +
        'décision d’expulsion.',
    );
    if (l.motifs.length > 0) paragraphe(`Motifs : ${l.motifs.map(libelleMotif).join(' ; ')}.`);
  } else {
    paragraphe(
      `${autorite(l.departement)} a décidé, le ${date}, de surseoir à l’octroi du concours de la force publique. ` +
        'La demande reste en instruction ; une nouvelle décision vous sera notifiée.',
    );
  }
  if (l.texte) paragraphe(l.texte);
  titre2('Fondement');
  paragraphe(
    'Code des procédures civiles d’exécution, article L153-1 (l’État est tenu de prêter son concours à ' +
      'l’exécution des jugements ; son refus ouvre droit à réparation) et article R153-1 (la demande est adressée ' +
      'au préfet ; le refus est motivé ; le silence gardé pendant deux mois vaut refus).',
  );
  if (l.sens === 'refus') {
    titre2('Responsabilité de l’État et indemnisation');
    paragraphe(
      `Ce refus engage la responsabilité de l’État à compter du ${date}, sous réserve des périodes exclues ` +
        '(trêve hivernale, délais de grâce accordés par le juge, protocole de cohésion sociale : R154-5).',
    );
    paragraphe(
      'Le bénéficiaire de la décision d’expulsion peut adresser au préfet, par tout moyen permettant d’en établir ' +
        'la date de réception, une demande d’indemnisation accompagnée des justificatifs de son préjudice (pertes ' +
        'de loyers et charges, frais, R154-7). Le préfet en accuse réception ; son silence pendant deux mois vaut ' +
        'rejet, le tribunal administratif pouvant alors être saisi. L’indemnité est versée par voie de ' +
        'transaction, l’État étant subrogé dans les droits du bénéficiaire contre l’occupant (R154-1 à R154-7).',
    );
    if (l.destinataire === 'commissaire_justice') {
      paragraphe('Il vous appartient d’informer le créancier de ce refus (R153-1).');
    }
  }
  titre2('Signature');
  paragraphe(
    l.signataire
      ? `Décision du ${date}, pour ${autorite(l.departement).replace(/^Le /, 'le ')} et par délégation : ` +
          `${l.signataire.nom}${l.signataire.fonction ? `, ${l.signataire.fonction}` : ''}.`
      : `Décision du ${date}, pour ${autorite(l.departement).replace(/^Le /, 'le ')} (auteur non enregistré dans Exploc).`,
  );
  titre2('Voies de recours');
  paragraphe(
    'Cette décision peut faire l’objet d’un recours gracieux auprès de son auteur ou d’un recours contentieux ' +
      'devant le tribunal administratif dans un délai de deux mois à compter de sa notification.',
  );
  paragraphe(`Lettre générée par Exploc le ${formaterDateFr(l.genereLe.toISOString().slice(0, 10))}.`);
  return versBuffer(pdf);
}
