import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { connecter, creerAppDeTest } from '../../../test/app-de-test.js';
import { configDeTest } from '../../../test/base-de-test.js';
import {
  type CompteFournisseur,
  demarrerFournisseurOidc,
  parcourirFournisseur,
} from '../../../test/fournisseur-oidc.js';
import { construireApp } from '../../app.js';
import { ErreurConfiguration, lireConfig } from '../../config.js';

const URL_PUBLIQUE = 'http://exploc.test';
const URL_RETOUR = `${URL_PUBLIQUE}/api/v1/auth/proconnect/retour`;
const URL_APRES_DECONNEXION = `${URL_PUBLIQUE}/connexion?deconnecte=1`;
const SIRET = { pref75: '11000000000011', ddets75: '11000000000022', pref93: '11000000000033' };

const COMPTES: Record<string, CompteFournisseur> = {
  pref75: {
    sub: 'sub-pref75',
    email: 'Prefecture.75@demo.exploc.fr',
    prenom: 'Claire',
    nom: 'Martin',
    siret: SIRET.pref75,
    acr: 'eidas2',
  },
  ddets75: {
    sub: 'sub-ddets75',
    email: 'ddets.75@demo.exploc.fr',
    prenom: 'Paul',
    nom: 'Durand',
    siret: SIRET.ddets75,
    acr: 'eidas1',
  },
  pref93Faible: {
    sub: 'sub-pref93-faible',
    email: 'prefecture.93@demo.exploc.fr',
    prenom: 'Inès',
    nom: 'Roux',
    siret: SIRET.pref93,
    acr: 'eidas1',
  },
  pref93: {
    sub: 'sub-pref93',
    email: 'prefecture.93@demo.exploc.fr',
    prenom: 'Inès',
    nom: 'Roux',
    siret: SIRET.pref93,
    acr: 'eidas3',
  },
  organisationInconnue: {
    sub: 'sub-inconnue',
    email: 'agent@ministere.example',
    prenom: 'Jean',
    nom: 'Inconnu',
    siret: '99999999999999',
    acr: 'eidas2',
  },
  compteInconnu: {
    sub: 'sub-sans-compte',
    email: 'personne@demo.exploc.fr',
    prenom: 'Personne',
    nom: 'Sanscompte',
    siret: SIRET.pref75,
    acr: 'eidas2',
  },
};

const fournisseur = await demarrerFournisseurOidc({
  urlRetour: URL_RETOUR,
  urlApresDeconnexion: URL_APRES_DECONNEXION,
  comptes: Object.values(COMPTES),
});
afterAll(() => fournisseur.arreter());
afterEach(() => {
  fournisseur.alteration = 'aucune';
});

const proconnect = {
  issuer: fournisseur.issuer,
  clientId: fournisseur.clientId,
  clientSecret: fournisseur.clientSecret,
  acrForts: ['eidas2', 'eidas3'],
  profilsForts: ['agent_prefecture' as const, 'agent_sous_prefecture' as const, 'forces_ordre' as const],
  urlRetour: URL_RETOUR,
  urlApresDeconnexion: URL_APRES_DECONNEXION,
};
const { app, db } = await creerAppDeTest({ proconnect });
for (const [nom, siret] of [
  ['Préfecture de Paris (démo)', SIRET.pref75],
  ['DDETS de Paris (démo)', SIRET.ddets75],
  ['Préfecture de la Seine-Saint-Denis (démo)', SIRET.pref93],
] as const) {
  await db.updateTable('organisation').set({ siret }).where('nom', '=', nom).execute();
}

interface Demarrage {
  urlAutorisation: URL;
  cookieTransaction: string;
}

async function demarrer(): Promise<Demarrage> {
  const r = await app.inject({ method: 'GET', url: '/api/v1/auth/proconnect/connexion' });
  expect(r.statusCode).toBe(303);
  const cookie = r.cookies.find((c) => c.name === 'exploc_proconnect');
  if (!cookie) throw new Error('Pas de cookie de transaction');
  return { urlAutorisation: new URL(String(r.headers.location)), cookieTransaction: cookie.value };
}

async function revenir(urlRetour: URL, cookies: string) {
  return app.inject({
    method: 'GET',
    url: `${urlRetour.pathname}${urlRetour.search}`,
    headers: { cookie: cookies },
  });
}

