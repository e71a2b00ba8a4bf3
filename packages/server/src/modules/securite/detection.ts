import { type Kysely, sql } from 'kysely';
import type { AlerteSecuriteTable, DB } from '../../db/schema.js';
import type { Expediteur } from '../../lib/courriel.js';
import { journaliser } from '../../plugins/journal.js';
import { ACTION_REFUS } from './refus.js';

export type RegleAlerte = AlerteSecuriteTable['regle'];

export const LIBELLES_REGLES: Record<RegleAlerte, string> = {
  consultation_massive: 'Consultation massive de dossiers',
  hors_perimetre: 'Tentatives d’accès hors périmètre',
  export_volumineux: 'Export volumineux',
  hors_horaires: 'Accès en dehors des heures ouvrées',
};

export interface SeuilsAlertes {
  /** More than this many distinct dossiers read by one agent in one hour. */
  consultationsParHeure: number;
  /** One export of more than this many rows. */
  lignesExport: number;
  /** At least this many refused accesses by one agent in one day. */
  refusParJour: number;
}

export const SEUILS_PAR_DEFAUT: SeuilsAlertes = {
  consultationsParHeure: 50,
  lignesExport: 1000,
  refusParJour: 1,
};

/** Journal actions that read personal data of a dossier (what the volume and off-hours rules look at). */
export const ACTIONS_LECTURE = [
  'dossier_consulte',
  'document_telecharge',
  'echanges_partenaires_consultes',
  'indemnisation_calculee',
  'instruction_cfp_consultee',
  'recherche_dossiers',
  'droit_acces_exporte',
] as const;

/** Working hours, Europe/Paris: reads before 07:00, from 20:00, or on Saturday/Sunday are off-hours. */
export const HEURE_DEBUT_OUVREE = 7;
export const HEURE_FIN_OUVREE = 20;

interface Constat {
  regle: RegleAlerte;
  utilisateur_id: string;
  departement_code: string | null;
  fenetre_debut: Date;
  fenetre_fin: Date;
  nombre: number;
  seuil: number;
}

type Ligne = Omit<Constat, 'regle' | 'seuil'>;

/** Hour windows (UTC hours) from `depuis` to `maintenant`. */
async function consultationsMassives(db: Kysely<DB>, depuis: Date, maintenant: Date, seuil: number) {
  const r = await sql<Ligne>`
    select j.utilisateur_id, coalesce(u.departement_code, max(j.departement_code)) as departement_code,
      date_trunc('hour', j.horodatage) as fenetre_debut,
      date_trunc('hour', j.horodatage) + interval '1 hour' as fenetre_fin,
      count(distinct j.objet_id)::int as nombre
    from journal j join utilisateur u on u.id = j.utilisateur_id
    where j.horodatage >= ${depuis} and j.horodatage < ${maintenant}
      and j.objet_type = 'dossier' and j.objet_id is not null
      and j.action in (${sql.join([...ACTIONS_LECTURE])})
    group by j.utilisateur_id, u.departement_code, date_trunc('hour', j.horodatage)
    having count(distinct j.objet_id) > ${seuil}
  `.execute(db);
  return r.rows.map((l) => ({ ...l, regle: 'consultation_massive' as const, seuil }));
}

/** Exports whose journal row says how many rows left (`details.lignes`), by hour. */
async function exportsVolumineux(db: Kysely<DB>, depuis: Date, maintenant: Date, seuil: number) {
  const r = await sql<Ligne>`
    select j.utilisateur_id, coalesce(u.departement_code, max(j.departement_code)) as departement_code,
      date_trunc('hour', j.horodatage) as fenetre_debut,
      date_trunc('hour', j.horodatage) + interval '1 hour' as fenetre_fin,
      max((j.details->>'lignes')::numeric)::int as nombre
    from journal j join utilisateur u on u.id = j.utilisateur_id
    where j.horodatage >= ${depuis} and j.horodatage < ${maintenant}
      and j.action like 'export%'
      and jsonb_typeof(j.details->'lignes') = 'number'
      and (j.details->>'lignes')::numeric > ${seuil}
    group by j.utilisateur_id, u.departement_code, date_trunc('hour', j.horodatage)
  `.execute(db);
  return r.rows.map((l) => ({ ...l, regle: 'export_volumineux' as const, seuil }));
}

