import { describe, expect, it } from 'vitest';
import { routesDeclarees } from '../src/app.js';
import { COMPTES_DEMO } from '../src/seed/demo.js';
import { type Agent, connecter, creerAppDeTest } from './app-de-test.js';
import { dossierEn93 } from './fabriques.js';

/**
 * Authorization, second half (issue #9): every /api/v1 route with an identifier is called by every account of
 * Paris (75), and by the demo landlord, with the identifiers of real objects that belong elsewhere — Seine-
 * Saint-Denis (93), another organisation. No call may succeed, none may fail with a 5xx. Reads must answer
 * 403 or 404 (nothing of the object leaks); writes are sent with an empty body, so they prove no more than that
 * nothing succeeds. A route whose identifier kind is not known here fails the first test: add its kind below.
 */
const { app, db } = await creerAppDeTest();

const comptes75 = COMPTES_DEMO.filter(
  (c) => c.email.includes('.75@') || c.email.startsWith('bailleur@') || c.email.startsWith('national@'),
);
const agents = new Map<string, Agent>();
for (const c of comptes75) agents.set(c.email, await connecter(app, c.email));

const pref93 = await connecter(app, 'prefecture.93@demo.exploc.fr');
const cree = await pref93.requete({ method: 'POST', url: '/api/v1/dossiers', payload: dossierEn93() });
expect(cree.statusCode, cree.body).toBe(201);
const dossier93 = (cree.json() as { id: string }).id;

const user93 = await db
  .selectFrom('utilisateur')
  .select(['id', 'organisation_id'])
  .where('email', '=', 'prefecture.93@demo.exploc.fr')
  .executeTakeFirstOrThrow();
const org93 = user93.organisation_id;
const commission93 = (
  await db
    .selectFrom('commission')
    .select('id')
    .where('departement_code', '=', '93')
    .where('type', '=', 'centrale')
    .executeTakeFirstOrThrow()
).id;
const instruction93 = await db
  .selectFrom('instruction_cfp as i')
  .innerJoin('dossier as d', 'd.id', 'i.dossier_id')
  .select('i.id')
  .where('d.departement_code', '=', '93')
  .executeTakeFirst();
const document93 = await db
  .insertInto('document')
  .values({
    dossier_id: dossier93,
    nom_fichier: 'commandement.pdf',
    type_mime: 'application/pdf',
    taille: 10,
    sha256: 'a'.repeat(64),
  })
  .returning('id')
  .executeTakeFirstOrThrow();
const client93 = await db
  .insertInto('partenaire_client')
  .values({
    client_id: 'etude-93-ailleurs',
    secret_hash: 'x',
    type: 'commissaire_justice',
    nom: 'Étude de Bobigny (test)',
    organisation_id: org93,
    departements: ['93'],
  })
  .returning('id')
  .executeTakeFirstOrThrow();
const acte93 = await db
  .insertInto('acte_partenaire')
  .values({
    client_id: client93.id,
    organisation_id: org93,
    reference: 'REF-93',
    type: 'demande_cfp',
    date_acte: '2026-10-01',
    contenu: JSON.stringify({}),
    statut: 'a_rattacher',
  })
  .returning('id')
  .executeTakeFirstOrThrow();
const filtre93 = await db
  .insertInto('filtre_enregistre')
  .values({ utilisateur_id: user93.id, nom: 'Mes dossiers 93', requete: 'phase=cfp' })
  .returning('id')
  .executeTakeFirstOrThrow();
const alerte93 = await db
  .insertInto('alerte_securite')
  .values({
    regle: 'hors_horaires',
    utilisateur_id: user93.id,
    departement_code: '93',
    fenetre_debut: new Date('2026-11-01T21:00:00Z'),
    fenetre_fin: new Date('2026-11-01T22:00:00Z'),
    nombre: 2,
    seuil: 1,
  })
  .returning('id')
  .executeTakeFirstOrThrow();
const liaison93 = await db
  .insertInto('liaison_proconnect')
  .values({ issuer: 'https://idp.test', sub: 'sub-93', utilisateur_id: user93.id, siret: '00000000000093' })
  .returning('id')
  .executeTakeFirstOrThrow();
const membre93 = await db
  .insertInto('commission_membre')
  .values({ commission_id: commission93, organisation_id: org93, categorie: 'prefet', voix: 'deliberative' })
  .returning('id')
  .executeTakeFirstOrThrow();
const saisine93 = await db
  .insertInto('ccapex_saisine')
  .values({
    departement_code: '93',
    commission_id: commission93,
    commune_insee: '93062',
    origine: 'bailleur',
    deposant_organisation_id: org93,
  })
  .returning('id')
  .executeTakeFirstOrThrow();
