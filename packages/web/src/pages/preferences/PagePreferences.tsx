import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { appelerApi, ErreurApi, lire } from '../../api/client';
import { Chargement } from '../../components/Chargement';
import { Titre } from '../../components/Titre';

interface Preferences {
  resumeQuotidien: boolean;
  horizonJours: number;
}

export function PagePreferences() {
  const prefs = useQuery({
    queryKey: ['preferences'],
    queryFn: () => lire<Preferences>('/api/v1/preferences/notifications'),
  });
  const [valeurs, setValeurs] = useState<Preferences | null>(null);
  const [message, setMessage] = useState<{ type: 'success' | 'error'; texte: string } | null>(null);
  useEffect(() => {
    if (prefs.data) setValeurs(prefs.data);
  }, [prefs.data]);
  if (!valeurs) return <Chargement />;
  const enregistrer = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await appelerApi('/api/v1/preferences/notifications', { methode: 'PUT', corps: valeurs });
      setMessage({ type: 'success', texte: 'Vos préférences sont enregistrées.' });
    } catch (err) {
      setMessage({
        type: 'error',
        texte: err instanceof ErreurApi ? err.message : 'Échec de l’enregistrement.',
      });
    }
  };
  return (
    <>
      <Titre>Mes préférences</Titre>
      {message ? (
        <Alert severity={message.type} small description={message.texte} className={fr.cx('fr-mb-3w')} />
      ) : null}
      <form onSubmit={enregistrer} style={{ maxWidth: '40rem' }}>
        <Checkbox
          legend="Notifications"
          options={[
            {
              label: 'Recevoir chaque matin ouvré un résumé de mes dossiers à traiter',
              hintText: 'Numéros de dossier et liens seulement : aucun nom ne quitte Exploc par courriel.',
              nativeInputProps: {
                checked: valeurs.resumeQuotidien,
                onChange: (e) => setValeurs({ ...valeurs, resumeQuotidien: e.target.checked }),
              },
            },
          ]}
        />
        <Select
          label="Échéances à inclure"
          nativeSelectProps={{
            value: String(valeurs.horizonJours),
            onChange: (e) => setValeurs({ ...valeurs, horizonJours: Number(e.target.value) }),
          }}
        >
          {[3, 7, 14, 30].map((j) => (
            <option key={j} value={j}>
              dans les {j} prochains jours
            </option>
          ))}
        </Select>
        <Button type="submit">Enregistrer</Button>
      </form>
    </>
  );
}
