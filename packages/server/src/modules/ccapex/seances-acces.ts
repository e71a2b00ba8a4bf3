import type { Scope } from '@exploc/domain/acces/scope';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { filtreCommission } from '../../db/scope-dossier.js';
import { introuvable } from '../../plugins/erreurs.js';

export type Executeur = Kysely<DB> | Transaction<DB>;

/**
 * The commissions a caller may work on: those of its départements (DDETS, DDT), or its own commission and the
 * local commissions and sub-commissions below it (secretariat and members of a CCAPEX). Nothing otherwise. The
 * rule is `filtreCommission`'s (db/scope-dossier.ts), applied to the commissions themselves.
 */
export async function commissionsAccessibles(db: Executeur, scope: Scope): Promise<string[]> {
  if (scope.type === 'commission') return [...scope.commissionIds];
  const lignes = await db
    .selectFrom('commission as c')
    .select('c.id')
    .where(filtreCommission(scope, 'c.id', 'c.departement_code'))
    .execute();
  return lignes.map((l) => l.id);
}

/** A commission and every commission below it (local CCAPEX, sub-commissions). */
export async function sousArbre(db: Executeur, commissionId: string): Promise<string[]> {
  const r = await sql<{ id: string }>`
    with recursive c as (
      select id from commission where id = ${commissionId}
      union all
      select k.id from commission k join c on k.parent_id = c.id
    ) select id::text as id from c`.execute(db);
  return r.rows.map((l) => l.id);
}

/** A commission and every commission above it (its local CCAPEX, the central CCAPEX). */
export async function ascendants(db: Executeur, commissionId: string): Promise<string[]> {
  const r = await sql<{ id: string }>`
    with recursive c as (
      select id, parent_id from commission where id = ${commissionId}
      union all
      select k.id, k.parent_id from commission k join c on k.id = c.parent_id
    ) select id::text as id from c`.execute(db);
  return r.rows.map((l) => l.id);
}

export interface SeanceLigne {
  id: string;
  commission_id: string;
  commission_nom: string;
  commission_type: string;
  departement_code: string;
  debut: Date;
  lieu: string;
  statut: 'planifiee' | 'tenue' | 'close' | 'annulee';
  invitations_envoyees_le: Date | null;
  pv_document_id: string | null;
  pv_genere_le: Date | null;
  cloturee_le: Date | null;
  annulee_le: Date | null;
  motif_annulation: string | null;
  version: number;
}

function selectionSeance(db: Executeur) {
  return db
    .selectFrom('ccapex_seance as s')
    .innerJoin('commission as c', 'c.id', 's.commission_id')
    .select([
      's.id',
      's.commission_id',
      'c.nom as commission_nom',
      'c.type as commission_type',
      'c.departement_code',
      's.debut',
      's.lieu',
      's.statut',
      's.invitations_envoyees_le',
      's.pv_document_id',
      's.pv_genere_le',
      's.cloturee_le',
      's.annulee_le',
      's.motif_annulation',
      's.version',
    ]);
}

/**
 * For the background job (no caller, no scope): the séances closed between `depuis` and `avant` that hold a
 * recommandation to a member organisation still unnotified, 200 at most.
 */
export async function seancesARelancer(
  db: Executeur,
  o: { depuis: Date; avant: Date },
): Promise<SeanceLigne[]> {
  return selectionSeance(db)
    .where('s.statut', '=', 'close')
    .where('s.cloturee_le', '>=', o.depuis)
    .where('s.cloturee_le', '<=', o.avant)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('ccapex_recommandation as r')
          .innerJoin('ccapex_examen as e', 'e.id', 'r.examen_id')
          .select('r.id')
          .whereRef('e.seance_id', '=', 's.id')
          .where('r.destinataire_organisation_id', 'is not', null)
          .where('r.notifiee_le', 'is', null),
      ),
    )
    .orderBy('s.cloturee_le')
    .limit(200)
    .execute();
}

/** A séance of an accessible commission (404 otherwise, never 403); `verrou` locks the row for an update. */
export async function seanceAccessible(
  db: Executeur,
  scope: Scope,
  id: string,
  o: { verrou?: boolean } = {},
): Promise<SeanceLigne> {
  const commissions = await commissionsAccessibles(db, scope);
  if (commissions.length === 0) throw introuvable('La séance');
  let q = selectionSeance(db).where('s.id', '=', id).where('s.commission_id', 'in', commissions);
  if (o.verrou) q = q.forUpdate('s');
  const s = await q.executeTakeFirst();
  if (!s) throw introuvable('La séance');
  return s;
}

const FUSEAUX_OUTRE_MER: Record<string, string> = {
  '971': 'America/Guadeloupe',
  '972': 'America/Martinique',
  '973': 'America/Cayenne',
  '974': 'Indian/Reunion',
  '976': 'Indian/Mayotte',
};

/** The time zone of a département (Europe/Paris, or the overseas one). */
export function fuseauDe(departement: string): string {
  return FUSEAUX_OUTRE_MER[departement] ?? 'Europe/Paris';
}

/** `AAAA-MM-JJTHH:MM` in the département's time zone. */
export function heureLocale(instant: Date, departement: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: fuseauDe(departement),
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(instant)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** « 3 décembre 2026 à 14 h 00 » for e-mails and minutes. */
export function dateHeureFr(instant: Date, departement: string): string {
  const local = heureLocale(instant, departement);
  const [jour, heure] = local.split('T') as [string, string];
  const date = new Intl.DateTimeFormat('fr-FR', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${jour}T00:00:00Z`));
  return `${date} à ${heure.replace(':', ' h ')}`;
}