const orientation93 = await db
  .insertInto('ccapex_orientation')
  .values({
    dossier_id: dossier93,
    commission_id: commission93,
    organisation_id: org93,
    destinataire_type: 'caf',
    objet: 'Vérifier le tiers payant',
    echeance: '2026-12-31',
  })
  .returning('id')
  .executeTakeFirstOrThrow();
const seance93 = await db
  .insertInto('ccapex_seance')
  .values({ commission_id: commission93, debut: new Date('2026-12-10T09:00:00Z'), lieu: 'Bobigny' })
  .returning('id')
  .executeTakeFirstOrThrow();
const examen93 = await db
  .insertInto('ccapex_examen')
  .values({ seance_id: seance93.id, dossier_id: dossier93, rang: 1 })
  .returning('id')
  .executeTakeFirstOrThrow();
const recommandation93 = await db
  .insertInto('ccapex_recommandation')
  .values({
    examen_id: examen93.id,
    dossier_id: dossier93,
    destinataire_type: 'caf',
    destinataire_libelle: 'CAF de la Seine-Saint-Denis',
    contenu: 'Maintenir l’aide',
  })
  .returning('id')
  .executeTakeFirstOrThrow();
const import93 = await db
  .insertInto('bailleur_import')
  .values({ organisation_id: org93, nom_fichier: 'saisines.csv', total: 0 })
  .returning('id')
  .executeTakeFirstOrThrow();

/** Identifier of an object from elsewhere, by the path segment before the parameter and the parameter. */
const AILLEURS: Record<string, string | undefined> = {
  'dossiers/:id': dossier93,
  'documents/:documentId': document93.id,
  'cfp/:id': instruction93?.id,
  'enquetes/:id': instruction93?.id,
  'utilisateurs/:id': user93.id,
  'organisations/:id': org93,
  'actes-partenaires/:id': acte93.id,
  'filtres/:id': filtre93.id,
  'alertes-securite/:id': alerte93.id,
  'liaisons-proconnect/:id': liaison93.id,
  'communes-unites/:codeInsee': '93062',
  'commissions/:id': commission93,
  'membres/:membreId': membre93.id,
  'representants/:utilisateurId': user93.id,
  'orientations/:id': orientation93.id,
  'saisines/:id': saisine93.id,
  'imports/:id': import93.id,
  'seances/:id': seance93.id,
  'examens/:examenId': examen93.id,
  'recommandations/:id': recommandation93.id,
  'ordre-du-jour/:dossierId': dossier93,
};
/** Required query strings, so that a read reaches its scope check rather than the validation. */
const REQUETES: Record<string, string> = {
  '/api/v1/cfp/:id/lettre.pdf': '?destinataire=commissaire_justice',
};
/** Parameters that name no object of a territory or an organisation. */
const SANS_TERRITOIRE = new Set(['departements/:code', 'irl/:trimestre']);

const routes = routesDeclarees(app)
  .filter((r) => r.url.startsWith('/api/v1/') && r.url.includes('/:'))
  .map((r) => ({ methode: r.methode, modele: r.url }));

function urlAilleurs(modele: string): { url: string; manquants: string[]; territorial: boolean } {
  const segments = modele.split('/');
  const manquants: string[] = [];
  let territorial = false;
  const url = segments
    .map((s, i) => {
      if (!s.startsWith(':')) return s;
      const cle = `${segments[i - 1]}/${s}`;
      if (SANS_TERRITOIRE.has(cle)) return s === ':code' ? '93' : '2026-T1';
      territorial = true;
      const id = AILLEURS[cle];
      if (!id) manquants.push(cle);
      return id ?? s;
    })
    .join('/');
  return { url: url + (REQUETES[modele] ?? ''), manquants, territorial };
}

describe('identifiants d’ailleurs', () => {
  it('chaque paramètre de route a son objet d’ailleurs (ou est déclaré sans territoire)', () => {
    expect(routes.length).toBeGreaterThan(50);
    const manquants = routes.flatMap((r) => urlAilleurs(r.modele).manquants);
    expect([...new Set(manquants)]).toEqual([]);
  });

  for (const { methode, modele } of routes) {
    const { url, territorial } = urlAilleurs(modele);
    if (!territorial) continue;
    it(`${methode} ${modele} : refusé à Paris et au bailleur pour un objet d’ailleurs`, async () => {
      for (const [email, agent] of agents) {
        const r = await agent.requete({
          method: methode as 'GET',
          url,
          headers: { 'if-match': '"1"' },
          payload: methode === 'GET' || methode === 'DELETE' ? undefined : {},
        });
        expect(r.statusCode, `${email} ${methode} ${url} : ${r.body.slice(0, 200)}`).toBeGreaterThanOrEqual(
          400,
        );
        expect(r.statusCode, `${email} ${methode} ${url} : ${r.body.slice(0, 200)}`).toBeLessThan(500);
        if (methode === 'GET') expect([403, 404], `${email} GET ${url}`).toContain(r.statusCode);
      }
    });
  }
});
