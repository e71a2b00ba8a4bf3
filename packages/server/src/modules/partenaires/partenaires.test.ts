import fc from 'fast-check';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { connecter, creerAppDeTest, jetonPartenaire } from '../../../test/app-de-test.js';
import { recalculerEnAttente } from '../pilotage/repository.js';
import { sousCleIdempotence } from './idempotence.js';
import { enregistrerCle } from './repository.js';
import { creerClientPartenaire } from './service.js';

const { app, db } = await creerAppDeTest();

const jeton = (clientId: string, clientSecret: string) => jetonPartenaire(app, { clientId, clientSecret });

const etude = await creerClientPartenaire(db, {
  type: 'commissaire_justice',
  nom: 'Étude Dupont & Associés',
  siret: '11111111100011',
  departements: ['75', '93'],
});
const jetonEtude = await jeton(etude.clientId, etude.clientSecret);
const autreEtude = await creerClientPartenaire(db, {
  type: 'commissaire_justice',
  nom: 'Étude Martin',
  siret: '22222222200022',
  departements: ['75'],
});
const jetonAutre = await jeton(autreEtude.clientId, autreEtude.clientSecret);
const caf = await creerClientPartenaire(db, {
  type: 'caf',
  nom: 'CAF de Paris',
  siret: '33333333300033',
  departements: ['75'],
});
const jetonCaf = await jeton(caf.clientId, caf.clientSecret);

let compteur = 0;
const cle = () => `cle-${Date.now()}-${++compteur}`;

function acte(
  modifs: Record<string, unknown> = {},
  menage = { nom: 'Martin', prenoms: 'Julie Anne', dateNaissance: '1985-04-12' },
) {
  return {
    reference: `ACTE-${++compteur}`,
    type: 'commandement_de_payer',
    date: '2025-09-02',
    montantDette: 2340,
    moisImpayes: 4,
    dossier: {
      menage: { personnes: [{ ...menage, role: 'titulaire' }] },
      logement: {
        adresse: { ligne: '12, bd des Lilas', codePostal: '75018', codeInsee: '75118' },
        social: false,
      },
      bail: { dateSignature: '2024-02-15', loyerMensuelHC: 650, chargesMensuelles: 80 },
      bailleur: { type: 'personne_physique', nom: 'M. Paul Durand' },
    },
    ...modifs,
  };
}

