import type {
  MembreCommission,
  ModificationCommission,
  ModificationMembre,
  NouvelleCommission,
} from '@exploc/domain/schemas/ccapex';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Appelant } from '../../plugins/contexte.js';
import { ErreurHttp, introuvable } from '../../plugins/erreurs.js';
import { type ContexteJournal, journaliser } from '../../plugins/journal.js';
import * as repoDossiers from '../dossiers/repository.js';
import { versionPerimee } from '../identite/service.js';
import { departementsDe } from './acces.js';
import { commissionCompetente } from './territoire.js';

type Executeur = Kysely<DB> | Transaction<DB>;

const PROFILS_REPRESENTANTS = ['membre_ccapex', 'secretariat_ccapex'] as const;

const colonnesCommission = [
  'c.id',
  'c.departement_code',
  'c.type',
  'c.nom',
  'c.parent_id',
  'c.perimetre_type',
  'c.perimetre_libelle',
  'c.communes',
  'c.delegation_signalements',
  'c.delai_orientation_jours',
  'c.email_secretariat',
  'c.actif',
  'c.version',
] as const;

type LigneCommission = Awaited<ReturnType<typeof lireCommissionBrute>> & {};

async function lireCommissionBrute(db: Executeur, id: string, departements: readonly string[]) {
  if (departements.length === 0) return undefined;
  return db
    .selectFrom('commission as c')
    .select(colonnesCommission)
    .where('c.id', '=', id)
    .where('c.departement_code', 'in', departements)
    .executeTakeFirst();
}

function vueCommission(c: NonNullable<LigneCommission>) {
  return {
    id: c.id,
    departementCode: c.departement_code,
    type: c.type,
    nom: c.nom,
    parentId: c.parent_id,
    perimetreType: c.perimetre_type,
    perimetreLibelle: c.perimetre_libelle,
    communes: c.communes,
    delegationSignalements: c.delegation_signalements,
    delaiOrientationJours: c.delai_orientation_jours,
    emailSecretariat: c.email_secretariat,
    actif: c.actif,
    version: c.version,
  };
}

/** The commissions of the administrator's département(s), the central one first, with member counts. */
export async function listerCommissions(db: Kysely<DB>, appelant: Appelant) {
  const departements = departementsDe(appelant);
  if (departements.length === 0) return [];
  const lignes = await db
    .selectFrom('commission as c')
    .select([
      ...colonnesCommission,
      (eb) =>
        eb
          .selectFrom('commission_membre as m')
          .select(eb.fn.countAll<string>().as('n'))
          .whereRef('m.commission_id', '=', 'c.id')
          .as('membres'),
      (eb) =>
        eb
          .selectFrom('utilisateur as u')
          .select(eb.fn.countAll<string>().as('n'))
          .whereRef('u.commission_id', '=', 'c.id')
          .where('u.actif', '=', true)
          .as('representants'),
    ])
    .where('c.departement_code', 'in', departements)
    .orderBy('c.departement_code')
    .orderBy((eb) =>
      eb.case().when('c.type', '=', 'centrale').then(0).when('c.type', '=', 'locale').then(1).else(2).end(),
    )
    .orderBy('c.nom')
    .execute();
  return lignes.map((l) => ({
    ...vueCommission(l),
    membres: Number(l.membres ?? 0),
    representants: Number(l.representants ?? 0),
  }));
}

/** One commission with its members, its representatives and the names of its communes. */
export async function lireCommission(db: Kysely<DB>, appelant: Appelant, id: string) {
  const c = await lireCommissionBrute(db, id, departementsDe(appelant));
  if (!c) throw introuvable('La commission');
  const [membres, representants, communes, parametres] = await Promise.all([
    membresDe(db, id),
    db
      .selectFrom('utilisateur as u')
      .innerJoin('organisation as o', 'o.id', 'u.organisation_id')
      .select(['u.id', 'u.nom', 'u.prenom', 'u.email', 'u.profil', 'u.actif', 'o.nom as organisation_nom'])
      .where('u.commission_id', '=', id)
      .orderBy('u.nom')
      .execute(),
    c.communes.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('commune')
          .select(['code_insee', 'nom'])
          .where('code_insee', 'in', c.communes)
          .orderBy('code_insee')
          .execute(),
    repoDossiers.parametresDepartement(db, c.departement_code),
  ]);
  return {
    ...vueCommission(c),
    communesDetail: communes.map((k) => ({ code: k.code_insee, nom: k.nom })),
    membres,
    representants: representants.map((r) => ({
      id: r.id,
      nom: r.nom,
      prenom: r.prenom,
      email: r.email,
      profil: r.profil,
      actif: r.actif,
      organisationNom: r.organisation_nom,
    })),
    // The CJ signalement thresholds stay in the département's settings (parametre_departement): shown here.
    seuilsSignalement: (parametres.seuilsSignalement ?? null) as {
      moisImpayes: number;
      multipleLoyerHC: number;
      typesBailleur?: string[] | null;
    } | null,
  };
}

