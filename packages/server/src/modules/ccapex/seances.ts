/**
 * CCAPEX séances (loi n° 90-449 art. 7-2 ; décret n° 2015-1384 art. 2): planning, agenda, invitations, the
 * examination of each dossier (avis, recommandations, decision on the housing benefit), closing. Minutes and
 * notifications are in seances-pv.ts and seances-notifications.ts.
 */
import { voitClasse } from '@exploc/domain/acces/classes-champs';
import { peut } from '@exploc/domain/acces/permissions';
import type {
  AjoutOrdreDuJour,
  Examen,
  ModificationSeance,
  NouvelleSeance,
} from '@exploc/domain/schemas/ccapex-seances';
import { LIBELLES_DESTINATAIRE_RECOMMANDATION } from '@exploc/domain/schemas/ccapex-seances';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { conditionScope } from '../../db/scope-dossier.js';
import type { Expediteur } from '../../lib/courriel.js';
import type { Appelant } from '../../plugins/contexte.js';
import { ErreurHttp, introuvable } from '../../plugins/erreurs.js';
import { type ContexteJournal, journaliser } from '../../plugins/journal.js';
import { versionPerimee } from '../identite/service.js';
import { insertionDecisionApl } from '../webhooks/repository.js';
import { donneesDecisionApl } from './decisions-apl.js';
import { decisionsDeLaSeance } from './decisions-apl-repository.js';
import {
  ascendants,
  commissionsAccessibles,
  dateHeureFr,
  type Executeur,
  fuseauDe,
  heureLocale,
  type SeanceLigne,
  seanceAccessible,
  seancesARelancer,
  sousArbre,
} from './seances-acces.js';

const EDITABLES: readonly SeanceLigne['statut'][] = ['planifiee', 'tenue'];

function exigerModifiable(s: SeanceLigne) {
  if (!EDITABLES.includes(s.statut)) {
    throw new ErreurHttp(
      409,
      s.statut === 'close' ? 'seance_close' : 'seance_annulee',
      s.statut === 'close'
        ? 'La séance est close : son ordre du jour et ses examens ne peuvent plus être modifiés.'
        : 'La séance est annulée.',
    );
  }
}

function exigerVersion(s: { version: number }, version: number) {
  if (s.version !== version) throw versionPerimee();
}

async function incrementerSeance(trx: Executeur, id: string, modifs: Record<string, unknown> = {}) {
  const r = await trx
    .updateTable('ccapex_seance')
    .set({ ...modifs, version: sql`version + 1` })
    .where('id', '=', id)
    .returning('version')
    .executeTakeFirstOrThrow();
  return r.version;
}

const instant = (local: string, departement: string) =>
  sql<Date>`(${local}::timestamp at time zone ${fuseauDe(departement)})`;

// ——— Planning ———

export async function planifier(db: Kysely<DB>, contexte: ContexteJournal, a: Appelant, n: NouvelleSeance) {
  return db.transaction().execute(async (trx) => {
    const accessibles = await commissionsAccessibles(trx, a.scope);
    const c = accessibles.includes(n.commissionId)
      ? await trx
          .selectFrom('commission')
          .select(['id', 'departement_code', 'actif'])
          .where('id', '=', n.commissionId)
          .executeTakeFirst()
      : undefined;
    if (!c) throw introuvable('La commission');
    if (!c.actif) throw new ErreurHttp(422, 'commission_inactive', 'Cette commission n’est plus active.');
    const s = await trx
      .insertInto('ccapex_seance')
      .values({
        commission_id: c.id,
        debut: instant(n.debut, c.departement_code),
        lieu: n.lieu,
        cree_par: a.utilisateurId,
      })
      .returning(['id', 'version'])
      .executeTakeFirstOrThrow();
    await journaliser(trx, contexte, {
      action: 'ccapex_seance_planifiee',
      objetType: 'ccapex_seance',
      objetId: s.id,
      departementCode: c.departement_code,
    });
    return s;
  });
}

export async function modifier(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  a: Appelant,
  id: string,
  version: number,
  m: ModificationSeance,
) {
  return db.transaction().execute(async (trx) => {
    const s = await seanceAccessible(trx, a.scope, id, { verrou: true });
    exigerVersion(s, version);
    if (s.statut !== 'planifiee') {
      throw new ErreurHttp(409, 'seance_non_planifiee', 'Seule une séance planifiée peut être déplacée.');
    }
    const modifs: Record<string, unknown> = {};
    if (m.debut) modifs.debut = instant(m.debut, s.departement_code);
    if (m.lieu) modifs.lieu = m.lieu;
    const v = await incrementerSeance(trx, id, modifs);
    await journaliser(trx, contexte, {
      action: 'ccapex_seance_modifiee',
      objetType: 'ccapex_seance',
      objetId: id,
      departementCode: s.departement_code,
      details: { champs: Object.keys(modifs) },
    });
    return { version: v };
  });
}

