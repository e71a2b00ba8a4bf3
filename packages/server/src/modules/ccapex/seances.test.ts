import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { connecter, creerAppDeTest, jetonPartenaire } from '../../../test/app-de-test.js';
import { dossierEn93, nouveauDossier } from '../../../test/fabriques.js';
import { demarrerSmtpDeTest } from '../../../test/smtp-de-test.js';
import { lireConfig } from '../../config.js';
import { creerExpediteur } from '../../lib/courriel.js';
import { creerClientPartenaire } from '../partenaires/service.js';
import { livrerWebhooks } from '../webhooks/service.js';
import { decisionsAplDepuis } from './decisions-apl.js';
import { type ConfigCourriel, relancerRecommandationsNonNotifiees } from './seances.js';

const smtp = await demarrerSmtpDeTest();
const { app, db } = await creerAppDeTest({ smtpUrl: smtp.url, urlPublique: 'https://exploc.test' });
const secretariat = await connecter(app, 'ccapex.75@demo.exploc.fr');
const membre = await connecter(app, 'cd.75@demo.exploc.fr');
const ddets = await connecter(app, 'ddets.75@demo.exploc.fr');
const pref75 = await connecter(app, 'prefecture.75@demo.exploc.fr');
const pref93 = await connecter(app, 'prefecture.93@demo.exploc.fr');

const centrale = async (dep: string) =>
  (
    await db
      .selectFrom('commission')
      .select('id')
      .where('departement_code', '=', dep)
      .where('type', '=', 'centrale')
      .executeTakeFirstOrThrow()
  ).id;
const c75 = await centrale('75');
const c93 = await centrale('93');
const orgCd75 = (
  await db
    .selectFrom('organisation')
    .select('id')
    .where('nom', '=', 'Ville de Paris — action sociale (démo)')
    .executeTakeFirstOrThrow()
).id;
const orgBailleur = (
  await db
    .selectFrom('organisation')
    .select('id')
    .where('nom', '=', 'Habitat Social Francilien (démo)')
    .executeTakeFirstOrThrow()
).id;
await db
  .insertInto('commission_membre')
  .values({
    commission_id: c75,
    organisation_id: orgCd75,
    categorie: 'conseil_departemental',
    voix: 'deliberative',
  })
  .onConflict((oc) => oc.columns(['commission_id', 'organisation_id']).doNothing())
  .execute();

const NOM = 'Zébulon';
const NOM_RE = /zébulon/i;
async function creerDossier(agent = pref75, nom = NOM) {
  const corps =
    agent === pref93
      ? dossierEn93()
      : nouveauDossier({
          menage: { personnes: [{ nom, prenoms: 'Anaïs', dateNaissance: '1980-01-01', role: 'titulaire' }] },
        });
  const r = await agent.requete({ method: 'POST', url: '/api/v1/dossiers', payload: corps });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string; numero: string };
}

async function saisine(
  dossierId: string,
  commissionId: string,
  statut: 'acceptee' | 'rejetee' | 'a_trier',
  le: Date,
) {
  await db
    .insertInto('ccapex_saisine')
    .values({
      departement_code: commissionId === c93 ? '93' : '75',
      commission_id: commissionId,
      origine: 'bailleur',
      statut,
      dossier_id: dossierId,
      recu_le: le,
      traite_le: statut === 'a_trier' ? null : le,
    })
    .execute();
}

const dPret = await creerDossier();
const dSansSaisine = await creerDossier();
const dRejete = await creerDossier();
const dDejaExamine = await creerDossier();
const d93 = await creerDossier(pref93);
await db
  .updateTable('dossier')
  .set({ allocataire_organisme: 'caf', allocataire_numero: '7654321' })
  .where('id', '=', dPret.id)
  .execute();

