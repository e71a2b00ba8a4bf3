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
  type: Generated<string>;
  nom: string;
  cree_le: Generated<Date>;
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
}