export async function membresDe(db: Executeur, commissionId: string) {
  const lignes = await db
    .selectFrom('commission_membre as m')
    .innerJoin('organisation as o', 'o.id', 'm.organisation_id')
    .select([
      'm.id',
      'm.organisation_id',
      'o.nom as organisation_nom',
      'o.type as organisation_type',
      'm.categorie',
      'm.voix',
      'm.co_presidence',
      'm.secretariat',
    ])
    .where('m.commission_id', '=', commissionId)
    .orderBy('m.co_presidence', 'desc')
    .orderBy('o.nom')
    .execute();
  return lignes.map((m) => ({
    id: m.id,
    organisationId: m.organisation_id,
    organisationNom: m.organisation_nom,
    organisationType: m.organisation_type,
    categorie: m.categorie,
    voix: m.voix,
    coPresidence: m.co_presidence,
    secretariat: m.secretariat,
  }));
}

/** Communes of an arrondissement of the caller's département (to prefill a local perimeter). */
export async function communesDeLArrondissement(db: Kysely<DB>, appelant: Appelant, arrondissement: string) {
  const departements = departementsDe(appelant);
  if (departements.length === 0) return [];
  return db
    .selectFrom('commune')
    .select(['code_insee as code', 'nom'])
    .where('arrondissement_code', '=', arrondissement)
    .where('departement_code', 'in', departements)
    .orderBy('code_insee')
    .execute();
}

async function verifierCommunes(trx: Executeur, departement: string, communes: readonly string[]) {
  if (communes.length === 0) return;
  const connues = await trx
    .selectFrom('commune')
    .select('code_insee')
    .where('code_insee', 'in', communes)
    .where('departement_code', '=', departement)
    .execute();
  const ok = new Set(connues.map((c) => c.code_insee));
  const inconnues = communes.filter((c) => !ok.has(c));
  if (inconnues.length > 0) {
    throw new ErreurHttp(
      422,
      'communes_hors_departement',
      `Communes inconnues ou hors du département ${departement} : ${inconnues.slice(0, 10).join(', ')}.`,
    );
  }
}

function verifierInclusion(communes: readonly string[], parent: readonly string[]) {
  const p = new Set(parent);
  const dehors = communes.filter((c) => !p.has(c));
  if (dehors.length > 0) {
    throw new ErreurHttp(
      422,
      'communes_hors_perimetre_parent',
      `Une sous-commission ne couvre que des communes de sa CCAPEX locale (hors périmètre : ${dehors
        .slice(0, 10)
        .join(', ')}).`,
    );
  }
}

/**
 * Creates a local CCAPEX (below the central commission of the département) or a territorial sub-commission
 * (below a local CCAPEX, within its perimeter). Journaled.
 */
