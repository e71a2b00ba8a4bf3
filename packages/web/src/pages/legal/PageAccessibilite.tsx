import { Titre } from '../../components/Titre';

export function PageAccessibilite() {
  return (
    <>
      <Titre>Déclaration d’accessibilité</Titre>
      <p>
        Les services de l’État qui déploient Exploc s’engagent à rendre leurs services numériques accessibles,
        conformément à l’article 47 de la loi n° 2005-102 du 11 février 2005.
      </p>
      <h2>État de conformité</h2>
      <p>
        Exploc est <strong>partiellement conforme</strong> avec le référentiel général d’amélioration de
        l’accessibilité (RGAA), version 4.1 : aucun audit complet n’a encore été réalisé. Chaque page est
        vérifiée automatiquement (axe-core) dans les tests de l’application ; aucune anomalie grave ou
        critique n’y est tolérée.
      </p>
      <h2>Établissement de cette déclaration</h2>
      <p>Technologies utilisées : HTML5, CSS, JavaScript (React), Système de design de l’État (DSFR).</p>
      <p>
        Tests automatisés : axe-core dans Chromium sur chaque page visitée par les tests de bout en bout.
        Chaque graphique est accompagné de son tableau de données.
      </p>
      <h2>Retour d’information et contact</h2>
      <p>
        Si vous n’arrivez pas à accéder à un contenu ou à un service, contactez le service qui vous a ouvert
        votre compte (votre préfecture) pour être orienté vers une alternative accessible.
      </p>
      <h2>Voies de recours</h2>
      <p>
        Si vous avez signalé un défaut d’accessibilité sans obtenir de réponse satisfaisante, vous pouvez
        écrire au Défenseur des droits, contacter son délégué dans votre région, ou lui écrire par courrier
        (gratuit, sans timbre) : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.
      </p>
    </>
  );
}
