import { Titre } from '../../components/Titre';

export function PageMentionsLegales() {
  return (
    <>
      <Titre>Mentions légales</Titre>
      <h2>Éditeur</h2>
      <p>
        Exploc est un logiciel libre. Chaque instance est éditée par le service de l’État qui la déploie
        (ministère de l’Intérieur, préfecture), désigné dans la configuration de l’instance.
      </p>
      <h2>Directeur de la publication</h2>
      <p>Le responsable du service qui déploie l’instance.</p>
      <h2>Hébergement</h2>
      <p>
        L’instance est hébergée sur une infrastructure qualifiée choisie par l’éditeur, sur le territoire
        français.
      </p>
      <h2>Code source</h2>
      <p>Le code source d’Exploc est publié sous licence libre (EUPL 1.2).</p>
    </>
  );
}
