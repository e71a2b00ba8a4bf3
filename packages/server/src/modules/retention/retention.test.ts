import { describe, expect, it } from 'vitest';
import { connecter, creerAppDeTest } from '../../../test/app-de-test.js';
import { nouveauDossier } from '../../../test/fabriques.js';
import { journaliser } from '../../plugins/journal.js';
import { scellerJournal, verifierJournal } from '../journal/scellement.js';
import { creerClientPartenaire } from '../partenaires/service.js';
import { DUREES_PAR_DEFAUT, purger } from './service.js';

const { app, db } = await creerAppDeTest();
const pref75 = await connecter(app, 'prefecture.75@demo.exploc.fr');

async function dossierClos(agent = pref75) {
  const d = (
    await agent.requete({ method: 'POST', url: '/api/v1/dossiers', payload: nouveauDossier() })
  ).json();
  const r = await agent.requete({
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

  it('purge les livraisons de webhooks terminées (livrées, en échec, annulées) au-delà de leur durée, jamais celles en attente', async () => {
    const client = await creerClientPartenaire(db, {
      type: 'commissaire_justice',
      nom: 'Étude Purge',
      siret: '66666666600066',
      departements: ['75'],
    });
    const ligneClient = await db
      .selectFrom('partenaire_client')
      .select('id')
      .where('client_id', '=', client.clientId)
      .executeTakeFirstOrThrow();
    const a = await db
      .insertInto('webhook_abonnement')
      .values({
        client_id: ligneClient.id,
        url: 'https://exemple.fr/hook',
        evenements: ['acte_integre'],
        secret: 's',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const ilYA = (jours: number) => new Date(Date.now() - jours * 86_400_000);
    const lignes = [
      { statut: 'livree', cree_le: ilYA(40), livree_le: ilYA(40) },
      { statut: 'echec', cree_le: ilYA(45), livree_le: null },
      { statut: 'annulee', cree_le: ilYA(60), livree_le: null },
      { statut: 'en_attente', cree_le: ilYA(90), livree_le: null },
      { statut: 'livree', cree_le: ilYA(40), livree_le: ilYA(5) },
      { statut: 'echec', cree_le: ilYA(2), livree_le: null },
    ] as const;
    const ids = await db
      .insertInto('webhook_livraison')
      .values(lignes.map((l) => ({ ...l, abonnement_id: a.id, type: 'acte_integre', corps: '{}' })))
      .returning('id')
      .execute();
    const restants = async () =>
      (await db.selectFrom('webhook_livraison').select('id').where('abonnement_id', '=', a.id).execute())
        .length;
    const simulation = await purger(db, { simulation: true });
    expect(simulation.supprimes.webhooksLivraisons).toBe(3);
    expect(await restants()).toBe(6);
    const reel = await purger(db, { simulation: false });
    expect(reel.supprimes.webhooksLivraisons).toBe(3);
    const gardes = await db
      .selectFrom('webhook_livraison')
      .select('id')
      .where('abonnement_id', '=', a.id)
      .execute();
    expect(gardes.map((g) => g.id).sort()).toEqual([ids[3]?.id, ids[4]?.id, ids[5]?.id].sort());
    // The retention is configurable: at one day, the recent failure goes too (the pending one stays).
    const court = await purger(db, {
      simulation: false,
      durees: { ...DUREES_PAR_DEFAUT, webhooksLivraisonsJours: 1 },
    });
    expect(court.supprimes.webhooksLivraisons).toBe(2);
    expect(await restants()).toBe(1);
  });
});

describe('purge : compartiment CCAPEX et alertes de sécurité', () => {
  it('un dossier clos purgé emporte ses saisines et notes CCAPEX ; les alertes anciennes sont purgées', async () => {
    // The tests above purge the sessions they expire: log in again.
    const id = await dossierClos(await connecter(app, 'prefecture.75@demo.exploc.fr'));
    const d = await db
      .selectFrom('dossier')
      .select(['commission_id', 'departement_code', 'commune_insee'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const auteur = await db
      .selectFrom('utilisateur')
      .select(['id', 'organisation_id'])
      .where('email', '=', 'ccapex.75@demo.exploc.fr')
      .executeTakeFirstOrThrow();
    const commissionId = d.commission_id as string;
    await db
      .insertInto('ccapex_saisine')
      .values({
        departement_code: d.departement_code,
        commission_id: commissionId,
        commune_insee: d.commune_insee,
        origine: 'bailleur',
        statut: 'acceptee',
        dossier_id: id,
      })
      .execute();
    await db
      .insertInto('ccapex_note')
      .values({
        dossier_id: id,
        commission_id: commissionId,
        type: 'note',
        contenu: 'Note à purger',
        fondement: 'art_7_2_examen_situation',
        auteur_id: auteur.id,
        auteur_organisation_id: auteur.organisation_id,
      })
      .execute();
    await db
      .insertInto('alerte_securite')
      .values({
        regle: 'hors_horaires',
        utilisateur_id: auteur.id,
        departement_code: '75',
        fenetre_debut: new Date('2020-01-01T21:00:00Z'),
        fenetre_fin: new Date('2020-01-01T22:00:00Z'),
        nombre: 3,
        seuil: 1,
        detectee_le: new Date('2020-01-02T00:00:00Z'),
      })
      .execute();
    await db
      .updateTable('dossier')
      .set({ mis_a_jour_le: new Date('2019-01-01T00:00:00Z') })
      .where('id', '=', id)
      .execute();

    const simulation = await purger(db, { simulation: true });
    expect(simulation.supprimes.alertesSecurite).toBe(1);
    const reel = await purger(db, { simulation: false });
    expect(reel.supprimes.alertesSecurite).toBe(1);
    expect(
      await db.selectFrom('dossier').select('id').where('id', '=', id).executeTakeFirst(),
    ).toBeUndefined();
    expect(await db.selectFrom('ccapex_note').select('id').where('dossier_id', '=', id).execute()).toEqual(
      [],
    );
    expect(await db.selectFrom('ccapex_saisine').select('id').where('dossier_id', '=', id).execute()).toEqual(
      [],
    );
    expect(await db.selectFrom('alerte_securite').select('id').execute()).toEqual([]);
  });
});
