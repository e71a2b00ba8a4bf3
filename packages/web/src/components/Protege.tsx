import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useUtilisateur } from '../api/session';
import { Chargement } from './Chargement';

/** Pages that need a session: redirect to the login page, then back. */
export function Protege({ children, profils }: { children: ReactNode; profils?: readonly string[] }) {
  const { data: utilisateur, isPending } = useUtilisateur();
  const location = useLocation();
  if (isPending) return <Chargement />;
  if (!utilisateur) {
    return (
      <Navigate to={`/connexion?retour=${encodeURIComponent(location.pathname + location.search)}`} replace />
    );
  }
  if (profils && !profils.includes(utilisateur.profil)) return <Navigate to="/acces-refuse" replace />;
  return <>{children}</>;
}
