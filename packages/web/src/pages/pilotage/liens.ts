/**
 * Links of the steering pages: each territory's dashboard, and the drill-down from an indicator to the
 * matching dossiers — the dossiers list filtered on the indicator's phase or alert and on the territory,
 * only when the user may read dossiers there (the national profile never may).
 */
import type { Indicateur } from '@exploc/domain/indicateurs/catalogue';
import type { NiveauTerritoire } from '@exploc/domain/indicateurs/territoire';
import type { Utilisateur } from '../../api/session';

export function cheminTableau(niveau: NiveauTerritoire, code: string | null): string {
  return niveau === 'france' || code === null ? '/pilotage/france' : `/pilotage/${niveau}/${code}`;
}

/** `75` → département, `arrondissement:932` → arrondissement (the API's territory codes). */
export function codeApi(niveau: NiveauTerritoire, code: string | null): string {
  if (niveau === 'france' || code === null) return 'FR';
  return niveau === 'departement' ? code : `${niveau}:${code}`;
}

export function lienDossiers(
  i: Indicateur,
  territoire: { niveau: NiveauTerritoire; code: string | null },
  u: Utilisateur,
): string | null {
  if (!i.dossiers || !u.permissions.some((p) => p.code === 'dossier.lire')) return null;
  const p = new URLSearchParams();
  if ('phase' in i.dossiers) p.set('phase', i.dossiers.phase);
  else p.set('alerte', i.dossiers.alerte);
  switch (territoire.niveau) {
    case 'departement':
      if (u.perimetre.type !== 'departements' || !territoire.code) return null;
      if (!u.perimetre.departements.includes(territoire.code)) return null;
      p.set('departement', territoire.code);
      break;
    case 'commune':
      if (!territoire.code) return null;
      p.set('commune', territoire.code);
      break;
    case 'arrondissement':
      // The list has no arrondissement filter: only a sub-prefecture whose whole scope is this arrondissement.
      if (u.perimetre.type !== 'arrondissements' || u.perimetre.arrondissements.join() !== territoire.code)
        return null;
      break;
    default:
      return null;
  }
  return `/dossiers?${p.toString()}`;
}