export async function annuler(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  a: Appelant,
  id: string,
  version: number,
  motif: string,
) {
  return db.transaction().execute(async (trx) => {
    const s = await seanceAccessible(trx, a.scope, id, { verrou: true });
    exigerVersion(s, version);
    if (s.statut !== 'planifiee') {
      throw new ErreurHttp(
        409,
        'seance_non_planifiee',
        'Seule une séance planifiée, dont aucun dossier n’a été examiné, peut être annulée.',
      );
    }
    const v = await incrementerSeance(trx, id, {
      statut: 'annulee',
      annulee_le: sql`now()`,
      motif_annulation: motif,
    });
    await journaliser(trx, contexte, {
      action: 'ccapex_seance_annulee',
      objetType: 'ccapex_seance',
      objetId: id,
      departementCode: s.departement_code,
    });
    return { version: v };
  });
}

// ——— Lists and reading ———

/** The commissions the caller may plan séances for and report on (for the forms). */
export async function commissionsDe(db: Kysely<DB>, a: Appelant) {
  const ids = await commissionsAccessibles(db, a.scope);
  if (ids.length === 0) return [];
  const lignes = await db
    .selectFrom('commission')
    .select(['id', 'nom', 'type', 'departement_code', 'parent_id', 'actif'])
    .where('id', 'in', ids)
    .orderBy('departement_code')
    .orderBy('type')
    .orderBy('nom')
    .execute();
  return lignes.map((c) => ({
    id: c.id,
    nom: c.nom,
    type: c.type,
    departementCode: c.departement_code,
    parentId: c.parent_id,
    actif: c.actif,
  }));
}

export interface FiltresSeances {
  statuts?: SeanceLigne['statut'][];
  commissionId?: string;
  aVenir?: boolean;
}

export async function lister(db: Kysely<DB>, a: Appelant, f: FiltresSeances) {
  const commissions = await commissionsAccessibles(db, a.scope);
  if (commissions.length === 0) return [];
  let q = db
    .selectFrom('ccapex_seance as s')
    .innerJoin('commission as c', 'c.id', 's.commission_id')
    .select((eb) => [
      's.id',
      's.commission_id',
      'c.nom as commission_nom',
      'c.departement_code',
      's.debut',
      's.lieu',
      's.statut',
      's.invitations_envoyees_le',
      's.pv_document_id',
      's.version',
      eb
        .selectFrom('ccapex_examen as e')
        .select((x) => x.fn.countAll<number>().as('n'))
        .whereRef('e.seance_id', '=', 's.id')
        .as('nb_dossiers'),
      eb
        .selectFrom('ccapex_examen as e')
        .select((x) => x.fn.countAll<number>().as('n'))
        .whereRef('e.seance_id', '=', 's.id')
        .where('e.avis', 'is not', null)
        .as('nb_examines'),
    ])
    .where('s.commission_id', 'in', commissions);
  if (f.commissionId) q = q.where('s.commission_id', '=', f.commissionId);
  if (f.statuts && f.statuts.length > 0) q = q.where('s.statut', 'in', f.statuts);
  if (f.aVenir) {
    q = q
      .where('s.statut', 'in', ['planifiee', 'tenue'])
      .where('s.debut', '>=', sql<Date>`now() - interval '1 day'`);
  }
  const lignes = await q
    .orderBy('s.debut', f.aVenir ? 'asc' : 'desc')
    .limit(500)
    .execute();
  return lignes.map((l) => ({
    id: l.id,
    commission: { id: l.commission_id, nom: l.commission_nom },
    debut: l.debut.toISOString(),
    debutLocal: heureLocale(l.debut, l.departement_code),
    lieu: l.lieu,
    statut: l.statut,
    invitationsEnvoyeesLe: l.invitations_envoyees_le?.toISOString() ?? null,
    pvDisponible: l.pv_document_id !== null,
    nbDossiers: Number(l.nb_dossiers ?? 0),
    nbExamines: Number(l.nb_examines ?? 0),
    version: l.version,
  }));
}

async function examensDe(db: Executeur, seanceId: string) {
  return db
    .selectFrom('ccapex_examen as e')
    .innerJoin('dossier as d', 'd.id', 'e.dossier_id')
    .select([
      'e.id',
      'e.dossier_id',
      'd.numero',
      'd.nom_principal',
      'd.phase',
      'd.commune_insee',
      'e.rang',
      'e.avis',
      'e.decision_apl',
      'e.examine_le',
      'e.version',
    ])
    .where('e.seance_id', '=', seanceId)
    .orderBy('e.rang')
    .execute();
}

