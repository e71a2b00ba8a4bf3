import { Readable } from 'node:stream';
import { departementsAdministres, type Scope } from '@exploc/domain/acces/scope';
import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.js';

/** Largest page of the journal search (the export streams everything, by batches). */
export const PAR_PAGE_MAX = 200;
const LOT_EXPORT = 2000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const JOUR = /^\d{4}-\d{2}-\d{2}$/;

export const schemaFiltresJournal = z.strictObject({
  utilisateur: z.string().trim().min(1).max(200).optional(),
  dossier: z.string().trim().min(1).max(100).optional(),
  action: z
    .string()
    .regex(/^[a-z_]{1,60}$/, 'Action inconnue')
    .optional(),
  du: z.string().regex(JOUR, 'Date attendue au format AAAA-MM-JJ').optional(),
  au: z.string().regex(JOUR, 'Date attendue au format AAAA-MM-JJ').optional(),
  avant: z.coerce.number().int().positive().optional(),
  parPage: z.coerce.number().int().min(1).max(PAR_PAGE_MAX).default(50),
});
export type FiltresJournal = z.infer<typeof schemaFiltresJournal>;

/** Names of the filters used, never their values (an e-mail is personal data: not in the journal's details). */
export function filtresUtilises(f: FiltresJournal): string[] {
  return (['utilisateur', 'dossier', 'action', 'du', 'au'] as const).filter((k) => f[k] !== undefined);
}

type Requete = SelectQueryBuilder<
  DB & { j: DB['journal']; u: DB['utilisateur']; d: DB['dossier'] },
  'j' | 'u' | 'd',
  object
>;

async function resoudre(db: Kysely<DB>, f: FiltresJournal) {
  let utilisateurId: string | null | undefined;
  if (f.utilisateur !== undefined) {
    utilisateurId = UUID.test(f.utilisateur)
      ? f.utilisateur
      : ((
          await db
            .selectFrom('utilisateur')
            .select('id')
            .where(sql<boolean>`lower(email) = lower(${f.utilisateur})`)
            .executeTakeFirst()
        )?.id ?? null);
  }
  let dossierId: string | null | undefined;
  if (f.dossier !== undefined) {
    dossierId = UUID.test(f.dossier)
      ? f.dossier.toLowerCase()
      : ((
          await db
            .selectFrom('dossier')
            .select('id')
            .where('numero', '=', f.dossier.toUpperCase())
            .executeTakeFirst()
        )?.id ?? null);
  }
  return { utilisateurId, dossierId };
}

function requete(
  db: Kysely<DB>,
  departements: readonly string[],
  f: FiltresJournal,
  r: { utilisateurId: string | null | undefined; dossierId: string | null | undefined },
): Requete {
  let q = db
    .selectFrom('journal as j')
    .leftJoin('utilisateur as u', 'u.id', 'j.utilisateur_id')
    .leftJoin('dossier as d', (join) =>
      join.on(sql<boolean>`j.objet_type = 'dossier' and d.id::text = j.objet_id`),
    )
    .where((eb) =>
      eb.or([eb('j.departement_code', 'in', departements), eb('u.departement_code', 'in', departements)]),
    ) as unknown as Requete;
  if (r.utilisateurId !== undefined) q = q.where('j.utilisateur_id', '=', r.utilisateurId);
  if (r.dossierId !== undefined) {
    q = q.where('j.objet_type', '=', 'dossier').where('j.objet_id', '=', r.dossierId);
  }
  if (f.action !== undefined) q = q.where('j.action', '=', f.action);
  if (f.du !== undefined) {
    q = q.where(sql<boolean>`j.horodatage >= (${f.du}::date)::timestamp at time zone 'Europe/Paris'`);
  }
  if (f.au !== undefined) {
    q = q.where(sql<boolean>`j.horodatage < ((${f.au}::date + 1)::timestamp at time zone 'Europe/Paris')`);
  }
  return q;
}

function colonnesLigne(q: Requete) {
  return q.select([
    'j.id',
    'j.horodatage',
    'j.utilisateur_id',
    'u.email',
    'u.nom',
    'u.prenom',
    'j.profil',
    'j.departement_code',
    'j.action',
    'j.objet_type',
    'j.objet_id',
    'd.numero as dossier_numero',
    'j.requete_id',
    'j.details',
  ]);
}

