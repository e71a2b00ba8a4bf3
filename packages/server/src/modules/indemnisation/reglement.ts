import { ajouterMois, type DateIso, formaterDateFr } from '@exploc/domain/calendrier/dates';
import {
  type EtapeReglement,
  type EtapeReglementSoumise,
  LIBELLES_ETAPE_REGLEMENT,
} from '@exploc/domain/schemas/indemnisation';
import type { Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type { DB, IndemnisationReglementTable } from '../../db/schema.js';
import { aujourdhui } from '../../lib/aujourdhui.js';
import type { Appelant } from '../../plugins/contexte.js';
import { ErreurHttp, introuvable } from '../../plugins/erreurs.js';
import { type ContexteJournal, journaliser } from '../../plugins/journal.js';
import * as dossiers from '../dossiers/repository.js';
import { versionPerimee } from '../identite/service.js';

type Ligne = Selectable<IndemnisationReglementTable>;
const euros = (cents: number | null) => (cents === null ? null : cents / 100);
const centimes = (montant: number) => Math.round(montant * 100);

/** Date by which the préfet's silence on the claim is a rejection (R154-3: 2 months), then the TA can be seized. */
export function dateRejetImplicite(demandeRecueLe: DateIso): DateIso {
  return ajouterMois(demandeRecueLe, 2);
}

/** The acknowledgement of the claim must state when silence becomes a rejection (R154-2, CRPA L112-3). */
export function texteAccuseReception(demandeRecueLe: DateIso): string {
  return (
    `Votre demande d’indemnisation a été reçue le ${formaterDateFr(demandeRecueLe)}. ` +
    `À défaut de réponse du préfet au ${formaterDateFr(dateRejetImplicite(demandeRecueLe))}, ` +
    'elle sera réputée rejetée ; vous pourrez alors saisir le tribunal administratif dans un délai de deux mois.'
  );
}

const COLONNE_DATE: Record<EtapeReglement, keyof Ligne> = {
  demande_recue: 'demande_recue_le',
  proposition: 'proposition_le',
  signature_beneficiaire: 'signature_beneficiaire_le',
  signature_prefet: 'signature_prefet_le',
  ordre_paiement: 'ordre_paiement_le',
  paiement: 'paiement_le',
  subrogation: 'subrogation_le',
  recours_ta: 'recours_ta_le',
  jugement_ta: 'jugement_ta_le',
};

/** What must already be recorded before a step, in the order of R154-2 to R154-4. */
const PREALABLES: Record<EtapeReglement, readonly EtapeReglement[]> = {
  demande_recue: [],
  proposition: ['demande_recue'],
  signature_beneficiaire: ['proposition'],
  signature_prefet: ['proposition'],
  ordre_paiement: ['signature_beneficiaire', 'signature_prefet'],
  paiement: ['ordre_paiement'],
  // The State is subrogated by the transaction itself (R154-3): both parties must have signed it.
  subrogation: ['signature_beneficiaire', 'signature_prefet'],
  recours_ta: ['demande_recue'],
  jugement_ta: ['recours_ta'],
};

function dateDe(r: Ligne | undefined, e: EtapeReglement): string | null {
  return r ? (r[COLONNE_DATE[e]] as string | null) : null;
}

function etapesPossibles(r: Ligne | undefined): EtapeReglement[] {
  return (Object.keys(PREALABLES) as EtapeReglement[]).filter(
    (e) =>
      dateDe(r, e) === null &&
      PREALABLES[e].every((p) => dateDe(r, p) !== null) &&
      // A signed transaction waives any action (R154-3): no application to the TA after it.
      !(e === 'recours_ta' && dateDe(r, 'signature_beneficiaire') !== null),
  );
}

export function presenter(r: Ligne | undefined) {
  const demande = r?.demande_recue_le ?? null;
  return {
    version: r?.version ?? 0,
    demandeRecueLe: demande,
    montantDemande: euros(r?.montant_demande_cents ?? null),
    rejetImpliciteLe: demande ? dateRejetImplicite(demande) : null,
    accuseReception: demande ? texteAccuseReception(demande) : null,
    propositionLe: r?.proposition_le ?? null,
    montantPropose: euros(r?.montant_propose_cents ?? null),
    signatureBeneficiaireLe: r?.signature_beneficiaire_le ?? null,
    signaturePrefetLe: r?.signature_prefet_le ?? null,
    ordrePaiementLe: r?.ordre_paiement_le ?? null,
    paiementLe: r?.paiement_le ?? null,
    montantPaye: euros(r?.montant_paye_cents ?? null),
    subrogationLe: r?.subrogation_le ?? null,
    recoursTaLe: r?.recours_ta_le ?? null,
    jugementTaLe: r?.jugement_ta_le ?? null,
    montantAlloue: euros(r?.montant_alloue_cents ?? null),
    etapesPossibles: etapesPossibles(r),
  };
}

export async function lireReglement(db: Kysely<DB> | Transaction<DB>, dossierId: string) {
  return db
    .selectFrom('indemnisation_reglement')
    .selectAll()
    .where('dossier_id', '=', dossierId)
    .executeTakeFirst();
}

export async function consulter(db: Kysely<DB>, appelant: Appelant, id: string) {
  const d = await dossiers.lireDossier(db, appelant.scope, id);
  if (!d) throw introuvable('Le dossier');
  return { dossier: d, reglement: await lireReglement(db, id) };
}

/**
 * Records one step of the settlement. If-Match carries the settlement's version ("0" before the claim), so two
 * agents cannot record conflicting steps; each step is journaled in the same transaction.
 */
export async function enregistrerEtape(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  id: string,
  versionAttendue: number,
  s: EtapeReglementSoumise,
) {
  return db.transaction().execute(async (trx) => {
    const d = await dossiers.verrouillerDossier(trx, appelant.scope, id);
    if (!d) throw introuvable('Le dossier');
    const r = await trx
      .selectFrom('indemnisation_reglement')
      .selectAll()
      .where('dossier_id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if ((r?.version ?? 0) !== versionAttendue) throw versionPerimee();
    if (dateDe(r, s.etape) !== null) {
      throw new ErreurHttp(
        409,
        'etape_deja_enregistree',
        `L’étape « ${LIBELLES_ETAPE_REGLEMENT[s.etape]} » est déjà enregistrée.`,
      );
    }
    if (!etapesPossibles(r).includes(s.etape)) {
      const manquantes = PREALABLES[s.etape].filter((p) => dateDe(r, p) === null);
      throw new ErreurHttp(
        422,
        'etape_prematuree',
        manquantes.length > 0
          ? `Enregistrez d’abord : ${manquantes.map((m) => LIBELLES_ETAPE_REGLEMENT[m].toLowerCase()).join(', ')}.`
          : 'La transaction signée vaut renonciation à toute action : le tribunal administratif ne peut plus être saisi.',
      );
    }
    const precedentes = PREALABLES[s.etape].map((p) => dateDe(r, p)).filter((x): x is string => x !== null);
    const plusTardive = precedentes.sort().at(-1);
    if (plusTardive && s.date < plusTardive) {
      throw new ErreurHttp(400, 'requete_invalide', 'La date précède celle de l’étape précédente.', [
        { chemin: 'date', message: `La date ne peut pas précéder le ${formaterDateFr(plusTardive)}.` },
      ]);
    }
    if (s.date > aujourdhui(d.departement_code)) {
      throw new ErreurHttp(400, 'requete_invalide', 'La date ne peut pas être dans le futur.', [
        { chemin: 'date', message: 'La date ne peut pas être dans le futur.' },
      ]);
    }
    const valeurs: Updateable<IndemnisationReglementTable> = { [COLONNE_DATE[s.etape]]: s.date };
    if (s.etape === 'demande_recue' && s.montantDemande != null)
      valeurs.montant_demande_cents = centimes(s.montantDemande);
    if (s.etape === 'proposition') valeurs.montant_propose_cents = centimes(s.montant);
    if (s.etape === 'paiement') valeurs.montant_paye_cents = centimes(s.montant);
    if (s.etape === 'jugement_ta') valeurs.montant_alloue_cents = centimes(s.montantAlloue);
    const apres = r
      ? await trx
          .updateTable('indemnisation_reglement')
          .set({ ...valeurs, version: r.version + 1, modifie_le: new Date() })
          .where('dossier_id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow()
      : await trx
          .insertInto('indemnisation_reglement')
          .values({ ...valeurs, dossier_id: id })
          .returningAll()
          .executeTakeFirstOrThrow();
    await journaliser(trx, contexte, {
      action: `indemnisation_reglement_${s.etape}`,
      objetType: 'dossier',
      objetId: id,
      departementCode: d.departement_code,
      details: { etape: s.etape, date: s.date },
    });
    return presenter(apres);
  });
}