async function recommandationsDe(db: Executeur, examenIds: string[]) {
  if (examenIds.length === 0) return [];
  return db
    .selectFrom('ccapex_recommandation as r')
    .leftJoin('organisation as o', 'o.id', 'r.destinataire_organisation_id')
    .select([
      'r.id',
      'r.examen_id',
      'r.destinataire_type',
      'r.destinataire_organisation_id',
      'o.nom as organisation_nom',
      'r.destinataire_libelle',
      'r.contenu',
      'r.echeance',
      'r.notifiee_le',
      'r.suivi',
      'r.suivi_le',
      'r.suivi_commentaire',
      'r.version',
    ])
    .where('r.examen_id', 'in', examenIds)
    .orderBy('r.cree_le')
    .orderBy('r.id')
    .execute();
}

export async function invitesDe(db: Executeur, seanceId: string) {
  return db
    .selectFrom('ccapex_seance_invitation as i')
    .innerJoin('utilisateur as u', 'u.id', 'i.utilisateur_id')
    .innerJoin('organisation as o', 'o.id', 'u.organisation_id')
    .select(['u.id', 'u.prenom', 'u.nom', 'o.nom as organisation', 'i.envoyee_le'])
    .where('i.seance_id', '=', seanceId)
    .orderBy('o.nom')
    .orderBy('u.nom')
    .execute();
}

export async function membresDe(db: Executeur, commissionId: string) {
  return db
    .selectFrom('commission_membre as m')
    .innerJoin('organisation as o', 'o.id', 'm.organisation_id')
    .select(['m.organisation_id', 'o.nom', 'm.categorie', 'm.voix', 'm.co_presidence', 'm.secretariat'])
    .where('m.commission_id', 'in', await ascendants(db, commissionId))
    .orderBy('m.co_presidence', 'desc')
    .orderBy('o.nom')
    .execute();
}

/** Everything the séance page and the minutes need. Names only when the caller's profile sees identities. */
export async function contenuSeance(db: Executeur, a: Appelant, s: SeanceLigne) {
  const examens = await examensDe(db, s.id);
  const recos = await recommandationsDe(
    db,
    examens.map((e) => e.id),
  );
  const noms = voitClasse(a.profil, 'identite');
  return {
    id: s.id,
    commission: { id: s.commission_id, nom: s.commission_nom, type: s.commission_type },
    departementCode: s.departement_code,
    debut: s.debut.toISOString(),
    debutLocal: heureLocale(s.debut, s.departement_code),
    lieu: s.lieu,
    statut: s.statut,
    invitationsEnvoyeesLe: s.invitations_envoyees_le?.toISOString() ?? null,
    pv: s.pv_document_id ? { genereLe: s.pv_genere_le?.toISOString() ?? null } : null,
    clotureeLe: s.cloturee_le?.toISOString() ?? null,
    annuleeLe: s.annulee_le?.toISOString() ?? null,
    motifAnnulation: s.motif_annulation,
    invites: (await invitesDe(db, s.id)).map((i) => ({
      nom: `${i.prenom} ${i.nom}`,
      organisation: i.organisation,
    })),
    membres: (await membresDe(db, s.commission_id)).map((m) => ({
      organisationId: m.organisation_id,
      nom: m.nom,
      categorie: m.categorie,
      voix: m.voix,
      coPresidence: m.co_presidence,
      secretariat: m.secretariat,
    })),
    ordreDuJour: examens.map((e) => ({
      examenId: e.id,
      dossier: {
        id: e.dossier_id,
        numero: e.numero,
        nomPrincipal: noms ? e.nom_principal : null,
        phase: e.phase,
      },
      rang: e.rang,
      avis: e.avis,
      decisionApl: e.decision_apl,
      examineLe: e.examine_le?.toISOString() ?? null,
      version: e.version,
      recommandations: recos
        .filter((r) => r.examen_id === e.id)
        .map((r) => ({
          id: r.id,
          destinataireType: r.destinataire_type,
          destinataireOrganisationId: r.destinataire_organisation_id,
          destinataireOrganisation: r.organisation_nom,
          destinataireLibelle: r.destinataire_libelle,
          contenu: r.contenu,
          echeance: r.echeance,
          notifieeLe: r.notifiee_le?.toISOString() ?? null,
          suivi: r.suivi,
        })),
    })),
    version: s.version,
  };
}
export type ContenuSeance = Awaited<ReturnType<typeof contenuSeance>>;

/** Reading a séance shows dossiers of households: journaled. */
export async function lire(db: Kysely<DB>, contexte: ContexteJournal, a: Appelant, id: string) {
  return db.transaction().execute(async (trx) => {
    const s = await seanceAccessible(trx, a.scope, id);
    const contenu = await contenuSeance(trx, a, s);
    await journaliser(trx, contexte, {
      action: 'ccapex_seance_consultee',
      objetType: 'ccapex_seance',
      objetId: id,
      departementCode: s.departement_code,
      details: { dossiers: contenu.ordreDuJour.length },
    });
    return contenu;
  });
}