type LigneBrute = Awaited<ReturnType<ReturnType<typeof colonnesLigne>['execute']>>[number];

export interface EntreeJournalVue {
  id: number;
  horodatage: string;
  utilisateur: { id: string; email: string | null; nom: string | null; prenom: string | null } | null;
  profil: string | null;
  departementCode: string | null;
  action: string;
  objetType: string | null;
  objetId: string | null;
  dossierNumero: string | null;
  requeteId: string | null;
  details: unknown;
}

function vue(l: LigneBrute): EntreeJournalVue {
  return {
    id: Number(l.id),
    horodatage: new Date(l.horodatage).toISOString(),
    utilisateur: l.utilisateur_id
      ? { id: l.utilisateur_id, email: l.email, nom: l.nom, prenom: l.prenom }
      : null,
    profil: l.profil,
    departementCode: l.departement_code,
    action: l.action,
    objetType: l.objet_type,
    objetId: l.objet_id,
    dossierNumero: l.dossier_numero,
    requeteId: l.requete_id,
    details: l.details ?? null,
  };
}

/** One page, newest first, by id (keyset: `avant` is the last id of the previous page). */
export async function rechercherJournal(
  db: Kysely<DB>,
  scope: Scope,
  f: FiltresJournal,
): Promise<{ elements: EntreeJournalVue[]; suivant: number | null }> {
  const departements = departementsAdministres(scope);
  if (departements.length === 0) return { elements: [], suivant: null };
  const r = await resoudre(db, f);
  if (r.utilisateurId === null || r.dossierId === null) return { elements: [], suivant: null };
  let q = colonnesLigne(requete(db, departements, f, r));
  if (f.avant !== undefined) q = q.where('j.id', '<', f.avant);
  const lignes = await q
    .orderBy('j.id', 'desc')
    .limit(f.parPage + 1)
    .execute();
  const page = lignes.slice(0, f.parPage).map(vue);
  return {
    elements: page,
    suivant: lignes.length > f.parPage ? (page[page.length - 1]?.id ?? null) : null,
  };
}

export async function compterJournal(db: Kysely<DB>, scope: Scope, f: FiltresJournal): Promise<number> {
  const departements = departementsAdministres(scope);
  if (departements.length === 0) return 0;
  const r = await resoudre(db, f);
  if (r.utilisateurId === null || r.dossierId === null) return 0;
  const n = await requete(db, departements, f, r)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirst();
  return Number(n?.n ?? 0);
}

function champCsv(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  // Formula injection: a cell starting with = + - @ is neutralised (OWASP CSV injection).
  const t = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[";\n\r]/.test(t) ? `"${t.replaceAll('"', '""')}"` : t;
}

const TITRES = [
  'Horodatage',
  'Utilisateur',
  'Profil',
  'Département',
  'Action',
  'Type d’objet',
  'Objet',
  'Numéro de dossier',
  'Requête',
  'Détails',
];

function ligneCsv(e: EntreeJournalVue): string {
  return `${[
    e.horodatage,
    e.utilisateur?.email ?? e.utilisateur?.id ?? '',
    e.profil,
    e.departementCode,
    e.action,
    e.objetType,
    e.objetId,
    e.dossierNumero,
    e.requeteId,
    e.details === null ? null : JSON.stringify(e.details),
  ]
    .map(champCsv)
    .join(';')}\r\n`;
}

/** CSV for French spreadsheet software (`;`, UTF-8 BOM, CRLF), read by batches of 2 000 rows. */
export function exporterJournalCsv(db: Kysely<DB>, scope: Scope, f: FiltresJournal): Readable {
  async function* lignes() {
    yield `\uFEFF${TITRES.map(champCsv).join(';')}\r\n`;
    let avant: number | undefined;
    for (;;) {
      const page = await rechercherJournal(db, scope, { ...f, avant, parPage: LOT_EXPORT });
      if (page.elements.length > 0) yield page.elements.map(ligneCsv).join('');
      if (page.suivant === null) return;
      avant = page.suivant;
    }
  }
  return Readable.from(lignes());
}
