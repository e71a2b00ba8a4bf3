import { type Kysely, sql } from 'kysely';

/**
 * Execution of a granted concours de la force publique: the planning of the operation (date, officers engaged,
 * social services told beforehand, as the DALO instructions ask) and its outcome. An outcome is also an act on
 * the dossier's timeline (`expulsion_realisee`, `depart_volontaire`, `pv_tentative_expulsion`), whose id is kept
 * here. A postponed operation keeps its new date in `execution_date_operation` until the next outcome.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table instruction_cfp
      add column execution_date_operation date,
      add column execution_effectifs integer check (execution_effectifs > 0),
      add column execution_services_sociaux_informes boolean,
      add column execution_services_sociaux_informes_le date,
      add column execution_planifiee_par uuid references utilisateur(id),
      add column execution_planifiee_le timestamptz,
      add column execution_issue text
        check (execution_issue in ('expulsion_realisee', 'depart_avant', 'reportee')),
      add column execution_issue_date date,
      add column execution_pv_recu_le date,
      add column execution_issue_evenement_id uuid references evenement(id),
      add column execution_issue_par uuid references utilisateur(id),
      add column execution_issue_le timestamptz;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table instruction_cfp
      drop column if exists execution_date_operation,
      drop column if exists execution_effectifs,
      drop column if exists execution_services_sociaux_informes,
      drop column if exists execution_services_sociaux_informes_le,
      drop column if exists execution_planifiee_par,
      drop column if exists execution_planifiee_le,
      drop column if exists execution_issue,
      drop column if exists execution_issue_date,
      drop column if exists execution_pv_recu_le,
      drop column if exists execution_issue_evenement_id,
      drop column if exists execution_issue_par,
      drop column if exists execution_issue_le;
  `.execute(db);
}