/**
 * The séances a dossier went through (or is scheduled for), with avis, decision on the housing benefit and
 * recommandations: for the CCAPEX section of the dossier. Only the commission's staff and the State services
 * that run the secretariat see them; others get an empty list. Journaled.
 */
export async function examensDuDossier(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  a: Appelant,
  dossierId: string,
) {
  return db.transaction().execute(async (trx) => {
    const d = await trx
      .selectFrom('dossier as d')
      .select(['d.id', 'd.departement_code'])
      .where('d.id', '=', dossierId)
      .where(conditionScope(a.scope))
      .executeTakeFirst();
    if (!d) throw introuvable('Le dossier');
    const visible = peut(a.profil, 'ccapex.secretariat') || peut(a.profil, 'ccapex.membre');
    const commissions = visible ? await commissionsAccessibles(trx, a.scope) : [];
    if (commissions.length === 0) return { visible: false, elements: [] };
    const examens = await trx
      .selectFrom('ccapex_examen as e')
      .innerJoin('ccapex_seance as s', 's.id', 'e.seance_id')
      .innerJoin('commission as c', 'c.id', 's.commission_id')
      .select([
        'e.id',
        's.id as seance_id',
        's.debut',
        's.statut',
        'c.nom as commission_nom',
        'c.departement_code',
        'e.avis',
        'e.decision_apl',
        'e.examine_le',
      ])
      .where('e.dossier_id', '=', dossierId)
      .where('s.commission_id', 'in', commissions)
      .where('s.statut', '<>', 'annulee')
      .orderBy('s.debut', 'desc')
      .execute();
    const recos = await recommandationsDe(
      trx,
      examens.map((e) => e.id),
    );
    await journaliser(trx, contexte, {
      action: 'ccapex_examens_consultes',
      objetType: 'dossier',
      objetId: dossierId,
      departementCode: d.departement_code,
      details: { examens: examens.length },
    });
    return {
      visible: true,
      elements: examens.map((e) => ({
        id: e.id,
        seance: {
          id: e.seance_id,
          debutLocal: heureLocale(e.debut, e.departement_code),
          statut: e.statut,
          commission: e.commission_nom,
        },
        avis: e.avis,
        decisionApl: e.decision_apl,
        examineLe: e.examine_le?.toISOString() ?? null,
        recommandations: recos
          .filter((r) => r.examen_id === e.id)
          .map((r) => ({
            id: r.id,
            destinataireType: r.destinataire_type,
            destinataireLibelle: r.destinataire_libelle,
            contenu: r.contenu,
            echeance: r.echeance,
            suivi: r.suivi,
            suiviLe: r.suivi_le,
          })),
      })),
    };
  });
}

// ——— Agenda ———

/**
 * Dossiers ready for examination by the séance's commission: a saisine accepted by the commission or one
 * below it, no avis recorded on the dossier since that saisine was accepted, and not already on the agenda
 * of a séance that is planned or in progress.
 */
export async function dossiersPrets(db: Executeur, a: Appelant, s: SeanceLigne) {
  const commissions = await sousArbre(db, s.commission_id);
  const lignes = await db
    .selectFrom('ccapex_saisine as sa')
    .innerJoin('dossier as d', 'd.id', 'sa.dossier_id')
    .select([
      'd.id',
      'd.numero',
      'd.nom_principal',
      'd.phase',
      'sa.origine',
      'sa.nature',
      sql<Date>`coalesce(sa.traite_le, sa.recu_le)`.as('acceptee_le'),
    ])
    .distinctOn('d.id')
    .where('sa.statut', '=', 'acceptee')
    .where('sa.commission_id', 'in', commissions)
    .where(conditionScope(a.scope))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('ccapex_examen as e')
            .select('e.id')
            .whereRef('e.dossier_id', '=', 'd.id')
            .where('e.avis', 'is not', null)
            .where('e.examine_le', '>=', sql<Date>`coalesce(sa.traite_le, sa.recu_le)`),
        ),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('ccapex_examen as e')
            .innerJoin('ccapex_seance as x', 'x.id', 'e.seance_id')
            .select('e.id')
            .whereRef('e.dossier_id', '=', 'd.id')
            .where('x.statut', 'in', ['planifiee', 'tenue'])
            .where('e.avis', 'is', null),
        ),
      ),
    )
    .orderBy('d.id')
    .orderBy('acceptee_le', 'desc')
    .execute();
  const noms = voitClasse(a.profil, 'identite');
  return lignes
    .sort((x, y) => x.acceptee_le.getTime() - y.acceptee_le.getTime())
    .map((l) => ({
      id: l.id,
      numero: l.numero,
      nomPrincipal: noms ? l.nom_principal : null,
      phase: l.phase,
      origine: l.origine,
      nature: l.nature,
      accepteeLe: l.acceptee_le.toISOString(),
    }));
}

