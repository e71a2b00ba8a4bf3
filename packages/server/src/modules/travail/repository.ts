import type { Scope } from '@exploc/domain/acces/scope';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { conditionScope } from '../../db/scope-dossier.js';

/**
 * The work queue: open dossiers whose next deadline falls before `limite`, or that carry an alert, most urgent
 * first. Two index-friendly branches (deadline, alerts) merged by UNION.
 */
export async function dossiersATraiter(
  db: Kysely<DB>,
  scope: Scope,
  o: { aujourdhui: string; limite: string; agentId: string | null; max: number },
) {
  const base = () => {
    let q = db
      .selectFrom('dossier as d')
      .select([
        'd.id',
        'd.numero',
        'd.phase',
        'd.prochaine_echeance_code',
        'd.prochaine_echeance_date',
        'd.alertes',
        'd.nom_principal',
        'd.commune_insee',
        'd.agent_id',
      ])
      .where(conditionScope(scope))
      .where('d.phase', '!=', 'cloture');
    if (o.agentId) q = q.where('d.agent_id', '=', o.agentId);
    return q;
  };
  const parEcheance = base()
    .where('d.prochaine_echeance_date', '>=', o.aujourdhui)
    .where('d.prochaine_echeance_date', '<=', o.limite);
  const parAlerte = base().where(sql<boolean>`cardinality(d.alertes) > 0`);
  const lignes = await db
    .selectFrom(parEcheance.union(parAlerte).as('t'))
    .selectAll()
    .orderBy(sql`t.prochaine_echeance_date`, (ob) => ob.asc().nullsLast())
    .orderBy(sql`cardinality(t.alertes)`, 'desc')
    .orderBy('t.numero')
    .limit(o.max)
    .execute();
  return lignes;
}

export async function filtresDe(db: Kysely<DB>, utilisateurId: string) {
  return db
    .selectFrom('filtre_enregistre')
    .select(['id', 'nom', 'requete'])
    .where('utilisateur_id', '=', utilisateurId)
    .orderBy('nom')
    .execute();
}

export async function enregistrerFiltre(db: Kysely<DB>, utilisateurId: string, nom: string, requete: string) {
  return db
    .insertInto('filtre_enregistre')
    .values({ utilisateur_id: utilisateurId, nom, requete })
    .returning(['id', 'nom', 'requete'])
    .executeTakeFirstOrThrow();
}

export async function supprimerFiltre(db: Kysely<DB>, utilisateurId: string, id: string) {
  const r = await db
    .deleteFrom('filtre_enregistre')
    .where('id', '=', id)
    .where('utilisateur_id', '=', utilisateurId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function preferencesDe(db: Kysely<DB>, utilisateurId: string) {
  const p = await db
    .selectFrom('preference_notification')
    .select(['resume_quotidien', 'horizon_jours'])
    .where('utilisateur_id', '=', utilisateurId)
    .executeTakeFirst();
  return { resumeQuotidien: p?.resume_quotidien ?? true, horizonJours: p?.horizon_jours ?? 7 };
}

export async function enregistrerPreferences(
  db: Kysely<DB>,
  utilisateurId: string,
  p: { resumeQuotidien: boolean; horizonJours: number },
) {
  await db
    .insertInto('preference_notification')
    .values({
      utilisateur_id: utilisateurId,
      resume_quotidien: p.resumeQuotidien,
      horizon_jours: p.horizonJours,
    })
    .onConflict((oc) =>
      oc.column('utilisateur_id').doUpdateSet({
        resume_quotidien: p.resumeQuotidien,
        horizon_jours: p.horizonJours,
        modifie_le: sql`now()`,
      }),
    )
    .execute();
}
