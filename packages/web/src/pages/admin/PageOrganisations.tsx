import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { Table } from '@codegouvfr/react-dsfr/Table';
import {
  LIBELLES_TYPES_ORGANISATION,
  TYPES_ORGANISATION,
  type TypeOrganisation,
} from '@exploc/domain/acces/profils';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { appelerApi, ErreurApi, lire } from '../../api/client';
import { Chargement } from '../../components/Chargement';
import { Titre } from '../../components/Titre';

export interface Organisation {
  id: string;
  type: string;
  nom: string;
  siret: string | null;
  departementCode: string | null;
  arrondissements: string[];
  actif: boolean;
  version: number;
}

export function PageOrganisations() {
  const client = useQueryClient();
  const organisations = useQuery({
    queryKey: ['admin', 'organisations'],
    queryFn: () => lire<{ elements: Organisation[] }>('/api/v1/admin/organisations'),
  });
  const [message, setMessage] = useState<{ type: 'success' | 'error'; texte: string } | null>(null);
  const [champs, setChamps] = useState({ type: '' as TypeOrganisation | '', nom: '', siret: '' });
  const [erreurs, setErreurs] = useState<Record<string, string>>({});

  const basculer = useMutation({
    mutationFn: (o: Organisation) =>
      appelerApi(`/api/v1/admin/organisations/${o.id}`, {
        methode: 'PATCH',
        corps: { actif: !o.actif },
        entetes: { 'if-match': `"${o.version}"` },
      }),
    onSuccess: (_r, o) => {
      setMessage({ type: 'success', texte: `${o.nom} est ${o.actif ? 'désactivée' : 'réactivée'}.` });
      void client.invalidateQueries({ queryKey: ['admin'] });
    },
    onError: (e) =>
      setMessage({ type: 'error', texte: e instanceof ErreurApi ? e.message : 'Échec de la modification.' }),
  });

  const soumettre = async (e: FormEvent) => {
    e.preventDefault();
    setErreurs({});
    try {
      await appelerApi('/api/v1/admin/organisations', {
        methode: 'POST',
        corps: { type: champs.type, nom: champs.nom, ...(champs.siret ? { siret: champs.siret } : {}) },
      });
      setMessage({ type: 'success', texte: `${champs.nom} a été créée.` });
      setChamps({ type: '', nom: '', siret: '' });
      void client.invalidateQueries({ queryKey: ['admin', 'organisations'] });
    } catch (err) {
      if (err instanceof ErreurApi && err.details.length > 0) {
        setErreurs(Object.fromEntries(err.details.map((d) => [d.chemin, d.message])));
      } else {
        setMessage({
          type: 'error',
          texte: err instanceof ErreurApi ? err.message : 'La création a échoué.',
        });
      }
    }
  };
  const etat = (champ: string) =>
    erreurs[champ] ? { state: 'error' as const, stateRelatedMessage: erreurs[champ] } : {};

  return (
    <>
      <Titre sousTitre="Les services de l’État et les partenaires de votre département.">Organisations</Titre>
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
      <form onSubmit={soumettre} noValidate aria-labelledby="titre-nouvelle-organisation">
        <h2 id="titre-nouvelle-organisation">Créer une organisation</h2>
        <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
          <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
            <Select
              label="Type"
              {...etat('type')}
              nativeSelectProps={{
                value: champs.type,
                onChange: (e) => setChamps({ ...champs, type: e.target.value as TypeOrganisation }),
              }}
            >
              <option value="" disabled>
                Choisir un type
              </option>
              {TYPES_ORGANISATION.filter((t) => t !== 'administration_centrale').map((t) => (
                <option key={t} value={t}>
                  {LIBELLES_TYPES_ORGANISATION[t]}
                </option>
              ))}
            </Select>
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
          <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
            <Input
              label="SIRET (facultatif)"
              hintText="14 chiffres"
              {...etat('siret')}
              nativeInputProps={{
                inputMode: 'numeric',
                value: champs.siret,
                onChange: (e) => setChamps({ ...champs, siret: e.target.value }),
              }}
            />
          </div>
        </div>
        <Button type="submit">Créer l’organisation</Button>
      </form>
      <h2 className={fr.cx('fr-mt-6w')}>Organisations du département</h2>
      {organisations.isPending ? (
        <Chargement />
      ) : organisations.isError ? (
        <Alert severity="error" small description="Impossible de charger les organisations." />
      ) : (
        <Table
          caption="Organisations du département"
          noCaption
          fixed
          headers={['Nom', 'Type', 'SIRET', 'État', 'Action']}
          data={organisations.data.elements.map((o) => [
            o.nom,
            LIBELLES_TYPES_ORGANISATION[o.type as TypeOrganisation] ?? o.type,
            o.siret ?? '—',
            o.actif ? 'Active' : 'Désactivée',
            <Button
              key={o.id}
              size="small"
              priority="secondary"
              onClick={() => basculer.mutate(o)}
              disabled={basculer.isPending}
            >
              {o.actif ? 'Désactiver' : 'Réactiver'}
              <span className={fr.cx('fr-sr-only')}> {o.nom}</span>
            </Button>,
          ])}
        />
      )}
    </>
  );
}
