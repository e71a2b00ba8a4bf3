import { voitClasse } from '@exploc/domain/acces/classes-champs';
import {
  LIBELLES_FONDEMENT_PARTAGE,
  type NoteCcapex,
  type TypeNoteCcapex,
} from '@exploc/domain/schemas/ccapex';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Appelant } from '../../plugins/contexte.js';
import { ErreurHttp } from '../../plugins/erreurs.js';
import { type ContexteJournal, journaliser } from '../../plugins/journal.js';
import * as repoDossiers from '../dossiers/repository.js';
import * as repo from './notes-repository.js';

/** State services that hold the CCAPEX co-presidency and instruction: the préfecture and its services. */
const SERVICES_PREFECTURE = new Set([
  'agent_prefecture',
  'agent_sous_prefecture',
  'agent_ddets',
  'agent_ddt',
]);

/**
 * The CCAPEX compartment (loi n° 90-449 art. 7-2 ; code pénal 226-13 ; décret n° 2026-83): CCAPEX notes and the
 * social diagnosis are readable only by members of the commission examining the dossier (its commission or a
 * commission above it) and by the préfecture services of the territory. Being able to read the dossier is not
 * enough: a member organisation that received an orientation sees the dossier, not this compartment.
 */
export function accesCompartiment(
  appelant: Appelant,
  dossier: { commission_id: string | null; departement_code: string },
): boolean {
  if (!voitClasse(appelant.profil, 'secret_ccapex')) return false;
  const s = appelant.scope;
  switch (s.type) {
    case 'commission':
      return dossier.commission_id !== null && s.commissionIds.includes(dossier.commission_id);
    case 'departements':
    case 'arrondissements':
      // The dossier was read through the scope filter; only the préfecture services pass here.
      return SERVICES_PREFECTURE.has(appelant.profil);
    default:
      return false;
  }
}

async function dossierDuCompartiment(db: Kysely<DB>, appelant: Appelant, dossierId: string) {
  const d = await repoDossiers.lireDossier(db, appelant.scope, dossierId);
  if (!d) throw new ErreurHttp(404, 'dossier_introuvable', 'Dossier introuvable.');
  if (!accesCompartiment(appelant, d)) {
    throw new ErreurHttp(
      403,
      'compartiment_ccapex_interdit',
      'Les notes de la CCAPEX et le diagnostic social sont réservés aux membres de la commission qui examine ce dossier et aux services de la préfecture.',
    );
  }
  return d;
}

export interface VueNoteCcapex {
  id: string;
  type: TypeNoteCcapex;
  contenu: string;
  fondement: string;
  fondementLibelle: string;
  auteur: string;
  organisation: string;
  creeLe: string;
}

/** Reads the compartment; the reading is journaled with the legal bases of what was shared. */
export async function lireNotes(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  dossierId: string,
): Promise<VueNoteCcapex[]> {
  const d = await dossierDuCompartiment(db, appelant, dossierId);
  const lignes = await repo.notesDuCompartiment(db, d.id);
  await journaliser(db, contexte, {
    action: 'ccapex_compartiment_lu',
    objetType: 'dossier',
    objetId: d.id,
    departementCode: d.departement_code,
    details: { notes: lignes.length, fondements: [...new Set(lignes.map((l) => l.fondement))].sort() },
  });
  return lignes.map((l) => ({
    id: l.id,
    type: l.type,
    contenu: l.contenu,
    fondement: l.fondement,
    fondementLibelle:
      LIBELLES_FONDEMENT_PARTAGE[l.fondement as keyof typeof LIBELLES_FONDEMENT_PARTAGE] ?? l.fondement,
    auteur: `${l.prenom} ${l.nom}`.trim(),
    organisation: l.organisation_nom,
    creeLe: l.cree_le.toISOString(),
  }));
}

/** Adds a note or a social diagnosis to the compartment, with the legal basis of the sharing (journaled). */
export async function ajouterNote(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  dossierId: string,
  note: NoteCcapex,
): Promise<{ id: string }> {
  const d = await dossierDuCompartiment(db, appelant, dossierId);
  if (!d.commission_id) {
    throw new ErreurHttp(422, 'ccapex_non_configuree', 'Ce dossier n’est rattaché à aucune CCAPEX.');
  }
  const commissionId = d.commission_id;
  return db.transaction().execute(async (trx) => {
    const cree = await repo.insererNote(trx, {
      dossierId: d.id,
      commissionId,
      note,
      auteurId: appelant.utilisateurId,
      organisationId: appelant.organisation.id,
    });
    await journaliser(trx, contexte, {
      action: 'ccapex_note_ajoutee',
      objetType: 'dossier',
      objetId: d.id,
      departementCode: d.departement_code,
      details: { note: cree.id, type: note.type, fondement: note.fondement },
    });
    return cree;
  });
}
