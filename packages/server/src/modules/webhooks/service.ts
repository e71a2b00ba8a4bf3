import { createHmac, randomBytes } from 'node:crypto';
import { lookup as dnsLookup } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { ErreurHttp, introuvable } from '../../plugins/erreurs.js';
import { journaliser } from '../../plugins/journal.js';
import { type DonneesEvenement, insertionLivraisons } from './repository.js';

/**
 * Events a partner can subscribe to: one per outcome of an act it transmitted, and, for the CAF, the CCAPEX's
 * decisions to keep or suspend housing benefit (loi 90-449 art. 7-2, 2°), sent when the séance is closed.
 */
export const EVENEMENTS_WEBHOOK = [
  'acte_integre',
  'acte_a_verifier',
  'acte_a_rattacher',
  'decision_apl_ccapex',
] as const;
export type EvenementWebhook = (typeof EVENEMENTS_WEBHOOK)[number];

/** Events reserved to one type of partner (the others would never receive them: refused at subscription). */
export const EVENEMENTS_RESERVES: Partial<Record<EvenementWebhook, readonly string[]>> = {
  decision_apl_ccapex: ['caf'],
};

export const EVENEMENT_DU_STATUT: Record<'integre' | 'a_verifier' | 'a_rattacher', EvenementWebhook> = {
  integre: 'acte_integre',
  a_verifier: 'acte_a_verifier',
  a_rattacher: 'acte_a_rattacher',
};

/** Retries go on for at least this long after the event, then the delivery is marked failed. */
export const DUREE_RELANCES_MS = 24 * 3600 * 1000;
/** A subscription whose deliveries have all failed for this long is disabled. */
export const DUREE_ECHECS_AVANT_DESACTIVATION_MS = 24 * 3600 * 1000;
const DELAI_MAX_MS = 2 * 3600 * 1000;
/** While one instance sends a delivery, the row is leased: another instance will not pick it up. */
const BAIL_ENVOI_MS = 5 * 60 * 1000;
const DELAI_REPONSE_MS = 10_000;
const LOT = 50;

/** 1 min, 2, 4 … capped at 2 h, after the n-th failed attempt (n ≥ 1). */
export function delaiAvantRelance(tentatives: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, tentatives - 1), DELAI_MAX_MS);
}

/** `v1=` + hex HMAC-SHA256 of `${horodatage}.${id}.${corps}` (docs/api/webhooks.md). */
export function signer(secret: string, horodatage: number, id: string, corps: string): string {
  return `v1=${createHmac('sha256', secret).update(`${horodatage}.${id}.${corps}`).digest('hex')}`;
}

