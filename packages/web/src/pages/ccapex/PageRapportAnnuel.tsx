import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ErreurApi, lire } from '../../api/client';
import { Chargement } from '../../components/Chargement';
import { formaterDate } from '../../components/format';
import { Titre } from '../../components/Titre';
import type { CommissionAccessible } from './SeanceTypes';

interface Section {
  titre: string;
  entetes: string[];
  lignes: (string | number | null)[][];
}
interface Rapport {
  territoire: { departement: string; libelle: string; commission: { id: string; nom: string } | null };
  periode: { du: string; au: string };
  genereLe: string;
  sections: Section[];
}

const anneePrecedente = new Date().getFullYear() - 1;

/** The annual report of the CCAPEX to the PDALHPD committee (décret n° 2015-1384, art. 1). */
export function PageRapportAnnuel() {
  const commissions = useQuery({
    queryKey: ['ccapex-seances-commissions'],
    queryFn: () => lire<{ elements: CommissionAccessible[] }>('/api/v1/ccapex/seances/commissions'),
  });
  const departements = [...new Set(commissions.data?.elements.map((c) => c.departementCode) ?? [])];
  const [saisie, setSaisie] = useState({
    perimetre: '',
    du: `${anneePrecedente}-01-01`,
    au: `${anneePrecedente}-12-31`,
  });
  const [demande, setDemande] = useState<URLSearchParams | null>(null);
  const [exportEnCours, setExportEnCours] = useState<string | null>(null);
  const [erreurExport, setErreurExport] = useState<string | null>(null);
  const perimetre = saisie.perimetre || (departements[0] ? `d:${departements[0]}` : '');
  const parametres = () => {
    const p = new URLSearchParams({ du: saisie.du, au: saisie.au });
    if (perimetre.startsWith('d:')) p.set('departement', perimetre.slice(2));
    else if (perimetre.startsWith('c:')) p.set('commissionId', perimetre.slice(2));
    return p;
  };
  const rapport = useQuery({
    queryKey: ['ccapex-rapport', demande?.toString()],
    queryFn: () => lire<Rapport>(`/api/v1/ccapex/rapport-annuel?${demande}`),
    enabled: demande !== null,
  });
  const afficher = (e: FormEvent) => {
    e.preventDefault();
    setDemande(parametres());
  };
  const exporter = async (format: 'xlsx' | 'pdf') => {
    setErreurExport(null);
    setExportEnCours(format === 'xlsx' ? 'Génération du classeur XLSX' : 'Génération du PDF');
    try {
      const p = parametres();
      p.set('format', format);
      const r = await fetch(`/api/v1/ccapex/rapport-annuel?${p}`, { credentials: 'same-origin' });
      if (!r.ok) {
        const corps = (await r.json().catch(() => undefined)) as
          | { erreur?: { message?: string } }
          | undefined;
        throw new ErreurApi(r.status, 'export', corps?.erreur?.message ?? `Erreur ${r.status}`);
      }
      const url = URL.createObjectURL(await r.blob());
      const lien = document.createElement('a');
      lien.href = url;
      lien.download = `rapport-ccapex-${p.get('departement') ?? 'commission'}-${saisie.du}-${saisie.au}.${format}`;
      document.body.append(lien);
      lien.click();
      lien.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (x) {
      setErreurExport(x instanceof Error ? x.message : 'Export impossible.');
    } finally {
      setExportEnCours(null);
    }
  };
  return (
    <>
      <Titre sousTitre="Bilan annuel pour le comité responsable du PDALHPD : flux, tri, orientations, séances, avis, recommandations et leur suivi, décisions sur l’aide au logement, issues, territoires. Aucune personne n’est nommée.">
        Rapport annuel de la CCAPEX
      </Titre>
      <form onSubmit={afficher} className={fr.cx('fr-mb-4w')}>
        <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-grid-row--bottom')}>
          <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
            <Select
              label="Territoire"
              nativeSelectProps={{
                value: perimetre,
                onChange: (e) => setSaisie({ ...saisie, perimetre: e.target.value }),
              }}
            >
              {departements.map((d) => (
                <option key={`d:${d}`} value={`d:${d}`}>
                  Département {d} (toutes les commissions)
                </option>
              ))}
              {(commissions.data?.elements ?? []).map((c) => (
                <option key={c.id} value={`c:${c.id}`}>
                  {c.nom}
                </option>
              ))}
            </Select>
          </div>
          <div className={fr.cx('fr-col-6', 'fr-col-md-3')}>
            <Input
              label="Du"
              nativeInputProps={{
                type: 'date',
                value: saisie.du,
                onChange: (e) => setSaisie({ ...saisie, du: e.target.value }),
              }}
            />
          </div>
          <div className={fr.cx('fr-col-6', 'fr-col-md-3')}>
            <Input
              label="Au"
              nativeInputProps={{
                type: 'date',
                value: saisie.au,
                onChange: (e) => setSaisie({ ...saisie, au: e.target.value }),
              }}
            />
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-2')}>
            <Button type="submit" disabled={!perimetre}>
              Afficher
            </Button>
          </div>
        </div>
      </form>
      <ul className={fr.cx('fr-btns-group', 'fr-btns-group--inline-md', 'fr-btns-group--icon-left')}>
        <li>
          <Button
            priority="secondary"
            iconId="fr-icon-download-line"
            disabled={!perimetre || exportEnCours !== null}
            onClick={() => exporter('xlsx')}
          >
            Exporter en XLSX
          </Button>
        </li>
        <li>
          <Button
            priority="secondary"
            iconId="fr-icon-file-pdf-line"
            disabled={!perimetre || exportEnCours !== null}
            onClick={() => exporter('pdf')}
          >
            Exporter en PDF
          </Button>
        </li>
      </ul>
      <div role="status" aria-live="polite">
        {exportEnCours ? <p>{exportEnCours} en cours…</p> : null}
      </div>
      {erreurExport ? (
        <Alert severity="error" small description={erreurExport} role="alert" className={fr.cx('fr-mb-3w')} />
      ) : null}
      {demande === null ? (
        <p>Choisissez un territoire et une période, puis affichez le rapport.</p>
      ) : rapport.isPending ? (
        <Chargement texte="Calcul du rapport en cours…" />
      ) : rapport.isError ? (
        <Alert severity="error" small description={rapport.error.message} />
      ) : (
        <>
          <h2 className={fr.cx('fr-h4')}>
            {rapport.data.territoire.commission?.nom ?? `Département ${rapport.data.territoire.libelle}`} — du{' '}
            {formaterDate(rapport.data.periode.du)} au {formaterDate(rapport.data.periode.au)}
          </h2>
          {rapport.data.sections.map((s) => (
            <div key={s.titre} className={fr.cx('fr-table', 'fr-table--bordered')}>
              <table>
                <caption>{s.titre}</caption>
                <thead>
                  <tr>
                    {s.entetes.map((e) => (
                      <th key={e} scope="col">
                        {e}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {s.lignes.length === 0 ? (
                    <tr>
                      <td colSpan={s.entetes.length}>Aucune donnée pour la période.</td>
                    </tr>
                  ) : (
                    s.lignes.map((l) => (
                      <tr key={String(l[0])}>
                        {l.map((v, k) =>
                          k === 0 ? (
                            <th key={s.entetes[k]} scope="row">
                              {v}
                            </th>
                          ) : (
                            <td key={s.entetes[k]}>{v ?? '—'}</td>
                          ),
                        )}
                      </tr>
                    ))
                  )}
                </tbody>
              </table>
            </div>
          ))}
        </>
      )}
    </>
  );
}