/** The whole browser round trip: Exploc → provider (login) → Exploc's callback. */
async function seConnecterAvec(compte: CompteFournisseur, cookieSession?: string) {
  const d = await demarrer();
  const retour = await parcourirFournisseur(d.urlAutorisation.toString(), compte.sub);
  const cookies = [`exploc_proconnect=${d.cookieTransaction}`];
  if (cookieSession) cookies.push(`exploc_session=${cookieSession}`);
  return revenir(retour, cookies.join('; '));
}

async function dernierJournal(action: string) {
  return db
    .selectFrom('journal')
    .select(['action', 'details', 'objet_id'])
    .where('action', '=', action)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

function motifDe(ligne: { details: unknown } | undefined): unknown {
  return (ligne?.details as { motif?: unknown } | null)?.motif;
}

async function liaisonDe(sub: string) {
  return db.selectFrom('liaison_proconnect').selectAll().where('sub', '=', sub).executeTakeFirst();
}

async function attendreRefus(r: { statusCode: number; headers: Record<string, unknown> }, code: string) {
  expect(r.statusCode).toBe(303);
  expect(r.headers.location).toBe(`/connexion/proconnect/erreur?code=${code}`);
  expect(motifDe(await dernierJournal('connexion_refusee'))).toBe(code);
}

const admin75 = await connecter(app, 'admin.75@demo.exploc.fr');

async function approuver(sub: string) {
  const l = await liaisonDe(sub);
  const r = await admin75.requete({
    method: 'POST',
    url: `/api/v1/admin/liaisons-proconnect/${l?.id}/approbation`,
  });
  expect(r.statusCode).toBe(200);
}

describe('ProConnect : configuration', () => {
  it('sans configuration, les routes répondent 404 proconnect_non_configure et le bouton est masqué', async () => {
    const sansPc = await construireApp({ db, config: configDeTest(), journalisation: false });
    const r = await sansPc.inject({ method: 'GET', url: '/api/v1/auth/proconnect/connexion' });
    expect(r.statusCode).toBe(404);
    expect(r.json().erreur.code).toBe('proconnect_non_configure');
    const retour = await sansPc.inject({ method: 'GET', url: '/api/v1/auth/proconnect/retour?state=x' });
    expect(retour.json().erreur.code).toBe('proconnect_non_configure');
    expect((await sansPc.inject({ method: 'GET', url: '/api/v1/configuration' })).json().proconnect).toBe(
      false,
    );
    expect((await app.inject({ method: 'GET', url: '/api/v1/configuration' })).json().proconnect).toBe(true);
    await sansPc.close();
  });

  it('redirige vers le fournisseur avec state, nonce, PKCE S256 et demande le claim acr', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/v1/auth/proconnect/connexion' });
    expect(r.statusCode).toBe(303);
    const url = new URL(String(r.headers.location));
    expect(url.origin).toBe(fournisseur.issuer);
    const p = url.searchParams;
    expect(p.get('response_type')).toBe('code');
    expect(p.get('client_id')).toBe(fournisseur.clientId);
    expect(p.get('redirect_uri')).toBe(URL_RETOUR);
    expect(p.get('scope')).toContain('siret');
    expect(p.get('state')?.length).toBeGreaterThanOrEqual(32);
    expect(p.get('nonce')?.length).toBeGreaterThanOrEqual(32);
    expect(p.get('code_challenge_method')).toBe('S256');
    expect(p.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(JSON.parse(p.get('claims') ?? '{}').id_token.acr.essential).toBe(true);
    const cookie = r.cookies.find((c) => c.name === 'exploc_proconnect');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(cookie?.path).toBe('/api/v1/auth/proconnect');
    expect(cookie?.value).not.toContain(p.get('state'));
  });
});

describe('ProConnect : première connexion, validation, session, déconnexion', () => {
  it('crée une liaison en attente, que l’administrateur approuve ; ensuite la connexion ouvre une session', async () => {
    const premiere = await seConnecterAvec(COMPTES.ddets75 as CompteFournisseur);
    expect(premiere.statusCode).toBe(303);
    expect(premiere.headers.location).toBe('/connexion/proconnect/en-attente');
    expect(premiere.cookies.find((c) => c.name === 'exploc_session')).toBeUndefined();
    const liaison = await liaisonDe('sub-ddets75');
    expect(liaison?.statut).toBe('en_attente');
    expect(liaison?.issuer).toBe(fournisseur.issuer);
    expect(motifDe(await dernierJournal('connexion_refusee'))).toBe('liaison_en_attente');

    // Still pending: no second link, still no session.
    const seconde = await seConnecterAvec(COMPTES.ddets75 as CompteFournisseur);
    expect(seconde.headers.location).toBe('/connexion/proconnect/en-attente');
    const n = await db
      .selectFrom('liaison_proconnect')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('sub', '=', 'sub-ddets75')
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);

    const liste = await admin75.requete({ method: 'GET', url: '/api/v1/admin/liaisons-proconnect' });
    expect(liste.statusCode).toBe(200);
    const element = liste.json().elements.find((e: { id: string }) => e.id === liaison?.id);
    expect(element.utilisateur.email).toBe('ddets.75@demo.exploc.fr');
    expect(element.siret).toBe(SIRET.ddets75);
    await approuver('sub-ddets75');
    const double = await admin75.requete({
      method: 'POST',
      url: `/api/v1/admin/liaisons-proconnect/${liaison?.id}/approbation`,
    });
    expect(double.statusCode).toBe(409);
    expect(double.json().erreur.code).toBe('liaison_deja_traitee');

    const local = await connecter(app, 'ddets.75@demo.exploc.fr');
    const ouverte = await seConnecterAvec(COMPTES.ddets75 as CompteFournisseur, local.cookie.split('=')[1]);
    expect(ouverte.statusCode).toBe(303);
    expect(ouverte.headers.location).toBe('/');
    const cookie = ouverte.cookies.find((c) => c.name === 'exploc_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    const moi = await app.inject({
      method: 'GET',
      url: '/api/v1/moi',
      headers: { cookie: `exploc_session=${cookie?.value}` },
    });
    expect(moi.statusCode).toBe(200);
    expect(moi.json().utilisateur.profil).toBe('agent_ddets');
    // The previous session of the browser was destroyed (rotation at login).
    expect((await local.requete({ method: 'GET', url: '/api/v1/moi' })).statusCode).toBe(401);
    const journal = await dernierJournal('connexion');
    expect(journal?.details).toMatchObject({ methode: 'proconnect', acr: 'eidas1' });

    // RP-initiated logout: local session destroyed, then the provider's end_session with id_token_hint.
    const csrf = moi.json().csrfToken as string;
    const sortie = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/proconnect/deconnexion',
      headers: { cookie: `exploc_session=${cookie?.value}`, 'x-csrf-token': csrf },
    });
    expect(sortie.statusCode).toBe(200);
    const fin = new URL(sortie.json().redirection);
    expect(`${fin.origin}${fin.pathname}`).toBe(`${fournisseur.issuer}/session/end`);
    expect(fin.searchParams.get('id_token_hint')?.split('.')).toHaveLength(3);
    expect(fin.searchParams.get('post_logout_redirect_uri')).toBe(URL_APRES_DECONNEXION);
    const apres = await app.inject({
      method: 'GET',
      url: '/api/v1/moi',
      headers: { cookie: `exploc_session=${cookie?.value}` },
    });
    expect(apres.statusCode).toBe(401);
    expect((await fetch(fin)).status).toBe(200);
  });

  it('une session locale se déconnecte sans passer par le fournisseur', async () => {
    const local = await connecter(app, 'cd.75@demo.exploc.fr');
    const r = await local.requete({ method: 'POST', url: '/api/v1/auth/proconnect/deconnexion' });
    expect(r.json().redirection).toBe('/connexion?deconnecte=1');
    expect((await local.requete({ method: 'GET', url: '/api/v1/moi' })).statusCode).toBe(401);
  });

  it('un profil préfecture au niveau eidas2 obtient une session après approbation', async () => {
    expect((await seConnecterAvec(COMPTES.pref75 as CompteFournisseur)).headers.location).toBe(
      '/connexion/proconnect/en-attente',
    );
    await approuver('sub-pref75');
    const r = await seConnecterAvec(COMPTES.pref75 as CompteFournisseur);
    expect(r.headers.location).toBe('/');
  });

  it('l’administrateur ne voit ni ne traite les demandes d’un autre département (404) ; le rejet est définitif', async () => {
    const premiere = await seConnecterAvec(COMPTES.pref93 as CompteFournisseur);
    expect(premiere.headers.location).toBe('/connexion/proconnect/en-attente');
    const liaison = await liaisonDe('sub-pref93');
    expect(liaison?.statut).toBe('en_attente');
    const liste = await admin75.requete({ method: 'GET', url: '/api/v1/admin/liaisons-proconnect' });
    expect(liste.json().elements.map((e: { id: string }) => e.id)).not.toContain(liaison?.id);
    const horsPerimetre = await admin75.requete({
      method: 'POST',
      url: `/api/v1/admin/liaisons-proconnect/${liaison?.id}/approbation`,
    });
    expect(horsPerimetre.statusCode).toBe(404);
    expect((await liaisonDe('sub-pref93'))?.statut).toBe('en_attente');
    // Rejected by the 93 administrator (made directly here: the demo has no admin for 93).
    await db
      .updateTable('liaison_proconnect')
      .set({ statut: 'rejetee' })
      .where('id', '=', liaison?.id ?? '')
      .execute();
    await attendreRefus(await seConnecterAvec(COMPTES.pref93 as CompteFournisseur), 'liaison_rejetee');
  });

  it('le rejet d’une liaison approuvée ferme ses sessions', async () => {
    const r = await seConnecterAvec(COMPTES.pref75 as CompteFournisseur);
    const cookie = r.cookies.find((c) => c.name === 'exploc_session');
    const liaison = await liaisonDe('sub-pref75');
    const rejet = await admin75.requete({
      method: 'POST',
      url: `/api/v1/admin/liaisons-proconnect/${liaison?.id}/rejet`,
    });
    expect(rejet.statusCode).toBe(200);
    const moi = await app.inject({
      method: 'GET',
      url: '/api/v1/moi',
      headers: { cookie: `exploc_session=${cookie?.value}` },
    });
    expect(moi.statusCode).toBe(401);
    expect((await dernierJournal('liaison_proconnect_rejetee'))?.objet_id).toBe(liaison?.id);
    await approuver('sub-pref75');
  });
});

