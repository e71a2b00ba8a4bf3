import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Scope } from '@exploc/domain/acces/scope';
import type { NouveauDossier } from '@exploc/domain/schemas/dossier';
import {
  ACTES_PAR_PARTENAIRE,
  type ActePartenaire,
  lireActePartenaire,
  type TypePartenaire,
} from '@exploc/domain/schemas/partenaires';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { ErreurHttp, introuvable } from '../../plugins/erreurs.js';
import {
  type ContexteJournal,
  type EntreeJournal,
  journaliser,
  ligneJournal,
} from '../../plugins/journal.js';
import { recevoirSaisine } from '../ccapex/saisines.js';
import { commissionCompetente } from '../ccapex/territoire.js';
import { cleRapprochement } from '../dossiers/recherche.js';
import * as repoDossiers from '../dossiers/repository.js';
import {
  type DossierLu,
  enregistrerEvenement,
  insererDossier,
  reserverNumeroDossier,
} from '../dossiers/service.js';
import { insererOrganisation } from '../identite/repository.js';
import { EVENEMENT_DU_STATUT } from '../webhooks/service.js';
import { sousCleIdempotence } from './idempotence.js';
import * as repo from './repository.js';

export interface Partenaire {
  id: string;
  clientId: string;
  type: TypePartenaire;
  nom: string;
  organisationId: string;
  departements: string[];
}

const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');
export const DUREE_JETON_SECONDES = 3600;

const TYPE_ORGANISATION: Record<TypePartenaire, string> = {
  commissaire_justice: 'etude_commissaire_justice',
  bailleur: 'bailleur',
  caf: 'caf',
  banque_de_france: 'banque_de_france',
};

/**
 * Creates partner credentials (`exploc partenaire creer`). The secret is shown once: only its SHA-256 is kept
 * (256 random bits, so a fast hash is enough).
 */
export async function creerClientPartenaire(
  db: Kysely<DB>,
  p: { type: TypePartenaire; nom: string; siret: string | null; departements: string[] },
): Promise<{ clientId: string; clientSecret: string }> {
  return db.transaction().execute(async (trx) => {
    const typeOrganisation = TYPE_ORGANISATION[p.type];
    let organisation = p.siret
      ? await trx
          .selectFrom('organisation')
          .select('id')
          .where('siret', '=', p.siret)
          .where('type', '=', typeOrganisation)
          .executeTakeFirst()
      : undefined;
    organisation ??= await insererOrganisation(trx, {
      type: typeOrganisation,
      nom: p.nom,
      siret: p.siret,
      departementCode: p.departements[0] ?? null,
      departements: p.departements,
    });
    const clientId = `${p.type.replace(/_/g, '-')}-${randomBytes(8).toString('hex')}`;
    const clientSecret = randomBytes(32).toString('base64url');
    const cree = await repo.insererClient(trx, {
      clientId,
      secretHash: sha256(clientSecret),
      type: p.type,
      nom: p.nom,
      siret: p.siret,
      organisationId: organisation.id,
      departements: p.departements,
    });
    await journaliser(
      trx,
      { appelant: null, requeteId: 'cli' },
      {
        action: 'partenaire_cree',
        objetType: 'partenaire_client',
        objetId: cree.id,
        organisationId: organisation.id,
      },
    );
    return { clientId, clientSecret };
  });
}

/** OAuth2 client credentials → opaque bearer token (stored hashed, expiring). */
export async function emettreJeton(db: Kysely<DB>, clientId: string, clientSecret: string) {
  const client = await repo.clientParIdentifiant(db, clientId);
  const attendu = Buffer.from(client?.secret_hash ?? sha256(randomBytes(8).toString('hex')), 'hex');
  const fourni = Buffer.from(sha256(clientSecret), 'hex');
  if (!client?.actif || !timingSafeEqual(attendu, fourni)) {
    throw new ErreurHttp(401, 'client_invalide', 'Identifiant ou secret du client incorrect.');
  }
  const jeton = randomBytes(32).toString('base64url');
  await repo.insererJeton(db, sha256(jeton), client.id, new Date(Date.now() + DUREE_JETON_SECONDES * 1000));
  return { access_token: jeton, token_type: 'Bearer' as const, expires_in: DUREE_JETON_SECONDES };
}

