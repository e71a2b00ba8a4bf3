import type { Insertable, Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { DB, IndemnisationAjustementTable } from '../../db/schema.js';

type Executeur = Kysely<DB> | Transaction<DB>;

export async function ajustementsDuDossier(db: Executeur, dossierId: string) {
  return db
    .selectFrom('indemnisation_ajustement as a')
    .leftJoin('utilisateur as u', 'u.id', 'a.auteur_id')
    .select([
      'a.id',
      'a.nature',
      'a.libelle',
      'a.montant_cents',
      'a.motif',
      'a.cree_le',
      sql<string | null>`case when u.id is null then null else u.prenom || ' ' || u.nom end`.as('auteur_nom'),
    ])
    .where('a.dossier_id', '=', dossierId)
    .orderBy('a.cree_le')
    .execute();
}

export async function insererAjustement(trx: Transaction<DB>, a: Insertable<IndemnisationAjustementTable>) {
  return trx.insertInto('indemnisation_ajustement').values(a).returning('id').executeTakeFirstOrThrow();
}
