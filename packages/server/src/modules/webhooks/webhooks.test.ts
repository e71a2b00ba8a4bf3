import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { connecter, creerAppDeTest, jetonPartenaire } from '../../../test/app-de-test.js';
import { creerClientPartenaire } from '../partenaires/service.js';
import { LIMITE_CREATION_ABONNEMENTS } from './routes.js';
import { adresseInterdite, delaiAvantRelance, livrerWebhooks, verifierUrl } from './service.js';

const { app, db } = await creerAppDeTest();
/** The test receiver listens on the loopback, allowed in tests and on demo instances only. */
const local = { autoriserLocal: true };

/**
 * A real receiver on a free loopback port. It verifies the signature as docs/api/webhooks.md tells partners
 * to, answers with the status `reponse` says, and remembers every id it processed (replay-safety).
 */
interface Recu {
  id: string;
  signatureValide: boolean;
  corps: { id: string; type: string; horodatage: string; donnees: Record<string, unknown> };
}
const recus: Recu[] = [];
const traites = new Set<string>();
let secretAttendu = '';
let reponse = 200;
const serveur = createServer((req: IncomingMessage, res) => {
  let brut = '';
  req.on('data', (m: Buffer) => {
    brut += m.toString('utf8');
  });
  req.on('end', () => {
    const id = String(req.headers['exploc-id']);
    const horodatage = String(req.headers['exploc-horodatage']);
    const attendu = Buffer.from(
      `v1=${createHmac('sha256', secretAttendu).update(`${horodatage}.${id}.${brut}`).digest('hex')}`,
    );
    const fourni = Buffer.from(String(req.headers['exploc-signature']));
    const signatureValide = attendu.length === fourni.length && timingSafeEqual(attendu, fourni);
    recus.push({ id, signatureValide, corps: JSON.parse(brut) as Recu['corps'] });
    if (reponse >= 200 && reponse < 300) traites.add(id);
    res.statusCode = reponse;
    res.end();
  });
});
await new Promise<void>((ok) => serveur.listen(0, '127.0.0.1', ok));
afterAll(() => new Promise<void>((ok) => serveur.close(() => ok())));
const port = (serveur.address() as AddressInfo).port;

const client = await creerClientPartenaire(db, {
  type: 'commissaire_justice',
  nom: 'Étude Webhook',
  siret: '44444444400044',
  departements: ['75'],
});
const jetonDe = (c: { clientId: string; clientSecret: string }) => jetonPartenaire(app, c);
const jeton = await jetonDe(client);
const auth = { authorization: `Bearer ${jeton}` };

let n = 0;
function envoyerActe(entetes: Record<string, string> = auth) {
  n++;
  return app.inject({
    method: 'POST',
    url: '/api/partenaires/v1/actes',
    headers: { ...entetes, 'idempotency-key': `wh-${Date.now()}-${n}` },
    payload: {
      reference: `WH-${n}`,
      type: 'commandement_de_payer',
      date: '2025-09-02',
      montantDette: 1200,
      moisImpayes: 2,
      dossier: {
        menage: {
          personnes: [
            { nom: `Webhook${n}`, prenoms: 'Alex', dateNaissance: '1980-01-01', role: 'titulaire' },
          ],
        },
        logement: {
          adresse: { ligne: `${n} rue du Test`, codePostal: '75018', codeInsee: '75118' },
          social: false,
        },
        bail: { dateSignature: '2024-02-15', loyerMensuelHC: 600, chargesMensuelles: 50 },
        bailleur: { type: 'personne_physique', nom: 'M. Bailleur' },
      },
    },
  });
}

async function livraisons() {
  return db.selectFrom('webhook_livraison').selectAll().orderBy('cree_le').execute();
}

let abonnementId = '';

