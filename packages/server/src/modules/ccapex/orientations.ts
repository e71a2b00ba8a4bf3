import { peut } from '@exploc/domain/acces/permissions';
import type { Scope } from '@exploc/domain/acces/scope';
import { ajouterJours } from '@exploc/domain/calendrier/dates';
import {
  type ActionOrientationSaisie,
  LIBELLES_DESTINATAIRE_ORIENTATION,
  type NouvelleOrientation,
} from '@exploc/domain/schemas/ccapex';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { filtreCommission } from '../../db/scope-dossier.js';
import { aujourdhui } from '../../lib/aujourdhui.js';
import type { Expediteur } from '../../lib/courriel.js';
import type { Appelant } from '../../plugins/contexte.js';
import { ErreurHttp, introuvable } from '../../plugins/erreurs.js';
import { type ContexteJournal, journaliser } from '../../plugins/journal.js';
import * as repoDossiers from '../dossiers/repository.js';
import { versionPerimee } from '../identite/service.js';
import { ascendants, membresDe } from './organisation.js';

type Executeur = Kysely<DB> | Transaction<DB>;

/** Reminders of an overdue orientation are spaced by at least this many days. */
export const JOURS_ENTRE_RELANCES = 7;

/** The member organisations to which a dossier's commission may orient it (its members and those above it). */
export async function destinatairesPossibles(db: Executeur, commissionId: string) {
  const ids = await ascendants(db, commissionId);
  const parCommission = await Promise.all(ids.map((id) => membresDe(db, id)));
  const vus = new Map<string, (typeof parCommission)[number][number]>();
  for (const m of parCommission.flat()) if (!vus.has(m.organisationId)) vus.set(m.organisationId, m);
  return [...vus.values()];
}

/**
 * The secretariat orients a dossier (and the saisine it came from) to a member organisation, with an object and
 * a due date (by default today + the commission's orientation delay). Journaled.
 */
export async function orienter(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  o: NouvelleOrientation,
) {
  return db.transaction().execute(async (trx) => {
    const d = await repoDossiers.verrouillerDossier(trx, appelant.scope, o.dossierId);
    if (!d) throw introuvable('Le dossier');
    if (!d.commission_id) {
      throw new ErreurHttp(422, 'ccapex_non_configuree', 'Ce dossier n’est rattaché à aucune CCAPEX.');
    }
    const commission = await trx
      .selectFrom('commission')
      .select(['id', 'delai_orientation_jours'])
      .where('id', '=', d.commission_id)
      .executeTakeFirstOrThrow();
    const possibles = await destinatairesPossibles(trx, commission.id);
    if (!possibles.some((m) => m.organisationId === o.organisationId)) {
      throw new ErreurHttp(
        422,
        'destinataire_non_membre',
        'Cette organisation n’est pas membre de la commission du dossier.',
      );
    }
    if (o.saisineId) {
      const s = await trx
        .selectFrom('ccapex_saisine')
        .select('id')
        .where('id', '=', o.saisineId)
        .where('dossier_id', '=', d.id)
        .executeTakeFirst();
      if (!s) throw new ErreurHttp(422, 'saisine_invalide', 'Cette saisine ne concerne pas ce dossier.');
    }
    const jour = aujourdhui(d.departement_code);
    const echeance = o.echeance ?? ajouterJours(jour, commission.delai_orientation_jours);
    if (echeance < jour) {
      throw new ErreurHttp(400, 'requete_invalide', 'La requête contient des données invalides.', [
        { chemin: 'echeance', message: 'L’échéance ne peut pas être passée' },
      ]);
    }
    const cree = await trx
      .insertInto('ccapex_orientation')
      .values({
        dossier_id: d.id,
        commission_id: commission.id,
        saisine_id: o.saisineId ?? null,
        organisation_id: o.organisationId,
        destinataire_type: o.destinataireType,
        objet: o.objet,
        echeance,
        cree_par: appelant.utilisateurId,
      })
      .returning(['id', 'version', 'echeance'])
      .executeTakeFirstOrThrow();
    await repoDossiers.ajouterHistorique(trx, {
      dossierId: d.id,
      auteurId: appelant.utilisateurId,
      action: 'orientation_ccapex',
    });
    await journaliser(trx, contexte, {
      action: 'ccapex_orientation_creee',
      objetType: 'ccapex_orientation',
      objetId: cree.id,
      departementCode: d.departement_code,
      details: { dossierId: d.id, organisationId: o.organisationId, destinataire: o.destinataireType },
    });
    return cree;
  });
}

