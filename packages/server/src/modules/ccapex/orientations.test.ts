import { ajouterJours } from '@exploc/domain/calendrier/dates';
import { describe, expect, it } from 'vitest';
import { connecter, creerAppDeTest } from '../../../test/app-de-test.js';
import { nouveauDossier } from '../../../test/fabriques.js';
import { demarrerSmtpDeTest } from '../../../test/smtp-de-test.js';
import { aujourdhui } from '../../lib/aujourdhui.js';
import { creerExpediteur } from '../../lib/courriel.js';
import { insererOrganisation } from '../identite/repository.js';
import { creerCompte } from '../identite/service.js';
import { NOM_CCAPEX_LOCALE_DEMO } from './demo.js';
import { relancerOrientationsEnRetard } from './orientations.js';

const smtp = await demarrerSmtpDeTest();
const { app, db, config } = await creerAppDeTest({ smtpUrl: smtp.url });
const pref75 = await connecter(app, 'prefecture.75@demo.exploc.fr');
const secretariat75 = await connecter(app, 'ccapex.75@demo.exploc.fr');
const cd75 = await connecter(app, 'cd.75@demo.exploc.fr');
const police75 = await connecter(app, 'police.75@demo.exploc.fr');
const bailleur = await connecter(app, 'bailleur@demo.exploc.fr');

const orgId = async (nom: string) =>
  (await db.selectFrom('organisation').select('id').where('nom', '=', nom).executeTakeFirstOrThrow()).id;
const cd = await orgId('Ville de Paris — action sociale (démo)');
const caf = await orgId('CAF de Paris (démo)');
// A CAF member account: another member organisation, which must neither see nor act on the CD's orientations.
await creerCompte(db, { appelant: null, requeteId: 'test' }, null, {
  email: 'caf.membre@exemple.fr',
  nom: 'Caf',
  prenom: 'Membre',
  profil: 'membre_ccapex',
  organisationId: caf,
  motDePasse: 'demo-demo-demo',
  compteDemo: false,
});
const membreCaf = await connecter(app, 'caf.membre@exemple.fr', 'demo-demo-demo');
const locale = await db
  .selectFrom('commission')
  .select(['id', 'delai_orientation_jours'])
  .where('nom', '=', NOM_CCAPEX_LOCALE_DEMO)
  .executeTakeFirstOrThrow();