describe('abonnements', () => {
  it('refuse une URL http non locale (422 url_webhook_interdite)', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/partenaires/v1/abonnements',
      headers: auth,
      payload: { url: 'http://exemple.fr/hook', evenements: ['acte_integre'] },
    });
    expect(r.statusCode, r.body).toBe(422);
    expect(r.json().erreur.code).toBe('url_webhook_interdite');
  });

  it('refuse un événement inconnu ou une URL mal formée (400)', async () => {
    for (const payload of [
      { url: 'https://exemple.fr/hook', evenements: ['acte_inconnu'] },
      { url: 'pas une url', evenements: ['acte_integre'] },
    ]) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/partenaires/v1/abonnements',
        headers: auth,
        payload,
      });
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().erreur.code).toBe('requete_invalide');
    }
  });

  it('réserve les décisions APL de la CCAPEX aux CAF (422 evenement_non_autorise pour une étude)', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/partenaires/v1/abonnements',
      headers: auth,
      payload: { url: 'https://exemple.fr/hook', evenements: ['acte_integre', 'decision_apl_ccapex'] },
    });
    expect(r.statusCode, r.body).toBe(422);
    expect(r.json().erreur).toMatchObject({
      code: 'evenement_non_autorise',
      details: [{ chemin: 'evenements.1' }],
    });
    const n = await db
      .selectFrom('webhook_abonnement')
      .select('id')
      .where('url', '=', 'https://exemple.fr/hook');
    expect(await n.execute()).toEqual([]);
  });

  it('crée (secret montré une fois), liste sans secret, et refuse sans jeton', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/partenaires/v1/abonnements',
      headers: auth,
      payload: { url: `http://127.0.0.1:${port}/exploc`, evenements: ['acte_integre', 'acte_a_verifier'] },
    });
    expect(r.statusCode, r.body).toBe(201);
    const cree = r.json() as { id: string; secret: string };
    expect(cree.secret).toMatch(/^whsec_/);
    abonnementId = cree.id;
    secretAttendu = cree.secret;
    const liste = await app.inject({ method: 'GET', url: '/api/partenaires/v1/abonnements', headers: auth });
    expect(liste.statusCode).toBe(200);
    expect(liste.body).not.toContain(cree.secret);
    expect(liste.json().elements).toHaveLength(1);
    const anonyme = await app.inject({ method: 'GET', url: '/api/partenaires/v1/abonnements' });
    expect(anonyme.statusCode).toBe(401);
  });
});

