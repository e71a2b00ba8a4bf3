import { fr } from '@codegouvfr/react-dsfr';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { type CodeIndicateur, indicateur } from '@exploc/domain/indicateurs/catalogue';
import { libelleMois } from '@exploc/domain/indicateurs/periode';
import { useId, useState } from 'react';
import type { Valeurs } from '../../api/pilotage';
import { formaterEvolution, formaterValeur } from './format';
import { TableauDonnees } from './TableauDonnees';

/** DSFR colours: the current period in blue France, last year in a grey that stays readable (≥ 3:1). */
const BLEU = 'var(--background-action-high-blue-france)';
const GRIS = 'var(--text-mention-grey)';

export interface Barre {
  cle: string;
  libelle: string;
  valeur: number | null;
  precedente?: number | null;
  evolution?: number | null;
}

/**
 * Horizontal bars (the procedure funnel, sub-territories), this period and — thinner, grey — the same
 * period a year earlier. Followed by the same figures as a table.
 */
export function GraphiqueBarres({
  titre,
  description,
  barres,
  unite,
  avecPrecedente = true,
}: {
  titre: string;
  description: string;
  barres: Barre[];
  unite: string;
  avecPrecedente?: boolean;
}) {
  const id = useId();
  const largeurLibelle = 310;
  const largeur = 760;
  const pas = avecPrecedente ? 34 : 26;
  const hauteur = barres.length * pas + 10;
  const max = Math.max(
    1,
    ...barres.flatMap((b) => [b.valeur ?? 0, avecPrecedente ? (b.precedente ?? 0) : 0]),
  );
  const echelle = (v: number) => ((largeur - largeurLibelle - 80) * v) / max;
  return (
    <figure className={fr.cx('fr-mb-4w')}>
      <svg
        viewBox={`0 0 ${largeur} ${hauteur}`}
        role="img"
        aria-labelledby={`${id}-titre ${id}-desc`}
        style={{ width: '100%', maxWidth: largeur, height: 'auto' }}
      >
        <title id={`${id}-titre`}>{titre}</title>
        <desc id={`${id}-desc`}>{description} Les valeurs sont reprises dans le tableau qui suit.</desc>
        {barres.map((b, k) => {
          const y = 5 + k * pas;
          return (
            <g key={b.cle}>
              <text x={largeurLibelle - 8} y={y + 14} textAnchor="end" fontSize="12" fill="currentColor">
                {b.libelle.length > 44 ? `${b.libelle.slice(0, 43)}…` : b.libelle}
              </text>
              <rect x={largeurLibelle} y={y + 2} width={echelle(b.valeur ?? 0)} height={16} fill={BLEU} />
              <text
                x={largeurLibelle + echelle(b.valeur ?? 0) + 6}
                y={y + 15}
                fontSize="12"
                fill="currentColor"
              >
                {formaterValeur(b.valeur, unite)}
              </text>
              {avecPrecedente ? (
                <rect
                  x={largeurLibelle}
                  y={y + 21}
                  width={echelle(b.precedente ?? 0)}
                  height={6}
                  fill={GRIS}
                />
              ) : null}
            </g>
          );
        })}
      </svg>
      {avecPrecedente ? (
        <figcaption className={fr.cx('fr-text--sm')}>
          <span
            aria-hidden="true"
            style={{ display: 'inline-block', width: 12, height: 12, background: BLEU }}
          />{' '}
          Période choisie ·{' '}
          <span
            aria-hidden="true"
            style={{ display: 'inline-block', width: 12, height: 4, background: GRIS }}
          />{' '}
          même période un an plus tôt
        </figcaption>
      ) : null}
      <TableauDonnees
        titre={titre}
        entetes={
          avecPrecedente ? ['Indicateur', 'Période', 'Un an plus tôt', 'Évolution'] : ['Territoire', 'Valeur']
        }
        lignes={barres.map((b) => ({
          cle: b.cle,
          cellules: avecPrecedente
            ? [
                b.libelle,
                formaterValeur(b.valeur, unite),
                formaterValeur(b.precedente ?? null, unite),
                formaterEvolution(b.evolution ?? null, unite),
              ]
            : [b.libelle, formaterValeur(b.valeur, unite)],
        }))}
      />
    </figure>
  );
}

/** Monthly columns of one indicator chosen in a list; the table gives every main indicator by month. */
export function GraphiqueMensuel({
  mois,
  valeurs,
  codes,
}: {
  mois: string[];
  valeurs: Record<string, Valeurs>;
  codes: readonly CodeIndicateur[];
}) {
  const id = useId();
  const [code, setCode] = useState<CodeIndicateur>(codes[0] ?? 'assignations');
  const i = indicateur(code);
  const largeur = 760;
  const hauteur = 240;
  const bas = 200;
  const gauche = 50;
  const serie = mois.map((m) => valeurs[m]?.[code] ?? 0);
  const max = Math.max(1, ...serie.map((v) => v ?? 0));
  const pas = (largeur - gauche - 10) / Math.max(1, mois.length);
  const h = (v: number) => ((bas - 20) * v) / max;
  return (
    <figure className={fr.cx('fr-mb-4w')}>
      <Select
        label="Indicateur affiché dans le graphique"
        nativeSelectProps={{ value: code, onChange: (e) => setCode(e.target.value as CodeIndicateur) }}
      >
        {codes.map((c) => (
          <option key={c} value={c}>
            {indicateur(c).libelle}
          </option>
        ))}
      </Select>
      <svg
        viewBox={`0 0 ${largeur} ${hauteur}`}
        role="img"
        aria-labelledby={`${id}-titre`}
        style={{ width: '100%', maxWidth: largeur, height: 'auto' }}
      >
        <title id={`${id}-titre`}>
          {`${i.libelle}, par mois : les valeurs de chaque mois sont reprises dans le tableau qui suit.`}
        </title>
        <line x1={gauche} y1={bas} x2={largeur - 10} y2={bas} stroke="currentColor" />
        <text x={gauche - 6} y={26} fontSize="12" textAnchor="end" fill="currentColor">
          {formaterValeur(max, i.unite)}
        </text>
        <text x={gauche - 6} y={bas} fontSize="12" textAnchor="end" fill="currentColor">
          0
        </text>
        {mois.map((m, k) => {
          const v = serie[k] ?? 0;
          return (
            <g key={m}>
              <rect
                x={gauche + k * pas + pas * 0.15}
                y={bas - h(v)}
                width={pas * 0.7}
                height={h(v)}
                fill={BLEU}
              />
              {mois.length <= 24 || k % 3 === 0 ? (
                <text
                  x={gauche + k * pas + pas / 2}
                  y={bas + 16}
                  fontSize="11"
                  textAnchor="middle"
                  fill="currentColor"
                >
                  {`${m.slice(5, 7)}/${m.slice(2, 4)}`}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <TableauDonnees
        titre="Indicateurs principaux par mois"
        entetes={['Mois', ...codes.map((c) => indicateur(c).libelle)]}
        lignes={mois.map((m) => ({
          cle: m,
          cellules: [
            libelleMois(m),
            ...codes.map((c) => formaterValeur(valeurs[m]?.[c] ?? null, indicateur(c).unite)),
          ],
        }))}
      />
    </figure>
  );
}
