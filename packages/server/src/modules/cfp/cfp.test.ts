import { describe, expect, it } from 'vitest';
import { connecter, creerAppDeTest } from '../../../test/app-de-test.js';
import { dossierEn93, nouveauDossier } from '../../../test/fabriques.js';
import { aujourdhui } from '../../lib/aujourdhui.js';
import { creerClientPartenaire } from '../partenaires/service.js';
import { constaterRefusImplicites } from './service.js';

const { app, db } = await creerAppDeTest();
const pref75 = await connecter(app, 'prefecture.75@demo.exploc.fr');
const police75 = await connecter(app, 'police.75@demo.exploc.fr');
const ddets75 = await connecter(app, 'ddets.75@demo.exploc.fr');
const pref93 = await connecter(app, 'prefecture.93@demo.exploc.fr');

const JOUR_MS = 86_400_000;
const ilYA = (jours: number) => aujourdhui(null, new Date(Date.now() - jours * JOUR_MS));

/** A dossier up to the commandement de quitter les lieux, then the CFP request of the given day (if any). */
async function dossierAvecDemandeCfp(dateDemande: string | null, dossier = nouveauDossier()) {
  const cree = await pref75.requete({ method: 'POST', url: '/api/v1/dossiers', payload: dossier });
  expect(cree.statusCode, cree.body).toBe(201);
  let version = cree.json().version as number;
  for (const evenement of [
    { type: 'commandement_de_payer', date: '2025-01-06', montantDette: 2340 },
    { type: 'assignation', date: '2025-03-10', dateAudience: '2025-05-12' },
    { type: 'decision_justice', date: '2025-05-12', sens: 'resiliation_expulsion' },
    { type: 'signification_decision', date: '2025-05-20' },
    { type: 'commandement_quitter_lieux', date: '2025-05-26' },
    ...(dateDemande ? [{ type: 'demande_cfp', date: dateDemande }] : []),
  ]) {
    const r = await pref75.requete({
      method: 'POST',
      url: `/api/v1/dossiers/${cree.json().id}/evenements`,
      headers: { 'if-match': `"${version}"` },
      payload: evenement,
    });
    expect(r.statusCode, r.body).toBe(201);
    version = r.json().version;
  }
  if (!dateDemande) return { dossierId: cree.json().id as string, numero: cree.json().numero as string };
  const liste = await pref75.requete({ method: 'GET', url: '/api/v1/cfp' });
  const instruction = liste
    .json()
    .elements.find((e: { dossier: { id: string } }) => e.dossier.id === cree.json().id);
  expect(instruction).toBeDefined();
  return { dossierId: cree.json().id as string, numero: cree.json().numero as string, instruction };
}

