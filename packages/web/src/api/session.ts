import { useQuery, useQueryClient } from '@tanstack/react-query';
import { appelerApi, definirJetonCsrf, ErreurApi } from './client';

export interface Utilisateur {
  id: string;
  nom: string;
  prenom: string;
  email: string;
  profil: string;
  libelleProfil: string;
  organisation: { id: string; type: string; nom: string };
  perimetre: { type: string; departements: string[]; arrondissements: string[]; commissionId: string | null };
  compteDemo: boolean;
  permissions: { code: string; libelle: string }[];
}

interface ReponseMoi {
  utilisateur: Utilisateur;
  csrfToken: string;
}

export const CLE_MOI = ['moi'] as const;

/** The logged-in user's query (null: nobody), shared by the hook and the preload at boot (Routes.tsx). */
export const requeteUtilisateur = {
  queryKey: CLE_MOI,
  queryFn: async (): Promise<Utilisateur | null> => {
    try {
      const { donnees } = await appelerApi<ReponseMoi>('/api/v1/moi');
      definirJetonCsrf(donnees.csrfToken);
      return donnees.utilisateur;
    } catch (e) {
      if (e instanceof ErreurApi && e.statut === 401) {
        definirJetonCsrf(null);
        return null;
      }
      throw e;
    }
  },
  staleTime: 60_000,
};

/** The logged-in user, or null. */
export function useUtilisateur() {
  return useQuery(requeteUtilisateur);
}

export function useConnexion() {
  const client = useQueryClient();
  return async (email: string, motDePasse: string) => {
    const { donnees } = await appelerApi<ReponseMoi>('/api/v1/session', {
      methode: 'POST',
      corps: { email, motDePasse },
    });
    definirJetonCsrf(donnees.csrfToken);
    client.setQueryData(CLE_MOI, donnees.utilisateur);
    return donnees.utilisateur;
  };
}

export function useDeconnexion() {
  const client = useQueryClient();
  return async () => {
    await appelerApi('/api/v1/session', { methode: 'DELETE' }).catch(() => undefined);
    definirJetonCsrf(null);
    client.clear();
    client.setQueryData(CLE_MOI, null);
  };
}

export interface ConfigurationPublique {
  demo: boolean;
  /** Partner sandbox instance (exploc serve --bac-a-sable). */
  bacASable?: boolean;
  proconnect: boolean;
  comptesDemo: { email: string; libelleProfil: string; perimetre: string }[];
}

export const requeteConfiguration = {
  queryKey: ['configuration'],
  queryFn: async () => (await appelerApi<ConfigurationPublique>('/api/v1/configuration')).donnees,
  staleTime: Number.POSITIVE_INFINITY,
};

export function useConfiguration() {
  return useQuery(requeteConfiguration);
}
