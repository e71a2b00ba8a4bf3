import { describe, expect, it } from 'vitest';
import { connecter, creerAppDeTest } from '../../../test/app-de-test.js';
import { COMPTES_DEMO } from '../../seed/demo.js';

const { app, db } = await creerAppDeTest();

describe('session (contracts/api.md, « Agents’ session »)', () => {
  it.each(COMPTES_DEMO.map((c) => [c.email, c.profil]))(
    '%s se connecte, lit /moi et se déconnecte',
    async (email, profil) => {
      const agent = await connecter(app, email);
      expect(agent.utilisateur.profil).toBe(profil);
      const moi = await agent.requete({ method: 'GET', url: '/api/v1/moi' });
      expect(moi.statusCode).toBe(200);
      expect(moi.json().utilisateur.email).toBe(email);
      expect(moi.json().csrfToken).toBe(agent.csrf);
      const sortie = await agent.requete({ method: 'DELETE', url: '/api/v1/session' });
      expect(sortie.statusCode).toBe(204);
      const apres = await agent.requete({ method: 'GET', url: '/api/v1/moi' });
      expect(apres.statusCode).toBe(401);
      expect(apres.json().erreur.code).toBe('non_authentifie');
    },
  );

  it('pose un cookie HttpOnly SameSite=Lax et renouvelle l’identifiant à chaque connexion', async () => {
    const r1 = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: 'prefecture.75@demo.exploc.fr', motDePasse: 'demo' },
    });
    const c1 = r1.cookies.find((c) => c.name === 'exploc_session');
    expect(c1?.httpOnly).toBe(true);
    expect(c1?.sameSite).toBe('Lax');
    const r2 = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { cookie: `exploc_session=${c1?.value}` },
      payload: { email: 'prefecture.75@demo.exploc.fr', motDePasse: 'demo' },
    });
    const c2 = r2.cookies.find((c) => c.name === 'exploc_session');
    expect(c2?.value).not.toBe(c1?.value);
    // The previous session was destroyed at the new login (no fixation).
    const ancienne = await app.inject({
      method: 'GET',
      url: '/api/v1/moi',
      headers: { cookie: `exploc_session=${c1?.value}` },
    });
    expect(ancienne.statusCode).toBe(401);
  });

  it('répond 401 identifiants_invalides de la même façon que l’e-mail existe ou non', async () => {
    const faux = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: 'prefecture.93@demo.exploc.fr', motDePasse: 'mauvais' },
    });
    const inconnu = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: 'personne@exemple.fr', motDePasse: 'mauvais' },
    });
    expect(faux.statusCode).toBe(401);
    expect(inconnu.statusCode).toBe(401);
    expect(faux.json()).toEqual(inconnu.json());
    expect(faux.json().erreur.code).toBe('identifiants_invalides');
  });

  it('limite les tentatives répétées (429 avec Retry-After)', async () => {
    const statuts: number[] = [];
    let derniere: Awaited<ReturnType<typeof app.inject>> | undefined;
    for (let i = 0; i < 12; i++) {
      derniere = await app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { email: 'force.brute@exemple.fr', motDePasse: `essai-${i}` },
      });
      statuts.push(derniere.statusCode);
    }
    expect(statuts.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuts.slice(10)).toEqual([429, 429]);
    expect(derniere?.headers['retry-after']).toBeDefined();
    expect(derniere?.json().erreur.code).toBe('trop_de_requetes');
  });

  it('ne compte pas les connexions réussies : un agent qui se reconnecte souvent n’est jamais bloqué', async () => {
    for (let i = 0; i < 15; i++) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { email: 'cd.75@demo.exploc.fr', motDePasse: 'demo' },
      });
      expect(r.statusCode).toBe(200);
    }
  });

  it('exige le jeton CSRF sur les requêtes qui modifient', async () => {
    const agent = await connecter(app, 'prefecture.93@demo.exploc.fr');
    const r = await app.inject({
      method: 'DELETE',
      url: '/api/v1/session',
      headers: { cookie: agent.cookie },
    });
    expect(r.statusCode).toBe(403);
    expect(r.json().erreur.code).toBe('csrf_invalide');
  });

  it('rejette un corps invalide avec 400 requete_invalide et le chemin du champ', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: 'a@b.fr', inconnu: 1 },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().erreur.code).toBe('requete_invalide');
    const chemins = (r.json().erreur.details as { chemin: string }[]).map((d) => d.chemin);
    expect(chemins).toContain('motDePasse');
  });

  it('rejette un JSON mal formé sans erreur 500', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": ',
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().erreur.code).toBe('requete_invalide');
  });

  it('refuse les comptes de démonstration hors mode démonstration', async () => {
    const { creerAppDeTest: creer } = await import('../../../test/app-de-test.js');
    const sansDemo = await creer({ demo: false });
    const r = await sansDemo.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: 'prefecture.75@demo.exploc.fr', motDePasse: 'demo' },
    });
    expect(r.statusCode).toBe(401);
  });

  it('hache les mots de passe avec argon2id', async () => {
    const u = await db
      .selectFrom('utilisateur')
      .select('mot_de_passe_hash')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(u.mot_de_passe_hash).toMatch(/^\$argon2id\$/);
  });

  it('journalise connexions et échecs sans données personnelles', async () => {
    const lignes = await db
      .selectFrom('journal')
      .select(['action', 'details'])
      .where('action', 'like', 'connexion%')
      .execute();
    expect(lignes.some((l) => l.action === 'connexion')).toBe(true);
    expect(lignes.some((l) => l.action === 'connexion_echec')).toBe(true);
    expect(JSON.stringify(lignes)).not.toContain('@');
  });

  it('refuse toute modification ou suppression du journal', async () => {
    await expect(db.deleteFrom('journal').execute()).rejects.toThrow(/ajout seul/);
    await expect(db.updateTable('journal').set({ action: 'x' }).execute()).rejects.toThrow(/ajout seul/);
  });
});
