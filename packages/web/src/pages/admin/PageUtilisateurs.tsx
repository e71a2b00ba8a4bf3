import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { Table } from '@codegouvfr/react-dsfr/Table';
import {
  LIBELLES_PROFILS,
  PROFILS,
  type Profil,
  TYPES_ORGANISATION_PAR_PROFIL,
  type TypeOrganisation,
} from '@exploc/domain/acces/profils';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { appelerApi, ErreurApi, lire } from '../../api/client';
import { Chargement } from '../../components/Chargement';
import { Titre } from '../../components/Titre';
import { SectionLiaisonsProConnect } from './PageLiaisonsProConnect';
import type { Organisation } from './PageOrganisations';

interface Compte {
  id: string;
  email: string;
  nom: string;
  prenom: string;
  profil: Profil;
  organisation: { id: string; nom: string; type: string };
  arrondissements: string[];
  actif: boolean;
  version: number;
  derniereConnexion: string | null;
}

const PROFILS_ADMINISTRABLES = PROFILS.filter(
  (p) => p !== 'pilotage_national' && p !== 'caf' && p !== 'banque_de_france',
);

export function PageUtilisateurs() {
  const client = useQueryClient();
  const comptes = useQuery({
    queryKey: ['admin', 'utilisateurs'],
    queryFn: () => lire<{ elements: Compte[] }>('/api/v1/admin/utilisateurs'),
  });
  const organisations = useQuery({
    queryKey: ['admin', 'organisations'],
    queryFn: () => lire<{ elements: Organisation[] }>('/api/v1/admin/organisations'),
  });
  const [message, setMessage] = useState<{ type: 'success' | 'error'; texte: string } | null>(null);

  const basculer = useMutation({
    mutationFn: (c: Compte) =>
      appelerApi(`/api/v1/admin/utilisateurs/${c.id}`, {
        methode: 'PATCH',
        corps: { actif: !c.actif },
        entetes: { 'if-match': `"${c.version}"` },
      }),
    onSuccess: (_r, c) => {
      setMessage({
        type: 'success',
        texte: `Le compte ${c.email} est ${c.actif ? 'désactivé' : 'réactivé'}.`,
      });
      void client.invalidateQueries({ queryKey: ['admin', 'utilisateurs'] });
    },
    onError: (e) =>
      setMessage({ type: 'error', texte: e instanceof ErreurApi ? e.message : 'Échec de la modification.' }),
  });

  return (
    <>
      <Titre sousTitre="Les comptes des agents et partenaires de votre département.">Comptes</Titre>
      {message ? (
        <Alert
          severity={message.type}
          small
          description={message.texte}
          closable
          onClose={() => setMessage(null)}
          className={fr.cx('fr-mb-3w')}
        />
      ) : null}
      <FormulaireCompte
        organisations={organisations.data?.elements ?? []}
        surCreation={(email) => {
          setMessage({ type: 'success', texte: `Le compte ${email} a été créé.` });
          void client.invalidateQueries({ queryKey: ['admin', 'utilisateurs'] });
        }}
      />
      <SectionLiaisonsProConnect />
      <h2 className={fr.cx('fr-mt-6w')}>Comptes du département</h2>
      {comptes.isPending ? (
        <Chargement />
      ) : comptes.isError ? (
        <Alert severity="error" small description="Impossible de charger les comptes." />
      ) : (
        <Table
          caption="Comptes du département"
          noCaption
          fixed
          headers={['Nom', 'Adresse électronique', 'Profil', 'Organisation', 'État', 'Action']}
          data={comptes.data.elements.map((c) => [
            `${c.prenom} ${c.nom}`,
            c.email,
            LIBELLES_PROFILS[c.profil] ?? c.profil,
            c.organisation.nom,
            c.actif ? 'Actif' : 'Désactivé',
            <Button
              key={c.id}
              size="small"
              priority="secondary"
              onClick={() => basculer.mutate(c)}
              disabled={basculer.isPending}
            >
              {c.actif ? 'Désactiver' : 'Réactiver'}
              <span className={fr.cx('fr-sr-only')}>
                {' '}
                le compte de {c.prenom} {c.nom}
              </span>
            </Button>,
          ])}
        />
      )}
    </>
  );
}

