/**
 * The annual report of the CCAPEX to the PDALHPD committee (décret n° 2015-1384 art. 1: review of the
 * procedures, evaluation of the commission and its sub-commissions including the follow-up of its avis). Counts
 * only: no name, no dossier number. Every figure is computed here, from the CCAPEX tables, for the commissions
 * of a département (or one commission and those below it) and a period of days in the département's time zone.
 */

import { LIBELLES_PHASE } from '@exploc/domain/procedure/libelles';
import type { Phase } from '@exploc/domain/procedure/scenario';
import {
  type DestinataireOrientation,
  LIBELLES_DESTINATAIRE_ORIENTATION,
  LIBELLES_ORIGINE_SAISINE,
  LIBELLES_STATUT_SAISINE,
  type OrigineSaisine,
  type StatutSaisine,
} from '@exploc/domain/schemas/ccapex';
import {
  type DestinataireRecommandation,
  LIBELLES_DESTINATAIRE_RECOMMANDATION,
} from '@exploc/domain/schemas/ccapex-seances';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { aujourdhui } from '../../lib/aujourdhui.js';
import type { Appelant } from '../../plugins/contexte.js';
import { ErreurHttp, introuvable } from '../../plugins/erreurs.js';
import { commissionsAccessibles, fuseauDe, sousArbre } from './seances-acces.js';

export interface ParametresRapport {
  departement?: string;
  commissionId?: string;
  du?: string;
  au?: string;
}

export interface RapportAnnuel {
  territoire: { departement: string; libelle: string; commission: { id: string; nom: string } | null };
  periode: { du: string; au: string };
  genereLe: string;
  flux: {
    total: number;
    parOrigine: {
      origine: string;
      libelle: string;
      saisine: number;
      signalement: number;
      alerte: number;
      total: number;
    }[];
  };
  tri: {
    parStatut: { statut: string; libelle: string; nombre: number }[];
    actions: { acceptation: number; fusion: number; redirection: number; rejet: number };
  };
  orientations: {
    total: number;
    parDestinataire: {
      destinataire: string;
      libelle: string;
      total: number;
      closes: number;
      enCours: number;
      enRetard: number;
    }[];
  };
  seances: { tenues: number; annulees: number; aVenir: number; dossiersExamines: number; avis: number };
  recommandations: {
    total: number;
    tauxSuivi: number | null;
    tauxRealisation: number | null;
    parDestinataire: {
      destinataire: string;
      libelle: string;
      total: number;
      realisees: number;
      nonRealisees: number;
      aSuivre: number;
      enRetard: number;
    }[];
  };
  decisionsApl: { maintien: number; suspension: number; sansDecision: number };
  issues: {
    dossiersExamines: number;
    dossiersClos: number;
    parPhase: { phase: string; libelle: string; nombre: number }[];
  };
  territoires: {
    parCommission: {
      id: string;
      nom: string;
      saisines: number;
      dossiersExamines: number;
      recommandations: number;
    }[];
    parArrondissement: { code: string | null; nom: string; saisines: number; dossiersExamines: number }[];
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function periodeParDefaut(jour: string): { du: string; au: string } {
  const annee = Number(jour.slice(0, 4)) - 1;
  return { du: `${annee}-01-01`, au: `${annee}-12-31` };
}

/** Resolves the territory (404 outside the caller's reach) and the period (400 when inverted or too long). */
async function cadrer(db: Kysely<DB>, a: Appelant, p: ParametresRapport) {
  const accessibles = new Set(await commissionsAccessibles(db, a.scope));
  let departement = p.departement;
  let commission: { id: string; nom: string } | null = null;
  if (p.commissionId) {
    const c = accessibles.has(p.commissionId)
      ? await db
          .selectFrom('commission')
          .select(['id', 'nom', 'departement_code'])
          .where('id', '=', p.commissionId)
          .executeTakeFirst()
      : undefined;
    if (!c || (departement && c.departement_code !== departement)) throw introuvable('La commission');
    departement = c.departement_code;
    commission = { id: c.id, nom: c.nom };
  }
  if (!departement) {
    throw new ErreurHttp(400, 'requete_invalide', 'Indiquez un département ou une commission.', [
      { chemin: 'departement', message: 'Département obligatoire' },
    ]);
  }
  const dep = await db
    .selectFrom('departement')
    .select(['code', 'nom'])
    .where('code', '=', departement)
    .executeTakeFirst();
  if (!dep) throw introuvable('Le département');
  const perimetre = commission
    ? (await sousArbre(db, commission.id)).filter((id) => accessibles.has(id))
    : (await db.selectFrom('commission').select('id').where('departement_code', '=', dep.code).execute())
        .map((c) => c.id)
        .filter((id) => accessibles.has(id));
  if (perimetre.length === 0) throw introuvable('Le département');
  const jour = aujourdhui(dep.code);
  const defaut = periodeParDefaut(jour);
  const du = p.du ?? defaut.du;
  const au = p.au ?? (p.du ? `${du.slice(0, 4)}-12-31` : defaut.au);
  if (!DATE.test(du) || !DATE.test(au) || du > au) {
    throw new ErreurHttp(400, 'requete_invalide', 'Période invalide : la fin précède le début.', [
      { chemin: 'au', message: 'Fin avant le début' },
    ]);
  }
  if (Date.parse(au) - Date.parse(du) > 3 * 366 * 86_400_000) {
    throw new ErreurHttp(400, 'requete_invalide', 'Période trop longue (trois ans au plus).', [
      { chemin: 'au', message: 'Trois ans au plus' },
    ]);
  }
  const fuseau = fuseauDe(dep.code);
  return {
    departement: dep,
    commission,
    perimetre,
    du,
    au,
    jour,
    debut: sql<Date>`(${du}::date::timestamp at time zone ${fuseau})`,
    fin: sql<Date>`((${au}::date + 1)::timestamp at time zone ${fuseau})`,
  };
}

const n = (v: unknown) => Number(v ?? 0);
const taux = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 1000) / 10);

