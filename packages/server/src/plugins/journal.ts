import type { FastifyRequest } from 'fastify';
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { DB, JournalTable } from '../db/schema.js';
import type { Appelant } from './contexte.js';

export interface EntreeJournal {
  action: string;
  objetType?: string;
  objetId?: string;
  departementCode?: string | null;
  /** The acting organisation when there is no user (partner systems, jobs). */
  organisationId?: string;
  details?: Record<string, unknown>;
}

export interface ContexteJournal {
  appelant: Appelant | null;
  requeteId: string;
  /**
   * Background work done for a user who is not calling now (a landlord's CSV import processed line by line):
   * the journal names that user and organisation, as if they had called.
   */
  auNomDe?: { utilisateurId: string | null; profil: string | null; organisationId: string };
}

/**
 * Appends one journal row in the caller's transaction (architecture.md §2.3): the row exists if and only if
 * the work it records was committed. Never put personal data in `details`.
 */
export async function journaliser(
  db: Kysely<DB> | Transaction<DB>,
  contexte: ContexteJournal,
  entree: EntreeJournal,
): Promise<void> {
  await db.insertInto('journal').values(ligneJournal(contexte, entree)).execute();
}

/** The columns a journal row is written with (the others, id and horodatage, are the database's). */
export const COLONNES_ECRITES_JOURNAL = [
  'utilisateur_id',
  'profil',
  'organisation_id',
  'departement_code',
  'action',
  'objet_type',
  'objet_id',
  'requete_id',
  'details',
] as const;

/**
 * The journal row of an entry, for a statement that writes it itself (a read that inserts its journal row in
 * the same statement, repository.lireDossierDetaille): same columns, same rules as `journaliser`.
 */
export function ligneJournal(contexte: ContexteJournal, entree: EntreeJournal): Insertable<JournalTable> {
  return {
    utilisateur_id: contexte.appelant?.utilisateurId ?? contexte.auNomDe?.utilisateurId ?? null,
    profil: contexte.appelant?.profil ?? contexte.auNomDe?.profil ?? null,
    organisation_id:
      contexte.appelant?.organisation.id ?? contexte.auNomDe?.organisationId ?? entree.organisationId ?? null,
    departement_code: entree.departementCode ?? contexte.appelant?.departementCode ?? null,
    action: entree.action,
    objet_type: entree.objetType ?? null,
    objet_id: entree.objetId ?? null,
    requete_id: contexte.requeteId,
    details: entree.details ? JSON.stringify(entree.details) : null,
  };
}

/** The journal context of a request: its caller (null before authentication) and its id. */
export function contexteJournal(request: FastifyRequest): ContexteJournal {
  return { appelant: request.appelant, requeteId: String(request.id) };
}
