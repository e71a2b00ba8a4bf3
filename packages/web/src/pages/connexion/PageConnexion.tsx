import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { PasswordInput } from '@codegouvfr/react-dsfr/blocks/PasswordInput';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { ProConnectButton } from '@codegouvfr/react-dsfr/ProConnectButton';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { type FormEvent, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ErreurApi } from '../../api/client';
import { useConfiguration, useConnexion, useUtilisateur } from '../../api/session';
import { Titre } from '../../components/Titre';

function retourSur(parametre: string | null): string {
  // Only local paths: never an open redirect.
  return parametre?.startsWith('/') && !parametre.startsWith('//') ? parametre : '/';
}

export function PageConnexion() {
  const { data: utilisateur } = useUtilisateur();
  const { data: configuration } = useConfiguration();
  const connecter = useConnexion();
  const naviguer = useNavigate();
  const [parametres] = useSearchParams();
  const [email, setEmail] = useState('');
  const [motDePasse, setMotDePasse] = useState('');
  const [erreur, setErreur] = useState<string | null>(null);
  const [enCours, setEnCours] = useState(false);

  if (utilisateur) return <Navigate to={retourSur(parametres.get('retour'))} replace />;

  const soumettre = async (e: FormEvent) => {
    e.preventDefault();
    setErreur(null);
    setEnCours(true);
    try {
      await connecter(email, motDePasse);
      naviguer(retourSur(parametres.get('retour')), { replace: true });
    } catch (err) {
      setErreur(err instanceof ErreurApi ? err.message : 'La connexion a échoué.');
    } finally {
      setEnCours(false);
    }
  };

  return (
    <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
      <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
        <Titre>Connexion à Exploc</Titre>
        {parametres.get('deconnecte') === '1' ? (
          <Alert severity="success" small description="Vous êtes déconnecté." className={fr.cx('fr-mb-3w')} />
        ) : null}
        {configuration?.proconnect ? (
          <>
            <ProConnectButton url="/api/v1/auth/proconnect/connexion" />
            <p className={fr.cx('fr-hr-or')}>ou</p>
          </>
        ) : null}
        {erreur ? (
          <Alert
            severity="error"
            title="Connexion impossible"
            description={erreur}
            className={fr.cx('fr-mb-3w')}
          />
        ) : null}
        <form onSubmit={soumettre} noValidate>
          <fieldset className={fr.cx('fr-fieldset')}>
            <legend className={fr.cx('fr-fieldset__legend')}>Avec un compte local</legend>
            <div className={fr.cx('fr-fieldset__element')}>
              <Input
                label="Adresse électronique"
                hintText="Format attendu : nom@domaine.fr"
                nativeInputProps={{
                  type: 'email',
                  name: 'email',
                  autoComplete: 'username',
                  required: true,
                  value: email,
                  onChange: (e) => setEmail(e.target.value),
                }}
              />
            </div>
            <div className={fr.cx('fr-fieldset__element')}>
              <PasswordInput
                label="Mot de passe"
                nativeInputProps={{
                  name: 'motDePasse',
                  autoComplete: 'current-password',
                  required: true,
                  value: motDePasse,
                  onChange: (e) => setMotDePasse(e.target.value),
                }}
              />
            </div>
            <div className={fr.cx('fr-fieldset__element')}>
              <Button type="submit" disabled={enCours}>
                {enCours ? 'Connexion…' : 'Se connecter'}
              </Button>
            </div>
          </fieldset>
        </form>
      </div>
      {configuration?.demo && configuration.comptesDemo.length > 0 ? (
        <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
          <h2>Comptes de démonstration</h2>
          <p>
            Mot de passe : <strong>demo</strong> pour tous les comptes.
          </p>
          <Table
            caption="Comptes de démonstration"
            noCaption
            headers={['Adresse électronique', 'Profil', 'Périmètre']}
            data={configuration.comptesDemo.map((c) => [
              <button
                key={c.email}
                type="button"
                className={fr.cx('fr-link')}
                onClick={() => {
                  setEmail(c.email);
                  setMotDePasse('demo');
                }}
                aria-label={`Remplir le formulaire avec ${c.email}`}
              >
                {c.email}
              </button>,
              c.libelleProfil,
              c.perimetre,
            ])}
          />
        </div>
      ) : null}
    </div>
  );
}
