import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
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
import { journaliser } from '../../plugins/journal.js';
import { recevoirSaisine } from '../ccapex/saisines.js';
import { commissionCompetente } from '../ccapex/territoire.js';
import { cleRapprochement } from '../dossiers/recherche.js';
import * as repoDossiers from '../dossiers/repository.js';
import { enregistrerEvenement, insererDossier } from '../dossiers/service.js';
import { insererOrganisation } from '../identite/repository.js';
import { EVENEMENT_DU_STATUT, emettreEvenement } from '../webhooks/service.js';
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
  return db.transaction().execute(async (trx) => {
    if (!(await repo.verrouillerCle(trx, partenaire.id, cle))) {
      throw new ErreurHttp(
        409,
        'requete_en_cours',
        'Une requête avec cette clé d’idempotence est en cours de traitement.',
        undefined,
        {
          'Retry-After': '1',
        },
      );
    }
    const existante = await repo.lireCle(trx, partenaire.id, cle);
    if (existante) {
      if (existante.empreinte !== empreinte) {
        throw new ErreurHttp(
          422,
          'idempotency_key_reutilisee',
          'Cette clé d’idempotence a déjà servi pour une requête différente.',
        );
      }
      return {
        statutHttp: existante.statut_http,
        corps: existante.reponse as ReponseActe['corps'],
        rejoue: true,
      };
    }
    const lu = lireActePartenaire(corps);
    if (!lu.ok)
      throw new ErreurHttp(400, 'requete_invalide', 'L’acte contient des données invalides.', lu.details);
    if (!ACTES_PAR_PARTENAIRE[partenaire.type].includes(lu.acte.evenement.type)) {
      throw new ErreurHttp(
        403,
        'acces_refuse',
        `Un partenaire de type « ${partenaire.type} » ne transmet pas d’acte « ${lu.acte.evenement.type} ».`,
      );
    }
    const reponse = await integrerActe(trx, partenaire, lu.acte, requeteId);
    // The webhook outbox rows commit (or roll back) with the act: no event for an act that does not exist.
    await emettreEvenement(trx, partenaire.id, EVENEMENT_DU_STATUT[reponse.statut], reponse);
    await repo.enregistrerCle(trx, { clientId: partenaire.id, cle, empreinte, statutHttp: 201, reponse });
    return { statutHttp: 201, corps: reponse, rejoue: false };
  });
}

function scopeSysteme(departement: string): Scope {
  return { type: 'departements', departements: [departement] };
}

async function integrerActe(
  trx: Transaction<DB>,
  partenaire: Partenaire,
  acte: ActePartenaire,
  requeteId: string,
): Promise<ReponseActe['corps']> {
  const contexte = { appelant: null, requeteId };
  let dossierId: string;
  let numero: string;
  let departement: string;
  if ('numero' in acte.dossier) {
    const d = await repo.dossierParNumero(trx, acte.dossier.numero, partenaire.departements);
    // Same answer whether the number exists elsewhere or not (never reveal a dossier out of reach).
    if (!d)
      throw new ErreurHttp(422, 'dossier_inconnu', 'Aucun dossier ne porte ce numéro dans votre périmètre.');
    ({ id: dossierId, numero, departement_code: departement } = d);
  } else {
    const demande: NouveauDossier = acte.dossier;
    const commune = await repoDossiers.communeAvecTerritoire(trx, demande.logement.adresse.codeInsee);
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
    const candidats = await repo.dossiersDuBail(trx, cle, titulaire?.dateNaissance ?? null);
    if (candidats.length > 1) {
      const a = await repo.insererActe(trx, {
        clientId: partenaire.id,
        organisationId: partenaire.organisationId,
        reference: acte.reference,
        type: acte.evenement.type,
        date: acte.evenement.date,
        contenu: acte,
        statut: 'a_rattacher',
        motif: `${candidats.length} dossiers correspondent au même bail : un agent doit choisir.`,
        dossierId: null,
        evenementId: null,
        candidats: candidats.map((c) => c.id),
      });
      await journaliser(trx, contexte, {
        action: 'acte_partenaire_recu',
        objetType: 'acte_partenaire',
        objetId: a.id,
        departementCode: commune.departement_code,
        organisationId: partenaire.organisationId,
        details: { statut: 'a_rattacher', type: acte.evenement.type },
      });
      return { acteId: a.id, dossierNumero: null, statut: 'a_rattacher' };
    }
    if (candidats[0]) {
      ({ id: dossierId, numero } = candidats[0]);
    } else {
      const cree = await insererDossier(trx, demande, {
        commune,
        commissionId: await commissionCompetente(trx, commune),
        auteurId: null,
        organisationId: partenaire.organisationId,
        liens: new Map([[partenaire.organisationId, partenaire.type]]),
      });
      ({ id: dossierId, numero } = cree);
    }
    departement = commune.departement_code;
  }
  const scope = scopeSysteme(departement);
  if (!(await repoDossiers.verrouillerDossier(trx, scope, dossierId))) throw introuvable('Le dossier');
  const d = await repoDossiers.lireDossier(trx, scope, dossierId);
  if (!d) throw introuvable('Le dossier');
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
  await repo.lierOrganisation(trx, dossierId, partenaire.organisationId, partenaire.type);
  const a = await repo.insererActe(trx, {
    clientId: partenaire.id,
    organisationId: partenaire.organisationId,
    reference: acte.reference,
    type: acte.evenement.type,
    date: acte.evenement.date,
    contenu: acte,
    statut: ev.statut,
    motif: ev.motif,
    dossierId,
    evenementId: ev.id,
    candidats: [],
  });
  await saisirCcapexSiSignalement(trx, contexte, partenaire, acte, {
    dossierId,
    communeInsee: d.commune_insee,
    acteId: a.id,
  });
  await journaliser(trx, contexte, {
    action: 'acte_partenaire_recu',
    objetType: 'dossier',
    objetId: dossierId,
    departementCode: departement,
    organisationId: partenaire.organisationId,
    details: { acteId: a.id, statut: ev.statut, type: acte.evenement.type },
  });
  return { acteId: a.id, dossierNumero: numero, statut: ev.statut };
}

/**
 * A commissaire de justice's signalement of a commandement, or a saisine of the CCAPEX sent by a partner, opens
 * a saisine in the triage inbox of the competent commission, attached to the dossier, in the act's transaction.
 */
async function saisirCcapexSiSignalement(
  trx: Transaction<DB>,
  contexte: { appelant: null; requeteId: string },
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
