import { describe, expect, it } from 'vitest';
import { connecter, creerAppDeTest } from '../../../test/app-de-test.js';
import { nouveauDossier } from '../../../test/fabriques.js';
import { demarrerSmtpDeTest } from '../../../test/smtp-de-test.js';
import { demarrerTravaux, FILE_BALAYAGE } from '../../jobs/travaux.js';
import { creerExpediteur } from '../../lib/courriel.js';
import { recalculerProjections } from '../dossiers/service.js';
import { envoyerResumesQuotidiens } from './resume.js';

const smtp = await demarrerSmtpDeTest();
const { app, db, config, url } = await creerAppDeTest({ smtpUrl: smtp.url });
const pref75 = await connecter(app, 'prefecture.75@demo.exploc.fr');

async function dossierAvecAlerte() {
  const d = (
    await pref75.requete({ method: 'POST', url: '/api/v1/dossiers', payload: nouveauDossier() })
  ).json();
  const c = await pref75.requete({
    method: 'POST',
    url: `/api/v1/dossiers/${d.id}/evenements`,
    headers: { 'if-match': `"${d.version}"` },
    payload: { type: 'commandement_de_payer', date: '2025-09-02', montantDette: 2340 },
  });
  const a = await pref75.requete({
    method: 'POST',
    url: `/api/v1/dossiers/${d.id}/evenements`,
    headers: { 'if-match': `"${c.json().version}"` },
    payload: { type: 'assignation', date: '2025-11-03', dateAudience: '2026-01-20' },
  });
  expect(a.statusCode, a.body).toBe(201);
  return { id: d.id as string, numero: d.numero as string, version: a.json().version as number };
}

describe('file « À traiter »', () => {
  it('liste les dossiers avec alerte ou échéance proche, dans le périmètre, avec leur raison', async () => {
    const d = await dossierAvecAlerte();
    const r = await pref75.requete({ method: 'GET', url: '/api/v1/a-traiter?jours=7' });
    expect(r.statusCode).toBe(200);
    const ligne = r.json().elements.find((e: { id: string }) => e.id === d.id);
    expect(ligne.alertes).toContain('assignation_avant_delai_saisine_ccapex');
    const pref93 = await connecter(app, 'prefecture.93@demo.exploc.fr');
    const autre = await pref93.requete({ method: 'GET', url: '/api/v1/a-traiter?jours=90' });
    expect(autre.json().elements.map((e: { id: string }) => e.id)).not.toContain(d.id);
  });
});

describe('filtres enregistrés et préférences', () => {
  it('enregistre, liste et supprime un filtre ; refuse un doublon de nom (409)', async () => {
    const cree = await pref75.requete({
      method: 'POST',
      url: '/api/v1/filtres',
      payload: { nom: 'CQL', requete: 'phase=commandement_quitter_lieux' },
    });
    expect(cree.statusCode).toBe(201);
    const doublon = await pref75.requete({
      method: 'POST',
      url: '/api/v1/filtres',
      payload: { nom: 'cql', requete: 'x=1' },
    });
    expect(doublon.statusCode).toBe(409);
    const liste = await pref75.requete({ method: 'GET', url: '/api/v1/filtres' });
    expect(liste.json().elements.map((f: { nom: string }) => f.nom)).toEqual(['CQL']);
    const autre = await connecter(app, 'ddets.75@demo.exploc.fr');
    expect(
      (await autre.requete({ method: 'DELETE', url: `/api/v1/filtres/${cree.json().id}` })).statusCode,
    ).toBe(404);
    expect(
      (await pref75.requete({ method: 'DELETE', url: `/api/v1/filtres/${cree.json().id}` })).statusCode,
    ).toBe(204);
  });
});

describe('attribution et résumé quotidien par courriel (SMTP réel)', () => {
  it('attribue en masse avec versions, puis envoie un seul résumé par jour, sans nom de ménage', async () => {
    const d = await dossierAvecAlerte();
    const agents = (await pref75.requete({ method: 'GET', url: '/api/v1/agents' })).json().elements as {
      id: string;
      nom: string;
    }[];
    const moi = agents.find((a) => a.nom === 'Camille Martin');
    expect(moi).toBeDefined();
    const perime = await pref75.requete({
      method: 'POST',
      url: '/api/v1/dossiers/attribution',
      payload: { elements: [{ id: d.id, version: d.version - 1 }], agentId: moi?.id },
    });
    expect(perime.statusCode).toBe(412);
    const ok = await pref75.requete({
      method: 'POST',
      url: '/api/v1/dossiers/attribution',
      payload: { elements: [{ id: d.id, version: d.version }], agentId: moi?.id },
    });
    expect(ok.statusCode, ok.body).toBe(200);

    const expediteur = creerExpediteur(config);
    const jour = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
    const r1 = await envoyerResumesQuotidiens(db, expediteur, {
      aujourdhui: jour,
      urlPublique: 'https://exploc.exemple.fr',
    });
    expect(r1.envoyes).toBe(1);
    const courriel = smtp.recus.find((m) => m.a.includes('prefecture.75@demo.exploc.fr'));
    expect(courriel?.texte).toContain(d.numero);
    expect(courriel?.texte).toContain(`https://exploc.exemple.fr/dossiers/${d.id}`);
    expect(courriel?.texte).not.toMatch(/Lef[eè]vre/i);
    const r2 = await envoyerResumesQuotidiens(db, expediteur, {
      aujourdhui: jour,
      urlPublique: 'https://exploc.exemple.fr',
    });
    expect(r2.envoyes).toBe(0);
  });
});

describe('balayage nocturne des projections', () => {
  it('recalcule les projections anciennes (fonction) et via pg-boss (file réelle)', async () => {
    const d = await dossierAvecAlerte();
    await db
      .updateTable('dossier')
      .set({ projection_du: '2020-01-01', alertes: [] })
      .where('id', '=', d.id)
      .execute();
    expect(await recalculerProjections(db)).toBeGreaterThanOrEqual(1);
    const apres = await db
      .selectFrom('dossier')
      .select(['alertes', 'projection_du', 'version'])
      .where('id', '=', d.id)
      .executeTakeFirstOrThrow();
    expect(apres.alertes).toContain('assignation_avant_delai_saisine_ccapex');
    expect(apres.version).toBe(d.version); // a sweep is not an edit

    await db
      .updateTable('dossier')
      .set({ projection_du: '2020-01-01', alertes: [] })
      .where('id', '=', d.id)
      .execute();
    const travaux = await demarrerTravaux(db, config, url, () => undefined);
    try {
      const idTravail = await travaux.boss.send(FILE_BALAYAGE, {});
      expect(idTravail).toBeTruthy();
      let etat: string | undefined;
      for (let i = 0; i < 100 && etat !== 'completed'; i++) {
        etat = (await travaux.boss.getJobById(FILE_BALAYAGE, idTravail as string))?.state;
        if (etat !== 'completed') await new Promise((r) => setTimeout(r, 200));
      }
      expect(etat).toBe('completed');
    } finally {
      await travaux.arreter();
    }
    const final = await db
      .selectFrom('dossier')
      .select('alertes')
      .where('id', '=', d.id)
      .executeTakeFirstOrThrow();
    expect(final.alertes).toContain('assignation_avant_delai_saisine_ccapex');
  });
});