export async function lireDossiersPrets(db: Kysely<DB>, a: Appelant, id: string) {
  const s = await seanceAccessible(db, a.scope, id);
  return dossiersPrets(db, a, s);
}

/** The dossiers a séance of this commission may examine: in the caller's scope and the commission's reach. */
async function dossiersAdmissibles(
  db: Executeur,
  a: Appelant,
  s: SeanceLigne,
  ajout: AjoutOrdreDuJour,
): Promise<{ id: string }[]> {
  const commissions = await sousArbre(db, s.commission_id);
  let q = db
    .selectFrom('dossier as d')
    .select(['d.id'])
    .where(conditionScope(a.scope))
    .where('d.departement_code', '=', s.departement_code);
  q = s.commission_type === 'centrale' ? q : q.where('d.commission_id', 'in', commissions);
  q = ajout.numero ? q.where('d.numero', '=', ajout.numero.toUpperCase()) : q;
  q = ajout.dossierIds ? q.where('d.id', 'in', ajout.dossierIds) : q;
  return q.execute();
}

export async function ajouterALOrdreDuJour(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  a: Appelant,
  id: string,
  ajout: AjoutOrdreDuJour,
) {
  return db.transaction().execute(async (trx) => {
    const s = await seanceAccessible(trx, a.scope, id, { verrou: true });
    exigerModifiable(s);
    const trouves = await dossiersAdmissibles(trx, a, s, ajout);
    const attendus = ajout.dossierIds ? new Set(ajout.dossierIds).size : 1;
    if (trouves.length < attendus) {
      throw new ErreurHttp(
        404,
        'dossier_introuvable',
        ajout.numero
          ? `Le dossier ${ajout.numero} est introuvable dans le périmètre de cette commission.`
          : 'Un des dossiers est introuvable dans le périmètre de cette commission.',
      );
    }
    const existants = await trx
      .selectFrom('ccapex_examen')
      .select(['dossier_id', 'rang'])
      .where('seance_id', '=', id)
      .execute();
    const deja = new Set(existants.map((e) => e.dossier_id));
    const nouveaux = trouves.filter((d) => !deja.has(d.id));
    if (nouveaux.length === 0) {
      throw new ErreurHttp(409, 'deja_a_l_ordre_du_jour', 'Ce dossier est déjà à l’ordre du jour.');
    }
    let rang = existants.reduce((m, e) => Math.max(m, e.rang), 0);
    const ordre = ajout.dossierIds ?? [];
    nouveaux.sort((x, y) => ordre.indexOf(x.id) - ordre.indexOf(y.id));
    await trx
      .insertInto('ccapex_examen')
      .values(nouveaux.map((d) => ({ seance_id: id, dossier_id: d.id, rang: ++rang })))
      .execute();
    const version = await incrementerSeance(trx, id);
    for (const d of nouveaux) {
      await journaliser(trx, contexte, {
        action: 'ccapex_ordre_du_jour_ajout',
        objetType: 'dossier',
        objetId: d.id,
        departementCode: s.departement_code,
        details: { seanceId: id },
      });
    }
    return { ajoutes: nouveaux.length, version };
  });
}

export async function retirerDeLOrdreDuJour(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  a: Appelant,
  id: string,
  dossierId: string,
) {
  return db.transaction().execute(async (trx) => {
    const s = await seanceAccessible(trx, a.scope, id, { verrou: true });
    exigerModifiable(s);
    const e = await trx
      .selectFrom('ccapex_examen')
      .select(['id', 'avis'])
      .where('seance_id', '=', id)
      .where('dossier_id', '=', dossierId)
      .executeTakeFirst();
    if (!e) throw introuvable('Le dossier à l’ordre du jour');
    if (e.avis !== null) {
      throw new ErreurHttp(
        409,
        'dossier_examine',
        'Ce dossier a déjà été examiné : son avis fait partie de la séance.',
      );
    }
    await trx.deleteFrom('ccapex_examen').where('id', '=', e.id).execute();
    await renumeroter(trx, id);
    const version = await incrementerSeance(trx, id);
    await journaliser(trx, contexte, {
      action: 'ccapex_ordre_du_jour_retrait',
      objetType: 'dossier',
      objetId: dossierId,
      departementCode: s.departement_code,
      details: { seanceId: id },
    });
    return { version };
  });
}

async function renumeroter(trx: Executeur, seanceId: string) {
  await sql`
    update ccapex_examen e set rang = n.rang
    from (select id, row_number() over (order by rang, id) as rang from ccapex_examen where seance_id = ${seanceId}) n
    where e.id = n.id`.execute(trx);
}

