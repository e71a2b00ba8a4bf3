import { peut } from '@exploc/domain/acces/permissions';
import type { Scope } from '@exploc/domain/acces/scope';
import type { Evenement } from '@exploc/domain/procedure/scenario';
import {
  type ContenuSaisine,
  type NouvelleSaisine,
  type OrigineSaisine,
  schemaContenuSaisine,
} from '@exploc/domain/schemas/ccapex';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { filtreCommission } from '../../db/scope-dossier.js';
import { aujourdhui } from '../../lib/aujourdhui.js';
import type { Appelant } from '../../plugins/contexte.js';
import { ErreurHttp, introuvable } from '../../plugins/erreurs.js';
import { type ContexteJournal, journaliser } from '../../plugins/journal.js';
import * as repoDossiers from '../dossiers/repository.js';
import { actifs, enregistrerEvenement, insererDossier } from '../dossiers/service.js';
import { versionPerimee } from '../identite/service.js';
import { departementsDe } from './acces.js';
import { recevoirSaisine, type SaisineRecue } from './saisines.js';

/** The engine knows fewer origins than the inbox (contracts/procedure-evaluate.md, `saisine_ccapex`). */
const ORIGINE_MOTEUR: Record<OrigineSaisine, string> = {
  bailleur: 'bailleur',
  commissaire_justice: 'commissaire_justice',
  caf: 'caf',
  msa: 'caf',
  menage: 'menage',
  travailleur_social: 'travailleur_social',
  membre: 'autre',
  autre: 'autre',
};

function origineParDefaut(appelant: Appelant): OrigineSaisine {
  if (appelant.profil === 'bailleur') return 'bailleur';
  if (appelant.profil === 'membre_ccapex' || appelant.profil === 'secretariat_ccapex') return 'membre';
  return 'autre';
}

/**
 * A saisine entered by a user (a landlord, a member, the secretariat, a State agent recording the household's or
 * a social worker's request): about a dossier of the caller's scope, or with its content. Lands in the triage
 * inbox of the competent commission.
 */
export async function deposerSaisine(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  s: NouvelleSaisine,
): Promise<SaisineRecue> {
  // A landlord always seizes as a landlord; others say who seized (household, social worker…).
  const origine = appelant.profil === 'bailleur' ? 'bailleur' : (s.origine ?? origineParDefaut(appelant));
  return db.transaction().execute(async (trx) => {
    let communeInsee: string;
    if (s.dossierId) {
      const d = await repoDossiers.lireDossier(trx, appelant.scope, s.dossierId);
      if (!d) throw introuvable('Le dossier');
      communeInsee = d.commune_insee;
    } else {
      const contenu = s.contenu as ContenuSaisine;
      communeInsee = contenu.dossier.logement.adresse.codeInsee;
      const commune = await repoDossiers.communeAvecTerritoire(trx, communeInsee);
      const departements = departementsDe(appelant);
      const horsPerimetre =
        commune &&
        (appelant.scope.type === 'organisation'
          ? departements.length > 0 && !departements.includes(commune.departement_code)
          : !departements.includes(commune.departement_code));
      if (horsPerimetre) {
        throw new ErreurHttp(
          422,
          'hors_perimetre',
          `La commune ${commune.nom} (${commune.departement_code}) est hors de votre périmètre.`,
        );
      }
    }
    return recevoirSaisine(trx, contexte, {
      origine,
      nature: s.nature,
      communeInsee,
      dossierId: s.dossierId ?? null,
      contenu: s.contenu ?? null,
      message: s.message ?? null,
      deposant: { utilisateurId: appelant.utilisateurId, organisationId: appelant.organisation.id },
    });
  });
}

const colonnesSaisine = [
  's.id',
  's.departement_code',
  's.commission_id',
  's.commune_insee',
  's.origine',
  's.nature',
  's.recu_le',
  's.statut',
  's.motif_rejet',
  's.dossier_id',
  's.dossier_candidat_id',
  's.donnees',
  's.acte_id',
  's.traite_le',
  's.version',
] as const;

