import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { DB } from './schema.js';

/**
 * A hot query built and compiled by Kysely once per shape, then executed with each call's values. Building and
 * compiling the two statements of a dossier read was ≈ 24 % of the server's active CPU time (docs/performance.md).
 *
 * `construire(db, contexte, valeurs)`: the shape of the SQL (and its constant parameters) may depend only on
 * `contexte` (its JSON is the cache key: a scope, a flag); every value that changes from call to call is in
 * `valeurs`, and must reach the SQL as a parameter. The first call of a shape builds it with markers in place
 * of the values and records where each lands among the parameters; a marker missing from the parameters, or
 * found in the SQL text, means the shape cannot be reused: it is then built at every call, as without this.
 */
const MARQUE = '\uE000exploc-valeur:';
const LIMITE_FORMES = 500;

type Position<V> = { valeur: keyof V } | { constante: unknown };
interface Forme<V> {
  compilee: CompiledQuery;
  positions: Position<V>[];
}

export function requeteMemorisee<C, V extends Record<string, unknown>, R>(
  construire: (db: Kysely<DB>, contexte: C, valeurs: V) => Compilable<R>,
) {
  const formes = new Map<string, Forme<V> | null>();

  function compiler(db: Kysely<DB>, contexte: C, cles: (keyof V)[]): Forme<V> | null {
    const marques = Object.fromEntries(cles.map((k) => [k, `${MARQUE}${String(k)}`])) as unknown as V;
    const compilee = construire(db, contexte, marques).compile();
    const parCle = new Map(cles.map((k) => [`${MARQUE}${String(k)}`, k]));
    const positions = compilee.parameters.map(
      (p): Position<V> =>
        typeof p === 'string' && parCle.has(p) ? { valeur: parCle.get(p) as keyof V } : { constante: p },
    );
    const utilisees = new Set(positions.flatMap((p) => ('valeur' in p ? [p.valeur] : [])));
    if (compilee.sql.includes(MARQUE) || cles.some((k) => !utilisees.has(k))) return null;
    return { compilee, positions };
  }

  return async function executer(db: Kysely<DB>, contexte: C, valeurs: V): Promise<R[]> {
    const cle = JSON.stringify(contexte);
    let forme = formes.get(cle);
    if (forme === undefined) {
      forme = compiler(db, contexte, Object.keys(valeurs) as (keyof V)[]);
      if (formes.size < LIMITE_FORMES) formes.set(cle, forme);
    }
    if (forme === null) return (await db.executeQuery<R>(construire(db, contexte, valeurs).compile())).rows;
    const parameters = forme.positions.map((p) => ('valeur' in p ? valeurs[p.valeur] : p.constante));
    return (await db.executeQuery<R>({ ...forme.compilee, parameters })).rows;
  };
}