/** The address ranges a webhook may never reach (SSRF): private, loopback, link-local (cloud metadata), etc. */
const INTERDITES = new BlockList();
for (const [reseau, prefixe] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  INTERDITES.addSubnet(reseau, prefixe, 'ipv4');
for (const [reseau, prefixe] of [
  ['::', 128],
  ['::1', 128],
  // NAT64 and 6to4 addresses can carry any IPv4 address, private ones included (IPv4-mapped ones are checked
  // as the IPv4 address they carry, see `ipv4Portee`).
  ['64:ff9b::', 96],
  ['2002::', 16],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  INTERDITES.addSubnet(reseau, prefixe, 'ipv6');
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** The IPv4 address inside an IPv4-mapped IPv6 one (::ffff:10.0.0.1 or ::ffff:a00:1). */
function ipv4Portee(adresse: string): string | undefined {
  const m = /^(?:0{0,4}:){0,5}:?ffff:(.+)$/i.exec(adresse);
  if (!m?.[1] || isIP(adresse) !== 6) return undefined;
  if (isIP(m[1]) === 4) return m[1];
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(m[1]);
  if (!hex) return undefined;
  const haut = Number.parseInt(hex[1] ?? '0', 16);
  const bas = Number.parseInt(hex[2] ?? '0', 16);
  return [haut >> 8, haut & 255, bas >> 8, bas & 255].join('.');
}

/**
 * True when a webhook may not be sent to this address. The loopback is allowed on demo instances and in tests
 * only (`autoriserLocal`: a partner trying a receiver on its own machine).
 */
export function adresseInterdite(brute: string, autoriserLocal: boolean): boolean {
  const adresse = ipv4Portee(brute) ?? brute;
  const famille = isIP(adresse);
  if (famille === 0) return true;
  const type = famille === 4 ? 'ipv4' : 'ipv6';
  if (autoriserLocal && LOOPBACK.check(adresse, type)) return false;
  return INTERDITES.check(adresse, type);
}

export type Resolution = (nom: string) => Promise<string[]>;

const resolutionDns: Resolution = async (nom) =>
  (await lookup(nom, { all: true, verbatim: true })).map((a) => a.address);

const urlInterdite = (message: string) =>
  new ErreurHttp(422, 'url_webhook_interdite', message, [{ chemin: 'url', code: 'url_webhook_interdite' }]);

/**
 * The host of a webhook URL must resolve to public addresses only (every address it resolves to): checked at
 * subscription and again before each delivery (a DNS answer can change), the connection itself then using only
 * checked addresses (see `envoiHttp`).
 */
export async function verifierDestination(
  url: URL,
  o: { autoriserLocal: boolean; resoudre?: Resolution },
): Promise<void> {
  const hote = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let adresses: string[];
  if (isIP(hote) !== 0) adresses = [hote];
  else {
    try {
      adresses = await (o.resoudre ?? resolutionDns)(hote);
    } catch {
      throw urlInterdite(`Le nom d’hôte « ${hote} » ne se résout pas : l’URL ne peut pas être vérifiée.`);
    }
  }
  const interdite =
    adresses.length === 0 ? hote : adresses.find((a) => adresseInterdite(a, o.autoriserLocal));
  if (interdite !== undefined)
    throw urlInterdite(
      'L’URL désigne une adresse interne (privée, de bouclage, lien-local ou de métadonnées) : les webhooks ne partent que vers des adresses publiques.',
    );
}

/**
 * A subscription URL must be https: the body names dossiers. Plain http is accepted for the loopback only, and
 * only on demo instances and in tests (a partner trying a local receiver). Then the host must resolve to public
 * addresses only (SSRF).
 */
export async function verifierUrl(
  brute: string,
  autoriserHttpLocal: boolean,
  resoudre?: Resolution,
): Promise<string> {
  let url: URL;
  try {
    url = new URL(brute);
  } catch {
    throw new ErreurHttp(400, 'requete_invalide', 'URL invalide.', [
      { chemin: 'url', message: 'URL invalide' },
    ]);
  }
  if (url.username || url.password) throw urlInterdite('L’URL ne doit pas porter d’identifiants.');
  const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  const ok = url.protocol === 'https:' || (url.protocol === 'http:' && local && autoriserHttpLocal);
  if (!ok) throw urlInterdite('L’URL doit être en https.');
  await verifierDestination(url, { autoriserLocal: autoriserHttpLocal, resoudre });
  return url.toString();
}

export interface ContexteClient {
  clientId: string;
  organisationId: string;
  requeteId: string;
}

export async function creerAbonnement(
  db: Kysely<DB>,
  c: ContexteClient,
  url: string,
  evenements: EvenementWebhook[],
) {
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  return db.transaction().execute(async (trx) => {
    const a = await trx
      .insertInto('webhook_abonnement')
      .values({ client_id: c.clientId, url, evenements: [...new Set(evenements)], secret })
      .returning(['id', 'url', 'evenements', 'actif', 'cree_le'])
      .executeTakeFirstOrThrow();
    await journaliser(
      trx,
      { appelant: null, requeteId: c.requeteId },
      {
        action: 'webhook_abonnement_cree',
        objetType: 'webhook_abonnement',
        objetId: a.id,
        organisationId: c.organisationId,
        details: { evenements: a.evenements },
      },
    );
    return { ...formaterAbonnement(a), secret };
  });
}

function formaterAbonnement(a: {
  id: string;
  url: string;
  evenements: string[];
  actif: boolean;
  cree_le: Date;
  desactive_le?: Date | null;
  motif_desactivation?: string | null;
}) {
  return {
    id: a.id,
    url: a.url,
    evenements: a.evenements,
    actif: a.actif,
    creeLe: a.cree_le.toISOString(),
    desactiveLe: a.desactive_le?.toISOString() ?? null,
    motifDesactivation: a.motif_desactivation ?? null,
  };
}

export async function listerAbonnements(db: Kysely<DB>, clientId: string) {
  const lignes = await db
    .selectFrom('webhook_abonnement')
    .select(['id', 'url', 'evenements', 'actif', 'cree_le', 'desactive_le', 'motif_desactivation'])
    .where('client_id', '=', clientId)
    .orderBy('cree_le', 'desc')
    .execute();
  return lignes.map(formaterAbonnement);
}

/** Deleting drops the subscription and its pending deliveries (the partner no longer wants them). */
export async function supprimerAbonnement(db: Kysely<DB>, c: ContexteClient, id: string) {
  await db.transaction().execute(async (trx) => {
    const r = await trx
      .deleteFrom('webhook_abonnement')
      .where('id', '=', id)
      .where('client_id', '=', c.clientId)
      .returning('id')
      .executeTakeFirst();
    if (!r) throw introuvable('L’abonnement');
    await journaliser(
      trx,
      { appelant: null, requeteId: c.requeteId },
      {
        action: 'webhook_abonnement_supprime',
        objetType: 'webhook_abonnement',
        objetId: id,
        organisationId: c.organisationId,
      },
    );
  });
}

/**
 * Writes the outbox rows for one event in the caller's transaction (the act's): one per active subscription
 * of the client that listens to it. The body is frozen here.
 */
export async function emettreEvenement(
  trx: Transaction<DB>,
  clientId: string,
  type: EvenementWebhook,
  donnees: DonneesEvenement,
): Promise<void> {
  await insertionLivraisons(trx, clientId, type, donnees).execute();
}

export type Envoi = (
  url: string,
  corps: string,
  entetes: Record<string, string>,
) => Promise<{ statut: number | null; erreur: string | null }>;

/** A DNS lookup for the connection that refuses forbidden addresses (no rebinding between check and connect). */
function lookupSur(autoriserLocal: boolean): LookupFunction {
  return (nom, options, rappel) => {
    dnsLookup(nom, { ...options, all: true }, (erreur, adresses) => {
      if (erreur) return rappel(erreur, '', 0);
      const interdite = adresses.find((a) => adresseInterdite(a.address, autoriserLocal));
      if (interdite || adresses.length === 0)
        return rappel(
          Object.assign(new Error(`adresse interdite ${interdite?.address ?? ''}`.trim()), {
            code: 'EACCES',
          }),
          '',
          0,
        );
      if (options.all) return rappel(null, adresses);
      const [premiere] = adresses;
      return rappel(null, premiere?.address ?? '', premiere?.family ?? 4);
    });
  };
}

function envoiHttp(autoriserLocal: boolean): Envoi {
  return (url, corps, entetes) =>
    new Promise((resolve) => {
      const cible = new URL(url);
      const requete = (cible.protocol === 'https:' ? httpsRequest : httpRequest)(
        cible,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(corps),
            'user-agent': 'Exploc-Webhooks/1',
            ...entetes,
          },
          lookup: lookupSur(autoriserLocal),
          signal: AbortSignal.timeout(DELAI_REPONSE_MS),
        },
        (reponse) => {
          reponse.resume();
          // A redirect is not a delivery (it is not followed): the receiver must answer 2xx itself.
          const statut = reponse.statusCode ?? null;
          const ok = statut !== null && statut >= 200 && statut < 300;
          resolve({ statut, erreur: ok ? null : `HTTP ${statut}` });
        },
      );
      requete.on('error', (e) =>
        resolve({ statut: null, erreur: e.message.slice(0, 300) || 'erreur réseau' }),
      );
      requete.end(corps);
    });
}

export interface BilanLivraisons {
  livrees: number;
  aRelancer: number;
  echecs: number;
  abonnementsDesactives: number;
}

/**
 * The pg-boss worker: sends the due deliveries. Rows are claimed with `for update skip locked` and leased
 * (their next attempt pushed 5 min ahead) in a short transaction, so the HTTP calls hold no lock and two
 * instances never send the same row at once; a crash mid-send only delays the retry.
 */
export async function livrerWebhooks(
  db: Kysely<DB>,
  o: { maintenant?: Date; envoyer?: Envoi; autoriserLocal?: boolean; resoudre?: Resolution } = {},
): Promise<BilanLivraisons> {
  const maintenant = o.maintenant ?? new Date();
  const autoriserLocal = o.autoriserLocal ?? false;
  const envoyer = o.envoyer ?? envoiHttp(autoriserLocal);
  const bilan: BilanLivraisons = { livrees: 0, aRelancer: 0, echecs: 0, abonnementsDesactives: 0 };
  const lot = await db.transaction().execute(async (trx) => {
    const lignes = await trx
      .selectFrom('webhook_livraison as l')
      .innerJoin('webhook_abonnement as a', 'a.id', 'l.abonnement_id')
      .select(['l.id', 'l.corps', 'l.tentatives', 'l.cree_le', 'a.id as abonnementId', 'a.url', 'a.secret'])
      .where('l.statut', '=', 'en_attente')
      .where('l.prochain_essai_le', '<=', maintenant)
      .where('a.actif', '=', true)
      .orderBy('l.prochain_essai_le')
      .limit(LOT)
      .forUpdate('l')
      .skipLocked()
      .execute();
    if (lignes.length > 0) {
      await trx
        .updateTable('webhook_livraison')
        .set({ prochain_essai_le: new Date(maintenant.getTime() + BAIL_ENVOI_MS) })
        .where(
          'id',
          'in',
          lignes.map((l) => l.id),
        )
        .execute();
    }
    return lignes;
  });
  for (const l of lot) {
    const horodatage = Math.floor(maintenant.getTime() / 1000);
    // The host is checked again before each delivery: its DNS answer may have changed since the subscription.
    const destination = await verifierDestination(new URL(l.url), {
      autoriserLocal,
      resoudre: o.resoudre,
    }).then(
      () => null,
      (e: unknown) => (e instanceof ErreurHttp ? e.message : 'URL refusée'),
    );
    const r = destination
      ? { statut: null, erreur: destination }
      : await envoyer(l.url, l.corps, {
          'Exploc-Id': l.id,
          'Exploc-Horodatage': String(horodatage),
          'Exploc-Signature': signer(l.secret, horodatage, l.id, l.corps),
        });
    const tentatives = l.tentatives + 1;
    const reussi = r.statut !== null && r.statut >= 200 && r.statut < 300;
    await db.transaction().execute(async (trx) => {
      if (reussi) {
        bilan.livrees++;
        await trx
          .updateTable('webhook_livraison')
          .set({
            statut: 'livree',
            tentatives,
            dernier_statut_http: r.statut,
            derniere_erreur: null,
            livree_le: maintenant,
          })
          .where('id', '=', l.id)
          .execute();
        await trx
          .updateTable('webhook_abonnement')
          .set({ echecs_depuis: null })
          .where('id', '=', l.abonnementId)
          .execute();
        return;
      }
      const abandon = maintenant.getTime() - l.cree_le.getTime() >= DUREE_RELANCES_MS;
      if (abandon) bilan.echecs++;
      else bilan.aRelancer++;
      await trx
        .updateTable('webhook_livraison')
        .set({
          statut: abandon ? 'echec' : 'en_attente',
          tentatives,
          dernier_statut_http: r.statut,
          derniere_erreur: r.erreur,
          prochain_essai_le: new Date(maintenant.getTime() + delaiAvantRelance(tentatives)),
        })
        .where('id', '=', l.id)
        .execute();
      // The failure streak starts at the first failure after a success; 24 h of it disables the subscription.
      const a = await trx
        .updateTable('webhook_abonnement')
        .set((eb) => ({ echecs_depuis: eb.fn.coalesce('echecs_depuis', eb.val(maintenant)) }))
        .where('id', '=', l.abonnementId)
        .returning(['echecs_depuis', 'actif'])
        .executeTakeFirst();
      const depuis = a?.echecs_depuis;
      if (
        a?.actif &&
        depuis &&
        maintenant.getTime() - depuis.getTime() >= DUREE_ECHECS_AVANT_DESACTIVATION_MS
      ) {
        bilan.abonnementsDesactives++;
        await trx
          .updateTable('webhook_abonnement')
          .set({
            actif: false,
            desactive_le: maintenant,
            motif_desactivation: '24 h d’échecs de livraison consécutifs',
          })
          .where('id', '=', l.abonnementId)
          .execute();
        await trx
          .updateTable('webhook_livraison')
          .set({ statut: 'annulee' })
          .where('abonnement_id', '=', l.abonnementId)
          .where('statut', '=', 'en_attente')
          .execute();
        await journaliser(
          trx,
          { appelant: null, requeteId: 'travaux' },
          {
            action: 'webhook_abonnement_desactive',
            objetType: 'webhook_abonnement',
            objetId: l.abonnementId,
          },
        );
      }
    });
  }
  return bilan;
}

/**
 * Administrators' view. Partner clients carry a list of départements (empty = national partner): an
 * administrator sees the subscriptions of the partners that share one of their départements, and those of
 * national partners (their acts can land in any département). Secrets are never returned.
 */
export async function webhooksPourAdministrateur(db: Kysely<DB>, departements: readonly string[]) {
  const abonnements = await db
    .selectFrom('webhook_abonnement as a')
    .innerJoin('partenaire_client as c', 'c.id', 'a.client_id')
    .select([
      'a.id',
      'a.url',
      'a.evenements',
      'a.actif',
      'a.cree_le',
      'a.desactive_le',
      'a.motif_desactivation',
      'a.echecs_depuis',
      'c.client_id as clientId',
      'c.nom as partenaire',
    ])
    .where((eb) =>
      eb.or([
        eb('c.departements', '&&', eb.val([...departements])),
        eb('c.departements', '=', eb.val([] as string[])),
      ]),
    )
    .orderBy('a.cree_le', 'desc')
    .execute();
  const ids = abonnements.map((a) => a.id);
  const livraisons =
    ids.length === 0
      ? []
      : await db
          .selectFrom('webhook_livraison')
          .select([
            'id',
            'abonnement_id',
            'type',
            'statut',
            'tentatives',
            'prochain_essai_le',
            'dernier_statut_http',
            'derniere_erreur',
            'cree_le',
            'livree_le',
          ])
          .where('abonnement_id', 'in', ids)
          .orderBy('cree_le', 'desc')
          .limit(200)
          .execute();
  return {
    abonnements: abonnements.map((a) => ({
      ...formaterAbonnement(a),
      partenaire: { clientId: a.clientId, nom: a.partenaire },
      echecsDepuis: a.echecs_depuis?.toISOString() ?? null,
    })),
    livraisons: livraisons.map((l) => ({
      id: l.id,
      abonnementId: l.abonnement_id,
      type: l.type,
      statut: l.statut,
      tentatives: l.tentatives,
      prochainEssaiLe: l.statut === 'en_attente' ? l.prochain_essai_le.toISOString() : null,
      dernierStatutHttp: l.dernier_statut_http,
      derniereErreur: l.derniere_erreur,
      creeLe: l.cree_le.toISOString(),
      livreeLe: l.livree_le?.toISOString() ?? null,
    })),
  };
}