function FormulaireCompte({
  organisations,
  surCreation,
}: {
  organisations: Organisation[];
  surCreation: (email: string) => void;
}) {
  const [champs, setChamps] = useState({
    email: '',
    nom: '',
    prenom: '',
    profil: '' as Profil | '',
    organisationId: '',
  });
  const [erreurs, setErreurs] = useState<Record<string, string>>({});
  const [erreurGlobale, setErreurGlobale] = useState<string | null>(null);
  const organisationsCompatibles = organisations.filter(
    (o) =>
      o.actif &&
      (!champs.profil || TYPES_ORGANISATION_PAR_PROFIL[champs.profil].includes(o.type as TypeOrganisation)),
  );

  const soumettre = async (e: FormEvent) => {
    e.preventDefault();
    setErreurs({});
    setErreurGlobale(null);
    try {
      await appelerApi('/api/v1/admin/utilisateurs', { methode: 'POST', corps: champs });
      surCreation(champs.email);
      setChamps({ email: '', nom: '', prenom: '', profil: '', organisationId: '' });
    } catch (err) {
      if (err instanceof ErreurApi && err.details.length > 0) {
        setErreurs(Object.fromEntries(err.details.map((d) => [d.chemin, d.message])));
      } else {
        setErreurGlobale(err instanceof ErreurApi ? err.message : 'La création a échoué.');
      }
    }
  };
  const etat = (champ: string) =>
    erreurs[champ] ? { state: 'error' as const, stateRelatedMessage: erreurs[champ] } : {};

  return (
    <form onSubmit={soumettre} noValidate aria-labelledby="titre-nouveau-compte">
      <h2 id="titre-nouveau-compte">Créer un compte</h2>
      {erreurGlobale ? (
        <Alert severity="error" small description={erreurGlobale} className={fr.cx('fr-mb-2w')} />
      ) : null}
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
        <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
          <Input
            label="Adresse électronique"
            {...etat('email')}
            nativeInputProps={{
              type: 'email',
              value: champs.email,
              onChange: (e) => setChamps({ ...champs, email: e.target.value }),
            }}
          />
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
          <Input
            label="Prénom"
            {...etat('prenom')}
            nativeInputProps={{
              value: champs.prenom,
              onChange: (e) => setChamps({ ...champs, prenom: e.target.value }),
            }}
          />
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
          <Input
            label="Nom"
            {...etat('nom')}
            nativeInputProps={{
              value: champs.nom,
              onChange: (e) => setChamps({ ...champs, nom: e.target.value }),
            }}
          />
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
          <Select
            label="Profil"
            {...etat('profil')}
            nativeSelectProps={{
              value: champs.profil,
              onChange: (e) => setChamps({ ...champs, profil: e.target.value as Profil, organisationId: '' }),
            }}
          >
            <option value="" disabled>
              Choisir un profil
            </option>
            {PROFILS_ADMINISTRABLES.map((p) => (
              <option key={p} value={p}>
                {LIBELLES_PROFILS[p]}
              </option>
            ))}
          </Select>
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
          <Select
            label="Organisation"
            hint="Seules les organisations compatibles avec le profil sont proposées."
            {...etat('organisationId')}
            nativeSelectProps={{
              value: champs.organisationId,
              onChange: (e) => setChamps({ ...champs, organisationId: e.target.value }),
            }}
          >
            <option value="" disabled>
              Choisir une organisation
            </option>
            {organisationsCompatibles.map((o) => (
              <option key={o.id} value={o.id}>
                {o.nom}
              </option>
            ))}
          </Select>
        </div>
      </div>
      <Button type="submit">Créer le compte</Button>
    </form>
  );
}
