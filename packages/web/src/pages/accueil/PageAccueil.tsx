import { fr } from '@codegouvfr/react-dsfr';
import { Card } from '@codegouvfr/react-dsfr/Card';
import { useUtilisateur } from '../../api/session';
import { Chargement } from '../../components/Chargement';
import { libellePerimetre } from '../../components/navigation';
import { Titre } from '../../components/Titre';
import { capacitesDe } from './capacites';

export function PageAccueil() {
  const { data: utilisateur } = useUtilisateur();
  if (!utilisateur) return <Chargement />;
  const capacites = capacitesDe(
    utilisateur.profil,
    utilisateur.permissions.map((p) => p.code),
  );
  return (
    <>
      <Titre sousTitre={`${utilisateur.libelleProfil} — ${utilisateur.organisation.nom}`}>
        {`Bonjour ${utilisateur.prenom} ${utilisateur.nom}`}
      </Titre>
      <section aria-labelledby="titre-perimetre" className={fr.cx('fr-mb-4w')}>
        <h2 id="titre-perimetre">Votre périmètre</h2>
        <p>
          Vous voyez les données de : <strong>{libellePerimetre(utilisateur)}</strong>.
          {utilisateur.perimetre.type === 'agrege'
            ? ' Votre profil donne accès aux seuls indicateurs agrégés : aucune personne n’y est nommée.'
            : ' Tout ce qui sort de ce périmètre vous est invisible.'}
        </p>
      </section>
      <section aria-labelledby="titre-droits" className={fr.cx('fr-mb-4w')}>
        <h2 id="titre-droits">Vos droits</h2>
        {utilisateur.permissions.length > 0 ? (
          <ul>
            {utilisateur.permissions.map((p) => (
              <li key={p.code}>{p.libelle}</li>
            ))}
          </ul>
        ) : (
          <p>Votre profil n’ouvre aucun droit sur les dossiers.</p>
        )}
      </section>
      <section aria-labelledby="titre-capacites">
        <h2 id="titre-capacites">Accès rapides</h2>
        <ul
          className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}
          style={{ listStyle: 'none', padding: 0 }}
        >
          {capacites.map((c) => (
            <li key={c.titre} className={fr.cx('fr-col-12', 'fr-col-md-4')}>
              <Card
                title={c.titre}
                desc={c.description}
                linkProps={{ to: c.lien }}
                enlargeLink
                titleAs="h3"
                size="small"
              />
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