describe('livraison', () => {
  it('écrit la livraison avec l’acte, la livre signée au récepteur, et porte les en-têtes RateLimit', async () => {
    const r = await envoyerActe();
    expect(r.statusCode, r.body).toBe(201);
    expect(r.headers['ratelimit-limit']).toBeDefined();
    expect(r.headers['ratelimit-remaining']).toBeDefined();
    const acte = r.json() as { acteId: string; dossierNumero: string; statut: string };
    const [l] = await livraisons();
    expect(l?.statut).toBe('en_attente');

    reponse = 204;
    const bilan = await livrerWebhooks(db, local);
    expect(bilan.livrees).toBe(1);
    const recu = recus.at(-1);
    expect(recu?.signatureValide).toBe(true);
    expect(recu?.id).toBe(l?.id);
    expect(recu?.corps).toMatchObject({
      id: l?.id,
      type: `acte_${acte.statut}`,
      donnees: { acteId: acte.acteId, dossierNumero: acte.dossierNumero, statut: acte.statut },
    });
    expect((await livraisons())[0]?.statut).toBe('livree');
    // Delivered once: the next sweep sends nothing.
    expect((await livrerWebhooks(db, local)).livrees).toBe(0);
  });

  it('récepteur en échec : relance programmée à 1 min, même Exploc-Id à la relance (rejouable sans risque)', async () => {
    reponse = 500;
    await envoyerActe();
    const maintenant = new Date();
    const b1 = await livrerWebhooks(db, { ...local, maintenant });
    expect(b1.aRelancer).toBe(1);
    const l = (await livraisons()).at(-1);
    expect(l?.statut).toBe('en_attente');
    expect(l?.tentatives).toBe(1);
    expect(l?.dernier_statut_http).toBe(500);
    expect(l?.prochain_essai_le.getTime()).toBe(maintenant.getTime() + 60_000);
    // Not due yet.
    expect((await livrerWebhooks(db, { ...local, maintenant })).aRelancer).toBe(0);

    reponse = 200;
    const plusTard = new Date(maintenant.getTime() + 61_000);
    expect((await livrerWebhooks(db, { ...local, maintenant: plusTard })).livrees).toBe(1);
    const tentatives = recus.filter((x) => x.id === l?.id);
    expect(tentatives).toHaveLength(2);
    expect(tentatives.every((x) => x.signatureValide)).toBe(true);
    expect(new Set(tentatives.map((x) => JSON.stringify(x.corps))).size).toBe(1);
    expect(traites.has(l?.id ?? '')).toBe(true);
  });

  it('délai exponentiel plafonné à 2 h ; échec après 24 h ; abonnement désactivé après 24 h d’échecs', async () => {
    expect([1, 2, 3, 4, 8, 20].map(delaiAvantRelance)).toEqual([
      60_000, 120_000, 240_000, 480_000, 7_200_000, 7_200_000,
    ]);
    reponse = 503;
    await envoyerActe();
    const debut = new Date();
    await livrerWebhooks(db, { ...local, maintenant: debut });
    const dans25h = new Date(debut.getTime() + 25 * 3600 * 1000);
    const bilan = await livrerWebhooks(db, { ...local, maintenant: dans25h });
    expect(bilan.echecs).toBe(1);
    expect(bilan.abonnementsDesactives).toBe(1);
    expect((await livraisons()).at(-1)?.statut).toBe('echec');
    const a = await db
      .selectFrom('webhook_abonnement')
      .select(['actif', 'motif_desactivation'])
      .where('id', '=', abonnementId)
      .executeTakeFirstOrThrow();
    expect(a.actif).toBe(false);
    // A disabled subscription gets no new delivery.
    const avant = (await livraisons()).length;
    await envoyerActe();
    expect(await livraisons()).toHaveLength(avant);
  });

  it('l’administrateur du département voit abonnements et livraisons, sans secret', async () => {
    const admin = await connecter(app, 'admin.75@demo.exploc.fr');
    const r = await admin.requete({ method: 'GET', url: '/api/v1/admin/webhooks' });
    expect(r.statusCode, r.body).toBe(200);
    const corps = r.json() as { abonnements: { id: string }[]; livraisons: { statut: string }[] };
    expect(corps.abonnements.map((x) => x.id)).toContain(abonnementId);
    expect(corps.livraisons.map((x) => x.statut).sort()).toEqual(['echec', 'livree', 'livree']);
    expect(r.body).not.toContain(secretAttendu);
  });

  it('supprime son abonnement (404 ensuite)', async () => {
    const d = await app.inject({
      method: 'DELETE',
      url: `/api/partenaires/v1/abonnements/${abonnementId}`,
      headers: auth,
    });
    expect(d.statusCode).toBe(204);
    const d2 = await app.inject({
      method: 'DELETE',
      url: `/api/partenaires/v1/abonnements/${abonnementId}`,
      headers: auth,
    });
    expect(d2.statusCode).toBe(404);
  });
});

