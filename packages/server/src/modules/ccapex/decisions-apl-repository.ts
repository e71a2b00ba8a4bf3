import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { conditionScope } from '../../db/scope-dossier.js';

type Executeur = Kysely<DB> | Transaction<DB>;

/** The housing-benefit decisions (maintien / suspension) with their dossier and séance: what the CAF receives. */
function requeteDecisionsApl(db: Executeur) {
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

export type LigneDecisionApl = Awaited<ReturnType<ReturnType<typeof requeteDecisionsApl>['execute']>>[number];

/** The decisions of one séance, in agenda order (sent at its closing). */
export function decisionsDeLaSeance(trx: Executeur, seanceId: string): Promise<LigneDecisionApl[]> {
  return requeteDecisionsApl(trx).where('e.seance_id', '=', seanceId).orderBy('e.rang').execute();
}

/**
 * The decisions of séances closed since `depuis`, after the keyset point `apres` (closing time, examen id), within
 * `departements` (none: every département, as for a national partner client), `limite` rows at most.
 */
export function decisionsDesSeancesCloses(
  db: Executeur,
  o: {
    depuis: Date;
    apres: { t: Date; id: string } | null;
    departements: readonly string[];
    limite: number;
  },
): Promise<LigneDecisionApl[]> {
  let q = requeteDecisionsApl(db)
    .where('s.statut', '=', 'close')
    .where('s.cloturee_le', '>=', o.depuis)
    .orderBy('s.cloturee_le')
    .orderBy('e.id')
    .limit(o.limite);
  if (o.departements.length > 0)
    q = q.where(conditionScope({ type: 'departements', departements: o.departements }));
  const apres = o.apres;
  if (apres) {
    q = q.where((eb) =>
      eb.or([
        eb('s.cloturee_le', '>', apres.t),
        eb.and([eb('s.cloturee_le', '=', apres.t), eb('e.id', '>', apres.id)]),
      ]),
    );
  }
  return q.execute();
}
