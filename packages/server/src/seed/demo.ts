import type { Profil, TypeOrganisation } from '@exploc/domain/acces/profils';
import type { Db } from '../db/connexion.js';
import { NOM_CCAPEX_LOCALE_DEMO, seederCcapexDemo } from '../modules/ccapex/demo.js';
import { seederSeancesDemo } from '../modules/ccapex/seances-demo.js';
import * as repo from '../modules/identite/repository.js';
import { creerCompte } from '../modules/identite/service.js';
import { DOSSIERS_DEMO, GRAINE_DEMO, genererDossiers } from './synthetique.js';

export const MOT_DE_PASSE_DEMO = 'demo';

const COMMUNES_COMMISSARIAT_DEMO = ['75109', '75110', '75117', '75118', '75119', '75120'];

interface OrganisationDemo {
  cle: string;
  type: TypeOrganisation;
  nom: string;
  departement: string | null;
  departements?: string[];
  arrondissements?: string[];
  siret?: string;
}

/** Fictitious organisations: names end with « (démo) » so nobody takes them for real services. */
const ORGANISATIONS: OrganisationDemo[] = [
  { cle: 'pref75', type: 'prefecture', nom: 'Préfecture de Paris (démo)', departement: '75' },
  { cle: 'pref93', type: 'prefecture', nom: 'Préfecture de la Seine-Saint-Denis (démo)', departement: '93' },
  {
    cle: 'sp932',
    type: 'sous_prefecture',
    nom: 'Sous-préfecture du Raincy (démo)',
    departement: '93',
    arrondissements: ['932'],
  },
  { cle: 'ddets75', type: 'ddets', nom: 'DDETS de Paris (démo)', departement: '75' },
  {
    cle: 'police75',
    type: 'commissariat',
    nom: 'Commissariat du 18e arrondissement (démo)',
    departement: '75',
  },
  {
    cle: 'cd75',
    type: 'conseil_departemental',
    nom: 'Ville de Paris — action sociale (démo)',
    departement: '75',
  },
  {
    cle: 'bailleur',
    type: 'bailleur',
    nom: 'Habitat Social Francilien (démo)',
    departement: '75',
    departements: ['75', '93'],
    siret: '00000000000018',
  },
  {
    cle: 'national',
    type: 'administration_centrale',
    nom: 'DIHAL — pilotage national (démo)',
    departement: null,
  },
];

interface CompteDemo {
  email: string;
  nom: string;
  prenom: string;
  profil: Profil;
  organisation: string;
  perimetre: string;
}

/** The ten demo accounts of contracts/api.md. */
export const COMPTES_DEMO: CompteDemo[] = [
  {
    email: 'prefecture.75@demo.exploc.fr',
    prenom: 'Camille',
    nom: 'Martin',
    profil: 'agent_prefecture',
    perimetre: 'département 75',
    organisation: 'pref75',
  },
  {
    email: 'prefecture.93@demo.exploc.fr',
    prenom: 'Karim',
    nom: 'Benali',
    profil: 'agent_prefecture',
    perimetre: 'département 93',
    organisation: 'pref93',
  },
  {
    email: 'sous-prefecture.93-raincy@demo.exploc.fr',
    prenom: 'Sophie',
    nom: 'Lefèvre',
    profil: 'agent_sous_prefecture',
    perimetre: 'arrondissement du Raincy (932)',
    organisation: 'sp932',
  },
  {
    email: 'ddets.75@demo.exploc.fr',
    prenom: 'Julien',
    nom: 'Moreau',
    profil: 'agent_ddets',
    perimetre: 'département 75',
    organisation: 'ddets75',
  },
  {
    email: 'police.75@demo.exploc.fr',
    prenom: 'Nadia',
    nom: 'Girard',
    profil: 'forces_ordre',
    perimetre: 'commissariat du 18e (75)',
    organisation: 'police75',
  },
  {
    email: 'ccapex.75@demo.exploc.fr',
    prenom: 'Thomas',
    nom: 'Roux',
    profil: 'secretariat_ccapex',
    perimetre: 'CCAPEX centrale 75',
    organisation: 'ddets75',
  },
  {
    email: 'cd.75@demo.exploc.fr',
    prenom: 'Léa',
    nom: 'Fournier',
    profil: 'membre_ccapex',
    perimetre: 'CCAPEX centrale 75 (conseil départemental)',
    organisation: 'cd75',
  },
  {
    email: 'bailleur@demo.exploc.fr',
    prenom: 'Marc',
    nom: 'Petit',
    profil: 'bailleur',
    perimetre: 'ses propres dossiers (75 et 93)',
    organisation: 'bailleur',
  },
  {
    email: 'admin.75@demo.exploc.fr',
    prenom: 'Claire',
    nom: 'Dubois',
    profil: 'admin_departemental',
    perimetre: 'département 75',
    organisation: 'pref75',
  },
  {
    email: 'national@demo.exploc.fr',
    prenom: 'Hugo',
    nom: 'Lambert',
    profil: 'pilotage_national',
    perimetre: 'France, indicateurs agrégés',
    organisation: 'national',
  },
];

