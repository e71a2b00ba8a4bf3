/**
 * Writing generated rows: PostgreSQL COPY (text format) on one connection for large loads, multi-row
 * inserts through Kysely otherwise; and, around a large load, dropping and rebuilding the secondary
 * indexes and foreign keys of the filled tables (maintaining them row by row costs far more than
 * building them once).
 */
import { type Kysely, sql } from 'kysely';
import type pg from 'pg';
import { from as copierDepuis } from 'pg-copy-streams';
import type { DB } from '../../db/schema.js';
import { COLONNES, type Lignes, type Table, type Valeur } from './dossier.js';

/** Tables in foreign-key order. */
export const ORDRE_TABLES: readonly Table[] = [
  'bailleur',
  'dossier',
  'personne',
  'evenement',
  'dossier_organisation',
];

export interface Ecrivain {
  ecrire(lignes: Lignes): Promise<void>;
}

const A_ECHAPPER = /[\\\t\n\r]/;

/** COPY text format: tab-separated, `\N` for null, backslash escapes (PostgreSQL docs, « COPY »). */
function champCopie(v: Valeur): string {
  if (v === null) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') {
    return A_ECHAPPER.test(v)
      ? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
      : v;
  }
  // text[] literal: the alert codes are snake_case words, quoted anyway in case another value shows up.
  return `{${v.map((e) => `"${e.replace(/["\\]/g, '\\$&')}"`).join(',')}}`.replace(/\\/g, '\\\\');
}

export function texteCopie(lignes: readonly Valeur[][]): string {
  let texte = '';
  for (const ligne of lignes) {
    let l = '';
    for (let i = 0; i < ligne.length; i++) l += (i === 0 ? '' : '\t') + champCopie(ligne[i] as Valeur);
    texte += `${l}\n`;
  }
  return texte;
}

/** COPY FROM STDIN of one batch per table, in foreign-key order, on the connection of the transaction. */
export function ecrivainCopie(client: pg.PoolClient): Ecrivain {
  return {
    async ecrire(lignes) {
      for (const table of ORDRE_TABLES) {
        const rangs = lignes[table];
        if (rangs.length === 0) continue;
        const flux = client.query(copierDepuis(`copy ${table} (${COLONNES[table].join(', ')}) from stdin`));
        await new Promise<void>((resolve, reject) => {
          flux.on('error', reject);
          flux.on('finish', resolve);
          // Chunks of ~1 MB: the socket drains while the next one is encoded.
          for (let i = 0; i < rangs.length; i += 2000) flux.write(texteCopie(rangs.slice(i, i + 2000)));
          flux.end();
        });
      }
    },
  };
}

/** Multi-row inserts in a Kysely transaction (the demo seed only has a Kysely handle). */
export function ecrivainKysely(db: Kysely<DB>): Ecrivain {
  return {
    async ecrire(lignes) {
      for (const table of ORDRE_TABLES) {
        const rangs = lignes[table];
        const colonnes = COLONNES[table];
        for (let i = 0; i < rangs.length; i += 1000) {
          const objets = rangs
            .slice(i, i + 1000)
            .map((r) => Object.fromEntries(colonnes.map((c, k) => [c, r[k]])));
          // The row shapes are those of COLONNES, checked against the schema by the COPY path's tests.
          await db
            .insertInto(table)
            .values(objets as never)
            .execute();
        }
      }
    },
  };
}

export interface ObjetsSecondaires {
  index: { nom: string; definition: string }[];
  contraintes: { table: string; nom: string; definition: string }[];
}

/**
 * Drops the non-unique secondary indexes and the foreign keys of the filled tables, and returns their
 * definitions to rebuild them. Primary keys and unique indexes stay: they guard the data being loaded.
 * Runs in the load's transaction, so a failed load gets them back by rolling back.
 */
export async function retirerObjetsSecondaires(db: Kysely<DB>): Promise<ObjetsSecondaires> {
  const tables = [...ORDRE_TABLES];
  const index = await sql<{ nom: string; definition: string }>`
    select i.relname as nom, pg_get_indexdef(x.indexrelid) as definition
    from pg_index x
    join pg_class i on i.oid = x.indexrelid
    join pg_class t on t.oid = x.indrelid
    join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = current_schema() and t.relname = any(${tables}::text[])
      and not x.indisprimary and not x.indisunique
      and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)
    order by t.relname, i.relname`.execute(db);
  const contraintes = await sql<{ table: string; nom: string; definition: string }>`
    select t.relname as table, c.conname as nom, pg_get_constraintdef(c.oid) as definition
    from pg_constraint c
    join pg_class t on t.oid = c.conrelid
    join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = current_schema() and c.contype = 'f' and t.relname = any(${tables}::text[])
    order by t.relname, c.conname`.execute(db);
  for (const c of contraintes.rows) {
    await sql`alter table ${sql.id(c.table)} drop constraint ${sql.id(c.nom)}`.execute(db);
  }
  for (const i of index.rows) await sql`drop index ${sql.id(i.nom)}`.execute(db);
  return { index: index.rows, contraintes: contraintes.rows };
}

/** Rebuilds what `retirerObjetsSecondaires` dropped; foreign keys are checked once, in bulk. */
export async function retablirObjetsSecondaires(
  db: Kysely<DB>,
  objets: ObjetsSecondaires,
  journal: (message: string) => void,
): Promise<void> {
  for (const i of objets.index) {
    const debut = Date.now();
    await sql.raw(i.definition).execute(db);
    journal(`  index ${i.nom} reconstruit en ${((Date.now() - debut) / 1000).toFixed(1)} s`);
  }
  for (const c of objets.contraintes) {
    const debut = Date.now();
    await sql`alter table ${sql.id(c.table)} add constraint ${sql.id(c.nom)} ${sql.raw(c.definition)}`.execute(
      db,
    );
    journal(`  contrainte ${c.table}.${c.nom} vérifiée en ${((Date.now() - debut) / 1000).toFixed(1)} s`);
  }
}
