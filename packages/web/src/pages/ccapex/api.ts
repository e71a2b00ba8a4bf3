/** Shapes of the CCAPEX API (part 1: organisation, saisines, triage, orientations), as the pages read them. */

export interface Commission {
  id: string;
  departementCode: string;
  type: 'centrale' | 'locale' | 'sous_commission';
  nom: string;
  parentId: string | null;
  perimetreType: string;
  perimetreLibelle: string | null;
  communes: string[];
  delegationSignalements: boolean;
  delaiOrientationJours: number;
  emailSecretariat: string | null;
  actif: boolean;
  version: number;
}

export interface CommissionListee extends Commission {
  membres: number;
  representants: number;
}

export interface Membre {
  id: string;
  organisationId: string;
  organisationNom: string;
  organisationType: string;
  categorie: string;
  voix: 'deliberative' | 'consultative';
  coPresidence: boolean;
  secretariat: boolean;
}

export interface CommissionDetaillee extends Commission {
  communesDetail: { code: string; nom: string }[];
  membres: Membre[];
  representants: {
    id: string;
    nom: string;
    prenom: string;
    email: string;
    profil: string;
    actif: boolean;
    organisationNom: string;
  }[];
  seuilsSignalement: { moisImpayes: number; multipleLoyerHC: number; typesBailleur?: string[] | null } | null;
}

export interface CompteRattachable {
  id: string;
  nom: string;
  prenom: string;
  email: string;
  profil: string;
  organisationId: string;
  organisationNom: string;
  commissionActuelle: string | null;
}

export interface Saisine {
  id: string;
  origine: string;
  nature: string;
  statut: 'a_trier' | 'acceptee' | 'rejetee';
  recuLe: string;
  ageJours: number;
  departementCode: string;
  commission: { id: string; nom: string };
  commune: { code: string; nom: string | null } | null;
  dossier: { id: string; numero: string | null; nomPrincipal: string | null } | null;
  candidat: { id: string; numero: string | null; nomPrincipal: string | null } | null;
  menage: string | null;
  deposant: string | null;
  motifRejet: string | null;
  traiteLe: string | null;
  version: number;
}

export interface SaisineDetaillee extends Saisine {
  donnees: {
    detteMontant?: number;
    dateArreteDette?: string;
    moisImpayes?: number;
    demarches?: string[];
    message?: string;
    dossier?: { logement?: { adresse?: { ligne?: string; codePostal?: string } } };
  };
  actions: {
    action: string;
    motif: string | null;
    le: string;
    de: string | null;
    vers: string | null;
    auteur: string | null;
  }[];
}

export interface Orientation {
  id: string;
  dossier: { id: string; numero: string; nomPrincipal: string; commune: string };
  commission: { id: string; nom: string };
  saisineId: string | null;
  organisation: { id: string; nom: string };
  destinataireType: string;
  destinataireLibelle: string;
  objet: string;
  echeance: string;
  enRetard: boolean;
  statut: 'envoyee' | 'prise_en_compte' | 'close';
  accuseLe: string | null;
  accusePar: string | null;
  actions: { type: string; date: string; commentaire: string | null; par: string }[];
  resultat: string | null;
  clotureLe: string | null;
  cloturePar: string | null;
  derniereRelanceLe: string | null;
  creeLe: string;
  version: number;
}

export interface OrientationDetaillee extends Orientation {
  situation: {
    adresse: string;
    telephone: string | null;
    email: string | null;
    detteEuros: number | null;
    phase: string;
    prochaineEcheance: { code: string; date: string | null } | null;
  };
}

export interface SectionCcapex {
  visible: boolean;
  commission: { id: string; nom: string; type: string; delaiOrientationJours: number } | null;
  peutOrienter: boolean;
  saisines: {
    id: string;
    origine: string;
    nature: string;
    recuLe: string;
    statut: string;
    motifRejet: string | null;
    traiteLe: string | null;
    commission: string;
    deposant: string | null;
  }[];
  orientations: Orientation[];
  destinataires: { organisationId: string; organisationNom: string; categorie: string }[];
}

/** Today in Paris, `YYYY-MM-DD` (the default dates of the forms). */
export function aujourdhuiParis(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
}

export function ajouterJoursIso(date: string, jours: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + jours);
  return d.toISOString().slice(0, 10);
}

/** Moves the focus to a panel's heading once it is shown (keyboard and screen-reader users land on it). */
export function focaliser(element: HTMLElement | null): void {
  if (element && document.activeElement !== element) {
    element.focus();
    element.scrollIntoView?.({ block: 'start' });
  }
}
