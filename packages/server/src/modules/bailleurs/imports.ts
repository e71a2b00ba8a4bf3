/**
 * Bulk saisines from a CSV file. The upload stores the import and every line (`en_attente`) in one transaction,
 * then lines are processed in the background, each in its own transaction (`FOR UPDATE SKIP LOCKED`) with its
 * saisine under a savepoint: a bad line never blocks the others and never half-writes, two workers never process the same line, and an import
 * interrupted by a restart is taken up again by `reprendreImports` (called at start-up and every minute by
 * the jobs) from its first unprocessed line.
 */
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { ErreurHttp, estErreurBaseIndisponible, introuvable } from '../../plugins/erreurs.js';
import { type ContexteJournal, journaliser } from '../../plugins/journal.js';
import { versCsv } from '../pilotage/exports.js';
import {
  type Cellules,
  cellulesDe,
  colonneDuChemin,
  type ErreurLigne,
  lireCsv,
  lireLigne,
  MAX_LIGNES_IMPORT,
  verifierEntete,
} from './csv.js';
import * as repo from './repository.js';
import { type Deposant, deposerSaisine } from './saisines.js';

const TAILLE_LOT = 50;

export async function creerImport(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  deposant: Deposant,
  fichier: { nom: string; octets: Buffer },
) {
  let texte: string;
  try {
    texte = new TextDecoder('utf-8', { fatal: true }).decode(fichier.octets);
  } catch {
    throw new ErreurHttp(400, 'csv_invalide', 'Le fichier doit être un CSV encodé en UTF-8.');
  }
  const lignes = lireCsv(texte);
  const [entete, ...donnees] = lignes;
  if (!entete) throw new ErreurHttp(400, 'csv_invalide', 'Le fichier est vide.');
  const { manquantes, inconnues } = verifierEntete(entete);
  if (manquantes.length > 0 || inconnues.length > 0) {
    throw new ErreurHttp(
      400,
      'entete_invalide',
      'L’en-tête du fichier ne correspond pas au modèle : téléchargez le modèle et reprenez ses colonnes.',
      [
        ...manquantes.map((c) => ({ chemin: c, message: 'Colonne manquante' })),
        ...inconnues.map((c) => ({ chemin: c, message: 'Colonne inconnue' })),
      ],
    );
  }
  if (donnees.length === 0) throw new ErreurHttp(400, 'csv_invalide', 'Le fichier ne contient aucune ligne.');
  if (donnees.length > MAX_LIGNES_IMPORT) {
    throw new ErreurHttp(
      413,
      'import_trop_volumineux',
      `Le fichier compte ${donnees.length} lignes : ${MAX_LIGNES_IMPORT} au plus par import.`,
    );
  }
  return db.transaction().execute(async (trx) => {
    const imp = await repo.insererImport(trx, {
      organisationId: deposant.organisationId,
      utilisateurId: deposant.utilisateurId,
      nomFichier: fichier.nom,
      lignes: donnees.map((valeurs) => cellulesDe(entete, valeurs)),
    });
    await journaliser(trx, contexte, {
      action: 'bailleur_import_cree',
      objetType: 'bailleur_import',
      objetId: imp.id,
      details: { lignes: donnees.length },
    });
    return { id: imp.id, total: donnees.length };
  });
}

/** Processes one pending line in its own transaction; false when none is left. */
async function traiterUneLigne(db: Kysely<DB>, importId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const l = await repo.verrouillerLigneEnAttente(trx, importId);
    if (!l) return false;
    const deposant: Deposant = {
      utilisateurId: l.utilisateur_id,
      organisationId: l.organisation_id,
      departements: l.departements,
    };
    // Processed after the request that filed the import: the journal still names the landlord's user.
    const contexte: ContexteJournal = {
      appelant: null,
      requeteId: `import:${importId}:${l.numero}`,
      auNomDe: { utilisateurId: l.utilisateur_id, profil: l.profil, organisationId: l.organisation_id },
    };
    const r = await saisineDeLigne(trx, contexte, deposant, (l.cellules ?? {}) as Cellules);
    await repo.enregistrerResultatLigne(trx, importId, l.numero, r);
    return true;
  });
}

/**
 * One line → one saisine, inside the line's transaction under a savepoint: a line whose saisine fails is
 * rolled back to the savepoint (nothing half-written) and recorded as rejected; a valid line's saisine and its
 * bookkeeping commit together (a crash between them cannot file it twice).
 */
