import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { creerBaseDeTest } from '../../../test/base-de-test.js';
import { COLONNES_ECRITES_JOURNAL, journaliser } from '../../plugins/journal.js';
import {
  COLONNES_SCELLEES,
  DELAI_SCELLEMENT_SECONDES,
  scellerJournal,
  verifierJournal,
} from './scellement.js';

const racine = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const { db, url } = await creerBaseDeTest();
const plusTard = () => new Date(Date.now() + (DELAI_SCELLEMENT_SECONDES + 5) * 1000);

function verifierParLaCommande() {
  return spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=source',
      path.join(racine, 'packages/server/src/cli.ts'),
      'journal',
      'verifier',
    ],
    { cwd: racine, encoding: 'utf8', env: { ...process.env, DATABASE_URL: url }, timeout: 60_000 },
  );
}

describe('scellement du journal (blocs chaînés)', () => {
  it('scelle chaque colonne qu’une ligne de journal reçoit (l’ordre du sceau est écrit à part, figé)', () => {
    expect(COLONNES_SCELLEES.slice(0, 2)).toEqual(['id', 'horodatage']);
    expect([...COLONNES_SCELLEES.slice(2)].sort()).toEqual([...COLONNES_ECRITES_JOURNAL].sort());
  });

  it('scelle les lignes assez anciennes, chaîne les blocs et vérifie un journal intact', async () => {
    for (let i = 0; i < 5; i++) {
      await journaliser(
        db,
        { appelant: null, requeteId: `r${i}` },
        { action: 'essai', objetType: 'dossier', objetId: String(i), details: { i } },
      );
    }
    expect(await scellerJournal(db, new Date())).toEqual({ blocs: 0, lignes: 0 }); // too recent
    const premier = await scellerJournal(db, plusTard());
    expect(premier.blocs).toBe(1);
    expect(premier.lignes).toBeGreaterThanOrEqual(5);
    await journaliser(db, { appelant: null, requeteId: 'r9' }, { action: 'essai', details: { i: 9 } });
    expect((await scellerJournal(db, plusTard())).blocs).toBe(1);
    const blocs = await db.selectFrom('journal_bloc').selectAll().orderBy('id').execute();
    expect(blocs[1]?.hash_precedent).toBe(blocs[0]?.hash);
    expect(await verifierJournal(db)).toMatchObject({ intact: true, blocs: 2, nonScellees: 0 });
    const commande = verifierParLaCommande();
    expect(commande.status, commande.stderr).toBe(0);
    expect(JSON.parse(commande.stdout)).toMatchObject({ statut: 'intact', blocs: 2 });
  });

  it('détecte une ligne modifiée en contournant le déclencheur, et nomme le premier bloc rompu (sortie 1)', async () => {
    const premierBloc = await db
      .selectFrom('journal_bloc')
      .select(['id', 'premier_id'])
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await db.connection().execute(async (c) => {
      await sql`set session_replication_role = replica`.execute(c);
      await sql`update journal set action = 'falsifie' where id = ${premierBloc.premier_id}`.execute(c);
      await sql`set session_replication_role = origin`.execute(c);
    });
    const r = await verifierJournal(db);
    expect(r).toMatchObject({ intact: false, premierBlocCasse: premierBloc.id, raison: 'contenu modifié' });
    const commande = verifierParLaCommande();
    expect(commande.status).toBe(1);
    expect(commande.stderr).toContain(`bloc ${premierBloc.id}`);
  });

  it('les blocs eux-mêmes sont en ajout seul', async () => {
    await expect(db.deleteFrom('journal_bloc').execute()).rejects.toThrow(/ajout seul/);
  });
});
