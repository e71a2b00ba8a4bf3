import { type Kysely, sql } from 'kysely';

/**
 * The steering facts of a dossier touched by a partner's write (an act of a commissaire de justice, a landlord's
 * saisine through the API) are recomputed just after its commit instead of inside it (ADR 0007). The write sets
 * `exploc.pilotage_differe` for its transaction (partenaires/repository.ts, `verrouillerEtLireCle`); the
 * statement triggers then queue the dossier in `pilotage_a_recalculer`, which the server drains every second
 * (jobs/recalcul-pilotage.ts) — the path bulk loads already took. Every other write (agents, imports below
 * 1,000 dossiers) still recomputes in its own transaction.
 *
 * Measured on the national dataset (docs/performance.md): the recomputation was ≈ 40 % of PostgreSQL's time
 * per act; done by batches afterwards it costs a fraction of that (one plan, index scans shared by the batch).
 */
/** The trigger's entry point: queue above 1,000 dossiers (bulk loads) or when `differe` says so, else recompute. */
function prendreEnCompte(differe: boolean) {
  const condition = differe
    ? sql`cardinality(ids) > 1000 or current_setting('exploc.pilotage_differe', true) = 'on'`
    : sql`cardinality(ids) > 1000`;
  return sql`
    create or replace function pilotage_prendre_en_compte(ids uuid[]) returns void
      language plpgsql as $$
      begin
        if ids is null or cardinality(ids) = 0 then return; end if;
        if ${condition} then
          insert into pilotage_a_recalculer (dossier_id) select unnest(ids);
        else
          perform pilotage_recalculer(ids);
        end if;
      end $$;
  `;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await prendreEnCompte(true).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await prendreEnCompte(false).execute(db);
}
