import { describe, expect, it } from 'vitest';
import { connecter, creerAppDeTest } from '../../../test/app-de-test.js';
import { nouveauDossier } from '../../../test/fabriques.js';
import { insererOrganisation } from '../identite/repository.js';
import { creerCompte } from '../identite/service.js';
import { NOM_CCAPEX_LOCALE_DEMO, NOM_SOUS_COMMISSION_DEMO } from './demo.js';
import { commissionCompetente } from './territoire.js';

const { app, db } = await creerAppDeTest();
const admin75 = await connecter(app, 'admin.75@demo.exploc.fr');
const pref75 = await connecter(app, 'prefecture.75@demo.exploc.fr');
const ccapex75 = await connecter(app, 'ccapex.75@demo.exploc.fr');

async function organisation(nom: string) {
  return (await db.selectFrom('organisation').select('id').where('nom', '=', nom).executeTakeFirstOrThrow())
    .id;
}
async function commission(nom: string) {
  return db.selectFrom('commission').selectAll().where('nom', '=', nom).executeTakeFirstOrThrow();
}
const centrale75 = await db
  .selectFrom('commission')
  .selectAll()
  .where('departement_code', '=', '75')
  .where('type', '=', 'centrale')
  .executeTakeFirstOrThrow();

async function lire(id: string) {
  const r = await admin75.requete({ method: 'GET', url: `/api/v1/ccapex/commissions/${id}` });
  expect(r.statusCode, r.body).toBe(200);
  return r;
}