describe('ProConnect : cas refusés (page d’erreur française, code stable, journal)', () => {
  it('state modifié : etat_invalide, et la transaction ne resservira pas', async () => {
    const d = await demarrer();
    const retour = await parcourirFournisseur(d.urlAutorisation.toString(), 'sub-ddets75');
    const falsifie = new URL(retour);
    falsifie.searchParams.set('state', 'un-autre-etat');
    await attendreRefus(await revenir(falsifie, `exploc_proconnect=${d.cookieTransaction}`), 'etat_invalide');
    // The genuine callback afterwards is refused too: the pending request was consumed.
    await attendreRefus(await revenir(retour, `exploc_proconnect=${d.cookieTransaction}`), 'etat_invalide');
  });

  it('retour sans le cookie du navigateur qui a commencé la connexion : etat_invalide', async () => {
    const d = await demarrer();
    const retour = await parcourirFournisseur(d.urlAutorisation.toString(), 'sub-ddets75');
    await attendreRefus(await revenir(retour, ''), 'etat_invalide');
  });

  it('nonce différent de celui de la demande : nonce_invalide', async () => {
    const d = await demarrer();
    const url = new URL(d.urlAutorisation);
    url.searchParams.set('nonce', 'nonce-d-une-autre-demande');
    const retour = await parcourirFournisseur(url.toString(), 'sub-ddets75');
    await attendreRefus(await revenir(retour, `exploc_proconnect=${d.cookieTransaction}`), 'nonce_invalide');
  });

  it('userinfo signé falsifié : jeton_invalide', async () => {
    fournisseur.alteration = 'signature_userinfo';
    await attendreRefus(await seConnecterAvec(COMPTES.ddets75 as CompteFournisseur), 'jeton_invalide');
  });

  it('ID token falsifié : jeton_invalide', async () => {
    fournisseur.alteration = 'signature_id_token';
    await attendreRefus(await seConnecterAvec(COMPTES.ddets75 as CompteFournisseur), 'jeton_invalide');
  });

  it('niveau eidas1 pour un profil préfecture : niveau_insuffisant, aucune liaison', async () => {
    const r = await seConnecterAvec(COMPTES.pref93Faible as CompteFournisseur);
    await attendreRefus(r, 'niveau_insuffisant');
    expect(await liaisonDe('sub-pref93-faible')).toBeUndefined();
  });

  it('SIRET inconnu d’Exploc : organisation_inconnue, ni compte ni liaison', async () => {
    const avant = await db
      .selectFrom('utilisateur')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    await attendreRefus(
      await seConnecterAvec(COMPTES.organisationInconnue as CompteFournisseur),
      'organisation_inconnue',
    );
    const apres = await db
      .selectFrom('utilisateur')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(apres.n).toBe(avant.n);
    expect(await liaisonDe('sub-inconnue')).toBeUndefined();
  });

  it('organisation connue mais aucun compte à cette adresse : compte_inconnu', async () => {
    await attendreRefus(await seConnecterAvec(COMPTES.compteInconnu as CompteFournisseur), 'compte_inconnu');
    expect(await liaisonDe('sub-sans-compte')).toBeUndefined();
  });

  it('liaison approuvée mais connexion avec une autre organisation : organisation_differente', async () => {
    const compte = fournisseur.comptes.find((c) => c.sub === 'sub-ddets75');
    if (!compte) throw new Error('compte absent');
    compte.siret = SIRET.pref75;
    try {
      await attendreRefus(await seConnecterAvec(compte), 'organisation_differente');
    } finally {
      compte.siret = SIRET.ddets75;
    }
  });

  it('refus ou erreur du fournisseur (error=access_denied) : connexion_annulee', async () => {
    const d = await demarrer();
    const retour = new URL(URL_RETOUR);
    retour.searchParams.set('error', 'access_denied');
    retour.searchParams.set('state', d.urlAutorisation.searchParams.get('state') ?? '');
    await attendreRefus(
      await revenir(retour, `exploc_proconnect=${d.cookieTransaction}`),
      'connexion_annulee',
    );
  });
});

