import type { NoteCcapex } from '@exploc/domain/schemas/ccapex';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

type Executeur = Kysely<DB> | Transaction<DB>;

/** The CCAPEX compartment of a dossier, newest first, with author and organisation names. */
export async function notesDuCompartiment(db: Executeur, dossierId: string) {
  return db
    .selectFrom('ccapex_note as n')
    .innerJoin('utilisateur as u', 'u.id', 'n.auteur_id')
    .innerJoin('organisation as o', 'o.id', 'n.auteur_organisation_id')
    .select([
      'n.id',
      'n.type',
      'n.contenu',
      'n.fondement',
      'n.cree_le',
      'u.prenom',
      'u.nom',
      'o.nom as organisation_nom',
    ])
    .where('n.dossier_id', '=', dossierId)
    .orderBy('n.cree_le', 'desc')
    .orderBy('n.id')
    .execute();
}

export async function insererNote(
  trx: Transaction<DB>,
  o: { dossierId: string; commissionId: string; note: NoteCcapex; auteurId: string; organisationId: string },
) {
  return trx
    .insertInto('ccapex_note')
    .values({
      dossier_id: o.dossierId,
      commission_id: o.commissionId,
      type: o.note.type,
      contenu: o.note.contenu,
      fondement: o.note.fondement,
      auteur_id: o.auteurId,
      auteur_organisation_id: o.organisationId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}
