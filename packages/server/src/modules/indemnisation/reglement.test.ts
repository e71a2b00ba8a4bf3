import { describe, expect, it } from 'vitest';
import { connecter, creerAppDeTest } from '../../../test/app-de-test.js';
import { nouveauDossier } from '../../../test/fabriques.js';
import { dateRejetImplicite } from './reglement.js';

const { app, db } = await creerAppDeTest();
const pref75 = await connecter(app, 'prefecture.75@demo.exploc.fr');
const police75 = await connecter(app, 'police.75@demo.exploc.fr');

/** CFP requested on 2 June 2025 and refused on 1 July 2025: the State is liable (R154-1). */
async function dossierAvecRefusCfp() {
  const cree = await pref75.requete({ method: 'POST', url: '/api/v1/dossiers', payload: nouveauDossier() });
  const id = cree.json().id as string;
  let version = cree.json().version as number;
  for (const evenement of [
    { type: 'commandement_de_payer', date: '2024-09-02', montantDette: 2340 },
    { type: 'assignation', date: '2024-11-04', dateAudience: '2025-01-13' },
    { type: 'decision_justice', date: '2025-01-13', sens: 'resiliation_expulsion' },
    { type: 'signification_decision', date: '2025-01-20' },
    { type: 'commandement_quitter_lieux', date: '2025-01-27' },
    { type: 'demande_cfp', date: '2025-06-02' },
    { type: 'decision_cfp', date: '2025-07-01', sens: 'refus' },
  ]) {
    const r = await pref75.requete({
      method: 'POST',
      url: `/api/v1/dossiers/${id}/evenements`,
      headers: { 'if-match': `"${version}"` },
      payload: evenement,
    });
    expect(r.statusCode, r.body).toBe(201);
    version = r.json().version;
  }
  return id;
}

function etape(id: string, version: number, corps: Record<string, unknown>) {
  return pref75.requete({
    method: 'POST',
    url: `/api/v1/dossiers/${id}/indemnisation/reglement/etapes`,
    headers: { 'if-match': `"${version}"` },
    payload: corps,
  });
}

