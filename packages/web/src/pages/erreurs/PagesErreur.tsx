import { fr } from '@codegouvfr/react-dsfr';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Titre } from '../../components/Titre';

export function Page404() {
  return (
    <div className={fr.cx('fr-my-7w')}>
      <Titre>Page non trouvée</Titre>
      <p className={fr.cx('fr-text--sm', 'fr-mb-3w')}>Erreur 404</p>
      <p className={fr.cx('fr-text--lead', 'fr-mb-3w')}>
        La page que vous cherchez est introuvable. Excusez-nous pour la gêne occasionnée.
      </p>
      <p>Si vous avez tapé l’adresse web dans le navigateur, vérifiez qu’elle est correcte.</p>
      <Button linkProps={{ to: '/' }}>Page d’accueil</Button>
    </div>
  );
}

export function PageAccesRefuse() {
  return (
    <div className={fr.cx('fr-my-7w')}>
      <Titre>Accès refusé</Titre>
      <p className={fr.cx('fr-text--lead', 'fr-mb-3w')}>Votre profil ne donne pas accès à cette page.</p>
      <Button linkProps={{ to: '/' }}>Page d’accueil</Button>
    </div>
  );
}

export function PageErreur({ message }: { message?: string }) {
  return (
    <div className={fr.cx('fr-my-7w')}>
      <Titre>Erreur inattendue</Titre>
      <p className={fr.cx('fr-text--lead', 'fr-mb-3w')}>
        Désolé, le service rencontre un problème. Réessayez dans quelques instants.
      </p>
      {message ? <p className={fr.cx('fr-text--sm')}>Détail : {message}</p> : null}
      <Button onClick={() => window.location.reload()}>Recharger la page</Button>
    </div>
  );
}