/** Paris calendar days: the day of `horodatage` in Europe/Paris, as a [start, end) of instants. */
const JOUR_PARIS = sql`date_trunc('day', j.horodatage at time zone 'Europe/Paris')`;

async function refusHorsPerimetre(db: Kysely<DB>, depuis: Date, maintenant: Date, seuil: number) {
  const r = await sql<Ligne>`
    select j.utilisateur_id, coalesce(u.departement_code, max(j.departement_code)) as departement_code,
      ${JOUR_PARIS} at time zone 'Europe/Paris' as fenetre_debut,
      (${JOUR_PARIS} + interval '1 day') at time zone 'Europe/Paris' as fenetre_fin,
      count(*)::int as nombre
    from journal j join utilisateur u on u.id = j.utilisateur_id
    where j.horodatage >= ${depuis} and j.horodatage < ${maintenant} and j.action = ${ACTION_REFUS}
    group by j.utilisateur_id, u.departement_code, ${JOUR_PARIS}
    having count(*) >= ${seuil}
  `.execute(db);
  return r.rows.map((l) => ({ ...l, regle: 'hors_perimetre' as const, seuil }));
}

async function accesHorsHoraires(db: Kysely<DB>, depuis: Date, maintenant: Date) {
  const r = await sql<Ligne>`
    select j.utilisateur_id, coalesce(u.departement_code, max(j.departement_code)) as departement_code,
      ${JOUR_PARIS} at time zone 'Europe/Paris' as fenetre_debut,
      (${JOUR_PARIS} + interval '1 day') at time zone 'Europe/Paris' as fenetre_fin,
      count(*)::int as nombre
    from journal j join utilisateur u on u.id = j.utilisateur_id
    where j.horodatage >= ${depuis} and j.horodatage < ${maintenant}
      and (j.action in (${sql.join([...ACTIONS_LECTURE])}) or (j.action like 'export%' and j.action <> 'export_pilotage'))
      and (
        extract(hour from j.horodatage at time zone 'Europe/Paris') < ${HEURE_DEBUT_OUVREE}
        or extract(hour from j.horodatage at time zone 'Europe/Paris') >= ${HEURE_FIN_OUVREE}
        or extract(isodow from j.horodatage at time zone 'Europe/Paris') in (6, 7)
      )
    group by j.utilisateur_id, u.departement_code, ${JOUR_PARIS}
  `.execute(db);
  return r.rows.map((l) => ({ ...l, regle: 'hors_horaires' as const, seuil: 1 }));
}

/** Start of the look-back: whole windows only (the Paris day and the UTC hour that contain now − 24 h). */
async function debutsDesFenetres(db: Kysely<DB>, maintenant: Date) {
  const r = await sql<{ heures: Date; jours: Date }>`
    select date_trunc('hour', ${maintenant}::timestamptz - interval '24 hours') as heures,
      date_trunc('day', (${maintenant}::timestamptz - interval '24 hours') at time zone 'Europe/Paris')
        at time zone 'Europe/Paris' as jours
  `.execute(db);
  const l = r.rows[0];
  if (!l) throw new Error('Fenêtres de détection introuvables');
  return l;
}

/** Records a finding: new, or a larger count for the same rule, agent and window (never a duplicate). */
async function enregistrer(db: Kysely<DB>, c: Constat): Promise<{ id: string; nouvelle: boolean }> {
  const r = await db
    .insertInto('alerte_securite')
    .values(c)
    .onConflict((oc) =>
      oc
        .columns(['regle', 'utilisateur_id', 'fenetre_debut'])
        .doUpdateSet({ nombre: sql`greatest(alerte_securite.nombre, excluded.nombre)` }),
    )
    .returning(['id', sql<boolean>`xmax = 0`.as('nouvelle')])
    .executeTakeFirstOrThrow();
  return { id: r.id, nouvelle: r.nouvelle };
}

