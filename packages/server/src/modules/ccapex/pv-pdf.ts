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
import {
  listePdf,
  nouveauDocumentPdf,
  paragraphePdf,
  tableau as tableauPdf,
  titrePdf,
  versBuffer,
} from '../../lib/pdf.js';
import type { ContenuSeance } from './seances.js';
import { dateHeureFr } from './seances-acces.js';

const jourFr = (d: string | null) => (d ? `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}` : '—');

export async function pdfProcesVerbal(s: ContenuSeance, genereLe: Date): Promise<Buffer> {
  const quand = dateHeureFr(new Date(s.debut), s.departementCode);
  const titre = `Procès-verbal de la séance du ${quand.split(' à ')[0]} — ${s.commission.nom}`;
  const pdf = nouveauDocumentPdf({
    titre,
    auteur: s.commission.nom,
    sujet:
      'Procès-verbal de séance de la commission de coordination des actions de prévention des expulsions ' +
      'locatives (loi n° 90-449, art. 7-2)',
    motsCles: 'CCAPEX, procès-verbal, avis, recommandations, aide au logement',
    creeLe: genereLe,
    pagine: true,
  });
  const { largeur } = pdf;
  const titreN = (niveau: 1 | 2 | 3, texte: string) =>
    titrePdf(pdf, niveau, texte, niveau === 1 ? { apres: 0.3 } : niveau === 2 ? { taille: 12.5 } : {});
  const paragraphe = (texte: string) => paragraphePdf(pdf, texte);
  const liste = (elements: string[]) => listePdf(pdf, elements);
  const tableau = (entetes: string[], lignes: string[][], largeurs: number[]) =>
    tableauPdf(pdf, entetes, lignes, { largeurs, taille: 9, entetesDeLigne: false });

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
  return versBuffer(pdf, { piedDePage: (page, total) => `${titre} — page ${page} sur ${total}` });
}
