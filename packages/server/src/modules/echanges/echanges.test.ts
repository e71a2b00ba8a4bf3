import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, connecter, creerAppDeTest } from '../../../test/app-de-test.js';
import { dossierEn93, nouveauDossier } from '../../../test/fabriques.js';
import { construireApp } from '../../app.js';
import { adaptateurBdfHttp, adaptateurCafHttp } from './adaptateurs-http.js';
import { ErreurPartenaire, type PortsPartenaires } from './ports.js';
import { relancerEchanges } from './service.js';
import {
  demarrerSimulateurBdf,
  demarrerSimulateurCaf,
  type Simulateur,
  situationBdfSynthetique,
} from './simulateurs.js';

/** A port nobody listens on: the partner is "down". */
async function portFerme(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

let caf: Simulateur;
let bdf: Simulateur;
beforeAll(async () => {
  caf = await demarrerSimulateurCaf(0);
  bdf = await demarrerSimulateurBdf(0);
});
afterAll(async () => {
  await caf.arreter();
  await bdf.arreter();
});

const portsVers = (cafUrl: string, bdfUrl: string): PortsPartenaires => ({
  caf: adaptateurCafHttp({ urlBase: cafUrl, delaiMs: 2000, essais: 1 }),
  banqueDeFrance: adaptateurBdfHttp({ urlBase: bdfUrl, delaiMs: 2000, essais: 1 }),
});

describe('simulateurs et adaptateurs HTTP', () => {
  it('la CAF répond la même situation au même numéro, 404 → introuvable', async () => {
    const port = adaptateurCafHttp({ urlBase: caf.url, delaiMs: 2000 });
    const a = await port.situationAllocataire('1234567');
    const b = await port.situationAllocataire('1234567');
    expect(a).toEqual(b);
    expect(a.numeroAllocataire).toBe('1234567');
    expect(a.compositionFoyer.adultes).toBeGreaterThanOrEqual(1);
    expect(await port.situationAllocataire('7654321')).not.toEqual(a);
    await expect(port.situationAllocataire('1234560')).rejects.toMatchObject({ nature: 'introuvable' });
    await expect(port.situationAllocataire('1234569')).rejects.toMatchObject({ nature: 'indisponible' });
  });

  it('la Banque de France répond selon l’identité du débiteur', async () => {
    const port = adaptateurBdfHttp({ urlBase: bdf.url, delaiMs: 2000 });
    const identite = { nom: 'Lefèvre', prenoms: 'Hélène', dateNaissance: '1984-03-12', codePostal: '75018' };
    const a = await port.situationSurendettement(identite);
    expect(await port.situationSurendettement(identite)).toEqual(a);
    expect(typeof a.suspensionExpulsion).toBe('boolean');
    await expect(port.situationSurendettement({ ...identite, nom: 'Inconnu' })).rejects.toBeInstanceOf(
      ErreurPartenaire,
    );
  });

  it('un partenaire arrêté est « indisponible » (pas une exception quelconque)', async () => {
    const port = adaptateurCafHttp({
      urlBase: `http://127.0.0.1:${await portFerme()}`,
      delaiMs: 500,
      essais: 1,
    });
    await expect(port.situationAllocataire('1234567')).rejects.toMatchObject({ nature: 'indisponible' });
  });
});

describe('échanges sur le dossier', async () => {
  const t = await creerAppDeTest();
  // The test app is built without partner URLs; this one talks to the simulators on the same database.
  let app: Awaited<ReturnType<typeof construireApp>>;
  let agent75: Agent;
  let agent93: Agent;
  let dossier75: string;
  beforeAll(async () => {
    app = await construireApp({
      db: t.db,
      config: t.config,
      journalisation: false,
      ports: portsVers(caf.url, bdf.url),
    });
    await app.ready();
    agent75 = await connecter(app, 'prefecture.75@demo.exploc.fr');
    agent93 = await connecter(app, 'prefecture.93@demo.exploc.fr');
    const r = await agent75.requete({ method: 'POST', url: '/api/v1/dossiers', payload: nouveauDossier() });
    expect(r.statusCode, r.body).toBe(201);
    dossier75 = r.json().id;
  });
  afterAll(async () => {
    await app.close();
  });

  it('demande la situation CAF, l’enregistre et la montre sur le dossier (journalisé)', async () => {
    const r = await agent75.requete({ method: 'POST', url: `/api/v1/dossiers/${dossier75}/echanges/caf` });
    expect(r.statusCode, r.body).toBe(201);
    const e = r.json();
    expect(e).toMatchObject({ partenaire: 'caf', statut: 'reussi', tentatives: 1, erreur: null });
    expect(e.resultat.numeroAllocataire).toBe('1234567');
    expect(e.dureeMs).toBeGreaterThanOrEqual(0);
    const bdfR = await agent75.requete({ method: 'POST', url: `/api/v1/dossiers/${dossier75}/echanges/bdf` });
    expect(bdfR.statusCode, bdfR.body).toBe(201);
    const liste = await agent75.requete({ method: 'GET', url: `/api/v1/dossiers/${dossier75}/echanges` });
    expect(liste.statusCode).toBe(200);
    expect(liste.json().elements.map((x: { partenaire: string }) => x.partenaire)).toEqual([
      'banque_de_france',
      'caf',
    ]);
    const journal = await t.db
      .selectFrom('journal')
      .select('action')
      .where('objet_id', '=', dossier75)
      .where('action', 'in', ['echange_partenaire_demande', 'echanges_partenaires_consultes'])
      .execute();
    expect(journal.map((j) => j.action).sort()).toEqual([
      'echange_partenaire_demande',
      'echange_partenaire_demande',
      'echanges_partenaires_consultes',
    ]);
  });

  it('un agent du 93 ne voit ni ne demande les échanges d’un dossier du 75 (404)', async () => {
    expect(
      (await agent93.requete({ method: 'GET', url: `/api/v1/dossiers/${dossier75}/echanges` })).statusCode,
    ).toBe(404);
    expect(
      (await agent93.requete({ method: 'POST', url: `/api/v1/dossiers/${dossier75}/echanges/caf` }))
        .statusCode,
    ).toBe(404);
    const r93 = await agent93.requete({ method: 'POST', url: '/api/v1/dossiers', payload: dossierEn93() });
    expect(r93.statusCode).toBe(201);
    // No allocataire number on that dossier: nothing to ask the CAF.
    const sans = await agent93.requete({
      method: 'POST',
      url: `/api/v1/dossiers/${r93.json().id}/echanges/caf`,
    });
    expect(sans.statusCode).toBe(422);
    expect(sans.json().erreur.code).toBe('allocataire_inconnu');
  });

  it('partenaire en panne : échec enregistré, relance planifiée, puis réussie par le travail de relance', async () => {
    const panne = await construireApp({
      db: t.db,
      config: t.config,
      journalisation: false,
      ports: portsVers(`http://127.0.0.1:${await portFerme()}`, bdf.url),
    });
    await panne.ready();
    try {
      const agent = await connecter(panne, 'prefecture.75@demo.exploc.fr');
      const r = await agent.requete({ method: 'POST', url: `/api/v1/dossiers/${dossier75}/echanges/caf` });
      expect(r.statusCode, r.body).toBe(202);
      const e = r.json();
      expect(e).toMatchObject({ statut: 'a_relancer', tentatives: 1, resultat: null });
      expect(e.erreur).toContain('indisponible');
      expect(new Date(e.prochainEssaiLe).getTime()).toBeGreaterThan(Date.now());
      // Not yet due: the sweep leaves it alone.
      expect(await relancerEchanges(t.db, portsVers(caf.url, bdf.url))).toEqual({
        reussis: 0,
        aRelancer: 0,
        abandonnes: 0,
      });
      await t.db
        .updateTable('echange_partenaire')
        .set({ prochain_essai_le: new Date(Date.now() - 1000) })
        .where('id', '=', e.id)
        .execute();
      expect(await relancerEchanges(t.db, portsVers(caf.url, bdf.url))).toEqual({
        reussis: 1,
        aRelancer: 0,
        abandonnes: 0,
      });
      const ligne = await t.db
        .selectFrom('echange_partenaire')
        .selectAll()
        .where('id', '=', e.id)
        .executeTakeFirstOrThrow();
      expect(ligne).toMatchObject({ statut: 'reussi', tentatives: 2, prochain_essai_le: null });
    } finally {
      await panne.close();
    }
  });

  it('Banque de France : une suspension des mesures d’expulsion devient l’acte suspension_surendettement du dossier, une fois', async () => {
    // A household the simulator answers with a suspension (deterministic: same identity, same answer).
    let nom = '';
    let situation = situationBdfSynthetique({
      nom: 'Suspendu',
      prenoms: 'Léa',
      dateNaissance: null,
      codePostal: '75018',
    });
    for (let k = 0; k < 200 && !situation.suspensionExpulsion; k++) {
      nom = `Suspendu${k}`;
      situation = situationBdfSynthetique({ nom, prenoms: 'Léa', dateNaissance: null, codePostal: '75018' });
    }
    expect(situation.suspensionExpulsion).toBe(true);
    const debut = situation.dateRecevabilite ?? situation.dateDepot;
    const cree = await agent75.requete({
      method: 'POST',
      url: '/api/v1/dossiers',
      payload: nouveauDossier({
        menage: { personnes: [{ nom, prenoms: 'Léa', dateNaissance: null, role: 'titulaire' }] },
      }),
    });
    expect(cree.statusCode, cree.body).toBe(201);
    const id = cree.json().id as string;
    // Before the eviction decision the engine has no room for the act: the answer is kept, nothing is added.
    const tot = await agent75.requete({ method: 'POST', url: `/api/v1/dossiers/${id}/echanges/bdf` });
    expect(tot.statusCode, tot.body).toBe(201);
    expect(tot.json().evenementId).toBeNull();
    let version = (await agent75.requete({ method: 'GET', url: `/api/v1/dossiers/${id}` })).json().version;
    for (const evenement of [
      { type: 'commandement_de_payer', date: '2025-01-06', montantDette: 2340 },
      { type: 'assignation', date: '2025-03-10', dateAudience: '2025-05-12' },
      { type: 'decision_justice', date: '2025-05-12', sens: 'resiliation_expulsion' },
    ]) {
      const r = await agent75.requete({
        method: 'POST',
        url: `/api/v1/dossiers/${id}/evenements`,
        headers: { 'if-match': `"${version}"` },
        payload: evenement,
      });
      expect(r.statusCode, r.body).toBe(201);
      version = r.json().version;
    }
    const r = await agent75.requete({ method: 'POST', url: `/api/v1/dossiers/${id}/echanges/bdf` });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().evenementId).not.toBeNull();
    const dossier = (await agent75.requete({ method: 'GET', url: `/api/v1/dossiers/${id}` })).json();
    const suspensions = dossier.evenements.filter(
      (e: { type: string }) => e.type === 'suspension_surendettement',
    );
    expect(suspensions).toHaveLength(1);
    expect(suspensions[0]).toMatchObject({
      id: r.json().evenementId,
      date: debut,
      dateFin: situation.dateFinSuspension,
    });
    // Asked again, the same answer adds nothing.
    const encore = await agent75.requete({ method: 'POST', url: `/api/v1/dossiers/${id}/echanges/bdf` });
    expect(encore.json().evenementId).toBeNull();
    const journal = await t.db
      .selectFrom('journal')
      .select('details')
      .where('objet_id', '=', id)
      .where('action', '=', 'evenement_ajoute')
      .execute();
    expect(journal.map((j) => (j.details as { echangeId?: string }).echangeId)).toContain(r.json().id);
  });

  it('sans URL configurée, la route répond 503 partenaire_non_raccorde', async () => {
    const r = await (await connecter(t.app, 'prefecture.75@demo.exploc.fr')).requete({
      method: 'POST',
      url: `/api/v1/dossiers/${dossier75}/echanges/caf`,
    });
    expect(r.statusCode).toBe(503);
    expect(r.json().erreur.code).toBe('partenaire_non_raccorde');
  });
});