function requeteSaisines(db: Kysely<DB> | Transaction<DB>, scope: Scope) {
  return db
    .selectFrom('ccapex_saisine as s')
    .innerJoin('commission as k', 'k.id', 's.commission_id')
    .leftJoin('commune as c', 'c.code_insee', 's.commune_insee')
    .leftJoin('dossier as d', 'd.id', 's.dossier_id')
    .leftJoin('dossier as dc', 'dc.id', 's.dossier_candidat_id')
    .leftJoin('organisation as o', 'o.id', 's.deposant_organisation_id')
    .select([
      ...colonnesSaisine,
      'k.nom as commission_nom',
      'c.nom as commune_nom',
      'd.numero as dossier_numero',
      'd.nom_principal as dossier_nom',
      'dc.numero as candidat_numero',
      'dc.nom_principal as candidat_nom',
      'o.nom as deposant_nom',
    ])
    .where(filtreCommission(scope, 's.commission_id', 's.departement_code'));
}

type LigneSaisine = Awaited<ReturnType<ReturnType<typeof requeteSaisines>['executeTakeFirstOrThrow']>>;

function nomDuMenage(donnees: Record<string, unknown>): string | null {
  const lu = schemaContenuSaisine.safeParse(donnees);
  if (!lu.success) return null;
  const t =
    lu.data.dossier.menage.personnes.find((p) => p.role === 'titulaire') ??
    lu.data.dossier.menage.personnes[0];
  return t ? `${t.nom.toUpperCase()} ${t.prenoms}` : null;
}

function vueSaisine(s: LigneSaisine, asOf: string) {
  const recu = aujourdhui(s.departement_code, s.recu_le);
  const ageJours = Math.round((Date.parse(asOf) - Date.parse(recu)) / 86_400_000);
  return {
    id: s.id,
    origine: s.origine,
    nature: s.nature,
    statut: s.statut,
    recuLe: s.recu_le.toISOString(),
    ageJours,
    departementCode: s.departement_code,
    commission: { id: s.commission_id, nom: s.commission_nom },
    commune: s.commune_insee ? { code: s.commune_insee, nom: s.commune_nom } : null,
    dossier: s.dossier_id
      ? { id: s.dossier_id, numero: s.dossier_numero, nomPrincipal: s.dossier_nom }
      : null,
    candidat: s.dossier_candidat_id
      ? { id: s.dossier_candidat_id, numero: s.candidat_numero, nomPrincipal: s.candidat_nom }
      : null,
    menage: s.dossier_id ? s.dossier_nom : nomDuMenage(s.donnees),
    deposant: s.deposant_nom,
    motifRejet: s.motif_rejet,
    traiteLe: s.traite_le?.toISOString() ?? null,
    version: s.version,
  };
}

/** The triage inbox (or the treated flows) of the caller's commissions, the oldest first. Journaled. */
export async function listerSaisines(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  statut: 'a_trier' | 'acceptee' | 'rejetee',
) {
  const lignes = await requeteSaisines(db, appelant.scope)
    .where('s.statut', '=', statut)
    .orderBy('s.recu_le', statut === 'a_trier' ? 'asc' : 'desc')
    .limit(500)
    .execute();
  if (lignes.length > 0) {
    await journaliser(db, contexte, {
      action: 'ccapex_saisines_consultees',
      objetType: 'ccapex_saisine',
      details: { statut, resultats: lignes.length },
    });
  }
  const asOf = aujourdhui();
  return lignes.map((l) => vueSaisine(l, asOf));
}