function requeteOrientations(db: Executeur) {
  return db
    .selectFrom('ccapex_orientation as r')
    .innerJoin('dossier as d', 'd.id', 'r.dossier_id')
    .innerJoin('commune as c', 'c.code_insee', 'd.commune_insee')
    .innerJoin('commission as k', 'k.id', 'r.commission_id')
    .innerJoin('organisation as o', 'o.id', 'r.organisation_id')
    .leftJoin('utilisateur as ua', 'ua.id', 'r.accuse_par')
    .leftJoin('utilisateur as uc', 'uc.id', 'r.cloture_par')
    .select([
      'r.id',
      'r.dossier_id',
      'r.commission_id',
      'r.saisine_id',
      'r.organisation_id',
      'r.destinataire_type',
      'r.objet',
      'r.echeance',
      'r.statut',
      'r.accuse_le',
      'r.actions',
      'r.resultat',
      'r.cloture_le',
      'r.derniere_relance_le',
      'r.cree_le',
      'r.version',
      'd.numero',
      'd.nom_principal',
      'd.departement_code',
      'c.nom as commune_nom',
      'k.nom as commission_nom',
      'o.nom as organisation_nom',
      sql<string | null>`case when ua.id is null then null else ua.prenom || ' ' || ua.nom end`.as(
        'accuse_par_nom',
      ),
      sql<string | null>`case when uc.id is null then null else uc.prenom || ' ' || uc.nom end`.as(
        'cloture_par_nom',
      ),
    ]);
}

type LigneOrientation = Awaited<
  ReturnType<ReturnType<typeof requeteOrientations>['executeTakeFirstOrThrow']>
>;

function vueOrientation(r: LigneOrientation) {
  const jour = aujourdhui(r.departement_code);
  return {
    id: r.id,
    dossier: { id: r.dossier_id, numero: r.numero, nomPrincipal: r.nom_principal, commune: r.commune_nom },
    commission: { id: r.commission_id, nom: r.commission_nom },
    saisineId: r.saisine_id,
    organisation: { id: r.organisation_id, nom: r.organisation_nom },
    destinataireType: r.destinataire_type,
    destinataireLibelle:
      LIBELLES_DESTINATAIRE_ORIENTATION[
        r.destinataire_type as keyof typeof LIBELLES_DESTINATAIRE_ORIENTATION
      ] ?? r.destinataire_type,
    objet: r.objet,
    echeance: r.echeance,
    enRetard: r.statut !== 'close' && r.echeance < jour,
    statut: r.statut,
    accuseLe: r.accuse_le?.toISOString() ?? null,
    accusePar: r.accuse_par_nom,
    actions: r.actions,
    resultat: r.resultat,
    clotureLe: r.cloture_le?.toISOString() ?? null,
    cloturePar: r.cloture_par_nom,
    derniereRelanceLe: r.derniere_relance_le?.toISOString() ?? null,
    creeLe: r.cree_le.toISOString(),
    version: r.version,
  };
}

/** "Mes orientations": those addressed to the caller's organisation. Journaled when it lists people. */
export async function mesOrientations(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  o: { closes: boolean },
) {
  const lignes = await requeteOrientations(db)
    .where('r.organisation_id', '=', appelant.organisation.id)
    .where('r.statut', o.closes ? '=' : '<>', 'close')
    .orderBy('r.echeance')
    .limit(500)
    .execute();
  if (lignes.length > 0) {
    await journaliser(db, contexte, {
      action: 'ccapex_orientations_consultees',
      objetType: 'ccapex_orientation',
      details: { resultats: lignes.length },
    });
  }
  return lignes.map(vueOrientation);
}