async function dossier(codeInsee = '75119') {
  const r = await pref75.requete({
    method: 'POST',
    url: '/api/v1/dossiers',
    payload: nouveauDossier({
      logement: { adresse: { ligne: '14 rue de Flandre', codePostal: '75019', codeInsee }, social: true },
    }),
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string; numero: string };
}

async function orienter(dossierId: string, o: Record<string, unknown> = {}) {
  return secretariat75.requete({
    method: 'POST',
    url: '/api/v1/ccapex/orientations',
    payload: {
      dossierId,
      organisationId: cd,
      destinataireType: 'cd_action_sociale',
      objet: 'Évaluation sociale et accompagnement budgétaire',
      ...o,
    },
  });
}

describe('orientations vers les membres', () => {
  it('le secrétariat oriente vers un membre ; échéance par défaut = aujourd’hui + délai de la commission', async () => {
    const d = await dossier();
    const r = await orienter(d.id);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().echeance).toBe(ajouterJours(aujourdhui('75'), locale.delai_orientation_jours));
    const o = await db
      .selectFrom('ccapex_orientation')
      .selectAll()
      .where('id', '=', r.json().id)
      .executeTakeFirstOrThrow();
    expect(o.commission_id).toBe(locale.id);
    const section = await secretariat75.requete({ method: 'GET', url: `/api/v1/dossiers/${d.id}/ccapex` });
    expect(section.statusCode).toBe(200);
    expect(section.json().orientations).toHaveLength(1);
    expect(section.json().destinataires.map((m: { organisationId: string }) => m.organisationId)).toContain(
      cd,
    );
    // Outside the CCAPEX, the section shows nothing.
    const vuParLaPolice = await police75.requete({ method: 'GET', url: `/api/v1/dossiers/${d.id}/ccapex` });
    if (vuParLaPolice.statusCode === 200) expect(vuParLaPolice.json().orientations).toEqual([]);
  });

  it('refuse une organisation non membre et une échéance passée', async () => {
    const d = await dossier();
    const bailleurOrg = await orgId('Habitat Social Francilien (démo)');
    const ccas = (
      await insererOrganisation(db, {
        type: 'ccas',
        nom: 'CCAS (test orientation)',
        siret: null,
        departementCode: '75',
      })
    ).id;
    const nonMembre = await orienter(d.id, { organisationId: ccas, destinataireType: 'ccas' });
    expect(nonMembre.statusCode).toBe(422);
    expect(nonMembre.json().erreur.code).toBe('destinataire_non_membre');
    // The landlord is a member of the local CCAPEX of the demo: allowed.
    expect(
      (await orienter(d.id, { organisationId: bailleurOrg, destinataireType: 'bailleur' })).statusCode,
    ).toBe(201);
    const passee = await orienter(d.id, { echeance: '2020-01-01' });
    expect(passee.statusCode).toBe(400);
  });

  it('le membre destinataire voit l’orientation et le minimum du dossier, en accuse la prise en compte, agit et clôt', async () => {
    const d = await dossier('75118');
    const cree = await orienter(d.id, { objet: 'Instruire une aide du FSL' });
    const id = cree.json().id as string;
    const mes = await cd75.requete({ method: 'GET', url: '/api/v1/ccapex/orientations' });
    expect(mes.json().elements.map((o: { id: string }) => o.id)).toContain(id);
    const lue = await cd75.requete({ method: 'GET', url: `/api/v1/ccapex/orientations/${id}` });
    expect(lue.statusCode).toBe(200);
    expect(lue.json().situation.adresse).toContain('14 rue de Flandre');
    expect(lue.json().dossier.numero).toBe(d.numero);

    const pec = await cd75.requete({
      method: 'POST',
      url: `/api/v1/ccapex/orientations/${id}/prise-en-compte`,
      headers: { 'if-match': lue.headers.etag as string },
    });
    expect(pec.statusCode, pec.body).toBe(200);
    expect(pec.json().statut).toBe('prise_en_compte');
    const futur = await cd75.requete({
      method: 'POST',
      url: `/api/v1/ccapex/orientations/${id}/actions`,
      headers: { 'if-match': pec.headers.etag as string },
      payload: { type: 'menage_contacte', date: ajouterJours(aujourdhui('75'), 3) },
    });
    expect(futur.statusCode).toBe(400);
    const action = await cd75.requete({
      method: 'POST',
      url: `/api/v1/ccapex/orientations/${id}/actions`,
      headers: { 'if-match': pec.headers.etag as string },
      payload: { type: 'menage_contacte', date: aujourdhui('75'), commentaire: 'Rendez-vous fixé' },
    });
    expect(action.statusCode, action.body).toBe(200);
    const perimee = await cd75.requete({
      method: 'POST',
      url: `/api/v1/ccapex/orientations/${id}/cloture`,
      headers: { 'if-match': pec.headers.etag as string },
      payload: { resultat: 'Aide accordée' },
    });
    expect(perimee.statusCode).toBe(412);
    const close = await cd75.requete({
      method: 'POST',
      url: `/api/v1/ccapex/orientations/${id}/cloture`,
      headers: { 'if-match': action.headers.etag as string },
      payload: { resultat: 'Aide du FSL accordée : 1 200 € pour le maintien dans les lieux' },
    });
    expect(close.statusCode, close.body).toBe(200);
    const o = await db
      .selectFrom('ccapex_orientation')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(o.statut).toBe('close');
    expect(o.actions).toEqual([
      {
        type: 'menage_contacte',
        date: aujourdhui('75'),
        commentaire: 'Rendez-vous fixé',
        par: 'Léa Fournier',
      },
    ]);
    const journal = await db.selectFrom('journal').select('action').where('objet_id', '=', id).execute();
    expect(journal.map((j) => j.action)).toEqual(
      expect.arrayContaining([
        'ccapex_orientation_creee',
        'ccapex_orientation_prise_en_compte',
        'ccapex_orientation_action',
        'ccapex_orientation_close',
      ]),
    );
    // Closed: nothing more.
    const apres = await cd75.requete({
      method: 'POST',
      url: `/api/v1/ccapex/orientations/${id}/actions`,
      headers: { 'if-match': close.headers.etag as string },
      payload: { type: 'autre', date: aujourdhui('75') },
    });
    expect(apres.statusCode).toBe(409);
  });

  it('un membre d’une autre organisation ne voit ni n’agit sur l’orientation (404)', async () => {
    const d = await dossier();
    const id = (await orienter(d.id)).json().id as string;
    expect(
      (await membreCaf.requete({ method: 'GET', url: `/api/v1/ccapex/orientations/${id}` })).statusCode,
    ).toBe(404);
    const pec = await membreCaf.requete({
      method: 'POST',
      url: `/api/v1/ccapex/orientations/${id}/prise-en-compte`,
      headers: { 'if-match': '"1"' },
    });
    expect(pec.statusCode).toBe(404);
    const liste = await membreCaf.requete({ method: 'GET', url: '/api/v1/ccapex/orientations' });
    expect(liste.json().elements.some((o: { id: string }) => o.id === id)).toBe(false);
    expect((await bailleur.requete({ method: 'GET', url: '/api/v1/ccapex/orientations' })).statusCode).toBe(
      403,
    );
  });
});