describe('ProConnect : administration', () => {
  it('un agent sans la permission d’administrer n’accède pas aux demandes (403)', async () => {
    const agent = await connecter(app, 'prefecture.75@demo.exploc.fr');
    const r = await agent.requete({ method: 'GET', url: '/api/v1/admin/liaisons-proconnect' });
    expect(r.statusCode).toBe(403);
  });

  it('liste les liaisons approuvées sur demande, et refuse un statut inconnu (400)', async () => {
    const r = await admin75.requete({
      method: 'GET',
      url: '/api/v1/admin/liaisons-proconnect?statut=approuvee',
    });
    expect(r.json().elements.map((e: { utilisateur: { email: string } }) => e.utilisateur.email)).toContain(
      'ddets.75@demo.exploc.fr',
    );
    const mauvais = await admin75.requete({
      method: 'GET',
      url: '/api/v1/admin/liaisons-proconnect?statut=nimporte',
    });
    expect(mauvais.statusCode).toBe(400);
  });
});

describe('ProConnect : configuration par l’environnement', () => {
  const base = {
    EXPLOC_PROCONNECT_ISSUER: 'https://auth.agentconnect.gouv.fr/api/v2',
    EXPLOC_PROCONNECT_CLIENT_ID: 'client',
    EXPLOC_PROCONNECT_CLIENT_SECRET: 'secret',
    EXPLOC_URL_PUBLIQUE: 'https://exploc.exemple.gouv.fr/',
  };

  it('dérive l’adresse de retour de l’URL publique et lit les niveaux et profils forts', () => {
    const pc = lireConfig({
      ...base,
      EXPLOC_PROCONNECT_ACR_FORTS: 'eidas2, https://proconnect.gouv.fr/assurance/self-asserted-2fa',
      EXPLOC_PROCONNECT_PROFILS_FORTS: 'agent_prefecture,forces_ordre',
    }).proconnect;
    expect(pc?.urlRetour).toBe('https://exploc.exemple.gouv.fr/api/v1/auth/proconnect/retour');
    expect(pc?.urlApresDeconnexion).toBe('https://exploc.exemple.gouv.fr/connexion?deconnecte=1');
    expect(pc?.acrForts).toEqual(['eidas2', 'https://proconnect.gouv.fr/assurance/self-asserted-2fa']);
    expect(pc?.profilsForts).toEqual(['agent_prefecture', 'forces_ordre']);
    const defauts = lireConfig(base).proconnect;
    expect(defauts?.acrForts).toEqual(['eidas2', 'eidas3']);
    expect(defauts?.profilsForts).toEqual(['agent_prefecture', 'agent_sous_prefecture', 'forces_ordre']);
  });

  it('non configuré sans identifiant client ; refuse une configuration incomplète ou un profil inconnu', () => {
    expect(
      lireConfig({ EXPLOC_PROCONNECT_ISSUER: base.EXPLOC_PROCONNECT_ISSUER }).proconnect,
    ).toBeUndefined();
    expect(() => lireConfig({ ...base, EXPLOC_URL_PUBLIQUE: undefined })).toThrow(ErreurConfiguration);
    expect(() => lireConfig({ ...base, EXPLOC_PROCONNECT_PROFILS_FORTS: 'agent_prefecture,roi' })).toThrow(
      /EXPLOC_PROCONNECT_PROFILS_FORTS/,
    );
  });
});
