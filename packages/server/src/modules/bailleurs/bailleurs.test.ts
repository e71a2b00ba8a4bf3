import type { ContenuSaisine } from '@exploc/domain/schemas/ccapex';
import { describe, expect, it } from 'vitest';
import { type Agent, connecter, creerAppDeTest, jetonPartenaire } from '../../../test/app-de-test.js';
import { corpsMultipart, nouveauDossier, PDF_MINIMAL } from '../../../test/fabriques.js';
import { aujourdhui } from '../../lib/aujourdhui.js';
import { MOT_DE_PASSE_DEMO } from '../../seed/demo.js';
import { insererOrganisation } from '../identite/repository.js';
import { creerCompte } from '../identite/service.js';
import { creerClientPartenaire } from '../partenaires/service.js';
import { ENTETES_IMPORT, lireCsv } from './csv.js';
import { creerImport, reprendreImports } from './imports.js';

const { app, db } = await creerAppDeTest();
const bailleur = await connecter(app, 'bailleur@demo.exploc.fr');
const pref75 = await connecter(app, 'prefecture.75@demo.exploc.fr');
const police75 = await connecter(app, 'police.75@demo.exploc.fr');

/** A second landlord organisation, to check that nothing of the first one leaks. */
const autreOrg = await insererOrganisation(db, {
  type: 'bailleur',
  nom: 'Autre Bailleur SA (test)',
  siret: '11111111111111',
  departementCode: '75',
});
await creerCompte(db, { appelant: null, requeteId: 'test' }, null, {
  email: 'autre.bailleur@test.exploc.fr',
  nom: 'Autre',
  prenom: 'Bailleur',
  profil: 'bailleur',
  organisationId: autreOrg.id,
  motDePasse: MOT_DE_PASSE_DEMO,
  compteDemo: true,
} as Parameters<typeof creerCompte>[3]);
const autreBailleur = await connecter(app, 'autre.bailleur@test.exploc.fr');

function saisine(modifs: Partial<ContenuSaisine> = {}): ContenuSaisine {
  return {
    dossier: nouveauDossier(),
    detteMontant: 2340.5,
    dateArreteDette: '2026-11-01',
    moisImpayes: 4,
    demarches: ['relance_amiable', 'caf_informee'],
    message: 'Relances sans réponse.',
    ...modifs,
  };
}

const deposer = (agent: Agent, corps: unknown) =>
  agent.requete({ method: 'POST', url: '/api/v1/bailleur/saisines', payload: corps as object });

async function attendreImport(agent: Agent, id: string) {
  for (let i = 0; i < 200; i++) {
    const r = await agent.requete({ method: 'GET', url: `/api/v1/bailleur/saisines/imports/${id}` });
    expect(r.statusCode, r.body).toBe(200);
    if (r.json().termine) return r.json();
    await new Promise((ok) => setTimeout(ok, 50));
  }
  throw new Error('Import non terminé');
}

function multipartCsv(texte: string, nom = 'saisines.csv') {
  return corpsMultipart({ nom, type: 'text/csv', octets: Buffer.from(texte, 'utf8') });
}