/** One saisine with what was received and its history of actions. Journaled. */
export async function lireSaisine(db: Kysely<DB>, contexte: ContexteJournal, appelant: Appelant, id: string) {
  const s = await requeteSaisines(db, appelant.scope).where('s.id', '=', id).executeTakeFirst();
  if (!s) throw introuvable('La saisine');
  const [actions] = await Promise.all([
    db
      .selectFrom('ccapex_saisine_action as a')
      .leftJoin('commission as de', 'de.id', 'a.de_commission_id')
      .leftJoin('commission as vers', 'vers.id', 'a.vers_commission_id')
      .leftJoin('utilisateur as u', 'u.id', 'a.utilisateur_id')
      .select([
        'a.action',
        'a.motif',
        'a.le',
        'de.nom as de_nom',
        'vers.nom as vers_nom',
        sql<string | null>`case when u.id is null then null else u.prenom || ' ' || u.nom end`.as('auteur'),
      ])
      .where('a.saisine_id', '=', id)
      .orderBy('a.le')
      .orderBy('a.id')
      .execute(),
    journaliser(db, contexte, {
      action: 'ccapex_saisine_consultee',
      objetType: 'ccapex_saisine',
      objetId: id,
      departementCode: s.departement_code,
    }),
  ]);
  return {
    ...vueSaisine(s, aujourdhui()),
    donnees: s.donnees,
    actions: actions.map((a) => ({
      action: a.action,
      motif: a.motif,
      le: a.le.toISOString(),
      de: a.de_nom,
      vers: a.vers_nom,
      auteur: a.auteur,
    })),
  };
}

async function verrouillerSaisine(trx: Transaction<DB>, appelant: Appelant, id: string, version: number) {
  const s = await trx
    .selectFrom('ccapex_saisine as s')
    .select([...colonnesSaisine, 's.deposant_organisation_id'])
    .where('s.id', '=', id)
    .where(filtreCommission(appelant.scope, 's.commission_id', 's.departement_code'))
    .forUpdate()
    .executeTakeFirst();
  if (!s) throw introuvable('La saisine');
  if (s.version !== version) throw versionPerimee();
  if (s.statut !== 'a_trier') {
    throw new ErreurHttp(409, 'saisine_deja_traitee', 'Cette saisine a déjà été traitée.');
  }
  return s;
}

type SaisineVerrouillee = Awaited<ReturnType<typeof verrouillerSaisine>>;

/**
 * Whether the dossier already carries the act this flow stands for: a `saisine_ccapex`, the commissaire de
 * justice's signalement, or the CAF/MSA report (which the engine counts as a saisine).
 */
function acteDejaPresent(types: Set<string>, origine: OrigineSaisine): boolean {
  if (types.has('saisine_ccapex')) return true;
  if (origine === 'commissaire_justice') return types.has('signalement_commandement_ccapex');
  if (origine === 'caf' || origine === 'msa') return types.has('signalement_impaye_caf');
  return false;
}

