import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Navigate } from 'react-router';
import { useUtilisateur } from '../../api/session';
import { Chargement } from '../../components/Chargement';
import { Titre } from '../../components/Titre';
import { cheminTableau } from './liens';

/** /pilotage opens the dashboard of the user's territory: France, its département or its arrondissement. */
export function PagePilotage() {
  const { data: u } = useUtilisateur();
  if (!u) return <Chargement />;
  const p = u.perimetre;
  const cible =
    p.type === 'agrege'
      ? cheminTableau('france', null)
      : p.type === 'departements' && p.departements[0]
        ? cheminTableau('departement', p.departements[0])
        : p.type === 'arrondissements' && p.arrondissements[0]
          ? cheminTableau('arrondissement', p.arrondissements[0])
          : null;
  if (cible && u.permissions.some((x) => x.code === 'pilotage.lire')) return <Navigate to={cible} replace />;
  return (
    <>
      <Titre>Pilotage</Titre>
      <Alert
        severity="info"
        title="Pas de tableau de bord pour votre profil"
        description="Les indicateurs de pilotage sont ouverts aux services de l’État de votre territoire et au pilotage national."
      />
    </>
  );
}
