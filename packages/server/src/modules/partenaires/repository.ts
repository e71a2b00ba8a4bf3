import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import { requeteMemorisee } from '../../db/requete-memorisee.js';
import type { DB, JournalTable } from '../../db/schema.js';
import { type DonneesEvenement, insertionLivraisons } from '../webhooks/repository.js';
import type { EvenementWebhook } from '../webhooks/service.js';

type Executeur = Kysely<DB> | Transaction<DB>;

export async function insererClient(
  db: Executeur,
  c: {
    clientId: string;
    secretHash: string;
    type: string;
    nom: string;
    siret: string | null;
    organisationId: string;
    departements: string[];
  },
) {
  return db
    .insertInto('partenaire_client')
    .values({
      client_id: c.clientId,
      secret_hash: c.secretHash,
      type: c.type,
      nom: c.nom,
      siret: c.siret,
      organisation_id: c.organisationId,
      departements: c.departements,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function clientParIdentifiant(db: Executeur, clientId: string) {
  return db
    .selectFrom('partenaire_client')
    .select(['id', 'secret_hash', 'actif'])
    .where('client_id', '=', clientId)
    .executeTakeFirst();
}

export async function insererJeton(db: Executeur, jetonHash: string, clientId: string, expireLe: Date) {
  await db
    .insertInto('partenaire_jeton')
    .values({ jeton_hash: jetonHash, client_id: clientId, expire_le: expireLe })
    .execute();
}

/** Checked at every partner request: built and compiled once (db/requete-memorisee.ts). */
const requeteJeton = requeteMemorisee((db, _contexte: null, v: { jetonHash: string }) =>
  db
    .selectFrom('partenaire_jeton as j')
    .innerJoin('partenaire_client as c', 'c.id', 'j.client_id')
    .select(['c.id', 'c.client_id', 'c.type', 'c.nom', 'c.organisation_id', 'c.departements'])
    .where('j.jeton_hash', '=', v.jetonHash)
    .where('j.expire_le', '>', sql<Date>`now()`)
    .where('c.actif', '=', true),
);

export async function clientDuJeton(db: Executeur, jetonHash: string) {
  const [client] = await requeteJeton(db, null, { jetonHash });
  return client;
}

/**
 * Takes the lock of one Idempotency-Key (it serialises the requests that share it; `verrouille` false when
 * another one holds it) and reads the key's stored answer, in one statement. Its snapshot precedes the lock: see
 * idempotence.ts for the one race this leaves and how it ends.
 */
export async function verrouillerEtLireCle(trx: Transaction<DB>, clientId: string, cle: string) {
  const r = await trx
    .selectNoFrom((eb) => [
      sql<boolean>`pg_try_advisory_xact_lock(hashtextextended(${`${clientId}:${cle}`}, 7))`.as('verrouille'),
      // A partner's write leaves the steering facts of its dossiers to the recomputation that follows its
      // commit (migration 0028, ADR 0007), for this transaction only.
      sql<string>`set_config('exploc.pilotage_differe', 'on', true)`.as('pilotage_differe'),
      eb
        .selectFrom('cle_idempotence')
        .select(
          sql<{ empreinte: string; statut_http: number; reponse: unknown }>`json_build_object(
          'empreinte', empreinte, 'statut_http', statut_http, 'reponse', reponse)`.as('c'),
        )
        .where('client_id', '=', clientId)
        .where('cle', '=', cle)
        .as('existante'),
    ])
    .executeTakeFirstOrThrow();
  return { verrouille: r.verrouille === true, existante: r.existante ?? undefined };
}

/** Dossiers of the same lease (key) whose titulaire's birth date agrees when both sides know it. */
export async function dossiersDuBail(db: Executeur, cle: string, dateNaissance: string | null) {
  return db
    .selectFrom('dossier as d')
    .leftJoin('personne as p', (j) => j.onRef('p.dossier_id', '=', 'd.id').on('p.role', '=', 'titulaire'))
    .select(['d.id', 'd.numero'])
    .where('d.cle_rapprochement', '=', cle)
    .where((eb) =>
      dateNaissance
        ? eb.or([eb('p.date_naissance', 'is', null), eb('p.date_naissance', '=', dateNaissance)])
        : sql<boolean>`true`,
    )
    .groupBy(['d.id', 'd.numero'])
    .limit(10)
    .execute();
}

/** The stored answer of an Idempotency-Key, if any (outside its lock: a hint, never a decision). */
export async function lireCle(db: Executeur, clientId: string, cle: string) {
  return db
    .selectFrom('cle_idempotence')
    .select(['empreinte', 'statut_http', 'reponse'])
    .where('client_id', '=', clientId)
    .where('cle', '=', cle)
    .executeTakeFirst();
}

export async function enregistrerCle(
  trx: Transaction<DB>,
  c: { clientId: string; cle: string; empreinte: string; statutHttp: number; reponse: unknown },
) {
  await trx.insertInto('cle_idempotence').values(valeursCle(c)).execute();
}

function valeursCle(c: {
  clientId: string;
  cle: string;
  empreinte: string;
  statutHttp: number;
  reponse: unknown;
}) {
  return {
    client_id: c.clientId,
    cle: c.cle,
    empreinte: c.empreinte,
    statut_http: c.statutHttp,
    reponse: JSON.stringify(c.reponse),
  };
}

export async function lierOrganisation(
  trx: Transaction<DB>,
  dossierId: string,
  organisationId: string,
  role: string,
) {
  await trx
    .insertInto('dossier_organisation')
    .values(valeursLien({ dossierId, organisationId, role }))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

const valeursLien = (l: { dossierId: string; organisationId: string; role: string }) => ({
  dossier_id: l.dossierId,
  organisation_id: l.organisationId,
  role: l.role,
});

export interface NouvelActe {
  id: string;
  clientId: string;
  organisationId: string;
  reference: string;
  type: string;
  date: string;
  contenu: unknown;
  statut: string;
  motif: string | null;
  dossierId: string | null;
  evenementId: string | null;
  candidats: string[];
}

/**
 * Everything that records a received act, in one statement (data-modifying CTEs; the ingestion path counts
 * round trips, docs/performance.md): the act, the partner's link to the dossier, the journal row, the webhook
 * outbox rows and the Idempotency-Key with its stored answer.
 */
export async function enregistrerActe(
  trx: Transaction<DB>,
  e: {
    acte: NouvelActe;
    lien: { dossierId: string; organisationId: string; role: string } | null;
    journal: Insertable<JournalTable>;
    webhook: { type: EvenementWebhook; donnees: DonneesEvenement };
    cle: { clientId: string; cle: string; empreinte: string; statutHttp: number; reponse: unknown };
  },
) {
  const a = e.acte;
  await trx
    .with('acte', (qc) =>
      qc
        .insertInto('acte_partenaire')
        .values({
          id: a.id,
          client_id: a.clientId,
          organisation_id: a.organisationId,
          reference: a.reference,
          type: a.type,
          date_acte: a.date,
          contenu: JSON.stringify(a.contenu),
          statut: a.statut,
          motif: a.motif,
          dossier_id: a.dossierId,
          evenement_id: a.evenementId,
          candidats: a.candidats,
        })
        .returning('id'),
    )
    .with('lien', (qc) =>
      e.lien
        ? qc
            .insertInto('dossier_organisation')
            .values(valeursLien(e.lien))
            .onConflict((oc) => oc.doNothing())
            .returning('dossier_id')
        : qc.selectNoFrom(sql<string>`null::uuid`.as('dossier_id')),
    )
    .with('journal', (qc) => qc.insertInto('journal').values(e.journal).returning('id'))
    .with('livraisons', (qc) => insertionLivraisons(qc, e.cle.clientId, e.webhook.type, e.webhook.donnees))
    .with('cle', (qc) => qc.insertInto('cle_idempotence').values(valeursCle(e.cle)).returning('cle'))
    .selectFrom('acte')
    .select('acte.id')
    .executeTakeFirstOrThrow();
}

export async function acteDuClient(db: Executeur, clientId: string, acteId: string) {
  return db
    .selectFrom('acte_partenaire as a')
    .leftJoin('dossier as d', 'd.id', 'a.dossier_id')
    .select([
      'a.id',
      'a.reference',
      'a.type',
      'a.date_acte',
      'a.statut',
      'a.motif',
      'a.cree_le',
      'd.numero',
      'd.phase',
      'd.id as dossier_id',
      'd.departement_code',
    ])
    .where('a.id', '=', acteId)
    .where('a.client_id', '=', clientId)
    .executeTakeFirst();
}
