import type { Db } from '../../db/connexion.js';
import { aujourdhui } from '../../lib/aujourdhui.js';

const LIEU_DEMO = 'Préfecture de Paris, salle du conseil (démo)';

/**
 * Séances of the demo CCAPEX of Paris (after the commissions, members and saisines of demo.ts): five dossiers
 * whose saisine was accepted (three on the agenda of a séance planned next week, two still ready for the
 * next agenda), and a séance closed three weeks ago with its avis, recommandations (one overdue) and decisions on
 * the housing benefit. Idempotent: does nothing once a demo séance exists.
 */
export async function seederSeancesDemo(db: Db): Promise<void> {
  const centrale = await db
    .selectFrom('commission')
    .select('id')
    .where('departement_code', '=', '75')
    .where('type', '=', 'centrale')
    .executeTakeFirst();
  if (!centrale) return;
  const existe = await db
    .selectFrom('ccapex_seance')
    .select('id')
    .where('lieu', '=', LIEU_DEMO)
    .executeTakeFirst();
  if (existe) return;
  const dossiers = await db
    .selectFrom('dossier')
    .select(['id', 'commune_insee'])
    .where('commission_id', '=', centrale.id)
    .where('phase', '<>', 'cloture')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(selectFrom('ccapex_saisine as s').select('s.id').whereRef('s.dossier_id', '=', 'dossier.id')),
      ),
    )
    .orderBy('numero', 'desc')
    .limit(7)
    .execute();
  if (dossiers.length < 7) return;
  const cd = await db
    .selectFrom('organisation')
    .select('id')
    .where('nom', '=', 'Ville de Paris — action sociale (démo)')
    .executeTakeFirst();
  const secretaire = await db
    .selectFrom('utilisateur')
    .select('id')
    .where('email', '=', 'ccapex.75@demo.exploc.fr')
    .executeTakeFirst();
  const maintenant = Date.now();
  const jours = (n: number) => new Date(maintenant + n * 86_400_000);
  const jour = (n: number) => jours(n).toISOString().slice(0, 10);
  const semaineProchaine = new Date(`${aujourdhui('75', jours(7))}T13:30:00Z`);
  await db.transaction().execute(async (trx) => {
    // Accepted saisines: the dossiers are before the commission.
    const saisines = await trx
      .insertInto('ccapex_saisine')
      .values(
        dossiers.map((d, k) => ({
          departement_code: '75',
          commission_id: centrale.id,
          commune_insee: d.commune_insee,
          origine: k % 2 === 0 ? ('bailleur' as const) : ('caf' as const),
          nature: k % 2 === 0 ? ('saisine' as const) : ('alerte' as const),
          statut: 'acceptee' as const,
          dossier_id: d.id,
          recu_le: jours(-40 + k),
          traite_le: jours(-38 + k),
          traite_par: secretaire?.id ?? null,
        })),
      )
      .returning(['id', 'dossier_id', 'recu_le', 'traite_le'])
      .execute();
    await trx
      .insertInto('ccapex_saisine_action')
      .values(
        saisines.flatMap((x) => [
          { saisine_id: x.id, action: 'reception' as const, vers_commission_id: centrale.id, le: x.recu_le },
          {
            saisine_id: x.id,
            action: 'acceptation' as const,
            dossier_id: x.dossier_id,
            utilisateur_id: secretaire?.id ?? null,
            le: x.traite_le ?? x.recu_le,
          },
        ]),
      )
      .execute();
    const passee = await trx
      .insertInto('ccapex_seance')
      .values({
        commission_id: centrale.id,
        debut: new Date(`${aujourdhui('75', jours(-21))}T08:30:00Z`),
        lieu: LIEU_DEMO,
        statut: 'close',
        invitations_envoyees_le: jours(-28),
        cloturee_le: jours(-21),
        cloturee_par: secretaire?.id ?? null,
        cree_par: secretaire?.id ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const [a, b] = dossiers.slice(5) as [(typeof dossiers)[number], (typeof dossiers)[number]];
    const examens = await trx
      .insertInto('ccapex_examen')
      .values([
        {
          seance_id: passee.id,
          dossier_id: a.id,
          rang: 1,
          avis:
            'La commission constate la reprise partielle du loyer courant. Elle recommande un plan d’apurement ' +
            'sur 24 mois et une aide du FSL.',
          decision_apl: 'maintien',
          examine_le: jours(-21),
          examine_par: secretaire?.id ?? null,
        },
        {
          seance_id: passee.id,
          dossier_id: b.id,
          rang: 2,
          avis:
            'Aucun paiement depuis six mois malgré les relances ; le ménage n’a pas donné suite aux propositions ' +
            'd’accompagnement.',
          decision_apl: 'suspension',
          examine_le: jours(-21),
          examine_par: secretaire?.id ?? null,
        },
      ])
      .returning(['id', 'dossier_id'])
      .execute();
    const ea = examens.find((e) => e.dossier_id === a.id);
    const eb = examens.find((e) => e.dossier_id === b.id);
    if (!ea || !eb) return;
    await trx
      .insertInto('ccapex_recommandation')
      .values([
        {
          examen_id: ea.id,
          dossier_id: a.id,
          destinataire_type: 'cd_action_sociale',
          destinataire_organisation_id: cd?.id ?? null,
          destinataire_libelle: 'Service social de secteur',
          contenu: 'Accompagner le ménage dans sa demande d’aide au FSL et le suivi du plan d’apurement.',
          echeance: jour(-3),
          notifiee_le: jours(-21),
        },
        {
          examen_id: ea.id,
          dossier_id: a.id,
          destinataire_type: 'bailleur',
          destinataire_libelle: 'Habitat Social Francilien (démo)',
          contenu: 'Proposer un plan d’apurement de 24 mois.',
          echeance: jour(-10),
          suivi: 'realisee',
          suivi_le: jour(-12),
          suivi_commentaire: 'Plan signé par les deux parties.',
        },
        {
          examen_id: eb.id,
          dossier_id: b.id,
          destinataire_type: 'menage',
          destinataire_libelle: 'Le ménage',
          contenu: 'Prendre contact avec le service social de secteur.',
          echeance: jour(14),
        },
      ])
      .execute();
    const prochaine = await trx
      .insertInto('ccapex_seance')
      .values({
        commission_id: centrale.id,
        debut: semaineProchaine,
        lieu: LIEU_DEMO,
        cree_par: secretaire?.id ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('ccapex_examen')
      .values(
        dossiers.slice(0, 3).map((d, k) => ({ seance_id: prochaine.id, dossier_id: d.id, rang: k + 1 })),
      )
      .execute();
  });
}
