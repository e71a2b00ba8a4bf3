import { fr } from '@codegouvfr/react-dsfr';
import { Accordion } from '@codegouvfr/react-dsfr/Accordion';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import {
  type CodeIndicateur,
  INDICATEURS,
  INDICATEURS_PRINCIPAUX,
  indicateur,
  LIBELLES_THEMES,
  THEMES,
} from '@exploc/domain/indicateurs/catalogue';
import { periodeParDefaut } from '@exploc/domain/indicateurs/periode';
import { LIBELLES_NIVEAUX, type NiveauTerritoire } from '@exploc/domain/indicateurs/territoire';
import { TYPES_BAILLEUR } from '@exploc/domain/procedure/scenario';
import { useQuery } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ErreurApi } from '../../api/client';
import { type FiltresTableau, lireTableau, requeteTableau, type TableauDeBord } from '../../api/pilotage';
import { type Utilisateur, useUtilisateur } from '../../api/session';
import { Chargement } from '../../components/Chargement';
import { Titre } from '../../components/Titre';
import { CarteDepartements } from './CarteDepartements';
import { RapportMensuel, Telechargements } from './Exports';
import { formaterEvolution, formaterPeriode, formaterValeur } from './format';
import { GraphiqueBarres, GraphiqueMensuel } from './Graphiques';
import { cheminTableau, codeApi, lienDossiers } from './liens';
import { TableauDonnees } from './TableauDonnees';

const LIBELLES_BAILLEUR: Record<string, string> = {
  personne_physique: 'Personne physique',
  sci_familiale: 'SCI familiale',
  personne_morale: 'Personne morale',
};

/** "Today" in Paris, as the server counts it. */
const aujourdhuiParis = () =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());

/** Indicators of the sub-territory table (counts that add up, and the main rate). */
const COLONNES_DETAIL: readonly CodeIndicateur[] = [
  'commandements_de_payer',
  'assignations',
  'decisions_expulsion',
  'demandes_cfp',
  'cfp_accordes',
  'expulsions_realisees',
  'taux_refus_cfp',
];

