import { describe, expect, it } from 'vitest';
import { configDeTest, creerBaseDeTest } from '../../../test/base-de-test.js';
import { construireApp } from '../../app.js';
import { seederDemo } from '../../seed/demo.js';
import { BaseNonBacASable, CLIENTS_BAC_A_SABLE, estBacASable, preparerBacASable } from './bac-a-sable.js';

describe('bac à sable des partenaires', () => {
  it('marque une base vide, y met la démonstration et un client par type de partenaire, une seule fois', async () => {
    const { db } = await creerBaseDeTest();
    const crees = await preparerBacASable(db);
    expect(crees.map((c) => c.type).sort()).toEqual(CLIENTS_BAC_A_SABLE.map((c) => c.type).sort());
    expect(await estBacASable(db)).toBe(true);
    const dossiers = await db
      .selectFrom('dossier')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(dossiers.n)).toBeGreaterThan(0);
    // The secrets are only shown at creation: a restart creates nothing and shows nothing.
    expect(await preparerBacASable(db)).toEqual([]);
    const clients = await db.selectFrom('partenaire_client').select('secret_hash').execute();
    for (const c of crees) expect(clients.map((x) => x.secret_hash)).not.toContain(c.clientSecret);
  });

  it('refuse une base qui a déjà des comptes sans être un bac à sable', async () => {
    const { db } = await creerBaseDeTest();
    await seederDemo(db);
    await expect(preparerBacASable(db)).rejects.toBeInstanceOf(BaseNonBacASable);
    expect(await estBacASable(db)).toBe(false);
    expect(await db.selectFrom('partenaire_client').select('id').execute()).toEqual([]);
  });

  it('chaque réponse le signale, et l’étude de démonstration transmet un acte avec ses identifiants', async () => {
    const { db } = await creerBaseDeTest();
    const crees = await preparerBacASable(db);
    const app = await construireApp({ db, config: configDeTest({ bacASable: true }), journalisation: false });
    try {
      for (const url of ['/api/sante', '/api/v1/configuration', '/api/v1/inexistant']) {
        const r = await app.inject({ method: 'GET', url });
        expect(r.headers['exploc-bac-a-sable'], url).toBe('1');
      }
      const conf = await app.inject({ method: 'GET', url: '/api/v1/configuration' });
      expect((conf.json() as { bacASable: boolean }).bacASable).toBe(true);
      const etude = crees.find((c) => c.type === 'commissaire_justice');
      if (!etude) throw new Error('étude absente');
      const jeton = await app.inject({
        method: 'POST',
        url: '/api/partenaires/v1/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: etude.clientId,
          client_secret: etude.clientSecret,
        }).toString(),
      });
      expect(jeton.statusCode, jeton.body).toBe(200);
      const acte = await app.inject({
        method: 'POST',
        url: '/api/partenaires/v1/actes',
        headers: {
          authorization: `Bearer ${(jeton.json() as { access_token: string }).access_token}`,
          'idempotency-key': 'bac-a-sable-1',
        },
        payload: {
          reference: 'SANDBOX-1',
          type: 'commandement_de_payer',
          date: '2026-09-02',
          montantDette: 2340,
          moisImpayes: 4,
          dossier: {
            menage: {
              personnes: [{ nom: 'Essai', prenoms: 'Alice', dateNaissance: '1985-04-12', role: 'titulaire' }],
            },
            logement: {
              adresse: { ligne: '3 rue du Test', codePostal: '75018', codeInsee: '75118' },
              social: false,
            },
            bail: { dateSignature: '2024-02-15', loyerMensuelHC: 650, chargesMensuelles: 80 },
            bailleur: { type: 'personne_physique', nom: 'M. Test' },
          },
        },
      });
      expect(acte.statusCode, acte.body).toBe(201);
      expect(acte.headers['exploc-bac-a-sable']).toBe('1');
    } finally {
      await app.close();
    }
  });

  it('hors bac à sable, aucune réponse ne porte l’en-tête', async () => {
    const { db } = await creerBaseDeTest();
    const app = await construireApp({ db, config: configDeTest(), journalisation: false });
    try {
      const r = await app.inject({ method: 'GET', url: '/api/sante' });
      expect(r.headers['exploc-bac-a-sable']).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});
