import { voitClasse } from '@exploc/domain/acces/classes-champs';
import { dansScope } from '@exploc/domain/acces/scope';
import { evaluerProcedure } from '@exploc/domain/procedure/evaluer';
import type { Evenement, EvenementSaisi } from '@exploc/domain/procedure/scenario';
import { evenementsPossibles, validerAjoutEvenement } from '@exploc/domain/procedure/transitions';
import { lireScenario } from '@exploc/domain/procedure/valider-scenario';
import type { FiltresDossiers, ModificationDossier, NouveauDossier } from '@exploc/domain/schemas/dossier';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { aujourdhui } from '../../lib/aujourdhui.js';
import type { Appelant } from '../../plugins/contexte.js';
import { ErreurHttp, introuvable } from '../../plugins/erreurs.js';
import { type ContexteJournal, journaliser, ligneJournal } from '../../plugins/journal.js';
import { suivreEvenementCcapex } from '../ccapex/suivi.js';
import { commissionCompetente } from '../ccapex/territoire.js';
import { suivreEvenementCfp } from '../cfp/suivi.js';
import { versionPerimee } from '../identite/service.js';
import { cleRapprochement, texteDeRecherche } from './recherche.js';
import * as repo from './repository.js';
import { projectionDe, scenarioDuDossier, versEvenement } from './scenario.js';

const enCentimes = (euros: number) => Math.round(euros * 100);

/** The event source recorded for an act entered by this caller. */
function sourceDe(appelant: Appelant): string {
  if (appelant.profil === 'bailleur') return 'bailleur';
  if (appelant.profil === 'commissaire_justice') return 'commissaire_justice';
  return 'saisie';
}

export async function creerDossier(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  demande: NouveauDossier,
): Promise<{ id: string; numero: string; version: number }> {
  const commune = await repo.communeAvecTerritoire(db, demande.logement.adresse.codeInsee);
  if (!commune) {
    throw new ErreurHttp(400, 'requete_invalide', 'La requête contient des données invalides.', [
      { chemin: 'logement.adresse.codeInsee', message: 'Commune inconnue' },
    ]);
  }
  const territoire = {
    departement: commune.departement_code,
    arrondissement: commune.arrondissement_code,
    organisationIds: [appelant.organisation.id],
    // The competent CCAPEX by territory (a local one with delegation, or the central one).
    commissionId: await commissionCompetente(db, commune),
  };
  const peutCreerIci =
    appelant.scope.type === 'organisation'
      ? appelant.perimetre.departements.length === 0 ||
        appelant.perimetre.departements.includes(commune.departement_code)
      : dansScope(appelant.scope, territoire);
  if (!peutCreerIci) {
    throw new ErreurHttp(
      422,
      'hors_perimetre',
      `La commune ${commune.nom} (${commune.departement_code}) est hors de votre périmètre.`,
    );
  }
  const liens = new Map<string, string>();
  if (appelant.scope.type === 'organisation') liens.set(appelant.organisation.id, appelant.profil);
  return db.transaction().execute(async (trx) => {
    const cree = await insererDossier(trx, demande, {
      commune,
      commissionId: territoire.commissionId,
      auteurId: appelant.utilisateurId,
      organisationId: appelant.organisation.id,
      liens,
    });
    await journaliser(trx, contexte, {
      action: 'dossier_cree',
      objetType: 'dossier',
      objetId: cree.id,
      departementCode: commune.departement_code,
    });
    return cree;
  });
}

type Commune = NonNullable<Awaited<ReturnType<typeof repo.communeAvecTerritoire>>>;

/**
 * Takes the next dossier number of a département, in its own statement outside any transaction (the counter's
 * row lock lasts one statement): for a caller that creates the dossier in a long transaction afterwards.
 */
export async function reserverNumeroDossier(db: Kysely<DB>, departement: string): Promise<string> {
  return repo.prochainNumero(db, Number(aujourdhui(departement).slice(0, 4)), departement);
}

/**
 * Inserts a new dossier (household, persons, landlord, links to the organisations that see it) with its
 * projection computed by the engine. Shared by agents' creation and partners' acts; no journal here.
 */
