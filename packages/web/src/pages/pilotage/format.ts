/** Display of indicator values: French numbers, units, evolutions. */

const nombre = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const euros = new Intl.NumberFormat('fr-FR', {
  style: 'currency',
  currency: 'EUR',
  maximumFractionDigits: 0,
});

export function formaterValeur(valeur: number | null | undefined, unite: string): string {
  if (valeur === null || valeur === undefined) return '—';
  switch (unite) {
    case 'euros':
      return euros.format(valeur);
    case 'pourcentage':
      return `${nombre.format(valeur)} %`;
    case 'jours':
      return `${nombre.format(valeur)} j`;
    case 'pour_10000_habitants':
      return new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 }).format(valeur);
    default:
      return nombre.format(valeur);
  }
}

/** « +12,5 % », « −3,1 points », « +4 jours »; the sign is written out for screen readers too. */
export function formaterEvolution(evolution: number | null, unite: string): string {
  if (evolution === null) return '—';
  const signe = evolution > 0 ? '+' : evolution < 0 ? '−' : '';
  const v = nombre.format(Math.abs(evolution));
  if (unite === 'nombre' || unite === 'euros') return `${signe}${v} %`;
  if (unite === 'jours') return `${signe}${v} j`;
  return `${signe}${v} point${Math.abs(evolution) >= 2 ? 's' : ''}`;
}

export function formaterPeriode(p: { du: string; au: string }): string {
  const d = (x: string) => `${x.slice(8, 10)}/${x.slice(5, 7)}/${x.slice(0, 4)}`;
  return `du ${d(p.du)} au ${d(p.au)}`;
}
