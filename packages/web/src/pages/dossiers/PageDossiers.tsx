import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Pagination } from '@codegouvfr/react-dsfr/Pagination';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { LIBELLES_ECHEANCE, LIBELLES_PHASE } from '@exploc/domain/procedure/libelles';
import { PHASES } from '@exploc/domain/procedure/scenario';
import { LIBELLES_ALERTE_DOSSIER as LIBELLES_ALERTE } from '@exploc/domain/schemas/dossier';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { appelerApi, ErreurApi, lire } from '../../api/client';
import type { Liste } from '../../api/dossiers';
import { useUtilisateur } from '../../api/session';
import { BadgePhase } from '../../components/BadgePhase';
import { Chargement } from '../../components/Chargement';
import { formaterDate, formaterEuros, libelle } from '../../components/format';
import { Titre } from '../../components/Titre';

const CHAMPS_FILTRE = [
  'q',
  'phase',
  'alerte',
  'echeanceAvant',
  'commune',
  'bailleur',
  'tri',
  'agent',
] as const;

export function PageDossiers() {
  const [parametres, setParametres] = useSearchParams();
  const { data: utilisateur } = useUtilisateur();
  const client = useQueryClient();
  const requete = parametres.toString();
  const liste = useQuery({
    queryKey: ['dossiers', requete],
    queryFn: () => lire<Liste>(`/api/v1/dossiers?${requete}`),
    placeholderData: (precedent) => precedent,
  });
  const peutAssigner = utilisateur?.permissions.some((p) => p.code === 'dossier.assigner') ?? false;
  const peutExporter = utilisateur?.permissions.some((p) => p.code === 'dossier.exporter') ?? false;
  const peutCreer = utilisateur?.permissions.some((p) => p.code === 'dossier.creer') ?? false;
  const [selection, setSelection] = useState<Map<string, number>>(new Map());
  const [message, setMessage] = useState<{ type: 'success' | 'error'; texte: string } | null>(null);

  const filtrer = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const donnees = new FormData(e.currentTarget);
    const suivants = new URLSearchParams();
    for (const champ of CHAMPS_FILTRE) {
      const v = String(donnees.get(champ) ?? '').trim();
      if (v) suivants.set(champ, v);
    }
    setSelection(new Map());
    setParametres(suivants);
  };
  const page = Number(parametres.get('page') ?? '1');
  const parPage = Number(parametres.get('parPage') ?? '50');
  const nbPages = liste.data ? Math.max(1, Math.ceil(liste.data.total / parPage)) : 1;
  const lienPage = (n: number) => {
    const p = new URLSearchParams(parametres);
    p.set('page', String(n));
    return { to: `?${p.toString()}` };
  };
  const sansPagination = new URLSearchParams(parametres);
  sansPagination.delete('page');
  sansPagination.delete('parPage');

  return (
    <>
      <Titre sousTitre="Les dossiers de votre périmètre, triés par échéance.">Dossiers</Titre>
      {peutCreer ? (
        <p>
          <Button linkProps={{ to: '/dossiers/nouveau' }} iconId="fr-icon-add-line">
            Créer un dossier
          </Button>
        </p>
      ) : null}
      <form onSubmit={filtrer} aria-labelledby="titre-filtres" className={fr.cx('fr-mb-3w')} key={requete}>
        <h2 id="titre-filtres" className={fr.cx('fr-h6')}>
          Filtrer
        </h2>
        <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
          <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
            <Input
              label="Recherche"
              hintText="Nom, adresse, numéro de dossier ou bailleur ; sans accents si vous voulez"
              nativeInputProps={{ name: 'q', type: 'search', defaultValue: parametres.get('q') ?? '' }}
            />
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
            <Select
              label="Phase"
              nativeSelectProps={{ name: 'phase', defaultValue: parametres.get('phase') ?? '' }}
            >
              <option value="">Toutes les phases</option>
              {PHASES.map((p) => (
                <option key={p} value={p}>
                  {LIBELLES_PHASE[p]}
                </option>
              ))}
            </Select>
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
            <Select
              label="Alerte"
              nativeSelectProps={{ name: 'alerte', defaultValue: parametres.get('alerte') ?? '' }}
            >
              <option value="">Toutes</option>
              {Object.entries(LIBELLES_ALERTE).map(([code, l]) => (
                <option key={code} value={code}>
                  {l}
                </option>
              ))}
            </Select>
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-3')}>
            <Input
              label="Échéance avant le"
              hintText="Incluse"
              nativeInputProps={{
                name: 'echeanceAvant',
                type: 'date',
                defaultValue: parametres.get('echeanceAvant') ?? '',
              }}
            />
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-3')}>
            <Input
              label="Commune (code INSEE)"
              hintText="Exemple : 75118"
              nativeInputProps={{
                name: 'commune',
                inputMode: 'numeric',
                defaultValue: parametres.get('commune') ?? '',
              }}
            />
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-3')}>
            <Input
              label="Bailleur"
              hintText="Nom ou SIRET"
              nativeInputProps={{ name: 'bailleur', defaultValue: parametres.get('bailleur') ?? '' }}
            />
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-3')}>
            <Select
              label="Trier par"
              nativeSelectProps={{ name: 'tri', defaultValue: parametres.get('tri') ?? 'prochaineEcheance' }}
            >
              <option value="prochaineEcheance">Prochaine échéance</option>
              <option value="-misAJourLe">Dernière mise à jour</option>
              <option value="numero">Numéro</option>
            </Select>
          </div>
        </div>
        <ul className={fr.cx('fr-btns-group', 'fr-btns-group--inline-md')}>
          <li>
            <Button type="submit" iconId="fr-icon-search-line" iconPosition="left">
              Appliquer les filtres
            </Button>
          </li>
          <li>
            <Button priority="secondary" type="button" onClick={() => setParametres(new URLSearchParams())}>
              Effacer les filtres
            </Button>
          </li>
        </ul>
      </form>
      <FiltresEnregistres requete={sansPagination.toString()} />
      {message ? (
        <Alert
          severity={message.type}
          small
          description={message.texte}
          closable
          onClose={() => setMessage(null)}
          className={fr.cx('fr-mb-2w')}
        />
      ) : null}
      {liste.isPending ? (
        <Chargement texte="Chargement des dossiers…" />
      ) : liste.isError ? (
        <Alert
          severity="error"
          title="Impossible de charger les dossiers"
          description={liste.error instanceof ErreurApi ? liste.error.message : 'Erreur inattendue'}
        />
      ) : (
        <>
          <p role="status" aria-live="polite">
            <strong>{liste.data.total.toLocaleString('fr-FR')}</strong> dossier
            {liste.data.total > 1 ? 's' : ''}
            {selection.size > 0 ? `, ${selection.size} sélectionné${selection.size > 1 ? 's' : ''}` : ''}
          </p>
          <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-mb-2w')}>
            {peutAssigner ? (
              <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
                <Attribution
                  selection={selection}
                  surFin={(texte, ok) => {
                    setMessage({ type: ok ? 'success' : 'error', texte });
                    if (ok) {
                      setSelection(new Map());
                      void client.invalidateQueries({ queryKey: ['dossiers'] });
                    }
                  }}
                />
              </div>
            ) : null}
            {peutExporter ? (
              <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
                <p className={fr.cx('fr-mb-1w')}>Exporter la liste filtrée :</p>
                <ul className={fr.cx('fr-btns-group', 'fr-btns-group--inline', 'fr-btns-group--sm')}>
                  <li>
                    <a
                      className={fr.cx('fr-btn', 'fr-btn--secondary')}
                      href={`/api/v1/dossiers/export.csv?${sansPagination}`}
                      download
                    >
                      CSV
                    </a>
                  </li>
                  <li>
                    <a
                      className={fr.cx('fr-btn', 'fr-btn--secondary')}
                      href={`/api/v1/dossiers/export.xlsx?${sansPagination}`}
                      download
                    >
                      Excel (XLSX)
                    </a>
                  </li>
                </ul>
              </div>
            ) : null}
          </div>
          <div className={fr.cx('fr-table', 'fr-table--no-caption')}>
            <table>
              <caption>Dossiers</caption>
              <thead>
                <tr>
                  {peutAssigner ? (
                    <th scope="col">
                      <span className={fr.cx('fr-sr-only')}>Sélection</span>
                    </th>
                  ) : null}
                  <th scope="col">Numéro</th>
                  <th scope="col">Ménage</th>
                  <th scope="col">Adresse</th>
                  <th scope="col">Phase</th>
                  <th scope="col">Prochaine échéance</th>
                  <th scope="col">Alertes</th>
                  <th scope="col">Dette</th>
                </tr>
              </thead>
              <tbody>
                {liste.data.elements.map((d) => (
                  <tr key={d.id}>
                    {peutAssigner ? (
                      <td>
                        <div className={fr.cx('fr-checkbox-group', 'fr-checkbox-group--sm')}>
                          <input
                            type="checkbox"
                            id={`selection-${d.id}`}
                            checked={selection.has(d.id)}
                            onChange={(e) => {
                              const suivante = new Map(selection);
                              if (e.target.checked) suivante.set(d.id, d.version);
                              else suivante.delete(d.id);
                              setSelection(suivante);
                            }}
                          />
                          <label className={fr.cx('fr-label')} htmlFor={`selection-${d.id}`}>
                            <span className={fr.cx('fr-sr-only')}>Sélectionner le dossier {d.numero}</span>
                          </label>
                        </div>
                      </td>
                    ) : null}
                    <td>
                      <Link to={`/dossiers/${d.id}`}>{d.numero}</Link>
                    </td>
                    <td>{d.menage.nomPrincipal ?? '—'}</td>
                    <td>
                      {d.adresse.ligne ? `${d.adresse.ligne}, ` : ''}
                      {d.adresse.codePostal ?? ''} {d.adresse.commune}
                    </td>
                    <td>
                      <BadgePhase phase={d.phase} />
                    </td>
                    <td>
                      {d.prochaineEcheance
                        ? `${formaterDate(d.prochaineEcheance.date)} — ${libelle(LIBELLES_ECHEANCE, d.prochaineEcheance.code)}`
                        : '—'}
                    </td>
                    <td>
                      {d.alertes.length > 0
                        ? d.alertes.map((a) => libelle(LIBELLES_ALERTE, a)).join(' ; ')
                        : '—'}
                    </td>
                    <td>{formaterEuros(d.dette)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {nbPages > 1 ? (
            <Pagination
              count={nbPages}
              defaultPage={Math.min(page, nbPages)}
              getPageLinkProps={lienPage}
              showFirstLast
            />
          ) : null}
        </>
      )}
    </>
  );
}

function Attribution({
  selection,
  surFin,
}: {
  selection: Map<string, number>;
  surFin: (texte: string, ok: boolean) => void;
}) {
  const agents = useQuery({
    queryKey: ['agents'],
    queryFn: () => lire<{ elements: { id: string; nom: string }[] }>('/api/v1/agents'),
  });
  const [agentId, setAgentId] = useState('');
  const attribuer = async () => {
    try {
      await appelerApi('/api/v1/dossiers/attribution', {
        methode: 'POST',
        corps: {
          elements: [...selection].map(([id, version]) => ({ id, version })),
          agentId: agentId === 'aucun' ? null : agentId,
        },
      });
      surFin(`${selection.size} dossier(s) attribué(s).`, true);
    } catch (e) {
      surFin(e instanceof ErreurApi ? e.message : 'L’attribution a échoué.', false);
    }
  };
  return (
    <div className={fr.cx('fr-grid-row', 'fr-grid-row--bottom', 'fr-grid-row--gutters')}>
      <div className={fr.cx('fr-col')}>
        <Select
          label="Attribuer la sélection à"
          nativeSelectProps={{ value: agentId, onChange: (e) => setAgentId(e.target.value) }}
        >
          <option value="" disabled>
            Choisir un agent
          </option>
          <option value="aucun">Personne (retirer l’attribution)</option>
          {(agents.data?.elements ?? []).map((a) => (
            <option key={a.id} value={a.id}>
              {a.nom}
            </option>
          ))}
        </Select>
      </div>
      <div className={fr.cx('fr-col')}>
        <Button onClick={attribuer} disabled={selection.size === 0 || !agentId} priority="secondary">
          Attribuer
        </Button>
      </div>
    </div>
  );
}

function FiltresEnregistres({ requete }: { requete: string }) {
  const client = useQueryClient();
  const filtres = useQuery({
    queryKey: ['filtres'],
    queryFn: () => lire<{ elements: { id: string; nom: string; requete: string }[] }>('/api/v1/filtres'),
  });
  const [nom, setNom] = useState('');
  const [erreur, setErreur] = useState<string | null>(null);
  const enregistrer = async (e: FormEvent) => {
    e.preventDefault();
    setErreur(null);
    try {
      await appelerApi('/api/v1/filtres', { methode: 'POST', corps: { nom, requete } });
      setNom('');
      void client.invalidateQueries({ queryKey: ['filtres'] });
    } catch (err) {
      setErreur(err instanceof ErreurApi ? err.message : 'Échec de l’enregistrement.');
    }
  };
  return (
    <section aria-labelledby="titre-filtres-enregistres" className={fr.cx('fr-mb-3w')}>
      <h2 id="titre-filtres-enregistres" className={fr.cx('fr-h6')}>
        Filtres enregistrés
      </h2>
      {filtres.data && filtres.data.elements.length > 0 ? (
        <ul className={fr.cx('fr-tags-group')}>
          {filtres.data.elements.map((f) => (
            <li key={f.id}>
              <Link className={fr.cx('fr-tag')} to={`/dossiers?${f.requete}`}>
                {f.nom}
              </Link>
            </li>
          ))}
        </ul>
      ) : (
        <p className={fr.cx('fr-text--sm')}>Aucun filtre enregistré.</p>
      )}
      <form
        onSubmit={enregistrer}
        className={fr.cx('fr-grid-row', 'fr-grid-row--bottom', 'fr-grid-row--gutters')}
      >
        <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
          <Input
            label="Nom du filtre actuel"
            state={erreur ? 'error' : 'default'}
            stateRelatedMessage={erreur ?? undefined}
            nativeInputProps={{ value: nom, onChange: (e) => setNom(e.target.value) }}
          />
        </div>
        <div className={fr.cx('fr-col')}>
          <Button type="submit" priority="tertiary" disabled={!nom.trim()}>
            Enregistrer ce filtre
          </Button>
        </div>
      </form>
    </section>
  );
}
