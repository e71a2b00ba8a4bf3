import { Titre } from '../../components/Titre';

export function PageDonneesPersonnelles() {
  return (
    <>
      <Titre>Données personnelles</Titre>
      <p>
        Exploc met en œuvre le traitement de données à caractère personnel relatif à la prévention des
        expulsions locatives et à la gestion des procédures (décret n° 2025-348). Il a pour finalités de
        prévenir les expulsions, de suivre les procédures, d’instruire les demandes de concours de la force
        publique et d’indemniser les bailleurs en cas de refus, et d’établir des statistiques.
      </p>
      <h2>Qui peut accéder aux données</h2>
      <p>
        Seuls les agents et partenaires désignés y accèdent, dans la limite de leurs attributions et de leur
        territoire (besoin d’en connaître). Les forces de l’ordre ne voient aucune donnée sociale ; les
        bailleurs ne voient que leurs propres dossiers ; le pilotage national ne voit que des données
        agrégées.
      </p>
      <h2>Traçabilité</h2>
      <p>
        Chaque consultation, modification, export et téléchargement est enregistré dans un journal protégé
        contre la modification, conformément à la recommandation de la CNIL relative à la journalisation.
      </p>
      <h2>Vos droits</h2>
      <p>
        Les personnes concernées disposent d’un droit d’accès et de rectification auprès de la préfecture de
        leur département. Elles peuvent adresser une réclamation à la CNIL.
      </p>
    </>
  );
}
