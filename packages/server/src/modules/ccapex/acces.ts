import type { Scope } from '@exploc/domain/acces/scope';
import { type RawBuilder, sql } from 'kysely';
import type { Appelant } from '../../plugins/contexte.js';

/**
 * Which CCAPEX records a caller reaches: a commission's staff (secretariat, members) reach their commission and
 * its descendants; State agents (DDETS, DDT) and the administrator reach their département(s). Nothing else.
 * `commission` and `departement` name the columns of the filtered row.
 */
export function filtreCommission(scope: Scope, commission: string, departement: string): RawBuilder<boolean> {
  switch (scope.type) {
    case 'commission':
      return sql<boolean>`${sql.ref(commission)} = any(${[...scope.commissionIds]}::uuid[])`;
    case 'departements':
      return sql<boolean>`${sql.ref(departement)} = any(${[...scope.departements]}::text[])`;
    default:
      return sql<boolean>`false`;
  }
}

/** The département(s) an administrator, a State agent or a commission's staff works in. */
export function departementsDe(appelant: Appelant): readonly string[] {
  if (appelant.scope.type === 'departements' || appelant.scope.type === 'commission')
    return appelant.scope.departements;
  return appelant.perimetre.departements;
}
