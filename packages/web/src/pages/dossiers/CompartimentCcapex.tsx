import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import {
  FONDEMENTS_PARTAGE,
  type FondementPartage,
  LIBELLES_FONDEMENT_PARTAGE,
  TYPES_NOTE_CCAPEX,
  type TypeNoteCcapex,
} from '@exploc/domain/schemas/ccapex';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { appelerApi, ErreurApi, lire } from '../../api/client';
import { Chargement } from '../../components/Chargement';
import { formaterInstant } from '../../components/format';

interface NoteCcapex {
  id: string;
  type: TypeNoteCcapex;
  contenu: string;
  fondement: FondementPartage;
  fondementLibelle: string;
  auteur: string;
  organisation: string;
  creeLe: string;
}

const LIBELLES_TYPE: Record<TypeNoteCcapex, string> = {
  note: 'Note de la CCAPEX',
  diagnostic_social: 'Diagnostic social et financier',
};

/**
 * The CCAPEX compartment of a dossier: notes and social diagnosis, shown only to the examining commission and
 * the préfecture services (the server decides; `dossier.compartimentCcapex` says whether to mount this).
 */
export function CompartimentCcapex({ dossierId }: { dossierId: string }) {
  const id = useId();
  const notes = useQuery({
    queryKey: ['ccapex-notes', dossierId],
    queryFn: () => lire<{ elements: NoteCcapex[] }>(`/api/v1/dossiers/${dossierId}/ccapex/notes`),
  });
  const [type, setType] = useState<TypeNoteCcapex>('note');
  const [fondement, setFondement] = useState<FondementPartage | ''>('');
  const [contenu, setContenu] = useState('');
  const [erreurs, setErreurs] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);

  const ajouter = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    const manquants: Record<string, string> = {};
    if (!contenu.trim()) manquants.contenu = 'Le contenu est obligatoire';
    if (!fondement) manquants.fondement = 'Indiquez le fondement du partage de cette information';
    setErreurs(manquants);
    if (Object.keys(manquants).length > 0) return;
    try {
      await appelerApi(`/api/v1/dossiers/${dossierId}/ccapex/notes`, {
        methode: 'POST',
        corps: { type, contenu, fondement },
      });
      setContenu('');
      setFondement('');
      setMessage('Information ajoutée au compartiment de la CCAPEX.');
      await notes.refetch();
    } catch (err) {
      setErreurs({ formulaire: err instanceof ErreurApi ? err.message : 'Échec de l’enregistrement' });
    }
  };

  return (
    <section aria-labelledby={`${id}-titre`} className={fr.cx('fr-mt-4w')}>
      <h2 id={`${id}-titre`} className={fr.cx('fr-h4')}>
        Notes de la CCAPEX et diagnostic social
      </h2>
      <p className={fr.cx('fr-text--sm')}>
        Informations couvertes par le secret professionnel (loi n° 90-449, art. 7-2) : visibles des seuls
        membres de la commission qui examine ce dossier et des services de la préfecture. Chaque consultation
        est journalisée avec le fondement du partage.
      </p>
      {notes.isPending ? (
        <Chargement />
      ) : notes.isError ? (
        <Alert severity="error" small description="Le compartiment de la CCAPEX n’a pas pu être chargé." />
      ) : notes.data.elements.length === 0 ? (
        <p>Aucune note pour ce dossier.</p>
      ) : (
        <ul className={fr.cx('fr-raw-list')}>
          {notes.data.elements.map((n) => (
            <li key={n.id} className={fr.cx('fr-mb-2w')}>
              <p className={fr.cx('fr-text--bold', 'fr-mb-0')}>{LIBELLES_TYPE[n.type]}</p>
              <p className={fr.cx('fr-mb-0')} style={{ whiteSpace: 'pre-wrap' }}>
                {n.contenu}
              </p>
              <p className={fr.cx('fr-text--xs', 'fr-mb-0')}>
                {n.auteur} ({n.organisation}), le {formaterInstant(n.creeLe)} — fondement :{' '}
                {n.fondementLibelle}
              </p>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={ajouter} noValidate aria-label="Ajouter une information au compartiment de la CCAPEX">
        {erreurs.formulaire && <Alert severity="error" small description={erreurs.formulaire} />}
        {message && <Alert severity="success" small description={message} />}
        <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-mt-2w')}>
          <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
            <Select
              label="Nature de l’information"
              nativeSelectProps={{
                id: `${id}-type`,
                value: type,
                onChange: (e) => setType(e.target.value as TypeNoteCcapex),
              }}
            >
              {TYPES_NOTE_CCAPEX.map((t) => (
                <option key={t} value={t}>
                  {LIBELLES_TYPE[t]}
                </option>
              ))}
            </Select>
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-8')}>
            <Select
              label="Fondement du partage"
              state={erreurs.fondement ? 'error' : 'default'}
              stateRelatedMessage={erreurs.fondement}
              nativeSelectProps={{
                id: `${id}-fondement`,
                value: fondement,
                onChange: (e) => setFondement(e.target.value as FondementPartage),
              }}
            >
              <option value="" disabled>
                Choisir
              </option>
              {FONDEMENTS_PARTAGE.map((f) => (
                <option key={f} value={f}>
                  {LIBELLES_FONDEMENT_PARTAGE[f]}
                </option>
              ))}
            </Select>
          </div>
        </div>
        <Input
          label="Contenu"
          textArea
          state={erreurs.contenu ? 'error' : 'default'}
          stateRelatedMessage={erreurs.contenu}
          nativeTextAreaProps={{
            id: `${id}-contenu`,
            value: contenu,
            onChange: (e) => setContenu(e.target.value),
            rows: 4,
          }}
        />
        <Button type="submit">Ajouter au compartiment</Button>
      </form>
    </section>
  );
}