describe('instruction des demandes de concours de la force publique (CPCE R153-1)', () => {
  it('une demande_cfp ouvre l’instruction, confiée à l’unité de la commune, avec la date de refus implicite', async () => {
    const demande = ilYA(10);
    const { dossierId, instruction } = await dossierAvecDemandeCfp(demande);
    expect(instruction.statut).toBe('enquete');
    expect(instruction.dateDemande).toBe(demande);
    expect(instruction.ageJours).toBe(10);
    const echeances = (
      await pref75.requete({ method: 'GET', url: `/api/v1/dossiers/${dossierId}/echeances` })
    ).json();
    const refus = echeances.echeances.find((e: { code: string }) => e.code === 'refus_implicite_cfp');
    expect(instruction.dateRefusImplicite).toBe(refus.date);
    expect(instruction.unite.nom).toBe('Commissariat du 18e arrondissement (démo)');
    // The police unit now sees the dossier, and the request among its enquiries.
    expect((await police75.requete({ method: 'GET', url: `/api/v1/dossiers/${dossierId}` })).statusCode).toBe(
      200,
    );
    const enquetes = (await police75.requete({ method: 'GET', url: '/api/v1/cfp/enquetes' })).json();
    expect(enquetes.elements.map((e: { id: string }) => e.id)).toContain(instruction.id);
  });

  it('enquête de police (If-Match), vérification sociale, puis refus motivé : acte decision_cfp, responsabilité de l’État', async () => {
    const { dossierId, instruction } = await dossierAvecDemandeCfp(ilYA(20));
    const enquete = {
      dateVisite: ilYA(5),
      contactEtabli: true,
      compositionMenage: 'Une mère et deux enfants de 8 et 12 ans',
      risqueOrdrePublic: 'moyen',
      observations: null,
    };
    const url = `/api/v1/cfp/enquetes/${instruction.id}`;
    expect((await police75.requete({ method: 'PUT', url, payload: enquete })).statusCode).toBe(428);
    const perime = await police75.requete({
      method: 'PUT',
      url,
      headers: { 'if-match': `"${instruction.version + 1}"` },
      payload: enquete,
    });
    expect(perime.statusCode).toBe(412);
    expect(perime.json().erreur.code).toBe('version_perimee');
    // Préfecture agents do not run the enquiry.
    expect(
      (
        await pref75.requete({
          method: 'PUT',
          url,
          headers: { 'if-match': `"${instruction.version}"` },
          payload: enquete,
        })
      ).statusCode,
    ).toBe(403);
    const e = await police75.requete({
      method: 'PUT',
      url,
      headers: { 'if-match': `"${instruction.version}"` },
      payload: enquete,
    });
    expect(e.statusCode, e.body).toBe(200);

    const verification = await pref75.requete({
      method: 'PUT',
      url: `/api/v1/cfp/${instruction.id}/verification-sociale`,
      headers: { 'if-match': `"${e.json().version}"` },
      payload: {
        prioritaireDalo: true,
        offresRelogement: 0,
        avisCcapex: 'Avis défavorable à l’octroi tant qu’un relogement n’est pas proposé',
        dsf: 'transmis',
        observations: null,
        propositionSens: 'refus',
        propositionMotifs: ['menage_prioritaire_dalo_sans_relogement'],
      },
    });
    expect(verification.statusCode, verification.body).toBe(200);

    // Police see the enquiry but never the social check nor the reasons.
    const vuPolice = (await police75.requete({ method: 'GET', url })).json();
    expect(vuPolice.statut).toBe('a_decider');
    expect(vuPolice.enquete.risqueOrdrePublic).toBe('moyen');
    expect(vuPolice.verificationSociale).toBeNull();

    const urlDecision = `/api/v1/cfp/${instruction.id}/decision`;
    const version = verification.json().version;
    const nonMotive = await pref75.requete({
      method: 'POST',
      url: urlDecision,
      headers: { 'if-match': `"${version}"` },
      payload: { sens: 'refus', date: ilYA(1) },
    });
    expect(nonMotive.statusCode).toBe(400);
    expect(nonMotive.json().erreur.details[0].chemin).toBe('motifs');
    // The instructing service of another département does not decide for Paris, nor does the DDETS.
    expect(
      (
        await ddets75.requete({
          method: 'POST',
          url: urlDecision,
          headers: { 'if-match': `"${version}"` },
          payload: { sens: 'octroi', date: ilYA(1) },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await pref93.requete({
          method: 'POST',
          url: urlDecision,
          headers: { 'if-match': `"${version}"` },
          payload: { sens: 'octroi', date: ilYA(1) },
        })
      ).statusCode,
    ).toBe(404);
    const decision = await pref75.requete({
      method: 'POST',
      url: urlDecision,
      headers: { 'if-match': `"${version}"` },
      payload: {
        sens: 'refus',
        date: ilYA(1),
        motifs: ['menage_prioritaire_dalo_sans_relogement', 'presence_enfants_periode_scolaire'],
        texte: 'Ménage prioritaire DALO sans offre de relogement.',
      },
    });
    expect(decision.statusCode, decision.body).toBe(201);

    const lu = (await pref75.requete({ method: 'GET', url: `/api/v1/cfp/${instruction.id}` })).json();
    expect(lu.statut).toBe('refus');
    expect(lu.decision.motifs).toEqual([
      'menage_prioritaire_dalo_sans_relogement',
      'presence_enfants_periode_scolaire',
    ]);
    expect(lu.joursAvantRefusImplicite).toBeNull();
    const dossier = (await pref75.requete({ method: 'GET', url: `/api/v1/dossiers/${dossierId}` })).json();
    const types = dossier.evenements.map((ev: { type: string }) => ev.type);
    expect(types).toContain('enquete_forces_ordre');
    expect(types).toContain('decision_cfp');
    const resultat = (
      await pref75.requete({ method: 'GET', url: `/api/v1/dossiers/${dossierId}/echeances` })
    ).json();
    // R154-1: liability runs from the explicit refusal (or from the end of the trêve, R154-5, if it falls in one).
    expect(resultat.responsabiliteEtat.debut >= ilYA(1)).toBe(true);

    const journal = await db
      .selectFrom('journal')
      .select('action')
      .where('objet_id', '=', instruction.id)
      .execute();
    expect(journal.map((j) => j.action)).toEqual(
      expect.arrayContaining([
        'enquete_cfp_enregistree',
        'verification_sociale_cfp_enregistree',
        'decision_cfp_enregistree',
      ]),
    );
    // A refused request is closed: no second decision.
    const encore = await pref75.requete({
      method: 'POST',
      url: urlDecision,
      headers: { 'if-match': `"${lu.version}"` },
      payload: { sens: 'octroi', date: ilYA(0) },
    });
    expect(encore.statusCode).toBe(422);
    expect(encore.json().erreur.code).toBe('instruction_close');
  });

  it('lettre de décision PDF (commissaire de justice, bailleur) : 422 avant la décision, journalisée, 404 hors périmètre', async () => {
    const { instruction } = await dossierAvecDemandeCfp(ilYA(12));
    const url = (destinataire: string) =>
      `/api/v1/cfp/${instruction.id}/lettre.pdf?destinataire=${destinataire}`;
    const avant = await pref75.requete({ method: 'GET', url: url('bailleur') });
    expect(avant.statusCode).toBe(422);
    expect(avant.json().erreur.code).toBe('decision_absente');
    expect((await pref75.requete({ method: 'GET', url: url('locataire') })).statusCode).toBe(400);

    const decision = await pref75.requete({
      method: 'POST',
      url: `/api/v1/cfp/${instruction.id}/decision`,
      headers: { 'if-match': `"${instruction.version}"` },
      payload: {
        sens: 'refus',
        date: ilYA(1),
        motifs: ['trouble_ordre_public'],
        texte: 'Rassemblement annoncé devant l’immeuble.',
      },
    });
    expect(decision.statusCode, decision.body).toBe(201);

    for (const destinataire of ['commissaire_justice', 'bailleur']) {
      const pdf = await pref75.requete({ method: 'GET', url: url(destinataire) });
      expect(pdf.statusCode, pdf.body).toBe(200);
      expect(pdf.headers['content-type']).toContain('application/pdf');
      expect(pdf.headers['content-disposition']).toContain(destinataire);
      const octets = pdf.rawPayload.toString('latin1');
      expect(octets.startsWith('%PDF-1.7')).toBe(true);
      expect(octets).toContain('/Lang (fr-FR)');
      expect(octets).toContain('/MarkInfo');
      expect(octets).toContain('/DisplayDocTitle true');
    }
    const journal = await db
      .selectFrom('journal')
      .select(['action', 'details'])
      .where('objet_id', '=', instruction.id)
      .where('action', '=', 'lettre_decision_cfp_generee')
      .execute();
    expect(journal).toHaveLength(2);
    expect((await pref93.requete({ method: 'GET', url: url('bailleur') })).statusCode).toBe(404);
    // The letter is the instructing service's: police units never issue it.
    expect((await police75.requete({ method: 'GET', url: url('bailleur') })).statusCode).toBe(403);
  });

  it('exécution d’un concours accordé : planification, report (PV de tentative), expulsion réalisée par l’unité', async () => {
    const { dossierId, instruction } = await dossierAvecDemandeCfp('2025-06-10');
    const url = `/api/v1/cfp/${instruction.id}/execution`;
    const planification = {
      dateOperation: '2025-09-16',
      effectifs: 6,
      servicesSociauxInformes: true,
      servicesSociauxInformesLe: '2025-09-01',
    };
    const avant = await pref75.requete({
      method: 'PUT',
      url,
      headers: { 'if-match': `"${instruction.version}"` },
      payload: planification,
    });
    expect(avant.statusCode).toBe(422);
    expect(avant.json().erreur.code).toBe('concours_non_accorde');
    const decision = await pref75.requete({
      method: 'POST',
      url: `/api/v1/cfp/${instruction.id}/decision`,
      headers: { 'if-match': `"${instruction.version}"` },
      payload: { sens: 'octroi', date: '2025-07-15' },
    });
    expect(decision.statusCode, decision.body).toBe(201);
    let version = decision.json().version as number;

    expect((await pref75.requete({ method: 'PUT', url, payload: planification })).statusCode).toBe(428);
    const sansDate = await pref75.requete({
      method: 'PUT',
      url,
      headers: { 'if-match': `"${version}"` },
      payload: { ...planification, servicesSociauxInformesLe: null },
    });
    expect(sansDate.statusCode).toBe(400);
    // L141-1: never on a Sunday.
    const dimanche = await pref75.requete({
      method: 'PUT',
      url,
      headers: { 'if-match': `"${version}"` },
      payload: { ...planification, dateOperation: '2025-09-14' },
    });
    expect(dimanche.statusCode).toBe(422);
    expect(dimanche.json().erreur.code).toBe('date_operation_interdite');
    const planifiee = await pref75.requete({
      method: 'PUT',
      url,
      headers: { 'if-match': `"${version}"` },
      payload: planification,
    });
    expect(planifiee.statusCode, planifiee.body).toBe(200);
    version = planifiee.json().version;

    const report = await pref75.requete({
      method: 'POST',
      url: `${url}/issue`,
      headers: { 'if-match': `"${version}"` },
      payload: { issue: 'reportee', date: '2025-09-16', nouvelleDate: '2025-10-07', pvRecuLe: '2025-09-18' },
    });
    expect(report.statusCode, report.body).toBe(201);
    version = report.json().version;
    let lu = (await pref75.requete({ method: 'GET', url: `/api/v1/cfp/${instruction.id}` })).json();
    expect(lu.execution).toEqual({
      dateOperation: '2025-10-07',
      effectifs: 6,
      servicesSociauxInformes: true,
      servicesSociauxInformesLe: '2025-09-01',
      issue: 'reportee',
      dateIssue: '2025-09-16',
      pvRecuLe: '2025-09-18',
    });

    // The police unit that carried out the operation records its outcome on its own route.
    const fin = await police75.requete({
      method: 'POST',
      url: `/api/v1/cfp/enquetes/${instruction.id}/execution/issue`,
      headers: { 'if-match': `"${version}"` },
      payload: { issue: 'expulsion_realisee', date: '2025-10-07', pvRecuLe: null },
    });
    expect(fin.statusCode, fin.body).toBe(201);
    lu = (await pref75.requete({ method: 'GET', url: `/api/v1/cfp/${instruction.id}` })).json();
    expect(lu.execution.issue).toBe('expulsion_realisee');
    const encore = await pref75.requete({
      method: 'POST',
      url: `${url}/issue`,
      headers: { 'if-match': `"${lu.version}"` },
      payload: { issue: 'depart_avant', date: '2025-10-08' },
    });
    expect(encore.statusCode).toBe(422);
    expect(encore.json().erreur.code).toBe('execution_terminee');

    const dossier = (await pref75.requete({ method: 'GET', url: `/api/v1/dossiers/${dossierId}` })).json();
    const types = dossier.evenements.map((ev: { type: string }) => ev.type);
    expect(types).toEqual(expect.arrayContaining(['pv_tentative_expulsion', 'expulsion_realisee']));
    const journal = await db
      .selectFrom('journal')
      .select('action')
      .where('objet_id', '=', instruction.id)
      .execute();
    const actions = journal.map((j) => j.action);
    expect(actions.filter((a) => a === 'issue_execution_cfp_enregistree')).toHaveLength(2);
    expect(actions).toContain('execution_cfp_planifiee');
  });

  it('une demande_cfp transmise par un commissaire de justice (API partenaires) ouvre aussi l’instruction', async () => {
    const { dossierId, numero } = await dossierAvecDemandeCfp(null);
    const etude = await creerClientPartenaire(db, {
      type: 'commissaire_justice',
      nom: 'Étude Lambert',
      siret: '44444444400044',
      departements: ['75'],
    });
    const jeton = await app.inject({
      method: 'POST',
      url: '/api/partenaires/v1/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: etude.clientId,
        client_secret: etude.clientSecret,
      }).toString(),
    });
    const r = await app.inject({
      method: 'POST',
      url: '/api/partenaires/v1/actes',
      headers: { authorization: `Bearer ${jeton.json().access_token}`, 'idempotency-key': 'cfp-1' },
      payload: { reference: 'CFP-1', type: 'demande_cfp', date: ilYA(4), dossier: { numero } },
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().statut).toBe('integre');
    const enquetes = (await police75.requete({ method: 'GET', url: '/api/v1/cfp/enquetes' })).json();
    const instruction = enquetes.elements.find(
      (e: { dossier: { id: string } }) => e.dossier.id === dossierId,
    );
    expect(instruction).toMatchObject({ statut: 'enquete', dateDemande: ilYA(4), verificationSociale: null });
  });

  it('hors périmètre : 404, sans révéler la demande', async () => {
    const { instruction } = await dossierAvecDemandeCfp(ilYA(3));
    expect((await pref93.requete({ method: 'GET', url: `/api/v1/cfp/${instruction.id}` })).statusCode).toBe(
      404,
    );
  });

  it('sans unité désignée pour la commune, la police ne voit pas la demande', async () => {
    const autreCommune = nouveauDossier({
      logement: {
        adresse: { ligne: '3 rue de Rivoli', codePostal: '75001', codeInsee: '75101' },
        social: true,
      },
    });
    const { instruction } = await dossierAvecDemandeCfp(ilYA(3), autreCommune);
    expect(instruction.unite).toBeNull();
    const r = await police75.requete({ method: 'GET', url: `/api/v1/cfp/enquetes/${instruction.id}` });
    expect(r.statusCode).toBe(404);
  });

  it('le travail quotidien constate le refus implicite après deux mois de silence, une seule fois, journalisé', async () => {
    const { instruction } = await dossierAvecDemandeCfp('2025-09-01');
    expect(instruction.dateRefusImplicite).toBe('2025-11-01');
    const encours = await dossierAvecDemandeCfp(ilYA(2), dossierEn93Paris());
    expect(await constaterRefusImplicites(db)).toBeGreaterThanOrEqual(1);
    expect(await constaterRefusImplicites(db)).toBe(0);
    const lu = (await pref75.requete({ method: 'GET', url: `/api/v1/cfp/${instruction.id}` })).json();
    expect(lu.statut).toBe('refus_implicite');
    expect(lu.refusImpliciteConstateLe).not.toBeNull();
    const autre = (
      await pref75.requete({ method: 'GET', url: `/api/v1/cfp/${encours.instruction.id}` })
    ).json();
    expect(autre.statut).toBe('enquete');
    const j = await db
      .selectFrom('journal')
      .select('action')
      .where('objet_id', '=', instruction.id)
      .where('action', '=', 'refus_implicite_cfp_constate')
      .execute();
    expect(j).toHaveLength(1);
  });
});

/** Another Paris household, so that two requests run side by side. */
function dossierEn93Paris() {
  const base = dossierEn93();
  return nouveauDossier({ menage: base.menage });
}
