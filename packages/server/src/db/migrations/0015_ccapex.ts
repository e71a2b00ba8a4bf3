import { type Kysely, sql } from 'kysely';

/**
 * CCAPEX (loi n° 90-449 art. 7-2 ; décret n° 2026-83). One central commission per département, optional local
 * commissions (perimeter: arrondissement, social-action sector of the conseil départemental, métropole) and
 * territorial sub-commissions below them. Members are organisations (deliberative or consultative vote,
 * co-presidency, secretariat); their representatives are the accounts attached to the commission.
 *
 * Incoming flows (`ccapex_saisine`) wait in the secretariat's triage inbox with what was received (`donnees`),
 * so that a rejected or misrouted flow never leaves a stray dossier; accepting links it to a dossier (an existing
 * one — the "merge" — or a new one built from `donnees`). Orientations, séances, avis, recommandations and the
 * APL decision hang off the dossier. CCAPEX notes and the social diagnosis live in `ccapex_note`, a compartment
 * readable only by the examining commission and the préfecture services; each reading is journaled with the
 * legal basis of the sharing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table commission
      add column parent_id uuid references commission(id),
      add column perimetre_type text not null default 'departement'
        check (perimetre_type in ('departement', 'arrondissement', 'secteur_action_sociale', 'metropole')),
      add column perimetre_libelle text,
      add column communes text[] not null default '{}',
      add column delegation_signalements boolean not null default false,
      add column delai_orientation_jours integer not null default 30 check (delai_orientation_jours between 1 and 365),
      add column email_secretariat text,
      add column actif boolean not null default true,
      add column version integer not null default 1,
      add column modifie_le timestamptz not null default now();
    alter table commission
      add constraint commission_type_valide check (type in ('centrale', 'locale', 'sous_commission'));
    create index commission_parent_idx on commission (parent_id) where parent_id is not null;
    create index commission_communes_idx on commission using gin (communes);

    create table commission_membre (
      id uuid primary key default gen_random_uuid(),
      commission_id uuid not null references commission(id) on delete cascade,
      organisation_id uuid not null references organisation(id),
      categorie text not null,
      voix text not null check (voix in ('deliberative', 'consultative')),
      co_presidence boolean not null default false,
      secretariat boolean not null default false,
      cree_le timestamptz not null default now(),
      unique (commission_id, organisation_id)
    );
    create index commission_membre_organisation_idx on commission_membre (organisation_id);

    create table ccapex_saisine (
      id uuid primary key default gen_random_uuid(),
      departement_code text not null references departement(code),
      commission_id uuid not null references commission(id),
      commune_insee text references commune(code_insee),
      origine text not null
        check (origine in ('bailleur', 'commissaire_justice', 'caf', 'msa', 'menage', 'travailleur_social', 'membre', 'autre')),
      nature text not null default 'saisine' check (nature in ('saisine', 'signalement', 'alerte')),
      recu_le timestamptz not null default now(),
      statut text not null default 'a_trier' check (statut in ('a_trier', 'acceptee', 'rejetee')),
      motif_rejet text,
      dossier_id uuid references dossier(id) on delete cascade,
      dossier_candidat_id uuid references dossier(id) on delete set null,
      donnees jsonb not null default '{}',
      deposant_utilisateur_id uuid references utilisateur(id),
      deposant_organisation_id uuid references organisation(id),
      acte_id uuid,
      traite_par uuid references utilisateur(id),
      traite_le timestamptz,
      version integer not null default 1,
      cree_le timestamptz not null default now()
    );
    create index ccapex_saisine_boite_idx on ccapex_saisine (commission_id, recu_le) where statut = 'a_trier';
    create index ccapex_saisine_commission_idx on ccapex_saisine (commission_id, recu_le desc);
    create index ccapex_saisine_departement_idx on ccapex_saisine (departement_code, recu_le);
    create index ccapex_saisine_dossier_idx on ccapex_saisine (dossier_id) where dossier_id is not null;
    create index ccapex_saisine_deposant_idx on ccapex_saisine (deposant_organisation_id, recu_le desc);

    create table ccapex_saisine_action (
      id bigint generated always as identity primary key,
      saisine_id uuid not null references ccapex_saisine(id) on delete cascade,
      action text not null check (action in ('reception', 'acceptation', 'fusion', 'redirection', 'rejet')),
      de_commission_id uuid references commission(id),
      vers_commission_id uuid references commission(id),
      dossier_id uuid references dossier(id) on delete set null,
      motif text,
      utilisateur_id uuid references utilisateur(id),
      le timestamptz not null default now()
    );
    create index ccapex_saisine_action_saisine_idx on ccapex_saisine_action (saisine_id, le);

    create table ccapex_orientation (
      id uuid primary key default gen_random_uuid(),
      dossier_id uuid not null references dossier(id) on delete cascade,
      commission_id uuid not null references commission(id),
      saisine_id uuid references ccapex_saisine(id) on delete set null,
      organisation_id uuid not null references organisation(id),
      destinataire_type text not null,
      objet text not null,
      echeance date not null,
      statut text not null default 'envoyee' check (statut in ('envoyee', 'prise_en_compte', 'close')),
      accuse_le timestamptz,
      accuse_par uuid references utilisateur(id),
      actions jsonb not null default '[]',
      resultat text,
      cloture_le timestamptz,
      cloture_par uuid references utilisateur(id),
      derniere_relance_le timestamptz,
      cree_par uuid references utilisateur(id),
      cree_le timestamptz not null default now(),
      version integer not null default 1
    );
    create index ccapex_orientation_organisation_idx on ccapex_orientation (organisation_id, statut, echeance);
    create index ccapex_orientation_commission_idx on ccapex_orientation (commission_id, statut, echeance);
    create index ccapex_orientation_dossier_idx on ccapex_orientation (dossier_id);
    create index ccapex_orientation_en_retard_idx on ccapex_orientation (echeance) where statut <> 'close';

    create table ccapex_seance (
      id uuid primary key default gen_random_uuid(),
      commission_id uuid not null references commission(id),
      debut timestamptz not null,
      lieu text not null,
      statut text not null default 'planifiee' check (statut in ('planifiee', 'tenue', 'close', 'annulee')),
      invitations_envoyees_le timestamptz,
      pv_document_id uuid references document(id) on delete set null,
      pv_genere_le timestamptz,
      cree_par uuid references utilisateur(id),
      cree_le timestamptz not null default now(),
      version integer not null default 1
    );
    create index ccapex_seance_commission_idx on ccapex_seance (commission_id, debut desc);

    create table ccapex_examen (
      id uuid primary key default gen_random_uuid(),
      seance_id uuid not null references ccapex_seance(id) on delete cascade,
      dossier_id uuid not null references dossier(id) on delete cascade,
      rang integer not null,
      avis text,
      decision_apl text check (decision_apl in ('maintien', 'suspension')),
      examine_le timestamptz,
      examine_par uuid references utilisateur(id),
      version integer not null default 1,
      unique (seance_id, dossier_id)
    );
    create index ccapex_examen_dossier_idx on ccapex_examen (dossier_id);

    create table ccapex_recommandation (
      id uuid primary key default gen_random_uuid(),
      examen_id uuid not null references ccapex_examen(id) on delete cascade,
      dossier_id uuid not null references dossier(id) on delete cascade,
      destinataire_type text not null,
      destinataire_organisation_id uuid references organisation(id),
      destinataire_libelle text not null,
      contenu text not null,
      echeance date,
      notifiee_le timestamptz,
      suivi text not null default 'a_suivre' check (suivi in ('a_suivre', 'realisee', 'non_realisee')),
      suivi_le date,
      suivi_commentaire text,
      cree_le timestamptz not null default now(),
      version integer not null default 1
    );
    create index ccapex_recommandation_dossier_idx on ccapex_recommandation (dossier_id);
    create index ccapex_recommandation_suivi_idx on ccapex_recommandation (echeance) where suivi = 'a_suivre';

    create table ccapex_note (
      id uuid primary key default gen_random_uuid(),
      dossier_id uuid not null references dossier(id) on delete cascade,
      commission_id uuid not null references commission(id),
      type text not null check (type in ('note', 'diagnostic_social')),
      contenu text not null,
      fondement text not null,
      auteur_id uuid not null references utilisateur(id),
      auteur_organisation_id uuid not null references organisation(id),
      cree_le timestamptz not null default now()
    );
    create index ccapex_note_dossier_idx on ccapex_note (dossier_id, cree_le);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table if exists ccapex_note, ccapex_recommandation, ccapex_examen, ccapex_seance, ccapex_orientation,
      ccapex_saisine_action, ccapex_saisine, commission_membre;
    alter table commission drop constraint if exists commission_type_valide;
    alter table commission drop column if exists parent_id, drop column if exists perimetre_type,
      drop column if exists perimetre_libelle, drop column if exists communes,
      drop column if exists delegation_signalements, drop column if exists delai_orientation_jours,
      drop column if exists email_secretariat, drop column if exists actif, drop column if exists version,
      drop column if exists modifie_le;
  `.execute(db);
}
