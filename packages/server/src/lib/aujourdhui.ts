/** "Today" is the calendar date in Europe/Paris, or in the département's own time zone overseas (contracts/api.md). */
const FUSEAUX_OUTRE_MER: Record<string, string> = {
  '971': 'America/Guadeloupe',
  '972': 'America/Martinique',
  '973': 'America/Cayenne',
  '974': 'Indian/Reunion',
  '976': 'Indian/Mayotte',
};

const formateurs = new Map<string, Intl.DateTimeFormat>();

export function aujourdhui(departement?: string | null, maintenant: Date = new Date()): string {
  const fuseau = (departement && FUSEAUX_OUTRE_MER[departement]) || 'Europe/Paris';
  let f = formateurs.get(fuseau);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: fuseau,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formateurs.set(fuseau, f);
  }
  return f.format(maintenant);
}
