import type { ContenuSaisine } from '@exploc/domain/schemas/ccapex';
import type { Db } from '../../db/connexion.js';
import { aujourdhui } from '../../lib/aujourdhui.js';
import { insererOrganisation } from '../identite/repository.js';
import { recevoirSaisine } from './saisines.js';
import { commissionCompetente } from './territoire.js';

export const NOM_CCAPEX_LOCALE_DEMO = 'CCAPEX locale Paris Nord (18e–20e)';
export const NOM_SOUS_COMMISSION_DEMO = 'Sous-commission territoriale Paris 18e (démo)';
const COMMUNES_PARIS_NORD = ['75118', '75119', '75120'];

/** Member organisations of the demo CCAPEX that the base demo does not create. */
const ORGANISATIONS_MEMBRES = [
  { type: 'caf', nom: 'CAF de Paris (démo)' },
  { type: 'adil', nom: 'ADIL de Paris (démo)' },
  {
    type: 'banque_de_france',
    nom: 'Banque de France — secrétariat de la commission de surendettement de Paris (démo)',
  },
] as const;

interface MembreDemo {
  commission_id: string;
  organisation_id: string;
  categorie: string;
  voix: 'deliberative' | 'consultative';
  co: boolean;
  sec: boolean;
}

async function organisationParNom(db: Db, type: string, nom: string): Promise<string> {
  const o = await db.selectFrom('organisation').select('id').where('nom', '=', nom).executeTakeFirst();
  if (o) return o.id;
  return (await insererOrganisation(db, { type, nom, siret: null, departementCode: '75' })).id;
}

function contenuDemo(
  nom: string,
  prenoms: string,
  ligne: string,
  codeInsee: string,
  dette: number,
): ContenuSaisine {
  return {
    dossier: {
      menage: { personnes: [{ nom, prenoms, role: 'titulaire' }] },
      logement: { adresse: { ligne, codePostal: `750${codeInsee.slice(3)}`, codeInsee }, social: true },
      bail: { dateSignature: '2021-09-01', loyerMensuelHC: 620, chargesMensuelles: 90 },
      bailleur: { type: 'personne_morale', nom: 'Habitat Social Francilien (démo)', siret: '00000000000018' },
    },
    detteMontant: dette,
    dateArreteDette: aujourdhui('75'),
    moisImpayes: 3,
    demarches: ['relance_amiable', 'caf_informee'],
  };
}

/**
 * The CCAPEX of the demo (Paris): members of the central commission, a local CCAPEX with delegation for the
 * 18e–20e and a sub-commission for the 18e, the open dossiers of those communes routed to them, a few saisines
 * waiting in the triage inbox and orientations (one overdue). Idempotent: does nothing once the local CCAPEX
 * exists.
 */
