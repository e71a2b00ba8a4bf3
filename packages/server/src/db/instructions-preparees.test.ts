import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { creerBaseDeTest } from '../../test/base-de-test.js';
import { creerKysely } from './connexion.js';
import { LIMITE_PAR_CONNEXION } from './instructions-preparees.js';

const { url } = await creerBaseDeTest();

/** One connection: every statement below runs on it, and pg_prepared_statements shows its session. */
async function uneConnexion() {
  const { db } = creerKysely(url, 1);
  const preparees = async () =>
    (
      await sql<{ statement: string; executions: number }>`
        select statement, (generic_plans + custom_plans)::int as executions from pg_prepared_statements`.execute(
        db,
      )
    ).rows;
  return { db, preparees };
}

describe('instructions préparées par connexion', () => {
  it('une instruction paramétrée est préparée une fois, puis réutilisée', async () => {
    const { db, preparees } = await uneConnexion();
    for (const n of [1, 2, 3]) {
      const r = await sql<{ double: number }>`select ${n}::int * 2 as double`.execute(db);
      expect(r.rows[0]?.double).toBe(n * 2);
    }
    // A statement without parameters stays a simple query.
    await sql`select 1`.execute(db);
    expect(await preparees()).toEqual([{ statement: 'select $1::int * 2 as double', executions: 3 }]);
    await db.destroy();
  });

  it('au-delà de la limite, une nouvelle instruction s’exécute sans être préparée', async () => {
    const { db, preparees } = await uneConnexion();
    for (let i = 0; i < LIMITE_PAR_CONNEXION + 5; i++) {
      const r = await sql<{ v: number }>`select ${i}::int as ${sql.ref(`v${i}`)}`.execute(db);
      expect(Object.values(r.rows[0] ?? {})).toEqual([i]);
    }
    expect(await preparees()).toHaveLength(LIMITE_PAR_CONNEXION);
    await db.destroy();
  });

  it('une instruction dont les colonnes changent avec le schéma est préparée à nouveau', async () => {
    const { db, preparees } = await uneConnexion();
    await sql`create table essai_preparee (a int)`.execute(db);
    await sql`insert into essai_preparee values (1)`.execute(db);
    const lire = () => sql`select * from essai_preparee where a = ${1}`.execute(db);
    expect((await lire()).rows).toEqual([{ a: 1 }]);
    // Another instance's migration: PostgreSQL refuses the prepared statement (0A000)…
    await sql`alter table essai_preparee add column b int`.execute(db);
    // …outside a transaction, it is prepared again at once.
    expect((await lire()).rows).toEqual([{ a: 1, b: null }]);
    // Inside a transaction, the statement fails (the transaction is aborted), and the next one succeeds.
    await sql`alter table essai_preparee add column c int`.execute(db);
    await expect(
      db.transaction().execute(async (trx) => sql`select * from essai_preparee where a = ${1}`.execute(trx)),
    ).rejects.toMatchObject({ code: '0A000' });
    expect((await lire()).rows).toEqual([{ a: 1, b: null, c: null }]);
    expect((await preparees()).filter((p) => p.statement.includes('essai_preparee'))).toHaveLength(3);
    await sql`drop table essai_preparee`.execute(db);
    await db.destroy();
  });

  it('une autre erreur « fonctionnalité non prise en charge » (0A000) reste une erreur, sans nouvel essai', async () => {
    const { db } = await uneConnexion();
    const essai = sql`select c.nom from commune c left join departement d on d.code = c.departement_code
      where c.code_insee = ${'75101'} for update of d`.execute(db);
    await expect(essai).rejects.toMatchObject({ code: '0A000' });
    expect((await sql<{ n: number }>`select ${1}::int as n`.execute(db)).rows).toEqual([{ n: 1 }]);
    await db.destroy();
  });
});
