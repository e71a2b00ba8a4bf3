import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { creerBaseDeTest } from '../../test/base-de-test.js';
import { requeteMemorisee } from './requete-memorisee.js';

const { db } = await creerBaseDeTest();

describe('requête mémorisée par forme', () => {
  it('construit une fois par forme et exécute avec les valeurs de chaque appel', async () => {
    let constructions = 0;
    const communes = requeteMemorisee(
      (d, c: { departement: string }, v: { prefixe: string; limite: number }) => {
        constructions++;
        return d
          .selectFrom('commune')
          .select('code_insee')
          .where('departement_code', '=', c.departement)
          .where('code_insee', 'like', v.prefixe)
          .orderBy('code_insee')
          .limit(v.limite);
      },
    );
    expect(await communes(db, { departement: '75' }, { prefixe: '7510%', limite: 2 })).toEqual([
      { code_insee: '75101' },
      { code_insee: '75102' },
    ]);
    expect(await communes(db, { departement: '75' }, { prefixe: '7511%', limite: 1 })).toEqual([
      { code_insee: '75110' },
    ]);
    expect(constructions).toBe(1); // once, with markers: both calls run the same compiled SQL
    // Another context: another shape, its constant parameter included.
    expect(await communes(db, { departement: '93' }, { prefixe: '7510%', limite: 5 })).toEqual([]);
    expect(await communes(db, { departement: '93' }, { prefixe: '9300%', limite: 1 })).toEqual([
      { code_insee: '93001' },
    ]);
    expect(constructions).toBe(2);
  });

  it('une valeur écrite dans le texte SQL, ou absente, n’est pas mémorisée : construite à chaque appel', async () => {
    let constructions = 0;
    const litterale = requeteMemorisee((d, _c: null, v: { code: string }) => {
      constructions++;
      return d.selectFrom('commune').select('nom').where('code_insee', '=', sql.lit(v.code));
    });
    expect(await litterale(db, null, { code: '75101' })).toEqual([{ nom: 'Paris 1er Arrondissement' }]);
    expect(await litterale(db, null, { code: '93001' })).toEqual([{ nom: 'Aubervilliers' }]);
    // With markers (refused: the marker is in the SQL text), then once per call.
    expect(constructions).toBe(3);
    const ignoree = requeteMemorisee((d, _c: null, _v: { code: string }) =>
      d.selectFrom('region').select(sql<number>`count(*)::int`.as('n')),
    );
    expect((await ignoree(db, null, { code: 'x' }))[0]?.n).toBeGreaterThan(10);
  });
});
