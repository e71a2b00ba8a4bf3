/**
 * Follow-up of the recommandations issued in closed séances (décret n° 2015-1384 art. 1: the annual report
 * evaluates the follow-up of avis): list with filters, and the secretariat marking each one done or not done.
 */
import { voitClasse } from '@exploc/domain/acces/classes-champs';
import type { Scope } from '@exploc/domain/acces/scope';
import type { SuiviRecommandation } from '@exploc/domain/schemas/ccapex';
import type { SuiviRecommandationSaisi } from '@exploc/domain/schemas/ccapex-seances';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { aujourdhui } from '../../lib/aujourdhui.js';
import type { Appelant } from '../../plugins/contexte.js';
import { ErreurHttp, introuvable } from '../../plugins/erreurs.js';
import { type ContexteJournal, journaliser } from '../../plugins/journal.js';
import { versionPerimee } from '../identite/service.js';
import { commissionsAccessibles, type Executeur } from './seances-acces.js';

export interface FiltresRecommandations {
  suivi?: SuiviRecommandation;
  enRetard?: boolean;
  commissionId?: string;
}

function requete(db: Executeur, commissions: string[]) {
  return db
    .selectFrom('ccapex_recommandation as r')
    .innerJoin('ccapex_examen as e', 'e.id', 'r.examen_id')
    .innerJoin('ccapex_seance as s', 's.id', 'e.seance_id')
    .innerJoin('commission as c', 'c.id', 's.commission_id')
    .innerJoin('dossier as d', 'd.id', 'r.dossier_id')
    .where('s.statut', '=', 'close')
    .where('s.commission_id', 'in', commissions);
}

export async function listerRecommandations(db: Kysely<DB>, a: Appelant, f: FiltresRecommandations) {
  const commissions = await commissionsAccessibles(db, a.scope);
  if (commissions.length === 0) return { aujourdhui: aujourdhui(a.departementCode), elements: [] };
  const jour = aujourdhui(a.departementCode);
  let q = requete(db, commissions).select([
    'r.id',
    'r.dossier_id',
    'd.numero',
    'd.nom_principal',
    's.id as seance_id',
    's.debut',
    'c.nom as commission_nom',
    'r.destinataire_type',
    'r.destinataire_libelle',
    'r.contenu',
    'r.echeance',
    'r.notifiee_le',
    'r.suivi',
    'r.suivi_le',
    'r.suivi_commentaire',
    'r.version',
  ]);
  if (f.commissionId) q = q.where('s.commission_id', '=', f.commissionId);
  if (f.suivi) q = q.where('r.suivi', '=', f.suivi);
  if (f.enRetard) q = q.where('r.suivi', '=', 'a_suivre').where('r.echeance', '<', jour);
  const lignes = await q
    .orderBy(sql`r.echeance`, (ob) => ob.asc().nullsLast())
    .orderBy('d.numero')
    .limit(1000)
    .execute();
  const noms = voitClasse(a.profil, 'identite');
  return {
    aujourdhui: jour,
    elements: lignes.map((l) => ({
      id: l.id,
      dossier: { id: l.dossier_id, numero: l.numero, nomPrincipal: noms ? l.nom_principal : null },
      seance: { id: l.seance_id, debut: l.debut.toISOString() },
      commission: l.commission_nom,
      destinataireType: l.destinataire_type,
      destinataireLibelle: l.destinataire_libelle,
      contenu: l.contenu,
      echeance: l.echeance,
      enRetard: l.suivi === 'a_suivre' && l.echeance !== null && l.echeance < jour,
      notifieeLe: l.notifiee_le?.toISOString() ?? null,
      suivi: l.suivi,
      suiviLe: l.suivi_le,
      suiviCommentaire: l.suivi_commentaire,
      version: l.version,
    })),
  };
}

export async function enregistrerSuivi(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  a: Appelant,
  id: string,
  version: number,
  s: SuiviRecommandationSaisi,
) {
  return db.transaction().execute(async (trx) => {
    const commissions = await commissionsAccessibles(trx, a.scope);
    if (commissions.length === 0) throw introuvable('La recommandation');
    const r = await requete(trx, commissions)
      .select(['r.id', 'r.version', 'r.dossier_id', 'c.departement_code'])
      .where('r.id', '=', id)
      .forUpdate('r')
      .executeTakeFirst();
    if (!r) throw introuvable('La recommandation');
    if (r.version !== version) throw versionPerimee();
    if (s.date > aujourdhui(r.departement_code)) {
      throw new ErreurHttp(422, 'date_future', 'La date du suivi ne peut pas être dans le futur.', [
        { chemin: 'date', message: 'Date future' },
      ]);
    }
    const m = await trx
      .updateTable('ccapex_recommandation')
      .set({
        suivi: s.suivi,
        suivi_le: s.date,
        suivi_commentaire: s.commentaire ?? null,
        version: sql`version + 1`,
      })
      .where('id', '=', id)
      .returning('version')
      .executeTakeFirstOrThrow();
    await journaliser(trx, contexte, {
      action: 'ccapex_recommandation_suivi',
      objetType: 'dossier',
      objetId: r.dossier_id,
      departementCode: r.departement_code,
      details: { recommandationId: id, suivi: s.suivi },
    });
    return { version: m.version };
  });
}

/** Overdue recommandations for the secretariat's work queue (dossier numbers only). */
export async function recommandationsEnRetard(db: Kysely<DB>, scope: Scope, jour: string, max = 50) {
  const commissions = await commissionsAccessibles(db, scope);
  if (commissions.length === 0) return [];
  const lignes = await requete(db, commissions)
    .select(['r.id', 'r.dossier_id', 'd.numero', 'r.destinataire_libelle', 'r.echeance'])
    .where('r.suivi', '=', 'a_suivre')
    .where('r.echeance', '<', jour)
    .orderBy('r.echeance')
    .limit(max)
    .execute();
  return lignes.map((l) => ({
    id: l.id,
    dossierId: l.dossier_id,
    numero: l.numero,
    destinataire: l.destinataire_libelle,
    echeance: l.echeance as string,
  }));
}
