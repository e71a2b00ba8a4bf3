/** CCAPEX séances as the API returns them (/api/v1/ccapex/seances…, /api/v1/ccapex/membre/seances…). */
import { appelerApi, ErreurApi } from '../../api/client';

export interface CommissionAccessible {
  id: string;
  nom: string;
  type: string;
  departementCode: string;
  parentId: string | null;
  actif: boolean;
}

export interface SeanceResume {
  id: string;
  commission: { id: string; nom: string };
  debut: string;
  debutLocal: string;
  lieu: string;
  statut: string;
  invitationsEnvoyeesLe: string | null;
  pvDisponible: boolean;
  nbDossiers: number;
  nbExamines: number;
  version: number;
}

export interface RecommandationSeance {
  id: string;
  destinataireType: string;
  destinataireOrganisationId: string | null;
  destinataireOrganisation: string | null;
  destinataireLibelle: string;
  contenu: string;
  echeance: string | null;
  notifieeLe: string | null;
  suivi: string;
}

export interface ExamenSeance {
  examenId: string;
  dossier: { id: string; numero: string; nomPrincipal: string | null; phase: string };
  rang: number;
  avis: string | null;
  decisionApl: 'maintien' | 'suspension' | null;
  examineLe: string | null;
  version: number;
  recommandations: RecommandationSeance[];
}

export interface Seance {
  id: string;
  commission: { id: string; nom: string; type: string };
  departementCode: string;
  debut: string;
  debutLocal: string;
  lieu: string;
  statut: 'planifiee' | 'tenue' | 'close' | 'annulee';
  invitationsEnvoyeesLe: string | null;
  pv: { genereLe: string | null } | null;
  clotureeLe: string | null;
  annuleeLe: string | null;
  motifAnnulation: string | null;
  invites: { nom: string; organisation: string }[];
  membres: {
    organisationId: string;
    nom: string;
    categorie: string;
    voix: string;
    coPresidence: boolean;
    secretariat: boolean;
  }[];
  ordreDuJour: ExamenSeance[];
  version: number;
}

export interface DossierPret {
  id: string;
  numero: string;
  nomPrincipal: string | null;
  phase: string;
  origine: string;
  nature: string;
  accepteeLe: string;
}

/** `2026-12-03T14:00` → « 03/12/2026 à 14 h 00 » (already in the département's local time). */
export function formaterDebut(local: string): string {
  const [jour = '', heure = ''] = local.split('T');
  const [a, m, j] = jour.split('-');
  return `${j}/${m}/${a} à ${heure.replace(':', ' h ')}`;
}

export type Message = { type: 'success' | 'error'; texte: string } | null;

/** One write; returns a message for an Alert (the API's French message on failure). */
export async function ecrire(
  chemin: string,
  o: { methode: string; corps?: unknown; version?: number },
  succes: string,
): Promise<Message> {
  try {
    await appelerApi(chemin, {
      methode: o.methode,
      corps: o.corps,
      entetes: o.version === undefined ? {} : { 'if-match': `"${o.version}"` },
    });
    return { type: 'success', texte: succes };
  } catch (e) {
    if (!(e instanceof ErreurApi)) throw e;
    const details = e.details.map((d) => d.message).join(' ; ');
    return { type: 'error', texte: details ? `${e.message} (${details})` : e.message };
  }
}
