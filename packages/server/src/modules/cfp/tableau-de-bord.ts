import { voitClasse } from '@exploc/domain/acces/classes-champs';
import { dateIso, numeroJour } from '@exploc/domain/calendrier/dates';
import { estOutreMer } from '@exploc/domain/calendrier/departements';
import { calendrierDeTreve, treveConfiguree } from '@exploc/domain/calendrier/treve';
import { STATUTS_INSTRUCTION_CFP } from '@exploc/domain/schemas/cfp';
import { type Expression, type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { conditionScope } from '../../db/scope-dossier.js';
import { aujourdhui } from '../../lib/aujourdhui.js';
import type { Appelant } from '../../plugins/contexte.js';
import { type ContexteJournal, journaliser } from '../../plugins/journal.js';
import * as dossiers from '../dossiers/repository.js';
import { configurationDepartement } from '../dossiers/scenario.js';

/**
 * The préfecture's CFP dashboard: requests by stage and age, decisions due within the week, implicit refusals
 * coming within 30 days, the truce calendar of the agent's départements (with the open requests whose execution
 * would fall in the current or next truce) and the DALO-priority households at the CFP stage. Counts are
 * computed in SQL over the whole scope; lists are capped.
 */

/** Undecided: the préfet has not spoken (a `sursis` is not a decision, R153-1). */
const NON_DECIDES = ['enquete', 'verification_sociale', 'a_decider', 'sursis'] as const;
const LIMITE_LISTE = 100;
/** Days ahead, today included: « cette semaine » and « bientôt ». */
const SEMAINE = 7;
const HORIZON_REFUS = 30;
/** The next truce is looked for up to this many days ahead (a metropolitan one always starts within a year). */
const HORIZON_TREVE = 400;

/** The départements of the agent: its perimeter, its own, those of its arrondissements. */
async function departementsDe(db: Kysely<DB>, a: Appelant): Promise<string[]> {
  const codes = new Set<string>(a.perimetre.departements);
  if (a.departementCode) codes.add(a.departementCode);
  if (a.perimetre.arrondissements.length > 0) {
    const lignes = await db
      .selectFrom('arrondissement')
      .select('departement_code')
      .where('code', 'in', a.perimetre.arrondissements)
      .execute();
    for (const l of lignes) codes.add(l.departement_code);
  }
  return [...codes].sort();
}

/** Each row's « today » in its département's time zone (overseas may lag Paris by a day). */
function aujourdhuiSql(departements: readonly string[], maintenant: Date): RawBuilder<string> {
  const paris = aujourdhui(null, maintenant);
  const differents = departements.filter((d) => aujourdhui(d, maintenant) !== paris);
  if (differents.length === 0) return sql<string>`${paris}::date`;
  const cas = differents.map((d) => sql`when ${d} then ${aujourdhui(d, maintenant)}::date`);
  return sql<string>`(case d.departement_code ${sql.join(cas, sql` `)} else ${paris}::date end)`;
}

function base(db: Kysely<DB>, a: Appelant) {
  return db
    .selectFrom('instruction_cfp as i')
    .innerJoin('dossier as d', 'd.id', 'i.dossier_id')
    .where(conditionScope(a.scope));
}

async function parEtape(db: Kysely<DB>, a: Appelant, asOf: Expression<string>) {
  const age = sql<number>`(${asOf} - i.date_demande)`;
  const lignes = await base(db, a)
    .select([
      'i.statut',
      sql<number>`count(*)::int`.as('nombre'),
      sql<number>`(count(*) filter (where ${age} < 30))::int`.as('moins30'),
      sql<number>`(count(*) filter (where ${age} between 30 and 59))::int`.as('de30a59'),
      sql<number>`(count(*) filter (where ${age} >= 60))::int`.as('plus60'),
      sql<number | null>`round(avg(${age}))::int`.as('ageMoyen'),
    ])
    .groupBy('i.statut')
    .execute();
  const parStatut = new Map(lignes.map((l) => [l.statut, l]));
  return STATUTS_INSTRUCTION_CFP.map((statut) => {
    const l = parStatut.get(statut);
    return {
      statut,
      nombre: l?.nombre ?? 0,
      moins30Jours: l?.moins30 ?? 0,
      de30a59Jours: l?.de30a59 ?? 0,
      plus60Jours: l?.plus60 ?? 0,
      ageMoyenJours: l?.ageMoyen ?? null,
    };
  });
}

/** Undecided requests whose implicit refusal falls between `de` and `a` days from today (both included). */
async function refusAVenir(
  db: Kysely<DB>,
  a: Appelant,
  asOf: Expression<string>,
  de: number,
  jusqua: number,
) {
  const q = base(db, a)
    .where('i.statut', 'in', NON_DECIDES)
    .where(sql<boolean>`i.date_refus_implicite between ${asOf} + ${de}::int and ${asOf} + ${jusqua}::int`);
  const [{ nombre }, lignes] = await Promise.all([
    q.select(sql<number>`count(*)::int`.as('nombre')).executeTakeFirstOrThrow(),
    q
      .select([
        'i.id',
        'i.statut',
        'i.date_demande',
        'i.date_refus_implicite',
        'd.id as dossier_id',
        'd.numero',
        'd.nom_principal',
        sql<number>`(i.date_refus_implicite - ${asOf})::int`.as('jours'),
      ])
      .orderBy('i.date_refus_implicite')
      .orderBy('d.numero')
      .limit(LIMITE_LISTE)
      .execute(),
  ]);
  return {
    nombre,
    elements: lignes.map((l) => ({
      id: l.id,
      dossier: { id: l.dossier_id, numero: l.numero, nomPrincipal: l.nom_principal },
      statut: l.statut,
      dateDemande: l.date_demande,
      dateRefusImplicite: l.date_refus_implicite,
      joursAvantRefusImplicite: l.jours,
    })),
  };
}

/** The truce containing today, else the next one, from the département's configuration (or the L412-6 default). */
export function treveCouranteOuProchaine(
  departement: string,
  parametres: Record<string, unknown>,
  asOf: string,
): { du: string; au: string; enCours: boolean } | null {
  const calendrier = calendrierDeTreve(departement, configurationDepartement(parametres)?.periodesTreve);
  const jour = numeroJour(asOf);
  for (let n = jour; n <= jour + HORIZON_TREVE; n++) {
    const p = calendrier.periodeContenant(n);
    if (p) return { du: dateIso(p.du), au: dateIso(p.au), enCours: n === jour };
  }
  return null;
}

/**
 * Open requests of the département whose execution would fall in the truce: the planned operation date when
 * there is one; otherwise today for a granted concours; otherwise, for an undecided request, the date by which
 * the préfet must decide (its implicit refusal), or today if later. Households the truce does not protect
 * (L412-6: rehousing assured, entry by voie de fait) are left out.
 */
async function demandesDansLaTreve(
  db: Kysely<DB>,
  a: Appelant,
  departement: string,
  asOf: string,
  periode: { du: string; au: string },
) {
  const jour = sql`${asOf}::date`;
  const r = await base(db, a)
    .where('d.departement_code', '=', departement)
    .where('d.relogement_assure', '=', false)
    .where((eb) =>
      eb.or([
        eb('i.statut', 'in', NON_DECIDES),
        eb.and([
          eb('i.statut', '=', 'octroi'),
          eb.or([eb('i.execution_issue', 'is', null), eb('i.execution_issue', '=', 'reportee')]),
        ]),
      ]),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('evenement as e')
            .select(sql.lit(1).as('un'))
            .whereRef('e.dossier_id', '=', 'd.id')
            .where('e.type', '=', 'decision_justice')
            .where('e.statut', '=', 'integre')
            .where(sql<boolean>`(e.donnees->>'voieDeFait') = 'true'`),
        ),
      ),
    )
    .where(
      sql<boolean>`(case
        when i.statut = 'octroi' and i.execution_date_operation is not null then i.execution_date_operation
        when i.statut = 'octroi' then ${jour}
        else greatest(${jour}, i.date_refus_implicite) end) between ${periode.du}::date and ${periode.au}::date`,
    )
    .select(sql<number>`count(*)::int`.as('nombre'))
    .executeTakeFirstOrThrow();
  return r.nombre;
}

