/**
 * Backfill of the CFP instructions for generated dossiers. The generator writes the timeline's acts directly
 * (COPY), so nothing opens the instruction that the application opens for each `demande_cfp`
 * (modules/cfp/suivi.ts). This does it afterwards in one set-based statement, for every integrated request that
 * has no instruction yet (so it is idempotent, and a second run adds nothing):
 * - the implicit-refusal date, 2 months after the request (R153-1; PostgreSQL's month arithmetic clamps to the
 *   end of a shorter month as the engine's `numeroPlusMois` does, checked by the test);
 * - the police unit of the commune (and its link to the dossier, through which police accounts see it);
 * - the police enquiry, the préfet's latest decision after the request, an implicit refusal when the two months
 *   have passed without one (as the daily job would have noted), and the final outcome of a granted concours.
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

export async function ouvrirInstructionsCfp(db: Kysely<DB>, asOf: string): Promise<number> {
  // Right after a bulk load the planner still believes the tables empty and would scan the events once per
  // request; ANALYZE in the load's transaction counts its own rows.
  await sql`analyze evenement, dossier`.execute(db);
  const r = await sql<{ n: number }>`
    with demandes as (
      select e.id, e.dossier_id, e.date_evenement as date_demande,
             (e.date_evenement + interval '2 months')::date as refus, d.commune_insee
      from evenement e
      join dossier d on d.id = e.dossier_id
      where e.type = 'demande_cfp' and e.statut = 'integre'
        and not exists (select 1 from evenement r where r.remplace_id = e.id)
        and not exists (select 1 from instruction_cfp i where i.demande_evenement_id = e.id)
    ),
    suites as (
      select dm.*, cu.organisation_id as unite_id,
             enq.date_evenement as enquete_date, enq.cree_le as enquete_le,
             dec.id as decision_id, dec.date_evenement as decision_date, dec.donnees->>'sens' as sens,
             fin.id as fin_id, fin.type as fin_type, fin.date_evenement as fin_date, fin.cree_le as fin_le
      from demandes dm
      left join commune_unite cu on cu.commune_insee = dm.commune_insee
      left join lateral (
        select x.date_evenement, x.cree_le from evenement x
        where x.dossier_id = dm.dossier_id and x.type = 'enquete_forces_ordre' and x.statut = 'integre'
          and x.date_evenement >= dm.date_demande
          and not exists (select 1 from evenement r where r.remplace_id = x.id)
        order by x.date_evenement, x.cree_le limit 1
      ) enq on true
      left join lateral (
        select x.id, x.date_evenement, x.donnees from evenement x
        where x.dossier_id = dm.dossier_id and x.type = 'decision_cfp' and x.statut = 'integre'
          and x.date_evenement >= dm.date_demande
          and not exists (select 1 from evenement r where r.remplace_id = x.id)
        order by x.date_evenement desc, x.cree_le desc limit 1
      ) dec on true
      left join lateral (
        select x.id, x.type, x.date_evenement, x.cree_le from evenement x
        where dec.donnees->>'sens' = 'octroi'
          and x.dossier_id = dm.dossier_id and x.type in ('expulsion_realisee', 'depart_volontaire')
          and x.statut = 'integre' and x.date_evenement >= dec.date_evenement
          and not exists (select 1 from evenement r where r.remplace_id = x.id)
        order by x.date_evenement desc, x.cree_le desc limit 1
      ) fin on true
    ),
    inserees as (
      insert into instruction_cfp (
        dossier_id, demande_evenement_id, date_demande, date_refus_implicite, unite_id, statut,
        enquete_date_visite, enquete_le, decision_sens, decision_date, decision_evenement_id,
        refus_implicite_constate_le, execution_issue, execution_issue_date, execution_issue_evenement_id,
        execution_issue_le
      )
      select dossier_id, id, date_demande, refus, unite_id,
        case
          when sens in ('octroi', 'refus', 'sursis') then sens
          when refus <= ${asOf}::date then 'refus_implicite'
          when enquete_date is not null then 'verification_sociale'
          else 'enquete'
        end,
        enquete_date, enquete_le, sens, decision_date, decision_id,
        case when sens is null and refus <= ${asOf}::date then refus::timestamptz end,
        case fin_type when 'expulsion_realisee' then 'expulsion_realisee' when 'depart_volontaire' then 'depart_avant' end,
        fin_date, fin_id, fin_le
      from suites
      returning dossier_id, unite_id
    ),
    liens as (
      insert into dossier_organisation (dossier_id, organisation_id, role)
      select distinct dossier_id, unite_id, 'forces_ordre' from inserees where unite_id is not null
      on conflict do nothing
    )
    select count(*)::int as n from inserees`.execute(db);
  return r.rows[0]?.n ?? 0;
}
