import type { Scope } from '@exploc/domain/acces/scope';
import { type ExpressionBuilder, type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { DB, DossierTable } from './schema.js';

export type DbDossier = DB & { d: DossierTable };

/**
 * The one scope filter for dossiers (architecture.md §2.2): every query that returns dossier data goes through
 * it. Fail-closed: a scope that grants no personal data matches nothing.
 */
export function conditionScope(scope: Scope) {
  return (eb: ExpressionBuilder<DbDossier, 'd'>) => {
    switch (scope.type) {
      case 'departements':
        return eb('d.departement_code', 'in', scope.departements);
      case 'arrondissements':
        return eb('d.arrondissement_code', 'in', scope.arrondissements);
      case 'commission':
        return eb('d.commission_id', 'in', scope.commissionIds);
      case 'organisation':
      case 'unite':
        return eb.exists(
          eb
            .selectFrom('dossier_organisation as dor')
            .select(sql.lit(1).as('un'))
            .whereRef('dor.dossier_id', '=', 'd.id')
            .where('dor.organisation_id', '=', scope.organisationId),
        );
      case 'agrege':
      case 'aucun':
        return sql<boolean>`false`;
    }
  };
}

export function dansLeScope<O>(
  requete: SelectQueryBuilder<DbDossier, 'd', O>,
  scope: Scope,
): SelectQueryBuilder<DbDossier, 'd', O> {
  return requete.where(conditionScope(scope));
}

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
