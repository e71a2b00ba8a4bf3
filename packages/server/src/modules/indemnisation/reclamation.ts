/**
 * The indemnity claim of the eviction decision's beneficiary (CPCE R154-2): filed by the landlord on its
 * dossier, or entered by a préfecture agent from a claim received on paper. It records the claimed period,
 * the amounts and the supporting documents, and the settlement's `demande_recue` step (reglement.ts) in the
 * same transaction, so the préfecture's indemnisation screens show it at once. The acknowledgement states the
 * day silence becomes a rejection (R154-3: two months; CRPA L112-3).
 */
import { evaluerProcedure } from '@exploc/domain/procedure/evaluer';
import {
  MAX_JUSTIFICATIFS_RECLAMATION,
  type ReclamationIndemnisation,
  schemaReclamationIndemnisation,
} from '@exploc/domain/schemas/reclamation-indemnisation';
import type { FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { aujourdhui } from '../../lib/aujourdhui.js';
import type { Appelant } from '../../plugins/contexte.js';
import { ErreurHttp, introuvable, multipartIllisible } from '../../plugins/erreurs.js';
import { type ContexteJournal, journaliser } from '../../plugins/journal.js';
import { nomSur, stocker, TAILLE_MAX_DOCUMENT, TYPES_ACCEPTES, typeReel } from '../documents/fichiers.js';
import * as dossiers from '../dossiers/repository.js';
import { scenarioDuDossier, versEvenement } from '../dossiers/scenario.js';
import { actifs, pourMoteur } from '../dossiers/service.js';
import { dateRejetImplicite, texteAccuseReception } from './reglement.js';

export interface Justificatif {
  nom: string;
  type: keyof typeof TYPES_ACCEPTES;
  octets: Buffer;
}

const invalide = (chemin: string, message: string) =>
  new ErreurHttp(400, 'requete_invalide', 'La requête contient des données invalides.', [
    { chemin, message },
  ]);

/**
 * Reads the multipart body: the field `reclamation` (JSON) and up to ten files `justificatifs` (PDF, JPEG or
 * PNG, 10 MB each, real type checked on the first bytes).
 */
export async function lireMultipartReclamation(
  request: FastifyRequest,
): Promise<{ reclamation: ReclamationIndemnisation; justificatifs: Justificatif[] }> {
  if (!request.isMultipart()) {
    throw new ErreurHttp(
      415,
      'type_contenu_non_supporte',
      'Envoyez la demande en multipart/form-data (champ « reclamation » et fichiers « justificatifs »).',
    );
  }
  let brut: string | undefined;
  const justificatifs: Justificatif[] = [];
  try {
    brut = await lireParties(request, justificatifs);
  } catch (e) {
    throw multipartIllisible(e);
  }
  let json: unknown;
  try {
    json = JSON.parse(brut ?? '');
  } catch {
    throw invalide('reclamation', 'Le champ « reclamation » doit contenir la demande au format JSON');
  }
  const r = schemaReclamationIndemnisation.safeParse(json);
  if (!r.success) {
    throw new ErreurHttp(
      400,
      'requete_invalide',
      'La requête contient des données invalides.',
      r.error.issues.map((i) => ({ chemin: i.path.join('.'), message: i.message })),
    );
  }
  return { reclamation: r.data, justificatifs };
}

type Executeur = Kysely<DB> | Transaction<DB>;
type LigneDossier = NonNullable<Awaited<ReturnType<typeof dossiers.lireDossier>>>;

/** The parts of the claim's body: pushes the files into `justificatifs`, returns the `reclamation` field. */
async function lireParties(
  request: FastifyRequest,
  justificatifs: Justificatif[],
): Promise<string | undefined> {
  let brut: string | undefined;
  for await (const partie of request.parts({
    limits: { fileSize: TAILLE_MAX_DOCUMENT, files: MAX_JUSTIFICATIFS_RECLAMATION, fields: 2 },
  })) {
    if (partie.type === 'file') {
      if (partie.fieldname !== 'justificatifs') {
        partie.file.resume();
        continue;
      }
      const octets = await partie.toBuffer().catch(() => {
        throw new ErreurHttp(413, 'document_trop_volumineux', 'Un justificatif dépasse 10 Mo.');
      });
      if (partie.file.truncated)
        throw new ErreurHttp(413, 'document_trop_volumineux', 'Un justificatif dépasse 10 Mo.');
      if (octets.length === 0) continue;
      const reel = typeReel(octets);
      if (!reel || !(partie.mimetype in TYPES_ACCEPTES) || reel !== partie.mimetype) {
        throw new ErreurHttp(
          415,
          'type_document_refuse',
          `« ${nomSur(partie.filename)} » : seuls les documents PDF, JPEG et PNG sont acceptés, et leur contenu doit correspondre à leur type.`,
        );
      }
      justificatifs.push({ nom: partie.filename, type: reel, octets });
    } else if (partie.fieldname === 'reclamation' && typeof partie.value === 'string') {
      brut = partie.value;
    }
  }
  return brut;
}

const euro = (cents: number) => cents / 100;
const centimes = (v: number) => Math.round(v * 100);

/** The start of the State's liability today, or null when the CFP was neither refused nor implicitly refused. */
async function responsabiliteEtat(db: Executeur, d: LigneDossier) {
  const [evenements, parametres] = await Promise.all([
    dossiers.evenementsDuDossier(db, d.id),
    dossiers.parametresDepartement(db, d.departement_code),
  ]);
  const asOf = aujourdhui(d.departement_code);
  return evaluerProcedure(
    scenarioDuDossier(pourMoteur(d), actifs(evenements).map(versEvenement), parametres, asOf),
  ).responsabiliteEtat;
}

function vue(r: Awaited<ReturnType<typeof lireReclamation>>) {
  if (!r) return null;
  return {
    id: r.id,
    origine: r.origine,
    recueLe: r.recue_le,
    periodeDu: r.periode_du,
    periodeAu: r.periode_au,
    montantLoyers: euro(r.montant_loyers_cents),
    montantCharges: euro(r.montant_charges_cents),
    montantAutres: euro(r.montant_autres_cents),
    libelleAutres: r.libelle_autres,
    montantTotal: euro(r.montant_total_cents),
    observations: r.observations,
    justificatifs: r.justificatifs,
    rejetImpliciteLe: dateRejetImplicite(r.recue_le),
    accuseReception: texteAccuseReception(r.recue_le),
  };
}
export type VueReclamation = NonNullable<ReturnType<typeof vue>>;

export async function lireReclamation(db: Executeur, dossierId: string) {
  const r = await db
    .selectFrom('indemnisation_reclamation')
    .selectAll()
    .where('dossier_id', '=', dossierId)
    .executeTakeFirst();
  if (!r) return undefined;
  const justificatifs =
    r.documents.length === 0
      ? []
      : await db
          .selectFrom('document')
          .select(['id', 'nom_fichier as nom', 'type_mime as type', 'taille'])
          .where('id', 'in', r.documents)
          .orderBy('cree_le')
          .execute();
  return { ...r, justificatifs };
}

/** The claim of a dossier in the caller's scope, with whether one may be filed now. */
export async function consulterReclamation(db: Kysely<DB>, appelant: Appelant, dossierId: string) {
  const d = await dossiers.lireDossier(db, appelant.scope, dossierId);
  if (!d) throw introuvable('Le dossier');
  const [reclamation, responsabilite] = await Promise.all([
    lireReclamation(db, dossierId),
    responsabiliteEtat(db, d),
  ]);
  return {
    reclamation: vue(reclamation),
    responsabiliteEtatDepuis: responsabilite?.debut ?? null,
    possible: !reclamation && responsabilite !== null,
  };
}

/** Files the claim (landlord or agent entry), its documents and the `demande_recue` step, in one transaction. */
export async function deposerReclamation(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  dossierId: string,
  depot: { origine: 'bailleur' | 'agent'; stockage: string },
  r: ReclamationIndemnisation,
  justificatifs: Justificatif[],
): Promise<VueReclamation> {
  const { origine } = depot;
  // Content-addressed storage before the transaction: a file left by a rolled-back claim is unreferenced.
  const stockes = await Promise.all(
    justificatifs.map(async (j) => ({ ...j, sha256: await stocker(depot.stockage, j.octets) })),
  );
  return db.transaction().execute(async (trx) => {
    const d = await dossiers.verrouillerEtLireDossier(trx, appelant.scope, { id: dossierId });
    if (!d) throw introuvable('Le dossier');
    const responsabilite = await responsabiliteEtat(trx, d);
    if (!responsabilite) {
      throw new ErreurHttp(
        422,
        'responsabilite_etat_non_engagee',
        'Le concours de la force publique n’a pas été refusé, ni explicitement ni par le silence du préfet : ' +
          'aucune indemnisation ne peut encore être demandée (CPCE R154-1).',
      );
    }
    const jour = aujourdhui(d.departement_code);
    const recueLe = origine === 'agent' && r.recueLe ? r.recueLe : jour;
    if (recueLe > jour) throw invalide('recueLe', 'La date de réception ne peut pas être dans le futur');
    if (r.periodeDu < responsabilite.debut) {
      throw invalide(
        'periodeDu',
        `La responsabilité de l’État court à compter du ${responsabilite.debut} : la période ne peut commencer avant.`,
      );
    }
    if (r.periodeAu > recueLe) {
      throw invalide('periodeAu', 'La période réclamée ne peut pas dépasser la date de la demande');
    }
    const reglement = await trx
      .selectFrom('indemnisation_reglement')
      .selectAll()
      .where('dossier_id', '=', dossierId)
      .forUpdate()
      .executeTakeFirst();
    const existante = await trx
      .selectFrom('indemnisation_reclamation')
      .select('id')
      .where('dossier_id', '=', dossierId)
      .executeTakeFirst();
    if (existante || reglement?.demande_recue_le) {
      throw new ErreurHttp(
        409,
        'reclamation_deja_recue',
        'Une demande d’indemnisation est déjà enregistrée pour ce dossier.',
      );
    }
    const documents: string[] = [];
    for (const j of stockes) {
      const doc = await trx
        .insertInto('document')
        .values({
          dossier_id: dossierId,
          evenement_id: null,
          // Supporting documents of an indemnity claim: rent statements, receipts.
          classe: 'financier',
          nom_fichier: nomSur(j.nom),
          type_mime: j.type,
          taille: j.octets.length,
          sha256: j.sha256,
          depose_par: appelant.utilisateurId,
          organisation_id: appelant.organisation.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      documents.push(doc.id);
    }
    const total = centimes(r.montantLoyers) + centimes(r.montantCharges) + centimes(r.montantAutres);
    await trx
      .insertInto('indemnisation_reclamation')
      .values({
        dossier_id: dossierId,
        origine,
        deposant_utilisateur_id: appelant.utilisateurId,
        deposant_organisation_id: appelant.organisation.id,
        recue_le: recueLe,
        periode_du: r.periodeDu,
        periode_au: r.periodeAu,
        montant_loyers_cents: centimes(r.montantLoyers),
        montant_charges_cents: centimes(r.montantCharges),
        montant_autres_cents: centimes(r.montantAutres),
        libelle_autres: r.libelleAutres ?? null,
        montant_total_cents: total,
        observations: r.observations ?? null,
        documents,
      })
      .execute();
    if (reglement) {
      await trx
        .updateTable('indemnisation_reglement')
        .set({
          demande_recue_le: recueLe,
          montant_demande_cents: total,
          version: reglement.version + 1,
          modifie_le: new Date(),
        })
        .where('dossier_id', '=', dossierId)
        .execute();
    } else {
      await trx
        .insertInto('indemnisation_reglement')
        .values({ dossier_id: dossierId, demande_recue_le: recueLe, montant_demande_cents: total })
        .execute();
    }
    await dossiers.incrementerVersion(trx, dossierId);
    await dossiers.ajouterHistorique(trx, {
      dossierId,
      auteurId: appelant.utilisateurId,
      action: 'reclamation_indemnisation',
    });
    await journaliser(trx, contexte, {
      action: 'indemnisation_reclamation_recue',
      objetType: 'dossier',
      objetId: dossierId,
      departementCode: d.departement_code,
      details: { origine, justificatifs: documents.length },
    });
    return vue(await lireReclamation(trx, dossierId)) as VueReclamation;
  });
}