describe('orientations en retard', () => {
  it('apparaissent dans « À traiter » du secrétariat, et sont relancées par courriel une fois par semaine au plus', async () => {
    const d = await dossier();
    const id = (await orienter(d.id)).json().id as string;
    await db
      .updateTable('ccapex_orientation')
      .set({ echeance: ajouterJours(aujourdhui('75'), -2) })
      .where('id', '=', id)
      .execute();
    const file = await secretariat75.requete({ method: 'GET', url: '/api/v1/a-traiter' });
    expect(file.json().orientationsEnRetard.map((o: { id: string }) => o.id)).toContain(id);
    const filePref = await pref75.requete({ method: 'GET', url: '/api/v1/a-traiter' });
    expect(filePref.json().orientationsEnRetard).toEqual([]);

    const expediteur = creerExpediteur(config);
    const jour = aujourdhui();
    const premier = await relancerOrientationsEnRetard(db, expediteur, {
      aujourdhui: jour,
      urlPublique: 'https://exploc.test',
    });
    expect(premier.relancees).toBeGreaterThanOrEqual(1);
    const pourCelleCi = smtp.recus.filter((m) => m.texte.includes(`/ccapex/orientations/${id}`));
    const destinataires = pourCelleCi.flatMap((m) => m.a);
    // The CD's member account and the local commission's secretariat address.
    expect(destinataires).toContain('cd.75@demo.exploc.fr');
    expect(destinataires).toContain('ccapex.paris-nord@demo.exploc.fr');
    expect(pourCelleCi[0]?.texte).toContain(d.numero);
    expect(pourCelleCi[0]?.texte).not.toContain('Lef');
    const o = await db
      .selectFrom('ccapex_orientation')
      .select('derniere_relance_le')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(o.derniere_relance_le).not.toBeNull();

    // Next day: no second reminder within 7 days; 8 days later, one more.
    const avant = smtp.recus.length;
    const encore = await relancerOrientationsEnRetard(db, expediteur, {
      aujourdhui: jour,
      urlPublique: 'https://exploc.test',
      maintenant: new Date(Date.now() + 86_400_000),
    });
    expect(encore.relancees).toBe(0);
    expect(smtp.recus.length).toBe(avant);
    const semaine = await relancerOrientationsEnRetard(db, expediteur, {
      aujourdhui: jour,
      urlPublique: 'https://exploc.test',
      maintenant: new Date(Date.now() + 8 * 86_400_000),
    });
    expect(semaine.relancees).toBeGreaterThanOrEqual(1);
    expect(smtp.recus.length).toBeGreaterThan(avant);
  });
});