const racine = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const argsCli = ['--import', 'tsx', '--conditions=source', path.join(racine, 'packages/server/src/cli.ts')];

describe('exploc simulateur', () => {
  it('--help sort 0, un usage invalide sort 2', () => {
    const aide = spawnSync(process.execPath, [...argsCli, 'simulateur', '--help'], {
      cwd: racine,
      encoding: 'utf8',
    });
    expect(aide.status).toBe(0);
    expect(aide.stdout).toContain('simulateur <caf|bdf>');
    for (const args of [['inconnu'], ['caf', '--port', 'abc'], ['bdf', '--option']]) {
      const r = spawnSync(process.execPath, [...argsCli, 'simulateur', ...args], {
        cwd: racine,
        encoding: 'utf8',
      });
      expect(r.status, args.join(' ')).toBe(2);
    }
  });

  it('démarre un vrai serveur qui répond, puis s’arrête sur SIGTERM (sortie 0)', async () => {
    const p = spawn(process.execPath, [...argsCli, 'simulateur', 'caf', '--port', '0'], { cwd: racine });
    const url = await new Promise<string>((resolve, reject) => {
      let sortie = '';
      p.stdout.on('data', (m: Buffer) => {
        sortie += m.toString();
        const trouve = /http:\/\/127\.0\.0\.1:\d+/.exec(sortie);
        if (trouve) resolve(trouve[0]);
      });
      p.once('exit', (code) => reject(new Error(`sortie ${code}`)));
    });
    const situation = await adaptateurCafHttp({ urlBase: url, delaiMs: 2000 }).situationAllocataire(
      '1234567',
    );
    expect(situation.numeroAllocataire).toBe('1234567');
    const fin = new Promise<number | null>((resolve) => p.once('exit', (code) => resolve(code)));
    p.kill('SIGTERM');
    expect(await fin).toBe(0);
  }, 30_000);
});
