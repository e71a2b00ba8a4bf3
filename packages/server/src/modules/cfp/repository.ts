import type { Scope } from '@exploc/domain/acces/scope';
import { type Insertable, type Kysely, sql, type Transaction, type Updateable } from 'kysely';
import type { DB, InstructionCfpCorrectionIssueTable, InstructionCfpTable } from '../../db/schema.js';
import { conditionScope } from '../../db/scope-dossier.js';

type Executeur = Kysely<DB> | Transaction<DB>;

/** The police or gendarmerie unit that the departmental administrator put in charge of this commune. */
export async function uniteDeCommune(db: Executeur, codeInsee: string) {
  const r = await db
    .selectFrom('commune_unite')
    .select('organisation_id')
    .where('commune_insee', '=', codeInsee)
    .executeTakeFirst();
  return r?.organisation_id ?? null;
}

export async function insererInstruction(
  trx: Transaction<DB>,
  i: {
    dossierId: string;
    demandeEvenementId: string;
    dateDemande: string;
    dateRefusImplicite: string | null;
    uniteId: string | null;
  },
) {
  return trx
    .insertInto('instruction_cfp')
    .values({
      dossier_id: i.dossierId,
      demande_evenement_id: i.demandeEvenementId,
      date_demande: i.dateDemande,
      date_refus_implicite: i.dateRefusImplicite,
      unite_id: i.uniteId,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

/** Links the unit to the dossier: the `unite` scope of police accounts reads this link. */
export async function lierUnite(trx: Transaction<DB>, dossierId: string, uniteId: string) {
  await trx
    .insertInto('dossier_organisation')
    .values({ dossier_id: dossierId, organisation_id: uniteId, role: 'forces_ordre' })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** The latest instruction of a dossier (the engine, too, reads the latest `demande_cfp`). */
export async function derniereInstruction(trx: Transaction<DB>, dossierId: string) {
  return trx
    .selectFrom('instruction_cfp')
    .select(['id', 'statut'])
    .where('dossier_id', '=', dossierId)
    .orderBy('date_demande', 'desc')
    .orderBy('cree_le', 'desc')
    .forUpdate()
    .executeTakeFirst();
}

const colonnesInstruction = [
  'i.id',
  'i.dossier_id',
  'i.demande_evenement_id',
  'i.date_demande',
  'i.date_refus_implicite',
  'i.unite_id',
  'i.statut',
  'i.enquete_date_visite',
  'i.enquete_contact_etabli',
  'i.enquete_composition_menage',
  'i.enquete_risque_ordre_public',
  'i.enquete_observations',
  'i.enquete_le',
  'i.social_prioritaire_dalo',
  'i.social_offres_relogement',
  'i.social_avis_ccapex',
  'i.social_dsf',
  'i.social_observations',
  'i.proposition_sens',
  'i.proposition_motifs',
  'i.social_le',
  'i.decision_sens',
  'i.decision_date',
  'i.decision_motifs',
  'i.decision_texte',
  'i.decision_evenement_id',
  'i.refus_implicite_constate_le',
  'i.execution_date_operation',
  'i.execution_effectifs',
  'i.execution_services_sociaux_informes',
  'i.execution_services_sociaux_informes_le',
  'i.execution_planifiee_le',
  'i.execution_issue',
  'i.execution_issue_date',
  'i.execution_pv_recu_le',
  'i.execution_issue_le',
  'i.execution_issue_evenement_id',
  'i.decision_signataire_nom',
  'i.decision_signataire_fonction',
  'i.version',
  'i.cree_le',
  'i.modifie_le',
] as const;

function requeteInstructions(db: Executeur, scope: Scope) {
  return db
    .selectFrom('instruction_cfp as i')
    .innerJoin('dossier as d', 'd.id', 'i.dossier_id')
    .innerJoin('commune as c', 'c.code_insee', 'd.commune_insee')
    .innerJoin('bailleur as b', 'b.id', 'd.bailleur_id')
    .leftJoin('organisation as u', 'u.id', 'i.unite_id')
    .select([
      ...colonnesInstruction,
      'd.numero',
      'd.nom_principal',
      'd.departement_code',
      'd.adresse_ligne',
      'd.code_postal',
      'c.nom as commune_nom',
      'd.prioritaire_dalo',
      'u.nom as unite_nom',
      'b.nom as bailleur_nom',
    ])
    .where(conditionScope(scope));
}

export type LigneInstruction = NonNullable<Awaited<ReturnType<typeof lireInstruction>>>;

export async function listerInstructions(
  db: Executeur,
  scope: Scope,
  f: { statuts?: readonly string[]; limite: number },
) {
  let q = requeteInstructions(db, scope);
  if (f.statuts && f.statuts.length > 0) q = q.where('i.statut', 'in', f.statuts);
  // Undecided requests first, by the date silence turns into a refusal.
  return q
    .orderBy(sql`case when i.statut in ('octroi', 'refus') then 1 else 0 end`)
    .orderBy('i.date_refus_implicite', (o) => o.asc().nullsLast())
    .orderBy('i.date_demande')
    .limit(f.limite)
    .execute();
}

export async function lireInstruction(db: Executeur, scope: Scope, id: string) {
  return requeteInstructions(db, scope).where('i.id', '=', id).executeTakeFirst();
}

/** Locks the instruction row for a write, within the caller's scope (through its dossier). */
export async function verrouillerInstruction(trx: Transaction<DB>, scope: Scope, id: string) {
  return trx
    .selectFrom('instruction_cfp as i')
    .innerJoin('dossier as d', 'd.id', 'i.dossier_id')
    .select([
      'i.id',
      'i.dossier_id',
      'i.statut',
      'i.version',
      'i.enquete_le',
      'i.decision_sens',
      'i.execution_issue',
      'i.execution_issue_date',
      'i.execution_pv_recu_le',
      'i.execution_issue_evenement_id',
      'd.departement_code',
    ])
    .where('i.id', '=', id)
    .where(conditionScope(scope))
    .forUpdate('i')
    .executeTakeFirst();
}

export async function modifierInstruction(
  trx: Transaction<DB>,
  id: string,
  valeurs: Updateable<InstructionCfpTable>,
) {
  return trx
    .updateTable('instruction_cfp')
    .set({ ...valeurs, version: sql`version + 1`, modifie_le: new Date() })
    .where('id', '=', id)
    .returning(['version'])
    .executeTakeFirstOrThrow();
}

/** Undecided instructions whose implicit-refusal date has come (locked, skipped when being edited). */
export async function instructionsEchues(trx: Transaction<DB>, jusquau: string) {
  return trx
    .selectFrom('instruction_cfp as i')
    .innerJoin('dossier as d', 'd.id', 'i.dossier_id')
    .select(['i.id', 'i.dossier_id', 'i.date_refus_implicite', 'd.departement_code'])
    .where('i.statut', 'in', ['enquete', 'verification_sociale', 'a_decider'])
    .where('i.date_refus_implicite', '<=', jusquau)
    .forUpdate('i')
    .skipLocked()
    .execute();
}

/** The corrections of an execution outcome, oldest first (the history kept when an outcome is corrected). */
export async function correctionsIssue(db: Executeur, instructionId: string) {
  return db
    .selectFrom('instruction_cfp_correction_issue as c')
    .leftJoin('utilisateur as u', 'u.id', 'c.corrige_par')
    .select([
      'c.id',
      'c.ancienne_issue',
      'c.ancienne_date',
      'c.ancien_pv_recu_le',
      'c.nouvelle_issue',
      'c.nouvelle_date',
      'c.nouveau_pv_recu_le',
      'c.motif',
      'c.corrige_le',
      'u.prenom',
      'u.nom',
    ])
    .where('c.instruction_id', '=', instructionId)
    .orderBy('c.corrige_le')
    .execute();
}

export async function insererCorrectionIssue(
  trx: Transaction<DB>,
  c: Insertable<InstructionCfpCorrectionIssueTable>,
) {
  await trx.insertInto('instruction_cfp_correction_issue').values(c).execute();
}

/** The author of an act (a decision recorded through the timeline rather than the instruction form). */
export async function auteurEvenement(db: Executeur, evenementId: string) {
  return db
    .selectFrom('evenement as e')
    .innerJoin('utilisateur as u', 'u.id', 'e.auteur_id')
    .innerJoin('organisation as o', 'o.id', 'u.organisation_id')
    .select(['u.prenom', 'u.nom', 'u.profil', 'o.nom as organisation'])
    .where('e.id', '=', evenementId)
    .executeTakeFirst();
}