export async function insererDossier(
  trx: Transaction<DB>,
  demande: NouveauDossier,
  o: {
    commune: Commune;
    commissionId: string | null;
    auteurId: string | null;
    organisationId: string | null;
    liens: Map<string, string>;
    /** A number taken beforehand by reserverNumeroDossier (used if it is of this year and département). */
    numeroReserve?: string;
  },
): Promise<{ id: string; numero: string; version: number }> {
  const { commune } = o;
  const asOf = aujourdhui(commune.departement_code);
  const annee = Number(asOf.slice(0, 4));
  const parametres = await repo.parametresDepartement(trx, commune.departement_code);
  const bailleur = await repo.trouverOuCreerBailleur(trx, {
    type: demande.bailleur.type,
    nom: demande.bailleur.nom,
    siret: demande.bailleur.siret ?? null,
    social: demande.logement.social,
  });
  const numero = o.numeroReserve?.startsWith(`${annee}-${commune.departement_code}-`)
    ? o.numeroReserve
    : await repo.prochainNumero(trx, annee, commune.departement_code);
  const titulaire =
    demande.menage.personnes.find((p) => p.role === 'titulaire') ?? demande.menage.personnes[0];
  const recherche = texteDeRecherche({
    numero,
    personnes: demande.menage.personnes,
    adresse: demande.logement.adresse.ligne,
    codePostal: demande.logement.adresse.codePostal,
    commune: commune.nom,
    bailleur: demande.bailleur.nom,
  });
  const pourMoteur = {
    departement_code: commune.departement_code,
    bail_date_signature: demande.bail.dateSignature,
    bail_date_dernier_renouvellement: demande.bail.dateDernierRenouvellement ?? null,
    loyer_hc_cents: enCentimes(demande.bail.loyerMensuelHC),
    charges_cents: enCentimes(demande.bail.chargesMensuelles),
    logement_social: demande.logement.social,
    prioritaire_dalo: demande.prioritaireDalo ?? false,
    relogement_assure: demande.relogementAssure ?? false,
    bailleur_type: demande.bailleur.type,
  };
  const projection = projectionDe(
    evaluerProcedure(scenarioDuDossier(pourMoteur, [], parametres, asOf)),
    [],
    asOf,
  );
  const dossier = await trx
    .insertInto('dossier')
    .values({
      numero,
      departement_code: commune.departement_code,
      arrondissement_code: commune.arrondissement_code,
      commune_insee: commune.code_insee,
      commission_id: o.commissionId,
      bailleur_id: bailleur.id,
      agent_id: null,
      prioritaire_dalo: pourMoteur.prioritaire_dalo,
      relogement_assure: pourMoteur.relogement_assure,
      nom_principal: `${titulaire?.nom.toUpperCase()} ${titulaire?.prenoms}`,
      telephone: demande.menage.telephone ?? null,
      email: demande.menage.email ?? null,
      allocataire_organisme: demande.menage.allocataire?.organisme ?? null,
      allocataire_numero: demande.menage.allocataire?.numero ?? null,
      composition: null,
      ressources_mensuelles_cents: null,
      adresse_ligne: demande.logement.adresse.ligne,
      code_postal: demande.logement.adresse.codePostal,
      logement_social: demande.logement.social,
      bail_date_signature: pourMoteur.bail_date_signature,
      bail_date_dernier_renouvellement: pourMoteur.bail_date_dernier_renouvellement,
      loyer_hc_cents: pourMoteur.loyer_hc_cents,
      charges_cents: pourMoteur.charges_cents,
      phase: projection.phase,
      cloture: projection.cloture,
      prochaine_echeance_code: projection.prochaineEcheanceCode,
      prochaine_echeance_date: projection.prochaineEcheanceDate,
      alertes: projection.alertes,
      dette_cents: projection.detteCents,
      projection_du: asOf,
      texte_recherche: recherche.texte,
      noms_recherche: recherche.noms,
      cree_par: o.auteurId,
      organisation_creatrice_id: o.organisationId,
      cle_rapprochement: cleRapprochement(
        commune.code_insee,
        demande.logement.adresse.ligne,
        titulaire?.nom ?? '',
        titulaire?.prenoms ?? '',
      ),
    })
    .returning(['id', 'version'])
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('personne')
    .values(
      demande.menage.personnes.map((p, rang) => ({
        dossier_id: dossier.id,
        rang,
        role: p.role,
        nom: p.nom,
        prenoms: p.prenoms,
        date_naissance: p.dateNaissance ?? null,
      })),
    )
    .execute();
  const liens = new Map(o.liens);
  if (bailleur.organisation_id && !liens.has(bailleur.organisation_id))
    liens.set(bailleur.organisation_id, 'bailleur');
  if (liens.size > 0) {
    await trx
      .insertInto('dossier_organisation')
      .values(
        [...liens].map(([organisation_id, role]) => ({ dossier_id: dossier.id, organisation_id, role })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  await repo.ajouterHistorique(trx, { dossierId: dossier.id, auteurId: o.auteurId, action: 'creation' });
  return { id: dossier.id, numero, version: dossier.version };
}

type LigneDossier = NonNullable<Awaited<ReturnType<typeof repo.lireDossier>>>;

export function pourMoteur(d: LigneDossier) {
  return {
    departement_code: d.departement_code,
    bail_date_signature: d.bail_date_signature,
    bail_date_dernier_renouvellement: d.bail_date_dernier_renouvellement,
    loyer_hc_cents: d.loyer_hc_cents,
    charges_cents: d.charges_cents,
    logement_social: d.logement_social,
    prioritaire_dalo: d.prioritaire_dalo,
    relogement_assure: d.relogement_assure,
    bailleur_type: d.bailleur_type,
  };
}

type LigneEvenement = Awaited<ReturnType<typeof repo.evenementsDuDossier>>[number];

/** The events the engine reads: neither superseded nor waiting for an agent's check. */
export const actifs = (evenements: LigneEvenement[]) =>
  evenements.filter((e) => e.remplace_par === null && e.statut !== 'a_verifier');
const enAttenteDeVerification = (evenements: LigneEvenement[]) =>
  evenements.some((e) => e.remplace_par === null && e.statut === 'a_verifier');

/** Reads a dossier (journaled), with its timeline and the engine's result for today. */
export async function lireDossierComplet(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  id: string,
) {
  // A read writes nothing but its journal row: no transaction. One statement reads the dossier and everything its
  // page shows and inserts the journal row (repo.lireDossierDetaille): the answer leaves only once it is committed.
  const lu = await repo.lireDossierDetaille(
    db,
    appelant.scope,
    id,
    voitClasse(appelant.profil, 'social'),
    ligneJournal(contexte, { action: 'dossier_consulte', objetType: 'dossier', objetId: id }),
  );
  if (!lu) throw introuvable('Le dossier');
  const { d, personnes, evenements, parametres, historique, notes } = lu;
  const asOf = aujourdhui(d.departement_code);
  const timeline = actifs(evenements).map(versEvenement);
  const resultat = evaluerProcedure(scenarioDuDossier(pourMoteur(d), timeline, parametres, asOf));
  return {
    d,
    personnes,
    evenements,
    resultat,
    possibles: evenementsPossibles(timeline, asOf),
    historique,
    notes,
    asOf,
  };
}

export async function echeancesDuDossier(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  id: string,
) {
  const { resultat } = await lireDossierComplet(db, contexte, appelant, id);
  return resultat;
}

/**
 * Appends one event (or a correction that supersedes a recorded one), validated by the engine, and
 * recomputes the projection in the same transaction (architecture.md §2.1).
 */
export async function ajouterEvenement(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  id: string,
  versionAttendue: number,
  saisi: EvenementSaisi,
): Promise<{ id: string; version: number }> {
  return db.transaction().execute(async (trx) => {
    const d = await repo.verrouillerEtLireDossier(trx, appelant.scope, { id });
    if (!d) throw introuvable('Le dossier');
    if (d.version !== versionAttendue) throw versionPerimee();
    const { commentaire, remplace, motifCorrection, ...evenement } = saisi;
    const r = await enregistrerEvenement(trx, d, evenement as Evenement, {
      commentaire: commentaire ?? null,
      remplace: remplace ?? null,
      motifCorrection: motifCorrection ?? null,
      source: sourceDe(appelant),
      auteurId: appelant.utilisateurId,
      organisationId: appelant.organisation.id,
      siIncoherent: 'refuser',
      contexte,
    });
    await journaliser(trx, contexte, {
      action: remplace ? 'evenement_corrige' : 'evenement_ajoute',
      objetType: 'dossier',
      objetId: id,
      departementCode: d.departement_code,
      details: { type: evenement.type, evenementId: r.id },
    });
    return { id: r.id, version: r.version };
  });
}

export type DossierLu = LigneDossier;

/**
 * Records one event on a locked dossier: validated by the engine, then the projection is recomputed. An
 * incoherent act is refused (agents: 422) or, for partners' acts, recorded as `a_verifier` — a legal fact the
 * préfecture must look at — and kept out of the engine's timeline until an agent corrects it.
 */
export async function enregistrerEvenement(
  trx: Transaction<DB>,
  d: LigneDossier,
  nouvel: Evenement,
  o: {
    commentaire: string | null;
    remplace: string | null;
    motifCorrection: string | null;
    source: string;
    auteurId: string | null;
    organisationId: string | null;
    siIncoherent: 'refuser' | 'a_verifier';
    /** The request's journal context (the CCAPEX follow-up journals the saisine it opens). */
    contexte?: ContexteJournal;
  },
): Promise<{ id: string; version: number; statut: 'integre' | 'a_verifier'; motif: string | null }> {
  const lus = await repo.evenementsEtParametres(trx, d.id, d.departement_code);
  const tous = lus.evenements.filter((e) => e.remplace_par === null);
  if (o.remplace && !tous.some((e) => e.id === o.remplace)) {
    throw new ErreurHttp(
      422,
      'evenement_incoherent',
      'L’événement à corriger est introuvable dans ce dossier, ou il a déjà été corrigé.',
      [{ code: 'correction_cible_introuvable' }],
    );
  }
  const restants = tous.filter((e) => e.id !== o.remplace);
  const asOf = aujourdhui(d.departement_code);
  const timeline = actifs(restants).map(versEvenement);
  const { parametres } = lus;
  const lecture = lireScenario(scenarioDuDossier(pourMoteur(d), [...timeline, nouvel], parametres, asOf));
  if (!lecture.ok) {
    const chemin = lecture.erreur.chemin.replace(/^evenements\[\d+\]\.?/, '');
    throw new ErreurHttp(400, 'requete_invalide', 'La requête contient des données invalides.', [
      { chemin: chemin || 'date', message: lecture.erreur.message, code: lecture.erreur.code },
    ]);
  }
  const validation = validerAjoutEvenement(timeline, nouvel);
  if (!validation.ok && o.siIncoherent === 'refuser') {
    throw new ErreurHttp(422, 'evenement_incoherent', validation.message, [{ code: validation.code }]);
  }
  const statut = validation.ok ? 'integre' : 'a_verifier';
  const { type, date, ...donnees } = nouvel;
  const nouvelleTimeline = validation.ok ? [...timeline, nouvel] : timeline;
  const resultat = evaluerProcedure(
    validation.ok ? lecture.scenario : scenarioDuDossier(pourMoteur(d), timeline, parametres, asOf),
  );
  const enAttente = !validation.ok || restants.some((e) => e.statut === 'a_verifier');
  const projection = projectionDe(resultat, nouvelleTimeline, asOf, enAttente);
  // The event, the projection and the history line: one statement (the ingestion path counts round trips).
  const cree = await repo.ecrireEvenement(
    trx,
    {
      dossierId: d.id,
      type,
      date,
      donnees,
      commentaire: o.commentaire,
      source: o.source,
      auteurId: o.auteurId,
      organisationId: o.organisationId,
      remplaceId: o.remplace,
      motifCorrection: o.motifCorrection,
      statut,
    },
    projection,
    { action: o.remplace ? 'correction_evenement' : 'ajout_evenement', champs: [type] },
  );
  // An act waiting for an agent's check is out of the engine's timeline: it opens or closes nothing yet.
  if (validation.ok) await suivreEvenementCfp(trx, d, { ...nouvel, id: cree.id }, resultat);
  // A CAF/MSA report is a saisine of the CCAPEX, whatever the path it came by (not on a correction).
  if (!o.remplace) await suivreEvenementCcapex(trx, d, nouvel, o);
  return { id: cree.id, version: cree.version, statut, motif: validation.ok ? null : validation.message };
}

export async function modifierDossier(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  id: string,
  versionAttendue: number,
  m: ModificationDossier,
): Promise<{ version: number }> {
  return db.transaction().execute(async (trx) => {
    const d = await repo.verrouillerEtLireDossier(trx, appelant.scope, { id });
    if (!d) throw introuvable('Le dossier');
    if (d.version !== versionAttendue) throw versionPerimee();
    if (m.agentId) {
      const agent = await trx
        .selectFrom('utilisateur')
        .select(['id', 'departement_code', 'actif'])
        .where('id', '=', m.agentId)
        .executeTakeFirst();
      if (!agent?.actif || agent.departement_code !== d.departement_code) {
        throw new ErreurHttp(
          422,
          'agent_invalide',
          'Cet agent n’existe pas ou n’appartient pas au département du dossier.',
        );
      }
    }
    const maj: Record<string, unknown> = {};
    let personnes = await repo.personnesDuDossier(trx, id);
    if (m.menage) {
      await trx.deleteFrom('personne').where('dossier_id', '=', id).execute();
      await trx
        .insertInto('personne')
        .values(
          m.menage.personnes.map((p, rang) => ({
            dossier_id: id,
            rang,
            role: p.role,
            nom: p.nom,
            prenoms: p.prenoms,
            date_naissance: p.dateNaissance ?? null,
          })),
        )
        .execute();
      personnes = await repo.personnesDuDossier(trx, id);
      const titulaire = m.menage.personnes.find((p) => p.role === 'titulaire') ?? m.menage.personnes[0];
      Object.assign(maj, {
        nom_principal: `${titulaire?.nom.toUpperCase()} ${titulaire?.prenoms}`,
        telephone: m.menage.telephone ?? null,
        email: m.menage.email ?? null,
        allocataire_organisme: m.menage.allocataire?.organisme ?? null,
        allocataire_numero: m.menage.allocataire?.numero ?? null,
      });
    }
    let communeNom = d.commune_nom;
    if (m.logement) {
      const commune = await repo.communeAvecTerritoire(trx, m.logement.adresse.codeInsee);
      if (!commune || commune.departement_code !== d.departement_code) {
        throw new ErreurHttp(
          422,
          'hors_perimetre',
          'Le logement doit rester dans le département du dossier.',
        );
      }
      communeNom = commune.nom;
      Object.assign(maj, {
        adresse_ligne: m.logement.adresse.ligne,
        code_postal: m.logement.adresse.codePostal,
        commune_insee: commune.code_insee,
        arrondissement_code: commune.arrondissement_code,
        logement_social: m.logement.social,
      });
    }
    if (m.bail) {
      Object.assign(maj, {
        bail_date_signature: m.bail.dateSignature,
        bail_date_dernier_renouvellement: m.bail.dateDernierRenouvellement ?? null,
        loyer_hc_cents: enCentimes(m.bail.loyerMensuelHC),
        charges_cents: enCentimes(m.bail.chargesMensuelles),
      });
    }
    let bailleurNom = d.bailleur_nom;
    if (m.bailleur) {
      const b = await repo.trouverOuCreerBailleur(trx, {
        type: m.bailleur.type,
        nom: m.bailleur.nom,
        siret: m.bailleur.siret ?? null,
        social: (maj.logement_social as boolean | undefined) ?? d.logement_social,
      });
      bailleurNom = m.bailleur.nom;
      maj.bailleur_id = b.id;
    }
    if (m.prioritaireDalo !== undefined) maj.prioritaire_dalo = m.prioritaireDalo;
    if (m.relogementAssure !== undefined) maj.relogement_assure = m.relogementAssure;
    if (m.agentId !== undefined) maj.agent_id = m.agentId;
    if (m.composition !== undefined)
      maj.composition = m.composition === null ? null : JSON.stringify(m.composition);
    if (m.ressourcesMensuelles !== undefined) {
      maj.ressources_mensuelles_cents =
        m.ressourcesMensuelles === null ? null : enCentimes(m.ressourcesMensuelles);
    }
    const recherche = texteDeRecherche({
      numero: d.numero,
      personnes,
      adresse: (maj.adresse_ligne as string | undefined) ?? d.adresse_ligne,
      codePostal: (maj.code_postal as string | undefined) ?? d.code_postal,
      commune: communeNom,
      bailleur: bailleurNom,
    });
    const titulaireActuel = personnes.find((p) => p.role === 'titulaire') ?? personnes[0];
    await trx
      .updateTable('dossier')
      .set({
        ...maj,
        texte_recherche: recherche.texte,
        noms_recherche: recherche.noms,
        cle_rapprochement: cleRapprochement(
          (maj.commune_insee as string | undefined) ?? d.commune_insee,
          (maj.adresse_ligne as string | undefined) ?? d.adresse_ligne,
          titulaireActuel?.nom ?? '',
          titulaireActuel?.prenoms ?? '',
        ),
      })
      .where('id', '=', id)
      .execute();
    // Lease, flags and landlord feed the engine: recompute the projection.
    const apres = await repo.lireDossier(trx, appelant.scope, id);
    if (!apres) throw introuvable('Le dossier');
    const asOf = aujourdhui(apres.departement_code);
    const stockes = await repo.evenementsDuDossier(trx, id);
    const timeline = actifs(stockes).map(versEvenement);
    const parametres = await repo.parametresDepartement(trx, apres.departement_code);
    const projection = projectionDe(
      evaluerProcedure(scenarioDuDossier(pourMoteur(apres), timeline, parametres, asOf)),
      timeline,
      asOf,
      enAttenteDeVerification(stockes),
    );
    const { version } = await repo.enregistrerProjection(trx, id, projection, { nouvelleVersion: true });
    const champs = Object.keys(m);
    await repo.ajouterHistorique(trx, {
      dossierId: id,
      auteurId: appelant.utilisateurId,
      action: 'modification',
      champs,
    });
    await journaliser(trx, contexte, {
      action: 'dossier_modifie',
      objetType: 'dossier',
      objetId: id,
      departementCode: d.departement_code,
      details: { champs },
    });
    return { version };
  });
}

export async function listerDossiers(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  f: FiltresDossiers,
) {
  const resultat = await repo.listerDossiers(db, appelant.scope, f, {
    utilisateurId: appelant.utilisateurId,
    aujourdhui: aujourdhui(),
  });
  if (f.q && resultat.elements.length > 0) {
    // A search that returns people is journaled (architecture.md §2.3), without the searched text.
    await journaliser(db, contexte, {
      action: 'recherche_dossiers',
      objetType: 'dossier',
      details: { resultats: resultat.elements.length },
    });
  }
  return resultat;
}

export function masquer<T>(
  appelant: Appelant,
  classe: Parameters<typeof voitClasse>[1],
  valeur: T,
): T | null {
  return voitClasse(appelant.profil, classe) ? valeur : null;
}

/**
 * Nightly sweep: dates move even when nobody writes. Recomputes the projections not computed today, by batches
 * of `lot` dossiers per transaction (rows locked with SKIP LOCKED: a dossier being edited is taken next time,
 * and two sweeping instances share the work). A sweep is not an edit: the version does not change.
 */
export async function recalculerProjections(db: Kysely<DB>, options: { lot?: number } = {}) {
  const lot = options.lot ?? 500;
  let total = 0;
  for (;;) {
    const asOf = aujourdhui();
    const traites = await db.transaction().execute(async (trx) => {
      const dossiers = await trx
        .selectFrom('dossier as d')
        .innerJoin('bailleur as b', 'b.id', 'd.bailleur_id')
        .select([
          'd.id',
          'd.departement_code',
          'd.bail_date_signature',
          'd.bail_date_dernier_renouvellement',
          'd.loyer_hc_cents',
          'd.charges_cents',
          'd.logement_social',
          'd.prioritaire_dalo',
          'd.relogement_assure',
          'b.type as bailleur_type',
        ])
        .where((eb) => eb.or([eb('d.projection_du', '<', asOf), eb('d.projection_du', 'is', null)]))
        .where('d.phase', '!=', 'cloture')
        .limit(lot)
        .forUpdate('d')
        .skipLocked()
        .execute();
      if (dossiers.length === 0) return 0;
      const ids = dossiers.map((d) => d.id);
      const evenements = await trx
        .selectFrom('evenement as e')
        .leftJoin('evenement as r', 'r.remplace_id', 'e.id')
        .select([
          'e.id',
          'e.dossier_id',
          'e.type',
          'e.date_evenement',
          'e.donnees',
          'e.statut',
          'r.id as remplace_par',
        ])
        .where('e.dossier_id', 'in', ids)
        .orderBy('e.date_evenement')
        .orderBy('e.cree_le')
        .execute();
      const parDossier = new Map<string, typeof evenements>();
      for (const e of evenements) {
        const liste = parDossier.get(e.dossier_id) ?? [];
        liste.push(e);
        parDossier.set(e.dossier_id, liste);
      }
      const parametres = new Map<string, Record<string, unknown>>();
      for (const dep of new Set(dossiers.map((d) => d.departement_code))) {
        parametres.set(dep, await repo.parametresDepartement(trx, dep));
      }
      for (const d of dossiers) {
        const jour = aujourdhui(d.departement_code);
        const stockes = parDossier.get(d.id) ?? [];
        const timeline = stockes
          .filter((e) => e.remplace_par === null && e.statut !== 'a_verifier')
          .map(versEvenement);
        const projection = projectionDe(
          evaluerProcedure(scenarioDuDossier(d, timeline, parametres.get(d.departement_code) ?? {}, jour)),
          timeline,
          jour,
          stockes.some((e) => e.remplace_par === null && e.statut === 'a_verifier'),
        );
        // Overseas "today" may still be yesterday in Paris terms: mark the sweep's day so it is not picked again.
        const calculeeLe = [jour, asOf].sort()[1] ?? asOf;
        await repo.enregistrerProjection(
          trx,
          d.id,
          { ...projection, calculeeLe },
          { nouvelleVersion: false },
        );
      }
      return dossiers.length;
    });
    total += traites;
    if (traites === 0) break;
  }
  return total;
}

/** Internal note (class `social`: never shown to police, landlords or steering). */
export async function ajouterNote(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  id: string,
  versionAttendue: number,
  texte: string,
) {
  if (!voitClasse(appelant.profil, 'social'))
    throw new ErreurHttp(403, 'acces_refuse', 'Votre profil ne permet pas d’écrire des notes.');
  return db.transaction().execute(async (trx) => {
    const d = await repo.verrouillerDossier(trx, appelant.scope, id);
    if (!d) throw introuvable('Le dossier');
    if (d.version !== versionAttendue) throw versionPerimee();
    await trx
      .insertInto('note_dossier')
      .values({ dossier_id: id, auteur_id: appelant.utilisateurId, texte })
      .execute();
    const { version } = await repo.incrementerVersion(trx, id);
    await repo.ajouterHistorique(trx, { dossierId: id, auteurId: appelant.utilisateurId, action: 'note' });
    await journaliser(trx, contexte, {
      action: 'note_ajoutee',
      objetType: 'dossier',
      objetId: id,
      departementCode: d.departement_code,
    });
    return { version };
  });
}

/** Bulk assignment: each dossier with the version the agent saw (no lost update); all or nothing. */
export async function attribuer(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  elements: { id: string; version: number }[],
  agentId: string | null,
) {
  return db.transaction().execute(async (trx) => {
    if (agentId) {
      const agents = await repo.agentsDuDepartement(trx, appelant.perimetre.departements);
      if (!agents.some((a) => a.id === agentId)) {
        throw new ErreurHttp(
          422,
          'agent_invalide',
          'Cet agent n’existe pas ou n’appartient pas à votre département.',
        );
      }
    }
    const versions: { id: string; version: number }[] = [];
    for (const e of elements) {
      const d = await repo.verrouillerDossier(trx, appelant.scope, e.id);
      if (!d) throw introuvable('Le dossier');
      if (d.version !== e.version) throw versionPerimee();
      await trx.updateTable('dossier').set({ agent_id: agentId }).where('id', '=', e.id).execute();
      const { version } = await repo.incrementerVersion(trx, e.id);
      await repo.ajouterHistorique(trx, {
        dossierId: e.id,
        auteurId: appelant.utilisateurId,
        action: 'attribution',
        champs: ['agentId'],
      });
      await journaliser(trx, contexte, {
        action: 'dossier_attribue',
        objetType: 'dossier',
        objetId: e.id,
        departementCode: d.departement_code,
      });
      versions.push({ id: e.id, version });
    }
    return versions;
  });
}