export async function baseVide(db: Db): Promise<boolean> {
  const r = await db.selectFrom('utilisateur').select('id').limit(1).executeTakeFirst();
  return r === undefined;
}

/** Idempotent: existing demo accounts are left as they are. */
export async function seederDemo(db: Db): Promise<{ comptesCrees: number }> {
  const contexte = { appelant: null, requeteId: 'seed-demo' };
  const ids = new Map<string, string>();
  for (const o of ORGANISATIONS) {
    const existante = await db
      .selectFrom('organisation')
      .select('id')
      .where('nom', '=', o.nom)
      .executeTakeFirst();
    const id =
      existante?.id ??
      (
        await repo.insererOrganisation(db, {
          type: o.type,
          nom: o.nom,
          siret: o.siret ?? null,
          departementCode: o.departement,
          departements: o.departements,
          arrondissements: o.arrondissements,
        })
      ).id;
    ids.set(o.cle, id);
  }
  for (const departement of ['75', '93']) {
    await db
      .insertInto('commission')
      .values({
        departement_code: departement,
        type: 'centrale',
        nom: `CCAPEX de ${departement === '75' ? 'Paris' : 'la Seine-Saint-Denis'} (démo)`,
      })
      .onConflict((oc) => oc.column('departement_code').where('type', '=', 'centrale').doNothing())
      .execute();
  }
  // The demo commissariat runs the CFP enquiries of a few Paris arrondissements (its own, the 18e, and neighbours).
  const police = ids.get('police75') as string;
  await db
    .insertInto('commune_unite')
    .values(COMMUNES_COMMISSARIAT_DEMO.map((commune_insee) => ({ commune_insee, organisation_id: police })))
    .onConflict((oc) => oc.column('commune_insee').doNothing())
    .execute();
  let comptesCrees = 0;
  for (const c of COMPTES_DEMO) {
    if (await repo.emailExiste(db, c.email)) continue;
    await creerCompte(db, contexte, null, {
      email: c.email,
      nom: c.nom,
      prenom: c.prenom,
      profil: c.profil,
      organisationId: ids.get(c.organisation) as string,
      motDePasse: MOT_DE_PASSE_DEMO,
      compteDemo: true,
    });
    comptesCrees++;
  }
  // A modest, reproducible set of dossiers in 75 and 93, so that every demo account has work to see.
  if ((await db.selectFrom('dossier').select('id').limit(1).executeTakeFirst()) === undefined) {
    await genererDossiers(db, { dossiers: DOSSIERS_DEMO, departements: ['75', '93'], graine: GRAINE_DEMO });
  }
  // CCAPEX of Paris: members, a local CCAPEX with delegation, saisines to triage, orientations (issue #5).
  await seederCcapexDemo(db, ids);
  await seederMembreLocaleDemo(db, contexte);
  // CCAPEX séances: one planned next week, one closed with avis and recommandations (issue #5).
  await seederSeancesDemo(db);
  return { comptesCrees };
}

/** Beyond the contract's ten: a member of the local CCAPEX Paris Nord, to show that commissions are walled off. */
export const COMPTE_MEMBRE_LOCALE_DEMO = 'caf.paris-nord@demo.exploc.fr';

async function seederMembreLocaleDemo(db: Db, contexte: { appelant: null; requeteId: string }) {
  if (await repo.emailExiste(db, COMPTE_MEMBRE_LOCALE_DEMO)) return;
  const locale = await db
    .selectFrom('commission')
    .select('id')
    .where('nom', '=', NOM_CCAPEX_LOCALE_DEMO)
    .executeTakeFirst();
  const caf = await db
    .selectFrom('organisation')
    .select('id')
    .where('type', '=', 'caf')
    .where('departement_code', '=', '75')
    .executeTakeFirst();
  if (!locale || !caf) return;
  const { id } = await creerCompte(db, contexte, null, {
    email: COMPTE_MEMBRE_LOCALE_DEMO,
    nom: 'Lambert',
    prenom: 'Inès',
    profil: 'membre_ccapex',
    organisationId: caf.id,
    motDePasse: MOT_DE_PASSE_DEMO,
    compteDemo: true,
  });
  await db.updateTable('utilisateur').set({ commission_id: locale.id }).where('id', '=', id).execute();
}