/**
 * One orientation addressed to the caller's organisation, with the minimum of the dossier the member needs to
 * act (household, dwelling, contact, debt, next deadline) — even when the dossier is outside the member's
 * commission scope. Journaled as a reading of the dossier.
 */
export async function lireOrientation(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  id: string,
) {
  const r = await requeteOrientations(db)
    .where('r.id', '=', id)
    .where('r.organisation_id', '=', appelant.organisation.id)
    .executeTakeFirst();
  if (!r) throw introuvable('L’orientation');
  const [d] = await Promise.all([
    db
      .selectFrom('dossier as d')
      .select([
        'd.adresse_ligne',
        'd.code_postal',
        'd.telephone',
        'd.email',
        'd.dette_cents',
        'd.phase',
        'd.prochaine_echeance_code',
        'd.prochaine_echeance_date',
      ])
      .where('d.id', '=', r.dossier_id)
      .executeTakeFirstOrThrow(),
    journaliser(db, contexte, {
      action: 'ccapex_orientation_consultee',
      objetType: 'dossier',
      objetId: r.dossier_id,
      departementCode: r.departement_code,
      details: { orientationId: r.id },
    }),
  ]);
  return {
    ...vueOrientation(r),
    situation: {
      adresse: `${d.adresse_ligne}, ${d.code_postal} ${r.commune_nom}`,
      telephone: d.telephone,
      email: d.email,
      detteEuros: d.dette_cents === null ? null : d.dette_cents / 100,
      phase: d.phase,
      prochaineEcheance: d.prochaine_echeance_code
        ? { code: d.prochaine_echeance_code, date: d.prochaine_echeance_date }
        : null,
    },
  };
}

async function verrouillerOrientation(trx: Transaction<DB>, appelant: Appelant, id: string, version: number) {
  const r = await trx
    .selectFrom('ccapex_orientation as r')
    .innerJoin('dossier as d', 'd.id', 'r.dossier_id')
    .select(['r.id', 'r.statut', 'r.version', 'r.actions', 'r.dossier_id', 'd.departement_code'])
    .where('r.id', '=', id)
    .where('r.organisation_id', '=', appelant.organisation.id)
    .forUpdate('r')
    .executeTakeFirst();
  if (!r) throw introuvable('L’orientation');
  if (r.version !== version) throw versionPerimee();
  if (r.statut === 'close') throw new ErreurHttp(409, 'orientation_close', 'Cette orientation est close.');
  return r;
}

async function journaliserSuivi(
  trx: Transaction<DB>,
  contexte: ContexteJournal,
  r: { id: string; dossier_id: string; departement_code: string },
  action: string,
  details: Record<string, unknown> = {},
) {
  await journaliser(trx, contexte, {
    action,
    objetType: 'ccapex_orientation',
    objetId: r.id,
    departementCode: r.departement_code,
    details: { dossierId: r.dossier_id, ...details },
  });
}

/** The member organisation acknowledges the orientation (it is now in its hands). */
export async function prendreEnCompte(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  id: string,
  version: number,
) {
  return db.transaction().execute(async (trx) => {
    const r = await verrouillerOrientation(trx, appelant, id, version);
    if (r.statut !== 'envoyee') {
      throw new ErreurHttp(409, 'deja_prise_en_compte', 'Cette orientation est déjà prise en compte.');
    }
    const maj = await trx
      .updateTable('ccapex_orientation')
      .set({
        statut: 'prise_en_compte',
        accuse_le: new Date(),
        accuse_par: appelant.utilisateurId,
        version: sql`version + 1`,
      })
      .where('id', '=', id)
      .returning(['id', 'version', 'statut'])
      .executeTakeFirstOrThrow();
    await journaliserSuivi(trx, contexte, r, 'ccapex_orientation_prise_en_compte');
    return maj;
  });
}