/** E-mails the not-yet-notified alerts to the active administrators of their département. */
async function notifier(db: Kysely<DB>, expediteur: Expediteur, urlPublique: string): Promise<number> {
  const alertes = await db
    .selectFrom('alerte_securite')
    .select(['id', 'regle', 'departement_code', 'fenetre_debut', 'nombre', 'seuil'])
    .where('notifiee_le', 'is', null)
    .where('departement_code', 'is not', null)
    .orderBy('detectee_le')
    .execute();
  let envoyes = 0;
  for (const a of alertes) {
    const admins = await db
      .selectFrom('utilisateur')
      .select('email')
      .where('profil', '=', 'admin_departemental')
      .where('actif', '=', true)
      .where('departement_code', '=', a.departement_code)
      .execute();
    // No personal data in the message: the rule, the window and a link; the agent is named on the page.
    const debut = new Intl.DateTimeFormat('fr-FR', {
      dateStyle: 'full',
      timeStyle: 'short',
      timeZone: 'Europe/Paris',
    }).format(a.fenetre_debut);
    for (const admin of admins) {
      await expediteur.envoyer({
        a: admin.email,
        sujet: `[Exploc] Alerte de sécurité : ${LIBELLES_REGLES[a.regle]}`,
        texte: [
          'Bonjour,',
          '',
          `La détection d’anomalies d’Exploc a relevé : ${LIBELLES_REGLES[a.regle]}.`,
          `Période commençant le ${debut} ; ${a.nombre} (seuil : ${a.seuil}).`,
          '',
          `Examinez-la dans Exploc : ${urlPublique}/admin/alertes-securite`,
          '',
          'Ce message est envoyé automatiquement ; ne pas y répondre.',
        ].join('\n'),
      });
      envoyes++;
    }
    await db.updateTable('alerte_securite').set({ notifiee_le: new Date() }).where('id', '=', a.id).execute();
  }
  return envoyes;
}

export interface BilanDetection {
  constats: number;
  nouvelles: number;
  courriels: number;
  nouvellesParDepartement: Record<string, number>;
}

/**
 * The anomaly detection (hourly job, and the administrators' « Analyser maintenant »): applies the four rules
 * to the journal of the last 24 hours (whole windows), records each finding once, and e-mails the new ones.
 */
export async function detecterAnomalies(
  db: Kysely<DB>,
  /** Null: record only; the next run of the hourly job sends the e-mails (`notifiee_le` is still empty). */
  expediteur: Expediteur | null,
  o: { maintenant?: Date; seuils?: SeuilsAlertes; urlPublique: string },
): Promise<BilanDetection> {
  const maintenant = o.maintenant ?? new Date();
  const seuils = o.seuils ?? SEUILS_PAR_DEFAUT;
  const { heures, jours } = await debutsDesFenetres(db, maintenant);
  const constats = [
    ...(await consultationsMassives(db, heures, maintenant, seuils.consultationsParHeure)),
    ...(await exportsVolumineux(db, heures, maintenant, seuils.lignesExport)),
    ...(await refusHorsPerimetre(db, jours, maintenant, seuils.refusParJour)),
    ...(await accesHorsHoraires(db, jours, maintenant)),
  ];
  const bilan: BilanDetection = {
    constats: constats.length,
    nouvelles: 0,
    courriels: 0,
    nouvellesParDepartement: {},
  };
  for (const c of constats) {
    const r = await db.transaction().execute(async (trx) => {
      const e = await enregistrer(trx, c);
      if (e.nouvelle) {
        await journaliser(
          trx,
          { appelant: null, requeteId: 'detection-anomalies' },
          {
            action: 'alerte_securite_levee',
            objetType: 'alerte_securite',
            objetId: e.id,
            departementCode: c.departement_code,
            details: { regle: c.regle, nombre: c.nombre, seuil: c.seuil },
          },
        );
      }
      return e;
    });
    if (r.nouvelle) {
      bilan.nouvelles++;
      const d = c.departement_code ?? '';
      bilan.nouvellesParDepartement[d] = (bilan.nouvellesParDepartement[d] ?? 0) + 1;
    }
  }
  if (expediteur) bilan.courriels = await notifier(db, expediteur, o.urlPublique);
  return bilan;
}
