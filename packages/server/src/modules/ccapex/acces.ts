import type { Appelant } from '../../plugins/contexte.js';

/** The département(s) an administrator, a State agent or a commission's staff works in. */
export function departementsDe(appelant: Appelant): readonly string[] {
  if (appelant.scope.type === 'departements' || appelant.scope.type === 'commission')
    return appelant.scope.departements;
  return appelant.perimetre.departements;
}