export function PageTableauDeBord({ niveau }: { niveau: NiveauTerritoire }) {
  const { code = null } = useParams();
  const { data: utilisateur } = useUtilisateur();
  const [parametres, setParametres] = useSearchParams();
  const defaut = periodeParDefaut(aujourdhuiParis());
  const filtres: FiltresTableau = {
    du: parametres.get('du') ?? defaut.du,
    au: parametres.get('au') ?? defaut.au,
    typeBailleur: parametres.get('typeBailleur') ?? '',
    parc: parametres.get('parc') ?? '',
  };
  const territoire = codeApi(niveau, code);
  const tableau = useQuery({
    queryKey: ['pilotage', territoire, filtres],
    queryFn: () => lireTableau(territoire, filtres),
    placeholderData: (precedent) => precedent,
  });

  const appliquer = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const d = new FormData(e.currentTarget);
    const suivants = new URLSearchParams();
    for (const champ of ['du', 'au', 'typeBailleur', 'parc']) {
      const v = String(d.get(champ) ?? '').trim();
      if (v) suivants.set(champ, v);
    }
    setParametres(suivants);
  };

  const t = tableau.data;
  return (
    <>
      <Breadcrumb
        currentPageLabel={t?.territoire.libelle ?? LIBELLES_NIVEAUX[niveau]}
        homeLinkProps={{ to: '/' }}
        segments={[
          { label: 'Pilotage', linkProps: { to: '/pilotage' } },
          ...(utilisateur?.perimetre.type === 'agrege' && niveau !== 'france'
            ? [{ label: 'France', linkProps: { to: cheminTableau('france', null) } }]
            : []),
          ...(niveau === 'arrondissement' &&
          t?.territoire.departement &&
          utilisateur?.perimetre.type !== 'arrondissements'
            ? [
                {
                  label: `Département ${t.territoire.departement}`,
                  linkProps: { to: cheminTableau('departement', t.territoire.departement) },
                },
              ]
            : []),
        ]}
      />
      <Titre
        sousTitre={
          t ? `Période ${formaterPeriode(t.periode)}, comparée à la même période un an plus tôt.` : undefined
        }
      >
        {t ? `Pilotage — ${t.territoire.libelle}` : 'Pilotage'}
      </Titre>

      <form
        onSubmit={appliquer}
        aria-labelledby="titre-filtres"
        className={fr.cx('fr-mb-3w')}
        key={parametres.toString()}
      >
        <h2 id="titre-filtres" className={fr.cx('fr-h6')}>
          Période et bailleurs
        </h2>
        <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
          <div className={fr.cx('fr-col-12', 'fr-col-md-3')}>
            <Input
              label="Du"
              hintText="Inclus"
              nativeInputProps={{ name: 'du', type: 'date', defaultValue: filtres.du }}
            />
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-3')}>
            <Input
              label="Au"
              hintText="Inclus"
              nativeInputProps={{ name: 'au', type: 'date', defaultValue: filtres.au }}
            />
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-3')}>
            <Select
              label="Type de bailleur"
              nativeSelectProps={{ name: 'typeBailleur', defaultValue: filtres.typeBailleur }}
            >
              <option value="">Tous</option>
              {TYPES_BAILLEUR.map((b) => (
                <option key={b} value={b}>
                  {LIBELLES_BAILLEUR[b] ?? b}
                </option>
              ))}
            </Select>
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-3')}>
            <Select label="Parc" nativeSelectProps={{ name: 'parc', defaultValue: filtres.parc }}>
              <option value="">Social et privé</option>
              <option value="social">Parc social</option>
              <option value="prive">Parc privé</option>
            </Select>
          </div>
        </div>
        <ul className={fr.cx('fr-btns-group', 'fr-btns-group--inline-md', 'fr-btns-group--icon-left')}>
          <li>
            <Button type="submit" iconId="fr-icon-filter-line">
              Appliquer
            </Button>
          </li>
          <li>
            <Button priority="secondary" type="button" onClick={() => setParametres(new URLSearchParams())}>
              Douze derniers mois, tous bailleurs
            </Button>
          </li>
        </ul>
      </form>

      {tableau.isPending ? (
        <Chargement texte="Calcul des indicateurs…" />
      ) : tableau.isError ? (
        <Alert
          severity="error"
          title={
            tableau.error instanceof ErreurApi && tableau.error.statut === 403
              ? 'Territoire hors de votre périmètre'
              : tableau.error instanceof ErreurApi && tableau.error.statut === 404
                ? 'Territoire inconnu'
                : 'Impossible de calculer les indicateurs'
          }
          description={tableau.error instanceof ErreurApi ? tableau.error.message : 'Erreur inattendue'}
        />
      ) : t && utilisateur ? (
        <Contenu
          t={t}
          utilisateur={utilisateur}
          territoire={territoire}
          filtres={filtres}
          recalcul={tableau.isFetching}
        />
      ) : null}
    </>
  );
}

