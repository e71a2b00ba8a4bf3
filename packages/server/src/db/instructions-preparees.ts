import type pg from 'pg';

/**
 * Parameterised statements become named prepared statements of their connection: PostgreSQL parses and
 * analyses each statement once per connection instead of at every execution, and keeps its generic plan when
 * it costs no more than a custom one (its plan cache decides, as for PL/pgSQL). On the ingestion path of the
 * national dataset, parsing, analysis and planning were 42 % of PostgreSQL's CPU time (docs/performance.md).
 *
 * - Only statements with parameters (what Kysely compiles); `begin`, `commit`, `rollback` stay simple queries.
 * - At most `LIMITE_PAR_CONNEXION` statements per connection: beyond, a new statement text runs unnamed, as
 *   before. The pool closes idle connections after 30 s, which resets the count.
 * - A prepared statement whose result columns changed with the schema (« cached plan must not change result
 *   type », 0A000, after a migration run by another instance) gets a new name and is prepared again: at once
 *   outside a transaction, at the next execution inside one (the failed statement aborted the transaction).
 */
export const LIMITE_PAR_CONNEXION = 200;

type Requete = (texte: unknown, valeurs?: unknown, rappel?: unknown) => unknown;

export function preparerLesInstructions(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const requete = client.query.bind(client) as Requete;
    const noms = new Map<string, string>();
    let suivant = 0;
    const etat = client as unknown as { getTransactionStatus(): string | null };
    const preparee = (texte: unknown, valeurs?: unknown, rappel?: unknown, nouvelEssai = true): unknown => {
      if (
        typeof texte !== 'string' ||
        !Array.isArray(valeurs) ||
        valeurs.length === 0 ||
        rappel !== undefined
      ) {
        return requete(texte, valeurs, rappel);
      }
      let nom = noms.get(texte);
      if (nom === undefined) {
        if (noms.size >= LIMITE_PAR_CONNEXION) return requete(texte, valeurs);
        nom = `exploc_${suivant++}`;
        noms.set(texte, nom);
      }
      const horsTransaction = etat.getTransactionStatus() === 'I';
      const promesse = requete({ name: nom, text: texte, values: valeurs }) as Promise<unknown>;
      return promesse.catch((e: unknown) => {
        // 0A000 is « feature not supported » in general: only the plan cache's message is this case.
        const { code, message } = e as { code?: string; message?: string };
        if (code !== '0A000' || !message?.includes('cached plan must not change result type')) throw e;
        noms.delete(texte);
        if (horsTransaction && nouvelEssai) return preparee(texte, valeurs, undefined, false);
        throw e;
      });
    };
    (client as unknown as { query: Requete }).query = (texte, valeurs, rappel) =>
      preparee(texte, valeurs, rappel);
  });
}
