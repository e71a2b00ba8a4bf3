import type { ColumnType, Generated } from 'kysely';

/** Kysely table types, written once and checked against the migrated schema by schema.test.ts. */
type Horodatage = ColumnType<Date, Date | string | undefined, Date | string>;

export interface RegionTable {
  code: string;
  nom: string;
}
export interface DepartementTable {
  code: string;
  nom: string;
  region_code: string;
  zone: string;
}
export interface ArrondissementTable {
  code: string;
  nom: string;
  departement_code: string;
}
export interface CommuneTable {
  code_insee: string;
  nom: string;
  type: string;
  departement_code: string;
  arrondissement_code: string | null;
  codes_postaux: string[];
  population: number | null;
}
export interface OrganisationTable {
  id: Generated<string>;
  type: string;
  nom: string;
  siret: string | null;
  departement_code: string | null;
  departements: ColumnType<string[], string[] | undefined, string[]>;
  arrondissements: ColumnType<string[], string[] | undefined, string[]>;
  actif: Generated<boolean>;
  version: Generated<number>;
  cree_le: Generated<Date>;
  modifie_le: Horodatage;
}
export interface CommissionTable {
  id: Generated<string>;
  departement_code: string;
  type: Generated<'centrale' | 'locale' | 'sous_commission'>;
  nom: string;
  cree_le: Generated<Date>;
  parent_id: string | null;
  perimetre_type: Generated<'departement' | 'arrondissement' | 'secteur_action_sociale' | 'metropole'>;
  perimetre_libelle: string | null;
  communes: ColumnType<string[], string[] | undefined, string[]>;
  delegation_signalements: Generated<boolean>;
  delai_orientation_jours: Generated<number>;
  email_secretariat: string | null;
  actif: Generated<boolean>;
  version: Generated<number>;
  modifie_le: Generated<Date>;
}
export interface UtilisateurTable {
  id: Generated<string>;
  email: string;
  nom: string;
  prenom: Generated<string>;
  profil: string;
  organisation_id: string;
  departement_code: string | null;
  perimetre_departements: ColumnType<string[], string[] | undefined, string[]>;
  perimetre_arrondissements: ColumnType<string[], string[] | undefined, string[]>;
  commission_id: string | null;
  mot_de_passe_hash: string | null;
  compte_demo: Generated<boolean>;
  actif: Generated<boolean>;
  version: Generated<number>;
  cree_le: Generated<Date>;
  modifie_le: Horodatage;
  derniere_connexion: Date | null;
}
export interface SessionTable {
  id_hash: string;
  utilisateur_id: string;
  csrf_token: string;
  cree_le: Generated<Date>;
  vu_le: Horodatage;
  expire_le: Date;
}
export interface JournalTable {
  id: Generated<number>;
  horodatage: Generated<Date>;
  utilisateur_id: string | null;
  profil: string | null;
  organisation_id: string | null;
  departement_code: string | null;
  action: string;
  objet_type: string | null;
  objet_id: string | null;
  requete_id: string | null;
  details: ColumnType<unknown, string | null, string | null> | null;
}
export interface ParametreDepartementTable {
  departement_code: string;
  parametres: ColumnType<unknown, string, string>;
  version: Generated<number>;
  modifie_le: Horodatage;
}
export interface ReferentielVersionTable {
  nom: string;
  version: string;
  charge_le: Generated<Date>;
}

