import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

type Executeur = Kysely<DB> | Transaction<DB>;

/**
 * The commission competent for a commune (décret n° 2026-83): the deepest active commission whose perimeter
 * holds the commune and to which the handling of signalements is delegated (a local CCAPEX with
 * `delegation_signalements`, or a sub-commission below such a local CCAPEX); otherwise the central CCAPEX of
 * the département. Null only when the département has no CCAPEX configured at all.
 */
export async function commissionCompetente(
  db: Executeur,
  commune: { code_insee: string; departement_code: string },
): Promise<string | null> {
  const locale = await db
    .selectFrom('commission as c')
    .leftJoin('commission as p', 'p.id', 'c.parent_id')
    .select(['c.id'])
    .where('c.departement_code', '=', commune.departement_code)
    .where('c.actif', '=', true)
    .where('c.type', '<>', 'centrale')
    .where((eb) => eb(eb.val(commune.code_insee), '=', eb.fn.any('c.communes')))
    .where((eb) =>
      eb.or([
        eb.and([eb('c.type', '=', 'locale'), eb('c.delegation_signalements', '=', true)]),
        eb.and([
          eb('c.type', '=', 'sous_commission'),
          eb('p.delegation_signalements', '=', true),
          eb('p.actif', '=', true),
        ]),
      ]),
    )
    // Sub-commissions before local commissions: the most specific perimeter wins.
    .orderBy((eb) => eb.case().when('c.type', '=', 'sous_commission').then(0).else(1).end())
    .orderBy('c.cree_le')
    .executeTakeFirst();
  if (locale) return locale.id;
  const centrale = await db
    .selectFrom('commission')
    .select('id')
    .where('departement_code', '=', commune.departement_code)
    .where('type', '=', 'centrale')
    .executeTakeFirst();
  return centrale?.id ?? null;
}
