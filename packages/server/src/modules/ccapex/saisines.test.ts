import { ajouterMois } from '@exploc/domain/calendrier/dates';
import { describe, expect, it } from 'vitest';
import { connecter, creerAppDeTest, jetonPartenaire } from '../../../test/app-de-test.js';
import { dossierEn93, nouveauDossier } from '../../../test/fabriques.js';
import { aujourdhui } from '../../lib/aujourdhui.js';
import { creerCompte } from '../identite/service.js';
import { creerClientPartenaire } from '../partenaires/service.js';
import { NOM_CCAPEX_LOCALE_DEMO } from './demo.js';

const { app, db } = await creerAppDeTest();
const bailleur = await connecter(app, 'bailleur@demo.exploc.fr');
const pref75 = await connecter(app, 'prefecture.75@demo.exploc.fr');
const ddets75 = await connecter(app, 'ddets.75@demo.exploc.fr');
const secretariat75 = await connecter(app, 'ccapex.75@demo.exploc.fr');
const cd75 = await connecter(app, 'cd.75@demo.exploc.fr');
const pref93Org = await db
  .selectFrom('organisation')
  .select('id')
  .where('nom', '=', 'Préfecture de la Seine-Saint-Denis (démo)')
  .executeTakeFirstOrThrow();
await creerCompte(db, { appelant: null, requeteId: 'test' }, null, {
  email: 'secretariat.93@exemple.fr',
  nom: 'Secrétariat',
  prenom: 'Seine-Saint-Denis',
  profil: 'secretariat_ccapex',
  organisationId: pref93Org.id,
  motDePasse: 'demo-demo-demo',
  compteDemo: false,
});
const secretariat93 = await connecter(app, 'secretariat.93@exemple.fr', 'demo-demo-demo');
const locale = await db
  .selectFrom('commission')
  .select('id')
  .where('nom', '=', NOM_CCAPEX_LOCALE_DEMO)
  .executeTakeFirstOrThrow();
const centrale75 = await db
  .selectFrom('commission')
  .select('id')
  .where('departement_code', '=', '75')
  .where('type', '=', 'centrale')
  .executeTakeFirstOrThrow();

function contenu(o: { nom?: string; ligne?: string; codeInsee?: string; codePostal?: string } = {}) {
  const base = nouveauDossier();
  return {
    dossier: {
      ...base,
      menage: { personnes: [{ nom: o.nom ?? 'Garnier', prenoms: 'Lucie', role: 'titulaire' as const }] },
      logement: {
        adresse: {
          ligne: o.ligne ?? '21 rue de Belleville',
          codePostal: o.codePostal ?? '75019',
          codeInsee: o.codeInsee ?? '75119',
        },
        social: true,
      },
    },
    detteMontant: 2450,
    dateArreteDette: aujourdhui('75'),
    moisImpayes: 4,
    demarches: ['relance_amiable'],
  };
}

