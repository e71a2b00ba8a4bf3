import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { ErreurHttp, introuvable } from '../../plugins/erreurs.js';
import { journaliser } from '../../plugins/journal.js';

/** Events a partner can subscribe to: one per outcome of an act it transmitted. */
export const EVENEMENTS_WEBHOOK = ['acte_integre', 'acte_a_verifier', 'acte_a_rattacher'] as const;
export type EvenementWebhook = (typeof EVENEMENTS_WEBHOOK)[number];

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

/**
 * A subscription URL must be https: the body names dossiers. Plain http is accepted for the loopback only, and
 * only on demo instances and in tests (a partner trying a local receiver).
 */
export function verifierUrl(brute: string, autoriserHttpLocal: boolean): string {
  let url: URL;
  try {
    url = new URL(brute);
  } catch {
    throw new ErreurHttp(400, 'requete_invalide', 'URL invalide.', [
      { chemin: 'url', message: 'URL invalide' },
    ]);
  }
  const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
  const ok = url.protocol === 'https:' || (url.protocol === 'http:' && local && autoriserHttpLocal);
  if (!ok || url.username || url.password) {
    throw new ErreurHttp(400, 'requete_invalide', 'L’URL doit être en https (sans identifiants).', [
      { chemin: 'url', message: 'https obligatoire' },
    ]);
  }
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
  donnees: { acteId: string; dossierNumero: string | null; statut: string },
): Promise<void> {
  const abonnements = await trx
    .selectFrom('webhook_abonnement')
    .select('id')
    .where('client_id', '=', clientId)
    .where('actif', '=', true)
    .where((eb) => eb(eb.val<string>(type), '=', eb.fn.any('evenements')))
    .execute();
  if (abonnements.length === 0) return;
  const horodatage = new Date().toISOString();
  await trx
    .insertInto('webhook_livraison')
    .values(
      abonnements.map((a) => {
        const id = randomUUID();
        return { id, abonnement_id: a.id, type, corps: JSON.stringify({ id, type, horodatage, donnees }) };
      }),
    )
    .execute();
}

export type Envoi = (
  url: string,
  corps: string,
  entetes: Record<string, string>,
) => Promise<{ statut: number | null; erreur: string | null }>;

const envoiHttp: Envoi = async (url, corps, entetes) => {
  try {
    const r = await fetch(url, {
      method: 'POST',
      body: corps,
      headers: { 'content-type': 'application/json', 'user-agent': 'Exploc-Webhooks/1', ...entetes },
      // A redirect is not a delivery: the receiver must answer 2xx itself.
      redirect: 'manual',
      signal: AbortSignal.timeout(DELAI_REPONSE_MS),
    });
    await r.body?.cancel();
    return { statut: r.status, erreur: r.ok ? null : `HTTP ${r.status}` };
  } catch (e) {
    return { statut: null, erreur: e instanceof Error ? e.message.slice(0, 300) : 'erreur réseau' };
  }
};

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
  o: { maintenant?: Date; envoyer?: Envoi } = {},
): Promise<BilanLivraisons> {
  const maintenant = o.maintenant ?? new Date();
  const envoyer = o.envoyer ?? envoiHttp;
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
    const r = await envoyer(l.url, l.corps, {
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