export async function reordonner(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  a: Appelant,
  id: string,
  dossierIds: string[],
) {
  return db.transaction().execute(async (trx) => {
    const s = await seanceAccessible(trx, a.scope, id, { verrou: true });
    exigerModifiable(s);
    const existants = await trx
      .selectFrom('ccapex_examen')
      .select(['id', 'dossier_id'])
      .where('seance_id', '=', id)
      .execute();
    const attendus = new Set(existants.map((e) => e.dossier_id));
    if (
      dossierIds.length !== attendus.size ||
      new Set(dossierIds).size !== dossierIds.length ||
      dossierIds.some((d) => !attendus.has(d))
    ) {
      throw new ErreurHttp(
        422,
        'ordre_du_jour_incomplet',
        'Le nouvel ordre doit citer chaque dossier de l’ordre du jour une fois, et eux seuls.',
      );
    }
    for (const [k, dossierId] of dossierIds.entries()) {
      await trx
        .updateTable('ccapex_examen')
        .set({ rang: k + 1 })
        .where('seance_id', '=', id)
        .where('dossier_id', '=', dossierId)
        .execute();
    }
    const version = await incrementerSeance(trx, id);
    await journaliser(trx, contexte, {
      action: 'ccapex_ordre_du_jour_reordonne',
      objetType: 'ccapex_seance',
      objetId: id,
      departementCode: s.departement_code,
    });
    return { version };
  });
}

// ——— Invitations ———

export interface ConfigCourriel {
  expediteur: Expediteur;
  urlPublique: string;
}

/**
 * E-mails the accounts attached to the commission: date, place, number of dossiers and a link; never a
 * household name. Sent before anything is recorded: a failing mail server leaves the séance as it was (503).
 */
export async function inviter(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  a: Appelant,
  id: string,
  courriel: ConfigCourriel,
) {
  const s = await seanceAccessible(db, a.scope, id);
  if (s.statut !== 'planifiee') {
    throw new ErreurHttp(409, 'seance_non_planifiee', 'Les invitations concernent une séance planifiée.');
  }
  const destinataires = await db
    .selectFrom('utilisateur')
    .select(['id', 'email'])
    .where('commission_id', '=', s.commission_id)
    .where('actif', '=', true)
    .orderBy('email')
    .execute();
  if (destinataires.length === 0) {
    throw new ErreurHttp(
      422,
      'aucun_membre',
      'Aucun compte n’est rattaché à cette commission : personne ne peut être invité.',
    );
  }
  const nb = await db
    .selectFrom('ccapex_examen')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('seance_id', '=', id)
    .executeTakeFirstOrThrow();
  const quand = dateHeureFr(s.debut, s.departement_code);
  const texte = [
    'Bonjour,',
    '',
    `Vous êtes invité(e) à la séance de la commission « ${s.commission_nom} » :`,
    `- date : ${quand}`,
    `- lieu : ${s.lieu}`,
    `- dossiers à l’ordre du jour : ${Number(nb.n)}`,
    '',
    `L’ordre du jour est consultable dans Exploc : ${courriel.urlPublique}/ccapex/seances/${id}`,
    '',
    'Les informations sur les ménages sont couvertes par le secret professionnel (loi n° 90-449, art. 7-2).',
    'Ce message est envoyé automatiquement ; merci de ne pas y répondre.',
  ].join('\n');
  try {
    for (const d of destinataires) {
      await courriel.expediteur.envoyer({
        a: d.email,
        sujet: `Séance de la CCAPEX du ${quand}`,
        texte,
      });
    }
  } catch {
    throw new ErreurHttp(
      503,
      'courriel_indisponible',
      'Le serveur de messagerie ne répond pas : les invitations n’ont pas toutes été envoyées. Réessayez.',
    );
  }
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('ccapex_seance_invitation')
      .values(destinataires.map((d) => ({ seance_id: id, utilisateur_id: d.id })))
      .onConflict((oc) => oc.columns(['seance_id', 'utilisateur_id']).doUpdateSet({ envoyee_le: sql`now()` }))
      .execute();
    const version = await incrementerSeance(trx, id, { invitations_envoyees_le: sql`now()` });
    await journaliser(trx, contexte, {
      action: 'ccapex_seance_invitations',
      objetType: 'ccapex_seance',
      objetId: id,
      departementCode: s.departement_code,
      details: { destinataires: destinataires.length },
    });
    return { envoyees: destinataires.length, version };
  });
}

// ——— Examination ———

