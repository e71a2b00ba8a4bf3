import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useId, useState } from 'react';
import { ErreurApi } from '../../api/client';
import { telecharger } from '../../api/pilotage';

interface Progres {
  libelle: string;
  octets: number;
  total: number | null;
}

/**
 * Download buttons with their progress: the server computes the file before sending it (a few seconds for
 * a national export), so the page says what is happening, in a live region, with a progress bar.
 */
export function Telechargements({
  fichiers,
}: {
  fichiers: { libelle: string; chemin: string; icone?: 'fr-icon-file-download-line' }[];
}) {
  const id = useId();
  const [progres, setProgres] = useState<Progres | null>(null);
  const [erreur, setErreur] = useState<string | null>(null);
  const [fini, setFini] = useState<string | null>(null);
  const lancer = async (f: { libelle: string; chemin: string }) => {
    setErreur(null);
    setFini(null);
    setProgres({ libelle: f.libelle, octets: 0, total: null });
    try {
      await telecharger(f.chemin, (octets, total) => setProgres({ libelle: f.libelle, octets, total }));
      setFini(`${f.libelle} : téléchargement terminé.`);
    } catch (e) {
      setErreur(e instanceof ErreurApi ? e.message : 'Le téléchargement a échoué.');
    } finally {
      setProgres(null);
    }
  };
  return (
    <div>
      <ul
        className={fr.cx(
          'fr-btns-group',
          'fr-btns-group--inline-md',
          'fr-btns-group--sm',
          'fr-btns-group--icon-left',
        )}
      >
        {fichiers.map((f) => (
          <li key={f.chemin}>
            <Button
              priority="secondary"
              iconId="fr-icon-download-line"
              disabled={progres !== null}
              onClick={() => void lancer(f)}
            >
              {f.libelle}
            </Button>
          </li>
        ))}
      </ul>
      <div role="status" aria-live="polite" id={`${id}-etat`}>
        {progres ? (
          <p className={fr.cx('fr-text--sm')}>
            <label htmlFor={`${id}-barre`}>
              {progres.octets === 0
                ? `${progres.libelle} : préparation du fichier par le serveur…`
                : `${progres.libelle} : ${Math.round(progres.octets / 1024).toLocaleString('fr-FR')} Ko reçus`}
            </label>{' '}
            <progress
              id={`${id}-barre`}
              max={progres.total ?? undefined}
              value={progres.total ? progres.octets : undefined}
            />
          </p>
        ) : fini ? (
          <p className={fr.cx('fr-text--sm')}>{fini}</p>
        ) : null}
      </div>
      {erreur ? <Alert severity="error" small description={erreur} className={fr.cx('fr-mt-1w')} /> : null}
    </div>
  );
}

/** The monthly PDF report of a département: choose the month, then download. */
export function RapportMensuel({
  departement,
  moisParDefaut,
}: {
  departement: string;
  moisParDefaut: string;
}) {
  const [mois, setMois] = useState(moisParDefaut);
  return (
    <div className={fr.cx('fr-mt-2w')}>
      <Input
        label="Mois du rapport mensuel (PDF)"
        hintText="Format : AAAA-MM"
        nativeInputProps={{
          type: 'month',
          value: mois,
          onChange: (e) => setMois(e.target.value),
          max: moisParDefaut,
        }}
      />
      {/^\d{4}-\d{2}$/.test(mois) ? (
        <Telechargements
          fichiers={[
            {
              libelle: `Rapport mensuel PDF (${mois})`,
              chemin: `/api/v1/pilotage/rapport-mensuel.pdf?departement=${departement}&mois=${mois}`,
            },
          ]}
        />
      ) : null}
    </div>
  );
}
