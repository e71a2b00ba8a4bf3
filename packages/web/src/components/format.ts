const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

export function formaterEuros(montant: number | null | undefined): string {
  return montant === null || montant === undefined ? '—' : euros.format(montant);
}

/** `YYYY-MM-DD` → `JJ/MM/AAAA` (calendar dates carry no time zone). */
export function formaterDate(date: string | null | undefined): string {
  if (!date) return '—';
  const [a, m, j] = date.slice(0, 10).split('-');
  return `${j}/${m}/${a}`;
}

export function formaterInstant(iso: string): string {
  return new Date(iso).toLocaleString('fr-FR', {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: 'Europe/Paris',
  });
}

export function libelle(table: Readonly<Record<string, string>>, code: string | null | undefined): string {
  if (!code) return '—';
  return table[code] ?? code;
}
