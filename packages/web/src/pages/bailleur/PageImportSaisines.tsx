import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { Upload } from '@codegouvfr/react-dsfr/Upload';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ErreurApi, lire } from '../../api/client';
import { Titre } from '../../components/Titre';
import { type AvancementImport, envoyerMultipart, type LigneRapport } from './api';

/** Progress of an import, polled every half second until it is done. */
function Avancement({ id }: { id: string }) {
  const avancement = useQuery({
    queryKey: ['bailleur', 'import', id],
    queryFn: () => lire<AvancementImport>(`/api/v1/bailleur/saisines/imports/${id}`),
    refetchInterval: (q) => (q.state.data?.termine ? false : 500),
  });
  const termine = avancement.data?.termine === true;
  const rapport = useQuery({
    queryKey: ['bailleur', 'import', id, 'rapport'],
    queryFn: () => lire<{ elements: LigneRapport[] }>(`/api/v1/bailleur/saisines/imports/${id}/rapport`),
    enabled: termine,
  });
  if (avancement.isError)
    return <Alert severity="error" title="Avancement indisponible" description={avancement.error.message} />;
  const a = avancement.data;
  if (!a) return null;
  const pourcent = a.total === 0 ? 100 : Math.round((a.traitees / a.total) * 100);
  return (
    <section aria-labelledby="titre-avancement" className={fr.cx('fr-mt-4w')}>
      <h2 id="titre-avancement" className={fr.cx('fr-h4')}>
        Import de « {a.nomFichier} »
      </h2>
      <label htmlFor="progression-import" className={fr.cx('fr-label')}>
        Lignes traitées : {a.traitees} sur {a.total} ({pourcent} %)
      </label>
      <progress
        id="progression-import"
        max={a.total}
        value={a.traitees}
        style={{ width: '100%', height: '1rem', accentColor: 'var(--background-action-high-blue-france)' }}
      >
        {pourcent} %
      </progress>
      <p role="status" aria-live="polite">
        {termine
          ? `Import terminé : ${a.valides} saisine(s) créée(s), ${a.rejetees} ligne(s) rejetée(s).`
          : 'Import en cours…'}
      </p>
      {termine && rapport.data ? (
        <>
          <a
            className={fr.cx('fr-btn', 'fr-btn--secondary', 'fr-icon-download-line', 'fr-btn--icon-left')}
            href={`/api/v1/bailleur/saisines/imports/${id}/rapport.csv`}
            download
          >
            Télécharger le rapport (CSV)
          </a>
          <Table
            caption="Rapport ligne à ligne"
            headers={['Ligne', 'Résultat', 'Détail']}
            data={rapport.data.elements.map((l) => [
              String(l.ligne),
              l.statut === 'valide' ? 'Saisine créée' : 'Rejetée',
              l.statut === 'valide' ? (
                `Saisine ${l.saisineId ?? ''}`
              ) : (
                <ul key="erreurs" className={fr.cx('fr-mb-0')}>
                  {l.erreurs.map((e) => (
                    <li key={`${e.colonne}-${e.message}`}>
                      <code>{e.colonne}</code> : {e.message}
                    </li>
                  ))}
                </ul>
              ),
            ])}
          />
        </>
      ) : null}
    </section>
  );
}

/**
 * Bulk saisines: download the template, upload the CSV (5 000 lines at most), follow the progress bar, read
 * the line-by-line report.
 */
export function PageImportSaisines() {
  const [fichier, setFichier] = useState<File | null>(null);
  const [importId, setImportId] = useState<string | null>(null);
  const [erreur, setErreur] = useState<{ message: string; details: string[] } | null>(null);
  const [enCours, setEnCours] = useState(false);

  const envoyer = async (e: FormEvent) => {
    e.preventDefault();
    setErreur(null);
    if (!fichier) {
      setErreur({ message: 'Choisissez un fichier CSV.', details: [] });
      return;
    }
    const f = new FormData();
    f.append('fichier', fichier);
    setEnCours(true);
    try {
      const r = await envoyerMultipart<{ id: string }>('/api/v1/bailleur/saisines/imports', f);
      setImportId(r.id);
    } catch (err) {
      setErreur(
        err instanceof ErreurApi
          ? { message: err.message, details: err.details.map((d) => `${d.chemin} : ${d.message}`) }
          : { message: 'L’envoi a échoué.', details: [] },
      );
    } finally {
      setEnCours(false);
    }
  };

  return (
    <>
      <Titre sousTitre="Plusieurs saisines de la CCAPEX en une fois, depuis un fichier CSV.">
        Importer des saisines
      </Titre>
      <ol>
        <li>
          Téléchargez le{' '}
          <a href="/api/v1/bailleur/saisines/modele.csv" download>
            modèle CSV
          </a>{' '}
          (séparateur « ; », encodage UTF-8, une ligne d’exemple à remplacer).
        </li>
        <li>Remplissez une ligne par saisine, sans modifier l’en-tête ; 5 000 lignes au plus.</li>
        <li>
          Envoyez le fichier : chaque ligne valide devient une saisine ; le rapport indique les lignes
          rejetées et pourquoi.
        </li>
      </ol>
      {erreur ? (
        <Alert
          severity="error"
          title="Le fichier n’a pas été importé"
          className={fr.cx('fr-mb-3w')}
          description={
            <>
              {erreur.message}
              {erreur.details.length > 0 ? (
                <ul>
                  {erreur.details.map((d) => (
                    <li key={d}>{d}</li>
                  ))}
                </ul>
              ) : null}
            </>
          }
        />
      ) : null}
      <form onSubmit={envoyer} noValidate>
        <Upload
          label="Fichier CSV des saisines"
          hint="Format CSV, 5 Mo au plus."
          nativeInputProps={{
            accept: '.csv,text/csv',
            onChange: (e) => setFichier(e.target.files?.[0] ?? null),
          }}
        />
        <Button type="submit" className={fr.cx('fr-mt-2w')} disabled={enCours}>
          {enCours ? 'Envoi…' : 'Importer'}
        </Button>
      </form>
      {importId ? <Avancement key={importId} id={importId} /> : null}
    </>
  );
}
