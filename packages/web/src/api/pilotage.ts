/** Shapes of the steering API as the web app reads them (server module `pilotage`). */
import type { CodeIndicateur } from '@exploc/domain/indicateurs/catalogue';
import type { NiveauTerritoire } from '@exploc/domain/indicateurs/territoire';
import { appelerApi, ErreurApi } from './client';

export interface ValeurTableau {
  code: CodeIndicateur;
  libelle: string;
  theme: string;
  unite: string;
  valeur: number | null;
  valeurPrecedente: number | null;
  evolution: number | null;
}

export type Valeurs = Partial<Record<CodeIndicateur, number | null>>;

export interface TableauDeBord {
  territoire: { code: string; niveau: NiveauTerritoire; libelle: string; departement: string | null };
  periode: { du: string; au: string };
  periodePrecedente: { du: string; au: string };
  filtres: { typeBailleur: string | null; parc: string | null };
  indicateurs: ValeurTableau[];
  indisponibles: { code: CodeIndicateur; libelle: string; raison: string }[];
  series: { mois: string[]; valeurs: Record<string, Valeurs> };
  sousTerritoires: {
    niveau: NiveauTerritoire;
    elements: { code: string; libelle: string; valeurs: Valeurs }[];
  } | null;
  enAttente: number;
}

export interface FiltresTableau {
  du: string;
  au: string;
  typeBailleur: string;
  parc: string;
}

export function requeteTableau(territoire: string, f: FiltresTableau): string {
  const p = new URLSearchParams({ territoire, du: f.du, au: f.au });
  if (f.typeBailleur) p.set('typeBailleur', f.typeBailleur);
  if (f.parc) p.set('parc', f.parc);
  return p.toString();
}

/**
 * Downloads a file of the API with its progress: bytes received, and a percentage when the server gives
 * the length. The browser's own download would show nothing while the server computes.
 */
export async function telecharger(
  chemin: string,
  surProgres: (octetsRecus: number, total: number | null) => void,
): Promise<void> {
  let reponse: Response;
  try {
    reponse = await fetch(chemin, { credentials: 'same-origin' });
  } catch {
    throw new ErreurApi(0, 'reseau', 'Le serveur est injoignable. Vérifiez votre connexion et réessayez.');
  }
  if (!reponse.ok) {
    const json = (await reponse.json().catch(() => undefined)) as
      | { erreur?: { code?: string; message?: string } }
      | undefined;
    throw new ErreurApi(
      reponse.status,
      json?.erreur?.code ?? 'erreur_inconnue',
      json?.erreur?.message ?? `Erreur ${reponse.status}`,
    );
  }
  const longueur = Number(reponse.headers.get('content-length') ?? '') || null;
  const morceaux: Uint8Array[] = [];
  let recus = 0;
  const lecteur = reponse.body?.getReader();
  if (lecteur) {
    for (;;) {
      const { done, value } = await lecteur.read();
      if (done) break;
      morceaux.push(value);
      recus += value.length;
      surProgres(recus, longueur);
    }
  }
  const nom =
    /filename="([^"]+)"/.exec(reponse.headers.get('content-disposition') ?? '')?.[1] ?? 'export-exploc';
  const url = URL.createObjectURL(
    new Blob(morceaux as BlobPart[], { type: reponse.headers.get('content-type') ?? '' }),
  );
  const lien = document.createElement('a');
  lien.href = url;
  lien.download = nom;
  document.body.append(lien);
  lien.click();
  lien.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function lireTableau(territoire: string, f: FiltresTableau): Promise<TableauDeBord> {
  return (
    await appelerApi<TableauDeBord>(`/api/v1/pilotage/tableau-de-bord?${requeteTableau(territoire, f)}`)
  ).donnees;
}
