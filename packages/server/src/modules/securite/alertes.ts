import type { Scope } from '@exploc/domain/acces/scope';
import { departementsAdministres } from '@exploc/domain/acces/scope';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { ErreurHttp, introuvable } from '../../plugins/erreurs.js';
import { type ContexteJournal, journaliser } from '../../plugins/journal.js';
import { LIBELLES_REGLES } from './detection.js';

export type StatutAlerte = 'a_examiner' | 'examinees' | 'toutes';

export interface AlerteVue {
  id: string;
  regle: keyof typeof LIBELLES_REGLES;
  libelle: string;
  agent: { id: string; email: string; nom: string; prenom: string; profil: string };
  departementCode: string | null;
  fenetreDebut: string;
  fenetreFin: string;
  nombre: number;
  seuil: number;
  detecteeLe: string;
  examen: { le: string; par: string | null; commentaire: string | null } | null;
  version: number;
}

function requeteAlertes(db: Kysely<DB>, departements: readonly string[]) {
  return db
    .selectFrom('alerte_securite as a')
    .innerJoin('utilisateur as u', 'u.id', 'a.utilisateur_id')
    .leftJoin('utilisateur as x', 'x.id', 'a.examinee_par')
    .select([
      'a.id',
      'a.regle',
      'a.departement_code',
      'a.fenetre_debut',
      'a.fenetre_fin',
      'a.nombre',
      'a.seuil',
      'a.detectee_le',
      'a.examinee_le',
      'a.commentaire',
      'a.version',
      'u.id as agent_id',
      'u.email as agent_email',
      'u.nom as agent_nom',
      'u.prenom as agent_prenom',
      'u.profil as agent_profil',
      'x.email as examinateur',
    ])
    .where('a.departement_code', 'in', departements);
}

type Ligne = Awaited<ReturnType<ReturnType<typeof requeteAlertes>['execute']>>[number];

function vue(l: Ligne): AlerteVue {
  return {
    id: l.id,
    regle: l.regle,
    libelle: LIBELLES_REGLES[l.regle],
    agent: {
      id: l.agent_id,
      email: l.agent_email,
      nom: l.agent_nom,
      prenom: l.agent_prenom,
      profil: l.agent_profil,
    },
    departementCode: l.departement_code,
    fenetreDebut: l.fenetre_debut.toISOString(),
    fenetreFin: l.fenetre_fin.toISOString(),
    nombre: l.nombre,
    seuil: l.seuil,
    detecteeLe: l.detectee_le.toISOString(),
    examen: l.examinee_le
      ? { le: l.examinee_le.toISOString(), par: l.examinateur, commentaire: l.commentaire }
      : null,
    version: l.version,
  };
}

/** The alerts of the administrator's départements, newest first (at most 500). */
export async function listerAlertes(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  scope: Scope,
  statut: StatutAlerte,
): Promise<AlerteVue[]> {
  const departements = departementsAdministres(scope);
  if (departements.length === 0) return [];
  let q = requeteAlertes(db, departements);
  if (statut === 'a_examiner') q = q.where('a.examinee_le', 'is', null);
  if (statut === 'examinees') q = q.where('a.examinee_le', 'is not', null);
  const [lignes] = await Promise.all([
    q.orderBy('a.detectee_le', 'desc').orderBy('a.id').limit(500).execute(),
    journaliser(db, contexte, {
      action: 'alertes_securite_consultees',
      objetType: 'alerte_securite',
      details: { statut },
    }),
  ]);
  return lignes.map(vue);
}

/** Marks an alert examined, with the administrator's comment (optimistic concurrency on `version`). */
export async function examinerAlerte(
  db: Kysely<DB>,
  contexte: ContexteJournal & { appelant: { utilisateurId: string } },
  scope: Scope,
  id: string,
  version: number,
  commentaire: string,
): Promise<AlerteVue> {
  const departements = departementsAdministres(scope);
  if (departements.length === 0) throw introuvable('L’alerte');
  return db.transaction().execute(async (trx) => {
    const actuelle = await trx
      .selectFrom('alerte_securite')
      .select(['id', 'version', 'departement_code'])
      .where('id', '=', id)
      .where('departement_code', 'in', departements)
      .forUpdate()
      .executeTakeFirst();
    if (!actuelle) throw introuvable('L’alerte');
    if (actuelle.version !== version) {
      throw new ErreurHttp(
        412,
        'version_perimee',
        'Cette alerte a été modifiée entre-temps : rechargez la page avant de l’examiner.',
      );
    }
    await trx
      .updateTable('alerte_securite')
      .set({
        examinee_le: new Date(),
        examinee_par: contexte.appelant.utilisateurId,
        commentaire,
        version: actuelle.version + 1,
      })
      .where('id', '=', id)
      .execute();
    await journaliser(trx, contexte, {
      action: 'alerte_securite_examinee',
      objetType: 'alerte_securite',
      objetId: id,
      departementCode: actuelle.departement_code,
    });
    const l = await requeteAlertes(trx, departements).where('a.id', '=', id).executeTakeFirstOrThrow();
    return vue(l);
  });
}
