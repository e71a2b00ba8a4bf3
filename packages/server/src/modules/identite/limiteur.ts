/**
 * Failed-login throttle (OWASP ASVS 2.2.1): after `max` failures for one address and account within the window,
 * further attempts wait until the window ends; a successful login clears the count. Kept in the process: with
 * several instances, each counts on its own (the per-address limit of the route still applies).
 */
export function creerLimiteurEchecs(o: { max: number; fenetreMs: number; maintenant?: () => number }) {
  const maintenant = o.maintenant ?? Date.now;
  const echecs = new Map<string, { nombre: number; debut: number }>();
  const nettoyer = () => {
    if (echecs.size < 10_000) return;
    const t = maintenant();
    for (const [cle, e] of echecs) if (t - e.debut > o.fenetreMs) echecs.delete(cle);
  };
  return {
    /** Seconds to wait before a new attempt (0: allowed). */
    attente(cle: string): number {
      const e = echecs.get(cle);
      if (!e) return 0;
      const ecoule = maintenant() - e.debut;
      if (ecoule > o.fenetreMs) {
        echecs.delete(cle);
        return 0;
      }
      return e.nombre >= o.max ? Math.ceil((o.fenetreMs - ecoule) / 1000) : 0;
    },
    echec(cle: string): void {
      nettoyer();
      const e = echecs.get(cle);
      if (!e || maintenant() - e.debut > o.fenetreMs) echecs.set(cle, { nombre: 1, debut: maintenant() });
      else e.nombre++;
    },
    reussite(cle: string): void {
      echecs.delete(cle);
    },
  };
}