export interface BailleurTable {
  id: Generated<string>;
  type: string;
  nom: string;
  siret: string | null;
  social: Generated<boolean>;
  organisation_id: string | null;
  email: string | null;
  telephone: string | null;
  cree_le: Generated<Date>;
}
export interface NumerotationDossierTable {
  annee: number;
  departement_code: string;
  dernier: number;
}
export interface DossierTable {
  id: Generated<string>;
  numero: string;
  departement_code: string;
  arrondissement_code: string | null;
  commune_insee: string;
  commission_id: string | null;
  bailleur_id: string;
  agent_id: string | null;
  prioritaire_dalo: Generated<boolean>;
  relogement_assure: Generated<boolean>;
  nom_principal: string;
  telephone: string | null;
  email: string | null;
  allocataire_organisme: string | null;
  allocataire_numero: string | null;
  composition: ColumnType<unknown, string | null, string | null> | null;
  ressources_mensuelles_cents: number | null;
  adresse_ligne: string;
  code_postal: string;
  logement_social: boolean;
  bail_date_signature: string;
  bail_date_dernier_renouvellement: string | null;
  loyer_hc_cents: number;
  charges_cents: number;
  phase: Generated<string>;
  cloture: string | null;
  prochaine_echeance_code: string | null;
  prochaine_echeance_date: string | null;
  alertes: ColumnType<string[], string[] | undefined, string[]>;
  dette_cents: number | null;
  projection_du: string | null;
  texte_recherche: Generated<string>;
  noms_recherche: Generated<string>;
  recherche: ColumnType<string, never, never>;
  version: Generated<number>;
  cree_le: Generated<Date>;
  mis_a_jour_le: Horodatage;
  cree_par: string | null;
  organisation_creatrice_id: string | null;
  cle_rapprochement: string | null;
}
export interface DossierOrganisationTable {
  dossier_id: string;
  organisation_id: string;
  role: string;
  depuis: Generated<Date>;
}
export interface PersonneTable {
  id: Generated<string>;
  dossier_id: string;
  rang: number;
  role: string;
  nom: string;
  prenoms: string;
  date_naissance: string | null;
}
export interface EvenementTable {
  id: Generated<string>;
  dossier_id: string;
  type: string;
  date_evenement: string;
  donnees: ColumnType<Record<string, unknown>, string, string>;
  commentaire: string | null;
  source: string;
  auteur_id: string | null;
  organisation_id: string | null;
  remplace_id: string | null;
  motif_correction: string | null;
  statut: Generated<string>;
  cree_le: Generated<Date>;
}
export interface NoteDossierTable {
  id: Generated<string>;
  dossier_id: string;
  auteur_id: string | null;
  texte: string;
  classe: Generated<string>;
  cree_le: Generated<Date>;
}
export interface HistoriqueDossierTable {
  id: Generated<number>;
  dossier_id: string;
  auteur_id: string | null;
  action: string;
  champs: ColumnType<string[], string[] | undefined, string[]>;
  cree_le: Generated<Date>;
}

export interface FiltreEnregistreTable {
  id: Generated<string>;
  utilisateur_id: string;
  nom: string;
  requete: string;
  cree_le: Generated<Date>;
}
export interface PreferenceNotificationTable {
  utilisateur_id: string;
  resume_quotidien: Generated<boolean>;
  horizon_jours: Generated<number>;
  dernier_envoi: string | null;
  modifie_le: Horodatage;
}

export interface DocumentTable {
  id: Generated<string>;
  /** Null for the minutes of a CCAPEX séance (migration 0021), reached through `ccapex_seance.pv_document_id`. */
  dossier_id: string | null;
  evenement_id: string | null;
  nom_fichier: string;
  type_mime: string;
  taille: number;
  sha256: string;
  depose_par: string | null;
  organisation_id: string | null;
  cree_le: Generated<Date>;
  classe: Generated<'judiciaire' | 'financier' | 'social' | 'secret_ccapex'>;
}

export interface PartenaireClientTable {
  id: Generated<string>;
  client_id: string;
  secret_hash: string;
  type: string;
  nom: string;
  siret: string | null;
  organisation_id: string;
  departements: ColumnType<string[], string[] | undefined, string[]>;
  actif: Generated<boolean>;
  cree_le: Generated<Date>;
}
export interface PartenaireJetonTable {
  jeton_hash: string;
  client_id: string;
  expire_le: Date;
}
export interface CleIdempotenceTable {
  client_id: string;
  cle: string;
  empreinte: string;
  statut_http: number;
  reponse: ColumnType<unknown, string, string>;
  cree_le: Generated<Date>;
}
export interface ActePartenaireTable {
  id: Generated<string>;
  client_id: string;
  organisation_id: string;
  reference: string;
  type: string;
  date_acte: string;
  contenu: ColumnType<unknown, string, string>;
  statut: string;
  motif: string | null;
  dossier_id: string | null;
  evenement_id: string | null;
  candidats: ColumnType<string[], string[] | undefined, string[]>;
  cree_le: Generated<Date>;
}