function Contenu({
  t,
  utilisateur,
  territoire,
  filtres,
  recalcul,
}: {
  t: TableauDeBord;
  utilisateur: Utilisateur;
  territoire: string;
  filtres: FiltresTableau;
  recalcul: boolean;
}) {
  const valeurs = new Map(t.indicateurs.map((i) => [i.code, i]));
  const requete = requeteTableau(territoire, filtres);
  const moisPrecedent = (() => {
    const j = aujourdhuiParis();
    const m = Number(j.slice(5, 7));
    return m === 1 ? `${Number(j.slice(0, 4)) - 1}-12` : `${j.slice(0, 4)}-${String(m - 1).padStart(2, '0')}`;
  })();
  const donneesOuvertes = `du=${periodeParDefaut(aujourdhuiParis()).du.slice(0, 7)}&au=${moisPrecedent}`;
  const sous = t.sousTerritoires;
  const lienSous = (c: string) =>
    sous && (sous.niveau !== 'commune' || utilisateur.perimetre.type !== 'agrege')
      ? cheminTableau(sous.niveau, c)
      : null;
  return (
    <>
      <p role="status" aria-live="polite" className={fr.cx('fr-sr-only')}>
        {recalcul ? 'Mise à jour des indicateurs…' : `Indicateurs de ${t.territoire.libelle} à jour.`}
      </p>
      {t.enAttente > 0 ? (
        <Alert
          severity="info"
          small
          className={fr.cx('fr-mb-3w')}
          description={`${t.enAttente.toLocaleString('fr-FR')} dossier(s) récemment modifié(s) (actes transmis par les partenaires, chargement en masse) sont en cours d’intégration dans les indicateurs : les chiffres seront complets ${t.enAttente >= 100_000 ? 'dans quelques minutes' : 'dans moins d’une minute'}.`}
        />
      ) : null}

      <section aria-labelledby="titre-exports" className={fr.cx('fr-mb-4w')}>
        <h2 id="titre-exports" className={fr.cx('fr-h6')}>
          Exporter
        </h2>
        <Telechargements
          fichiers={[
            { libelle: 'Tableau de bord (CSV)', chemin: `/api/v1/pilotage/tableau-de-bord.csv?${requete}` },
            {
              libelle: 'Tableau de bord (Excel)',
              chemin: `/api/v1/pilotage/tableau-de-bord.xlsx?${requete}`,
            },
            ...(t.territoire.niveau === 'france'
              ? [
                  {
                    libelle: 'Données ouvertes, 12 derniers mois (CSV)',
                    chemin: `/api/v1/pilotage/donnees-ouvertes.csv?${donneesOuvertes}`,
                  },
                ]
              : []),
          ]}
        />
        {t.territoire.niveau === 'departement' && t.territoire.departement ? (
          <RapportMensuel departement={t.territoire.departement} moisParDefaut={moisPrecedent} />
        ) : null}
      </section>

      <section aria-labelledby="titre-chiffres" className={fr.cx('fr-mb-4w')}>
        <h2 id="titre-chiffres">Chiffres clés</h2>
        <ul
          className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}
          style={{ listStyle: 'none', paddingLeft: 0 }}
        >
          {INDICATEURS_PRINCIPAUX.map((c) => {
            const v = valeurs.get(c);
            const i = indicateur(c);
            return (
              <li key={c} className={fr.cx('fr-col-12', 'fr-col-sm-6', 'fr-col-md-3')}>
                <div
                  className={fr.cx('fr-p-2w')}
                  style={{ border: '1px solid var(--border-default-grey)', height: '100%' }}
                >
                  <p className={fr.cx('fr-text--sm', 'fr-mb-1v')}>{i.libelle}</p>
                  <p className={fr.cx('fr-h3', 'fr-mb-1v')}>{formaterValeur(v?.valeur, i.unite)}</p>
                  <Badge severity="info" small noIcon>
                    {`${formaterEvolution(v?.evolution ?? null, i.unite)} sur un an`}
                  </Badge>
                </div>
              </li>
            );
          })}
        </ul>
      </section>

      <section aria-labelledby="titre-entonnoir" className={fr.cx('fr-mb-4w')}>
        <h2 id="titre-entonnoir">Les étapes de la procédure</h2>
        <GraphiqueBarres
          titre="Étapes de la procédure dans la période"
          description="Nombre d’actes de chaque étape, de la période et de la même période un an plus tôt."
          unite="nombre"
          barres={INDICATEURS_PRINCIPAUX.map((c) => ({
            cle: c,
            libelle: indicateur(c).libelle,
            valeur: valeurs.get(c)?.valeur ?? null,
            precedente: valeurs.get(c)?.valeurPrecedente ?? null,
            evolution: valeurs.get(c)?.evolution ?? null,
          }))}
        />
      </section>

      <section aria-labelledby="titre-mensuel" className={fr.cx('fr-mb-4w')}>
        <h2 id="titre-mensuel">Évolution mois par mois</h2>
        <GraphiqueMensuel mois={t.series.mois} valeurs={t.series.valeurs} codes={INDICATEURS_PRINCIPAUX} />
      </section>

      {sous && sous.elements.length > 0 ? (
        <section aria-labelledby="titre-territoires" className={fr.cx('fr-mb-4w')}>
          <h2 id="titre-territoires">Par {LIBELLES_NIVEAUX[sous.niveau].toLowerCase()}</h2>
          {sous.niveau === 'departement' && t.territoire.niveau === 'france' ? (
            <CarteDepartements elements={sous.elements} />
          ) : (
            <GraphiqueBarres
              titre={`Assignations par ${LIBELLES_NIVEAUX[sous.niveau].toLowerCase()}`}
              description="Nombre d’assignations de la période dans chaque territoire."
              unite="nombre"
              avecPrecedente={false}
              barres={[...sous.elements]
                .sort((a, b) => (b.valeurs.assignations ?? 0) - (a.valeurs.assignations ?? 0))
                .slice(0, 25)
                .map((e) => ({ cle: e.code, libelle: e.libelle, valeur: e.valeurs.assignations ?? null }))}
            />
          )}
          <TableauDonnees
            titre={`Indicateurs principaux par ${LIBELLES_NIVEAUX[sous.niveau].toLowerCase()}`}
            entetes={[LIBELLES_NIVEAUX[sous.niveau], ...COLONNES_DETAIL.map((c) => indicateur(c).libelle)]}
            lignes={sous.elements.map((e) => {
              const lien = lienSous(e.code);
              return {
                cle: e.code,
                cellules: [
                  lien ? (
                    <Link
                      key="lien"
                      to={`${lien}?${new URLSearchParams(filtresSansDefaut(filtres)).toString()}`}
                    >
                      {e.libelle}
                    </Link>
                  ) : (
                    e.libelle
                  ),
                  ...COLONNES_DETAIL.map((c) => formaterValeur(e.valeurs[c] ?? null, indicateur(c).unite)),
                ],
              };
            })}
          />
        </section>
      ) : null}

      <section aria-labelledby="titre-tous" className={fr.cx('fr-mb-4w')}>
        <h2 id="titre-tous">Tous les indicateurs</h2>
        {utilisateur.perimetre.type === 'agrege' ? (
          <p>
            Votre profil donne accès aux seuls chiffres agrégés : aucun dossier n’est accessible depuis ces
            tableaux.
          </p>
        ) : null}
        {THEMES.filter((theme) => t.indicateurs.some((i) => i.theme === theme)).map((theme) => {
          const liste = t.indicateurs.filter((i) => i.theme === theme);
          const avecLiens = liste.some((i) => lienDossiers(indicateur(i.code), t.territoire, utilisateur));
          return (
            <div key={theme}>
              <h3 className={fr.cx('fr-h5')}>{LIBELLES_THEMES[theme]}</h3>
              <TableauDonnees
                titreCache
                titre={LIBELLES_THEMES[theme]}
                entetes={[
                  'Indicateur',
                  'Période',
                  'Un an plus tôt',
                  'Évolution',
                  ...(avecLiens ? ['Dossiers concernés aujourd’hui'] : []),
                ]}
                lignes={liste.map((v) => {
                  const lien = lienDossiers(indicateur(v.code), t.territoire, utilisateur);
                  return {
                    cle: v.code,
                    cellules: [
                      v.libelle,
                      formaterValeur(v.valeur, v.unite),
                      formaterValeur(v.valeurPrecedente, v.unite),
                      formaterEvolution(v.evolution, v.unite),
                      ...(avecLiens
                        ? [
                            lien ? (
                              <Link key="lien" to={lien}>
                                Voir les dossiers
                                <span className={fr.cx('fr-sr-only')}>{` : ${v.libelle}`}</span>
                              </Link>
                            ) : (
                              '—'
                            ),
                          ]
                        : []),
                    ],
                  };
                })}
              />
            </div>
          );
        })}
        {t.indisponibles.length > 0 ? (
          <>
            <h3 className={fr.cx('fr-h5')}>Indicateurs non disponibles</h3>
            <ul>
              {t.indisponibles.map((i) => (
                <li key={i.code}>
                  <strong>{i.libelle}</strong> : {i.raison}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section aria-labelledby="titre-definitions" className={fr.cx('fr-mb-4w')}>
        <h2 id="titre-definitions">Définitions</h2>
        <p>
          Chaque acte compte à sa date, bornes de la période incluses, dans le territoire du logement du
          dossier ; un acte corrigé ne compte pas (seule sa correction compte). Les liens « Voir les dossiers
          » mènent aux dossiers qui sont aujourd’hui à l’étape correspondante.
        </p>
        {THEMES.map((theme) => (
          <Accordion key={theme} label={LIBELLES_THEMES[theme]}>
            <dl>
              {INDICATEURS.filter((i) => i.theme === theme).map((i) => (
                <div key={i.code}>
                  <dt>
                    <strong>{i.libelle}</strong>
                  </dt>
                  <dd>
                    {i.definition} <em>Comptage</em> : {i.comptage} <em>Source</em> : {i.source}
                  </dd>
                </div>
              ))}
            </dl>
          </Accordion>
        ))}
      </section>
    </>
  );
}

function filtresSansDefaut(f: FiltresTableau): Record<string, string> {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== ''));
}
