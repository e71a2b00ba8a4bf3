/** Shapes of the Dossiers API as the web app reads them (contracts/api.md, « Dossiers »). */
import { lire } from './client';

/** The dossier page's query: shared by the page and by the preload started as the app boots (Routes.tsx). */
export const requeteDossier = (id: string) => ({
  queryKey: ['dossier', id],
  queryFn: () => lire<Dossier>(`/api/v1/dossiers/${id}`),
});

export interface ElementListe {
  id: string;
  numero: string;
  phase: string;
  prochaineEcheance: { code: string; date: string } | null;
  alertes: string[];
  menage: { nomPrincipal: string | null };
  adresse: { ligne: string | null; codePostal: string | null; commune: string; codeInsee: string };
  dette: number | null;
  bailleur: string;
  misAJourLe: string;
  version: number;
}

export interface Liste {
  elements: ElementListe[];
  total: number;
  page: number;
  parPage: number;
}

export interface EcheanceMoteur {
  code: string;
  date: string;
  fondement: string;
  explication: string;
}

export interface AlerteMoteur {
  code: string;
  fondement: string;
  message: string;
}

export interface EvenementDossier {
  id: string;
  type: string;
  date: string;
  commentaire: string | null;
  source: string;
  statut: string;
  auteur: string | null;
  enregistreLe: string;
  remplace: string | null;
  motifCorrection: string | null;
  remplacePar: string | null;
  [champ: string]: unknown;
}

export interface Dossier {
  id: string;
  numero: string;
  version: number;
  territoire: { departement: string; arrondissement: string | null; commune: string; communeNom: string };
  agent: { id: string; nom: string | null } | null;
  prioritaireDalo: boolean | null;
  relogementAssure: boolean | null;
  menage: {
    nomPrincipal: string | null;
    personnes: { id: string; role: string; nom: string; prenoms: string; dateNaissance: string | null }[];
    telephone: string | null;
    email: string | null;
    allocataire: { organisme: string; numero: string | null } | null;
    composition: { adultes: number; enfants: number } | null;
    ressourcesMensuelles: number | null;
  };
  logement: {
    adresse: { ligne: string; codePostal: string; codeInsee: string; commune: string } | null;
    social: boolean;
  };
  bail: {
    dateSignature: string;
    dateDernierRenouvellement: string | null;
    loyerMensuelHC: number | null;
    chargesMensuelles: number | null;
  };
  bailleur: { type: string; nom: string; siret: string | null };
  phase: string;
  cloture: string | null;
  prochaineEcheance: { code: string; date: string } | null;
  dette: number | null;
  evenements: EvenementDossier[];
  echeances: EcheanceMoteur[];
  alertes: AlerteMoteur[];
  responsabiliteEtat: {
    debut: string;
    fin: string | null;
    periodesExclues: { du: string; au: string; motif: string }[];
  } | null;
  evenementsPossibles: { type: string; acteurAttendu: string; libelle: string }[];
  historique: { action: string; champs: string[]; auteur: string | null; le: string }[];
  notes: { id: string; texte: string; auteur: string | null; le: string }[] | null;
  /** The CCAPEX compartment (notes, social diagnosis) is open to the caller. */
  compartimentCcapex: boolean;
}

export interface ElementATraiter {
  id: string;
  numero: string;
  phase: string;
  nomPrincipal: string;
  codeInsee: string;
  prochaineEcheance: { code: string; date: string } | null;
  alertes: string[];
  attribueAMoi: boolean;
}