describe('règlement de l’indemnité (CPCE R154-2 à R154-4)', () => {
  it('calcule la date du rejet implicite : demande + 2 mois, fin de mois comprise', () => {
    expect(dateRejetImplicite('2025-09-15')).toBe('2025-11-15');
    expect(dateRejetImplicite('2025-12-31')).toBe('2026-02-28');
  });

  it('suit la voie amiable : demande, proposition, projet de transaction PDF, signatures, paiement, subrogation', async () => {
    const id = await dossierAvecRefusCfp();
    const url = `/api/v1/dossiers/${id}/indemnisation/reglement`;
    const initial = await pref75.requete({ method: 'GET', url });
    expect(initial.statusCode, initial.body).toBe(200);
    expect(initial.headers.etag).toBe('"0"');
    expect(initial.json().etapesPossibles).toEqual(['demande_recue']);

    const sansVersion = await pref75.requete({
      method: 'POST',
      url: `${url}/etapes`,
      payload: { etape: 'demande_recue', date: '2025-09-15' },
    });
    expect(sansVersion.statusCode).toBe(428);
    const interdit = await police75.requete({
      method: 'POST',
      url: `${url}/etapes`,
      headers: { 'if-match': '"0"' },
      payload: { etape: 'demande_recue', date: '2025-09-15' },
    });
    expect(interdit.statusCode).toBe(403);

    const demande = await etape(id, 0, { etape: 'demande_recue', date: '2025-09-15', montantDemande: 6000 });
    expect(demande.statusCode, demande.body).toBe(201);
    expect(demande.json()).toMatchObject({
      version: 1,
      montantDemande: 6000,
      rejetImpliciteLe: '2025-11-15',
    });
    expect(demande.json().accuseReception).toContain('À défaut de réponse du préfet au 15/11/2025');

    expect((await etape(id, 0, { etape: 'proposition', date: '2025-10-01', montant: 5000 })).statusCode).toBe(
      412,
    );
    const avant = await etape(id, 1, { etape: 'proposition', date: '2025-09-01', montant: 5000 });
    expect(avant.statusCode).toBe(400);
    expect(avant.json().erreur.details[0].message).toContain('15/09/2025');
    const premature = await etape(id, 1, { etape: 'ordre_paiement', date: '2025-10-01' });
    expect(premature.statusCode).toBe(422);
    expect(premature.json().erreur.message).toContain('transaction signée');

    const sansProposition = await pref75.requete({ method: 'GET', url: `${url}/projet-transaction.pdf` });
    expect(sansProposition.statusCode).toBe(422);
    const proposition = await etape(id, 1, { etape: 'proposition', date: '2025-10-01', montant: 5230.4 });
    expect(proposition.statusCode, proposition.body).toBe(201);
    expect(proposition.json().montantPropose).toBe(5230.4);

    const pdf = await pref75.requete({ method: 'GET', url: `${url}/projet-transaction.pdf` });
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    const octets = pdf.rawPayload.toString('latin1');
    expect(octets.startsWith('%PDF-1.7')).toBe(true);
    expect(octets).toContain('/Lang (fr-FR)');
    expect(octets).toContain('/MarkInfo');
    expect(octets).toContain('/DisplayDocTitle true');

    let version = 2;
    for (const e of [
      { etape: 'signature_beneficiaire', date: '2025-10-10' },
      { etape: 'signature_prefet', date: '2025-10-20' },
      { etape: 'ordre_paiement', date: '2025-10-27' },
      { etape: 'paiement', date: '2025-11-12', montant: 5230.4 },
      { etape: 'subrogation', date: '2025-10-20' },
    ]) {
      const r = await etape(id, version, e);
      expect(r.statusCode, r.body).toBe(201);
      version = r.json().version;
    }
    const recours = await etape(id, version, { etape: 'recours_ta', date: '2025-12-01' });
    expect(recours.statusCode).toBe(422);
    expect(recours.json().erreur.message).toContain('renonciation');
    const deja = await etape(id, version, { etape: 'paiement', date: '2025-11-13', montant: 1 });
    expect(deja.statusCode).toBe(409);

    const fin = (await pref75.requete({ method: 'GET', url })).json();
    expect(fin).toMatchObject({
      version: 7,
      paiementLe: '2025-11-12',
      montantPaye: 5230.4,
      subrogationLe: '2025-10-20',
      etapesPossibles: [],
    });
    const journal = await db
      .selectFrom('journal')
      .select('action')
      .where('objet_id', '=', id)
      .where('action', 'like', 'indemnisation_%')
      .orderBy('id')
      .execute();
    const actions = journal.map((j) => j.action);
    expect(actions.filter((a) => a.startsWith('indemnisation_reglement_'))).toEqual([
      'indemnisation_reglement_demande_recue',
      'indemnisation_reglement_proposition',
      'indemnisation_reglement_signature_beneficiaire',
      'indemnisation_reglement_signature_prefet',
      'indemnisation_reglement_ordre_paiement',
      'indemnisation_reglement_paiement',
      'indemnisation_reglement_subrogation',
    ]);
    expect(actions).toContain('indemnisation_transaction_generee');
  });

  it('suit la voie contentieuse : requête au tribunal administratif puis jugement', async () => {
    const id = await dossierAvecRefusCfp();
    expect((await etape(id, 0, { etape: 'demande_recue', date: '2025-09-15' })).statusCode).toBe(201);
    const futur = await etape(id, 1, { etape: 'recours_ta', date: '2999-01-01' });
    expect(futur.statusCode).toBe(400);
    expect(futur.json().erreur.details).toEqual([
      { chemin: 'date', message: 'La date ne peut pas être dans le futur.' },
    ]);
    expect((await etape(id, 1, { etape: 'recours_ta', date: '2025-12-10' })).statusCode).toBe(201);
    const sansMontant = await etape(id, 2, { etape: 'jugement_ta', date: '2026-06-30' });
    expect(sansMontant.statusCode).toBe(400);
    const jugement = await etape(id, 2, { etape: 'jugement_ta', date: '2026-06-30', montantAlloue: 7100 });
    expect(jugement.statusCode, jugement.body).toBe(201);
    expect(jugement.json()).toMatchObject({
      recoursTaLe: '2025-12-10',
      jugementTaLe: '2026-06-30',
      montantAlloue: 7100,
    });
  });
});
