import { describe, expect, it } from 'vitest';
import { connecter, creerAppDeTest } from '../../../test/app-de-test.js';
import { nouveauDossier } from '../../../test/fabriques.js';
import { journaliser } from '../../plugins/journal.js';
import { scellerJournal, verifierJournal } from '../journal/scellement.js';
import { DUREES_PAR_DEFAUT, purger } from './service.js';

const { app, db } = await creerAppDeTest();
const pref75 = await connecter(app, 'prefecture.75@demo.exploc.fr');

async function dossierClos() {
  const d = (
    await pref75.requete({ method: 'POST', url: '/api/v1/dossiers', payload: nouveauDossier() })
  ).json();
  const r = await pref75.requete({
    method: 'POST',
    url: `/api/v1/dossiers/${d.id}/evenements`,
    headers: { 'if-match': `"${d.version}"` },
    payload: { type: 'apurement_dette', date: '2025-01-10' },
  });
  expect(r.statusCode, r.body).toBe(201);
  return d.id as string;
}

describe('purge de conservation', () => {
  it('simule puis supprime les dossiers clos trop anciens, garde les récents ; le journal reste vérifiable', async () => {
    const ancien = await dossierClos();
    const recent = await dossierClos();
    const ouvert = (
      await pref75.requete({ method: 'POST', url: '/api/v1/dossiers', payload: nouveauDossier() })
    ).json().id as string;
    await db
      .updateTable('dossier')
      .set({ mis_a_jour_le: new Date('2020-01-01T00:00:00Z') })
      .where('id', 'in', [ancien, ouvert])
      .execute();

    const avantPurge = await db
      .selectFrom('dossier')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const simulation = await purger(db, { simulation: true });
    expect(simulation.supprimes.dossiersClos).toBeGreaterThanOrEqual(1);
    expect(
      await db.selectFrom('dossier').select('id').where('id', '=', ancien).executeTakeFirst(),
    ).toBeDefined();

    const reel = await purger(db, { simulation: false });
    expect(reel.supprimes.dossiersClos).toBe(simulation.supprimes.dossiersClos);
    const apres = await db
      .selectFrom('dossier')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(avantPurge.n) - Number(apres.n)).toBe(reel.supprimes.dossiersClos);
    const restants = await db
      .selectFrom('dossier')
      .select('id')
      .where('id', 'in', [ancien, recent, ouvert])
      .execute();
    expect(restants.map((r) => r.id).sort()).toEqual([recent, ouvert].sort());
    expect(
      await db.selectFrom('evenement').select('id').where('dossier_id', '=', ancien).execute(),
    ).toHaveLength(0);
  });

  it('supprime les blocs de journal plus anciens que la durée de conservation, et la chaîne reste intacte', async () => {
    await journaliser(db, { appelant: null, requeteId: 'x' }, { action: 'essai' });
    const dans3Jours = new Date(Date.now() + 3 * 86_400_000);
    await scellerJournal(db, dans3Jours);
    await journaliser(db, { appelant: null, requeteId: 'y' }, { action: 'essai' });
    const r = await purger(db, {
      simulation: false,
      maintenant: dans3Jours,
      durees: { ...DUREES_PAR_DEFAUT, journalJours: 1 },
    });
    expect(r.supprimes.journalBlocs).toBeGreaterThanOrEqual(1);
    const verif = await verifierJournal(db);
    expect(verif.intact).toBe(true);
  });
});
