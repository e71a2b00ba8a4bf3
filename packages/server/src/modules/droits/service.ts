import type { Scope } from '@exploc/domain/acces/scope';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { conditionScope } from '../../db/scope-dossier.js';
import { introuvable } from '../../plugins/erreurs.js';
import { type ContexteJournal, journaliser } from '../../plugins/journal.js';

export type Ligne = Record<string, unknown>;

export interface Section {
  table: string;
  titre: string;
  lignes: Ligne[];
}

/** Everything Exploc holds on a household (RGPD art. 15), section by section. */
export interface DonneesMenage {
  genereLe: string;
  dossier: { id: string; numero: string; departementCode: string };
  sections: Section[];
}

export const TITRES_SECTIONS: Record<string, string> = {
  dossier: 'Ménage, logement et bail',
  personne: 'Membres du ménage',
  bailleur: 'Bailleur',
  evenement: 'Chronologie de la procédure (événements et corrections)',
  document: 'Documents (liste)',
  note_dossier: 'Notes',
  historique_dossier: 'Historique des modifications',
  dossier_organisation: 'Organisations ayant accès au dossier',
  acte_partenaire: 'Actes transmis par les partenaires',
  echange_partenaire: 'Échanges avec la CAF et la Banque de France',
  instruction_cfp: 'Concours de la force publique',
  indemnisation_ajustement: 'Indemnisation : ajustements',
  indemnisation_reglement: 'Indemnisation : règlement',
  indemnisation_reclamation: 'Indemnisation : réclamations',
};

/** Derived, technical columns (search indexes, matching keys): no information of their own on the person. */
const COLONNES_TECHNIQUES = new Set(['texte_recherche', 'noms_recherche', 'recherche', 'cle_rapprochement']);
/** Derived statistics (no person in them once aggregated): not part of what is held on the household. */
const TABLE_EXCLUE = /^pilotage_/;
const ORDRE = [
  'dossier',
  'personne',
  'bailleur',
  'evenement',
  'document',
  'note_dossier',
  'historique_dossier',
];

function nettoyer(l: Ligne): Ligne {
  return Object.fromEntries(Object.entries(l).filter(([k]) => !COLONNES_TECHNIQUES.has(k)));
}

/**
 * Every base table with a `dossier_id` column, read from the catalogue: a table added by a later module is in
 * the export without touching this code.
 */
async function tablesDuDossier(db: Kysely<DB>): Promise<string[]> {
  const r = await sql<{ table_name: string }>`
    select c.table_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and c.column_name = 'dossier_id' and t.table_type = 'BASE TABLE'
    order by c.table_name
  `.execute(db);
  return r.rows.map((l) => l.table_name).filter((t) => /^[a-z_0-9]+$/.test(t) && !TABLE_EXCLUE.test(t));
}

async function lignesDe(db: Kysely<DB>, table: string, dossierId: string): Promise<Ligne[]> {
  const r = await sql<{ ligne: Ligne }>`
    select to_jsonb(t) as ligne from ${sql.table(table)} t where t.dossier_id = ${dossierId}
  `.execute(db);
  return r.rows
    .map((l) => nettoyer(l.ligne))
    .sort((a, b) => String(a.cree_le ?? a.id ?? '').localeCompare(String(b.cree_le ?? b.id ?? '')));
}

const titre = (table: string) => TITRES_SECTIONS[table] ?? table.replaceAll('_', ' ');
const rang = (table: string) => {
  const i = ORDRE.indexOf(table);
  return i === -1 ? ORDRE.length : i;
};

/**
 * Collects what is held on the household of a dossier within the caller's scope (404 outside it), and journals
 * the export in the same transaction (read-only otherwise, one consistent snapshot).
 */
export async function donneesDuMenage(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  scope: Scope,
  dossierId: string,
  format: 'json' | 'pdf',
): Promise<DonneesMenage> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const d = await trx
        .selectFrom('dossier as d')
        .select(['d.id', 'd.numero', 'd.departement_code', 'd.bailleur_id'])
        .where('d.id', '=', dossierId)
        .where(conditionScope(scope))
        .executeTakeFirst();
      if (!d) throw introuvable('Le dossier');
      const sections: Section[] = [];
      const principal = await sql<{ ligne: Ligne }>`
      select to_jsonb(d) as ligne from dossier d where d.id = ${d.id}
    `.execute(trx);
      sections.push({
        table: 'dossier',
        titre: titre('dossier'),
        lignes: principal.rows.map((l) => nettoyer(l.ligne)),
      });
      const bailleur = await sql<{ ligne: Ligne }>`
      select to_jsonb(b) as ligne from bailleur b where b.id = ${d.bailleur_id}
    `.execute(trx);
      sections.push({
        table: 'bailleur',
        titre: titre('bailleur'),
        lignes: bailleur.rows.map((l) => l.ligne),
      });
      for (const table of await tablesDuDossier(trx)) {
        const lignes = await lignesDe(trx, table, d.id);
        if (lignes.length > 0) sections.push({ table, titre: titre(table), lignes });
      }
      sections.sort((a, b) => rang(a.table) - rang(b.table));
      const elements = sections.reduce((s, x) => s + x.lignes.length, 0);
      await journaliser(trx, contexte, {
        action: 'droit_acces_exporte',
        objetType: 'dossier',
        objetId: d.id,
        departementCode: d.departement_code,
        details: { format, sections: sections.length, elements },
      });
      return {
        genereLe: new Date().toISOString(),
        dossier: { id: d.id, numero: d.numero, departementCode: d.departement_code },
        sections,
      };
    });
}
