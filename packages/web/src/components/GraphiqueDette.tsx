import { fr } from '@codegouvfr/react-dsfr';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { formaterDate, formaterEuros } from './format';

/** Debt over time: an SVG line chart in the DSFR blue, always followed by the same data as a table (RGAA 1.x). */
export function GraphiqueDette({ points }: { points: { date: string; montant: number; source: string }[] }) {
  if (points.length === 0) return <p>Aucun montant de dette n’est connu pour ce dossier.</p>;
  const largeur = 600;
  const hauteur = 220;
  const marge = 50;
  const t = points.map((p) => Date.parse(p.date));
  const tMin = Math.min(...t);
  const tMax = Math.max(...t);
  const max = Math.max(...points.map((p) => p.montant), 1);
  const x = (v: number) =>
    marge +
    (tMax === tMin ? (largeur - 2 * marge) / 2 : ((v - tMin) / (tMax - tMin)) * (largeur - 2 * marge));
  const y = (v: number) => hauteur - marge + 10 - (v / max) * (hauteur - marge - 10);
  const chemin = points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(t[i] ?? 0).toFixed(1)},${y(p.montant).toFixed(1)}`)
    .join(' ');
  return (
    <figure className={fr.cx('fr-mb-3w')}>
      <svg
        viewBox={`0 0 ${largeur} ${hauteur}`}
        role="img"
        aria-labelledby="titre-graphique-dette"
        style={{ width: '100%', maxWidth: largeur, height: 'auto' }}
      >
        <title id="titre-graphique-dette">
          Évolution de la dette : les valeurs sont reprises dans le tableau qui suit.
        </title>
        <line
          x1={marge}
          y1={hauteur - marge + 10}
          x2={largeur - marge}
          y2={hauteur - marge + 10}
          stroke="currentColor"
        />
        <line x1={marge} y1={10} x2={marge} y2={hauteur - marge + 10} stroke="currentColor" />
        <text x={4} y={16} fontSize="12" fill="currentColor">
          {formaterEuros(max)}
        </text>
        <text x={4} y={hauteur - marge + 10} fontSize="12" fill="currentColor">
          0 €
        </text>
        <path d={chemin} fill="none" stroke="var(--text-action-high-blue-france)" strokeWidth="3" />
        {points.map((p, i) => (
          <circle
            key={`${p.date}-${p.montant}-${p.source}`}
            cx={x(t[i] ?? 0)}
            cy={y(p.montant)}
            r="5"
            fill="var(--text-action-high-blue-france)"
          />
        ))}
        <text x={marge} y={hauteur - 8} fontSize="12" fill="currentColor">
          {formaterDate(points[0]?.date)}
        </text>
        <text x={largeur - marge} y={hauteur - 8} fontSize="12" fill="currentColor" textAnchor="end">
          {formaterDate(points[points.length - 1]?.date)}
        </text>
      </svg>
      <figcaption className={fr.cx('fr-sr-only')}>Graphique de l’évolution de la dette</figcaption>
      <Table
        caption="Évolution de la dette"
        headers={['Date', 'Montant', 'Source']}
        data={points.map((p) => [formaterDate(p.date), formaterEuros(p.montant), p.source])}
      />
    </figure>
  );
}