export async function partenaireDuJeton(db: Kysely<DB>, jeton: string): Promise<Partenaire | null> {
  const c = await repo.clientDuJeton(db, sha256(jeton));
  if (!c) return null;
  return {
    id: c.id,
    clientId: c.client_id,
    type: c.type as TypePartenaire,
    nom: c.nom,
    organisationId: c.organisation_id,
    departements: c.departements,
  };
}

/** Canonical JSON (keys sorted at every level): two bodies that mean the same compare equal. */
export function jsonCanonique(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(jsonCanonique).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${jsonCanonique((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export interface ReponseActe {
  statutHttp: number;
  corps: { acteId: string; dossierNumero: string | null; statut: 'integre' | 'a_rattacher' | 'a_verifier' };
  rejoue: boolean;
}

/**
 * Receives one act with its Idempotency-Key. The key's advisory lock, the act, the event, the projection,
 * the journal and the stored answer are one transaction: a crash before commit leaves nothing, so a retry is
 * processed afresh; after commit, a retry replays the stored answer. Exactly once.
 */
export async function recevoirActe(
  db: Kysely<DB>,
  partenaire: Partenaire,
  cle: string,
  corps: unknown,
  requeteId: string,
): Promise<ReponseActe> {
  const empreinte = sha256(jsonCanonique(corps));
  // Read once: the number reservation and the transaction use the same reading.
  const lu = lireActePartenaire(corps);
  const numeroReserve = await reserverNumero(db, partenaire, cle, lu);
  return sousCleIdempotence(db, { clientId: partenaire.id, cle, empreinte }, async (trx) => {
    if (!lu.ok)
      throw new ErreurHttp(400, 'requete_invalide', 'L’acte contient des données invalides.', lu.details);
    if (!ACTES_PAR_PARTENAIRE[partenaire.type].includes(lu.acte.evenement.type)) {
      throw new ErreurHttp(
        403,
        'acces_refuse',
        `Un partenaire de type « ${partenaire.type} » ne transmet pas d’acte « ${lu.acte.evenement.type} ».`,
      );
    }
    const integre = await integrerActe(trx, partenaire, lu.acte, requeteId, numeroReserve);
    const reponse = integre.reponse;
    // The act, its journal row, the webhook outbox rows and the stored answer: one statement, committed (or
    // rolled back) with the event — no webhook for an act that does not exist, no key without its act.
    await repo.enregistrerActe(trx, {
      acte: integre.acte,
      lien: integre.lien,
      journal: ligneJournal({ appelant: null, requeteId }, integre.journal),
      webhook: { type: EVENEMENT_DU_STATUT[reponse.statut], donnees: reponse },
      cle: { clientId: partenaire.id, cle, empreinte, statutHttp: 201, reponse },
    });
    return reponse;
  });
}

/** What integrerActe decided: the answer, and the rows that record the act (written by recevoirActe). */
interface ActeIntegre {
  reponse: ReponseActe['corps'];
  acte: repo.NouvelActe;
  lien: { dossierId: string; organisationId: string; role: string } | null;
  journal: EntreeJournal;
}

function scopeSysteme(departement: string): Scope {
  return { type: 'departements', departements: [departement] };
}

/**
 * A new household's act: its commune (known, within the partner's départements) and the dossiers of the same
 * lease (key + titulaire's birth date), of which there may be none, one, or several for an agent to choose from.
 */
async function menageDuBail(
  db: Kysely<DB> | Transaction<DB>,
  partenaire: Partenaire,
  demande: NouveauDossier,
) {
  const commune = await repoDossiers.communeAvecTerritoire(db, demande.logement.adresse.codeInsee);
  if (!commune) {
    throw new ErreurHttp(400, 'requete_invalide', 'L’acte contient des données invalides.', [
      { chemin: 'dossier.logement.adresse.codeInsee', message: 'Commune inconnue' },
    ]);
  }
  if (partenaire.departements.length > 0 && !partenaire.departements.includes(commune.departement_code)) {
    throw new ErreurHttp(422, 'hors_perimetre', `La commune ${commune.nom} est hors de vos départements.`);
  }
  const titulaire =
    demande.menage.personnes.find((p) => p.role === 'titulaire') ?? demande.menage.personnes[0];
  const cle = cleRapprochement(
    commune.code_insee,
    demande.logement.adresse.ligne,
    titulaire?.nom ?? '',
    titulaire?.prenoms ?? '',
  );
  return { commune, candidats: await repo.dossiersDuBail(db, cle, titulaire?.dateNaissance ?? null) };
}

/**
 * The number of the dossier an act will open, taken before the act's transaction: the département's counter
 * row is then locked for one statement instead of the whole act, which serialised every new household's act
 * of a département (docs/performance.md). Only for a valid, first-time act of a household without any dossier
 * for its lease; a race (a dossier of the same lease created meanwhile) or a failure leaves a gap in the
 * sequence, never a duplicate. Undefined: the transaction numbers the dossier itself if it needs one.
 */
async function reserverNumero(
  db: Kysely<DB>,
  partenaire: Partenaire,
  cle: string,
  lu: ReturnType<typeof lireActePartenaire>,
) {
  if (!lu.ok || 'numero' in lu.acte.dossier) return undefined;
  if (!ACTES_PAR_PARTENAIRE[partenaire.type].includes(lu.acte.evenement.type)) return undefined;
  if (await repo.lireCle(db, partenaire.id, cle)) return undefined;
  const menage = await menageDuBail(db, partenaire, lu.acte.dossier).catch(() => undefined);
  if (!menage || menage.candidats.length > 0) return undefined;
  return reserverNumeroDossier(db, menage.commune.departement_code);
}

async function integrerActe(
  trx: Transaction<DB>,
  partenaire: Partenaire,
  acte: ActePartenaire,
  requeteId: string,
  numeroReserve: string | undefined,
): Promise<ActeIntegre> {
  // No user: the journal rows the act's work writes (event, CCAPEX saisine) name the partner's organisation.
  const contexte: ContexteJournal = {
    appelant: null,
    requeteId,
    auNomDe: { utilisateurId: null, profil: null, organisationId: partenaire.organisationId },
  };
  // The act's id is chosen here: a CCAPEX saisine opened by the act refers to it before the act row is written.
  const acteId = randomUUID();
  const acteDe = (
    x: Pick<repo.NouvelActe, 'statut' | 'motif' | 'dossierId' | 'evenementId' | 'candidats'>,
  ) => ({
    id: acteId,
    clientId: partenaire.id,
    organisationId: partenaire.organisationId,
    reference: acte.reference,
    type: acte.evenement.type,
    date: acte.evenement.date,
    contenu: acte,
    ...x,
  });
  let d: DossierLu | undefined;
  if ('numero' in acte.dossier) {
    // The dossier by its number within the partner's départements, locked for the act (one statement).
    d = await repoDossiers.verrouillerEtLireDossier(trx, null, {
      numero: acte.dossier.numero,
      departements: partenaire.departements,
    });
    // Same answer whether the number exists elsewhere or not (never reveal a dossier out of reach).
    if (!d)
      throw new ErreurHttp(422, 'dossier_inconnu', 'Aucun dossier ne porte ce numéro dans votre périmètre.');
  } else {
    const demande: NouveauDossier = acte.dossier;
    const { commune, candidats } = await menageDuBail(trx, partenaire, demande);
    if (candidats.length > 1) {
      return {
        reponse: { acteId, dossierNumero: null, statut: 'a_rattacher' },
        acte: acteDe({
          statut: 'a_rattacher',
          motif: `${candidats.length} dossiers correspondent au même bail : un agent doit choisir.`,
          dossierId: null,
          evenementId: null,
          candidats: candidats.map((c) => c.id),
        }),
        lien: null,
        journal: {
          action: 'acte_partenaire_recu',
          objetType: 'acte_partenaire',
          objetId: acteId,
          departementCode: commune.departement_code,
          organisationId: partenaire.organisationId,
          details: { statut: 'a_rattacher', type: acte.evenement.type },
        },
      };
    }
    const dossierId =
      candidats[0]?.id ??
      (
        await insererDossier(trx, demande, {
          commune,
          commissionId: await commissionCompetente(trx, commune),
          auteurId: null,
          organisationId: partenaire.organisationId,
          liens: new Map([[partenaire.organisationId, partenaire.type]]),
          numeroReserve,
        })
      ).id;
    d = await repoDossiers.verrouillerEtLireDossier(trx, scopeSysteme(commune.departement_code), {
      id: dossierId,
    });
    if (!d) throw introuvable('Le dossier');
  }
  const { id: dossierId, numero, departement_code: departement } = d;
  const ev = await enregistrerEvenement(trx, d, acte.evenement, {
    commentaire: null,
    remplace: null,
    motifCorrection: null,
    source: partenaire.type,
    auteurId: null,
    organisationId: partenaire.organisationId,
    siIncoherent: 'a_verifier',
    contexte,
  });
  await saisirCcapexSiSignalement(trx, contexte, partenaire, acte, {
    dossierId,
    communeInsee: d.commune_insee,
    acteId,
  });
  return {
    reponse: { acteId, dossierNumero: numero, statut: ev.statut },
    acte: acteDe({ statut: ev.statut, motif: ev.motif, dossierId, evenementId: ev.id, candidats: [] }),
    lien: { dossierId, organisationId: partenaire.organisationId, role: partenaire.type },
    journal: {
      action: 'acte_partenaire_recu',
      objetType: 'dossier',
      objetId: dossierId,
      departementCode: departement,
      organisationId: partenaire.organisationId,
      details: { acteId, statut: ev.statut, type: acte.evenement.type },
    },
  };
}

/**
 * A commissaire de justice's signalement of a commandement, or a saisine of the CCAPEX sent by a partner, opens
 * a saisine in the triage inbox of the competent commission, attached to the dossier, in the act's transaction.
 */
async function saisirCcapexSiSignalement(
  trx: Transaction<DB>,
  contexte: ContexteJournal,
  partenaire: Partenaire,
  acte: ActePartenaire,
  o: { dossierId: string; communeInsee: string; acteId: string },
) {
  const e = acte.evenement;
  if (e.type !== 'signalement_commandement_ccapex' && e.type !== 'saisine_ccapex') return;
  const commune = await repoDossiers.communeAvecTerritoire(trx, o.communeInsee);
  // A département without any CCAPEX configured: the act is recorded, there is no inbox to put it in.
  if (!commune || !(await commissionCompetente(trx, commune))) return;
  await recevoirSaisine(trx, contexte, {
    origine: e.type === 'saisine_ccapex' ? e.origine : 'commissaire_justice',
    nature: e.type === 'saisine_ccapex' ? 'saisine' : 'signalement',
    communeInsee: o.communeInsee,
    dossierId: o.dossierId,
    contenu: null,
    deposant: { utilisateurId: null, organisationId: partenaire.organisationId },
    acteId: o.acteId,
  });
}

export async function lireActe(db: Kysely<DB>, partenaire: Partenaire, acteId: string, requeteId: string) {
  const a = await repo.acteDuClient(db, partenaire.id, acteId);
  if (!a) throw introuvable('L’acte');
  await journaliser(
    db,
    { appelant: null, requeteId },
    {
      action: 'acte_partenaire_consulte',
      objetType: 'acte_partenaire',
      objetId: a.id,
      departementCode: a.departement_code,
      organisationId: partenaire.organisationId,
    },
  );
  return {
    acteId: a.id,
    reference: a.reference,
    type: a.type,
    date: a.date_acte,
    statut: a.statut,
    motif: a.motif,
    recuLe: a.cree_le.toISOString(),
    dossierNumero: a.numero,
    phaseDossier: a.phase,
  };
}