describe('organisation des CCAPEX du département', () => {
  it('liste les commissions du département de l’administrateur : centrale d’abord, rien d’un autre département', async () => {
    const r = await admin75.requete({ method: 'GET', url: '/api/v1/ccapex/commissions' });
    expect(r.statusCode).toBe(200);
    const elements = r.json().elements as {
      type: string;
      departementCode: string;
      nom: string;
      membres: number;
    }[];
    expect(elements[0]?.type).toBe('centrale');
    expect(elements.every((c) => c.departementCode === '75')).toBe(true);
    expect(elements.map((c) => c.nom)).toContain(NOM_CCAPEX_LOCALE_DEMO);
    expect(elements[0]?.membres).toBeGreaterThanOrEqual(5);
  });

  it('préremplit les communes d’un arrondissement et refuse une commune hors du département', async () => {
    const communes = await admin75.requete({
      method: 'GET',
      url: '/api/v1/ccapex/communes?arrondissement=751',
    });
    expect(communes.json().elements.map((c: { code: string }) => c.code)).toContain('75115');
    const horsDepartement = await admin75.requete({
      method: 'POST',
      url: '/api/v1/ccapex/commissions',
      payload: {
        type: 'locale',
        nom: 'CCAPEX locale débordante',
        perimetreType: 'arrondissement',
        communes: ['75115', '93066'],
      },
    });
    expect(horsDepartement.statusCode).toBe(422);
    expect(horsDepartement.json().erreur.code).toBe('communes_hors_departement');
  });

  it('crée une CCAPEX locale avec délégation : les nouveaux dossiers de ses communes y vont, les anciens sont réorientés sur demande', async () => {
    const avant = await pref75.requete({
      method: 'POST',
      url: '/api/v1/dossiers',
      payload: nouveauDossier({
        logement: {
          adresse: { ligne: '3 rue Vaugirard', codePostal: '75015', codeInsee: '75115' },
          social: true,
        },
      }),
    });
    expect(avant.statusCode).toBe(201);
    const ancien = avant.json().id as string;
    expect(
      (
        await db
          .selectFrom('dossier')
          .select('commission_id')
          .where('id', '=', ancien)
          .executeTakeFirstOrThrow()
      ).commission_id,
    ).toBe(centrale75.id);

    const cree = await admin75.requete({
      method: 'POST',
      url: '/api/v1/ccapex/commissions',
      payload: {
        type: 'locale',
        nom: 'CCAPEX locale Paris Sud-Ouest',
        perimetreType: 'arrondissement',
        communes: ['75115', '75116'],
        delegationSignalements: true,
        delaiOrientationJours: 15,
        emailSecretariat: 'sud-ouest@exemple.fr',
      },
    });
    expect(cree.statusCode, cree.body).toBe(201);
    const locale = cree.json().id as string;

    // New dossiers of its communes are routed to it.
    const apres = await pref75.requete({
      method: 'POST',
      url: '/api/v1/dossiers',
      payload: nouveauDossier({
        logement: {
          adresse: { ligne: '9 rue Lecourbe', codePostal: '75015', codeInsee: '75115' },
          social: true,
        },
      }),
    });
    expect(
      (
        await db
          .selectFrom('dossier')
          .select('commission_id')
          .where('id', '=', apres.json().id)
          .executeTakeFirstOrThrow()
      ).commission_id,
    ).toBe(locale);

    // The existing one stays until the administrator re-routes.
    const apercu = await admin75.requete({
      method: 'GET',
      url: `/api/v1/ccapex/commissions/${locale}/reorientation`,
    });
    expect(apercu.json().dossiers).toBeGreaterThanOrEqual(1);
    const reoriente = await admin75.requete({
      method: 'POST',
      url: `/api/v1/ccapex/commissions/${locale}/reorientation`,
    });
    expect(reoriente.statusCode).toBe(200);
    expect(reoriente.json().dossiers).toBe(apercu.json().dossiers);
    const d = await db
      .selectFrom('dossier')
      .select(['commission_id', 'version'])
      .where('id', '=', ancien)
      .executeTakeFirstOrThrow();
    expect(d.commission_id).toBe(locale);
    expect(d.version).toBe(avant.json().version + 1);
    const journal = await db
      .selectFrom('journal')
      .select('action')
      .where('objet_id', '=', ancien)
      .where('action', '=', 'dossier_commission_modifiee')
      .execute();
    expect(journal).toHaveLength(1);
    // Nothing left to move.
    expect(
      (
        await admin75.requete({ method: 'GET', url: `/api/v1/ccapex/commissions/${locale}/reorientation` })
      ).json().dossiers,
    ).toBe(0);
  });

  it('route par territoire : sous-commission d’abord, puis locale avec délégation, sinon centrale', async () => {
    const locale = await commission(NOM_CCAPEX_LOCALE_DEMO);
    const sous = await commission(NOM_SOUS_COMMISSION_DEMO);
    expect(await commissionCompetente(db, { code_insee: '75118', departement_code: '75' })).toBe(sous.id);
    expect(await commissionCompetente(db, { code_insee: '75119', departement_code: '75' })).toBe(locale.id);
    expect(await commissionCompetente(db, { code_insee: '75101', departement_code: '75' })).toBe(
      centrale75.id,
    );
    // Without delegation the local commission routes nothing.
    const l = await lire(locale.id);
    const sans = await admin75.requete({
      method: 'PATCH',
      url: `/api/v1/ccapex/commissions/${locale.id}`,
      headers: { 'if-match': l.headers.etag as string },
      payload: { delegationSignalements: false },
    });
    expect(sans.statusCode, sans.body).toBe(200);
    expect(await commissionCompetente(db, { code_insee: '75119', departement_code: '75' })).toBe(
      centrale75.id,
    );
    expect(await commissionCompetente(db, { code_insee: '75118', departement_code: '75' })).toBe(
      centrale75.id,
    );
    const remis = await admin75.requete({
      method: 'PATCH',
      url: `/api/v1/ccapex/commissions/${locale.id}`,
      headers: { 'if-match': sans.headers.etag as string },
      payload: { delegationSignalements: true },
    });
    expect(remis.statusCode).toBe(200);
    // A stale version is refused.
    const perime = await admin75.requete({
      method: 'PATCH',
      url: `/api/v1/ccapex/commissions/${locale.id}`,
      headers: { 'if-match': l.headers.etag as string },
      payload: { nom: 'Autre nom' },
    });
    expect(perime.statusCode).toBe(412);
    const sansIfMatch = await admin75.requete({
      method: 'PATCH',
      url: `/api/v1/ccapex/commissions/${locale.id}`,
      payload: { nom: 'Autre nom' },
    });
    expect(sansIfMatch.statusCode).toBe(428);
  });

  it('une sous-commission reste dans le périmètre de sa CCAPEX locale, sous une locale', async () => {
    const locale = await commission(NOM_CCAPEX_LOCALE_DEMO);
    const dehors = await admin75.requete({
      method: 'POST',
      url: '/api/v1/ccapex/commissions',
      payload: {
        type: 'sous_commission',
        nom: 'Sous-commission 17e',
        parentId: locale.id,
        perimetreType: 'arrondissement',
        communes: ['75117'],
      },
    });
    expect(dehors.statusCode).toBe(422);
    expect(dehors.json().erreur.code).toBe('communes_hors_perimetre_parent');
    const sousCentrale = await admin75.requete({
      method: 'POST',
      url: '/api/v1/ccapex/commissions',
      payload: {
        type: 'sous_commission',
        nom: 'Sous-commission sous la centrale',
        parentId: centrale75.id,
        perimetreType: 'arrondissement',
        communes: ['75117'],
      },
    });
    expect(sousCentrale.statusCode).toBe(422);
    const ok = await admin75.requete({
      method: 'POST',
      url: '/api/v1/ccapex/commissions',
      payload: {
        type: 'sous_commission',
        nom: 'Sous-commission 20e',
        parentId: locale.id,
        perimetreType: 'arrondissement',
        communes: ['75120'],
      },
    });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('membres : ajout, double ajout refusé, modification, retrait ; représentants rattachés puis détachés', async () => {
    const locale = await commission(NOM_CCAPEX_LOCALE_DEMO);
    const adil = await organisation('ADIL de Paris (démo)');
    let r = await lire(locale.id);
    const ajout = await admin75.requete({
      method: 'POST',
      url: `/api/v1/ccapex/commissions/${locale.id}/membres`,
      headers: { 'if-match': r.headers.etag as string },
      payload: { organisationId: adil, categorie: 'adil', voix: 'consultative' },
    });
    expect(ajout.statusCode, ajout.body).toBe(201);
    const double = await admin75.requete({
      method: 'POST',
      url: `/api/v1/ccapex/commissions/${locale.id}/membres`,
      headers: { 'if-match': ajout.headers.etag as string },
      payload: { organisationId: adil, categorie: 'adil', voix: 'consultative' },
    });
    expect(double.statusCode).toBe(409);
    const modif = await admin75.requete({
      method: 'PATCH',
      url: `/api/v1/ccapex/commissions/${locale.id}/membres/${ajout.json().id}`,
      headers: { 'if-match': ajout.headers.etag as string },
      payload: { voix: 'deliberative' },
    });
    expect(modif.statusCode, modif.body).toBe(200);
    r = await lire(locale.id);
    expect(r.json().membres.find((m: { organisationId: string }) => m.organisationId === adil).voix).toBe(
      'deliberative',
    );
    const retrait = await admin75.requete({
      method: 'DELETE',
      url: `/api/v1/ccapex/commissions/${locale.id}/membres/${ajout.json().id}`,
      headers: { 'if-match': r.headers.etag as string },
    });
    expect(retrait.statusCode).toBe(200);

    // The account of an organisation that is a member nowhere above cannot be attached; the CD's can.
    const ccas = (
      await insererOrganisation(db, {
        type: 'ccas',
        nom: 'CCAS du 19e (test)',
        siret: null,
        departementCode: '75',
      })
    ).id;
    const compteAdil = await creerCompte(db, { appelant: null, requeteId: 't' }, null, {
      email: 'ccas.membre@exemple.fr',
      nom: 'Ccas',
      prenom: 'Anne',
      profil: 'membre_ccapex',
      organisationId: ccas,
      motDePasse: 'demo-demo-demo',
      compteDemo: false,
    });
    const rattachables = await admin75.requete({
      method: 'GET',
      url: `/api/v1/ccapex/commissions/${locale.id}/comptes-rattachables`,
    });
    const ids = rattachables.json().elements.map((u: { id: string }) => u.id);
    expect(ids).toContain(compteAdil.id);
    r = await lire(locale.id);
    const refuse = await admin75.requete({
      method: 'PUT',
      url: `/api/v1/ccapex/commissions/${locale.id}/representants/${compteAdil.id}`,
      headers: { 'if-match': r.headers.etag as string },
    });
    expect(refuse.statusCode).toBe(422);
    const cd = rattachables
      .json()
      .elements.find((u: { email: string }) => u.email === 'cd.75@demo.exploc.fr');
    const rattache = await admin75.requete({
      method: 'PUT',
      url: `/api/v1/ccapex/commissions/${locale.id}/representants/${cd.id}`,
      headers: { 'if-match': r.headers.etag as string },
    });
    expect(rattache.statusCode, rattache.body).toBe(200);
    r = await lire(locale.id);
    expect(r.json().representants.map((u: { email: string }) => u.email)).toContain('cd.75@demo.exploc.fr');
    const detache = await admin75.requete({
      method: 'DELETE',
      url: `/api/v1/ccapex/commissions/${locale.id}/representants/${cd.id}`,
      headers: { 'if-match': r.headers.etag as string },
    });
    expect(detache.statusCode).toBe(200);
    const u = await db
      .selectFrom('utilisateur')
      .select('commission_id')
      .where('id', '=', cd.id)
      .executeTakeFirstOrThrow();
    expect(u.commission_id).toBe(centrale75.id);
  });

  it('un administrateur d’un autre département reçoit 404 ; les autres profils 403', async () => {
    const pref93 = await organisation('Préfecture de la Seine-Saint-Denis (démo)');
    await creerCompte(db, { appelant: null, requeteId: 't' }, null, {
      email: 'admin.93@exemple.fr',
      nom: 'Admin',
      prenom: 'Quatre-vingt-treize',
      profil: 'admin_departemental',
      organisationId: pref93,
      motDePasse: 'demo-demo-demo',
      compteDemo: false,
    });
    const admin93 = await connecter(app, 'admin.93@exemple.fr', 'demo-demo-demo');
    const r = await admin93.requete({ method: 'GET', url: `/api/v1/ccapex/commissions/${centrale75.id}` });
    expect(r.statusCode).toBe(404);
    const liste = await admin93.requete({ method: 'GET', url: '/api/v1/ccapex/commissions' });
    expect(liste.json().elements.every((c: { departementCode: string }) => c.departementCode === '93')).toBe(
      true,
    );
    expect((await ccapex75.requete({ method: 'GET', url: '/api/v1/ccapex/commissions' })).statusCode).toBe(
      403,
    );
  });
});
