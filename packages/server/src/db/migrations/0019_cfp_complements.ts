import { type Kysely, sql } from 'kysely';

/**
 * Complements to the CFP instruction:
 * - the signatory of the préfet's decision (name and function of the deciding agent, by delegation), copied
 *   at decision time so that a later change of the account does not alter a notified letter;
 * - the history of the corrections of an execution outcome recorded by mistake (the previous value is kept,
 *   with the reason and the agent who corrected it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table instruction_cfp
      add column decision_signataire_nom text,
      add column decision_signataire_fonction text;

    create table instruction_cfp_correction_issue (
      id uuid primary key default gen_random_uuid(),
      instruction_id uuid not null references instruction_cfp(id) on delete cascade,
      ancienne_issue text not null,
      ancienne_date date not null,
      ancien_pv_recu_le date,
      ancien_evenement_id uuid references evenement(id) on delete set null,
      nouvelle_issue text not null
        check (nouvelle_issue in ('expulsion_realisee', 'depart_avant', 'reportee')),
      nouvelle_date date not null,
      nouveau_pv_recu_le date,
      nouvel_evenement_id uuid references evenement(id) on delete set null,
      motif text not null check (length(motif) between 5 and 2000),
      corrige_par uuid references utilisateur(id),
      corrige_le timestamptz not null default now()
    );
    create index instruction_cfp_correction_issue_instruction_idx
      on instruction_cfp_correction_issue (instruction_id, corrige_le);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table if exists instruction_cfp_correction_issue;
    alter table instruction_cfp
      drop column if exists decision_signataire_nom,
      drop column if exists decision_signataire_fonction;
  `.execute(db);
}