/** Records one action taken on the orientation (acknowledging it when it was not yet). */
export async function ajouterAction(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  id: string,
  version: number,
  a: ActionOrientationSaisie,
) {
  return db.transaction().execute(async (trx) => {
    const r = await verrouillerOrientation(trx, appelant, id, version);
    if (a.date > aujourdhui(r.departement_code)) {
      throw new ErreurHttp(400, 'requete_invalide', 'La requête contient des données invalides.', [
        { chemin: 'date', message: 'La date de l’action ne peut pas être dans le futur' },
      ]);
    }
    const actions = [
      ...r.actions,
      {
        type: a.type,
        date: a.date,
        commentaire: a.commentaire ?? null,
        par: `${appelant.prenom} ${appelant.nom}`,
      },
    ];
    const maj = await trx
      .updateTable('ccapex_orientation')
      .set({
        actions: JSON.stringify(actions),
        ...(r.statut === 'envoyee' && {
          statut: 'prise_en_compte' as const,
          accuse_le: new Date(),
          accuse_par: appelant.utilisateurId,
        }),
        version: sql`version + 1`,
      })
      .where('id', '=', id)
      .returning(['id', 'version', 'statut'])
      .executeTakeFirstOrThrow();
    await journaliserSuivi(trx, contexte, r, 'ccapex_orientation_action', { type: a.type });
    return maj;
  });
}

export async function cloreOrientation(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  id: string,
  version: number,
  resultat: string,
) {
  return db.transaction().execute(async (trx) => {
    const r = await verrouillerOrientation(trx, appelant, id, version);
    const maj = await trx
      .updateTable('ccapex_orientation')
      .set({
        statut: 'close',
        resultat,
        cloture_le: new Date(),
        cloture_par: appelant.utilisateurId,
        accuse_le: sql`coalesce(accuse_le, now())`,
        accuse_par: sql`coalesce(accuse_par, ${appelant.utilisateurId}::uuid)`,
        version: sql`version + 1`,
      })
      .where('id', '=', id)
      .returning(['id', 'version', 'statut'])
      .executeTakeFirstOrThrow();
    await journaliserSuivi(trx, contexte, r, 'ccapex_orientation_close');
    return maj;
  });
}

/** The orientations of a dossier, for its CCAPEX section (the commission's staff and State agents). */
export async function orientationsDuDossier(db: Kysely<DB>, appelant: Appelant, dossierId: string) {
  if (!peut(appelant.profil, 'ccapex.secretariat') && !peut(appelant.profil, 'ccapex.membre')) return [];
  const lignes = await requeteOrientations(db)
    .where('r.dossier_id', '=', dossierId)
    .orderBy('r.cree_le', 'desc')
    .execute();
  return lignes.map(vueOrientation);
}

/** Overdue orientations (due date passed, not closed) of the secretariat's commissions: the work queue. */
export async function orientationsEnRetard(db: Kysely<DB>, scope: Scope, jour: string) {
  const lignes = await requeteOrientations(db)
    .where('r.statut', '<>', 'close')
    .where('r.echeance', '<', jour)
    .where(filtreCommission(scope, 'r.commission_id', 'd.departement_code'))
    .orderBy('r.echeance')
    .limit(200)
    .execute();
  return lignes.map((r) => ({
    id: r.id,
    dossierId: r.dossier_id,
    numero: r.numero,
    organisation: r.organisation_nom,
    destinataireType: r.destinataire_type,
    echeance: r.echeance,
    statut: r.statut,
  }));
}

