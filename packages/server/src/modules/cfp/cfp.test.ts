import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { connecter, creerAppDeTest, jetonPartenaire } from '../../../test/app-de-test.js';
import { dossierEn93, nouveauDossier } from '../../../test/fabriques.js';
import { aujourdhui } from '../../lib/aujourdhui.js';
import { creerClientPartenaire } from '../partenaires/service.js';
import { constaterRefusImplicites } from './service.js';
import { treveCouranteOuProchaine } from './tableau-de-bord.js';

const { app, db } = await creerAppDeTest();
const pref75 = await connecter(app, 'prefecture.75@demo.exploc.fr');
const police75 = await connecter(app, 'police.75@demo.exploc.fr');
const ddets75 = await connecter(app, 'ddets.75@demo.exploc.fr');
const pref93 = await connecter(app, 'prefecture.93@demo.exploc.fr');

const JOUR_MS = 86_400_000;
const ilYA = (jours: number) => aujourdhui(null, new Date(Date.now() - jours * JOUR_MS));

/**
 * A dossier up to the commandement de quitter les lieux referred to the préfet (so the 2-month delay ends on
 * 2025-07-27), then the CFP request of the given day (if any).
 */
async function dossierAvecDemandeCfp(
  dateDemande: string | null,
  dossier = nouveauDossier(),
  o: { voieDeFait?: boolean; informationPrefet?: boolean } = {},
) {
  const cree = await pref75.requete({ method: 'POST', url: '/api/v1/dossiers', payload: dossier });
  expect(cree.statusCode, cree.body).toBe(201);
  let version = cree.json().version as number;
  for (const evenement of [
    { type: 'commandement_de_payer', date: '2025-01-06', montantDette: 2340 },
    { type: 'assignation', date: '2025-03-10', dateAudience: '2025-05-12' },
    {
      type: 'decision_justice',
      date: '2025-05-12',
      sens: 'resiliation_expulsion',
      ...(o.voieDeFait ? { voieDeFait: true } : {}),
    },
    { type: 'signification_decision', date: '2025-05-20' },
    { type: 'commandement_quitter_lieux', date: '2025-05-26' },
    ...(o.informationPrefet === false ? [] : [{ type: 'information_prefet_cql', date: '2025-05-27' }]),
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
      corrections: [],
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
    const jeton = await jetonPartenaire(app, etude);
    const r = await app.inject({
      method: 'POST',
      url: '/api/partenaires/v1/actes',
      headers: { authorization: `Bearer ${jeton}`, 'idempotency-key': 'cfp-1' },
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

/** The text drawn by a pdfkit PDF: inflated content streams, hex strings of the TJ operators (WinAnsi). */
function texteDuPdf(pdf: Buffer): string {
  const brut = pdf.toString('latin1');
  let texte = '';
  const flux = /stream\r?\n/g;
  for (let m = flux.exec(brut); m; m = flux.exec(brut)) {
    const debut = m.index + m[0].length;
    const fin = brut.indexOf('endstream', debut);
    let contenu: string;
    try {
      contenu = inflateSync(pdf.subarray(debut, fin)).toString('latin1');
    } catch {
      continue;
    }
    for (const tj of contenu.matchAll(/\[(.*?)\]\s*TJ/g)) {
      for (const hex of (tj[1] ?? '').matchAll(/<([0-9a-fA-F]*)>/g))
        texte += Buffer.from(hex[1] ?? '', 'hex').toString('latin1');
      texte += '\n';
    }
  }
  return texte.replace(/\x92/g, '’');
}

describe('tableau de bord du concours de la force publique', () => {
  const tableau = async (agent = pref75) => {
    const r = await agent.requete({ method: 'GET', url: '/api/v1/cfp/tableau-de-bord' });
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  };
  const etape = (t: { parEtape: { statut: string; nombre: number }[] }, statut: string) =>
    t.parEtape.find((e) => e.statut === statut) ?? { nombre: Number.NaN };

  it('compte par étape et ancienneté, décisions de la semaine, refus implicites proches, trêve et ménages DALO', async () => {
    const avant = await tableau();
    const urgente = await dossierAvecDemandeCfp(ilYA(58));
    const proche = await dossierAvecDemandeCfp(ilYA(40));
    const recente = await dossierAvecDemandeCfp(ilYA(5));
    // The social check of the recent one records a DALO-priority household.
    const v = await pref75.requete({
      method: 'PUT',
      url: `/api/v1/cfp/${recente.instruction.id}/verification-sociale`,
      headers: { 'if-match': `"${recente.instruction.version}"` },
      payload: {
        prioritaireDalo: true,
        offresRelogement: 1,
        avisCcapex: null,
        dsf: 'transmis',
        observations: null,
        propositionSens: null,
        propositionMotifs: [],
      },
    });
    expect(v.statusCode, v.body).toBe(200);
    const apres = await tableau();

    expect(etape(apres, 'enquete').nombre - etape(avant, 'enquete').nombre).toBe(2);
    expect(etape(apres, 'verification_sociale').nombre - etape(avant, 'verification_sociale').nombre).toBe(1);
    const total = (t: typeof avant, champ: 'moins30Jours' | 'de30a59Jours' | 'plus60Jours') =>
      (t.parEtape as Record<typeof champ, number>[]).reduce((s, e) => s + e[champ], 0);
    expect(total(apres, 'moins30Jours') - total(avant, 'moins30Jours')).toBe(1);
    expect(total(apres, 'de30a59Jours') - total(avant, 'de30a59Jours')).toBe(2);
    expect(total(apres, 'plus60Jours') - total(avant, 'plus60Jours')).toBe(0);

    // 58 days ago: the two months end within the week; 40 days ago: within 30 days.
    expect(apres.decisionsCetteSemaine.nombre - avant.decisionsCetteSemaine.nombre).toBe(1);
    const idsSemaine = apres.decisionsCetteSemaine.elements.map((e: { id: string }) => e.id);
    expect(idsSemaine).toContain(urgente.instruction.id);
    expect(idsSemaine).not.toContain(proche.instruction.id);
    expect(apres.refusImplicitesProches.nombre - avant.refusImplicitesProches.nombre).toBe(1);
    expect(apres.refusImplicitesProches.elements.map((e: { id: string }) => e.id)).toContain(
      proche.instruction.id,
    );

    // Paris: the metropolitan truce (1 November → 31 March), current or next.
    expect(apres.treves).toHaveLength(1);
    const treve = apres.treves[0];
    expect(treve).toMatchObject({ departement: '75', source: 'l412_6', treveNonConfiguree: false });
    expect(treve.periode.du.slice(5)).toBe('11-01');
    expect(treve.periode.au.slice(5)).toBe('03-31');
    const aujourdhuiParis = aujourdhui('75');
    expect(treve.periode.enCours).toBe(aujourdhuiParis >= treve.periode.du);
    // Undecided requests: the execution would follow the préfet's deadline (or today when it has passed).
    const dansLaTreve = [urgente, proche, recente].filter(({ instruction }) => {
      const jour = [instruction.dateRefusImplicite as string, aujourdhuiParis].sort()[1] as string;
      return jour >= treve.periode.du && jour <= treve.periode.au;
    }).length;
    expect(treve.demandesConcernees - avant.treves[0].demandesConcernees).toBe(dansLaTreve);

    expect(apres.menagesPrioritairesDalo.nombre - avant.menagesPrioritairesDalo.nombre).toBe(1);
    expect(apres.menagesPrioritairesDalo.elements).toContainEqual(
      expect.objectContaining({
        id: recente.instruction.id,
        source: 'verification_sociale',
        offresRelogement: 1,
      }),
    );

    // Another département's préfecture sees none of it; police units have no dashboard.
    const autre = await tableau(pref93);
    expect(JSON.stringify(autre)).not.toContain(recente.instruction.id);
    expect(autre.treves.map((t: { departement: string }) => t.departement)).toEqual(['93']);
    // A sous-préfecture's truce calendar is that of its arrondissement's département.
    const sp = await connecter(app, 'sous-prefecture.93-raincy@demo.exploc.fr');
    expect((await tableau(sp)).treves.map((t: { departement: string }) => t.departement)).toEqual(['93']);
    expect((await police75.requete({ method: 'GET', url: '/api/v1/cfp/tableau-de-bord' })).statusCode).toBe(
      403,
    );
    const journal = await db
      .selectFrom('journal')
      .select('action')
      .where('action', '=', 'tableau_de_bord_cfp_consulte')
      .execute();
    expect(journal.length).toBeGreaterThanOrEqual(3);
  });

  it('trêve d’outre-mer : la période de l’arrêté préfectoral, ou aucune sans arrêté', () => {
    const parametres = { periodesTreve: [{ du: '2026-12-15', au: '2027-02-15' }] };
    expect(treveCouranteOuProchaine('974', parametres, '2026-11-27')).toEqual({
      du: '2026-12-15',
      au: '2027-02-15',
      enCours: false,
    });
    expect(treveCouranteOuProchaine('974', parametres, '2027-01-10')?.enCours).toBe(true);
    expect(treveCouranteOuProchaine('974', {}, '2026-11-27')).toBeNull();
    expect(treveCouranteOuProchaine('93', {}, '2026-06-01')).toEqual({
      du: '2026-11-01',
      au: '2027-03-31',
      enCours: false,
    });
  });
});

/** A granted request of 2025-06-10 (concours accordé le 2025-07-15), ready for the planning of its execution. */
async function concoursAccorde(o: { voieDeFait?: boolean; informationPrefet?: boolean } = {}) {
  const { dossierId, instruction } = await dossierAvecDemandeCfp('2025-06-10', nouveauDossier(), o);
  const decision = await pref75.requete({
    method: 'POST',
    url: `/api/v1/cfp/${instruction.id}/decision`,
    headers: { 'if-match': `"${instruction.version}"` },
    payload: { sens: 'octroi', date: '2025-07-15' },
  });
  expect(decision.statusCode, decision.body).toBe(201);
  return { dossierId, id: instruction.id as string, version: decision.json().version as number };
}

const planifier = (id: string, version: number, dateOperation: string) =>
  pref75.requete({
    method: 'PUT',
    url: `/api/v1/cfp/${id}/execution`,
    headers: { 'if-match': `"${version}"` },
    payload: { dateOperation, effectifs: 4, servicesSociauxInformes: false, servicesSociauxInformesLe: null },
  });

describe('planification de l’exécution : trêve hivernale et délai après le commandement (moteur)', () => {
  it('refuse une date pendant la trêve (422 operation_pendant_treve) ou avant la fin du délai (422 operation_avant_delai_cql)', async () => {
    const { id, version } = await concoursAccorde();
    const treve = await planifier(id, version, '2025-12-02');
    expect(treve.statusCode).toBe(422);
    expect(treve.json().erreur.code).toBe('operation_pendant_treve');
    expect(treve.json().erreur.message).toContain('01/11/2025');
    expect(treve.json().erreur.message).toContain('31/03/2026');
    // CQL referred on 2025-05-27: the two months end on 2025-07-27, the first possible day is the 28th.
    const tot = await planifier(id, version, '2025-07-22');
    expect(tot.statusCode).toBe(422);
    expect(tot.json().erreur.code).toBe('operation_avant_delai_cql');
    expect(tot.json().erreur.message).toContain('28/07/2025');
    const ok = await planifier(id, version, '2025-07-29');
    expect(ok.statusCode, ok.body).toBe(200);
    // A postponement to a truce day is refused as well.
    const report = await pref75.requete({
      method: 'POST',
      url: `/api/v1/cfp/${id}/execution/issue`,
      headers: { 'if-match': `"${ok.json().version}"` },
      payload: { issue: 'reportee', date: '2025-07-29', nouvelleDate: '2026-01-13' },
    });
    expect(report.statusCode).toBe(422);
    expect(report.json().erreur.code).toBe('operation_pendant_treve');
  });

  it('sans transmission du commandement au préfet, le délai ne court pas', async () => {
    const { id, version } = await concoursAccorde({ informationPrefet: false });
    const r = await planifier(id, version, '2025-09-16');
    expect(r.statusCode).toBe(422);
    expect(r.json().erreur.code).toBe('operation_avant_delai_cql');
    expect(r.json().erreur.message).toContain('transmis au préfet');
  });

  it('entrée par voie de fait : ni délai ni trêve (exceptions du moteur, L412-1 et L412-6)', async () => {
    const { id, version } = await concoursAccorde({ voieDeFait: true });
    const r = await planifier(id, version, '2025-12-02');
    expect(r.statusCode, r.body).toBe(200);
  });
});

describe('correction de l’issue d’une exécution close', () => {
  it('motif obligatoire, If-Match, ancienne valeur gardée, acte corrigé sur la chronologie, journalisée', async () => {
    const { dossierId, id, version } = await concoursAccorde();
    const plan = await planifier(id, version, '2025-09-16');
    expect(plan.statusCode, plan.body).toBe(200);
    const url = `/api/v1/cfp/${id}/execution/issue`;
    const corrige = { issue: 'depart_avant', date: '2025-09-15', motif: 'Le ménage était parti la veille.' };
    // Nothing closed yet: nothing to correct.
    const tot = await pref75.requete({
      method: 'PUT',
      url,
      headers: { 'if-match': `"${plan.json().version}"` },
      payload: corrige,
    });
    expect(tot.statusCode).toBe(422);
    expect(tot.json().erreur.code).toBe('execution_non_terminee');
    const issue = await pref75.requete({
      method: 'POST',
      url,
      headers: { 'if-match': `"${plan.json().version}"` },
      payload: { issue: 'expulsion_realisee', date: '2025-09-16' },
    });
    expect(issue.statusCode, issue.body).toBe(201);
    const v = issue.json().version as number;

    const sansMotif = await pref75.requete({
      method: 'PUT',
      url,
      headers: { 'if-match': `"${v}"` },
      payload: { issue: 'depart_avant', date: '2025-09-15' },
    });
    expect(sansMotif.statusCode).toBe(400);
    expect(sansMotif.json().erreur.details[0].chemin).toBe('motif');
    expect((await pref75.requete({ method: 'PUT', url, payload: corrige })).statusCode).toBe(428);
    const perime = await pref75.requete({
      method: 'PUT',
      url,
      headers: { 'if-match': `"${v - 1}"` },
      payload: corrige,
    });
    expect(perime.statusCode).toBe(412);
    // The police unit records outcomes but does not correct them; other départements do not see the request.
    expect(
      (await police75.requete({ method: 'PUT', url, headers: { 'if-match': `"${v}"` }, payload: corrige }))
        .statusCode,
    ).toBe(403);
    expect(
      (await pref93.requete({ method: 'PUT', url, headers: { 'if-match': `"${v}"` }, payload: corrige }))
        .statusCode,
    ).toBe(404);

    const ok = await pref75.requete({
      method: 'PUT',
      url,
      headers: { 'if-match': `"${v}"` },
      payload: corrige,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const lu = (await pref75.requete({ method: 'GET', url: `/api/v1/cfp/${id}` })).json();
    expect(lu.execution.issue).toBe('depart_avant');
    expect(lu.execution.dateIssue).toBe('2025-09-15');
    expect(lu.execution.corrections).toEqual([
      expect.objectContaining({
        ancienneIssue: 'expulsion_realisee',
        ancienneDate: '2025-09-16',
        nouvelleIssue: 'depart_avant',
        nouvelleDate: '2025-09-15',
        motif: 'Le ménage était parti la veille.',
        corrigeePar: 'Camille Martin',
      }),
    ]);
    // The timeline keeps the superseded act, out of the computation, and the corrected one.
    const evenements = await db
      .selectFrom('evenement')
      .select(['id', 'type', 'remplace_id', 'motif_correction'])
      .where('dossier_id', '=', dossierId)
      .where('type', 'in', ['expulsion_realisee', 'depart_volontaire'])
      .execute();
    const ancien = evenements.find((e) => e.type === 'expulsion_realisee');
    const nouveau = evenements.find((e) => e.type === 'depart_volontaire');
    expect(nouveau?.remplace_id).toBe(ancien?.id);
    expect(nouveau?.motif_correction).toBe('Le ménage était parti la veille.');
    const journal = await db
      .selectFrom('journal')
      .select(['action', 'details'])
      .where('objet_id', '=', id)
      .where('action', '=', 'issue_execution_cfp_corrigee')
      .execute();
    expect(journal).toHaveLength(1);
    // The same correction twice changes nothing.
    const encore = await pref75.requete({
      method: 'PUT',
      url,
      headers: { 'if-match': `"${lu.version}"` },
      payload: corrige,
    });
    expect(encore.statusCode).toBe(422);
    expect(encore.json().erreur.code).toBe('correction_sans_changement');
  });
});

describe('lettre de décision signée', () => {
  it('nomme l’auteur de la décision (nom, fonction, par délégation) et sa date', async () => {
    const { instruction } = await dossierAvecDemandeCfp(ilYA(9));
    const date = ilYA(2);
    const d = await pref75.requete({
      method: 'POST',
      url: `/api/v1/cfp/${instruction.id}/decision`,
      headers: { 'if-match': `"${instruction.version}"` },
      payload: { sens: 'refus', date, motifs: ['trouble_ordre_public'], texte: null },
    });
    expect(d.statusCode, d.body).toBe(201);
    const lu = (await pref75.requete({ method: 'GET', url: `/api/v1/cfp/${instruction.id}` })).json();
    expect(lu.decision.signataire).toEqual({
      nom: 'Camille Martin',
      fonction: 'Agent de préfecture, Préfecture de Paris (démo)',
    });
    const pdf = await pref75.requete({
      method: 'GET',
      url: `/api/v1/cfp/${instruction.id}/lettre.pdf?destinataire=bailleur`,
    });
    expect(pdf.statusCode).toBe(200);
    const texte = texteDuPdf(pdf.rawPayload).replace(/\s+/g, ' ');
    const dateFr = date.split('-').reverse().join('/');
    expect(texte).toContain(`Décision du ${dateFr}, pour le préfet de police et par délégation`);
    expect(texte).toContain('Camille Martin');
    expect(texte).toContain('Agent de préfecture');
    expect(texte).toContain('Préfecture de Paris (démo)');
  });
});
