import { type Kysely, sql } from 'kysely';

/**
 * Steering (module pilotage): the facts the indicators count, kept up to date at every write, and their
 * monthly pre-aggregation (docs/pilotage/README.md, « Des actes aux indicateurs »).
 *
 * - `pilotage_evenement_actif`: the timeline without superseded events (an event named by another event's
 *   `remplace_id` never counts).
 * - `pilotage_fait_vif`: the facts, computed from the timeline (each active event of a counted type, plus facts derived
 *   from it: first known arrears, implicit CFP refusal, hearing with or without DSF, delays between
 *   stages), placed in the dossier's territory with its landlord type and flags. Defined once here; the
 *   domain catalogue (packages/domain/src/indicateurs) names these natures.
 * - `pilotage_fait`: the same rows, stored. Statement-level triggers on `evenement`, `dossier` and
 *   `bailleur` recompute the facts of the dossiers a statement touched, in the same transaction, so the
 *   indicators are exact as soon as a write commits. A bulk statement (more than 1,000 dossiers: the
 *   synthetic loader, an import) only queues its dossiers in `pilotage_a_recalculer`, for the
 *   `pilotage-recalcul` job, so that loads are not slowed down by the recomputation.
 * - `pilotage_mensuel`: Σ facts by month, département, nature, modality, landlord type, social housing
 *   and DALO flag. Append-only: every recomputation adds the signed difference of its facts, so concurrent
 *   writers never wait for each other on a counter row; the `pilotage-compactage` job sums the rows of
 *   each key back into one, nightly.
 *
 * Idempotent (`if not exists`, `or replace`): the benchmark applies it to a database whose migration list
 * it must not change (bench/pilotage.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace view pilotage_evenement_actif as
      select e.id, e.dossier_id, e.type, e.date_evenement, e.donnees, e.cree_le
      from evenement e
      where not exists (select 1 from evenement r where r.remplace_id = e.id);

    -- A calendar date from an event field, validated by the API before it was stored; null otherwise
    -- (a malformed value must never make a write fail in a trigger).
    create or replace function pilotage_date(valeur text) returns date
      language sql immutable parallel safe as $$
        select case when valeur ~ '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$' then valeur::date end
      $$;

    create or replace function pilotage_centimes(valeur jsonb) returns bigint
      language sql immutable parallel safe as $$
        select case when jsonb_typeof(valeur) = 'number' then round((valeur #>> '{}')::numeric * 100)::bigint end
      $$;

    -- The natures the indicators count (packages/domain/src/indicateurs/catalogue.ts; a server test checks
    -- that both lists match the catalogue). Other event types (plan d'apurement, enquête…) are not stored.
    create or replace function pilotage_nature_comptee(nature text) returns boolean
      language sql immutable parallel safe as $$
        select nature in ('saisine_ccapex', 'signalement_commandement_ccapex', 'commandement_de_payer', 'assignation', 'decision_justice',
          'commandement_quitter_lieux', 'demande_cfp', 'decision_cfp', 'expulsion_realisee', 'depart_volontaire',
          'relogement', 'demande_indemnisation', 'transaction_indemnisation')
          or nature in ('impaye_connu', 'refus_implicite_cfp', 'audience') or nature like 'delai\\_%'
      $$;
    -- Natures summed by month: delays are only ever medians, computed from the facts.
    create or replace function pilotage_nature_sommee(nature text) returns boolean
      language sql immutable parallel safe as $$
        select pilotage_nature_comptee(nature) and nature not like 'delai\\_%'
      $$;

    create or replace view pilotage_fait_vif as
    select f.source_id, f.dossier_id, f.nature, f.modalite, f.date_fait, f.valeur,
           d.departement_code, d.arrondissement_code, d.commune_insee,
           b.type as type_bailleur, d.logement_social, d.prioritaire_dalo
    from (
      -- Every active event, as recorded; the modality is the decision's meaning or the saisine's origin;
      -- the value, in cents, the amount claimed or paid.
      select e.id as source_id, e.dossier_id, e.type as nature,
             case when e.type in ('decision_justice', 'decision_cfp') then e.donnees ->> 'sens'
                  when e.type = 'saisine_ccapex' then e.donnees ->> 'origine' end as modalite,
             e.date_evenement as date_fait,
             case e.type when 'transaction_indemnisation' then pilotage_centimes(e.donnees -> 'montant')
                         when 'demande_indemnisation' then pilotage_centimes(e.donnees -> 'montantDemande') end as valeur
      from pilotage_evenement_actif e
      where pilotage_nature_comptee(e.type)

      union all
      -- First known arrears of the dossier (one per dossier).
      select e.id, e.dossier_id, 'impaye_connu', null, e.date_evenement, null
      from pilotage_evenement_actif e
      where e.type in ('impaye_constitue', 'signalement_impaye_caf')
        and not exists (
          select 1 from pilotage_evenement_actif p
          where p.dossier_id = e.dossier_id and p.type in ('impaye_constitue', 'signalement_impaye_caf')
            and (p.date_evenement, p.id) < (e.date_evenement, e.id))

      union all
      -- Implicit refusal of the CFP (CPCE R153-1, the engine's rule): no explicit grant or refusal within
      -- 2 months (a sursis is not a decision), and no newer request within that time. PostgreSQL's
      -- « + interval '2 months' » keeps the day number or takes the month's last day, as CPC art. 641.
      select e.id, e.dossier_id, 'refus_implicite_cfp', null, (e.date_evenement + interval '2 months')::date, null
      from pilotage_evenement_actif e
      where e.type = 'demande_cfp'
        and not exists (
          select 1 from pilotage_evenement_actif x
          where x.dossier_id = e.dossier_id and x.type = 'decision_cfp'
            and x.donnees ->> 'sens' in ('octroi', 'refus')
            and x.date_evenement between e.date_evenement and (e.date_evenement + interval '2 months')::date)
        and not exists (
          select 1 from pilotage_evenement_actif n
          where n.dossier_id = e.dossier_id and n.type = 'demande_cfp'
            and n.date_evenement <= (e.date_evenement + interval '2 months')::date
            and (n.date_evenement, n.cree_le, n.id) > (e.date_evenement, e.cree_le, e.id))

      union all
      -- Hearing of each assignation: its last known date (the latest postponement before the next
      -- assignation), with or without a DSF transmitted before that day.
      select a.id, a.dossier_id, 'audience',
             case when exists (
               select 1 from pilotage_evenement_actif t
               where t.dossier_id = a.dossier_id and t.type = 'dsf_transmis' and t.date_evenement < h.date_audience)
             then 'avec_dsf' else 'sans_dsf' end,
             h.date_audience, null
      from pilotage_evenement_actif a
      cross join lateral (
        select coalesce(
          (select pilotage_date(r.donnees ->> 'dateAudience')
           from pilotage_evenement_actif r
           where r.dossier_id = a.dossier_id and r.type = 'renvoi_audience' and r.date_evenement >= a.date_evenement
             and not exists (
               select 1 from pilotage_evenement_actif a2
               where a2.dossier_id = a.dossier_id and a2.type = 'assignation'
                 and a2.date_evenement > a.date_evenement and a2.date_evenement <= r.date_evenement)
           order by r.date_evenement desc, r.cree_le desc, r.id desc
           limit 1),
          pilotage_date(a.donnees ->> 'dateAudience')) as date_audience
        -- « offset 0 » keeps this subquery apart: pulled up, it would run twice per assignation.
        offset 0
      ) h
      where a.type = 'assignation' and h.date_audience is not null

      union all
      -- Delays between stages: from the latest earlier (or same-day) start event of the same dossier.
      select e.id, e.dossier_id, c.nature, null, e.date_evenement, (e.date_evenement - s.debut)::bigint
      from pilotage_evenement_actif e
      join (values
        ('delai_commandement_assignation', 'commandement_de_payer', 'assignation'),
        ('delai_assignation_decision', 'assignation', 'decision_justice'),
        ('delai_decision_cql', 'decision_justice', 'commandement_quitter_lieux'),
        ('delai_cql_demande_cfp', 'commandement_quitter_lieux', 'demande_cfp'),
        ('delai_demande_decision_cfp', 'demande_cfp', 'decision_cfp'),
        ('delai_decision_expulsion', 'decision_justice', 'expulsion_realisee')
      ) as c (nature, debut, fin) on c.fin = e.type
      cross join lateral (
        select max(p.date_evenement) as debut
        from pilotage_evenement_actif p
        where p.dossier_id = e.dossier_id and p.type = c.debut and p.date_evenement <= e.date_evenement
      ) s
      where s.debut is not null
        and (e.type <> 'decision_cfp' or e.donnees ->> 'sens' in ('octroi', 'refus'))
    ) f
    join dossier d on d.id = f.dossier_id
    join bailleur b on b.id = d.bailleur_id;

    -- Derived rows, rebuilt per dossier: no key of their own (source_id, nature is unique by construction).
    create table if not exists pilotage_fait (
      source_id uuid not null,
      dossier_id uuid not null,
      nature text not null,
      modalite text,
      date_fait date not null,
      valeur bigint,
      departement_code text not null,
      arrondissement_code text,
      commune_insee text not null,
      type_bailleur text not null,
      logement_social boolean not null,
      prioritaire_dalo boolean not null
    );

    create table if not exists pilotage_mensuel (
      mois date not null,
      departement_code text not null,
      nature text not null,
      modalite text,
      type_bailleur text not null,
      logement_social boolean not null,
      prioritaire_dalo boolean not null,
      nombre bigint not null,
      somme bigint not null
    );

    create table if not exists pilotage_a_recalculer (
      dossier_id uuid not null,
      depuis timestamptz not null default now()
    );

    create or replace function pilotage_recalculer(ids uuid[]) returns void
      language plpgsql as $$
      begin
        if ids is null or cardinality(ids) = 0 then return; end if;
        -- One recomputation of a dossier at a time, in id order (no deadlock between two of them). NO KEY
        -- UPDATE does not conflict with the KEY SHARE lock of the foreign key check of an event insert.
        perform 1 from dossier where id = any(ids) order by id for no key update;
        with anciens as (
          delete from pilotage_fait where dossier_id = any(ids) returning *
        ), nouveaux as (
          insert into pilotage_fait (source_id, dossier_id, nature, modalite, date_fait, valeur,
            departement_code, arrondissement_code, commune_insee, type_bailleur, logement_social, prioritaire_dalo)
          select source_id, dossier_id, nature, modalite, date_fait, valeur,
            departement_code, arrondissement_code, commune_insee, type_bailleur, logement_social, prioritaire_dalo
          from pilotage_fait_vif where dossier_id = any(ids)
          returning *
        ), variations as (
          select date_trunc('month', date_fait)::date as mois, departement_code, nature, modalite,
                 type_bailleur, logement_social, prioritaire_dalo, sum(n) as nombre, sum(s) as somme
          from (
            select *, -1 as n, -coalesce(valeur, 0) as s from anciens
            union all
            select *, 1, coalesce(valeur, 0) from nouveaux
          ) v
          where pilotage_nature_sommee(nature)
          group by 1, 2, 3, 4, 5, 6, 7
          having sum(n) <> 0 or sum(s) <> 0
        )
        insert into pilotage_mensuel (mois, departement_code, nature, modalite, type_bailleur,
          logement_social, prioritaire_dalo, nombre, somme)
        select * from variations;
      end $$;

    create or replace function pilotage_prendre_en_compte(ids uuid[]) returns void
      language plpgsql as $$
      begin
        if ids is null or cardinality(ids) = 0 then return; end if;
        if cardinality(ids) > 1000 then
          insert into pilotage_a_recalculer (dossier_id) select unnest(ids);
        else
          perform pilotage_recalculer(ids);
        end if;
      end $$;

    create or replace function pilotage_evenements_modifies() returns trigger
      language plpgsql as $$
      declare ids uuid[];
      begin
        if tg_op = 'INSERT' then
          select array_agg(distinct dossier_id) into ids from nouveaux;
        elsif tg_op = 'DELETE' then
          select array_agg(distinct dossier_id) into ids from anciens;
        else
          select array_agg(distinct dossier_id) into ids
          from (select dossier_id from nouveaux union select dossier_id from anciens) t;
        end if;
        perform pilotage_prendre_en_compte(ids);
        return null;
      end $$;

    -- Only the columns that place a fact (territory, landlord, flags): the nightly projection sweep
    -- updates every open dossier and must not recompute anything.
    create or replace function pilotage_dossiers_modifies() returns trigger
      language plpgsql as $$
      declare ids uuid[];
      begin
        select array_agg(n.id) into ids
        from nouveaux n join anciens o on o.id = n.id
        where (n.departement_code, n.arrondissement_code, n.commune_insee, n.bailleur_id,
               n.logement_social, n.prioritaire_dalo)
          is distinct from (o.departement_code, o.arrondissement_code, o.commune_insee, o.bailleur_id,
               o.logement_social, o.prioritaire_dalo);
        perform pilotage_prendre_en_compte(ids);
        return null;
      end $$;

    create or replace function pilotage_bailleurs_modifies() returns trigger
      language plpgsql as $$
      declare ids uuid[];
      begin
        select array_agg(d.id) into ids
        from nouveaux n join anciens o on o.id = n.id join dossier d on d.bailleur_id = n.id
        where n.type is distinct from o.type;
        perform pilotage_prendre_en_compte(ids);
        return null;
      end $$;
  `.execute(db);

  // First fill (a no-op on a new database), then the indexes: building them once is faster than
  // maintaining them row by row.
  await sql`
    insert into pilotage_fait (source_id, dossier_id, nature, modalite, date_fait, valeur, departement_code,
      arrondissement_code, commune_insee, type_bailleur, logement_social, prioritaire_dalo)
    select source_id, dossier_id, nature, modalite, date_fait, valeur, departement_code,
      arrondissement_code, commune_insee, type_bailleur, logement_social, prioritaire_dalo
    from pilotage_fait_vif
    where not exists (select 1 from pilotage_fait);

    insert into pilotage_mensuel (mois, departement_code, nature, modalite, type_bailleur, logement_social,
      prioritaire_dalo, nombre, somme)
    select date_trunc('month', date_fait)::date, departement_code, nature, modalite, type_bailleur,
      logement_social, prioritaire_dalo, count(*), coalesce(sum(valeur), 0)
    from pilotage_fait
    where pilotage_nature_sommee(nature) and not exists (select 1 from pilotage_mensuel)
    group by 1, 2, 3, 4, 5, 6, 7;

    -- Recomputation of a dossier; the département, arrondissement and commune dashboards (index-only
    -- scans: every column a dashboard reads is included); national days outside whole months; medians.
    create index if not exists pilotage_fait_dossier_idx on pilotage_fait (dossier_id);
    create index if not exists pilotage_fait_departement_idx on pilotage_fait (departement_code, date_fait)
      include (nature, modalite, prioritaire_dalo, type_bailleur, logement_social, valeur, arrondissement_code, commune_insee);
    create index if not exists pilotage_fait_arrondissement_idx on pilotage_fait (arrondissement_code, date_fait)
      include (nature, modalite, prioritaire_dalo, type_bailleur, logement_social, valeur, commune_insee);
    create index if not exists pilotage_fait_commune_idx on pilotage_fait (commune_insee, date_fait)
      include (nature, modalite, prioritaire_dalo, type_bailleur, logement_social, valeur);
    create index if not exists pilotage_fait_date_idx on pilotage_fait (date_fait)
      include (nature, modalite, prioritaire_dalo, type_bailleur, logement_social, valeur, departement_code);
    create index if not exists pilotage_fait_delai_idx on pilotage_fait (nature, date_fait)
      include (valeur, departement_code, type_bailleur, logement_social) where nature like 'delai%';
    create index if not exists pilotage_fait_delai_departement_idx on pilotage_fait (departement_code, nature, date_fait)
      include (valeur, type_bailleur, logement_social) where nature like 'delai%';
    create index if not exists pilotage_mensuel_departement_idx on pilotage_mensuel (departement_code, mois)
      include (nature, modalite, prioritaire_dalo, type_bailleur, logement_social, nombre, somme);
    create index if not exists pilotage_mensuel_mois_idx on pilotage_mensuel (mois)
      include (departement_code, nature, modalite, prioritaire_dalo, type_bailleur, logement_social, nombre, somme);

    create or replace trigger pilotage_evenement_insertion after insert on evenement
      referencing new table as nouveaux for each statement execute function pilotage_evenements_modifies();
    create or replace trigger pilotage_evenement_modification after update on evenement
      referencing old table as anciens new table as nouveaux
      for each statement execute function pilotage_evenements_modifies();
    create or replace trigger pilotage_evenement_suppression after delete on evenement
      referencing old table as anciens for each statement execute function pilotage_evenements_modifies();
    create or replace trigger pilotage_dossier_modification after update on dossier
      referencing old table as anciens new table as nouveaux
      for each statement execute function pilotage_dossiers_modifies();
    create or replace trigger pilotage_bailleur_modification after update on bailleur
      referencing old table as anciens new table as nouveaux
      for each statement execute function pilotage_bailleurs_modifies();

    analyze pilotage_fait;
    analyze pilotage_mensuel;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger if exists pilotage_evenement_insertion on evenement;
    drop trigger if exists pilotage_evenement_modification on evenement;
    drop trigger if exists pilotage_evenement_suppression on evenement;
    drop trigger if exists pilotage_dossier_modification on dossier;
    drop trigger if exists pilotage_bailleur_modification on bailleur;
    drop function if exists pilotage_evenements_modifies, pilotage_dossiers_modifies, pilotage_bailleurs_modifies,
      pilotage_prendre_en_compte, pilotage_recalculer;
    drop table if exists pilotage_a_recalculer, pilotage_mensuel, pilotage_fait;
    drop view if exists pilotage_fait_vif;
    drop function if exists pilotage_date, pilotage_centimes, pilotage_nature_sommee, pilotage_nature_comptee;
    drop view if exists pilotage_evenement_actif;
  `.execute(db);
}
