import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { ErreurHttp } from '../../plugins/erreurs.js';
import { type ContexteJournal, journaliser } from '../../plugins/journal.js';
import type { Partenaire } from '../partenaires/service.js';
import type { DonneesDecisionApl } from '../webhooks/repository.js';
import { decisionsDesSeancesCloses, type LigneDecisionApl } from './decisions-apl-repository.js';
import { heureLocale } from './seances-acces.js';

/**
 * The CCAPEX's housing-benefit decisions (loi 90-449 art. 7-2, 2°) as the CAF reads them: pushed at each séance's
 * closing (webhook `decision_apl_ccapex`, seances.ts) and listed here for the CAF to catch up (a subscription
 * created later, deliveries given up after 24 h of failures). The same body in both; no name.
 */
export function donneesDecisionApl(l: LigneDecisionApl): DonneesDecisionApl {
  return {
    examenId: l.examen_id,
    dossierNumero: l.numero,
    decision: l.decision_apl === 'suspension' ? 'suspension' : 'maintien',
    seance: {
      date: heureLocale(l.debut, l.seance_departement).slice(0, 10),
      commission: l.commission_nom,
      departement: l.seance_departement,
    },
    allocataire: l.allocataire_numero
      ? { organisme: l.allocataire_organisme, numero: l.allocataire_numero }
      : null,
  };
}

const LIMITE = 500;

/** `curseur`: the closing time and examen id of the last decision of the previous page. */
function lireCurseur(curseur: string): { t: Date; id: string } {
  const brut = Buffer.from(curseur, 'base64url').toString('utf8');
  const m = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)\|([0-9a-f-]{36})$/.exec(brut);
  const t = m?.[1] ? new Date(m[1]) : null;
  if (!m?.[2] || !t || Number.isNaN(t.getTime())) {
    throw new ErreurHttp(400, 'requete_invalide', 'Curseur invalide.', [
      { chemin: 'curseur', message: 'Reprenez la valeur `suivant` d’une réponse précédente.' },
    ]);
  }
  return { t, id: m[2] };
}

/** One page of the decisions of séances closed since `depuis` in the partner's départements. */
export async function decisionsAplDepuis(
  db: Kysely<DB>,
  partenaire: Pick<Partenaire, 'departements'>,
  o: { depuis: Date; curseur?: string; limite?: number },
) {
  const limite = o.limite ?? LIMITE;
  const lignes = await decisionsDesSeancesCloses(db, {
    depuis: o.depuis,
    apres: o.curseur ? lireCurseur(o.curseur) : null,
    departements: partenaire.departements,
    limite: limite + 1,
  });
  const page = lignes.slice(0, limite);
  const derniere = page[page.length - 1];
  return {
    elements: page.map((l) => ({
      ...donneesDecisionApl(l),
      transmiseLe: l.cloturee_le?.toISOString() ?? null,
    })),
    suivant:
      lignes.length > limite && derniere?.cloturee_le
        ? Buffer.from(`${derniere.cloturee_le.toISOString()}|${derniere.examen_id}`).toString('base64url')
        : null,
  };
}

/** The CAF's read: refused to any other partner, journaled (how many decisions, not which). */
export async function lireDecisionsApl(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  partenaire: Partenaire,
  o: { depuis: Date; curseur?: string },
) {
  if (partenaire.type !== 'caf') {
    throw new ErreurHttp(
      403,
      'acces_refuse',
      'Seules les CAF reçoivent les décisions relatives à l’aide au logement.',
    );
  }
  const r = await decisionsAplDepuis(db, partenaire, o);
  await journaliser(db, contexte, {
    action: 'decisions_apl_consultees',
    organisationId: partenaire.organisationId,
    details: { nombre: r.elements.length },
  });
  return r;
}