// The CAF's information system: a real receiver of the webhooks (docs/api/webhooks.md).
const recusCaf: { type: string; donnees: Record<string, unknown> }[] = [];
const siCaf = createServer((req, res) => {
  let brut = '';
  req.on('data', (m: Buffer) => {
    brut += m.toString('utf8');
  });
  req.on('end', () => {
    recusCaf.push(JSON.parse(brut) as { type: string; donnees: Record<string, unknown> });
    res.end();
  });
});
await new Promise<void>((ok) => siCaf.listen(0, '127.0.0.1', ok));
afterAll(() => new Promise<void>((ok) => siCaf.close(() => ok())));
/** Subscriptions of three partners: the CAF of Paris and the CAF of Seine-Saint-Denis, a Paris étude. */
async function abonne(type: 'caf' | 'commissaire_justice', dep: string, siret: string, evenements: string[]) {
  const c = await creerClientPartenaire(db, { type, nom: `${type} ${dep}`, siret, departements: [dep] });
  const { id: clientId } = await db
    .selectFrom('partenaire_client')
    .select('id')
    .where('client_id', '=', c.clientId)
    .executeTakeFirstOrThrow();
  return db
    .insertInto('webhook_abonnement')
    .values({
      client_id: clientId,
      url: `http://127.0.0.1:${(siCaf.address() as AddressInfo).port}/${type}-${dep}`,
      evenements,
      secret: 'whsec_essai',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}
const abonnementCaf75 = await abonne('caf', '75', '55555555500055', ['decision_apl_ccapex']);
await abonne('caf', '93', '66666666600066', ['decision_apl_ccapex']);
await abonne('commissaire_justice', '75', '77777777700077', ['acte_integre']);
const ilYA = (jours: number) => new Date(Date.now() - jours * 86_400_000);
await saisine(dPret.id, c75, 'acceptee', ilYA(10));
await saisine(dRejete.id, c75, 'rejetee', ilYA(10));
await saisine(dDejaExamine.id, c75, 'acceptee', ilYA(40));
await saisine(d93.id, c93, 'acceptee', ilYA(10));
// dDejaExamine got its avis in a closed séance after its saisine was accepted.
const ancienne = await db
  .insertInto('ccapex_seance')
  .values({ commission_id: c75, debut: ilYA(20), lieu: 'Salle A', statut: 'close' })
  .returning('id')
  .executeTakeFirstOrThrow();
await db
  .insertInto('ccapex_examen')
  .values({
    seance_id: ancienne.id,
    dossier_id: dDejaExamine.id,
    rang: 1,
    avis: 'Avis ancien',
    examine_le: ilYA(20),
  })
  .execute();
const seance93 = await db
  .insertInto('ccapex_seance')
  .values({ commission_id: c93, debut: ilYA(-7), lieu: 'Bobigny' })
  .returning(['id'])
  .executeTakeFirstOrThrow();

const planifier = async () => {
  const r = await secretariat.requete({
    method: 'POST',
    url: '/api/v1/ccapex/seances',
    payload: { commissionId: c75, debut: '2030-03-14T14:30', lieu: 'Préfecture, salle Colbert' },
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string; version: number };
};
const lireSeance = async (id: string) => {
  const r = await secretariat.requete({ method: 'GET', url: `/api/v1/ccapex/seances/${id}` });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as {
    statut: string;
    debutLocal: string;
    version: number;
    ordreDuJour: {
      examenId: string;
      rang: number;
      version: number;
      dossier: { id: string; numero: string; nomPrincipal: string | null };
      recommandations: { id: string; notifieeLe: string | null }[];
    }[];
  };
};

describe('séances de la CCAPEX', () => {
  let seanceId = '';

  it('planifie une séance à l’heure locale ; la DDETS du département la voit, pas une autre commission', async () => {
    seanceId = (await planifier()).id;
    const s = await lireSeance(seanceId);
    expect(s.statut).toBe('planifiee');
    expect(s.debutLocal).toBe('2030-03-14T14:30');
    const debut = await db
      .selectFrom('ccapex_seance')
      .select('debut')
      .where('id', '=', seanceId)
      .executeTakeFirstOrThrow();
    expect(debut.debut.toISOString()).toBe('2030-03-14T13:30:00.000Z');
    const liste = await ddets.requete({ method: 'GET', url: '/api/v1/ccapex/seances' });
    expect(liste.json().elements.map((e: { id: string }) => e.id)).toContain(seanceId);
    expect(liste.json().elements.map((e: { id: string }) => e.id)).not.toContain(seance93.id);
    const autre = await secretariat.requete({
      method: 'POST',
      url: '/api/v1/ccapex/seances',
      payload: { commissionId: c93, debut: '2030-03-14T14:30', lieu: 'Bobigny' },
    });
    expect(autre.statusCode).toBe(404);
  });

  it('une séance d’un autre département est introuvable (404), en lecture comme en écriture', async () => {
    for (const [method, url] of [
      ['GET', `/api/v1/ccapex/seances/${seance93.id}`],
      ['GET', `/api/v1/ccapex/seances/${seance93.id}/dossiers-prets`],
      ['POST', `/api/v1/ccapex/seances/${seance93.id}/invitations`],
      ['GET', `/api/v1/ccapex/membre/seances/${seance93.id}`],
    ] as const) {
      const agent = url.includes('/membre/') ? membre : secretariat;
      const r = await agent.requete({ method, url });
      expect(r.statusCode, url).toBe(404);
    }
    const r = await secretariat.requete({
      method: 'POST',
      url: `/api/v1/ccapex/seances/${seance93.id}/ordre-du-jour`,
      payload: { numero: d93.numero },
    });
    expect(r.statusCode).toBe(404);
  });

  it('les dossiers prêts : saisine acceptée, pas d’avis depuis, pas déjà inscrits', async () => {
    const r = await secretariat.requete({
      method: 'GET',
      url: `/api/v1/ccapex/seances/${seanceId}/dossiers-prets`,
    });
    expect(r.statusCode).toBe(200);
    const ids = r.json().elements.map((e: { id: string }) => e.id);
    expect(ids).toContain(dPret.id);
    expect(ids).not.toContain(dSansSaisine.id);
    expect(ids).not.toContain(dRejete.id);
    expect(ids).not.toContain(dDejaExamine.id);
    expect(ids).not.toContain(d93.id);
    expect(r.json().elements.find((e: { id: string }) => e.id === dPret.id).nomPrincipal).toMatch(NOM_RE);
  });

  it('construit l’ordre du jour : dossiers prêts, ajout par numéro, refus hors département, réordonne, retire', async () => {
    const url = `/api/v1/ccapex/seances/${seanceId}/ordre-du-jour`;
    let r = await secretariat.requete({ method: 'POST', url, payload: { dossierIds: [dPret.id] } });
    expect(r.statusCode, r.body).toBe(201);
    r = await secretariat.requete({ method: 'POST', url, payload: { numero: dSansSaisine.numero } });
    expect(r.statusCode, r.body).toBe(201);
    r = await secretariat.requete({ method: 'POST', url, payload: { numero: dSansSaisine.numero } });
    expect(r.statusCode).toBe(409);
    r = await secretariat.requete({ method: 'POST', url, payload: { numero: d93.numero } });
    expect(r.statusCode).toBe(404);
    r = await secretariat.requete({ method: 'POST', url, payload: { numero: dRejete.numero } });
    expect(r.statusCode).toBe(201);
    const prets = await secretariat.requete({
      method: 'GET',
      url: `/api/v1/ccapex/seances/${seanceId}/dossiers-prets`,
    });
    expect(prets.json().elements.map((e: { id: string }) => e.id)).not.toContain(dPret.id);
    r = await secretariat.requete({
      method: 'PUT',
      url,
      payload: { dossierIds: [dSansSaisine.id, dRejete.id, dPret.id] },
    });
    expect(r.statusCode, r.body).toBe(200);
    r = await secretariat.requete({ method: 'PUT', url, payload: { dossierIds: [dPret.id] } });
    expect(r.statusCode).toBe(422);
    r = await secretariat.requete({ method: 'DELETE', url: `${url}/${dRejete.id}` });
    expect(r.statusCode).toBe(200);
    const s = await lireSeance(seanceId);
    expect(s.ordreDuJour.map((e) => [e.rang, e.dossier.id])).toEqual([
      [1, dSansSaisine.id],
      [2, dPret.id],
    ]);
  });

  it('invite les comptes de la commission par courriel réel : date, lieu, nombre de dossiers, lien, aucun nom', async () => {
    const avant = smtp.recus.length;
    const r = await secretariat.requete({
      method: 'POST',
      url: `/api/v1/ccapex/seances/${seanceId}/invitations`,
    });
    expect(r.statusCode, r.body).toBe(200);
    const attendus = await db
      .selectFrom('utilisateur')
      .select('email')
      .where('commission_id', '=', c75)
      .where('actif', '=', true)
      .execute();
    expect(r.json().envoyees).toBe(attendus.length);
    const recus = smtp.recus.slice(avant);
    expect(recus.flatMap((m) => m.a).sort()).toEqual(attendus.map((a) => a.email).sort());
    expect(recus.map((m) => m.a[0])).toContain('cd.75@demo.exploc.fr');
    const texte = recus[0]?.texte ?? '';
    expect(texte).toContain('14 mars 2030 à 14 h 30');
    expect(texte).toContain('Préfecture, salle Colbert');
    expect(texte).toContain('dossiers à l’ordre du jour : 2');
    expect(texte).toContain(`https://exploc.test/ccapex/seances/${seanceId}`);
    expect(texte).not.toMatch(NOM_RE);
    expect(texte).not.toContain(dPret.numero);
  });

  it('un membre voit les séances à venir de sa commission et l’ordre du jour', async () => {
    const liste = await membre.requete({ method: 'GET', url: '/api/v1/ccapex/membre/seances' });
    expect(liste.statusCode).toBe(200);
    const e = liste.json().elements.find((x: { id: string }) => x.id === seanceId);
    expect(e.nbDossiers).toBe(2);
    const s = await membre.requete({ method: 'GET', url: `/api/v1/ccapex/membre/seances/${seanceId}` });
    expect(s.statusCode).toBe(200);
    expect(s.json().ordreDuJour.map((x: { dossier: { numero: string } }) => x.dossier.numero)).toEqual([
      dSansSaisine.numero,
      dPret.numero,
    ]);
    expect(s.json().invites.length).toBeGreaterThan(0);
    // Members do not run the secretariat.
    const w = await membre.requete({ method: 'POST', url: `/api/v1/ccapex/seances/${seanceId}/cloture` });
    expect(w.statusCode).toBe(403);
  });

  it('enregistre avis, recommandations et décision APL ; If-Match obligatoire, version périmée → 412', async () => {
    const s = await lireSeance(seanceId);
    const examen = s.ordreDuJour.find((e) => e.dossier.id === dPret.id);
    if (!examen) throw new Error('examen absent');
    const url = `/api/v1/ccapex/seances/${seanceId}/examens/${examen.examenId}`;
    const corps = {
      avis: 'Maintien dans les lieux possible avec un plan d’apurement.',
      decisionApl: 'maintien',
      recommandations: [
        {
          destinataireType: 'cd_action_sociale',
          destinataireOrganisationId: orgCd75,
          destinataireLibelle: 'Service social de secteur',
          contenu: 'Proposer un accompagnement budgétaire.',
          echeance: '2020-01-31',
        },
        {
          destinataireType: 'menage',
          destinataireLibelle: 'Le ménage',
          contenu: 'Reprendre le paiement du loyer courant.',
        },
      ],
    };
    let r = await secretariat.requete({ method: 'PUT', url, payload: corps });
    expect(r.statusCode).toBe(428);
    r = await secretariat.requete({
      method: 'PUT',
      url,
      headers: { 'if-match': `"${examen.version}"` },
      payload: {
        ...corps,
        recommandations: [{ ...corps.recommandations[0], destinataireOrganisationId: orgBailleur }],
      },
    });
    expect(r.statusCode).toBe(422);
    expect(r.json().erreur.code).toBe('destinataire_non_membre');
    r = await secretariat.requete({
      method: 'PUT',
      url,
      headers: { 'if-match': `"${examen.version}"` },
      payload: corps,
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers.etag).toBe(`"${examen.version + 1}"`);
    r = await secretariat.requete({
      method: 'PUT',
      url,
      headers: { 'if-match': `"${examen.version}"` },
      payload: { ...corps, avis: 'Autre avis' },
    });
    expect(r.statusCode).toBe(412);
    const apres = await lireSeance(seanceId);
    expect(apres.statut).toBe('tenue');
    const e = await db
      .selectFrom('ccapex_examen')
      .select(['avis', 'decision_apl'])
      .where('id', '=', examen.examenId)
      .executeTakeFirstOrThrow();
    expect(e).toEqual({ avis: corps.avis, decision_apl: 'maintien' });
    const journal = await db
      .selectFrom('journal')
      .select(['objet_id', 'details'])
      .where('action', '=', 'ccapex_examen_enregistre')
      .execute();
    expect(journal.map((j) => j.objet_id)).toEqual([dPret.id]);
    expect(JSON.stringify(journal[0]?.details)).not.toMatch(NOM_RE);
  });

  it('ne clôt pas tant qu’un dossier n’a pas d’avis ; la clôture notifie les organismes destinataires', async () => {
    let s = await lireSeance(seanceId);
    let r = await secretariat.requete({
      method: 'POST',
      url: `/api/v1/ccapex/seances/${seanceId}/cloture`,
      headers: { 'if-match': `"${s.version}"` },
    });
    expect(r.statusCode).toBe(422);
    expect(r.json().erreur.code).toBe('examens_incomplets');
    expect(r.json().erreur.message).toContain(dSansSaisine.numero);
    r = await secretariat.requete({
      method: 'DELETE',
      url: `/api/v1/ccapex/seances/${seanceId}/ordre-du-jour/${dSansSaisine.id}`,
    });
    expect(r.statusCode).toBe(200);
    s = await lireSeance(seanceId);
    r = await secretariat.requete({
      method: 'POST',
      url: `/api/v1/ccapex/seances/${seanceId}/cloture`,
      headers: { 'if-match': `"${s.version - 1}"` },
    });
    expect(r.statusCode).toBe(412);
    const avant = smtp.recus.length;
    r = await secretariat.requete({
      method: 'POST',
      url: `/api/v1/ccapex/seances/${seanceId}/cloture`,
      headers: { 'if-match': `"${s.version}"` },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().notifications.recommandations).toBe(1);
    const recus = smtp.recus.slice(avant);
    const cd = await db
      .selectFrom('utilisateur')
      .select('email')
      .where('organisation_id', '=', orgCd75)
      .execute();
    expect(recus.flatMap((m) => m.a).sort()).toEqual(cd.map((u) => u.email).sort());
    expect(recus[0]?.texte).toContain(dPret.numero);
    expect(recus[0]?.texte).toContain(`https://exploc.test/dossiers/${dPret.id}`);
    expect(recus[0]?.texte).not.toMatch(NOM_RE);
    expect(recus[0]?.texte).not.toContain('accompagnement budgétaire');
    const recos = await db
      .selectFrom('ccapex_recommandation')
      .select(['destinataire_type', 'notifiee_le'])
      .where('dossier_id', '=', dPret.id)
      .orderBy('destinataire_type')
      .execute();
    expect(recos.map((x) => [x.destinataire_type, x.notifiee_le !== null])).toEqual([
      ['cd_action_sociale', true],
      ['menage', false],
    ]);
    // A closed séance is frozen.
    const fige = await secretariat.requete({
      method: 'POST',
      url: `/api/v1/ccapex/seances/${seanceId}/ordre-du-jour`,
      payload: { numero: dRejete.numero },
    });
    expect(fige.statusCode).toBe(409);
  });

  it('la clôture transmet la décision APL aux seules CAF du département abonnées (webhook)', async () => {
    const livraisons = await db
      .selectFrom('webhook_livraison')
      .select(['abonnement_id', 'type', 'corps'])
      .where('type', '=', 'decision_apl_ccapex')
      .execute();
    expect(livraisons.map((l) => l.abonnement_id)).toEqual([abonnementCaf75.id]);
    const bilan = await livrerWebhooks(db, { autoriserLocal: true });
    expect(bilan.livrees).toBeGreaterThanOrEqual(1);
    const recu = recusCaf.filter((r) => r.type === 'decision_apl_ccapex');
    expect(recu).toHaveLength(1);
    expect(recu[0]?.donnees).toMatchObject({
      dossierNumero: dPret.numero,
      decision: 'maintien',
      seance: { departement: '75', date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
      allocataire: { organisme: 'caf', numero: '7654321' },
    });
    // The household's name never leaves: the allocataire number identifies it at the CAF.
    expect(JSON.stringify(recu[0])).not.toMatch(NOM_RE);
    const journal = await db
      .selectFrom('journal')
      .select('details')
      .where('action', '=', 'ccapex_seance_close')
      .where('objet_id', '=', seanceId)
      .executeTakeFirstOrThrow();
    expect(journal.details).toMatchObject({ decisionsAplTransmises: 1 });
  });

  it('une CAF relit les décisions APL par l’API (rattrapage), les autres partenaires non', async () => {
    async function jetonDe(type: 'caf' | 'commissaire_justice', dep: string, siret: string) {
      const c = await creerClientPartenaire(db, {
        type,
        nom: `${type} ${dep} (API)`,
        siret,
        departements: [dep],
      });
      return { authorization: `Bearer ${await jetonPartenaire(app, c)}` };
    }
    const lire = (headers: Record<string, string>, query: string) =>
      app.inject({ method: 'GET', url: `/api/partenaires/v1/decisions-apl?${query}`, headers });
    const caf75 = await jetonDe('caf', '75', '88888888800088');
    const depuis = `depuis=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`;
    const r = await lire(caf75, depuis);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().suivant).toBeNull();
    const miennes = r
      .json()
      .elements.filter((e: { dossierNumero: string }) => e.dossierNumero === dPret.numero);
    expect(miennes).toEqual([
      expect.objectContaining({
        decision: 'maintien',
        allocataire: { organisme: 'caf', numero: '7654321' },
        seance: expect.objectContaining({ departement: '75' }),
        transmiseLe: expect.any(String),
      }),
    ]);
    // The same body as the webhook the subscribed CAF received.
    const { transmiseLe: _, ...corps } = miennes[0];
    expect(recusCaf.find((x) => x.type === 'decision_apl_ccapex')?.donnees).toEqual(corps);
    expect(JSON.stringify(r.json())).not.toMatch(NOM_RE);
    // Closed before `depuis`: not listed.
    const plusTard = encodeURIComponent(new Date(Date.now() + 60_000).toISOString());
    expect((await lire(caf75, `depuis=${plusTard}`)).json().elements).toEqual([]);
    // Another département's CAF sees none of Paris's decisions; an étude is refused.
    const caf93 = await jetonDe('caf', '93', '99999999900099');
    const autre = (await lire(caf93, depuis)).json().elements as { dossierNumero: string }[];
    expect(autre.some((e) => e.dossierNumero === dPret.numero)).toBe(false);
    const etude = await jetonDe('commissaire_justice', '75', '12121212100012');
    const refus = await lire(etude, depuis);
    expect(refus.statusCode).toBe(403);
    // Bad input: 400 with a French message, never a 500.
    const sansDate = await lire(caf75, 'depuis=hier');
    expect(sansDate.statusCode).toBe(400);
    expect(sansDate.json().erreur.code).toBe('requete_invalide');
    const curseur = await lire(caf75, `${depuis}&curseur=n-importe-quoi`);
    expect(curseur.statusCode).toBe(400);
    expect(curseur.json().erreur.message).toBe('Curseur invalide.');
    const journal = await db
      .selectFrom('journal')
      .select(['organisation_id', 'details'])
      .where('action', '=', 'decisions_apl_consultees')
      .execute();
    expect(journal.length).toBe(3); // the three successful reads, not the refused ones
    expect(journal.every((j) => j.organisation_id !== null)).toBe(true);
  });

  it('les décisions APL se lisent page par page, sans perte ni doublon (curseur)', async () => {
    // A second decision, closed half an hour before the first one.
    await db
      .updateTable('ccapex_seance')
      .set({ cloturee_le: new Date(Date.now() - 30 * 60_000) })
      .where('id', '=', ancienne.id)
      .execute();
    await db
      .updateTable('ccapex_examen')
      .set({ decision_apl: 'suspension' })
      .where('seance_id', '=', ancienne.id)
      .execute();
    const depuis = new Date(Date.now() - 3_600_000);
    const p1 = await decisionsAplDepuis(db, { departements: ['75'] }, { depuis, limite: 1 });
    expect(p1.elements.map((e) => [e.dossierNumero, e.decision])).toEqual([
      [dDejaExamine.numero, 'suspension'],
    ]);
    expect(p1.suivant).not.toBeNull();
    const p2 = await decisionsAplDepuis(
      db,
      { departements: ['75'] },
      { depuis, limite: 1, curseur: p1.suivant ?? '' },
    );
    expect(p2.elements.map((e) => [e.dossierNumero, e.decision])).toEqual([[dPret.numero, 'maintien']]);
    expect(p2.suivant).toBeNull();
    await db
      .updateTable('ccapex_examen')
      .set({ decision_apl: null })
      .where('seance_id', '=', ancienne.id)
      .execute();
  });

  it('la section CCAPEX du dossier montre ses séances aux seuls secrétariat et membres', async () => {
    const url = `/api/v1/dossiers/${dPret.id}/ccapex/seances`;
    const r = await membre.requete({ method: 'GET', url });
    expect(r.statusCode).toBe(200);
    expect(r.json().visible).toBe(true);
    const [e] = r.json().elements;
    expect(e).toMatchObject({ decisionApl: 'maintien', seance: { id: seanceId, statut: 'close' } });
    expect(e.recommandations).toHaveLength(2);
    const pref = await pref75.requete({ method: 'GET', url });
    expect(pref.json()).toEqual({ visible: false, elements: [] });
    expect((await pref93.requete({ method: 'GET', url })).statusCode).toBe(404);
  });

  it('génère le procès-verbal (PDF balisé, conservé comme document) ; son téléchargement est journalisé', async () => {
    const g = await secretariat.requete({ method: 'POST', url: `/api/v1/ccapex/seances/${seanceId}/pv` });
    expect(g.statusCode, g.body).toBe(201);
    const doc = await db
      .selectFrom('document')
      .select(['dossier_id', 'type_mime', 'taille'])
      .where('id', '=', g.json().documentId)
      .executeTakeFirstOrThrow();
    expect(doc.dossier_id).toBeNull();
    expect(doc.type_mime).toBe('application/pdf');
    const r = await secretariat.requete({ method: 'GET', url: `/api/v1/ccapex/seances/${seanceId}/pv.pdf` });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(r.rawPayload.length).toBe(doc.taille);
    const pdf = r.rawPayload.toString('latin1');
    expect(pdf.startsWith('%PDF-1.7')).toBe(true);
    expect(pdf).toContain('/Lang (fr-FR)');
    expect(pdf).toContain('/StructTreeRoot');
    const lignes = await db
      .selectFrom('journal')
      .select(['objet_id', 'utilisateur_id'])
      .where('action', '=', 'ccapex_pv_telecharge')
      .execute();
    expect(lignes).toEqual([{ objet_id: seanceId, utilisateur_id: secretariat.utilisateur.id }]);
    const m = await membre.requete({
      method: 'GET',
      url: `/api/v1/ccapex/membre/seances/${seanceId}/pv.pdf`,
    });
    expect(m.statusCode).toBe(200);
    // The minutes belong to no dossier: they are not listed among the dossier's documents.
    const docs = await pref75.requete({ method: 'GET', url: `/api/v1/dossiers/${dPret.id}/documents` });
    expect(docs.json().elements).toEqual([]);
  });

  it('suivi des recommandations : filtre en retard, réalisée avec If-Match, file de travail du secrétariat', async () => {
    let r = await secretariat.requete({ method: 'GET', url: '/api/v1/ccapex/recommandations?enRetard=true' });
    expect(r.statusCode).toBe(200);
    const enRetard = r.json().elements as {
      id: string;
      enRetard: boolean;
      version: number;
      dossier: { id: string };
    }[];
    expect(enRetard.every((x) => x.enRetard)).toBe(true);
    // Only the recommandation due in the past is overdue; the one without a due date is not.
    const duDossier = enRetard.filter((x) => x.dossier.id === dPret.id);
    expect(duDossier).toHaveLength(1);
    const reco = duDossier[0];
    if (!reco) throw new Error('recommandation absente');
    const file = await secretariat.requete({ method: 'GET', url: '/api/v1/a-traiter' });
    expect(file.json().recommandationsEnRetard.map((x: { id: string }) => x.id)).toContain(reco.id);
    const filePref = await pref75.requete({ method: 'GET', url: '/api/v1/a-traiter' });
    expect(filePref.json().recommandationsEnRetard).toEqual([]);
    const url = `/api/v1/ccapex/recommandations/${reco.id}/suivi`;
    const corps = { suivi: 'realisee', date: '2026-01-15', commentaire: 'Accompagnement en place.' };
    r = await secretariat.requete({
      method: 'PUT',
      url,
      headers: { 'if-match': `"${reco.version}"` },
      payload: corps,
    });
    expect(r.statusCode, r.body).toBe(200);
    r = await secretariat.requete({
      method: 'PUT',
      url,
      headers: { 'if-match': `"${reco.version}"` },
      payload: corps,
    });
    expect(r.statusCode).toBe(412);
    r = await secretariat.requete({ method: 'GET', url: '/api/v1/ccapex/recommandations?enRetard=true' });
    expect(r.json().elements.map((x: { id: string }) => x.id)).not.toContain(reco.id);
    r = await secretariat.requete({ method: 'GET', url: '/api/v1/ccapex/recommandations?suivi=realisee' });
    const realisee = r.json().elements.find((x: { id: string }) => x.id === reco.id);
    expect(realisee).toMatchObject({
      suivi: 'realisee',
      suiviLe: '2026-01-15',
      suiviCommentaire: 'Accompagnement en place.',
    });
    expect(r.json().elements.every((x: { suivi: string }) => x.suivi === 'realisee')).toBe(true);
    const autreDep = await pref93.requete({ method: 'GET', url: '/api/v1/ccapex/recommandations' });
    expect(autreDep.statusCode).toBe(403);
  });

  it('annule une séance planifiée (motif) ; on ne peut plus y inviter', async () => {
    const s = await planifier();
    await secretariat.requete({
      method: 'POST',
      url: `/api/v1/ccapex/seances/${s.id}/ordre-du-jour`,
      payload: { numero: dRejete.numero },
    });
    const lue = await lireSeance(s.id);
    const r = await secretariat.requete({
      method: 'POST',
      url: `/api/v1/ccapex/seances/${s.id}/annulation`,
      headers: { 'if-match': `"${lue.version}"` },
      payload: { motif: 'Quorum non atteint' },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect((await lireSeance(s.id)).statut).toBe('annulee');
    const x = await secretariat.requete({
      method: 'POST',
      url: `/api/v1/ccapex/seances/${s.id}/invitations`,
    });
    expect(x.statusCode).toBe(409);
  });

  it('renvoie plus tard une recommandation dont le courriel a échoué à la clôture (travail de relance)', async () => {
    const reco = await db
      .selectFrom('ccapex_recommandation as r')
      .innerJoin('ccapex_examen as e', 'e.id', 'r.examen_id')
      .select('r.id')
      .where('e.seance_id', '=', seanceId)
      .where('r.destinataire_organisation_id', '=', orgCd75)
      .executeTakeFirstOrThrow();
    const etat = async (clotureIlYAMinutes: number) => {
      await db
        .updateTable('ccapex_seance')
        .set({ cloturee_le: new Date(Date.now() - clotureIlYAMinutes * 60_000) })
        .where('id', '=', seanceId)
        .execute();
      await db
        .updateTable('ccapex_recommandation')
        .set({ notifiee_le: null })
        .where('id', '=', reco.id)
        .execute();
    };
    const notifiee = async () =>
      (
        await db
          .selectFrom('ccapex_recommandation')
          .select('notifiee_le')
          .where('id', '=', reco.id)
          .executeTakeFirstOrThrow()
      ).notifiee_le !== null;
    const enPanne = {
      expediteur: {
        envoyer: async () => {
          throw new Error('serveur de messagerie injoignable');
        },
      },
      urlPublique: 'https://exploc.test',
    } as unknown as ConfigCourriel;
    const enService = {
      expediteur: creerExpediteur(lireConfig({ SMTP_URL: smtp.url })),
      urlPublique: 'https://exploc.test',
    };
    // Closed ten minutes ago, e-mail failed: still failing → left for the next run.
    await etat(10);
    expect(await relancerRecommandationsNonNotifiees(db, enPanne)).toMatchObject({
      recommandations: 0,
      echecs: 1,
    });
    expect(await notifiee()).toBe(false);
    const avant = smtp.recus.length;
    expect(await relancerRecommandationsNonNotifiees(db, enService)).toMatchObject({
      seances: 1,
      recommandations: 1,
      echecs: 0,
    });
    expect(await notifiee()).toBe(true);
    const cd = await db
      .selectFrom('utilisateur')
      .select('email')
      .where('organisation_id', '=', orgCd75)
      .execute();
    const recus = smtp.recus.slice(avant);
    expect(recus.flatMap((m) => m.a).sort()).toEqual(cd.map((u) => u.email).sort());
    expect(recus[0]?.texte).toContain(dPret.numero);
    // Sent once: nothing left for the next run.
    expect(await relancerRecommandationsNonNotifiees(db, enService)).toMatchObject({ seances: 0 });
    // Closed just now (the closing request sends itself) or more than 30 days ago: left alone.
    for (const minutes of [1, 31 * 24 * 60]) {
      await etat(minutes);
      expect(await relancerRecommandationsNonNotifiees(db, enService)).toMatchObject({ seances: 0 });
      expect(await notifiee()).toBe(false);
    }
  });
});
