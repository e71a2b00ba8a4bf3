import type { TypePartenaire } from '@exploc/domain/schemas/partenaires';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { baseVide, seederDemo } from '../../seed/demo.js';
import { creerClientPartenaire } from './service.js';

/**
 * The partner sandbox (issue #6): an Exploc instance on its own database, filled with synthetic data, where the
 * software of études, landlords, CAF and Banque de France can be integrated before going live. One client per
 * partner type is created on first start and its credentials are shown once.
 */
export const CLIENTS_BAC_A_SABLE: readonly {
  type: TypePartenaire;
  nom: string;
  siret: string;
  departements: string[];
}[] = [
  {
    type: 'commissaire_justice',
    nom: 'Étude de démonstration (bac à sable)',
    siret: '00000000000125',
    departements: ['75', '93'],
  },
  // The demo social landlord: its client sees the demo dossiers it owns.
  {
    type: 'bailleur',
    nom: 'Bailleur de démonstration (bac à sable)',
    siret: '00000000000018',
    departements: [],
  },
  {
    type: 'caf',
    nom: 'CAF de démonstration (bac à sable)',
    siret: '00000000000133',
    departements: ['75', '93'],
  },
  {
    type: 'banque_de_france',
    nom: 'Banque de France de démonstration (bac à sable)',
    siret: '00000000000141',
    departements: ['75', '93'],
  },
];

export class BaseNonBacASable extends Error {
  constructor() {
    super(
      'Cette base contient déjà des comptes et n’est pas une base de bac à sable : le bac à sable exige une base à lui (EXPLOC_DATA_DIR ou DATABASE_URL distincts).',
    );
  }
}

export async function estBacASable(db: Kysely<DB>): Promise<boolean> {
  const r = await db
    .selectFrom('instance_parametre')
    .select('valeur')
    .where('cle', '=', 'bac_a_sable')
    .executeTakeFirst();
  return r?.valeur === 'oui';
}

export interface IdentifiantsBacASable {
  type: TypePartenaire;
  nom: string;
  clientId: string;
  clientSecret: string;
}

/**
 * Marks an empty database as a sandbox, fills it with the demo data and creates the partner clients that do
 * not exist yet. Refuses a database that holds accounts without being a sandbox. Returns the credentials
 * created by this call (the secrets are never stored in clear: they can only be shown now).
 */
export async function preparerBacASable(db: Kysely<DB>): Promise<IdentifiantsBacASable[]> {
  if (!(await estBacASable(db))) {
    if (!(await baseVide(db))) throw new BaseNonBacASable();
    await db
      .insertInto('instance_parametre')
      .values({ cle: 'bac_a_sable', valeur: 'oui' })
      .onConflict((oc) => oc.column('cle').doUpdateSet({ valeur: 'oui' }))
      .execute();
  }
  await seederDemo(db);
  const crees: IdentifiantsBacASable[] = [];
  for (const c of CLIENTS_BAC_A_SABLE) {
    const existe = await db
      .selectFrom('partenaire_client')
      .select('id')
      .where('nom', '=', c.nom)
      .executeTakeFirst();
    if (existe) continue;
    const { clientId, clientSecret } = await creerClientPartenaire(db, c);
    crees.push({ type: c.type, nom: c.nom, clientId, clientSecret });
  }
  return crees;
}