function envoyer(corps: unknown, o: { cle?: string | null; jeton?: string } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${o.jeton ?? jetonEtude}` };
  if (o.cle !== null) headers['idempotency-key'] = o.cle ?? cle();
  return app.inject({ method: 'POST', url: '/api/partenaires/v1/actes', headers, payload: corps as object });
}

describe('jeton (client credentials)', () => {
  it('refuse un mauvais secret (401) et une requête mal formée (400)', async () => {
    const mauvais = await app.inject({
      method: 'POST',
      url: '/api/partenaires/v1/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `grant_type=client_credentials&client_id=${etude.clientId}&client_secret=faux`,
    });
    expect(mauvais.statusCode).toBe(401);
    expect(mauvais.json().erreur.code).toBe('client_invalide');
    const sansGrant = await app.inject({
      method: 'POST',
      url: '/api/partenaires/v1/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `client_id=${etude.clientId}&client_secret=${etude.clientSecret}`,
    });
    expect(sansGrant.statusCode).toBe(400);
  });

  it('refuse un acte sans jeton ou avec un jeton inconnu (401)', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/partenaires/v1/actes',
      headers: { 'idempotency-key': 'x' },
      payload: acte(),
    });
    expect(r.statusCode).toBe(401);
    expect((await envoyer(acte(), { jeton: 'x'.repeat(43) })).statusCode).toBe(401);
  });
});

describe('POST /api/partenaires/v1/actes', () => {
  it('exige Idempotency-Key (400 idempotency_key_requise)', async () => {
    const r = await envoyer(acte(), { cle: null });
    expect(r.statusCode).toBe(400);
    expect(r.json().erreur.code).toBe('idempotency_key_requise');
  });

  it('intègre un acte sur un nouveau dossier, rejoue la même réponse, refuse la clé réutilisée', async () => {
    const k = cle();
    const corps = acte();
    const r1 = await envoyer(corps, { cle: k });
    expect(r1.statusCode, r1.body).toBe(201);
    const premier = r1.json();
    expect(premier).toMatchObject({ statut: 'integre' });
    expect(premier.dossierNumero).toMatch(/^\d{4}-75-\d{6}$/);
    // Same body with keys in another order: the same request (canonical JSON).
    const reordonne = Object.fromEntries(Object.entries(corps).reverse());
    const r2 = await envoyer(reordonne, { cle: k });
    expect(r2.statusCode).toBe(201);
    expect(r2.json()).toEqual(premier);
    expect(r2.headers['idempotent-replayed']).toBe('true');
    const r3 = await envoyer({ ...corps, montantDette: 1 }, { cle: k });
    expect(r3.statusCode).toBe(422);
    expect(r3.json().erreur.code).toBe('idempotency_key_reutilisee');
    const actes = await db
      .selectFrom('acte_partenaire')
      .select('id')
      .where('reference', '=', corps.reference)
      .execute();
    expect(actes).toHaveLength(1);
  });

  it('laisse les faits de pilotage du dossier au recalcul qui suit la validation (ADR 0007)', async () => {
    const corps = acte({}, { nom: 'Pilotage', prenoms: 'Différé', dateNaissance: '1979-03-03' });
    const r = await envoyer(corps);
    expect(r.statusCode, r.body).toBe(201);
    const { dossierNumero } = r.json() as { dossierNumero: string };
    const { id: dossierId } = await db
      .selectFrom('dossier')
      .select('id')
      .where('numero', '=', dossierNumero)
      .executeTakeFirstOrThrow();
    const faits = async () =>
      (
        await db
          .selectFrom('pilotage_fait')
          .select('nature')
          .where('dossier_id', '=', dossierId)
          .where('nature', '=', 'commandement_de_payer')
          .execute()
      ).length;
    // Queued, not yet counted: the act's transaction did not recompute them.
    const file = await db
      .selectFrom('pilotage_a_recalculer')
      .select('dossier_id')
      .where('dossier_id', '=', dossierId)
      .execute();
    expect(file.length).toBeGreaterThan(0);
    expect(await faits()).toBe(0);
    // The setting lasted for that transaction only: an agent's write on the same connection pool recomputes at once.
    const reglage = await sql<{ v: string | null }>`
      select current_setting('exploc.pilotage_differe', true) as v`.execute(db);
    expect(reglage.rows[0]?.v ?? '').not.toBe('on');
    await recalculerEnAttente(db);
    expect(await faits()).toBe(1);
  });

  it('rattache au même bail sans doublon (adresse et nom écrits autrement), puis par numéro', async () => {
    const r1 = await envoyer(acte({}, { nom: 'Lemaître', prenoms: 'Hélène', dateNaissance: '1970-01-01' }));
    const numero = r1.json().dossierNumero as string;
    const variante = acte(
      {
        type: 'assignation',
        date: '2025-11-03',
        dateAudience: '2026-01-20',
        montantDette: undefined,
        moisImpayes: undefined,
      },
      {
        nom: 'LEMAITRE',
        prenoms: 'helene marie',
        dateNaissance: '1970-01-01',
      },
    );
    (variante.dossier.logement.adresse as { ligne: string }).ligne = '12 boulevard des Lilas';
    const r2 = await envoyer(variante);
    expect(r2.statusCode, r2.body).toBe(201);
    expect(r2.json().dossierNumero).toBe(numero);
    const r3 = await envoyer({
      reference: 'PAR-NUMERO',
      type: 'notification_assignation_prefet',
      date: '2025-11-04',
      dossier: { numero },
    });
    expect(r3.statusCode, r3.body).toBe(201);
    expect(r3.json()).toMatchObject({ dossierNumero: numero, statut: 'integre' });
    const dossiers = await db.selectFrom('dossier').select('id').where('numero', '=', numero).execute();
    const evenements = await db
      .selectFrom('evenement')
      .select('type')
      .where('dossier_id', '=', dossiers[0]?.id ?? '')
      .execute();
    expect(evenements.map((e) => e.type).sort()).toEqual([
      'assignation',
      'commandement_de_payer',
      'notification_assignation_prefet',
    ]);
    // The étude now sees the dossier of its mandate; the préfecture of 75 too.
    const pref = await connecter(app, 'prefecture.75@demo.exploc.fr');
    const liste = await pref.requete({ method: 'GET', url: `/api/v1/dossiers?q=${numero}` });
    expect(liste.json().total).toBe(1);
  });

  it('met « à rattacher » quand plusieurs dossiers correspondent au bail', async () => {
    const menage = { nom: 'Doublon', prenoms: 'Jean', dateNaissance: '1990-05-05' };
    const a = await envoyer(acte({}, menage));
    // A second dossier for the same lease created by an agent.
    const pref = await connecter(app, 'prefecture.75@demo.exploc.fr');
    await pref.requete({
      method: 'POST',
      url: '/api/v1/dossiers',
      payload: { ...acte({}, menage).dossier, menage: { personnes: [{ ...menage, role: 'titulaire' }] } },
    });
    expect(a.statusCode).toBe(201);
    const r = await envoyer(
      acte(
        { type: 'signalement_commandement_ccapex', montantDette: undefined, moisImpayes: undefined },
        menage,
      ),
    );
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ statut: 'a_rattacher', dossierNumero: null });
  });

  it('enregistre un acte incohérent comme « à vérifier » avec une alerte pour la préfecture', async () => {
    const r = await envoyer(
      acte(
        { type: 'demande_cfp', montantDette: undefined, moisImpayes: undefined },
        { nom: 'Incohérent', prenoms: 'Paul', dateNaissance: '1980-02-02' },
      ),
    );
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().statut).toBe('a_verifier');
    const d = await db
      .selectFrom('dossier')
      .select(['alertes', 'phase'])
      .where('numero', '=', r.json().dossierNumero)
      .executeTakeFirstOrThrow();
    expect(d.alertes).toContain('acte_a_verifier');
    expect(d.phase).toBe('prevention'); // the unchecked act stays out of the engine's timeline
  });

  it('refuse un acte mal formé (400 avec les chemins), un type non autorisé au partenaire (403), un dossier inconnu (422)', async () => {
    const malForme = await envoyer({ ...acte(), date: '2025-02-30', reference: '' });
    expect(malForme.statusCode).toBe(400);
    const chemins = (malForme.json().erreur.details as { chemin: string }[]).map((d) => d.chemin);
    expect(chemins).toEqual(expect.arrayContaining(['reference', 'date']));
    const futur = await envoyer(acte({ date: '2099-01-01' }));
    expect(futur.statusCode).toBe(400);
    const mauvaisType = await envoyer(acte(), { jeton: jetonCaf });
    expect(mauvaisType.statusCode).toBe(403);
    const inconnu = await envoyer({
      reference: 'X',
      type: 'demande_cfp',
      date: '2025-01-01',
      dossier: { numero: '2025-75-999999' },
    });
    expect(inconnu.statusCode).toBe(422);
    expect(inconnu.json().erreur.code).toBe('dossier_inconnu');
  });

  it('deux requêtes simultanées avec la même clé : un seul acte', async () => {
    const k = cle();
    const corps = acte({}, { nom: 'Simultane', prenoms: 'Eve', dateNaissance: '1991-01-01' });
    const reponses = await Promise.all([
      envoyer(corps, { cle: k }),
      envoyer(corps, { cle: k }),
      envoyer(corps, { cle: k }),
    ]);
    for (const r of reponses) expect([201, 409]).toContain(r.statusCode);
    expect(reponses.some((r) => r.statusCode === 201)).toBe(true);
    const actes = await db
      .selectFrom('acte_partenaire')
      .select('id')
      .where('reference', '=', corps.reference)
      .execute();
    expect(actes).toHaveLength(1);
  });

  it('une clé enregistrée entre l’instantané et le verrou : tout est annulé, 409, puis le rejeu', async () => {
    // The race that sousCleIdempotence leaves (idempotence.ts), made deterministic: another connection commits
    // the key while our transaction works; our key row collides at the end.
    const client = await db
      .selectFrom('partenaire_client')
      .select('id')
      .where('client_id', '=', etude.clientId)
      .executeTakeFirstOrThrow();
    const k = cle();
    const enregistrer = { clientId: client.id, cle: k, empreinte: 'e', statutHttp: 201 };
    const course = sousCleIdempotence(db, enregistrer, async (trx) => {
      await db
        .insertInto('cle_idempotence')
        .values({ client_id: client.id, cle: k, empreinte: 'e', statut_http: 201, reponse: '"autre"' })
        .execute();
      await trx.insertInto('journal').values({ action: 'test_course', requete_id: k }).execute();
      await enregistrerCle(trx, { ...enregistrer, reponse: 'nous' });
      return 'nous';
    });
    await expect(course).rejects.toMatchObject({ statut: 409, code: 'requete_en_cours' });
    const journal = await db.selectFrom('journal').select('id').where('requete_id', '=', k).execute();
    expect(journal).toHaveLength(0);
    const rejeu = await sousCleIdempotence(db, enregistrer, async () => 'jamais');
    expect(rejeu).toEqual({ statutHttp: 201, corps: 'autre', rejoue: true });
  });
});

describe('GET /api/partenaires/v1/actes/:acteId', () => {
  it('montre ses propres actes, jamais ceux d’un autre partenaire (404)', async () => {
    const r = await envoyer(acte({}, { nom: 'Lecture', prenoms: 'Luc', dateNaissance: '1982-03-03' }));
    const { acteId } = r.json() as { acteId: string };
    const lu = await app.inject({
      method: 'GET',
      url: `/api/partenaires/v1/actes/${acteId}`,
      headers: { authorization: `Bearer ${jetonEtude}` },
    });
    expect(lu.statusCode).toBe(200);
    expect(lu.json()).toMatchObject({
      acteId,
      statut: 'integre',
      type: 'commandement_de_payer',
      phaseDossier: 'commandement',
    });
    const autre = await app.inject({
      method: 'GET',
      url: `/api/partenaires/v1/actes/${acteId}`,
      headers: { authorization: `Bearer ${jetonAutre}` },
    });
    expect(autre.statusCode).toBe(404);
  });
});

describe('fuzzing du schéma des actes', () => {
  it('aucun corps, même absurde, ne provoque de 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.anything(),
          fc.record({
            reference: fc.string(),
            type: fc.constantFrom('commandement_de_payer', 'demande_cfp', 'inconnu', ''),
            date: fc.string(),
            dossier: fc.anything(),
          }),
          fc.record({
            ...Object.fromEntries(Object.entries(acte()).map(([k, v]) => [k, fc.constant(v)])),
            montantDette: fc.oneof(fc.double(), fc.string(), fc.constant(null)),
          }),
        ),
        async (corps) => {
          const r = await app.inject({
            method: 'POST',
            url: '/api/partenaires/v1/actes',
            headers: {
              authorization: `Bearer ${jetonEtude}`,
              'idempotency-key': cle(),
              'content-type': 'application/json',
            },
            payload: JSON.stringify(corps) ?? 'null',
          });
          expect(r.statusCode, r.body).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
  });
});