async function saisineDuBailleur(c = contenu()) {
  const r = await bailleur.requete({
    method: 'POST',
    url: '/api/v1/ccapex/saisines',
    payload: { contenu: c },
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as {
    id: string;
    commissionId: string;
    recuLe: string;
    dossierCandidatId: string | null;
    assignationPossibleAPartirDu: string | null;
  };
}

async function lireSaisine(agent = secretariat75, id: string) {
  return agent.requete({ method: 'GET', url: `/api/v1/ccapex/saisines/${id}` });
}

async function evenements(dossierId: string) {
  return db
    .selectFrom('evenement')
    .select(['type', 'date_evenement', 'donnees', 'source'])
    .where('dossier_id', '=', dossierId)
    .execute();
}

describe('saisines entrantes', () => {
  it('un bailleur saisit la CCAPEX compétente par territoire et reçoit la date d’assignation possible', async () => {
    const s = await saisineDuBailleur();
    expect(s.commissionId).toBe(locale.id);
    expect(s.assignationPossibleAPartirDu).toBe(ajouterMois(s.recuLe, 2));
    const ailleurs = await saisineDuBailleur(
      contenu({ ligne: '2 rue de Rivoli', codeInsee: '75101', codePostal: '75001', nom: 'Perrin' }),
    );
    expect(ailleurs.commissionId).toBe(centrale75.id);
    // The central secretariat sees its descendants' inbox; the flow is waiting, nothing else was created.
    const boite = await secretariat75.requete({ method: 'GET', url: '/api/v1/ccapex/saisines' });
    expect(boite.statusCode).toBe(200);
    const ligne = boite.json().elements.find((e: { id: string }) => e.id === s.id);
    expect(ligne).toMatchObject({
      origine: 'bailleur',
      statut: 'a_trier',
      menage: 'GARNIER Lucie',
      dossier: null,
    });
  });

  it('refuse une saisine ni sur un dossier ni avec contenu (400), ou sur un dossier hors périmètre (404)', async () => {
    const vide = await bailleur.requete({ method: 'POST', url: '/api/v1/ccapex/saisines', payload: {} });
    expect(vide.statusCode).toBe(400);
    const d93 = await db
      .selectFrom('dossier')
      .select('id')
      .where('departement_code', '=', '93')
      .executeTakeFirstOrThrow();
    const hors = await pref75.requete({
      method: 'POST',
      url: '/api/v1/ccapex/saisines',
      payload: { dossierId: d93.id },
    });
    expect(hors.statusCode).toBe(404);
  });

  it('un agent enregistre la saisine du ménage ou d’un travailleur social sur un dossier', async () => {
    const d = (
      await pref75.requete({ method: 'POST', url: '/api/v1/dossiers', payload: nouveauDossier() })
    ).json();
    const r = await pref75.requete({
      method: 'POST',
      url: '/api/v1/ccapex/saisines',
      payload: {
        dossierId: d.id,
        origine: 'travailleur_social',
        message: 'Courrier de l’assistante sociale du secteur.',
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    const s = await db
      .selectFrom('ccapex_saisine')
      .selectAll()
      .where('id', '=', r.json().id)
      .executeTakeFirstOrThrow();
    expect(s).toMatchObject({ origine: 'travailleur_social', dossier_id: d.id, statut: 'a_trier' });
    expect(s.donnees).toEqual({ message: 'Courrier de l’assistante sociale du secteur.' });
  });

  it('un signalement de commandement d’un commissaire de justice arrive dans la boîte, rattaché au dossier', async () => {
    const etude = await creerClientPartenaire(db, {
      type: 'commissaire_justice',
      nom: 'Étude CCAPEX',
      siret: '44444444400044',
      departements: ['75'],
    });
    const jeton = await jetonPartenaire(app, etude);
    const d = (
      await pref75.requete({ method: 'POST', url: '/api/v1/dossiers', payload: nouveauDossier() })
    ).json();
    const envoyer = (corps: object, cle: string) =>
      app.inject({
        method: 'POST',
        url: '/api/partenaires/v1/actes',
        headers: { authorization: `Bearer ${jeton}`, 'idempotency-key': cle },
        payload: corps,
      });
    const commandement = await envoyer(
      {
        reference: 'CMD-1',
        type: 'commandement_de_payer',
        date: '2025-09-02',
        montantDette: 4000,
        dossier: { numero: d.numero },
      },
      'cle-cmd-1',
    );
    expect(commandement.statusCode, commandement.body).toBe(201);
    const signalement = await envoyer(
      {
        reference: 'SIG-1',
        type: 'signalement_commandement_ccapex',
        date: '2025-09-03',
        dossier: { numero: d.numero },
      },
      'cle-sig-1',
    );
    expect(signalement.statusCode, signalement.body).toBe(201);
    const s = await db
      .selectFrom('ccapex_saisine')
      .selectAll()
      .where('dossier_id', '=', d.id)
      .where('origine', '=', 'commissaire_justice')
      .executeTakeFirstOrThrow();
    expect(s).toMatchObject({ nature: 'signalement', statut: 'a_trier', acte_id: signalement.json().acteId });
    // The saisine's journal row names the étude's organisation (a partner system has no user).
    const { organisation_id: orgEtude } = await db
      .selectFrom('partenaire_client')
      .select('organisation_id')
      .where('client_id', '=', etude.clientId)
      .executeTakeFirstOrThrow();
    const recue = await db
      .selectFrom('journal')
      .select(['utilisateur_id', 'organisation_id'])
      .where('action', '=', 'ccapex_saisine_recue')
      .where('objet_id', '=', s.id)
      .executeTakeFirstOrThrow();
    expect(recue).toEqual({ utilisateur_id: null, organisation_id: orgEtude });
    // The commune 75118 is in the sub-commission of the demo, below the local CCAPEX with delegation.
    expect(s.commission_id).not.toBe(centrale75.id);
    // Accepting adds no saisine_ccapex: the dossier already carries the commissaire de justice's act.
    const lue = await lireSaisine(secretariat75, s.id);
    const ok = await secretariat75.requete({
      method: 'POST',
      url: `/api/v1/ccapex/saisines/${s.id}/acceptation`,
      headers: { 'if-match': lue.headers.etag as string },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().evenementId).toBeNull();
    expect((await evenements(d.id)).filter((e) => e.type === 'saisine_ccapex')).toHaveLength(0);
  });

  it('une saisine d’un bailleur par l’API des partenaires crée le dossier dans la commission compétente et une saisine à trier', async () => {
    const client = await creerClientPartenaire(db, {
      type: 'bailleur',
      nom: 'Bailleur API (test)',
      siret: '55555555500055',
      departements: ['75'],
    });
    const jeton = await jetonPartenaire(app, client);
    const r = await app.inject({
      method: 'POST',
      url: '/api/partenaires/v1/actes',
      headers: { authorization: `Bearer ${jeton}`, 'idempotency-key': 'cle-saisine-api-1' },
      payload: {
        reference: 'SAI-1',
        type: 'saisine_ccapex',
        date: aujourdhui('75'),
        origine: 'bailleur',
        dossier: {
          menage: { personnes: [{ nom: 'Texier', prenoms: 'Paul', role: 'titulaire' }] },
          logement: {
            adresse: { ligne: '9 rue de Crimée', codePostal: '75019', codeInsee: '75119' },
            social: true,
          },
          bail: { dateSignature: '2022-01-10', loyerMensuelHC: 700, chargesMensuelles: 60 },
          bailleur: { type: 'personne_morale', nom: 'Bailleur API (test)', siret: '55555555500055' },
        },
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    const d = await db
      .selectFrom('dossier')
      .select(['id', 'commission_id'])
      .where('numero', '=', r.json().dossierNumero)
      .executeTakeFirstOrThrow();
    expect(d.commission_id).toBe(locale.id);
    const s = await db
      .selectFrom('ccapex_saisine')
      .selectAll()
      .where('dossier_id', '=', d.id)
      .executeTakeFirstOrThrow();
    expect(s).toMatchObject({
      origine: 'bailleur',
      nature: 'saisine',
      commission_id: locale.id,
      statut: 'a_trier',
    });
  });

  it('une alerte CAF enregistrée sur un dossier, par n’importe quel chemin, ouvre une saisine d’origine caf', async () => {
    const d = (
      await pref75.requete({ method: 'POST', url: '/api/v1/dossiers', payload: nouveauDossier() })
    ).json();
    const r = await pref75.requete({
      method: 'POST',
      url: `/api/v1/dossiers/${d.id}/evenements`,
      headers: { 'if-match': `"${d.version}"` },
      payload: { type: 'signalement_impaye_caf', date: aujourdhui('75') },
    });
    expect(r.statusCode, r.body).toBe(201);
    const saisines = await db
      .selectFrom('ccapex_saisine')
      .selectAll()
      .where('dossier_id', '=', d.id)
      .execute();
    expect(saisines).toHaveLength(1);
    expect(saisines[0]).toMatchObject({ origine: 'caf', nature: 'alerte', statut: 'a_trier' });
    const journal = await db
      .selectFrom('journal')
      .select('action')
      .where('objet_id', '=', saisines[0]?.id as string)
      .executeTakeFirst();
    expect(journal?.action).toBe('ccapex_saisine_recue');
  });
});

describe('boîte de tri du secrétariat', () => {
  it('accepter crée le dossier dans la commission de la saisine et l’événement saisine_ccapex daté de la réception', async () => {
    const s = await saisineDuBailleur(contenu({ nom: 'Bonnet', ligne: '40 rue de Crimée' }));
    const lue = await lireSaisine(secretariat75, s.id);
    expect(lue.statusCode).toBe(200);
    expect(lue.json().donnees.detteMontant).toBe(2450);
    const sansVersion = await secretariat75.requete({
      method: 'POST',
      url: `/api/v1/ccapex/saisines/${s.id}/acceptation`,
    });
    expect(sansVersion.statusCode).toBe(428);
    const ok = await secretariat75.requete({
      method: 'POST',
      url: `/api/v1/ccapex/saisines/${s.id}/acceptation`,
      headers: { 'if-match': lue.headers.etag as string },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const dossierId = ok.json().dossierId as string;
    const d = await db
      .selectFrom('dossier')
      .select(['commission_id', 'nom_principal'])
      .where('id', '=', dossierId)
      .executeTakeFirstOrThrow();
    expect(d).toEqual({ commission_id: locale.id, nom_principal: 'BONNET Lucie' });
    const e = (await evenements(dossierId)).filter((x) => x.type === 'saisine_ccapex');
    expect(e).toHaveLength(1);
    expect(e[0]?.date_evenement).toBe(s.recuLe);
    expect(e[0]?.donnees).toEqual({ origine: 'bailleur' });
    const actions = await db
      .selectFrom('ccapex_saisine_action')
      .select('action')
      .where('saisine_id', '=', s.id)
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['reception', 'acceptation']);
    // Treated once: a second acceptation with the new version is refused.
    const encore = await secretariat75.requete({
      method: 'POST',
      url: `/api/v1/ccapex/saisines/${s.id}/acceptation`,
      headers: { 'if-match': ok.headers.etag as string },
    });
    expect(encore.statusCode).toBe(409);
  });

  it('fusionner rattache la saisine au dossier candidat du même logement, sans nouveau dossier', async () => {
    const existant = (
      await pref75.requete({
        method: 'POST',
        url: '/api/v1/dossiers',
        payload: nouveauDossier({
          menage: { personnes: [{ nom: 'Roussel', prenoms: 'Lucie', role: 'titulaire' }] },
          logement: {
            adresse: { ligne: '7 rue des Pyrénées', codePostal: '75020', codeInsee: '75120' },
            social: true,
          },
        }),
      })
    ).json();
    const s = await saisineDuBailleur(
      contenu({ nom: 'Roussel', ligne: '7 rue des Pyrénées', codeInsee: '75120', codePostal: '75020' }),
    );
    expect(s.dossierCandidatId).toBe(existant.id);
    const avant = await db
      .selectFrom('dossier')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const lue = await lireSaisine(secretariat75, s.id);
    const r = await secretariat75.requete({
      method: 'POST',
      url: `/api/v1/ccapex/saisines/${s.id}/fusion`,
      headers: { 'if-match': lue.headers.etag as string },
      payload: { dossierId: existant.id },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().dossierId).toBe(existant.id);
    const apres = await db
      .selectFrom('dossier')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(apres.n).toBe(avant.n);
    expect((await evenements(existant.id)).map((e) => e.type)).toContain('saisine_ccapex');
  });

  it('une fusion vers un dossier hors de portée échoue sans rien écrire', async () => {
    const s = await saisineDuBailleur(
      contenu({ nom: 'Lambert', ligne: '5 rue Ordener', codeInsee: '75118', codePostal: '75018' }),
    );
    const d93 = (await pref75.requete({ method: 'GET', url: '/api/v1/dossiers' })).json();
    expect(d93).toBeDefined();
    const autre = await db
      .selectFrom('dossier')
      .select('id')
      .where('departement_code', '=', '93')
      .executeTakeFirstOrThrow();
    const lue = await lireSaisine(secretariat75, s.id);
    const r = await secretariat75.requete({
      method: 'POST',
      url: `/api/v1/ccapex/saisines/${s.id}/fusion`,
      headers: { 'if-match': lue.headers.etag as string },
      payload: { dossierId: autre.id },
    });
    expect(r.statusCode).toBe(404);
    const apres = await db
      .selectFrom('ccapex_saisine')
      .select(['statut', 'version'])
      .where('id', '=', s.id)
      .executeTakeFirstOrThrow();
    expect(apres).toEqual({ statut: 'a_trier', version: 1 });
    expect(
      await db.selectFrom('ccapex_saisine_action').select('action').where('saisine_id', '=', s.id).execute(),
    ).toHaveLength(1);
  });

  it('rediriger exige un motif et une commission du département ; la saisine reste à trier là-bas', async () => {
    const s = await saisineDuBailleur(contenu({ nom: 'Michel', ligne: '3 rue de Meaux' }));
    const lue = await lireSaisine(secretariat75, s.id);
    const etag = lue.headers.etag as string;
    const sansMotif = await secretariat75.requete({
      method: 'POST',
      url: `/api/v1/ccapex/saisines/${s.id}/redirection`,
      headers: { 'if-match': etag },
      payload: { commissionId: centrale75.id },
    });
    expect(sansMotif.statusCode).toBe(400);
    const c93 = await db
      .selectFrom('commission')
      .select('id')
      .where('departement_code', '=', '93')
      .executeTakeFirstOrThrow();
    const autreDepartement = await secretariat75.requete({
      method: 'POST',
      url: `/api/v1/ccapex/saisines/${s.id}/redirection`,
      headers: { 'if-match': etag },
      payload: { commissionId: c93.id, motif: 'Logement situé en Seine-Saint-Denis' },
    });
    expect(autreDepartement.statusCode).toBe(422);
    const destinations = await secretariat75.requete({
      method: 'GET',
      url: '/api/v1/ccapex/saisines/destinations',
    });
    expect(destinations.json().elements.map((c: { id: string }) => c.id)).toContain(centrale75.id);
    const ok = await secretariat75.requete({
      method: 'POST',
      url: `/api/v1/ccapex/saisines/${s.id}/redirection`,
      headers: { 'if-match': etag },
      payload: { commissionId: centrale75.id, motif: 'Situation suivie par la commission centrale' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const apres = await db
      .selectFrom('ccapex_saisine')
      .select(['commission_id', 'statut'])
      .where('id', '=', s.id)
      .executeTakeFirstOrThrow();
    expect(apres).toEqual({ commission_id: centrale75.id, statut: 'a_trier' });
    const action = await db
      .selectFrom('ccapex_saisine_action')
      .selectAll()
      .where('saisine_id', '=', s.id)
      .where('action', '=', 'redirection')
      .executeTakeFirstOrThrow();
    expect(action).toMatchObject({ de_commission_id: locale.id, vers_commission_id: centrale75.id });
  });

  it('rejeter exige un motif ; la saisine rejetée ne laisse aucun dossier', async () => {
    const s = await saisineDuBailleur(contenu({ nom: 'Fabre', ligne: '11 rue de Tanger' }));
    const lue = await lireSaisine(ddets75, s.id);
    expect(lue.statusCode).toBe(200);
    const court = await ddets75.requete({
      method: 'POST',
      url: `/api/v1/ccapex/saisines/${s.id}/rejet`,
      headers: { 'if-match': lue.headers.etag as string },
      payload: { motif: 'non' },
    });
    expect(court.statusCode).toBe(400);
    const ok = await ddets75.requete({
      method: 'POST',
      url: `/api/v1/ccapex/saisines/${s.id}/rejet`,
      headers: { 'if-match': lue.headers.etag as string },
      payload: { motif: 'Dette soldée avant l’examen (doublon du bailleur)' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const apres = await db
      .selectFrom('ccapex_saisine')
      .selectAll()
      .where('id', '=', s.id)
      .executeTakeFirstOrThrow();
    expect(apres).toMatchObject({
      statut: 'rejetee',
      dossier_id: null,
      motif_rejet: 'Dette soldée avant l’examen (doublon du bailleur)',
    });
    const journal = await db.selectFrom('journal').select('action').where('objet_id', '=', s.id).execute();
    expect(journal.map((j) => j.action)).toContain('ccapex_saisine_rejetee');
  });

  it('le secrétariat d’un autre département reçoit 404 et ne voit rien ; un membre n’a pas accès à la boîte', async () => {
    const s = await saisineDuBailleur(contenu({ nom: 'Gauthier', ligne: '2 rue Riquet' }));
    expect((await lireSaisine(secretariat93, s.id)).statusCode).toBe(404);
    const rejet = await secretariat93.requete({
      method: 'POST',
      url: `/api/v1/ccapex/saisines/${s.id}/rejet`,
      headers: { 'if-match': '"1"' },
      payload: { motif: 'Tentative hors périmètre' },
    });
    expect(rejet.statusCode).toBe(404);
    const boite = await secretariat93.requete({ method: 'GET', url: '/api/v1/ccapex/saisines' });
    expect(boite.json().elements.some((e: { departementCode: string }) => e.departementCode === '75')).toBe(
      false,
    );
    expect((await cd75.requete({ method: 'GET', url: '/api/v1/ccapex/saisines' })).statusCode).toBe(403);
    // And a saisine in 93 lands in the 93 inbox.
    const d93 = await bailleur.requete({
      method: 'POST',
      url: '/api/v1/ccapex/saisines',
      payload: {
        contenu: { ...contenu(), dossier: { ...dossierEn93(), bailleur: nouveauDossier().bailleur } },
      },
    });
    expect(d93.statusCode, d93.body).toBe(201);
    expect((await lireSaisine(secretariat93, d93.json().id)).statusCode).toBe(200);
  });
});
