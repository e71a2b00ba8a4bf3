import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { Upload } from '@codegouvfr/react-dsfr/Upload';
import {
  type ClasseDocument,
  classesDocumentVisibles,
  LIBELLES_CLASSE_DOCUMENT,
} from '@exploc/domain/acces/classes-champs';
import type { Profil } from '@exploc/domain/acces/profils';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { ErreurApi, envoyerFichier, lire } from '../../api/client';
import { useUtilisateur } from '../../api/session';
import { Chargement } from '../../components/Chargement';
import { formaterInstant } from '../../components/format';

interface Document {
  id: string;
  nom: string;
  type: string;
  taille: number;
  classe: ClasseDocument;
  deposeLe: string;
}

const TAILLE_MAX = 10 * 1024 * 1024;

export function Documents({
  dossierId,
  version,
  peutDeposer,
  surDepot,
}: {
  dossierId: string;
  version: number;
  peutDeposer: boolean;
  surDepot: () => void;
}) {
  const documents = useQuery({
    queryKey: ['documents', dossierId],
    queryFn: () => lire<{ elements: Document[] }>(`/api/v1/dossiers/${dossierId}/documents`),
  });
  const champ = useRef<HTMLInputElement>(null);
  const { data: utilisateur } = useUtilisateur();
  const natures = utilisateur ? classesDocumentVisibles(utilisateur.profil as Profil) : [];
  const [classe, setClasse] = useState<ClasseDocument>('judiciaire');
  const [erreur, setErreur] = useState<string | null>(null);
  const [succes, setSucces] = useState<string | null>(null);
  const [enCours, setEnCours] = useState(false);

  const deposer = async (e: FormEvent) => {
    e.preventDefault();
    setErreur(null);
    setSucces(null);
    const fichier = champ.current?.files?.[0];
    if (!fichier) return setErreur('Choisissez un fichier.');
    if (fichier.size > TAILLE_MAX) return setErreur('Le document dépasse 10 Mo.');
    if (!['application/pdf', 'image/png', 'image/jpeg'].includes(fichier.type)) {
      return setErreur('Seuls les documents PDF, JPEG et PNG sont acceptés.');
    }
    const formulaire = new FormData();
    formulaire.append('classe', classe);
    formulaire.append('fichier', fichier);
    setEnCours(true);
    try {
      await envoyerFichier(`/api/v1/dossiers/${dossierId}/documents`, formulaire, {
        'if-match': `"${version}"`,
      });
      setSucces(`${fichier.name} a été joint au dossier.`);
      if (champ.current) champ.current.value = '';
      await documents.refetch();
      surDepot();
    } catch (err) {
      setErreur(err instanceof ErreurApi ? err.message : 'Le dépôt a échoué.');
    } finally {
      setEnCours(false);
    }
  };

  return (
    <>
      {peutDeposer ? (
        <form onSubmit={deposer} className={fr.cx('fr-mb-4w')}>
          <Upload
            label="Joindre un document"
            hint="PDF, JPEG ou PNG, 10 Mo au plus."
            state={erreur ? 'error' : succes ? 'success' : 'default'}
            stateRelatedMessage={erreur ?? succes ?? undefined}
            nativeInputProps={{
              ref: champ,
              accept: '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg',
            }}
          />
          <Select
            label="Nature de la pièce"
            hint="Elle décide qui peut l’ouvrir : une pièce sociale n’est visible ni du bailleur ni des forces de l’ordre."
            className={fr.cx('fr-mt-2w')}
            nativeSelectProps={{
              value: classe,
              onChange: (e) => setClasse(e.target.value as ClasseDocument),
            }}
          >
            {natures.map((n) => (
              <option key={n} value={n}>
                {LIBELLES_CLASSE_DOCUMENT[n]}
              </option>
            ))}
          </Select>
          <Button type="submit" className={fr.cx('fr-mt-2w')} disabled={enCours}>
            {enCours ? 'Envoi en cours…' : 'Envoyer'}
          </Button>
        </form>
      ) : null}
      {documents.isPending ? (
        <Chargement />
      ) : documents.isError ? (
        <Alert severity="error" small description="Impossible de charger les documents." />
      ) : documents.data.elements.length === 0 ? (
        <p>Aucun document.</p>
      ) : (
        <ul>
          {documents.data.elements.map((d) => (
            <li key={d.id}>
              <a href={`/api/v1/dossiers/${dossierId}/documents/${d.id}`} download={d.nom}>
                {d.nom}
              </a>{' '}
              — {d.type === 'application/pdf' ? 'PDF' : d.type === 'image/png' ? 'PNG' : 'JPEG'},{' '}
              {(d.taille / 1024).toFixed(0)} Ko, déposé le {formaterInstant(d.deposeLe)} —{' '}
              {LIBELLES_CLASSE_DOCUMENT[d.classe] ?? d.classe}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