async function destinatairesRelance(trx: Transaction<DB>, organisationId: string, commissionId: string) {
  const commissions = await ascendants(trx, commissionId);
  const [membres, secretariat, commission] = await Promise.all([
    trx
      .selectFrom('utilisateur')
      .select('email')
      .where('organisation_id', '=', organisationId)
      .where('profil', 'in', ['membre_ccapex', 'secretariat_ccapex'])
      .where('actif', '=', true)
      .execute(),
    trx
      .selectFrom('utilisateur')
      .select('email')
      .where('profil', '=', 'secretariat_ccapex')
      .where('commission_id', 'in', commissions)
      .where('actif', '=', true)
      .execute(),
    trx
      .selectFrom('commission')
      .select('email_secretariat')
      .where('id', '=', commissionId)
      .executeTakeFirstOrThrow(),
  ]);
  const adresses = [
    ...membres.map((m) => m.email),
    ...(commission.email_secretariat ? [commission.email_secretariat] : secretariat.map((s) => s.email)),
  ];
  return [...new Set(adresses)];
}

/**
 * Daily: one reminder by e-mail for each overdue orientation (to the member organisation's users and the
 * commission's secretariat), at most one per `JOURS_ENTRE_RELANCES` days. The message carries only the dossier
 * number and a link. Each orientation in its own transaction: a failed sending leaves it for the next run.
 */
export async function relancerOrientationsEnRetard(
  db: Kysely<DB>,
  expediteur: Expediteur,
  o: { aujourdhui: string; urlPublique: string; maintenant?: Date },
): Promise<{ relancees: number; courriels: number }> {
  const maintenant = o.maintenant ?? new Date();
  const limite = new Date(maintenant.getTime() - JOURS_ENTRE_RELANCES * 86_400_000);
  const dues = await db
    .selectFrom('ccapex_orientation')
    .select('id')
    .where('statut', '<>', 'close')
    .where('echeance', '<', o.aujourdhui)
    .where((eb) => eb.or([eb('derniere_relance_le', 'is', null), eb('derniere_relance_le', '<=', limite)]))
    .orderBy('echeance')
    .limit(1000)
    .execute();
  let relancees = 0;
  let courriels = 0;
  for (const { id } of dues) {
    const n = await db.transaction().execute(async (trx) => {
      const r = await trx
        .selectFrom('ccapex_orientation as r')
        .innerJoin('dossier as d', 'd.id', 'r.dossier_id')
        .select([
          'r.id',
          'r.organisation_id',
          'r.commission_id',
          'r.echeance',
          'd.numero',
          'd.departement_code',
        ])
        .where('r.id', '=', id)
        .where('r.statut', '<>', 'close')
        .where((eb) =>
          eb.or([eb('r.derniere_relance_le', 'is', null), eb('r.derniere_relance_le', '<=', limite)]),
        )
        .forUpdate('r')
        .skipLocked()
        .executeTakeFirst();
      if (!r) return -1;
      const adresses = await destinatairesRelance(trx, r.organisation_id, r.commission_id);
      for (const a of adresses) {
        await expediteur.envoyer({
          a,
          sujet: `Exploc — orientation CCAPEX en retard (dossier ${r.numero})`,
          texte: [
            'Bonjour,',
            '',
            `L’orientation CCAPEX du dossier ${r.numero} devait être traitée au plus tard le ${r.echeance
              .split('-')
              .reverse()
              .join('/')}.`,
            'Merci d’indiquer sa prise en compte, les actions menées ou son résultat :',
            `${o.urlPublique}/ccapex/orientations/${r.id}`,
            '',
            'Ce message ne contient volontairement aucune donnée personnelle.',
          ].join('\n'),
        });
      }
      await trx
        .updateTable('ccapex_orientation')
        .set({ derniere_relance_le: maintenant })
        .where('id', '=', r.id)
        .execute();
      await journaliser(
        trx,
        { appelant: null, requeteId: 'relance-orientations-ccapex' },
        {
          action: 'ccapex_orientation_relancee',
          objetType: 'ccapex_orientation',
          objetId: r.id,
          departementCode: r.departement_code,
          details: { destinataires: adresses.length },
        },
      );
      return adresses.length;
    });
    if (n >= 0) {
      relancees++;
      courriels += n;
    }
  }
  return { relancees, courriels };
}
