import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Appelant } from '../../plugins/contexte.js';
import { ErreurHttp, introuvable } from '../../plugins/erreurs.js';
import { type ContexteJournal, journaliser } from '../../plugins/journal.js';
import { stocker } from '../documents/fichiers.js';
import { pdfProcesVerbal } from './pv-pdf.js';
import { contenuSeance } from './seances.js';
import { seanceAccessible } from './seances-acces.js';

/**
 * Generates the minutes of a closed séance and stores them as a document (content-addressed file, `document`
 * row without dossier) linked by `pv_document_id`. Generating again replaces the link (the earlier file stays
 * until the purge finds it orphaned).
 */
export async function genererPv(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  a: Appelant,
  id: string,
  stockage: string,
) {
  const s = await seanceAccessible(db, a.scope, id);
  if (s.statut !== 'close') {
    throw new ErreurHttp(409, 'seance_non_close', 'Le procès-verbal se génère une fois la séance close.');
  }
  const genereLe = new Date();
  const pdf = await pdfProcesVerbal(await contenuSeance(db, a, s), genereLe);
  const sha256 = await stocker(stockage, pdf);
  return db.transaction().execute(async (trx) => {
    const verrouillee = await seanceAccessible(trx, a.scope, id, { verrou: true });
    const jour = verrouillee.debut.toISOString().slice(0, 10);
    const doc = await trx
      .insertInto('document')
      .values({
        dossier_id: null,
        classe: 'secret_ccapex',
        nom_fichier: `pv-ccapex-${jour}.pdf`,
        type_mime: 'application/pdf',
        taille: pdf.length,
        sha256,
        depose_par: a.utilisateurId,
        organisation_id: a.organisation.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const r = await trx
      .updateTable('ccapex_seance')
      .set({ pv_document_id: doc.id, pv_genere_le: genereLe, version: sql`version + 1` })
      .where('id', '=', id)
      .returning('version')
      .executeTakeFirstOrThrow();
    await journaliser(trx, contexte, {
      action: 'ccapex_pv_genere',
      objetType: 'ccapex_seance',
      objetId: id,
      departementCode: verrouillee.departement_code,
      details: { documentId: doc.id, taille: pdf.length },
    });
    return { documentId: doc.id, version: r.version };
  });
}

/** The stored minutes of an accessible séance; the download is journaled. */
export async function documentPv(db: Kysely<DB>, contexte: ContexteJournal, a: Appelant, id: string) {
  return db.transaction().execute(async (trx) => {
    const s = await seanceAccessible(trx, a.scope, id);
    if (!s.pv_document_id) throw introuvable('Le procès-verbal');
    const doc = await trx
      .selectFrom('document')
      .select(['id', 'nom_fichier', 'sha256'])
      .where('id', '=', s.pv_document_id)
      .executeTakeFirstOrThrow();
    await journaliser(trx, contexte, {
      action: 'ccapex_pv_telecharge',
      objetType: 'ccapex_seance',
      objetId: id,
      departementCode: s.departement_code,
      details: { documentId: doc.id },
    });
    return doc;
  });
}