async function saisineDeLigne(
  trx: Transaction<DB>,
  contexte: ContexteJournal,
  deposant: Deposant,
  cellules: Cellules,
): Promise<{ ok: true; saisineId: string } | { ok: false; erreurs: ErreurLigne[] }> {
  const lu = lireLigne(cellules);
  if (!lu.ok) return lu;
  await sql`savepoint ligne_import`.execute(trx);
  try {
    const accuse = await deposerSaisine(trx, contexte, deposant, lu.contenu);
    await sql`release savepoint ligne_import`.execute(trx);
    return { ok: true, saisineId: accuse.id };
  } catch (e) {
    await sql`rollback to savepoint ligne_import`.execute(trx);
    // The database being down is retried later (the line stays pending); any other unexpected failure rejects
    // the line, so that one poisoned line never blocks the rest of the import.
    if (estErreurBaseIndisponible(e)) throw e;
    if (!(e instanceof ErreurHttp)) {
      return {
        ok: false,
        erreurs: [{ colonne: '', message: 'Ligne non traitée à la suite d’une erreur interne.' }],
      };
    }
    const details = (e.details ?? []) as { chemin?: string; message?: string }[];
    return {
      ok: false,
      erreurs:
        details.length > 0
          ? details.map((d) => ({
              colonne: colonneDuChemin(d.chemin ?? ''),
              message: d.message ?? e.message,
            }))
          : [{ colonne: 'code_insee', message: e.message }],
    };
  }
}

const enCours = new Set<string>();

/** Processes an import's pending lines in batches (one run per import per process at a time). */
export async function traiterImport(db: Kysely<DB>, importId: string): Promise<void> {
  if (enCours.has(importId)) return;
  enCours.add(importId);
  try {
    for (;;) {
      let n = 0;
      while (n < TAILLE_LOT && (await traiterUneLigne(db, importId))) n++;
      if (n < TAILLE_LOT) return;
      // Let other requests through between batches.
      await new Promise((r) => setImmediate(r));
    }
  } finally {
    enCours.delete(importId);
  }
}

/** Imports left unfinished (restart, crash): processed again from their first pending line. */
export async function reprendreImports(db: Kysely<DB>): Promise<number> {
  const ouverts = await repo.importsOuverts(db);
  for (const i of ouverts) await traiterImport(db, i.id);
  return ouverts.length;
}

async function importDe(db: Kysely<DB>, organisationId: string, id: string) {
  const i = await repo.importDeOrganisation(db, organisationId, id);
  if (!i) throw introuvable('L’import');
  return i;
}

export async function avancement(db: Kysely<DB>, organisationId: string, id: string) {
  const i = await importDe(db, organisationId, id);
  return {
    id: i.id,
    nomFichier: i.nom_fichier,
    total: i.total,
    traitees: i.traitees,
    valides: i.valides,
    rejetees: i.rejetees,
    termine: i.termine_le !== null,
    creeLe: i.cree_le.toISOString(),
  };
}

/** The line-by-line report (processed lines; pending ones once the import is done). */
export async function rapport(db: Kysely<DB>, contexte: ContexteJournal, organisationId: string, id: string) {
  const i = await importDe(db, organisationId, id);
  const lignes = await repo.lignesTraitees(db, id);
  await journaliser(db, contexte, {
    action: 'bailleur_import_rapport_consulte',
    objetType: 'bailleur_import',
    objetId: id,
  });
  return {
    import: i,
    lignes: lignes.map((l) => ({
      ligne: l.numero,
      statut: l.statut as 'valide' | 'rejetee',
      saisineId: l.saisine_id,
      erreurs: l.erreurs,
    })),
  };
}

export function rapportCsv(lignes: Awaited<ReturnType<typeof rapport>>['lignes']): string {
  return versCsv([
    ['ligne', 'statut', 'saisine', 'colonne', 'erreur'],
    ...lignes.flatMap((l) =>
      l.statut === 'valide' || l.erreurs.length === 0
        ? [[String(l.ligne), l.statut === 'valide' ? 'acceptée' : 'rejetée', l.saisineId ?? '', '', '']]
        : l.erreurs.map((e) => [String(l.ligne), 'rejetée', '', e.colonne, e.message]),
    ),
  ]);
}