export async function creerCommission(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  n: NouvelleCommission,
) {
  const departements = departementsDe(appelant);
  return db.transaction().execute(async (trx) => {
    let parent: NonNullable<LigneCommission> | undefined;
    if (n.type === 'sous_commission') {
      if (!n.parentId) {
        throw new ErreurHttp(400, 'requete_invalide', 'La requête contient des données invalides.', [
          { chemin: 'parentId', message: 'Choisissez la CCAPEX locale dont dépend la sous-commission' },
        ]);
      }
      parent = await lireCommissionBrute(trx, n.parentId, departements);
      if (!parent) throw introuvable('La commission parente');
      if (parent.type !== 'locale') {
        throw new ErreurHttp(422, 'parent_invalide', 'Une sous-commission dépend d’une CCAPEX locale.');
      }
    } else {
      const departement = n.parentId
        ? (await lireCommissionBrute(trx, n.parentId, departements))?.departement_code
        : departements.length === 1
          ? departements[0]
          : undefined;
      if (!departement) throw introuvable('La commission parente');
      const centrale = await trx
        .selectFrom('commission as c')
        .select(colonnesCommission)
        .where('c.departement_code', '=', departement)
        .where('c.type', '=', 'centrale')
        .executeTakeFirst();
      if (!centrale) {
        throw new ErreurHttp(422, 'ccapex_non_configuree', 'Aucune CCAPEX centrale pour ce département.');
      }
      if (n.parentId && n.parentId !== centrale.id) {
        throw new ErreurHttp(422, 'parent_invalide', 'Une CCAPEX locale dépend de la CCAPEX centrale.');
      }
      parent = centrale;
    }
    await verifierCommunes(trx, parent.departement_code, n.communes);
    if (parent.type === 'locale') verifierInclusion(n.communes, parent.communes);
    const cree = await trx
      .insertInto('commission')
      .values({
        departement_code: parent.departement_code,
        type: n.type,
        nom: n.nom,
        parent_id: parent.id,
        perimetre_type: n.perimetreType,
        perimetre_libelle: n.perimetreLibelle ?? null,
        communes: [...new Set(n.communes)],
        delegation_signalements: n.delegationSignalements,
        delai_orientation_jours: n.delaiOrientationJours ?? parent.delai_orientation_jours,
        email_secretariat: n.emailSecretariat ?? null,
      })
      .returning(['id', 'version'])
      .executeTakeFirstOrThrow();
    await journaliser(trx, contexte, {
      action: 'ccapex_commission_creee',
      objetType: 'commission',
      objetId: cree.id,
      departementCode: parent.departement_code,
      details: { type: n.type, parentId: parent.id, communes: n.communes.length },
    });
    return cree;
  });
}

async function verrouillerCommission(
  trx: Transaction<DB>,
  appelant: Appelant,
  id: string,
  versionAttendue: number,
) {
  const departements = departementsDe(appelant);
  if (departements.length === 0) throw introuvable('La commission');
  const c = await trx
    .selectFrom('commission as c')
    .select(colonnesCommission)
    .where('c.id', '=', id)
    .where('c.departement_code', 'in', departements)
    .forUpdate()
    .executeTakeFirst();
  if (!c) throw introuvable('La commission');
  if (c.version !== versionAttendue) throw versionPerimee();
  return c;
}

async function nouvelleVersion(trx: Transaction<DB>, id: string) {
  return trx
    .updateTable('commission')
    .set({ version: sql`version + 1`, modifie_le: sql`now()` })
    .where('id', '=', id)
    .returning(['id', 'version'])
    .executeTakeFirstOrThrow();
}

export async function modifierCommission(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  id: string,
  versionAttendue: number,
  m: ModificationCommission,
) {
  return db.transaction().execute(async (trx) => {
    const c = await verrouillerCommission(trx, appelant, id, versionAttendue);
    if (c.type === 'centrale' && (m.communes !== undefined || m.actif === false || m.perimetreType)) {
      throw new ErreurHttp(
        422,
        'commission_centrale',
        'La CCAPEX centrale couvre tout le département et reste active : seuls son nom et ses réglages changent.',
      );
    }
    if (m.communes) {
      await verifierCommunes(trx, c.departement_code, m.communes);
      if (c.type === 'sous_commission' && c.parent_id) {
        const parent = await lireCommissionBrute(trx, c.parent_id, [c.departement_code]);
        if (parent) verifierInclusion(m.communes, parent.communes);
      }
    }
    await trx
      .updateTable('commission')
      .set({
        ...(m.nom !== undefined && { nom: m.nom }),
        ...(m.perimetreType !== undefined && { perimetre_type: m.perimetreType }),
        ...(m.perimetreLibelle !== undefined && { perimetre_libelle: m.perimetreLibelle }),
        ...(m.communes !== undefined && { communes: [...new Set(m.communes)] }),
        ...(m.delegationSignalements !== undefined && { delegation_signalements: m.delegationSignalements }),
        ...(m.delaiOrientationJours !== undefined && { delai_orientation_jours: m.delaiOrientationJours }),
        ...(m.emailSecretariat !== undefined && { email_secretariat: m.emailSecretariat }),
        ...(m.actif !== undefined && { actif: m.actif }),
      })
      .where('id', '=', id)
      .execute();
    const r = await nouvelleVersion(trx, id);
    await journaliser(trx, contexte, {
      action: 'ccapex_commission_modifiee',
      objetType: 'commission',
      objetId: id,
      departementCode: c.departement_code,
      details: { champs: Object.keys(m) },
    });
    return r;
  });
}