async function enregistrerSaisineSurDossier(
  trx: Transaction<DB>,
  appelant: Appelant,
  s: SaisineVerrouillee,
  dossierId: string,
) {
  const scope: Scope = { type: 'departements', departements: [s.departement_code] };
  const d = await repoDossiers.verrouillerEtLireDossier(trx, scope, { id: dossierId });
  if (!d) throw introuvable('Le dossier');
  // Whoever seized the commission about this dossier (a landlord, an étude…) now follows it.
  if (s.deposant_organisation_id) {
    await trx
      .insertInto('dossier_organisation')
      .values({ dossier_id: dossierId, organisation_id: s.deposant_organisation_id, role: s.origine })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  const types = new Set(actifs(await repoDossiers.evenementsDuDossier(trx, dossierId)).map((e) => e.type));
  if (acteDejaPresent(types, s.origine)) return null;
  const evenement = {
    type: 'saisine_ccapex',
    date: aujourdhui(s.departement_code, s.recu_le),
    origine: ORIGINE_MOTEUR[s.origine],
  } as Evenement;
  const r = await enregistrerEvenement(trx, d, evenement, {
    commentaire: null,
    remplace: null,
    motifCorrection: null,
    source: 'ccapex',
    auteurId: appelant.utilisateurId,
    organisationId: appelant.organisation.id,
    siIncoherent: 'a_verifier',
  });
  return r.id;
}

async function cloreSaisine(
  trx: Transaction<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  s: SaisineVerrouillee,
  action: 'acceptation' | 'fusion' | 'rejet',
  o: { dossierId: string | null; motif: string | null },
) {
  const r = await trx
    .updateTable('ccapex_saisine')
    .set({
      statut: action === 'rejet' ? 'rejetee' : 'acceptee',
      dossier_id: o.dossierId,
      motif_rejet: action === 'rejet' ? o.motif : null,
      traite_par: appelant.utilisateurId,
      traite_le: new Date(),
      version: sql`version + 1`,
    })
    .where('id', '=', s.id)
    .returning(['id', 'version', 'dossier_id'])
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('ccapex_saisine_action')
    .values({
      saisine_id: s.id,
      action,
      de_commission_id: s.commission_id,
      dossier_id: o.dossierId,
      motif: o.motif,
      utilisateur_id: appelant.utilisateurId,
    })
    .execute();
  await journaliser(trx, contexte, {
    action: `ccapex_saisine_${action === 'rejet' ? 'rejetee' : action === 'fusion' ? 'fusionnee' : 'acceptee'}`,
    objetType: 'ccapex_saisine',
    objetId: s.id,
    departementCode: s.departement_code,
    details: { dossierId: o.dossierId },
  });
  return { id: r.id, version: r.version, dossierId: r.dossier_id };
}

/**
 * Accepts a flow: into the dossier it names, or into a new dossier built from what was received (in the
 * saisine's commission), and records the engine's `saisine_ccapex` dated the day of reception unless the
 * dossier already carries the act. All in one transaction.
 */
export async function accepterSaisine(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  id: string,
  version: number,
) {
  return db.transaction().execute(async (trx) => {
    const s = await verrouillerSaisine(trx, appelant, id, version);
    let dossierId = s.dossier_id;
    let cree: { id: string; numero: string } | null = null;
    if (!dossierId) {
      const lu = schemaContenuSaisine.safeParse(s.donnees);
      if (!lu.success) {
        throw new ErreurHttp(
          422,
          'saisine_incomplete',
          'Cette saisine ne porte pas de quoi créer un dossier : fusionnez-la avec un dossier existant ou rejetez-la.',
        );
      }
      const commune = await repoDossiers.communeAvecTerritoire(
        trx,
        lu.data.dossier.logement.adresse.codeInsee,
      );
      if (!commune) throw new ErreurHttp(422, 'saisine_incomplete', 'La commune du logement est inconnue.');
      const liens = new Map<string, string>();
      if (s.deposant_organisation_id) liens.set(s.deposant_organisation_id, s.origine);
      cree = await insererDossier(trx, lu.data.dossier, {
        commune,
        commissionId: s.commission_id,
        auteurId: appelant.utilisateurId,
        organisationId: s.deposant_organisation_id ?? appelant.organisation.id,
        liens,
      });
      dossierId = cree.id;
      await journaliser(trx, contexte, {
        action: 'dossier_cree',
        objetType: 'dossier',
        objetId: cree.id,
        departementCode: commune.departement_code,
        details: { saisineId: s.id },
      });
    }
    const evenementId = await enregistrerSaisineSurDossier(trx, appelant, s, dossierId);
    const r = await cloreSaisine(trx, contexte, appelant, s, 'acceptation', { dossierId, motif: null });
    return { ...r, dossierNumero: cree?.numero ?? null, evenementId };
  });
}

/**
 * Accepts a flow into an existing dossier (the proposed candidate, or one the secretariat found by search in its
 * scope): the "merge". The dossier stays in its commission.
 */
export async function fusionnerSaisine(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  id: string,
  version: number,
  dossierId: string,
) {
  return db.transaction().execute(async (trx) => {
    const s = await verrouillerSaisine(trx, appelant, id, version);
    const atteignable =
      dossierId === s.dossier_candidat_id || dossierId === s.dossier_id
        ? await repoDossiers.lireDossier(
            trx,
            { type: 'departements', departements: [s.departement_code] },
            dossierId,
          )
        : await repoDossiers.lireDossier(trx, appelant.scope, dossierId);
    if (!atteignable || atteignable.departement_code !== s.departement_code) throw introuvable('Le dossier');
    const evenementId = await enregistrerSaisineSurDossier(trx, appelant, s, dossierId);
    const r = await cloreSaisine(trx, contexte, appelant, s, 'fusion', { dossierId, motif: null });
    return { ...r, evenementId };
  });
}

/** Sends a flow to another commission of the département (reason required); it stays to be triaged there. */
export async function redirigerSaisine(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  id: string,
  version: number,
  r: { commissionId: string; motif: string },
) {
  return db.transaction().execute(async (trx) => {
    const s = await verrouillerSaisine(trx, appelant, id, version);
    const cible = await trx
      .selectFrom('commission')
      .select(['id', 'actif'])
      .where('id', '=', r.commissionId)
      .where('departement_code', '=', s.departement_code)
      .executeTakeFirst();
    if (!cible?.actif) {
      throw new ErreurHttp(
        422,
        'commission_invalide',
        'Cette commission n’existe pas, est inactive ou n’est pas de ce département.',
      );
    }
    if (cible.id === s.commission_id) {
      throw new ErreurHttp(422, 'commission_invalide', 'La saisine est déjà dans cette commission.');
    }
    const maj = await trx
      .updateTable('ccapex_saisine')
      .set({ commission_id: cible.id, version: sql`version + 1` })
      .where('id', '=', s.id)
      .returning(['id', 'version'])
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('ccapex_saisine_action')
      .values({
        saisine_id: s.id,
        action: 'redirection',
        de_commission_id: s.commission_id,
        vers_commission_id: cible.id,
        dossier_id: s.dossier_id,
        motif: r.motif,
        utilisateur_id: appelant.utilisateurId,
      })
      .execute();
    await journaliser(trx, contexte, {
      action: 'ccapex_saisine_redirigee',
      objetType: 'ccapex_saisine',
      objetId: s.id,
      departementCode: s.departement_code,
      details: { de: s.commission_id, vers: cible.id },
    });
    return maj;
  });
}

export async function rejeterSaisine(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  id: string,
  version: number,
  motif: string,
) {
  return db.transaction().execute(async (trx) => {
    const s = await verrouillerSaisine(trx, appelant, id, version);
    const r = await cloreSaisine(trx, contexte, appelant, s, 'rejet', { dossierId: s.dossier_id, motif });
    return { id: r.id, version: r.version };
  });
}

/** The saisines of a dossier, for its CCAPEX section (CCAPEX staff and State agents only). */
export async function saisinesDuDossier(db: Kysely<DB>, appelant: Appelant, dossierId: string) {
  if (!peut(appelant.profil, 'ccapex.secretariat') && !peut(appelant.profil, 'ccapex.membre')) return [];
  const lignes = await db
    .selectFrom('ccapex_saisine as s')
    .innerJoin('commission as k', 'k.id', 's.commission_id')
    .leftJoin('organisation as o', 'o.id', 's.deposant_organisation_id')
    .select([
      's.id',
      's.origine',
      's.nature',
      's.recu_le',
      's.statut',
      's.motif_rejet',
      's.traite_le',
      'k.nom as commission_nom',
      'o.nom as deposant_nom',
    ])
    .where((eb) => eb.or([eb('s.dossier_id', '=', dossierId), eb('s.dossier_candidat_id', '=', dossierId)]))
    .orderBy('s.recu_le', 'desc')
    .execute();
  return lignes.map((s) => ({
    id: s.id,
    origine: s.origine,
    nature: s.nature,
    recuLe: s.recu_le.toISOString(),
    statut: s.statut,
    motifRejet: s.motif_rejet,
    traiteLe: s.traite_le?.toISOString() ?? null,
    commission: s.commission_nom,
    deposant: s.deposant_nom,
  }));
}
