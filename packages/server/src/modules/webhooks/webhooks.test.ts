import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { connecter, creerAppDeTest } from '../../../test/app-de-test.js';
import { creerClientPartenaire } from '../partenaires/service.js';
import { delaiAvantRelance, livrerWebhooks } from './service.js';

const { app, db } = await creerAppDeTest();

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
const jeton = await (async () => {
  const r = await app.inject({
    method: 'POST',
    url: '/api/partenaires/v1/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `grant_type=client_credentials&client_id=${client.clientId}&client_secret=${client.clientSecret}`,
  });
  return (r.json() as { access_token: string }).access_token;
})();
const auth = { authorization: `Bearer ${jeton}` };

let n = 0;
function envoyerActe() {
  n++;
  return app.inject({
    method: 'POST',
    url: '/api/partenaires/v1/actes',
    headers: { ...auth, 'idempotency-key': `wh-${Date.now()}-${n}` },
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
  it('refuse une URL http non locale ou un événement inconnu', async () => {
    for (const payload of [
      { url: 'http://exemple.fr/hook', evenements: ['acte_integre'] },
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
    const bilan = await livrerWebhooks(db);
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
    expect((await livrerWebhooks(db)).livrees).toBe(0);
  });

  it('récepteur en échec : relance programmée à 1 min, même Exploc-Id à la relance (rejouable sans risque)', async () => {
    reponse = 500;
    await envoyerActe();
    const maintenant = new Date();
    const b1 = await livrerWebhooks(db, { maintenant });
    expect(b1.aRelancer).toBe(1);
    const l = (await livraisons()).at(-1);
    expect(l?.statut).toBe('en_attente');
    expect(l?.tentatives).toBe(1);
    expect(l?.dernier_statut_http).toBe(500);
    expect(l?.prochain_essai_le.getTime()).toBe(maintenant.getTime() + 60_000);
    // Not due yet.
    expect((await livrerWebhooks(db, { maintenant })).aRelancer).toBe(0);

    reponse = 200;
    const plusTard = new Date(maintenant.getTime() + 61_000);
    expect((await livrerWebhooks(db, { maintenant: plusTard })).livrees).toBe(1);
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
    await livrerWebhooks(db, { maintenant: debut });
    const dans25h = new Date(debut.getTime() + 25 * 3600 * 1000);
    const bilan = await livrerWebhooks(db, { maintenant: dans25h });
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