async function verifierOrganisationMembre(trx: Transaction<DB>, organisationId: string, departement: string) {
  const o = await trx
    .selectFrom('organisation')
    .select(['id', 'actif', 'departement_code', 'departements'])
    .where('id', '=', organisationId)
    .executeTakeFirst();
  const duDepartement =
    o &&
    (o.departement_code === null ||
      o.departement_code === departement ||
      o.departements.includes(departement));
  if (!o?.actif || !duDepartement) {
    throw new ErreurHttp(
      422,
      'organisation_invalide',
      'Cette organisation n’existe pas, est inactive ou n’intervient pas dans ce département.',
    );
  }
}

export async function ajouterMembre(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  commissionId: string,
  versionAttendue: number,
  m: MembreCommission,
) {
  return db.transaction().execute(async (trx) => {
    const c = await verrouillerCommission(trx, appelant, commissionId, versionAttendue);
    await verifierOrganisationMembre(trx, m.organisationId, c.departement_code);
    const cree = await trx
      .insertInto('commission_membre')
      .values({
        commission_id: commissionId,
        organisation_id: m.organisationId,
        categorie: m.categorie,
        voix: m.voix,
        co_presidence: m.coPresidence,
        secretariat: m.secretariat,
      })
      .onConflict((oc) => oc.columns(['commission_id', 'organisation_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!cree) {
      throw new ErreurHttp(409, 'membre_existant', 'Cette organisation est déjà membre de la commission.');
    }
    const r = await nouvelleVersion(trx, commissionId);
    await journaliser(trx, contexte, {
      action: 'ccapex_membre_ajoute',
      objetType: 'commission',
      objetId: commissionId,
      departementCode: c.departement_code,
      details: { organisationId: m.organisationId, categorie: m.categorie, voix: m.voix },
    });
    return { id: cree.id, version: r.version };
  });
}

export async function modifierMembre(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  commissionId: string,
  membreId: string,
  versionAttendue: number,
  m: ModificationMembre,
) {
  return db.transaction().execute(async (trx) => {
    const c = await verrouillerCommission(trx, appelant, commissionId, versionAttendue);
    const maj = await trx
      .updateTable('commission_membre')
      .set({
        ...(m.categorie !== undefined && { categorie: m.categorie }),
        ...(m.voix !== undefined && { voix: m.voix }),
        ...(m.coPresidence !== undefined && { co_presidence: m.coPresidence }),
        ...(m.secretariat !== undefined && { secretariat: m.secretariat }),
      })
      .where('id', '=', membreId)
      .where('commission_id', '=', commissionId)
      .returning('id')
      .executeTakeFirst();
    if (!maj) throw introuvable('Le membre');
    const r = await nouvelleVersion(trx, commissionId);
    await journaliser(trx, contexte, {
      action: 'ccapex_membre_modifie',
      objetType: 'commission',
      objetId: commissionId,
      departementCode: c.departement_code,
      details: { membreId, champs: Object.keys(m) },
    });
    return r;
  });
}

export async function retirerMembre(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  commissionId: string,
  membreId: string,
  versionAttendue: number,
) {
  return db.transaction().execute(async (trx) => {
    const c = await verrouillerCommission(trx, appelant, commissionId, versionAttendue);
    const supprime = await trx
      .deleteFrom('commission_membre')
      .where('id', '=', membreId)
      .where('commission_id', '=', commissionId)
      .returning('organisation_id')
      .executeTakeFirst();
    if (!supprime) throw introuvable('Le membre');
    const r = await nouvelleVersion(trx, commissionId);
    await journaliser(trx, contexte, {
      action: 'ccapex_membre_retire',
      objetType: 'commission',
      objetId: commissionId,
      departementCode: c.departement_code,
      details: { organisationId: supprime.organisation_id },
    });
    return r;
  });
}

/** Accounts (member or secretariat profiles) of the département that the administrator may attach. */
export async function comptesRattachables(db: Kysely<DB>, appelant: Appelant, commissionId: string) {
  const c = await lireCommissionBrute(db, commissionId, departementsDe(appelant));
  if (!c) throw introuvable('La commission');
  const lignes = await db
    .selectFrom('utilisateur as u')
    .innerJoin('organisation as o', 'o.id', 'u.organisation_id')
    .leftJoin('commission as k', 'k.id', 'u.commission_id')
    .select([
      'u.id',
      'u.nom',
      'u.prenom',
      'u.email',
      'u.profil',
      'o.id as organisation_id',
      'o.nom as organisation_nom',
      'k.nom as commission_nom',
    ])
    .where('u.profil', 'in', PROFILS_REPRESENTANTS)
    .where('u.actif', '=', true)
    .where((eb) =>
      eb.or([
        eb('u.departement_code', '=', c.departement_code),
        eb('o.departement_code', '=', c.departement_code),
      ]),
    )
    .where((eb) => eb.or([eb('u.commission_id', 'is', null), eb('u.commission_id', '<>', commissionId)]))
    .orderBy('o.nom')
    .orderBy('u.nom')
    .execute();
  return lignes.map((u) => ({
    id: u.id,
    nom: u.nom,
    prenom: u.prenom,
    email: u.email,
    profil: u.profil,
    organisationId: u.organisation_id,
    organisationNom: u.organisation_nom,
    commissionActuelle: u.commission_nom,
  }));
}

/**
 * Attaches an account to the commission (its scope becomes this commission and the ones below it). A member's
 * account must belong to a member organisation of the commission (or of the commission above it).
 */
export async function rattacherRepresentant(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  commissionId: string,
  utilisateurId: string,
  versionAttendue: number,
) {
  return db.transaction().execute(async (trx) => {
    const c = await verrouillerCommission(trx, appelant, commissionId, versionAttendue);
    const u = await trx
      .selectFrom('utilisateur as u')
      .innerJoin('organisation as o', 'o.id', 'u.organisation_id')
      .select([
        'u.id',
        'u.profil',
        'u.organisation_id',
        'u.departement_code',
        'o.departement_code as dep_org',
      ])
      .where('u.id', '=', utilisateurId)
      .where('u.actif', '=', true)
      .executeTakeFirst();
    if (
      !u ||
      !(PROFILS_REPRESENTANTS as readonly string[]).includes(u.profil) ||
      (u.departement_code !== c.departement_code && u.dep_org !== c.departement_code)
    ) {
      throw introuvable('Le compte');
    }
    if (u.profil === 'membre_ccapex') {
      const ids = await ascendants(trx, commissionId);
      const membre = await trx
        .selectFrom('commission_membre')
        .select('id')
        .where('commission_id', 'in', ids)
        .where('organisation_id', '=', u.organisation_id)
        .executeTakeFirst();
      if (!membre) {
        throw new ErreurHttp(
          422,
          'organisation_non_membre',
          'Ajoutez d’abord l’organisation de ce compte aux membres de la commission.',
        );
      }
    }
    await trx
      .updateTable('utilisateur')
      .set({ commission_id: commissionId })
      .where('id', '=', u.id)
      .execute();
    const r = await nouvelleVersion(trx, commissionId);
    await journaliser(trx, contexte, {
      action: 'ccapex_representant_rattache',
      objetType: 'utilisateur',
      objetId: u.id,
      departementCode: c.departement_code,
      details: { commissionId },
    });
    return r;
  });
}

/** Detaches an account from a local commission or sub-commission: it goes back to the central commission. */
export async function detacherRepresentant(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  commissionId: string,
  utilisateurId: string,
  versionAttendue: number,
) {
  return db.transaction().execute(async (trx) => {
    const c = await verrouillerCommission(trx, appelant, commissionId, versionAttendue);
    if (c.type === 'centrale') {
      throw new ErreurHttp(
        422,
        'commission_centrale',
        'Un compte de CCAPEX reste rattaché au moins à la CCAPEX centrale : rattachez-le à une autre commission ou désactivez-le.',
      );
    }
    const centrale = await repoDossiers.commissionCentraleId(trx, c.departement_code);
    const maj = await trx
      .updateTable('utilisateur')
      .set({ commission_id: centrale })
      .where('id', '=', utilisateurId)
      .where('commission_id', '=', commissionId)
      .returning('id')
      .executeTakeFirst();
    if (!maj) throw introuvable('Le compte');
    const r = await nouvelleVersion(trx, commissionId);
    await journaliser(trx, contexte, {
      action: 'ccapex_representant_detache',
      objetType: 'utilisateur',
      objetId: utilisateurId,
      departementCode: c.departement_code,
      details: { commissionId },
    });
    return r;
  });
}

/** The commission and the ones above it (a sub-commission's members include its local CCAPEX's). */
export async function ascendants(db: Executeur, commissionId: string): Promise<string[]> {
  const r = await sql<{ id: string }>`
    with recursive c(id, parent_id) as (
      select id, parent_id from commission where id = ${commissionId}
      union all
      select k.id, k.parent_id from commission k join c on k.id = c.parent_id
    ) select id from c`.execute(db);
  return r.rows.map((l) => l.id);
}

/** Open dossiers of the commission's communes whose competent commission (by territory) is another one. */
async function dossiersAReorienter(db: Executeur, c: NonNullable<LigneCommission>) {
  const perimetre = await sql<{ code: string }>`
    select distinct unnest(k.communes) as code from commission k
    where k.id = any(array(
      with recursive d(id) as (select ${c.id}::uuid union all select k2.id from commission k2 join d on k2.parent_id = d.id)
      select id from d))`.execute(db);
  const competente = new Map<string, string>();
  for (const { code } of perimetre.rows) {
    const id = await commissionCompetente(db, { code_insee: code, departement_code: c.departement_code });
    if (id) competente.set(code, id);
  }
  if (competente.size === 0) return [];
  const dossiers = await db
    .selectFrom('dossier')
    .select(['id', 'commune_insee', 'commission_id'])
    .where('departement_code', '=', c.departement_code)
    .where('commune_insee', 'in', [...competente.keys()])
    .where('phase', '<>', 'cloture')
    .execute();
  return dossiers
    .map((d) => ({ id: d.id, de: d.commission_id, vers: competente.get(d.commune_insee) as string }))
    .filter((d) => d.de !== d.vers);
}

export async function apercuReorientation(db: Kysely<DB>, appelant: Appelant, commissionId: string) {
  const c = await lireCommissionBrute(db, commissionId, departementsDe(appelant));
  if (!c) throw introuvable('La commission');
  return { dossiers: (await dossiersAReorienter(db, c)).length };
}

/**
 * Moves the open dossiers of the commission's communes to their competent commission (after a local CCAPEX with
 * delegation was created or its perimeter changed). Each move is a journaled modification of the dossier.
 */
export async function reorienterDossiers(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant | null,
  commissionId: string,
) {
  return db.transaction().execute(async (trx) => {
    const departements = appelant ? departementsDe(appelant) : null;
    const c = await trx
      .selectFrom('commission as c')
      .select(colonnesCommission)
      .where('c.id', '=', commissionId)
      .$if(departements !== null, (q) => q.where('c.departement_code', 'in', departements ?? []))
      .forUpdate()
      .executeTakeFirst();
    if (!c) throw introuvable('La commission');
    const deplaces = await dossiersAReorienter(trx, c);
    for (const d of deplaces) {
      await trx
        .updateTable('dossier')
        .set({ commission_id: d.vers, version: sql`version + 1`, mis_a_jour_le: sql`now()` })
        .where('id', '=', d.id)
        .execute();
      await repoDossiers.ajouterHistorique(trx, {
        dossierId: d.id,
        auteurId: appelant?.utilisateurId ?? null,
        action: 'modification',
        champs: ['commissionId'],
      });
      await journaliser(trx, contexte, {
        action: 'dossier_commission_modifiee',
        objetType: 'dossier',
        objetId: d.id,
        departementCode: c.departement_code,
        details: { de: d.de, vers: d.vers },
      });
    }
    return { dossiers: deplaces.length };
  });
}

/** The commissions of a département (for redirecting a saisine): id, name, type. */
export async function commissionsDuDepartement(db: Executeur, departements: readonly string[]) {
  if (departements.length === 0) return [];
  return db
    .selectFrom('commission')
    .select(['id', 'nom', 'type', 'departement_code as departementCode', 'communes'])
    .where('departement_code', 'in', departements)
    .where('actif', '=', true)
    .orderBy('departement_code')
    .orderBy('nom')
    .execute();
}
