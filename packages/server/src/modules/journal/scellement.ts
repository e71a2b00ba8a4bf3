import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

/** The hash that starts the chain. */
export const GENESE = '0'.repeat(64);

/**
 * Rows are sealed once they are older than this: every transaction that writes the journal is far shorter
 * (statement and idle-in-transaction timeouts), so no row with a smaller id can still appear afterwards.
 */
export const DELAI_SCELLEMENT_SECONDES = 120;
const LIGNES_PAR_BLOC_MAX = 50_000;

type Ligne = {
  id: number;
  horodatage: Date;
  utilisateur_id: string | null;
  profil: string | null;
  organisation_id: string | null;
  departement_code: string | null;
  action: string;
  objet_type: string | null;
  objet_id: string | null;
  requete_id: string | null;
  details: unknown;
};

function canonique(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonique).join(',')}]`;
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonique((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v instanceof Date ? v.toISOString() : v) ?? 'null';
}

export function hacherBloc(hashPrecedent: string, lignes: Ligne[]): string {
  const h = createHash('sha256').update(hashPrecedent);
  for (const l of lignes) h.update('\n').update(canonique(l));
  return h.digest('hex');
}

/**
 * A row as it is hashed: this order is part of the seal (changing it breaks every existing block), so it is
 * written here, not borrowed from the list of columns a journal row is inserted with.
 */
export const COLONNES_SCELLEES = [
  'id',
  'horodatage',
  'utilisateur_id',
  'profil',
  'organisation_id',
  'departement_code',
  'action',
  'objet_type',
  'objet_id',
  'requete_id',
  'details',
] as const;

/** Seals the journal rows old enough into new blocks. Serialised by an advisory lock (one sealer at a time). */
export async function scellerJournal(
  db: Kysely<DB>,
  maintenant = new Date(),
): Promise<{ blocs: number; lignes: number }> {
  return db.transaction().execute(async (trx) => {
    const verrou = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(4242) as ok`.execute(trx);
    if (!verrou.rows[0]?.ok) return { blocs: 0, lignes: 0 };
    const dernier = await trx
      .selectFrom('journal_bloc')
      .select(['dernier_id', 'hash'])
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    const limite = new Date(maintenant.getTime() - DELAI_SCELLEMENT_SECONDES * 1000);
    let apres = dernier?.dernier_id ?? 0;
    let precedent = dernier?.hash ?? GENESE;
    let blocs = 0;
    let total = 0;
    for (;;) {
      const lignes = (await trx
        .selectFrom('journal')
        .select(COLONNES_SCELLEES)
        .where('id', '>', apres)
        .where('horodatage', '<', limite)
        .orderBy('id')
        .limit(LIGNES_PAR_BLOC_MAX)
        .execute()) as Ligne[];
      if (lignes.length === 0) break;
      const hash = hacherBloc(precedent, lignes);
      const premier = lignes[0]?.id ?? 0;
      const fin = lignes[lignes.length - 1]?.id ?? 0;
      await trx
        .insertInto('journal_bloc')
        .values({
          premier_id: premier,
          dernier_id: fin,
          lignes: lignes.length,
          hash_precedent: precedent,
          hash,
        })
        .execute();
      apres = fin;
      precedent = hash;
      blocs++;
      total += lignes.length;
      if (lignes.length < LIGNES_PAR_BLOC_MAX) break;
    }
    return { blocs, lignes: total };
  });
}

export type ResultatVerification =
  | { intact: true; blocs: number; lignes: number; nonScellees: number }
  | { intact: false; blocs: number; premierBlocCasse: number; raison: string };

/**
 * Recomputes every block from the rows it covers and checks the chain. The first block kept may follow purged
 * ones: its `hash_precedent` is then taken as given.
 */
export async function verifierJournal(db: Kysely<DB>): Promise<ResultatVerification> {
  const blocs = await db.selectFrom('journal_bloc').selectAll().orderBy('id').execute();
  let precedent: string | undefined;
  let lignes = 0;
  let finPrecedente: number | undefined;
  for (const b of blocs) {
    if (precedent !== undefined && b.hash_precedent !== precedent) {
      return {
        intact: false,
        blocs: blocs.length,
        premierBlocCasse: b.id,
        raison: 'chaînage rompu (hash précédent)',
      };
    }
    const contenu = (await db
      .selectFrom('journal')
      .select(COLONNES_SCELLEES)
      .where('id', '>', finPrecedente ?? b.premier_id - 1)
      .where('id', '<=', b.dernier_id)
      .orderBy('id')
      .execute()) as Ligne[];
    if (contenu.length !== b.lignes || (contenu[0]?.id ?? -1) !== b.premier_id) {
      return {
        intact: false,
        blocs: blocs.length,
        premierBlocCasse: b.id,
        raison: 'lignes supprimées ou ajoutées',
      };
    }
    if (hacherBloc(b.hash_precedent, contenu) !== b.hash) {
      return { intact: false, blocs: blocs.length, premierBlocCasse: b.id, raison: 'contenu modifié' };
    }
    precedent = b.hash;
    finPrecedente = b.dernier_id;
    lignes += b.lignes;
  }
  const reste = await db
    .selectFrom('journal')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('id', '>', finPrecedente ?? 0)
    .executeTakeFirstOrThrow();
  return { intact: true, blocs: blocs.length, lignes, nonScellees: Number(reste.n) };
}