export async function enregistrerExamen(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  a: Appelant,
  seanceId: string,
  examenId: string,
  version: number,
  x: Examen,
) {
  return db.transaction().execute(async (trx) => {
    const s = await seanceAccessible(trx, a.scope, seanceId, { verrou: true });
    const e = await trx
      .selectFrom('ccapex_examen')
      .select(['id', 'dossier_id', 'version'])
      .where('id', '=', examenId)
      .where('seance_id', '=', seanceId)
      .forUpdate()
      .executeTakeFirst();
    if (!e) throw introuvable('L’examen');
    exigerModifiable(s);
    exigerVersion(e, version);
    const organisations = [...new Set(x.recommandations.flatMap((r) => r.destinataireOrganisationId ?? []))];
    if (organisations.length > 0) {
      const membres = await trx
        .selectFrom('commission_membre')
        .select('organisation_id')
        .where('commission_id', 'in', await ascendants(trx, s.commission_id))
        .where('organisation_id', 'in', organisations)
        .execute();
      const connus = new Set(membres.map((m) => m.organisation_id));
      const k = x.recommandations.findIndex(
        (r) => r.destinataireOrganisationId && !connus.has(r.destinataireOrganisationId),
      );
      if (k >= 0) {
        throw new ErreurHttp(
          422,
          'destinataire_non_membre',
          'Le destinataire choisi n’est pas membre de la commission.',
          [{ chemin: `recommandations.${k}.destinataireOrganisationId`, message: 'Organisation non membre' }],
        );
      }
    }
    const r = await trx
      .updateTable('ccapex_examen')
      .set({
        avis: x.avis,
        decision_apl: x.decisionApl,
        examine_le: sql`now()`,
        examine_par: a.utilisateurId,
        version: sql`version + 1`,
      })
      .where('id', '=', examenId)
      .returning('version')
      .executeTakeFirstOrThrow();
    await trx.deleteFrom('ccapex_recommandation').where('examen_id', '=', examenId).execute();
    if (x.recommandations.length > 0) {
      await trx
        .insertInto('ccapex_recommandation')
        .values(
          x.recommandations.map((reco) => ({
            examen_id: examenId,
            dossier_id: e.dossier_id,
            destinataire_type: reco.destinataireType,
            destinataire_organisation_id: reco.destinataireOrganisationId,
            destinataire_libelle: reco.destinataireLibelle,
            contenu: reco.contenu,
            echeance: reco.echeance,
          })),
        )
        .execute();
    }
    if (s.statut === 'planifiee') await incrementerSeance(trx, seanceId, { statut: 'tenue' });
    // No event type of the procedure engine stands for the housing-benefit decision: it is stored here only.
    await journaliser(trx, contexte, {
      action: 'ccapex_examen_enregistre',
      objetType: 'dossier',
      objetId: e.dossier_id,
      departementCode: s.departement_code,
      details: {
        seanceId,
        decisionApl: x.decisionApl,
        recommandations: x.recommandations.map((reco) => reco.destinataireType),
      },
    });
    return { version: r.version };
  });
}

// ——— Closing ———

export async function cloturer(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  a: Appelant,
  id: string,
  version: number,
) {
  return db.transaction().execute(async (trx) => {
    const s = await seanceAccessible(trx, a.scope, id, { verrou: true });
    exigerVersion(s, version);
    exigerModifiable(s);
    const examens = await examensDe(trx, id);
    if (examens.length === 0) {
      throw new ErreurHttp(422, 'ordre_du_jour_vide', 'L’ordre du jour est vide : rien à clore.');
    }
    const manquants = examens.filter((e) => e.avis === null).map((e) => e.numero);
    if (manquants.length > 0) {
      throw new ErreurHttp(
        422,
        'examens_incomplets',
        `Avis manquant pour ${manquants.length === 1 ? 'le dossier' : 'les dossiers'} ${manquants.join(', ')} : ` +
          'enregistrez-le ou retirez le dossier de l’ordre du jour avant de clore.',
      );
    }
    const v = await incrementerSeance(trx, id, {
      statut: 'close',
      cloturee_le: sql`now()`,
      cloturee_par: a.utilisateurId,
    });
    const transmises = await transmettreDecisionsApl(trx, s);
    await journaliser(trx, contexte, {
      action: 'ccapex_seance_close',
      objetType: 'ccapex_seance',
      objetId: id,
      departementCode: s.departement_code,
      details: { dossiers: examens.length, decisionsAplTransmises: transmises },
    });
    return { version: v, seance: s };
  });
}

/**
 * The séance's housing-benefit decisions (maintien / suspension) go to the CAF clients of the département that
 * subscribed to them (webhook `decision_apl_ccapex`, docs/api/webhooks.md), in the closing transaction: the
 * outbox delivers them with retries, and a closing that fails sends nothing. Returns the number of deliveries.
 */