export async function seederCcapexDemo(db: Db, organisations: Map<string, string>): Promise<void> {
  const centrale = await db
    .selectFrom('commission')
    .select('id')
    .where('departement_code', '=', '75')
    .where('type', '=', 'centrale')
    .executeTakeFirst();
  if (!centrale) return;
  const existe = await db
    .selectFrom('commission')
    .select('id')
    .where('nom', '=', NOM_CCAPEX_LOCALE_DEMO)
    .executeTakeFirst();
  if (existe) return;
  const pref = organisations.get('pref75');
  const cd = organisations.get('cd75');
  const ddets = organisations.get('ddets75');
  const bailleur = organisations.get('bailleur');
  if (!pref || !cd || !ddets) return;
  const [caf, adil, bdf] = (await Promise.all(
    ORGANISATIONS_MEMBRES.map((o) => organisationParNom(db, o.type, o.nom)),
  )) as [string, string, string];
  await db.transaction().execute(async (trx) => {
    const locale = await trx
      .insertInto('commission')
      .values({
        departement_code: '75',
        type: 'locale',
        nom: NOM_CCAPEX_LOCALE_DEMO,
        parent_id: centrale.id,
        perimetre_type: 'secteur_action_sociale',
        perimetre_libelle: 'Secteur d’action sociale Paris Nord (18e, 19e et 20e arrondissements)',
        communes: COMMUNES_PARIS_NORD,
        delegation_signalements: true,
        delai_orientation_jours: 21,
        email_secretariat: 'ccapex.paris-nord@demo.exploc.fr',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('commission')
      .values({
        departement_code: '75',
        type: 'sous_commission',
        nom: NOM_SOUS_COMMISSION_DEMO,
        parent_id: locale.id,
        perimetre_type: 'arrondissement',
        perimetre_libelle: '18e arrondissement',
        communes: ['75118'],
        delai_orientation_jours: 21,
      })
      .execute();
    const membres: MembreDemo[] = [
      {
        commission_id: centrale.id,
        organisation_id: pref,
        categorie: 'prefet',
        voix: 'deliberative',
        co: true,
        sec: false,
      },
      {
        commission_id: centrale.id,
        organisation_id: cd,
        categorie: 'conseil_departemental',
        voix: 'deliberative',
        co: true,
        sec: false,
      },
      {
        commission_id: centrale.id,
        organisation_id: ddets,
        categorie: 'prefet',
        voix: 'deliberative',
        co: false,
        sec: true,
      },
      {
        commission_id: centrale.id,
        organisation_id: caf,
        categorie: 'caf',
        voix: 'deliberative',
        co: false,
        sec: false,
      },
      {
        commission_id: centrale.id,
        organisation_id: adil,
        categorie: 'adil',
        voix: 'consultative',
        co: false,
        sec: false,
      },
      {
        commission_id: centrale.id,
        organisation_id: bdf,
        categorie: 'banque_de_france',
        voix: 'consultative',
        co: false,
        sec: false,
      },
      {
        commission_id: locale.id,
        organisation_id: cd,
        categorie: 'conseil_departemental',
        voix: 'deliberative',
        co: true,
        sec: true,
      },
      {
        commission_id: locale.id,
        organisation_id: caf,
        categorie: 'caf',
        voix: 'deliberative',
        co: false,
        sec: false,
      },
      ...(bailleur
        ? [
            {
              commission_id: locale.id,
              organisation_id: bailleur,
              categorie: 'bailleur_social',
              voix: 'consultative' as const,
              co: false,
              sec: false,
            },
          ]
        : []),
    ];
    await trx
      .insertInto('commission_membre')
      .values(
        membres.map((m) => ({
          commission_id: m.commission_id,
          organisation_id: m.organisation_id,
          categorie: m.categorie,
          voix: m.voix,
          co_presidence: m.co,
          secretariat: m.sec,
        })),
      )
      .onConflict((oc) => oc.columns(['commission_id', 'organisation_id']).doNothing())
      .execute();
    // Initial data, not a user's action: the open dossiers of Paris Nord go to their competent commission.
    for (const code of COMMUNES_PARIS_NORD) {
      const competente = await commissionCompetente(trx, { code_insee: code, departement_code: '75' });
      if (competente) {
        await trx
          .updateTable('dossier')
          .set({ commission_id: competente })
          .where('commune_insee', '=', code)
          .where('phase', '<>', 'cloture')
          .execute();
      }
    }
    const contexte = { appelant: null, requeteId: 'seed-demo' };
    const dossiers = await trx
      .selectFrom('dossier')
      .select(['id', 'commune_insee', 'commission_id'])
      .where('departement_code', '=', '75')
      .where('phase', '<>', 'cloture')
      .orderBy('numero')
      .limit(40)
      .execute();
    const horsParisNord = dossiers.filter((d) => !COMMUNES_PARIS_NORD.includes(d.commune_insee));
    const parisNord = dossiers.filter((d) => COMMUNES_PARIS_NORD.includes(d.commune_insee));
    const etude = await trx
      .selectFrom('organisation')
      .select('id')
      .where('type', '=', 'etude_commissaire_justice')
      .executeTakeFirst();
    const il_y_a = (jours: number) => new Date(Date.now() - jours * 86_400_000);
    const signale = horsParisNord[0];
    if (signale) {
      await recevoirSaisine(trx, contexte, {
        origine: 'commissaire_justice',
        nature: 'signalement',
        communeInsee: signale.commune_insee,
        dossierId: signale.id,
        contenu: null,
        deposant: { utilisateurId: null, organisationId: etude?.id ?? null },
        recuLe: il_y_a(3),
      });
    }
    const alerte = horsParisNord[1];
    if (alerte) {
      await recevoirSaisine(trx, contexte, {
        origine: 'caf',
        nature: 'alerte',
        communeInsee: alerte.commune_insee,
        dossierId: alerte.id,
        contenu: null,
        deposant: { utilisateurId: null, organisationId: caf },
        recuLe: il_y_a(6),
      });
    }
    await recevoirSaisine(trx, contexte, {
      origine: 'bailleur',
      nature: 'saisine',
      communeInsee: '75119',
      dossierId: null,
      contenu: contenuDemo('Marchand', 'Inès', '8 rue de Meaux', '75119', 2840),
      deposant: { utilisateurId: null, organisationId: bailleur ?? null },
      recuLe: il_y_a(1),
    });
    await recevoirSaisine(trx, contexte, {
      origine: 'travailleur_social',
      nature: 'saisine',
      communeInsee: '75120',
      dossierId: null,
      contenu: {
        ...contenuDemo('Nguyen', 'Bao', '31 rue des Pyrénées', '75120', 1960),
        message: 'Ménage accompagné par le service social de secteur ; accord du ménage recueilli.',
      },
      deposant: { utilisateurId: null, organisationId: cd },
      recuLe: il_y_a(9),
    });
    const jour = aujourdhui('75');
    const decaler = (jours: number) => {
      const d = new Date(`${jour}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + jours);
      return d.toISOString().slice(0, 10);
    };
    const orientes = [
      {
        d: horsParisNord[2],
        organisation: cd,
        type: 'cd_action_sociale',
        echeance: decaler(-5),
        objet: 'Évaluation sociale et accompagnement budgétaire du ménage.',
      },
      {
        d: horsParisNord[3],
        organisation: caf,
        type: 'caf',
        echeance: decaler(20),
        objet: 'Vérifier les droits à l’aide au logement et le maintien du versement.',
      },
      {
        d: parisNord[0],
        organisation: cd,
        type: 'fsl',
        echeance: decaler(14),
        objet: 'Instruire une demande d’aide du FSL (maintien dans les lieux).',
      },
    ];
    for (const o of orientes) {
      if (!o.d?.commission_id) continue;
      await trx
        .insertInto('ccapex_orientation')
        .values({
          dossier_id: o.d.id,
          commission_id: o.d.commission_id,
          organisation_id: o.organisation,
          destinataire_type: o.type,
          objet: o.objet,
          echeance: o.echeance,
          cree_le: il_y_a(o.echeance < jour ? 30 : 2),
        })
        .execute();
    }
  });
}
