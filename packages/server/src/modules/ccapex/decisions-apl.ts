import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/connexion.js';
import type { DB } from '../../db/schema.js';
import { ErreurHttp } from '../../plugins/erreurs.js';
import { journaliser } from '../../plugins/journal.js';
import type { Partenaire } from '../partenaires/service.js';
import type { DonneesDecisionApl } from '../webhooks/repository.js';
import { heureLocale } from './seances-acces.js';

/**
 * The CCAPEX's housing-benefit decisions (loi 90-449 art. 7-2, 2°) as the CAF reads them: pushed at each séance's
 * closing (webhook `decision_apl_ccapex`, seances.ts) and listed here for the CAF to catch up (a subscription
 * created later, deliveries given up after 24 h of failures). The same body in both; no name.
 */

/** One decision row: the examen, its dossier and its closed séance. */
interface LigneDecision {
  examen_id: string;
  decision_apl: 'maintien' | 'suspension' | null;
  numero: string;
  departement_code: string;
  allocataire_organisme: string | null;
  allocataire_numero: string | null;
  debut: Date;
  commission_nom: string;
  seance_departement: string;
  cloturee_le: Date | null;
}

export function donneesDecisionApl(l: LigneDecision): DonneesDecisionApl {
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

/** The decisions of a séance, or of the séances closed after a point (keyset on closing time, examen id). */
export function requeteDecisionsApl(db: Kysely<DB>) {
  return db
    .selectFrom('ccapex_examen as e')
    .innerJoin('ccapex_seance as s', 's.id', 'e.seance_id')
    .innerJoin('commission as c', 'c.id', 's.commission_id')
    .innerJoin('dossier as d', 'd.id', 'e.dossier_id')
    .select([
      'e.id as examen_id',
      'e.decision_apl',
      'd.numero',
      'd.departement_code',
      'd.allocataire_organisme',
      'd.allocataire_numero',
      's.debut',
      'c.nom as commission_nom',
      'c.departement_code as seance_departement',
      's.cloturee_le',
    ])
    .where('e.decision_apl', 'in', ['maintien', 'suspension']);
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

export async function decisionsAplDepuis(
  db: Kysely<DB>,
  partenaire: Pick<Partenaire, 'departements'>,
  o: { depuis: Date; curseur?: string; limite?: number },
) {
  const limite = o.limite ?? LIMITE;
  const apres = o.curseur ? lireCurseur(o.curseur) : null;
  let q = requeteDecisionsApl(db)
    .where('s.statut', '=', 'close')
    .where('s.cloturee_le', '>=', o.depuis)
    .orderBy('s.cloturee_le')
    .orderBy('e.id')
    .limit(limite + 1);
  if (partenaire.departements.length > 0) q = q.where('d.departement_code', 'in', partenaire.departements);
  if (apres) {
    q = q.where((eb) =>
      eb.or([
        eb('s.cloturee_le', '>', apres.t),
        eb.and([eb('s.cloturee_le', '=', apres.t), eb('e.id', '>', apres.id)]),
      ]),
    );
  }
  const lignes = await q.execute();
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

/** Partner API, CAF clients only (the parent plugin checks the bearer token). */
export function routesDecisionsAplPartenaires(
  db: Db,
  o: { partenaireDe: (r: { partenaire: Partenaire | null }) => Partenaire },
): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/partenaires/v1/decisions-apl',
      {
        config: {
          rateLimit: {
            max: 120,
            timeWindow: '1 minute',
            hook: 'preHandler',
            keyGenerator: (request: FastifyRequest) => `partenaire:${request.partenaire?.id ?? request.ip}`,
          },
        },
        schema: {
          tags: ['partenaires'],
          summary: 'CAF : décisions de maintien ou de suspension de l’aide au logement prises par la CCAPEX',
          description:
            'Les décisions des séances closes depuis `depuis` dans vos départements, par ordre de clôture, 500 par page (`suivant` → `curseur`). Même contenu que le webhook `decision_apl_ccapex` (docs/api/webhooks.md).',
          querystring: z.strictObject({
            depuis: z.iso.datetime({
              offset: true,
              error: 'Date et heure ISO 8601 attendues (ex. 2026-11-01T00:00:00Z)',
            }),
            curseur: z.string().max(200).optional(),
          }),
        },
      },
      async (request) => {
        const p = o.partenaireDe(request);
        if (p.type !== 'caf') {
          throw new ErreurHttp(
            403,
            'acces_refuse',
            'Seules les CAF reçoivent les décisions relatives à l’aide au logement.',
          );
        }
        const r = await decisionsAplDepuis(db, p, {
          depuis: new Date(request.query.depuis),
          curseur: request.query.curseur,
        });
        // A partner's read of decisions about named households' benefits: journaled (how many, not which).
        await journaliser(
          db,
          { appelant: null, requeteId: String(request.id) },
          {
            action: 'decisions_apl_consultees',
            organisationId: p.organisationId,
            details: { nombre: r.elements.length },
          },
        );
        return r;
      },
    );
  };
}