describe('saisine de la CCAPEX par un bailleur personne morale (art. 24 II)', () => {
  it('enregistre la saisine, rend l’accusé avec la date d’assignation possible, la liste et le PDF', async () => {
    const r = await deposer(bailleur, saisine());
    expect(r.statusCode, r.body).toBe(201);
    const accuse = r.json();
    const jour = aujourdhui('75');
    expect(accuse.recuLe).toBe(jour);
    // The competent commission of the dwelling's commune (a sub-commission when one is delegated), named.
    const commission = await db
      .selectFrom('ccapex_saisine as s')
      .innerJoin('commission as c', 'c.id', 's.commission_id')
      .select(['c.nom', 'c.departement_code'])
      .where('s.id', '=', accuse.id)
      .executeTakeFirstOrThrow();
    expect(commission.departement_code).toBe('75');
    expect(accuse.commission.nom).toBe(commission.nom);
    expect(accuse.assignationPossibleAPartirDu > jour).toBe(true);
    const [a, m] = jour.split('-').map(Number) as [number, number];
    const mois = m + 2 > 12 ? m - 10 : m + 2;
    expect(accuse.assignationPossibleAPartirDu.slice(0, 7)).toBe(
      `${m + 2 > 12 ? a + 1 : a}-${String(mois).padStart(2, '0')}`,
    );

    const triage = await db
      .selectFrom('ccapex_saisine')
      .select(['statut', 'origine', 'deposant_organisation_id'])
      .where('id', '=', accuse.id)
      .executeTakeFirstOrThrow();
    expect(triage).toMatchObject({ statut: 'a_trier', origine: 'bailleur' });

    const liste = await bailleur.requete({ method: 'GET', url: '/api/v1/bailleur/saisines' });
    expect(liste.statusCode).toBe(200);
    const element = liste.json().elements.find((e: { id: string }) => e.id === accuse.id);
    expect(element).toMatchObject({ statut: 'a_trier', locataire: 'Lefèvre Hélène', dossier: null });

    const pdf = await bailleur.requete({
      method: 'GET',
      url: `/api/v1/bailleur/saisines/${accuse.id}/accuse.pdf`,
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('montre le statut rejetée avec son motif, et le numéro du dossier une fois acceptée', async () => {
    const a = (await deposer(bailleur, saisine())).json();
    const b = (await deposer(bailleur, saisine())).json();
    await db
      .updateTable('ccapex_saisine')
      .set({ statut: 'rejetee', motif_rejet: 'Doublon d’une saisine en cours' })
      .where('id', '=', a.id)
      .execute();
    const dossier = await db
      .selectFrom('dossier')
      .select(['id', 'numero'])
      .limit(1)
      .executeTakeFirstOrThrow();
    await db
      .updateTable('ccapex_saisine')
      .set({ statut: 'acceptee', dossier_id: dossier.id })
      .where('id', '=', b.id)
      .execute();
    const ra = await bailleur.requete({ method: 'GET', url: `/api/v1/bailleur/saisines/${a.id}` });
    expect(ra.json()).toMatchObject({ statut: 'rejetee', motifRejet: 'Doublon d’une saisine en cours' });
    const rb = await bailleur.requete({ method: 'GET', url: `/api/v1/bailleur/saisines/${b.id}` });
    expect(rb.json()).toMatchObject({ statut: 'acceptee', dossier: { numero: dossier.numero } });
  });

  it('tri par le secrétariat (ccapex/triage) : acceptée → dossier relié au bailleur, fusionnée → idem, rejetée → motif', async () => {
    const secretariat = await connecter(app, 'ccapex.75@demo.exploc.fr');
    const trier = async (id: string, action: string, corps?: object) => {
      const lu = await secretariat.requete({ method: 'GET', url: `/api/v1/ccapex/saisines/${id}` });
      expect(lu.statusCode, lu.body).toBe(200);
      const r = await secretariat.requete({
        method: 'POST',
        url: `/api/v1/ccapex/saisines/${id}/${action}`,
        headers: { 'if-match': lu.headers.etag as string },
        ...(corps ? { payload: corps } : {}),
      });
      expect(r.statusCode, r.body).toBeLessThan(300);
    };
    const acceptee = (await deposer(bailleur, saisine())).json();
    await trier(acceptee.id, 'acceptation');
    const vue = (
      await bailleur.requete({ method: 'GET', url: `/api/v1/bailleur/saisines/${acceptee.id}` })
    ).json();
    expect(vue.statut).toBe('acceptee');
    expect(vue.dossier.numero).toMatch(/^\d{4}-75-\d{6}$/);
    const dossier = await bailleur.requete({ method: 'GET', url: `/api/v1/dossiers/${vue.dossier.id}` });
    expect(dossier.statusCode).toBe(200);

    // Merged into an existing dossier the landlord did not see before: it sees it now.
    const existant = (
      await pref75.requete({
        method: 'POST',
        url: '/api/v1/dossiers',
        payload: nouveauDossier({
          bailleur: { type: 'personne_morale', nom: 'Foncière Tierce SA', siret: '33333333333333' },
        }),
      })
    ).json();
    expect(
      (await bailleur.requete({ method: 'GET', url: `/api/v1/dossiers/${existant.id}` })).statusCode,
    ).toBe(404);
    const fusionnee = (await deposer(bailleur, saisine())).json();
    await trier(fusionnee.id, 'fusion', { dossierId: existant.id });
    const vueFusion = (
      await bailleur.requete({ method: 'GET', url: `/api/v1/bailleur/saisines/${fusionnee.id}` })
    ).json();
    expect(vueFusion).toMatchObject({ statut: 'acceptee', dossier: { id: existant.id } });
    expect(
      (await bailleur.requete({ method: 'GET', url: `/api/v1/dossiers/${existant.id}` })).statusCode,
    ).toBe(200);

    const rejetee = (await deposer(bailleur, saisine())).json();
    await trier(rejetee.id, 'rejet', { motif: 'Saisine en double, déjà examinée' });
    const vueRejet = (
      await bailleur.requete({ method: 'GET', url: `/api/v1/bailleur/saisines/${rejetee.id}` })
    ).json();
    expect(vueRejet).toMatchObject({
      statut: 'rejetee',
      motifRejet: 'Saisine en double, déjà examinée',
      dossier: null,
    });
  });

  it('refuse un corps invalide (400, messages en français) et un bailleur qui n’est pas le sien', async () => {
    const vide = await deposer(bailleur, { detteMontant: -1 });
    expect(vide.statusCode).toBe(400);
    expect(vide.json().erreur.code).toBe('requete_invalide');
    const chemins = vide.json().erreur.details.map((d: { chemin: string }) => d.chemin);
    expect(chemins).toContain('detteMontant');
    expect(
      vide.json().erreur.details.find((d: { chemin: string }) => d.chemin === 'detteMontant').message,
    ).toBe('Montant négatif');

    const physique = await deposer(
      bailleur,
      saisine({
        dossier: { ...nouveauDossier(), bailleur: { type: 'personne_physique', nom: 'M. Durand' } },
      }),
    );
    expect(physique.statusCode).toBe(400);
    expect(physique.json().erreur.details[0]).toMatchObject({ chemin: 'dossier.bailleur.type' });

    const autreSiret = await deposer(
      bailleur,
      saisine({
        dossier: {
          ...nouveauDossier(),
          bailleur: { type: 'personne_morale', nom: 'Autre', siret: '22222222222222' },
        },
      }),
    );
    expect(autreSiret.statusCode).toBe(400);
    expect(autreSiret.json().erreur.details[0].message).toContain('00000000000018');
  });

  it('ne montre jamais la saisine d’un autre bailleur (404) et refuse les profils sans « ccapex.saisir » (403)', async () => {
    const s = (await deposer(bailleur, saisine())).json();
    for (const url of [`/api/v1/bailleur/saisines/${s.id}`, `/api/v1/bailleur/saisines/${s.id}/accuse.pdf`]) {
      const r = await autreBailleur.requete({ method: 'GET', url });
      expect(r.statusCode).toBe(404);
      expect(r.json().erreur.code).toBe('introuvable');
    }
    const listeAutre = await autreBailleur.requete({ method: 'GET', url: '/api/v1/bailleur/saisines' });
    expect(listeAutre.json().elements.map((e: { id: string }) => e.id)).not.toContain(s.id);
    const police = await deposer(police75, saisine());
    expect(police.statusCode).toBe(403);
    // A préfecture agent may seize the CCAPEX elsewhere, but not as a landlord.
    const prefecture = await deposer(pref75, saisine());
    expect(prefecture.statusCode).toBe(422);
    expect(prefecture.json().erreur.code).toBe('organisation_non_bailleur');
  });
});

describe('vue limitée du bailleur : aucune donnée sociale', () => {
  it('un bailleur lit ses dossiers sans composition, notes, DALO ni compartiment CCAPEX', async () => {
    const cree = await bailleur.requete({
      method: 'POST',
      url: '/api/v1/dossiers',
      payload: nouveauDossier(),
    });
    expect(cree.statusCode, cree.body).toBe(201);
    const id = cree.json().id as string;
    // The préfecture records social data on the dossier.
    await db
      .updateTable('dossier')
      .set({
        prioritaire_dalo: true,
        relogement_assure: true,
        composition: JSON.stringify({ adultes: 1, enfants: 2 }),
      })
      .where('id', '=', id)
      .execute();
    const lu = await pref75.requete({ method: 'GET', url: `/api/v1/dossiers/${id}` });
    const note = await pref75.requete({
      method: 'POST',
      url: `/api/v1/dossiers/${id}/notes`,
      headers: { 'if-match': lu.headers.etag as string },
      payload: { texte: 'Situation sociale difficile, suivi par le CCAS.' },
    });
    expect(note.statusCode, note.body).toBeLessThan(300);
    const vuePref = (await pref75.requete({ method: 'GET', url: `/api/v1/dossiers/${id}` })).json();
    expect(vuePref.prioritaireDalo).toBe(true);
    expect(vuePref.menage.composition).toEqual({ adultes: 1, enfants: 2 });

    const r = await bailleur.requete({ method: 'GET', url: `/api/v1/dossiers/${id}` });
    expect(r.statusCode).toBe(200);
    const v = r.json();
    expect(v.prioritaireDalo).toBeNull();
    expect(v.relogementAssure).toBeNull();
    expect(v.menage.composition).toBeNull();
    expect(v.notes ?? []).toEqual([]);
    expect(JSON.stringify(v)).not.toContain('CCAS');
    expect(v.compartimentCcapex).toBeFalsy();
    const notesCcapex = await bailleur.requete({ method: 'GET', url: `/api/v1/dossiers/${id}/ccapex/notes` });
    expect([403, 404]).toContain(notesCcapex.statusCode);
    // What the landlord needs is there: tenant identity and the debt side.
    expect(v.menage.nomPrincipal).toBeTruthy();
    expect(v.bail.loyerMensuelHC).toBe(650);

    const liste = await bailleur.requete({ method: 'GET', url: '/api/v1/dossiers?parPage=200' });
    expect(liste.statusCode).toBe(200);
    const ids = liste.json().elements.map((e: { id: string }) => e.id);
    expect(ids).toContain(id);
    const autre = await autreBailleur.requete({ method: 'GET', url: `/api/v1/dossiers/${id}` });
    expect(autre.statusCode).toBe(404);
  });

  it('le bailleur de démonstration a des dossiers, tous rattachés à son organisation', async () => {
    const r = await bailleur.requete({ method: 'GET', url: '/api/v1/dossiers?parPage=200' });
    expect(r.json().total).toBeGreaterThan(0);
  });
});

describe('import CSV des saisines', () => {
  it('le modèle téléchargé (en-tête, « ; », BOM, ligne d’exemple) s’importe tel quel', async () => {
    const modele = await bailleur.requete({ method: 'GET', url: '/api/v1/bailleur/saisines/modele.csv' });
    expect(modele.statusCode).toBe(200);
    expect(modele.headers['content-type']).toContain('text/csv');
    expect(modele.body.startsWith('\uFEFF')).toBe(true);
    const lignes = lireCsv(modele.body);
    expect(lignes).toHaveLength(2);
    expect(lignes[0]).toEqual(ENTETES_IMPORT);
    expect(lignes[1]).toContain('00000000000018');

    const r = await bailleur.requete({
      method: 'POST',
      url: '/api/v1/bailleur/saisines/imports',
      ...multipartCsv(modele.body),
    });
    expect(r.statusCode, r.body).toBe(202);
    expect(r.json().total).toBe(1);
    const fin = await attendreImport(bailleur, r.json().id);
    expect(fin).toMatchObject({ total: 1, traitees: 1, valides: 1, rejetees: 0, termine: true });
    const rapport = await bailleur.requete({
      method: 'GET',
      url: `/api/v1/bailleur/saisines/imports/${r.json().id}/rapport`,
    });
    const [ligne] = rapport.json().elements;
    expect(ligne).toMatchObject({ ligne: 2, statut: 'valide' });
    const s = await db
      .selectFrom('ccapex_saisine')
      .select(['origine', 'deposant_organisation_id'])
      .where('id', '=', ligne.saisineId)
      .executeTakeFirstOrThrow();
    expect(s.origine).toBe('bailleur');
  });

  it('3 lignes valides et 2 invalides : 3 saisines, un rapport qui nomme les lignes et les colonnes fautives', async () => {
    const modele = (await bailleur.requete({ method: 'GET', url: '/api/v1/bailleur/saisines/modele.csv' }))
      .body;
    const [entete, exemple] = lireCsv(modele) as [string[], string[]];
    const col = (nom: string) => entete.indexOf(nom);
    const variante = (modifs: Record<string, string>) => {
      const l = [...exemple];
      for (const [k, v] of Object.entries(modifs)) l[col(k)] = v;
      return l.join(';');
    };
    const texte = [
      entete.join(';'),
      variante({ nom_titulaire: 'Premier' }),
      variante({ nom_titulaire: 'Deuxième', loyer_mensuel_hc: 'beaucoup' }),
      variante({ nom_titulaire: 'Troisième', date_arrete_dette: '12/10/2026' }),
      variante({ nom_titulaire: 'Quatrième', code_postal: '7501', bailleur_siret: '99999999999999' }),
      variante({ nom_titulaire: 'Cinquième', dette_montant: '1 200,00' }),
    ].join('\r\n');
    const avant = await db
      .selectFrom('ccapex_saisine')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const r = await bailleur.requete({
      method: 'POST',
      url: '/api/v1/bailleur/saisines/imports',
      ...multipartCsv(texte),
    });
    expect(r.statusCode, r.body).toBe(202);
    const fin = await attendreImport(bailleur, r.json().id);
    expect(fin).toMatchObject({ total: 5, traitees: 5, valides: 3, rejetees: 2 });
    const apres = await db
      .selectFrom('ccapex_saisine')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(apres.n) - Number(avant.n)).toBe(3);
    // Each saisine's journal rows name the landlord's user who filed the import, not an anonymous job.
    const moi = await db
      .selectFrom('utilisateur')
      .select(['id', 'organisation_id'])
      .where('email', '=', 'bailleur@demo.exploc.fr')
      .executeTakeFirstOrThrow();
    const journal = await db
      .selectFrom('journal')
      .select(['utilisateur_id', 'profil', 'organisation_id', 'action'])
      .where('requete_id', 'like', `import:${r.json().id}:%`)
      .execute();
    expect(journal.length).toBeGreaterThanOrEqual(3);
    expect(
      journal.every(
        (j) =>
          j.utilisateur_id === moi.id && j.profil === 'bailleur' && j.organisation_id === moi.organisation_id,
      ),
    ).toBe(true);

    const rapport = (
      await bailleur.requete({
        method: 'GET',
        url: `/api/v1/bailleur/saisines/imports/${r.json().id}/rapport`,
      })
    ).json().elements as { ligne: number; statut: string; erreurs: { colonne: string; message: string }[] }[];
    expect(rapport.map((l) => [l.ligne, l.statut])).toEqual([
      [2, 'valide'],
      [3, 'rejetee'],
      [4, 'valide'],
      [5, 'rejetee'],
      [6, 'valide'],
    ]);
    expect(rapport[1]?.erreurs.map((e) => e.colonne)).toEqual(['loyer_mensuel_hc']);
    expect(rapport[3]?.erreurs.map((e) => e.colonne)).toContain('code_postal');
    expect(rapport[3]?.erreurs.find((e) => e.colonne === 'code_postal')?.message).toBe(
      'Le code postal compte 5 chiffres',
    );

    const csv = await bailleur.requete({
      method: 'GET',
      url: `/api/v1/bailleur/saisines/imports/${r.json().id}/rapport.csv`,
    });
    expect(csv.statusCode).toBe(200);
    const lignesCsv = lireCsv(csv.body);
    expect(lignesCsv[0]).toEqual(['ligne', 'statut', 'saisine', 'colonne', 'erreur']);
    expect(lignesCsv.some((l) => l[0] === '3' && l[3] === 'loyer_mensuel_hc')).toBe(true);
    expect(lignesCsv.some((l) => l[0] === '5' && l[3] === 'code_postal')).toBe(true);

    const autre = await autreBailleur.requete({
      method: 'GET',
      url: `/api/v1/bailleur/saisines/imports/${r.json().id}`,
    });
    expect(autre.statusCode).toBe(404);
  });

  it('un import interrompu (redémarrage) reprend à sa première ligne non traitée', async () => {
    const modele = (await bailleur.requete({ method: 'GET', url: '/api/v1/bailleur/saisines/modele.csv' }))
      .body;
    const [entete, exemple] = modele.replace('\uFEFF', '').split('\r\n');
    const org = await db
      .selectFrom('organisation')
      .select(['id', 'departements'])
      .where('siret', '=', '00000000000018')
      .executeTakeFirstOrThrow();
    // Stored as the upload does, but never processed: the server stopped before.
    const imp = await creerImport(
      db,
      { appelant: null, requeteId: 'test' },
      { utilisateurId: null, organisationId: org.id, departements: org.departements },
      { nom: 'interrompu.csv', octets: Buffer.from([entete, exemple, exemple].join('\r\n')) },
    );
    const avant = await bailleur.requete({
      method: 'GET',
      url: `/api/v1/bailleur/saisines/imports/${imp.id}`,
    });
    expect(avant.json()).toMatchObject({ total: 2, traitees: 0, termine: false });
    expect(await reprendreImports(db)).toBeGreaterThanOrEqual(1);
    const apres = await bailleur.requete({
      method: 'GET',
      url: `/api/v1/bailleur/saisines/imports/${imp.id}`,
    });
    expect(apres.json()).toMatchObject({ total: 2, traitees: 2, valides: 2, termine: true });
    expect(await reprendreImports(db)).toBe(0);
  });

  it('refuse un en-tête qui n’est pas celui du modèle (400) sans rien créer', async () => {
    const r = await bailleur.requete({
      method: 'POST',
      url: '/api/v1/bailleur/saisines/imports',
      ...multipartCsv('nom;prenom;adresse\r\nMartin;Julie;1 rue X\r\n'),
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().erreur.code).toBe('entete_invalide');
    expect(r.json().erreur.details).toContainEqual({ chemin: 'nom_titulaire', message: 'Colonne manquante' });
    expect(r.json().erreur.details).toContainEqual({ chemin: 'prenom', message: 'Colonne inconnue' });
    const police = await police75.requete({
      method: 'POST',
      url: '/api/v1/bailleur/saisines/imports',
      ...multipartCsv('x'),
    });
    expect(police.statusCode).toBe(403);
  });
});

/** Multipart body of a claim: the JSON field and files. */
function corpsReclamation(reclamation: unknown, fichiers: { nom: string; type: string; octets: Buffer }[]) {
  const frontiere = `----exploc${Math.random().toString(16).slice(2)}`;
  const morceaux: Buffer[] = [
    Buffer.from(
      `--${frontiere}\r\nContent-Disposition: form-data; name="reclamation"\r\n\r\n${JSON.stringify(reclamation)}\r\n`,
    ),
  ];
  for (const f of fichiers) {
    morceaux.push(
      Buffer.from(
        `--${frontiere}\r\nContent-Disposition: form-data; name="justificatifs"; filename="${f.nom}"\r\nContent-Type: ${f.type}\r\n\r\n`,
      ),
      f.octets,
      Buffer.from('\r\n'),
    );
  }
  morceaux.push(Buffer.from(`--${frontiere}--\r\n`));
  return {
    payload: Buffer.concat(morceaux),
    headers: { 'content-type': `multipart/form-data; boundary=${frontiere}` },
  };
}

/** A dossier of the demo landlord where the CFP was refused on 1 July 2025 (R154-1). */
async function dossierDuBailleurAvecRefusCfp(avecRefus = true) {
  const cree = await bailleur.requete({ method: 'POST', url: '/api/v1/dossiers', payload: nouveauDossier() });
  const id = cree.json().id as string;
  let version = cree.json().version as number;
  const evenements: Record<string, unknown>[] = [
    { type: 'commandement_de_payer', date: '2024-09-02', montantDette: 2340 },
    { type: 'assignation', date: '2024-11-04', dateAudience: '2025-01-13' },
    { type: 'decision_justice', date: '2025-01-13', sens: 'resiliation_expulsion' },
    { type: 'signification_decision', date: '2025-01-20' },
    { type: 'commandement_quitter_lieux', date: '2025-01-27' },
  ];
  if (avecRefus)
    evenements.push(
      { type: 'demande_cfp', date: '2025-06-02' },
      { type: 'decision_cfp', date: '2025-07-01', sens: 'refus' },
    );
  for (const e of evenements) {
    const r = await pref75.requete({
      method: 'POST',
      url: `/api/v1/dossiers/${id}/evenements`,
      headers: { 'if-match': `"${version}"` },
      payload: e,
    });
    expect(r.statusCode, r.body).toBe(201);
    version = r.json().version;
  }
  return id;
}

describe('demande d’indemnisation du bailleur (R154-2)', () => {
  const demande = {
    periodeDu: '2025-07-01',
    periodeAu: '2025-12-31',
    montantLoyers: 3900,
    montantCharges: 480,
  };

  it('le bailleur dépose sa demande avec un justificatif ; l’accusé donne la date du rejet implicite ; la préfecture la voit', async () => {
    const id = await dossierDuBailleurAvecRefusCfp();
    const etat = await bailleur.requete({
      method: 'GET',
      url: `/api/v1/bailleur/dossiers/${id}/reclamation-indemnisation`,
    });
    expect(etat.statusCode, etat.body).toBe(200);
    expect(etat.json()).toMatchObject({ possible: true, reclamation: null });
    const debut = etat.json().responsabiliteEtatDepuis as string;

    const r = await bailleur.requete({
      method: 'POST',
      url: `/api/v1/bailleur/dossiers/${id}/reclamation-indemnisation`,
      ...corpsReclamation(
        {
          ...demande,
          periodeDu: debut,
          montantAutres: 250,
          libelleAutres: 'Frais de commissaire de justice',
        },
        [{ nom: 'decompte.pdf', type: 'application/pdf', octets: PDF_MINIMAL }],
      ),
    });
    expect(r.statusCode, r.body).toBe(201);
    const jour = aujourdhui('75');
    expect(r.json()).toMatchObject({ origine: 'bailleur', recueLe: jour, montantTotal: 4630 });
    expect(r.json().rejetImpliciteLe > jour).toBe(true);
    expect(r.json().accuseReception).toContain('réputée rejetée');
    expect(r.json().justificatifs).toHaveLength(1);

    const reglement = await pref75.requete({
      method: 'GET',
      url: `/api/v1/dossiers/${id}/indemnisation/reglement`,
    });
    expect(reglement.json()).toMatchObject({ demandeRecueLe: jour, montantDemande: 4630 });
    expect(reglement.json().rejetImpliciteLe).toBe(r.json().rejetImpliciteLe);
    const vuePref = await pref75.requete({
      method: 'GET',
      url: `/api/v1/dossiers/${id}/indemnisation/reclamation`,
    });
    expect(vuePref.json().reclamation).toMatchObject({
      origine: 'bailleur',
      periodeDu: debut,
      montantAutres: 250,
    });

    const encore = await bailleur.requete({
      method: 'POST',
      url: `/api/v1/bailleur/dossiers/${id}/reclamation-indemnisation`,
      ...corpsReclamation({ ...demande, periodeDu: debut }, []),
    });
    expect(encore.statusCode).toBe(409);
  });

  it('refuse sans refus du concours (422), un corps invalide (400), un faux PDF (415), le dossier d’un autre (404), un autre profil (403)', async () => {
    const sansRefus = await dossierDuBailleurAvecRefusCfp(false);
    const r422 = await bailleur.requete({
      method: 'POST',
      url: `/api/v1/bailleur/dossiers/${sansRefus}/reclamation-indemnisation`,
      ...corpsReclamation(demande, []),
    });
    expect(r422.statusCode).toBe(422);
    expect(r422.json().erreur.code).toBe('responsabilite_etat_non_engagee');

    const id = await dossierDuBailleurAvecRefusCfp();
    const r400 = await bailleur.requete({
      method: 'POST',
      url: `/api/v1/bailleur/dossiers/${id}/reclamation-indemnisation`,
      ...corpsReclamation({ ...demande, periodeAu: '2025-01-01', montantLoyers: -5 }, []),
    });
    expect(r400.statusCode).toBe(400);
    const chemins = r400.json().erreur.details.map((d: { chemin: string }) => d.chemin);
    expect(chemins).toEqual(expect.arrayContaining(['montantLoyers', 'periodeAu']));

    const illisible = await bailleur.requete({
      method: 'POST',
      url: `/api/v1/bailleur/dossiers/${id}/reclamation-indemnisation`,
      payload: corpsReclamation(demande, []).payload,
      headers: { 'content-type': 'multipart/form-data; boundary=autre' },
    });
    expect(illisible.statusCode).toBe(400);
    expect(illisible.json().erreur.code).toBe('multipart_invalide');

    const r415 = await bailleur.requete({
      method: 'POST',
      url: `/api/v1/bailleur/dossiers/${id}/reclamation-indemnisation`,
      ...corpsReclamation(demande, [
        { nom: 'faux.pdf', type: 'application/pdf', octets: Buffer.from('MZ exécutable') },
      ]),
    });
    expect(r415.statusCode).toBe(415);

    const r404 = await autreBailleur.requete({
      method: 'POST',
      url: `/api/v1/bailleur/dossiers/${id}/reclamation-indemnisation`,
      ...corpsReclamation(demande, []),
    });
    expect(r404.statusCode).toBe(404);
    const r403 = await police75.requete({
      method: 'POST',
      url: `/api/v1/bailleur/dossiers/${id}/reclamation-indemnisation`,
      ...corpsReclamation(demande, []),
    });
    expect(r403.statusCode).toBe(403);
    // Nothing half-written by the refused attempts.
    const n = await db
      .selectFrom('indemnisation_reclamation')
      .select('id')
      .where('dossier_id', '=', id)
      .execute();
    expect(n).toHaveLength(0);
  });

  it('un agent de préfecture saisit une demande reçue par courrier, à sa date de réception', async () => {
    const id = await dossierDuBailleurAvecRefusCfp();
    const etat = (
      await pref75.requete({ method: 'GET', url: `/api/v1/dossiers/${id}/indemnisation/reclamation` })
    ).json();
    const r = await pref75.requete({
      method: 'POST',
      url: `/api/v1/dossiers/${id}/indemnisation/reclamation`,
      ...corpsReclamation(
        {
          ...demande,
          periodeDu: etat.responsabiliteEtatDepuis,
          periodeAu: '2025-12-31',
          recueLe: '2026-01-15',
        },
        [],
      ),
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({
      origine: 'agent',
      recueLe: '2026-01-15',
      rejetImpliciteLe: '2026-03-15',
    });
    const bailleurVoit = await bailleur.requete({
      method: 'GET',
      url: `/api/v1/bailleur/dossiers/${id}/reclamation-indemnisation`,
    });
    expect(bailleurVoit.json()).toMatchObject({ possible: false, reclamation: { recueLe: '2026-01-15' } });
  });
});

describe('API des partenaires : le logiciel du bailleur saisit la CCAPEX', () => {
  async function jeton(type: 'bailleur' | 'caf', siret: string) {
    const c = await creerClientPartenaire(db, {
      type,
      nom: `Logiciel ${type}`,
      siret,
      departements: ['75', '93'],
    });
    return jetonPartenaire(app, c);
  }

  it('201 avec l’accusé, rejoue la même clé, refuse une autre requête sous la même clé, exige la clé', async () => {
    const j = await jeton('bailleur', '00000000000018');
    const envoyer = (cle: string | null, corps: unknown) =>
      app.inject({
        method: 'POST',
        url: '/api/partenaires/v1/saisines',
        headers: { authorization: `Bearer ${j}`, ...(cle ? { 'idempotency-key': cle } : {}) },
        payload: corps as object,
      });
    const cle = `saisine-${Date.now()}`;
    const r = await envoyer(cle, saisine());
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().assignationPossibleAPartirDu > r.json().recuLe).toBe(true);
    // Its journal row names the landlord's organisation (a software has no user).
    const { deposant_organisation_id } = await db
      .selectFrom('ccapex_saisine')
      .select('deposant_organisation_id')
      .where('id', '=', r.json().id)
      .executeTakeFirstOrThrow();
    const recue = await db
      .selectFrom('journal')
      .select(['utilisateur_id', 'organisation_id'])
      .where('action', '=', 'ccapex_saisine_recue')
      .where('objet_id', '=', r.json().id)
      .executeTakeFirstOrThrow();
    expect(deposant_organisation_id).not.toBeNull();
    expect(recue).toEqual({ utilisateur_id: null, organisation_id: deposant_organisation_id });
    const rejoue = await envoyer(cle, saisine());
    expect(rejoue.statusCode).toBe(201);
    expect(rejoue.headers['idempotent-replayed']).toBe('true');
    expect(rejoue.json().id).toBe(r.json().id);
    expect((await envoyer(cle, saisine({ detteMontant: 1 }))).statusCode).toBe(422);
    expect((await envoyer(null, saisine())).json().erreur.code).toBe('idempotency_key_requise');
    const invalide = await envoyer(`${cle}-b`, { detteMontant: 'beaucoup' });
    expect(invalide.statusCode).toBe(400);
    expect(invalide.json().erreur.details.map((d: { chemin: string }) => d.chemin)).toContain('detteMontant');
    // The landlord's users see the saisine filed by their software.
    const liste = await bailleur.requete({ method: 'GET', url: '/api/v1/bailleur/saisines?parPage=200' });
    expect(liste.json().elements.map((e: { id: string }) => e.id)).toContain(r.json().id);
  });

  it('l’exemple publié dans le document OpenAPI est une saisine valide (201)', async () => {
    const j = await jeton('bailleur', '00000000000018');
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const exemple =
      doc.paths['/api/partenaires/v1/saisines'].post.requestBody.content['application/json'].schema.example;
    expect(exemple).toBeDefined();
    const r = await app.inject({
      method: 'POST',
      url: '/api/partenaires/v1/saisines',
      headers: { authorization: `Bearer ${j}`, 'idempotency-key': `exemple-${Date.now()}` },
      payload: exemple,
    });
    expect(r.statusCode, r.body).toBe(201);
  });

  it('suit le statut d’une saisine et importe un CSV par l’API, jamais ceux d’un autre bailleur', async () => {
    const j = await jeton('bailleur', '00000000000018');
    const auth = { authorization: `Bearer ${j}` };
    const cree = await app.inject({
      method: 'POST',
      url: '/api/partenaires/v1/saisines',
      headers: { ...auth, 'idempotency-key': `statut-${Date.now()}` },
      payload: saisine(),
    });
    const lu = await app.inject({
      method: 'GET',
      url: `/api/partenaires/v1/saisines/${cree.json().id}`,
      headers: auth,
    });
    expect(lu.statusCode, lu.body).toBe(200);
    expect(lu.json()).toMatchObject({ statut: 'a_trier', dossier: null });
    const modele = await app.inject({
      method: 'GET',
      url: '/api/partenaires/v1/saisines/modele.csv',
      headers: auth,
    });
    const corps = multipartCsv(modele.body);
    const imp = await app.inject({
      method: 'POST',
      url: '/api/partenaires/v1/saisines/imports',
      payload: corps.payload,
      headers: { ...auth, ...corps.headers },
    });
    // A body whose boundary does not match its header is the client's fault, never a 500.
    const casse = await app.inject({
      method: 'POST',
      url: '/api/partenaires/v1/saisines/imports',
      payload: corps.payload,
      headers: { ...auth, 'content-type': 'multipart/form-data; boundary=autre' },
    });
    expect(casse.statusCode).toBeGreaterThanOrEqual(400);
    expect(casse.statusCode).toBeLessThan(500);
    expect(imp.statusCode, imp.body).toBe(202);
    let fin = { termine: false, valides: 0 };
    for (let i = 0; i < 100 && !fin.termine; i++) {
      await new Promise((ok) => setTimeout(ok, 50));
      fin = (
        await app.inject({
          method: 'GET',
          url: `/api/partenaires/v1/saisines/imports/${imp.json().id}`,
          headers: auth,
        })
      ).json();
    }
    expect(fin).toMatchObject({ termine: true, valides: 1 });
    const rapport = await app.inject({
      method: 'GET',
      url: `/api/partenaires/v1/saisines/imports/${imp.json().id}/rapport.csv`,
      headers: auth,
    });
    expect(lireCsv(rapport.body)[1]?.[1]).toBe('acceptée');
    // Another landlord's software reads none of it.
    const autre = await jeton('bailleur', '11111111111111');
    for (const url of [
      `/api/partenaires/v1/saisines/${cree.json().id}`,
      `/api/partenaires/v1/saisines/imports/${imp.json().id}`,
    ]) {
      const r = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${autre}` } });
      expect(r.statusCode).toBe(404);
    }
  });

  it('refuse un partenaire qui n’est pas un bailleur (403) et un appel sans jeton (401)', async () => {
    const j = await jeton('caf', '33333333300033');
    const r = await app.inject({
      method: 'POST',
      url: '/api/partenaires/v1/saisines',
      headers: { authorization: `Bearer ${j}`, 'idempotency-key': 'k-caf' },
      payload: saisine(),
    });
    expect(r.statusCode).toBe(403);
    const anonyme = await app.inject({
      method: 'POST',
      url: '/api/partenaires/v1/saisines',
      payload: saisine(),
    });
    expect(anonyme.statusCode).toBe(401);
  });
});
