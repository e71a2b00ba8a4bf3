import { describe, expect, it } from 'vitest';
import { connecter, creerAppDeTest } from '../../../test/app-de-test.js';

const { app, db } = await creerAppDeTest();
const admin75 = await connecter(app, 'admin.75@demo.exploc.fr');
const pref75 = await connecter(app, 'prefecture.75@demo.exploc.fr');

interface Element {
  communeInsee: string;
  uniteId: string | null;
  uniteNom: string | null;
  version: number;
}

async function liste() {
  const r = await admin75.requete({ method: 'GET', url: '/api/v1/admin/communes-unites' });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as { elements: Element[]; unites: { id: string; nom: string }[] };
}

function choisir(codeInsee: string, uniteId: string | null, version: number) {
  return admin75.requete({
    method: 'PUT',
    url: `/api/v1/admin/communes-unites/${codeInsee}`,
    headers: { 'if-match': `"${version}"` },
    payload: { uniteId },
  });
}

describe('table commune → unité des enquêtes de concours (administrateur départemental)', () => {
  it('liste les communes du département avec leur unité, et les unités possibles', async () => {
    expect((await pref75.requete({ method: 'GET', url: '/api/v1/admin/communes-unites' })).statusCode).toBe(
      403,
    );
    const { elements, unites } = await liste();
    expect(elements.every((e) => e.communeInsee.startsWith('75'))).toBe(true);
    expect(elements.find((e) => e.communeInsee === '75118')).toMatchObject({
      uniteNom: 'Commissariat du 18e arrondissement (démo)',
      version: 1,
    });
    expect(elements.find((e) => e.communeInsee === '75101')).toMatchObject({ uniteId: null, version: 0 });
    expect(unites.map((u) => u.nom)).toContain('Commissariat du 18e arrondissement (démo)');
  });

  it('attribue, change et retire l’unité (If-Match, journalisé, erreurs en français)', async () => {
    const { unites } = await liste();
    const police = unites[0]?.id as string;
    expect((await choisir('75101', police, 1)).statusCode).toBe(412);
    const autreDepartement = await choisir('93066', police, 0);
    expect(autreDepartement.statusCode).toBe(404);
    const prefecture = await db
      .selectFrom('organisation')
      .select('id')
      .where('type', '=', 'prefecture')
      .where('departement_code', '=', '75')
      .executeTakeFirstOrThrow();
    const pasUneUnite = await choisir('75101', prefecture.id, 0);
    expect(pasUneUnite.statusCode).toBe(422);
    expect(pasUneUnite.json().erreur.message).toBe(
      'Choisissez un commissariat ou une brigade de gendarmerie active du département.',
    );
    const invalide = await choisir('75101', 'pas-un-uuid', 0);
    expect(invalide.statusCode).toBe(400);
    expect(invalide.json().erreur.details[0].message).toBe('Identifiant d’unité invalide');

    const attribue = await choisir('75101', police, 0);
    expect(attribue.statusCode, attribue.body).toBe(200);
    expect(attribue.json()).toEqual({ communeInsee: '75101', uniteId: police, version: 1 });
    expect((await liste()).elements.find((e) => e.communeInsee === '75101')?.uniteId).toBe(police);
    const retire = await choisir('75101', null, 1);
    expect(retire.json()).toEqual({ communeInsee: '75101', uniteId: null, version: 0 });
    expect((await liste()).elements.find((e) => e.communeInsee === '75101')?.uniteId).toBeNull();
    const journal = await db
      .selectFrom('journal')
      .select('details')
      .where('action', '=', 'commune_unite_modifiee')
      .execute();
    expect(journal).toHaveLength(2);
  });
});
