import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as m0001 from './migrations/0001_socle.js';
import * as m0002 from './migrations/0002_dossiers.js';
import * as m0003 from './migrations/0003_travail_agents.js';
import * as m0004 from './migrations/0004_documents.js';
import * as m0005 from './migrations/0005_partenaires.js';
import * as m0006 from './migrations/0006_pilotage.js';
import * as m0007 from './migrations/0007_journal_scelle.js';
import * as m0008 from './migrations/0008_recherche_numero.js';
import * as m0009 from './migrations/0009_cfp.js';
import * as m0010 from './migrations/0010_indemnisation_ajustement.js';
import * as m0011 from './migrations/0011_indemnisation_reglement.js';
import * as m0012 from './migrations/0012_echanges_partenaires.js';
import * as m0013 from './migrations/0013_execution_cfp.js';
import * as m0014 from './migrations/0014_webhooks.js';
import * as m0015 from './migrations/0015_ccapex.js';
import * as m0016 from './migrations/0016_securite.js';
import * as m0017 from './migrations/0017_proconnect.js';
import * as m0019 from './migrations/0019_cfp_complements.js';
import * as m0021 from './migrations/0021_ccapex_seances.js';
import * as m0022 from './migrations/0022_reclamation_bailleur.js';
import * as m0023 from './migrations/0023_bac_a_sable.js';
import * as m0024 from './migrations/0024_document_classe.js';
import * as m0025 from './migrations/0025_index_recherche_redondant.js';
import * as m0026 from './migrations/0026_autovacuum_tables_chaudes.js';
import * as m0027 from './migrations/0027_pilotage_recalcul_differentiel.js';
import * as m0028 from './migrations/0028_pilotage_differe.js';
import * as m0029 from './migrations/0029_decisions_apl_caf.js';
import type { DB } from './schema.js';

/** Static list: migrations are bundled with the build, never discovered from the file system. */
const migrations: Record<string, Migration> = {
  '0001_socle': m0001,
  '0002_dossiers': m0002,
  '0003_travail_agents': m0003,
  '0004_documents': m0004,
  '0005_partenaires': m0005,
  '0006_pilotage': m0006,
  '0007_journal_scelle': m0007,
  '0008_recherche_numero': m0008,
  '0009_cfp': m0009,
  '0010_indemnisation_ajustement': m0010,
  '0011_indemnisation_reglement': m0011,
  '0012_echanges_partenaires': m0012,
  '0013_execution_cfp': m0013,
  '0014_webhooks': m0014,
  '0015_ccapex': m0015,
  '0016_securite': m0016,
  '0017_proconnect': m0017,
  '0019_cfp_complements': m0019,
  '0021_ccapex_seances': m0021,
  '0022_reclamation_bailleur': m0022,
  '0023_bac_a_sable': m0023,
  '0024_document_classe': m0024,
  '0025_index_recherche_redondant': m0025,
  '0026_autovacuum_tables_chaudes': m0026,
  '0027_pilotage_recalcul_differentiel': m0027,
  '0028_pilotage_differe': m0028,
  '0029_decisions_apl_caf': m0029,
};

const fournisseur: MigrationProvider = { getMigrations: async () => migrations };

export async function migrerBase(db: Kysely<DB>): Promise<string[]> {
  const migrator = new Migrator({
    db: db as unknown as Kysely<unknown>,
    provider: fournisseur,
    migrationTableName: 'kysely_migration',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
