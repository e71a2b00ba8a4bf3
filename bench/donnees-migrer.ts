import { creerKysely } from '../packages/server/src/db/connexion.js';
import { migrerBase } from '../packages/server/src/db/migrations.js';
import { chargerReferentiel } from '../packages/server/src/db/referentiel.js';

const { db } = creerKysely(process.env.DATABASE_URL as string, 2);
await migrerBase(db);
await chargerReferentiel(db);
await db.destroy();
