import { describe, expect, it } from 'vitest';
import { connecter, creerAppDeTest } from '../../../test/app-de-test.js';
import { routesDeclarees } from '../../app.js';

const { app, db } = await creerAppDeTest();
const admin75 = await connecter(app, 'admin.75@demo.exploc.fr');
const pref75 = await db
  .selectFrom('organisation')
  .select('id')
  .where('nom', '=', 'Préfecture de Paris (démo)')
  .executeTakeFirstOrThrow();

async function creerAdmin93() {
  const org = await db
    .selectFrom('organisation')
    .select('id')
    .where('nom', '=', 'Préfecture de la Seine-Saint-Denis (démo)')
    .executeTakeFirstOrThrow();
  const { creerCompte } = await import('./service.js');
  await creerCompte(db, { appelant: null, requeteId: 'test' }, null, {
    email: 'admin.93@exemple.fr',
    nom: 'Admin',
    prenom: 'Quatre-vingt-treize',
    profil: 'admin_departemental',
    organisationId: org.id,
    motDePasse: 'un mot de passe solide',
  });
  return connecter(app, 'admin.93@exemple.fr', 'un mot de passe solide');
}

describe('administration des comptes du département', () => {
  it('liste les comptes et organisations du seul département administré', async () => {
    const r = await admin75.requete({ method: 'GET', url: '/api/v1/admin/utilisateurs' });
    expect(r.statusCode).toBe(200);
    const emails = (r.json().elements as { email: string }[]).map((e) => e.email);
    expect(emails).toContain('prefecture.75@demo.exploc.fr');
    expect(emails).not.toContain('prefecture.93@demo.exploc.fr');
    const o = await admin75.requete({ method: 'GET', url: '/api/v1/admin/organisations' });
    const noms = (o.json().elements as { nom: string }[]).map((e) => e.nom);
    expect(noms).toContain('Préfecture de Paris (démo)');
    expect(noms).not.toContain('Préfecture de la Seine-Saint-Denis (démo)');
  });

  it('crée un compte, puis le désactive avec If-Match (428 sans, 412 périmé) ; la session du compte tombe', async () => {
    const cree = await admin75.requete({
      method: 'POST',
      url: '/api/v1/admin/utilisateurs',
      payload: {
        email: 'agent.nouveau@exemple.fr',
        nom: 'Nouveau',
        prenom: 'Agent',
        profil: 'agent_prefecture',
        organisationId: pref75.id,
        motDePasse: 'mot de passe très long',
      },
    });
    expect(cree.statusCode).toBe(201);
    const { id, version } = cree.json() as { id: string; version: number };
    const agent = await connecter(app, 'agent.nouveau@exemple.fr', 'mot de passe très long');

    const sansIfMatch = await admin75.requete({
      method: 'PATCH',
      url: `/api/v1/admin/utilisateurs/${id}`,
      payload: { actif: false },
    });
    expect(sansIfMatch.statusCode).toBe(428);
    expect(sansIfMatch.json().erreur.code).toBe('precondition_requise');
    const perime = await admin75.requete({
      method: 'PATCH',
      url: `/api/v1/admin/utilisateurs/${id}`,
      headers: { 'if-match': `"${version + 5}"` },
      payload: { actif: false },
    });
    expect(perime.statusCode).toBe(412);
    expect(perime.json().erreur.code).toBe('version_perimee');
    const ok = await admin75.requete({
      method: 'PATCH',
      url: `/api/v1/admin/utilisateurs/${id}`,
      headers: { 'if-match': `"${version}"` },
      payload: { actif: false },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe(`"${version + 1}"`);
    expect((await agent.requete({ method: 'GET', url: '/api/v1/moi' })).statusCode).toBe(401);
    const journal = await db.selectFrom('journal').select('action').where('objet_id', '=', id).execute();
    expect(journal.map((j) => j.action)).toEqual(
      expect.arrayContaining(['utilisateur_cree', 'utilisateur_modifie']),
    );
  });

  it('refuse un profil incompatible avec le type de l’organisation (422) et un e-mail déjà pris (409)', async () => {
    const incompatible = await admin75.requete({
      method: 'POST',
      url: '/api/v1/admin/utilisateurs',
      payload: { email: 'x@exemple.fr', nom: 'X', profil: 'forces_ordre', organisationId: pref75.id },
    });
    expect(incompatible.statusCode).toBe(422);
    expect(incompatible.json().erreur.code).toBe('profil_incompatible');
    const doublon = await admin75.requete({
      method: 'POST',
      url: '/api/v1/admin/utilisateurs',
      payload: {
        email: 'PREFECTURE.75@demo.exploc.fr',
        nom: 'X',
        profil: 'agent_prefecture',
        organisationId: pref75.id,
      },
    });
    expect(doublon.statusCode).toBe(409);
  });

  it('un administrateur du 93 ne voit, ne lit et ne modifie rien du 75 (404)', async () => {
    const admin93 = await creerAdmin93();
    const liste = await admin93.requete({ method: 'GET', url: '/api/v1/admin/utilisateurs' });
    expect(JSON.stringify(liste.json())).not.toContain('75@demo');
    const cible = await db
      .selectFrom('utilisateur')
      .select(['id', 'version'])
      .where('email', '=', 'prefecture.75@demo.exploc.fr')
      .executeTakeFirstOrThrow();
    const lecture = await admin93.requete({ method: 'GET', url: `/api/v1/admin/utilisateurs/${cible.id}` });
    expect(lecture.statusCode).toBe(404);
    expect(lecture.json().erreur.code).toBe('introuvable');
    const modif = await admin93.requete({
      method: 'PATCH',
      url: `/api/v1/admin/utilisateurs/${cible.id}`,
      headers: { 'if-match': `"${cible.version}"` },
      payload: { actif: false },
    });
    expect(modif.statusCode).toBe(404);
    const orgs = await admin93.requete({ method: 'GET', url: '/api/v1/admin/organisations' });
    expect(JSON.stringify(orgs.json())).not.toContain('Paris');
    const patchOrg = await admin93.requete({
      method: 'PATCH',
      url: `/api/v1/admin/organisations/${pref75.id}`,
      headers: { 'if-match': '"1"' },
      payload: { actif: false },
    });
    expect(patchOrg.statusCode).toBe(404);
    const creation = await admin93.requete({
      method: 'POST',
      url: '/api/v1/admin/utilisateurs',
      payload: {
        email: 'intrus@exemple.fr',
        nom: 'Intrus',
        profil: 'agent_prefecture',
        organisationId: pref75.id,
      },
    });
    expect(creation.statusCode).toBe(404);
  });

  it('refuse l’administration aux autres profils (403) et aux anonymes (401)', async () => {
    const agent = await connecter(app, 'prefecture.75@demo.exploc.fr');
    const r = await agent.requete({ method: 'GET', url: '/api/v1/admin/utilisateurs' });
    expect(r.statusCode).toBe(403);
    expect(r.json().erreur.code).toBe('acces_refuse');
    const anonyme = await app.inject({ method: 'GET', url: '/api/v1/admin/utilisateurs' });
    expect(anonyme.statusCode).toBe(401);
  });

  it('valide les identifiants de chemin (400, jamais 500)', async () => {
    const r = await admin75.requete({ method: 'GET', url: '/api/v1/admin/utilisateurs/pas-un-uuid' });
    expect(r.statusCode).toBe(400);
    expect(r.json().erreur.code).toBe('requete_invalide');
  });
});

describe('sécurité des routes', () => {
  it('toute route /api/v1 déclare sa règle d’accès (refus par défaut)', () => {
    const routes = routesDeclarees(app);
    expect(routes.length).toBeGreaterThan(5);
    const sansRegle = routes.filter((r) => r.url.startsWith('/api/v1/') && r.acces === undefined);
    expect(sansRegle).toEqual([]);
  });

  it('GET /api/sante répond ok', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/sante' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ statut: 'ok' });
  });

  it('une route d’API inconnue répond 404 au format du contrat', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/v1/inexistant' });
    expect(r.statusCode).toBe(404);
    expect(r.json().erreur.code).toBe('introuvable');
  });

  it('pose les en-têtes de sécurité (CSP sans script inline, nosniff, frame-ancestors none)', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/sante' });
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['referrer-policy']).toBe('same-origin');
  });

  it('publie l’OpenAPI 3.1', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(r.statusCode).toBe(200);
    expect(r.json().openapi).toBe('3.1.0');
    expect(Object.keys(r.json().paths)).toContain('/api/v1/session');
  });
});
