import { type DetailErreur, ErreurApi } from '../../api/client';

/** The landlords' module as the API returns it (docs/api/bailleurs.md). */
export interface AccuseSaisine {
  id: string;
  recuLe: string;
  commission: { id: string; nom: string };
  departement: string;
  assignationPossibleAPartirDu: string;
}

export interface SaisineBailleur extends AccuseSaisine {
  statut: 'a_trier' | 'acceptee' | 'rejetee';
  motifRejet: string | null;
  locataire: string | null;
  adresse: { ligne: string; codePostal: string; codeInsee: string } | null;
  detteMontant: number | null;
  dossier: { id: string; numero: string } | null;
}

export interface AvancementImport {
  id: string;
  nomFichier: string;
  total: number;
  traitees: number;
  valides: number;
  rejetees: number;
  termine: boolean;
  creeLe: string;
}

export interface LigneRapport {
  ligne: number;
  statut: 'valide' | 'rejetee';
  saisineId: string | null;
  erreurs: { colonne: string; message: string }[];
}

export interface VueReclamation {
  id: string;
  origine: 'bailleur' | 'agent';
  recueLe: string;
  periodeDu: string;
  periodeAu: string;
  montantLoyers: number;
  montantCharges: number;
  montantAutres: number;
  libelleAutres: string | null;
  montantTotal: number;
  observations: string | null;
  justificatifs: { id: string; nom: string; type: string; taille: number }[];
  rejetImpliciteLe: string;
  accuseReception: string;
}

export interface EtatReclamation {
  reclamation: VueReclamation | null;
  responsabiliteEtatDepuis: string | null;
  possible: boolean;
}

/** The session's CSRF token (GET /api/v1/moi; read each time, so a new login is never sent a stale one). */
async function csrf(): Promise<string | null> {
  const r = await fetch('/api/v1/moi', {
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
  });
  if (!r.ok) return null;
  return ((await r.json()) as { csrfToken?: string }).csrfToken ?? null;
}

/** Multipart POST that keeps the API's field-level details (the shared helper drops them). */
export async function envoyerMultipart<T>(chemin: string, formulaire: FormData): Promise<T> {
  const t = await csrf();
  const reponse = await fetch(chemin, {
    method: 'POST',
    body: formulaire,
    credentials: 'same-origin',
    headers: { accept: 'application/json', ...(t ? { 'x-csrf-token': t } : {}) },
  }).catch(() => {
    throw new ErreurApi(0, 'reseau', 'Le serveur est injoignable.');
  });
  const json = (await reponse.json().catch(() => undefined)) as
    | { erreur?: { code?: string; message?: string; details?: DetailErreur[] } }
    | undefined;
  if (!reponse.ok) {
    throw new ErreurApi(
      reponse.status,
      json?.erreur?.code ?? 'erreur_inconnue',
      json?.erreur?.message ?? `Erreur ${reponse.status}`,
      json?.erreur?.details ?? [],
    );
  }
  return json as T;
}

export const LIBELLES_DEMARCHES: Record<string, string> = {
  relance_amiable: 'Relance amiable du locataire',
  plan_apurement_propose: 'Plan d’apurement proposé',
  caf_informee: 'CAF ou MSA informée de l’impayé',
  fsl_sollicite: 'Fonds de solidarité pour le logement sollicité',
  rencontre_menage: 'Rencontre avec le ménage',
  autre: 'Autre démarche',
};

export const LIBELLES_STATUT: Record<SaisineBailleur['statut'], string> = {
  a_trier: 'À trier par la commission',
  acceptee: 'Acceptée',
  rejetee: 'Rejetée',
};
