import net from 'node:net';
import Fastify from 'fastify';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { ErreurHttp, enregistrerGestionErreurs } from './erreurs.js';
import { estErreurBaseIndisponible, protegerPool } from './indisponibilite.js';

async function portFerme(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 1));
    });
  });
}

async function appAvec(route: () => Promise<unknown>) {
  const app = Fastify();
  enregistrerGestionErreurs(app);
  app.get('/x', route);
  await app.ready();
  return app;
}

describe('base de données indisponible', () => {
  it('reconnaît les erreurs de connexion, pas les erreurs SQL', () => {
    expect(estErreurBaseIndisponible(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(estErreurBaseIndisponible(Object.assign(new Error('fin'), { code: '57P01' }))).toBe(true);
    expect(estErreurBaseIndisponible(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(
      estErreurBaseIndisponible(
        new AggregateError([Object.assign(new Error('c'), { code: 'ECONNREFUSED' })]),
      ),
    ).toBe(true);
    expect(estErreurBaseIndisponible(Object.assign(new Error('unique'), { code: '23505' }))).toBe(false);
    expect(estErreurBaseIndisponible(new Error('syntax error at or near'))).toBe(false);
    expect(estErreurBaseIndisponible(null)).toBe(false);
  });

  it('une base injoignable donne 503 base_indisponible avec Retry-After, et jamais 500', async () => {
    const pool = new pg.Pool({ connectionString: `postgres://x@127.0.0.1:${await portFerme()}/x` });
    pool.on('error', () => undefined);
    const app = await appAvec(() => pool.query('select 1'));
    const r = await app.inject({ method: 'GET', url: '/x' });
    expect(r.statusCode).toBe(503);
    expect(r.headers['retry-after']).toBe('2');
    expect(r.json()).toMatchObject({ erreur: { code: 'base_indisponible' } });
    await app.close();
    await pool.end();
  });

  it('laisse les autres erreurs au gestionnaire de l’application', async () => {
    const metier = await appAvec(async () => {
      throw new ErreurHttp(409, 'conflit', 'Conflit.');
    });
    expect((await metier.inject({ method: 'GET', url: '/x' })).statusCode).toBe(409);
    const interne = await appAvec(async () => {
      throw Object.assign(new Error('violation'), { code: '23505' });
    });
    const r = await interne.inject({ method: 'GET', url: '/x' });
    expect(r.statusCode).toBe(500);
    expect(r.json()).toMatchObject({ erreur: { code: 'erreur_interne' } });
  });

  it('une connexion qui meurt pendant qu’elle est empruntée ne fait pas tomber le processus', async () => {
    const pool = new pg.Pool({ connectionString: inject('modeleUrl').replace('{base}', 'postgres'), max: 2 });
    pool.on('error', () => undefined);
    protegerPool(pool);
    const client = await pool.connect();
    const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid;
    // Terminated by the server while checked out and idle (between two queries of a transaction).
    await pool.query('select pg_terminate_backend($1)', [pid]);
    await new Promise((r) => setTimeout(r, 200));
    await expect(client.query('select 1')).rejects.toThrow();
    client.release();
    // The pool discarded the broken client and serves again.
    expect((await pool.query<{ v: number }>('select 1 as v')).rows[0]?.v).toBe(1);
    await pool.end();
  });
});