/** Steering (migration 0006_pilotage): derived facts, their monthly sums and the two views they come from. */
interface ColonnesFait {
  source_id: string;
  dossier_id: string;
  nature: string;
  modalite: string | null;
  date_fait: string;
  valeur: number | null;
  departement_code: string;
  arrondissement_code: string | null;
  commune_insee: string;
  type_bailleur: string;
  logement_social: boolean;
  prioritaire_dalo: boolean;
}
export type PilotageFaitTable = ColonnesFait;
export type PilotageFaitVifView = ColonnesFait;
export interface PilotageMensuelTable {
  mois: string;
  departement_code: string;
  nature: string;
  modalite: string | null;
  type_bailleur: string;
  logement_social: boolean;
  prioritaire_dalo: boolean;
  nombre: number;
  somme: number;
}
export interface PilotageARecalculerTable {
  dossier_id: string;
  depuis: Generated<Date>;
}
export interface PilotageEvenementActifView {
  id: string;
  dossier_id: string;
  type: string;
  date_evenement: string;
  donnees: Record<string, unknown>;
  cree_le: Date;
}

export interface JournalBlocTable {
  id: Generated<number>;
  premier_id: number;
  dernier_id: number;
  lignes: number;
  hash_precedent: string;
  hash: string;
  scelle_le: Generated<Date>;
}

export interface CommuneUniteTable {
  commune_insee: string;
  organisation_id: string;
  modifie_le: Horodatage;
  version: Generated<number>;
}
export interface InstructionCfpTable {
  id: Generated<string>;
  dossier_id: string;
  demande_evenement_id: string;
  date_demande: string;
  date_refus_implicite: string | null;
  unite_id: string | null;
  statut: Generated<string>;
  enquete_date_visite: string | null;
  enquete_contact_etabli: boolean | null;
  enquete_composition_menage: string | null;
  enquete_risque_ordre_public: string | null;
  enquete_observations: string | null;
  enquete_par: string | null;
  enquete_le: Date | null;
  social_prioritaire_dalo: boolean | null;
  social_offres_relogement: number | null;
  social_avis_ccapex: string | null;
  social_dsf: string | null;
  social_observations: string | null;
  proposition_sens: string | null;
  proposition_motifs: ColumnType<string[], string[] | undefined, string[]>;
  social_par: string | null;
  social_le: Date | null;
  decision_sens: string | null;
  decision_date: string | null;
  decision_motifs: ColumnType<string[], string[] | undefined, string[]>;
  decision_texte: string | null;
  decision_evenement_id: string | null;
  decision_par: string | null;
  refus_implicite_constate_le: Date | null;
  execution_date_operation: string | null;
  execution_effectifs: number | null;
  execution_services_sociaux_informes: boolean | null;
  execution_services_sociaux_informes_le: string | null;
  execution_planifiee_par: string | null;
  execution_planifiee_le: Date | null;
  execution_issue: string | null;
  execution_issue_date: string | null;
  execution_pv_recu_le: string | null;
  execution_issue_evenement_id: string | null;
  execution_issue_par: string | null;
  execution_issue_le: Date | null;
  decision_signataire_nom: string | null;
  decision_signataire_fonction: string | null;
  version: Generated<number>;
  cree_le: Generated<Date>;
  modifie_le: Horodatage;
}
export interface InstructionCfpCorrectionIssueTable {
  id: Generated<string>;
  instruction_id: string;
  ancienne_issue: string;
  ancienne_date: string;
  ancien_pv_recu_le: string | null;
  ancien_evenement_id: string | null;
  nouvelle_issue: string;
  nouvelle_date: string;
  nouveau_pv_recu_le: string | null;
  nouvel_evenement_id: string | null;
  motif: string;
  corrige_par: string | null;
  corrige_le: Generated<Date>;
}

export interface IndemnisationAjustementTable {
  id: Generated<string>;
  dossier_id: string;
  nature: string;
  libelle: string;
  montant_cents: number;
  motif: string;
  auteur_id: string | null;
  cree_le: Generated<Date>;
}

