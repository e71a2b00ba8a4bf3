import { describe, expect, it } from 'vitest';
import { connecter, creerAppDeTest } from '../../../test/app-de-test.js';
import { nouveauDossier } from '../../../test/fabriques.js';
import { creerCompte } from '../identite/service.js';

const { app, db } = await creerAppDeTest();
const prefecture = await connecter(app, 'prefecture.75@demo.exploc.fr');
const secretariat = await connecter(app, 'ccapex.75@demo.exploc.fr');
const membreCd = await connecter(app, 'cd.75@demo.exploc.fr');
const bailleur = await connecter(app, 'bailleur@demo.exploc.fr');
const prefecture93 = await connecter(app, 'prefecture.93@demo.exploc.fr');
const police = await connecter(app, 'police.75@demo.exploc.fr');

const creation = await prefecture.requete({
  method: 'POST',
  url: '/api/v1/dossiers',
  payload: nouveauDossier(),
});
expect(creation.statusCode).toBe(201);
const dossierId = (creation.json() as { id: string }).id;
const notes = `/api/v1/dossiers/${dossierId}/ccapex/notes`;

// A local CCAPEX of the same département, with one member account attached to it.
const centrale = await db
  .selectFrom('commission')
  .select('id')
  .where('departement_code', '=', '75')
  .where('type', '=', 'centrale')
  .executeTakeFirstOrThrow();
const locale = await db
  .insertInto('commission')
  .values({
    departement_code: '75',
    type: 'locale',
    nom: 'CCAPEX locale Paris Sud (test)',
    parent_id: centrale.id,
    perimetre_type: 'arrondissement',
    communes: ['75113', '75114'],
    delegation_signalements: true,
  })
  .returning('id')
  .executeTakeFirstOrThrow();
const organisationCd = await db
  .selectFrom('utilisateur')
  .select('organisation_id')
  .where('email', '=', 'cd.75@demo.exploc.fr')
  .executeTakeFirstOrThrow();
const autre = await creerCompte(db, { appelant: null, requeteId: 'test' }, null, {
  email: 'membre.locale@test.exploc.fr',
  nom: 'Locale',
  prenom: 'Membre',
  profil: 'membre_ccapex',
  organisationId: organisationCd.organisation_id,
  motDePasse: 'demo',
  compteDemo: true,
});
await db.updateTable('utilisateur').set({ commission_id: locale.id }).where('id', '=', autre.id).execute();
const membreLocale = await connecter(app, 'membre.locale@test.exploc.fr');

describe('compartiment CCAPEX (notes et diagnostic social)', () => {
  it('le secrétariat de la commission ajoute une note avec le fondement du partage, journalisé', async () => {
    const r = await secretariat.requete({
      method: 'POST',
      url: notes,
      payload: {
        type: 'diagnostic_social',
        contenu: 'Rupture de ressources après une perte d’emploi ; aide du FSL envisageable.',
        fondement: 'diagnostic_social_financier',
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    const { id } = r.json() as { id: string };
    const j = await db
      .selectFrom('journal')
      .select(['details', 'utilisateur_id'])
      .where('action', '=', 'ccapex_note_ajoutee')
      .where('objet_id', '=', dossierId)
      .executeTakeFirstOrThrow();
    expect(j.details).toMatchObject({ note: id, fondement: 'diagnostic_social_financier' });
    expect(JSON.stringify(j.details)).not.toContain('FSL');
  });

  it('les membres de la commission et la préfecture lisent le compartiment ; la lecture est journalisée avec ses fondements', async () => {
    for (const agent of [secretariat, membreCd, prefecture]) {
      const r = await agent.requete({ method: 'GET', url: notes });
      expect(r.statusCode, r.body).toBe(200);
      const corps = r.json() as { elements: { type: string; fondement: string; contenu: string }[] };
      expect(corps.elements).toHaveLength(1);
      expect(corps.elements[0]).toMatchObject({
        type: 'diagnostic_social',
        fondement: 'diagnostic_social_financier',
      });
      const vue = await agent.requete({ method: 'GET', url: `/api/v1/dossiers/${dossierId}` });
      expect((vue.json() as { compartimentCcapex: boolean }).compartimentCcapex).toBe(true);
    }
    const lectures = await db
      .selectFrom('journal')
      .select(['details'])
      .where('action', '=', 'ccapex_compartiment_lu')
      .where('objet_id', '=', dossierId)
      .execute();
    expect(lectures).toHaveLength(3);
    expect(lectures[0]?.details).toMatchObject({ notes: 1, fondements: ['diagnostic_social_financier'] });
  });

  it('le bailleur voit son dossier mais jamais le compartiment', async () => {
    const { organisation_id } = await db
      .selectFrom('utilisateur')
      .select('organisation_id')
      .where('email', '=', 'bailleur@demo.exploc.fr')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('dossier_organisation')
      .values({ dossier_id: dossierId, organisation_id, role: 'bailleur' })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const vue = await bailleur.requete({ method: 'GET', url: `/api/v1/dossiers/${dossierId}` });
    expect(vue.statusCode).toBe(200);
    expect((vue.json() as { compartimentCcapex: boolean }).compartimentCcapex).toBe(false);
    const r = await bailleur.requete({ method: 'GET', url: notes });
    expect(r.statusCode).toBe(403);
    expect((r.json() as { erreur: { code: string } }).erreur.code).toBe('compartiment_ccapex_interdit');
    const ecriture = await bailleur.requete({
      method: 'POST',
      url: notes,
      payload: { type: 'note', contenu: 'Essai', fondement: 'consentement_menage' },
    });
    expect(ecriture.statusCode).toBe(403);
  });

  it('un membre d’une autre commission, un agent d’un autre département et la police n’y accèdent pas', async () => {
    for (const agent of [membreLocale, prefecture93, police]) {
      const r = await agent.requete({ method: 'GET', url: notes });
      expect(r.statusCode).toBe(404);
      expect(r.body).not.toContain('FSL');
    }
  });

  it('une note invalide est refusée avec un message en français, sans rien écrire', async () => {
    const avant = await db
      .selectFrom('ccapex_note')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const r = await secretariat.requete({
      method: 'POST',
      url: notes,
      payload: { type: 'note', contenu: '   ', fondement: 'parce_que' },
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('Fondement du partage inconnu');
    const apres = await db
      .selectFrom('ccapex_note')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(apres.n)).toBe(Number(avant.n));
  });
});
