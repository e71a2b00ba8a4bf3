import { peut } from '@exploc/domain/acces/permissions';
import type { Profil } from '@exploc/domain/acces/profils';
import { construireScope } from '@exploc/domain/acces/scope';
import { LIBELLES_ALERTE, LIBELLES_ECHEANCE } from '@exploc/domain/procedure/libelles';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Expediteur } from '../../lib/courriel.js';
import { journaliser } from '../../plugins/journal.js';
import { dossiersATraiter } from './repository.js';

function ajouterJours(date: string, jours: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + jours);
  return d.toISOString().slice(0, 10);
}

const fr = (d: string | null) => (d ? `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}` : '');

/**
 * The daily digest: for every agent who wants it, the dossiers assigned to them with a deadline within their
 * horizon or an alert, and the dossiers assigned to them since the last digest. Dossier numbers and links
 * only: no household name leaves the application by e-mail. Sent once a day per agent (idempotent).
 */
export async function envoyerResumesQuotidiens(
  db: Kysely<DB>,
  expediteur: Expediteur,
  o: { aujourdhui: string; urlPublique: string },
): Promise<{ envoyes: number }> {
  const agents = await db
    .selectFrom('utilisateur as u')
    .leftJoin('preference_notification as p', 'p.utilisateur_id', 'u.id')
    .select([
      'u.id',
      'u.email',
      'u.prenom',
      'u.profil',
      'u.organisation_id',
      'u.perimetre_departements',
      'u.perimetre_arrondissements',
      'u.commission_id',
      'p.horizon_jours',
      'p.dernier_envoi',
    ])
    .where('u.actif', '=', true)
    .where((eb) => eb.or([eb('p.resume_quotidien', 'is', null), eb('p.resume_quotidien', '=', true)]))
    .where((eb) => eb.or([eb('p.dernier_envoi', 'is', null), eb('p.dernier_envoi', '<', o.aujourdhui)]))
    .execute();
  let envoyes = 0;
  for (const a of agents) {
    const profil = a.profil as Profil;
    if (!peut(profil, 'dossier.lire')) continue;
    const scope = construireScope(profil, {
      organisationId: a.organisation_id,
      departements: a.perimetre_departements,
      arrondissements: a.perimetre_arrondissements,
      commissionId: a.commission_id,
    });
    const horizon = a.horizon_jours ?? 7;
    const aTraiter = await dossiersATraiter(db, scope, {
      aujourdhui: o.aujourdhui,
      limite: ajouterJours(o.aujourdhui, horizon),
      agentId: a.id,
      max: 50,
    });
    const nouvelles = await db
      .selectFrom('historique_dossier as h')
      .innerJoin('dossier as d', 'd.id', 'h.dossier_id')
      .select(['d.id', 'd.numero'])
      .where('h.action', '=', 'attribution')
      .where('d.agent_id', '=', a.id)
      .where('h.cree_le', '>=', sql<Date>`${a.dernier_envoi ?? ajouterJours(o.aujourdhui, -1)}::date`)
      .distinct()
      .execute();
    if (aTraiter.length === 0 && nouvelles.length === 0) continue;
    const lignes = [
      `Bonjour ${a.prenom},`,
      '',
      aTraiter.length > 0 ? `Vos dossiers à traiter (échéances dans les ${horizon} jours et alertes) :` : '',
      ...aTraiter.map((d) => {
        const raisons = [
          d.prochaine_echeance_code
            ? `${LIBELLES_ECHEANCE[d.prochaine_echeance_code as keyof typeof LIBELLES_ECHEANCE] ?? d.prochaine_echeance_code} le ${fr(d.prochaine_echeance_date)}`
            : '',
          ...d.alertes.map((x) => `alerte : ${LIBELLES_ALERTE[x as keyof typeof LIBELLES_ALERTE] ?? x}`),
        ].filter(Boolean);
        return `- ${d.numero} : ${raisons.join(' ; ')} — ${o.urlPublique}/dossiers/${d.id}`;
      }),
      nouvelles.length > 0 ? '' : '',
      nouvelles.length > 0 ? 'Dossiers qui vous ont été attribués :' : '',
      ...nouvelles.map((d) => `- ${d.numero} — ${o.urlPublique}/dossiers/${d.id}`),
      '',
      `Votre file de travail : ${o.urlPublique}/a-traiter?portee=moi`,
      'Vous pouvez désactiver ce résumé dans vos préférences.',
    ].filter((l, i, t) => !(l === '' && t[i - 1] === ''));
    await expediteur.envoyer({
      a: a.email,
      sujet: `Exploc — ${aTraiter.length} dossier(s) à traiter, ${nouvelles.length} nouvelle(s) attribution(s)`,
      texte: lignes.join('\n'),
    });
    await db
      .insertInto('preference_notification')
      .values({ utilisateur_id: a.id, dernier_envoi: o.aujourdhui })
      .onConflict((oc) => oc.column('utilisateur_id').doUpdateSet({ dernier_envoi: o.aujourdhui }))
      .execute();
    await journaliser(
      db,
      { appelant: null, requeteId: 'resume-quotidien' },
      {
        action: 'resume_envoye',
        objetType: 'utilisateur',
        objetId: a.id,
        details: { dossiers: aTraiter.length + nouvelles.length },
      },
    );
    envoyes++;
  }
  return { envoyes };
}
