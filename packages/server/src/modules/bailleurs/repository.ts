import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { ErreurLigne } from './csv.js';

type Executeur = Kysely<DB> | Transaction<DB>;

/** The depositing organisation as a saisine names it. */
export async function organisation(db: Executeur, id: string) {
  return db
    .selectFrom('organisation')
    .select(['nom', 'siret', 'type', 'departements'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

export async function commission(db: Executeur, id: string) {
  return db.selectFrom('commission').select(['id', 'nom']).where('id', '=', id).executeTakeFirstOrThrow();
}

/** The landlord saisines an organisation filed (never another organisation's). */
function requeteSaisines(db: Executeur, organisationId: string) {
  return db
    .selectFrom('ccapex_saisine as s')
    .innerJoin('commission as c', 'c.id', 's.commission_id')
    .leftJoin('dossier as d', 'd.id', 's.dossier_id')
    .select([
      's.id',
      's.recu_le',
      's.statut',
      's.motif_rejet',
      's.departement_code',
      's.donnees',
      'c.id as commission_id',
      'c.nom as commission_nom',
      'd.id as dossier_id',
      'd.numero as dossier_numero',
    ])
    .where('s.deposant_organisation_id', '=', organisationId)
    .where('s.origine', '=', 'bailleur');
}

export type LigneSaisine = Awaited<ReturnType<ReturnType<typeof requeteSaisines>['executeTakeFirstOrThrow']>>;

export async function saisine(db: Executeur, organisationId: string, id: string) {
  return requeteSaisines(db, organisationId).where('s.id', '=', id).executeTakeFirst();
}

export async function saisines(db: Executeur, organisationId: string, o: { page: number; parPage: number }) {
  const [elements, total] = await Promise.all([
    requeteSaisines(db, organisationId)
      .orderBy('s.recu_le', 'desc')
      .limit(o.parPage)
      .offset((o.page - 1) * o.parPage)
      .execute(),
    db
      .selectFrom('ccapex_saisine')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('deposant_organisation_id', '=', organisationId)
      .where('origine', '=', 'bailleur')
      .executeTakeFirstOrThrow(),
  ]);
  return { elements, total: Number(total.n) };
}

export async function insererImport(
  trx: Transaction<DB>,
  i: {
    organisationId: string;
    utilisateurId: string | null;
    nomFichier: string;
    lignes: Record<string, string>[];
  },
) {
  const imp = await trx
    .insertInto('bailleur_import')
    .values({
      organisation_id: i.organisationId,
      utilisateur_id: i.utilisateurId,
      nom_fichier: i.nomFichier.slice(0, 255),
      total: i.lignes.length,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (let debut = 0; debut < i.lignes.length; debut += 500) {
    await trx
      .insertInto('bailleur_import_ligne')
      .values(
        i.lignes.slice(debut, debut + 500).map((cellules, j) => ({
          import_id: imp.id,
          // Line numbers as in a spreadsheet: the header is line 1.
          numero: debut + j + 2,
          cellules: JSON.stringify(cellules),
        })),
      )
      .execute();
  }
  return imp;
}

/** The first pending line of an import, locked; a line another worker holds is skipped. */
export async function verrouillerLigneEnAttente(trx: Transaction<DB>, importId: string) {
  return trx
    .selectFrom('bailleur_import_ligne as l')
    .innerJoin('bailleur_import as i', 'i.id', 'l.import_id')
    .innerJoin('organisation as o', 'o.id', 'i.organisation_id')
    .leftJoin('utilisateur as u', 'u.id', 'i.utilisateur_id')
    .select(['l.numero', 'l.cellules', 'i.organisation_id', 'i.utilisateur_id', 'u.profil', 'o.departements'])
    .where('l.import_id', '=', importId)
    .where('l.statut', '=', 'en_attente')
    .orderBy('l.numero')
    .limit(1)
    .forUpdate('l')
    .skipLocked()
    .executeTakeFirst();
}

/** Records a line's outcome (its raw cells are cleared) and counts it on the import. */
export async function enregistrerResultatLigne(
  trx: Transaction<DB>,
  importId: string,
  numero: number,
  r: { ok: true; saisineId: string } | { ok: false; erreurs: ErreurLigne[] },
) {
  await trx
    .updateTable('bailleur_import_ligne')
    .set({
      statut: r.ok ? 'valide' : 'rejetee',
      saisine_id: r.ok ? r.saisineId : null,
      erreurs: JSON.stringify(r.ok ? [] : r.erreurs),
      cellules: null,
    })
    .where('import_id', '=', importId)
    .where('numero', '=', numero)
    .execute();
  await trx
    .updateTable('bailleur_import')
    .set((eb) => ({
      traitees: eb('traitees', '+', 1),
      valides: r.ok ? eb('valides', '+', 1) : eb.ref('valides'),
      rejetees: r.ok ? eb.ref('rejetees') : eb('rejetees', '+', 1),
      termine_le: sql<Date | null>`case when traitees + 1 >= total then now() else null end`,
    }))
    .where('id', '=', importId)
    .execute();
}

export async function importsOuverts(db: Executeur) {
  return db
    .selectFrom('bailleur_import')
    .select('id')
    .where('termine_le', 'is', null)
    .orderBy('cree_le')
    .execute();
}

export async function importDeOrganisation(db: Executeur, organisationId: string, id: string) {
  return db
    .selectFrom('bailleur_import')
    .selectAll()
    .where('id', '=', id)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
}

export async function lignesTraitees(db: Executeur, importId: string) {
  return db
    .selectFrom('bailleur_import_ligne')
    .select(['numero', 'statut', 'saisine_id', 'erreurs'])
    .where('import_id', '=', importId)
    .where('statut', '<>', 'en_attente')
    .orderBy('numero')
    .execute();
}