describe('protection contre la falsification de requêtes (SSRF) et limites de débit', async () => {
  const client2 = await creerClientPartenaire(db, {
    type: 'commissaire_justice',
    nom: 'Étude Limite',
    siret: '55555555500055',
    departements: ['75'],
  });
  const auth2 = { authorization: `Bearer ${await jetonDe(client2)}` };
  const abonner = (url: string) =>
    app.inject({
      method: 'POST',
      url: '/api/partenaires/v1/abonnements',
      headers: auth2,
      payload: { url, evenements: ['acte_integre'] },
    });
  let ecritures = 0;

  it('refuse les adresses internes littérales : privées, lien-local (métadonnées), IPv6 locales', async () => {
    for (const url of [
      'https://10.0.0.8/hook',
      'https://192.168.1.20/hook',
      'https://172.20.0.1/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://100.64.0.1/hook',
      'https://[fd00::1]/hook',
      'https://[fe80::1]/hook',
      'https://[::ffff:10.0.0.1]/hook',
      'https://0.0.0.0/hook',
    ]) {
      ecritures++;
      const r = await abonner(url);
      expect(r.statusCode, url).toBe(422);
      expect(r.json().erreur.code).toBe('url_webhook_interdite');
    }
  });

  it('vérifie l’adresse résolue par le DNS : boucle locale hors démo, nom privé, nom introuvable', async () => {
    // « localhost » resolves through /etc/hosts to the loopback: refused outside demo and test instances.
    await expect(verifierUrl('https://localhost:8443/hook', false)).rejects.toMatchObject({
      code: 'url_webhook_interdite',
    });
    await expect(verifierUrl('https://localhost:8443/hook', true)).resolves.toBe(
      'https://localhost:8443/hook',
    );
    const interne = async () => ['93.184.216.34', '10.1.2.3'];
    await expect(verifierUrl('https://partenaire.exemple.fr/hook', false, interne)).rejects.toMatchObject({
      code: 'url_webhook_interdite',
    });
    const publique = async () => ['93.184.216.34', '2606:2800:220:1::1'];
    await expect(verifierUrl('https://partenaire.exemple.fr/hook', false, publique)).resolves.toBe(
      'https://partenaire.exemple.fr/hook',
    );
    const introuvable = async () => {
      throw new Error('ENOTFOUND');
    };
    await expect(verifierUrl('https://absent.exemple.fr/hook', false, introuvable)).rejects.toMatchObject({
      code: 'url_webhook_interdite',
    });
    expect(adresseInterdite('127.0.0.1', true)).toBe(false);
    expect(adresseInterdite('10.0.0.1', true)).toBe(true);
    expect(adresseInterdite('8.8.8.8', false)).toBe(false);
    expect(adresseInterdite('::ffff:a00:1', false)).toBe(true);
    expect(adresseInterdite('::ffff:127.0.0.1', false)).toBe(true);
    expect(adresseInterdite('::ffff:808:808', false)).toBe(false);
  });

  it('à la livraison, l’adresse est revérifiée : rien ne part vers une adresse interne', async () => {
    ecritures++;
    const cree = await abonner(`http://127.0.0.1:${port}/exploc`);
    expect(cree.statusCode, cree.body).toBe(201);
    const id = cree.json().id as string;
    const recusAvant = recus.length;
    expect((await envoyerActe(auth2)).statusCode).toBe(201);
    // Outside demo and test configuration, the loopback is refused at delivery time too.
    const refusee = await livrerWebhooks(db, { autoriserLocal: false });
    expect(refusee).toMatchObject({ livrees: 0, aRelancer: 1 });
    expect(recus.length).toBe(recusAvant);
    const l = (await livraisons()).find((x) => x.abonnement_id === id);
    expect(l?.derniere_erreur).toContain('adresse interne');
    // DNS rebinding: the name now resolves to the metadata address; the sender is never called.
    await db
      .updateTable('webhook_abonnement')
      .set({ url: 'https://partenaire.exemple.fr/hook' })
      .where('id', '=', id)
      .execute();
    await db
      .updateTable('webhook_livraison')
      .set({ prochain_essai_le: new Date(Date.now() - 1000) })
      .where('abonnement_id', '=', id)
      .execute();
    const appels: string[] = [];
    const bilan = await livrerWebhooks(db, {
      autoriserLocal: false,
      resoudre: async () => ['169.254.169.254'],
      envoyer: async (url) => {
        appels.push(url);
        return { statut: 204, erreur: null };
      },
    });
    expect(bilan.aRelancer).toBe(1);
    expect(appels).toEqual([]);
  });

  it('limite de débit par partenaire sur les abonnements : en-têtes RateLimit, puis 429 avec Retry-After', async () => {
    const liste = await app.inject({ method: 'GET', url: '/api/partenaires/v1/abonnements', headers: auth2 });
    expect(liste.statusCode).toBe(200);
    expect(liste.headers['ratelimit-limit']).toBe('120');
    expect(liste.headers['ratelimit-remaining']).toBeDefined();
    expect(liste.headers['ratelimit-reset']).toBeDefined();
    let r = await abonner('https://10.9.9.9/hook');
    ecritures++;
    expect(r.headers['ratelimit-limit']).toBe(String(LIMITE_CREATION_ABONNEMENTS));
    expect(Number(r.headers['ratelimit-remaining'])).toBe(LIMITE_CREATION_ABONNEMENTS - ecritures);
    while (ecritures < LIMITE_CREATION_ABONNEMENTS) {
      ecritures++;
      r = await abonner('https://10.9.9.9/hook');
      expect(r.statusCode).toBe(422);
    }
    r = await abonner('https://10.9.9.9/hook');
    expect(r.statusCode).toBe(429);
    expect(r.json().erreur.code).toBe('trop_de_requetes');
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    // Another partner is not affected.
    const autre = await app.inject({
      method: 'POST',
      url: '/api/partenaires/v1/abonnements',
      headers: auth,
      payload: { url: 'https://10.9.9.9/hook', evenements: ['acte_integre'] },
    });
    expect(autre.statusCode).toBe(422);
  });
});