async function transmettreDecisionsApl(trx: Transaction<DB>, s: SeanceLigne): Promise<number> {
  const decisions = await decisionsDeLaSeance(trx, s.id);
  let n = 0;
  for (const d of decisions) {
    const lignes = await insertionDecisionApl(trx, d.departement_code, donneesDecisionApl(d)).execute();
    n += lignes.length;
  }
  return n;
}

/** How long after its séance's closing an unnotified recommandation is still sent (then left to the minutes). */
export const JOURS_RELANCE_RECOMMANDATIONS = 30;

/**
 * The recommandations of closed séances whose e-mail failed (mail server down at closing, or an organisation
 * without an active account then), sent again by the `relance-recommandations-ccapex` job every 15 minutes,
 * for `JOURS_RELANCE_RECOMMANDATIONS` days after the closing.
 */
export async function relancerRecommandationsNonNotifiees(
  db: Kysely<DB>,
  courriel: ConfigCourriel,
  o: { maintenant?: Date } = {},
): Promise<{ seances: number; recommandations: number; courriels: number; echecs: number }> {
  const maintenant = (o.maintenant ?? new Date()).getTime();
  const depuis = new Date(maintenant - JOURS_RELANCE_RECOMMANDATIONS * 86_400_000);
  // The closing request sends them itself: a séance closed in the last two minutes is left to it.
  const avant = new Date(maintenant - 2 * 60_000);
  const bilan = { seances: 0, recommandations: 0, courriels: 0, echecs: 0 };
  for (const s of await seancesARelancer(db, { depuis, avant })) {
    const n = await notifierRecommandations(db, s, courriel);
    bilan.seances++;
    bilan.recommandations += n.recommandations;
    bilan.courriels += n.courriels;
    bilan.echecs += n.echecs;
  }
  return bilan;
}

/**
 * After closing: each recommandation addressed to a member organisation is e-mailed to that organisation's
 * active users (dossier number, due date and link; never a name nor the content) and marked notified. A
 * failing mail server leaves it unnotified: relancerRecommandationsNonNotifiees sends it again later.
 */
export async function notifierRecommandations(
  db: Kysely<DB>,
  seance: SeanceLigne,
  courriel: ConfigCourriel,
): Promise<{ recommandations: number; courriels: number; echecs: number }> {
  const recos = await db
    .selectFrom('ccapex_recommandation as r')
    .innerJoin('ccapex_examen as e', 'e.id', 'r.examen_id')
    .innerJoin('dossier as d', 'd.id', 'r.dossier_id')
    .select([
      'r.id',
      'r.destinataire_organisation_id',
      'r.destinataire_type',
      'r.echeance',
      'd.id as dossier_id',
      'd.numero',
    ])
    .where('e.seance_id', '=', seance.id)
    .where('r.destinataire_organisation_id', 'is not', null)
    .where('r.notifiee_le', 'is', null)
    .execute();
  let courriels = 0;
  let echecs = 0;
  let notifiees = 0;
  const quand = dateHeureFr(seance.debut, seance.departement_code).split(' à ')[0];
  for (const r of recos) {
    const destinataires = await db
      .selectFrom('utilisateur')
      .select('email')
      .where('organisation_id', '=', r.destinataire_organisation_id as string)
      .where('actif', '=', true)
      .execute();
    if (destinataires.length === 0) continue;
    const type =
      LIBELLES_DESTINATAIRE_RECOMMANDATION[
        r.destinataire_type as keyof typeof LIBELLES_DESTINATAIRE_RECOMMANDATION
      ] ?? r.destinataire_type;
    const texte = [
      'Bonjour,',
      '',
      `Lors de sa séance du ${quand}, la commission « ${seance.commission_nom} » a adressé une recommandation ` +
        `à votre organisme (${type}) pour le dossier ${r.numero}.`,
      r.echeance
        ? `Échéance : ${r.echeance.slice(8, 10)}/${r.echeance.slice(5, 7)}/${r.echeance.slice(0, 4)}.`
        : '',
      '',
      `Consultez-la dans Exploc : ${courriel.urlPublique}/dossiers/${r.dossier_id}`,
      '',
      'Les informations sur les ménages sont couvertes par le secret professionnel (loi n° 90-449, art. 7-2).',
      'Ce message est envoyé automatiquement ; merci de ne pas y répondre.',
    ]
      .filter((l, k, t) => l !== '' || t[k - 1] !== '')
      .join('\n');
    try {
      for (const d of destinataires) {
        await courriel.expediteur.envoyer({
          a: d.email,
          sujet: `Recommandation de la CCAPEX — dossier ${r.numero}`,
          texte,
        });
        courriels++;
      }
      await db
        .updateTable('ccapex_recommandation')
        .set({ notifiee_le: sql`now()` })
        .where('id', '=', r.id)
        .execute();
      notifiees++;
    } catch {
      echecs++;
    }
  }
  return { recommandations: notifiees, courriels, echecs };
}