/** A landlord's bulk CSV import of CCAPEX saisines (migration 0022). */
export interface BailleurImportTable {
  id: Generated<string>;
  organisation_id: string;
  utilisateur_id: string | null;
  nom_fichier: string;
  total: number;
  traitees: Generated<number>;
  valides: Generated<number>;
  rejetees: Generated<number>;
  cree_le: Generated<Date>;
  termine_le: DateNullable;
}
export interface BailleurImportLigneTable {
  import_id: string;
  numero: number;
  statut: Generated<'en_attente' | 'valide' | 'rejetee'>;
  cellules: ColumnType<Record<string, string> | null, string | null | undefined, string | null>;
  saisine_id: string | null;
  erreurs: ColumnType<{ colonne: string; message: string }[], string | undefined, string>;
}
/** The indemnity claim of the eviction decision's beneficiary (CPCE R154-2, migration 0022). */
export interface IndemnisationReclamationTable {
  id: Generated<string>;
  dossier_id: string;
  origine: 'bailleur' | 'agent';
  deposant_utilisateur_id: string | null;
  deposant_organisation_id: string | null;
  recue_le: ColumnType<string, string, string>;
  periode_du: ColumnType<string, string, string>;
  periode_au: ColumnType<string, string, string>;
  montant_loyers_cents: number;
  montant_charges_cents: number;
  montant_autres_cents: Generated<number>;
  libelle_autres: string | null;
  montant_total_cents: number;
  observations: string | null;
  documents: ColumnType<string[], string[] | undefined, string[]>;
  cree_le: Generated<Date>;
}

/** Settlement of the State's indemnity, one per dossier (migration 0011). */
export interface IndemnisationReglementTable {
  dossier_id: string;
  version: Generated<number>;
  demande_recue_le: string | null;
  montant_demande_cents: number | null;
  proposition_le: string | null;
  montant_propose_cents: number | null;
  signature_beneficiaire_le: string | null;
  signature_prefet_le: string | null;
  ordre_paiement_le: string | null;
  paiement_le: string | null;
  montant_paye_cents: number | null;
  subrogation_le: string | null;
  recours_ta_le: string | null;
  jugement_ta_le: string | null;
  montant_alloue_cents: number | null;
  cree_le: Generated<Date>;
  modifie_le: Generated<Date>;
}

/** IRL index of a quarter, per département (migration 0011). */
export interface IndiceIrlTable {
  departement_code: string;
  trimestre: string;
  valeur_centiemes: number;
  version: Generated<number>;
  modifie_par: string | null;
  modifie_le: Generated<Date>;
}

