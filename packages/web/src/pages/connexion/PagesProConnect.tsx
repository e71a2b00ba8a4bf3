import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { appelerApi, definirJetonCsrf, ErreurApi } from '../../api/client';
import { CLE_MOI, useUtilisateur } from '../../api/session';
import { Titre } from '../../components/Titre';

/** French messages of the ProConnect refusal codes (server: modules/identite/proconnect-client.ts). */
export const MESSAGES_PROCONNECT: Record<string, string> = {
  etat_invalide:
    'La demande de connexion ProConnect est invalide ou a expiré. Recommencez la connexion depuis la page de connexion d’Exploc.',
  nonce_invalide:
    'La réponse de ProConnect ne correspond pas à votre demande de connexion. Recommencez la connexion.',
  jeton_invalide:
    'La réponse de ProConnect n’a pas pu être vérifiée (signature invalide). Recommencez la connexion.',
  connexion_annulee: 'La connexion avec ProConnect a été annulée ou refusée par le fournisseur d’identité.',
  proconnect_indisponible: 'ProConnect est momentanément indisponible. Réessayez dans quelques instants.',
  informations_manquantes:
    'ProConnect n’a pas transmis votre adresse électronique ou le SIRET de votre organisation.',
  organisation_inconnue:
    'Votre organisation (identifiée par son SIRET) n’est pas enregistrée dans Exploc. Aucun compte n’a été créé. Contactez l’administrateur Exploc de votre département.',
  organisation_differente:
    'Vous vous êtes connecté avec une autre organisation que celle de votre compte Exploc. Choisissez la bonne organisation dans ProConnect.',
  compte_inconnu:
    'Aucun compte Exploc ne correspond à votre adresse électronique dans votre organisation. Contactez l’administrateur Exploc de votre département.',
  compte_inactif:
    'Votre compte Exploc est désactivé. Contactez l’administrateur Exploc de votre département.',
  niveau_insuffisant:
    'Votre profil exige une authentification renforcée (par exemple une double authentification). Reconnectez-vous avec un moyen d’authentification plus fort.',
  liaison_rejetee:
    'L’accès à Exploc avec cette identité ProConnect a été refusé par l’administrateur de votre département.',
  liaison_existante:
    'Votre compte Exploc est déjà lié à une autre identité ProConnect. Contactez l’administrateur Exploc de votre département.',
};

export function PageProConnectAttente() {
  return (
    <div className={fr.cx('fr-my-7w')}>
      <Titre>Votre accès est en attente de validation</Titre>
      <p className={fr.cx('fr-text--lead')}>
        Votre identité ProConnect a bien été reconnue et rattachée à votre compte Exploc.
      </p>
      <p>
        Pour des raisons de sécurité, l’administrateur Exploc de votre département doit valider ce premier
        accès. Vous pourrez vous connecter avec ProConnect dès qu’il l’aura approuvé.
      </p>
      <Button linkProps={{ to: '/connexion' }} priority="secondary">
        Revenir à la page de connexion
      </Button>
    </div>
  );
}

export function PageProConnectErreur() {
  const [parametres] = useSearchParams();
  const code = parametres.get('code') ?? 'inconnu';
  const message =
    MESSAGES_PROCONNECT[code] ?? 'La connexion avec ProConnect a échoué. Recommencez la connexion.';
  return (
    <div className={fr.cx('fr-my-7w')}>
      <Titre>Connexion avec ProConnect impossible</Titre>
      <Alert
        severity="error"
        title="Votre connexion a été refusée"
        description={
          <>
            {message}
            <br />
            <span className={fr.cx('fr-text--sm')}>Code de l’erreur : {code}</span>
          </>
        }
        className={fr.cx('fr-mb-3w')}
      />
      <Button linkProps={{ to: '/connexion' }}>Revenir à la page de connexion</Button>
    </div>
  );
}

/**
 * Logout: the local session is destroyed, then, for a session opened with ProConnect, the browser goes to
 * ProConnect's logout (RP-initiated logout), which sends it back to the login page.
 */
export function PageDeconnexion() {
  const client = useQueryClient();
  const { data: utilisateur, isPending } = useUtilisateur();
  const [erreur, setErreur] = useState<string | null>(null);
  const lance = useRef(false);
  useEffect(() => {
    // Waits for the session (and its anti-CSRF token); without a session there is nothing to close.
    if (isPending || lance.current) return;
    lance.current = true;
    if (!utilisateur) {
      window.location.assign('/connexion');
      return;
    }
    const deconnecter = async () => {
      let redirection = '/connexion?deconnecte=1';
      try {
        const { donnees } = await appelerApi<{ redirection: string }>('/api/v1/auth/proconnect/deconnexion', {
          methode: 'POST',
        });
        redirection = donnees.redirection;
      } catch (e) {
        if (!(e instanceof ErreurApi) || e.statut === 0) {
          setErreur('La déconnexion a échoué : le serveur est injoignable.');
          return;
        }
        // ProConnect not configured (404) or already logged out (401): the local logout is enough.
        await appelerApi('/api/v1/session', { methode: 'DELETE' }).catch(() => undefined);
      }
      definirJetonCsrf(null);
      client.clear();
      client.setQueryData(CLE_MOI, null);
      window.location.assign(redirection);
    };
    void deconnecter();
  }, [client, isPending, utilisateur]);
  return (
    <div className={fr.cx('fr-my-7w')}>
      <Titre>Déconnexion</Titre>
      {erreur ? (
        <Alert severity="error" small description={erreur} />
      ) : (
        <p aria-live="polite">Déconnexion en cours…</p>
      )}
    </div>
  );
}