async function treves(db: Kysely<DB>, a: Appelant, departements: readonly string[], maintenant: Date) {
  const noms = departements.length
    ? await db.selectFrom('departement').select(['code', 'nom']).where('code', 'in', departements).execute()
    : [];
  const nomDe = new Map(noms.map((n) => [n.code, n.nom]));
  return Promise.all(
    departements.map(async (departement) => {
      const parametres = await dossiers.parametresDepartement(db, departement);
      const asOf = aujourdhui(departement, maintenant);
      const configuree = treveConfiguree(configurationDepartement(parametres)?.periodesTreve);
      const periode = treveCouranteOuProchaine(departement, parametres, asOf);
      return {
        departement,
        nom: nomDe.get(departement) ?? departement,
        // Overseas the préfet sets the truce (L412-6 al. 3): without an arrêté there is no period to show.
        treveNonConfiguree: estOutreMer(departement) && !configuree,
        source: configuree ? 'arrete_prefectoral' : 'l412_6',
        periode,
        demandesConcernees: periode ? await demandesDansLaTreve(db, a, departement, asOf, periode) : 0,
      };
    }),
  );
}

/** DALO-priority households (social check, else the dossier's flag) whose CFP request is still running. */
async function menagesDalo(db: Kysely<DB>, a: Appelant) {
  const q = base(db, a)
    .where(sql<boolean>`coalesce(i.social_prioritaire_dalo, d.prioritaire_dalo)`)
    .where('d.cloture', 'is', null)
    .where((eb) =>
      eb.or([
        eb('i.execution_issue', 'is', null),
        eb('i.execution_issue', 'not in', ['expulsion_realisee', 'depart_avant']),
      ]),
    );
  const [{ nombre }, lignes] = await Promise.all([
    q.select(sql<number>`count(*)::int`.as('nombre')).executeTakeFirstOrThrow(),
    q
      .select([
        'i.id',
        'i.statut',
        'i.date_demande',
        'i.date_refus_implicite',
        'i.social_prioritaire_dalo',
        'i.social_offres_relogement',
        'd.id as dossier_id',
        'd.numero',
        'd.nom_principal',
      ])
      .orderBy('i.date_demande')
      .orderBy('d.numero')
      .limit(LIMITE_LISTE)
      .execute(),
  ]);
  return {
    nombre,
    elements: lignes.map((l) => ({
      id: l.id,
      dossier: { id: l.dossier_id, numero: l.numero, nomPrincipal: l.nom_principal },
      statut: l.statut,
      dateDemande: l.date_demande,
      dateRefusImplicite: l.date_refus_implicite,
      offresRelogement: l.social_offres_relogement,
      source: l.social_prioritaire_dalo === null ? 'dossier' : 'verification_sociale',
    })),
  };
}

/** The dashboard (journaled: its lists name households). */
export async function tableauDeBord(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  maintenant: Date = new Date(),
) {
  const departements = await departementsDe(db, appelant);
  const asOf = aujourdhuiSql(departements, maintenant);
  const [etapes, cetteSemaine, bientot, calendrier, dalo] = await Promise.all([
    parEtape(db, appelant, asOf),
    refusAVenir(db, appelant, asOf, 0, SEMAINE - 1),
    refusAVenir(db, appelant, asOf, SEMAINE, HORIZON_REFUS),
    treves(db, appelant, departements, maintenant),
    voitClasse(appelant.profil, 'social') ? menagesDalo(db, appelant) : Promise.resolve(null),
    journaliser(db, contexte, {
      action: 'tableau_de_bord_cfp_consulte',
      objetType: 'instruction_cfp',
      departementCode: departements.length === 1 ? departements[0] : null,
    }),
  ]);
  return {
    asOf: aujourdhui(null, maintenant),
    parEtape: etapes,
    decisionsCetteSemaine: cetteSemaine,
    refusImplicitesProches: bientot,
    treves: calendrier,
    menagesPrioritairesDalo: dalo,
  };
}