/** One request to a partner's information system (migration 0012). */
export interface EchangePartenaireTable {
  id: Generated<string>;
  dossier_id: string;
  partenaire: 'caf' | 'banque_de_france';
  operation: string;
  statut: 'en_cours' | 'reussi' | 'a_relancer' | 'echec' | 'introuvable';
  tentatives: Generated<number>;
  duree_ms: number | null;
  erreur: string | null;
  resultat: ColumnType<unknown, string | null | undefined, string | null>;
  demande_par: string | null;
  prochain_essai_le: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  cree_le: Generated<Date>;
  termine_le: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** A partner's webhook subscription (migration 0014). */
export interface WebhookAbonnementTable {
  id: Generated<string>;
  client_id: string;
  url: string;
  evenements: ColumnType<string[], string[], string[]>;
  secret: string;
  actif: Generated<boolean>;
  echecs_depuis: ColumnType<Date | null, Date | null | undefined, Date | null>;
  desactive_le: ColumnType<Date | null, Date | null | undefined, Date | null>;
  motif_desactivation: string | null;
  cree_le: Generated<Date>;
}
/** One event to deliver to one subscription: the outbox (migration 0014). */
export interface WebhookLivraisonTable {
  id: Generated<string>;
  abonnement_id: string;
  type: string;
  corps: string;
  statut: Generated<'en_attente' | 'livree' | 'echec' | 'annulee'>;
  tentatives: Generated<number>;
  prochain_essai_le: ColumnType<Date, Date | undefined, Date>;
  dernier_statut_http: number | null;
  derniere_erreur: string | null;
  cree_le: Generated<Date>;
  livree_le: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** A member organisation of a CCAPEX (migration 0015). */
export interface CommissionMembreTable {
  id: Generated<string>;
  commission_id: string;
  organisation_id: string;
  categorie: string;
  voix: 'deliberative' | 'consultative';
  co_presidence: Generated<boolean>;
  secretariat: Generated<boolean>;
  cree_le: Generated<Date>;
}

type DateNullable = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** A `date` column read as 'YYYY-MM-DD' (the pg type parser is set that way in db/connexion.ts). */
type JourNullable = ColumnType<string | null, string | null | undefined, string | null>;

/** An incoming CCAPEX flow waiting in (or gone through) the secretariat's triage inbox (migration 0015). */
export interface CcapexSaisineTable {
  id: Generated<string>;
  departement_code: string;
  commission_id: string;
  commune_insee: string | null;
  origine:
    | 'bailleur'
    | 'commissaire_justice'
    | 'caf'
    | 'msa'
    | 'menage'
    | 'travailleur_social'
    | 'membre'
    | 'autre';
  nature: Generated<'saisine' | 'signalement' | 'alerte'>;
  recu_le: Generated<Date>;
  statut: Generated<'a_trier' | 'acceptee' | 'rejetee'>;
  motif_rejet: string | null;
  dossier_id: string | null;
  dossier_candidat_id: string | null;
  donnees: ColumnType<Record<string, unknown>, string | undefined, string>;
  deposant_utilisateur_id: string | null;
  deposant_organisation_id: string | null;
  acte_id: string | null;
  traite_par: string | null;
  traite_le: DateNullable;
  version: Generated<number>;
  cree_le: Generated<Date>;
}

export interface CcapexSaisineActionTable {
  id: Generated<number>;
  saisine_id: string;
  action: 'reception' | 'acceptation' | 'fusion' | 'redirection' | 'rejet';
  de_commission_id: string | null;
  vers_commission_id: string | null;
  dossier_id: string | null;
  motif: string | null;
  utilisateur_id: string | null;
  le: Generated<Date>;
}

export interface CcapexOrientationTable {
  id: Generated<string>;
  dossier_id: string;
  commission_id: string;
  saisine_id: string | null;
  organisation_id: string;
  destinataire_type: string;
  objet: string;
  echeance: string;
  statut: Generated<'envoyee' | 'prise_en_compte' | 'close'>;
  accuse_le: DateNullable;
  accuse_par: string | null;
  actions: ColumnType<
    { type: string; date: string; commentaire: string | null; par: string }[],
    string | undefined,
    string
  >;
  resultat: string | null;
  cloture_le: DateNullable;
  cloture_par: string | null;
  derniere_relance_le: DateNullable;
  cree_par: string | null;
  cree_le: Generated<Date>;
  version: Generated<number>;
}

export interface CcapexSeanceTable {
  id: Generated<string>;
  commission_id: string;
  debut: ColumnType<Date, Date | string, Date | string>;
  lieu: string;
  statut: Generated<'planifiee' | 'tenue' | 'close' | 'annulee'>;
  invitations_envoyees_le: DateNullable;
  pv_document_id: string | null;
  pv_genere_le: DateNullable;
  cree_par: string | null;
  cree_le: Generated<Date>;
  version: Generated<number>;
  cloturee_le: DateNullable;
  cloturee_par: string | null;
  annulee_le: DateNullable;
  motif_annulation: string | null;
}

/** Accounts invited to a séance (migration 0021), listed in the minutes. */
export interface CcapexSeanceInvitationTable {
  seance_id: string;
  utilisateur_id: string;
  envoyee_le: Generated<Date>;
}

export interface CcapexExamenTable {
  id: Generated<string>;
  seance_id: string;
  dossier_id: string;
  rang: number;
  avis: string | null;
  decision_apl: 'maintien' | 'suspension' | null;
  examine_le: DateNullable;
  examine_par: string | null;
  version: Generated<number>;
}

export interface CcapexRecommandationTable {
  id: Generated<string>;
  examen_id: string;
  dossier_id: string;
  destinataire_type: string;
  destinataire_organisation_id: string | null;
  destinataire_libelle: string;
  contenu: string;
  echeance: JourNullable;
  notifiee_le: DateNullable;
  suivi: Generated<'a_suivre' | 'realisee' | 'non_realisee'>;
  suivi_le: JourNullable;
  suivi_commentaire: string | null;
  cree_le: Generated<Date>;
  version: Generated<number>;
}

/** The CCAPEX secret compartment: notes and social diagnosis (migration 0015). */
export interface CcapexNoteTable {
  id: Generated<string>;
  dossier_id: string;
  commission_id: string;
  type: 'note' | 'diagnostic_social';
  contenu: string;
  fondement: string;
  auteur_id: string;
  auteur_organisation_id: string;
  cree_le: Generated<Date>;
}

/** A pending ProConnect authorization request (migration 0017). */
export interface ProconnectTransactionTable {
  id_hash: string;
  etat: string;
  nonce: string;
  verificateur_pkce: string;
  cree_le: Generated<Date>;
  expire_le: Date;
}
/** Link between a ProConnect identity (issuer + sub) and an Exploc account (migration 0017). */
export interface LiaisonProconnectTable {
  id: Generated<string>;
  issuer: string;
  sub: string;
  utilisateur_id: string;
  siret: string;
  statut: Generated<'en_attente' | 'approuvee' | 'rejetee'>;
  cree_le: Generated<Date>;
  decide_le: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  decide_par: string | null;
  derniere_connexion: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}
/** The ID token of a session opened through ProConnect (migration 0017). */
export interface SessionProconnectTable {
  session_id_hash: string;
  liaison_id: string;
  id_token: string;
}

/** Instance-level facts, e.g. the partner sandbox marker (migration 0023). */
export interface InstanceParametreTable {
  cle: string;
  valeur: string;
  cree_le: Generated<Date>;
}

export interface DB {
  region: RegionTable;
  departement: DepartementTable;
  arrondissement: ArrondissementTable;
  commune: CommuneTable;
  organisation: OrganisationTable;
  commission: CommissionTable;
  utilisateur: UtilisateurTable;
  session: SessionTable;
  journal: JournalTable;
  parametre_departement: ParametreDepartementTable;
  referentiel_version: ReferentielVersionTable;
  bailleur: BailleurTable;
  numerotation_dossier: NumerotationDossierTable;
  dossier: DossierTable;
  dossier_organisation: DossierOrganisationTable;
  personne: PersonneTable;
  evenement: EvenementTable;
  note_dossier: NoteDossierTable;
  historique_dossier: HistoriqueDossierTable;
  filtre_enregistre: FiltreEnregistreTable;
  preference_notification: PreferenceNotificationTable;
  document: DocumentTable;
  partenaire_client: PartenaireClientTable;
  partenaire_jeton: PartenaireJetonTable;
  cle_idempotence: CleIdempotenceTable;
  acte_partenaire: ActePartenaireTable;
  journal_bloc: JournalBlocTable;
  pilotage_fait: PilotageFaitTable;
  pilotage_fait_vif: PilotageFaitVifView;
  pilotage_mensuel: PilotageMensuelTable;
  pilotage_a_recalculer: PilotageARecalculerTable;
  pilotage_evenement_actif: PilotageEvenementActifView;
  commune_unite: CommuneUniteTable;
  instruction_cfp: InstructionCfpTable;
  instruction_cfp_correction_issue: InstructionCfpCorrectionIssueTable;
  indemnisation_ajustement: IndemnisationAjustementTable;
  indemnisation_reglement: IndemnisationReglementTable;
  indice_irl: IndiceIrlTable;
  echange_partenaire: EchangePartenaireTable;
  webhook_abonnement: WebhookAbonnementTable;
  webhook_livraison: WebhookLivraisonTable;
  proconnect_transaction: ProconnectTransactionTable;
  liaison_proconnect: LiaisonProconnectTable;
  session_proconnect: SessionProconnectTable;
  alerte_securite: AlerteSecuriteTable;
  commission_membre: CommissionMembreTable;
  ccapex_saisine: CcapexSaisineTable;
  ccapex_saisine_action: CcapexSaisineActionTable;
  ccapex_orientation: CcapexOrientationTable;
  ccapex_seance: CcapexSeanceTable;
  ccapex_seance_invitation: CcapexSeanceInvitationTable;
  ccapex_examen: CcapexExamenTable;
  ccapex_recommandation: CcapexRecommandationTable;
  ccapex_note: CcapexNoteTable;
  bailleur_import: BailleurImportTable;
  bailleur_import_ligne: BailleurImportLigneTable;
  indemnisation_reclamation: IndemnisationReclamationTable;
  instance_parametre: InstanceParametreTable;
}

/** A finding of the anomaly detection job, examined by the departmental administrator (migration 0016). */
export interface AlerteSecuriteTable {
  id: Generated<string>;
  regle: 'consultation_massive' | 'hors_perimetre' | 'export_volumineux' | 'hors_horaires';
  utilisateur_id: string;
  departement_code: string | null;
  fenetre_debut: Date;
  fenetre_fin: Date;
  nombre: number;
  seuil: number;
  detectee_le: Generated<Date>;
  notifiee_le: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  examinee_le: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  examinee_par: string | null;
  commentaire: string | null;
  version: Generated<number>;
}