export async function rapportAnnuel(
  db: Kysely<DB>,
  a: Appelant,
  p: ParametresRapport,
): Promise<RapportAnnuel> {
  const c = await cadrer(db, a, p);
  const dans = (colonne: RawBuilder<Date> | string) =>
    sql<boolean>`${typeof colonne === 'string' ? sql.ref(colonne) : colonne} >= ${c.debut} and ${
      typeof colonne === 'string' ? sql.ref(colonne) : colonne
    } < ${c.fin}`;

  const [
    flux,
    statuts,
    actions,
    orientations,
    seances,
    examens,
    recos,
    phases,
    commissions,
    arrondissements,
  ] = await Promise.all([
    db
      .selectFrom('ccapex_saisine')
      .select(['origine', 'nature', (eb) => eb.fn.countAll<number>().as('n')])
      .where('commission_id', 'in', c.perimetre)
      .where(dans('recu_le'))
      .groupBy(['origine', 'nature'])
      .execute(),
    db
      .selectFrom('ccapex_saisine')
      .select(['statut', (eb) => eb.fn.countAll<number>().as('n')])
      .where('commission_id', 'in', c.perimetre)
      .where(dans('recu_le'))
      .groupBy('statut')
      .execute(),
    db
      .selectFrom('ccapex_saisine_action as x')
      .innerJoin('ccapex_saisine as s', 's.id', 'x.saisine_id')
      .select(['x.action', (eb) => eb.fn.countAll<number>().as('n')])
      .where((eb) =>
        eb.or([eb('s.commission_id', 'in', c.perimetre), eb('x.de_commission_id', 'in', c.perimetre)]),
      )
      .where(dans('x.le'))
      .groupBy('x.action')
      .execute(),
    db
      .selectFrom('ccapex_orientation')
      .select([
        'destinataire_type',
        (eb) => eb.fn.countAll<number>().as('total'),
        sql<number>`count(*) filter (where statut = 'close')`.as('closes'),
        sql<number>`count(*) filter (where statut <> 'close' and echeance < ${c.jour}::date)`.as('retard'),
      ])
      .where('commission_id', 'in', c.perimetre)
      .where(dans('cree_le'))
      .groupBy('destinataire_type')
      .execute(),
    db
      .selectFrom('ccapex_seance')
      .select(['statut', (eb) => eb.fn.countAll<number>().as('n')])
      .where('commission_id', 'in', c.perimetre)
      .where(dans('debut'))
      .groupBy('statut')
      .execute(),
    db
      .selectFrom('ccapex_examen as e')
      .innerJoin('ccapex_seance as s', 's.id', 'e.seance_id')
      .select([
        sql<number>`count(*)`.as('avis'),
        sql<number>`count(distinct e.dossier_id)`.as('dossiers'),
        sql<number>`count(*) filter (where e.decision_apl = 'maintien')`.as('maintien'),
        sql<number>`count(*) filter (where e.decision_apl = 'suspension')`.as('suspension'),
      ])
      .where('s.commission_id', 'in', c.perimetre)
      .where('s.statut', '=', 'close')
      .where('e.avis', 'is not', null)
      .where(dans('s.debut'))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('ccapex_recommandation as r')
      .innerJoin('ccapex_examen as e', 'e.id', 'r.examen_id')
      .innerJoin('ccapex_seance as s', 's.id', 'e.seance_id')
      .select([
        'r.destinataire_type',
        sql<number>`count(*)`.as('total'),
        sql<number>`count(*) filter (where r.suivi = 'realisee')`.as('realisees'),
        sql<number>`count(*) filter (where r.suivi = 'non_realisee')`.as('non_realisees'),
        sql<number>`count(*) filter (where r.suivi = 'a_suivre')`.as('a_suivre'),
        sql<number>`count(*) filter (where r.suivi = 'a_suivre' and r.echeance < ${c.jour}::date)`.as(
          'retard',
        ),
      ])
      .where('s.commission_id', 'in', c.perimetre)
      .where('s.statut', '=', 'close')
      .where(dans('s.debut'))
      .groupBy('r.destinataire_type')
      .execute(),
    db
      .selectFrom('dossier as d')
      .select(['d.phase', (eb) => eb.fn.countAll<number>().as('n')])
      .where('d.id', 'in', (eb) =>
        eb
          .selectFrom('ccapex_examen as e')
          .innerJoin('ccapex_seance as s', 's.id', 'e.seance_id')
          .select('e.dossier_id')
          .where('s.commission_id', 'in', c.perimetre)
          .where('s.statut', '=', 'close')
          .where('e.avis', 'is not', null)
          .where(dans('s.debut')),
      )
      .groupBy('d.phase')
      .execute(),
    db
      .selectFrom('commission as k')
      .select((eb) => [
        'k.id',
        'k.nom',
        eb
          .selectFrom('ccapex_saisine as s')
          .select((x) => x.fn.countAll<number>().as('n'))
          .whereRef('s.commission_id', '=', 'k.id')
          .where(dans('s.recu_le'))
          .as('saisines'),
        eb
          .selectFrom('ccapex_examen as e')
          .innerJoin('ccapex_seance as s', 's.id', 'e.seance_id')
          .select(sql<number>`count(distinct e.dossier_id)`.as('n'))
          .whereRef('s.commission_id', '=', 'k.id')
          .where('s.statut', '=', 'close')
          .where('e.avis', 'is not', null)
          .where(dans('s.debut'))
          .as('examines'),
        eb
          .selectFrom('ccapex_recommandation as r')
          .innerJoin('ccapex_examen as e', 'e.id', 'r.examen_id')
          .innerJoin('ccapex_seance as s', 's.id', 'e.seance_id')
          .select((x) => x.fn.countAll<number>().as('n'))
          .whereRef('s.commission_id', '=', 'k.id')
          .where('s.statut', '=', 'close')
          .where(dans('s.debut'))
          .as('recos'),
      ])
      .where('k.id', 'in', c.perimetre)
      .orderBy('k.type')
      .orderBy('k.nom')
      .execute(),
    sql<{ code: string | null; nom: string | null; saisines: number; examines: number }>`
        with s as (
          select m.arrondissement_code as code, count(*) as n
          from ccapex_saisine x left join commune m on m.code_insee = x.commune_insee
          where x.commission_id = any(${sql.val(c.perimetre)}::uuid[]) and ${dans('x.recu_le')}
          group by 1
        ), e as (
          select d.arrondissement_code as code, count(distinct d.id) as n
          from ccapex_examen x join ccapex_seance t on t.id = x.seance_id join dossier d on d.id = x.dossier_id
          where t.commission_id = any(${sql.val(c.perimetre)}::uuid[]) and t.statut = 'close'
            and x.avis is not null and ${dans('t.debut')}
          group by 1
        )
        select coalesce(s.code, e.code) as code, a.nom, coalesce(s.n, 0) as saisines, coalesce(e.n, 0) as examines
        from s full join e on coalesce(e.code, '') = coalesce(s.code, '')
        left join arrondissement a on a.code = coalesce(s.code, e.code)
        order by 1 nulls last`.execute(db),
  ]);

  const parOrigine = new Map<string, { saisine: number; signalement: number; alerte: number }>();
  for (const f of flux) {
    const l = parOrigine.get(f.origine) ?? { saisine: 0, signalement: 0, alerte: 0 };
    l[f.nature as 'saisine'] += n(f.n);
    parOrigine.set(f.origine, l);
  }
  const statutSeance = (s: string) => n(seances.find((x) => x.statut === s)?.n);
  const actionN = (x: string) => n(actions.find((y) => y.action === x)?.n);
  const lignesRecos = recos.map((r) => ({
    destinataire: r.destinataire_type,
    libelle:
      LIBELLES_DESTINATAIRE_RECOMMANDATION[r.destinataire_type as DestinataireRecommandation] ??
      r.destinataire_type,
    total: n(r.total),
    realisees: n(r.realisees),
    nonRealisees: n(r.non_realisees),
    aSuivre: n(r.a_suivre),
    enRetard: n(r.retard),
  }));
  const totalRecos = lignesRecos.reduce((s, r) => s + r.total, 0);
  const suivies = lignesRecos.reduce((s, r) => s + r.realisees + r.nonRealisees, 0);
  const realisees = lignesRecos.reduce((s, r) => s + r.realisees, 0);
  const avis = n(examens.avis);
  const parPhase = phases
    .map((x) => ({ phase: x.phase, libelle: LIBELLES_PHASE[x.phase as Phase] ?? x.phase, nombre: n(x.n) }))
    .sort((x, y) => y.nombre - x.nombre);
  const dossiersExamines = n(examens.dossiers);
  return {
    territoire: { departement: c.departement.code, libelle: c.departement.nom, commission: c.commission },
    periode: { du: c.du, au: c.au },
    genereLe: new Date().toISOString(),
    flux: {
      total: flux.reduce((s, f) => s + n(f.n), 0),
      parOrigine: [...parOrigine.entries()]
        .map(([origine, v]) => ({
          origine,
          libelle: LIBELLES_ORIGINE_SAISINE[origine as OrigineSaisine] ?? origine,
          ...v,
          total: v.saisine + v.signalement + v.alerte,
        }))
        .sort((x, y) => y.total - x.total),
    },
    tri: {
      parStatut: statuts.map((s) => ({
        statut: s.statut,
        libelle: LIBELLES_STATUT_SAISINE[s.statut as StatutSaisine] ?? s.statut,
        nombre: n(s.n),
      })),
      actions: {
        acceptation: actionN('acceptation'),
        fusion: actionN('fusion'),
        redirection: actionN('redirection'),
        rejet: actionN('rejet'),
      },
    },
    orientations: {
      total: orientations.reduce((s, o) => s + n(o.total), 0),
      parDestinataire: orientations
        .map((o) => ({
          destinataire: o.destinataire_type,
          libelle:
            LIBELLES_DESTINATAIRE_ORIENTATION[o.destinataire_type as DestinataireOrientation] ??
            o.destinataire_type,
          total: n(o.total),
          closes: n(o.closes),
          enCours: n(o.total) - n(o.closes),
          enRetard: n(o.retard),
        }))
        .sort((x, y) => y.total - x.total),
    },
    seances: {
      tenues: statutSeance('close') + statutSeance('tenue'),
      annulees: statutSeance('annulee'),
      aVenir: statutSeance('planifiee'),
      dossiersExamines,
      avis,
    },
    recommandations: {
      total: totalRecos,
      tauxSuivi: taux(suivies, totalRecos),
      tauxRealisation: taux(realisees, totalRecos),
      parDestinataire: lignesRecos.sort((x, y) => y.total - x.total),
    },
    decisionsApl: {
      maintien: n(examens.maintien),
      suspension: n(examens.suspension),
      sansDecision: avis - n(examens.maintien) - n(examens.suspension),
    },
    issues: {
      dossiersExamines,
      dossiersClos: n(phases.find((x) => x.phase === 'cloture')?.n),
      parPhase,
    },
    territoires: {
      parCommission: commissions.map((k) => ({
        id: k.id,
        nom: k.nom,
        saisines: n(k.saisines),
        dossiersExamines: n(k.examines),
        recommandations: n(k.recos),
      })),
      parArrondissement: arrondissements.rows.map((r) => ({
        code: r.code,
        nom: r.nom ?? 'Arrondissement inconnu',
        saisines: n(r.saisines),
        dossiersExamines: n(r.examines),
      })),
    },
  };
}
