import { voitClasse } from '@exploc/domain/acces/classes-champs';
import { LIBELLES_PROFILS } from '@exploc/domain/acces/profils';
import { dateIso, formaterDateFr, jourDeLaSemaine, numeroJour } from '@exploc/domain/calendrier/dates';
import { nomDuJourFerie } from '@exploc/domain/calendrier/jours-feries';
import { etablirFaits } from '@exploc/domain/procedure/faits-procedure';
import type {
  DecisionCfp,
  EnqueteCfp,
  PlanificationExecutionCfp,
  ResultatExecutionCfp,
  VerificationSocialeCfp,
} from '@exploc/domain/schemas/cfp';
import { STATUTS_DECIDES, type StatutInstructionCfp } from '@exploc/domain/schemas/cfp';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { aujourdhui } from '../../lib/aujourdhui.js';
import type { Appelant } from '../../plugins/contexte.js';
import { ErreurHttp, introuvable } from '../../plugins/erreurs.js';
import { type ContexteJournal, journaliser } from '../../plugins/journal.js';
import * as dossiers from '../dossiers/repository.js';
import { scenarioDuDossier, versEvenement } from '../dossiers/scenario.js';
import { actifs, type DossierLu, enregistrerEvenement, pourMoteur } from '../dossiers/service.js';
import { versionPerimee } from '../identite/service.js';
import { type DestinataireLettreCfp, pdfLettreDecisionCfp } from './lettre-pdf.js';
import * as repo from './repository.js';

const JOUR_MS = 86_400_000;
const ecartJours = (du: string, au: string) => Math.round((Date.parse(au) - Date.parse(du)) / JOUR_MS);

const instructionIntrouvable = () => introuvable('La demande de concours');

function instructionClose(statut: string) {
  return new ErreurHttp(
    422,
    'instruction_close',
    statut === 'octroi'
      ? 'Le concours a déjà été accordé : l’instruction est close.'
      : 'Le concours a déjà été refusé explicitement : l’instruction est close.',
  );
}

export async function lister(
  db: Kysely<DB>,
  appelant: Appelant,
  f: { statuts?: readonly StatutInstructionCfp[] },
) {
  const lignes = await repo.listerInstructions(db, appelant.scope, { statuts: f.statuts, limite: 500 });
  return lignes.map((l) => ({ ligne: l, asOf: aujourdhui(l.departement_code) }));
}

/** Reads one instruction (journaled: it names a household). */
export async function lire(db: Kysely<DB>, contexte: ContexteJournal, appelant: Appelant, id: string) {
  const ligne = await repo.lireInstruction(db, appelant.scope, id);
  if (!ligne) throw instructionIntrouvable();
  const [corrections] = await Promise.all([
    repo.correctionsIssue(db, id),
    journaliser(db, contexte, {
      action: 'instruction_cfp_consultee',
      objetType: 'instruction_cfp',
      objetId: id,
      departementCode: ligne.departement_code,
    }),
  ]);
  return { ligne, asOf: aujourdhui(ligne.departement_code), corrections };
}

/** Locks the instruction and its dossier, checks If-Match and that the préfet has not yet decided. */
async function ouvrirEcriture(trx: Transaction<DB>, appelant: Appelant, id: string, versionAttendue: number) {
  const i = await repo.verrouillerInstruction(trx, appelant.scope, id);
  if (!i) throw instructionIntrouvable();
  if (i.version !== versionAttendue) throw versionPerimee();
  if (STATUTS_DECIDES.includes(i.statut as StatutInstructionCfp)) throw instructionClose(i.statut);
  const d = await dossiers.verrouillerEtLireDossier(trx, appelant.scope, { id: i.dossier_id });
  if (!d) throw instructionIntrouvable();
  return { i, d };
}

const EN_COURS: readonly string[] = ['enquete', 'verification_sociale', 'a_decider'];

/**
 * The police or gendarmerie enquiry (public-order risk, visit). The first report is also recorded as an
 * `enquete_forces_ordre` act on the dossier, so the timeline shows it.
 */
export async function enregistrerEnquete(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  id: string,
  versionAttendue: number,
  e: EnqueteCfp,
) {
  return db.transaction().execute(async (trx) => {
    const { i, d } = await ouvrirEcriture(trx, appelant, id, versionAttendue);
    if (i.enquete_le === null) {
      await enregistrerEvenement(
        trx,
        d,
        { type: 'enquete_forces_ordre', date: e.dateVisite ?? aujourdhui(d.departement_code) },
        {
          commentaire: null,
          remplace: null,
          motifCorrection: null,
          source: 'saisie',
          auteurId: appelant.utilisateurId,
          organisationId: appelant.organisation.id,
          siIncoherent: 'refuser',
        },
      );
    }
    const { version } = await repo.modifierInstruction(trx, id, {
      enquete_date_visite: e.dateVisite,
      enquete_contact_etabli: e.contactEtabli,
      enquete_composition_menage: e.compositionMenage || null,
      enquete_risque_ordre_public: e.risqueOrdrePublic,
      enquete_observations: e.observations || null,
      enquete_par: appelant.utilisateurId,
      enquete_le: new Date(),
      statut: i.statut === 'enquete' ? 'verification_sociale' : i.statut,
    });
    await journaliser(trx, contexte, {
      action: 'enquete_cfp_enregistree',
      objetType: 'instruction_cfp',
      objetId: id,
      departementCode: i.departement_code,
      details: { dossierId: i.dossier_id, risqueOrdrePublic: e.risqueOrdrePublic },
    });
    return { version };
  });
}

/** The instructing service's social check (DALO, rehousing offers, CCAPEX, DSF) and its proposal. */
export async function enregistrerVerificationSociale(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  id: string,
  versionAttendue: number,
  v: VerificationSocialeCfp,
) {
  return db.transaction().execute(async (trx) => {
    const i = await repo.verrouillerInstruction(trx, appelant.scope, id);
    if (!i) throw instructionIntrouvable();
    if (i.version !== versionAttendue) throw versionPerimee();
    if (STATUTS_DECIDES.includes(i.statut as StatutInstructionCfp)) throw instructionClose(i.statut);
    const statut = EN_COURS.includes(i.statut)
      ? v.propositionSens
        ? 'a_decider'
        : 'verification_sociale'
      : i.statut;
    const { version } = await repo.modifierInstruction(trx, id, {
      social_prioritaire_dalo: v.prioritaireDalo,
      social_offres_relogement: v.offresRelogement,
      social_avis_ccapex: v.avisCcapex || null,
      social_dsf: v.dsf,
      social_observations: v.observations || null,
      proposition_sens: v.propositionSens,
      proposition_motifs: v.propositionMotifs,
      social_par: appelant.utilisateurId,
      social_le: new Date(),
      statut,
    });
    await journaliser(trx, contexte, {
      action: 'verification_sociale_cfp_enregistree',
      objetType: 'instruction_cfp',
      objetId: id,
      departementCode: i.departement_code,
      details: { dossierId: i.dossier_id, proposition: v.propositionSens },
    });
    return { version };
  });
}

/**
 * The préfet's decision: recorded as a `decision_cfp` act through the dossiers service (engine validation,
 * projection, State liability), then its reasons kept on the instruction (R153-1: a refusal is reasoned).
 */
export async function decider(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  id: string,
  versionAttendue: number,
  decision: DecisionCfp,
) {
  return db.transaction().execute(async (trx) => {
    const { i, d } = await ouvrirEcriture(trx, appelant, id, versionAttendue);
    const ev = await enregistrerEvenement(
      trx,
      d,
      { type: 'decision_cfp', date: decision.date, sens: decision.sens },
      {
        commentaire: decision.texte,
        remplace: null,
        motifCorrection: null,
        source: 'saisie',
        auteurId: appelant.utilisateurId,
        organisationId: appelant.organisation.id,
        siIncoherent: 'refuser',
      },
    );
    // The event closed the dossier's latest instruction; a decision on an older one is refused by then.
    const { version } = await repo.modifierInstruction(trx, id, {
      statut: decision.sens,
      decision_sens: decision.sens,
      decision_date: decision.date,
      decision_motifs: decision.motifs,
      decision_texte: decision.texte,
      decision_evenement_id: ev.id,
      decision_par: appelant.utilisateurId,
      // The letter names the author of the decision, as it was when the préfet's delegate signed it.
      ...signataire(appelant),
    });
    await journaliser(trx, contexte, {
      action: 'decision_cfp_enregistree',
      objetType: 'instruction_cfp',
      objetId: id,
      departementCode: i.departement_code,
      details: { dossierId: i.dossier_id, sens: decision.sens, motifs: decision.motifs, evenementId: ev.id },
    });
    return { version, evenementId: ev.id, versionDossier: ev.version };
  });
}

/**
 * Locks a granted instruction for its execution: only an `octroi` is executed, and an operation that ended (eviction
 * done or household gone) is closed.
 */
async function ouvrirExecution(
  trx: Transaction<DB>,
  appelant: Appelant,
  id: string,
  versionAttendue: number,
) {
  const i = await repo.verrouillerInstruction(trx, appelant.scope, id);
  if (!i) throw instructionIntrouvable();
  if (i.version !== versionAttendue) throw versionPerimee();
  if (i.decision_sens !== 'octroi')
    throw new ErreurHttp(
      422,
      'concours_non_accorde',
      'Le concours de la force publique n’a pas été accordé : aucune exécution ne peut être enregistrée.',
    );
  if (i.execution_issue === 'expulsion_realisee' || i.execution_issue === 'depart_avant')
    throw new ErreurHttp(422, 'execution_terminee', 'L’exécution est terminée : elle ne se modifie plus.');
  return i;
}

/** CPCE L141-1: no enforcement on a Sunday or a public holiday (the département's, Alsace-Moselle included). */
function verifierJourOperation(date: string, departement: string) {
  const n = numeroJour(date);
  const ferie = nomDuJourFerie(n, departement);
  if (jourDeLaSemaine(n) === 7 || ferie)
    throw new ErreurHttp(
      422,
      'date_operation_interdite',
      `Aucune expulsion ne peut avoir lieu un dimanche ou un jour férié (L141-1)${ferie ? ` : ${ferie}` : ''}.`,
      [{ chemin: 'dateOperation', code: 'jour_interdit' }],
    );
}

/** Name and function of the deciding agent, who signs for the préfet by delegation. */
function signataire(a: Appelant) {
  return {
    decision_signataire_nom: `${a.prenom} ${a.nom}`.trim(),
    decision_signataire_fonction: `${LIBELLES_PROFILS[a.profil]}, ${a.organisation.nom}`,
  };
}

/**
 * The engine's reading of the dossier (etablirFaits): the CQL delay (L412-1, running from the referral to the
 * préfet, L412-5; none after a voie de fait or when the judge removed it) and the truce (L412-6, not applied
 * when rehousing is assured or after a voie de fait). An operation may take place neither before the first day
 * after the delay nor during the truce.
 */
async function verifierDelaisDuDossier(trx: Transaction<DB>, d: DossierLu, date: string) {
  const [evenements, parametres] = await Promise.all([
    dossiers.evenementsDuDossier(trx, d.id),
    dossiers.parametresDepartement(trx, d.departement_code),
  ]);
  const faits = etablirFaits(
    scenarioDuDossier(
      pourMoteur(d),
      actifs(evenements).map(versEvenement),
      parametres,
      aujourdhui(d.departement_code),
    ),
  );
  const jour = numeroJour(date);
  const cql = faits.commandementQuitterLieux;
  const premier = cql?.premierJourExecution;
  if (premier === undefined || jour < premier) {
    throw new ErreurHttp(
      422,
      'operation_avant_delai_cql',
      premier === undefined
        ? cql === undefined
          ? 'Aucun commandement de quitter les lieux n’est enregistré : l’opération ne peut pas être planifiée (L411-1).'
          : 'Le délai de deux mois après le commandement de quitter les lieux ne court pas encore : le commandement n’a pas été transmis au préfet (L412-1, L412-5).'
        : `L’opération ne peut avoir lieu avant la fin du délai qui suit le commandement de quitter les lieux : au plus tôt le ${formaterDateFr(dateIso(premier))} (L412-1).`,
      [{ chemin: 'dateOperation', code: 'avant_delai_cql' }],
    );
  }
  for (const source of faits.suspensions) {
    if (source.motif !== 'treve') continue;
    const treve = source.periodeContenant(jour);
    if (treve)
      throw new ErreurHttp(
        422,
        'operation_pendant_treve',
        `L’opération tombe pendant la trêve hivernale, du ${formaterDateFr(dateIso(treve.du))} au ${formaterDateFr(dateIso(treve.au))} (L412-6) : aucune expulsion sauf relogement assuré ou entrée par voie de fait.`,
        [{ chemin: 'dateOperation', code: 'pendant_treve' }],
      );
  }
}

async function verifierDelaisOperation(
  trx: Transaction<DB>,
  appelant: Appelant,
  dossierId: string,
  date: string,
) {
  const d = await dossiers.lireDossier(trx, appelant.scope, dossierId);
  if (!d) throw instructionIntrouvable();
  await verifierDelaisDuDossier(trx, d, date);
}

/** The planning of the operation by the préfecture, with the police unit: date, officers, social services. */
export async function planifierExecution(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  id: string,
  versionAttendue: number,
  p: PlanificationExecutionCfp,
) {
  return db.transaction().execute(async (trx) => {
    const i = await ouvrirExecution(trx, appelant, id, versionAttendue);
    verifierJourOperation(p.dateOperation, i.departement_code);
    await verifierDelaisOperation(trx, appelant, i.dossier_id, p.dateOperation);
    const { version } = await repo.modifierInstruction(trx, id, {
      execution_date_operation: p.dateOperation,
      execution_effectifs: p.effectifs,
      execution_services_sociaux_informes: p.servicesSociauxInformes,
      execution_services_sociaux_informes_le: p.servicesSociauxInformesLe,
      execution_planifiee_par: appelant.utilisateurId,
      execution_planifiee_le: new Date(),
    });
    await journaliser(trx, contexte, {
      action: 'execution_cfp_planifiee',
      objetType: 'instruction_cfp',
      objetId: id,
      departementCode: i.departement_code,
      details: { dossierId: i.dossier_id, dateOperation: p.dateOperation, effectifs: p.effectifs },
    });
    return { version };
  });
}

const EVENEMENT_DE_L_ISSUE = {
  expulsion_realisee: 'expulsion_realisee',
  depart_avant: 'depart_volontaire',
  reportee: 'pv_tentative_expulsion',
} as const;

/**
 * The outcome of the operation, by the préfecture or the police unit. It is also an act on the dossier (through
 * the dossiers service: engine validation, projection, end of the State's liability); a postponement keeps the
 * new date as the planned one, so that the next outcome can follow.
 */
export async function enregistrerIssueExecution(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  id: string,
  versionAttendue: number,
  r: ResultatExecutionCfp,
) {
  return db.transaction().execute(async (trx) => {
    const i = await ouvrirExecution(trx, appelant, id, versionAttendue);
    if (r.nouvelleDate) verifierJourOperation(r.nouvelleDate, i.departement_code);
    const d = await dossiers.verrouillerEtLireDossier(trx, appelant.scope, { id: i.dossier_id });
    if (!d) throw instructionIntrouvable();
    if (r.nouvelleDate) await verifierDelaisDuDossier(trx, d, r.nouvelleDate);
    const ev = await enregistrerEvenement(
      trx,
      d,
      { type: EVENEMENT_DE_L_ISSUE[r.issue], date: r.date },
      {
        commentaire: null,
        remplace: null,
        motifCorrection: null,
        source: 'saisie',
        auteurId: appelant.utilisateurId,
        organisationId: appelant.organisation.id,
        siIncoherent: 'refuser',
      },
    );
    const { version } = await repo.modifierInstruction(trx, id, {
      execution_issue: r.issue,
      execution_issue_date: r.date,
      execution_pv_recu_le: r.pvRecuLe,
      execution_issue_evenement_id: ev.id,
      execution_issue_par: appelant.utilisateurId,
      execution_issue_le: new Date(),
      ...(r.nouvelleDate ? { execution_date_operation: r.nouvelleDate } : {}),
    });
    await journaliser(trx, contexte, {
      action: 'issue_execution_cfp_enregistree',
      objetType: 'instruction_cfp',
      objetId: id,
      departementCode: i.departement_code,
      details: { dossierId: i.dossier_id, issue: r.issue, date: r.date, evenementId: ev.id },
    });
    return { version, evenementId: ev.id, versionDossier: ev.version };
  });
}

export interface CorrectionIssueExecution {
  issue: ResultatExecutionCfp['issue'];
  date: string;
  pvRecuLe: string | null;
  nouvelleDate: string | null;
  motif: string;
}

const ISSUES_TERMINALES: readonly string[] = ['expulsion_realisee', 'depart_avant'];

/**
 * Corrects the outcome of a closed execution recorded by mistake (e.g. « expulsion réalisée » instead of « départ
 * avant »). The act on the timeline is superseded by a corrected one (the engine validates it; the old act stays
 * visible, out of the computation), the previous outcome is kept in `instruction_cfp_correction_issue` with the
 * reason, and the correction is journaled.
 */
export async function corrigerIssueExecution(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  id: string,
  versionAttendue: number,
  c: CorrectionIssueExecution,
) {
  return db.transaction().execute(async (trx) => {
    const i = await repo.verrouillerInstruction(trx, appelant.scope, id);
    if (!i) throw instructionIntrouvable();
    if (i.version !== versionAttendue) throw versionPerimee();
    if (!i.execution_issue || !i.execution_issue_date || !ISSUES_TERMINALES.includes(i.execution_issue))
      throw new ErreurHttp(
        422,
        'execution_non_terminee',
        'Seule l’issue d’une exécution terminée (expulsion réalisée, départ avant l’opération) se corrige ici.',
      );
    if (
      c.issue === i.execution_issue &&
      c.date === i.execution_issue_date &&
      c.pvRecuLe === i.execution_pv_recu_le
    )
      throw new ErreurHttp(
        422,
        'correction_sans_changement',
        'La correction ne change rien à l’issue enregistrée.',
      );
    const d = await dossiers.verrouillerEtLireDossier(trx, appelant.scope, { id: i.dossier_id });
    if (!d) throw instructionIntrouvable();
    if (c.nouvelleDate) {
      verifierJourOperation(c.nouvelleDate, i.departement_code);
      await verifierDelaisDuDossier(trx, d, c.nouvelleDate);
    }
    const ev = await enregistrerEvenement(
      trx,
      d,
      { type: EVENEMENT_DE_L_ISSUE[c.issue], date: c.date },
      {
        commentaire: null,
        remplace: i.execution_issue_evenement_id,
        motifCorrection: i.execution_issue_evenement_id ? c.motif : null,
        source: 'saisie',
        auteurId: appelant.utilisateurId,
        organisationId: appelant.organisation.id,
        siIncoherent: 'refuser',
      },
    );
    await repo.insererCorrectionIssue(trx, {
      instruction_id: id,
      ancienne_issue: i.execution_issue,
      ancienne_date: i.execution_issue_date,
      ancien_pv_recu_le: i.execution_pv_recu_le,
      ancien_evenement_id: i.execution_issue_evenement_id,
      nouvelle_issue: c.issue,
      nouvelle_date: c.date,
      nouveau_pv_recu_le: c.pvRecuLe,
      nouvel_evenement_id: ev.id,
      motif: c.motif,
      corrige_par: appelant.utilisateurId,
    });
    const { version } = await repo.modifierInstruction(trx, id, {
      execution_issue: c.issue,
      execution_issue_date: c.date,
      execution_pv_recu_le: c.pvRecuLe,
      execution_issue_evenement_id: ev.id,
      execution_issue_par: appelant.utilisateurId,
      execution_issue_le: new Date(),
      ...(c.nouvelleDate ? { execution_date_operation: c.nouvelleDate } : {}),
    });
    await journaliser(trx, contexte, {
      action: 'issue_execution_cfp_corrigee',
      objetType: 'instruction_cfp',
      objetId: id,
      departementCode: i.departement_code,
      details: {
        dossierId: i.dossier_id,
        ancienneIssue: i.execution_issue,
        ancienneDate: i.execution_issue_date,
        issue: c.issue,
        date: c.date,
        evenementId: ev.id,
      },
    });
    return { version, evenementId: ev.id, versionDossier: ev.version };
  });
}

/**
 * Who signed the decision: the copy taken when it was recorded through the instruction, else the author of the
 * `decision_cfp` act (recorded on the timeline), else nobody known.
 */
async function signataireDeLaDecision(db: Kysely<DB>, l: repo.LigneInstruction) {
  if (l.decision_signataire_nom)
    return { nom: l.decision_signataire_nom, fonction: l.decision_signataire_fonction };
  const auteur = l.decision_evenement_id
    ? await repo.auteurEvenement(db, l.decision_evenement_id)
    : undefined;
  if (!auteur) return null;
  return {
    nom: `${auteur.prenom} ${auteur.nom}`.trim(),
    fonction: `${LIBELLES_PROFILS[auteur.profil as keyof typeof LIBELLES_PROFILS] ?? auteur.profil}, ${auteur.organisation}`,
  };
}

/**
 * The letter notifying the préfet's decision to the commissaire de justice or the landlord. Only an explicit
 * decision has a letter (an implicit refusal is silence). Journaled: it names a household.
 */
export async function lettreDecision(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  id: string,
  destinataire: DestinataireLettreCfp,
) {
  const l = await repo.lireInstruction(db, appelant.scope, id);
  if (!l) throw instructionIntrouvable();
  if (!l.decision_sens || !l.decision_date) {
    throw new ErreurHttp(
      422,
      'decision_absente',
      'Le préfet n’a pas encore pris de décision explicite sur cette demande : aucune lettre ne peut être générée.',
    );
  }
  const pdf = await pdfLettreDecisionCfp({
    destinataire,
    numeroDossier: l.numero,
    departement: l.departement_code,
    bailleur: l.bailleur_nom,
    occupant: l.nom_principal,
    adresse: `${l.adresse_ligne}, ${l.code_postal} ${l.commune_nom}`,
    dateDemande: l.date_demande,
    sens: l.decision_sens as 'octroi' | 'refus' | 'sursis',
    dateDecision: l.decision_date,
    motifs: l.decision_motifs,
    texte: l.decision_texte,
    signataire: await signataireDeLaDecision(db, l),
    genereLe: new Date(),
  });
  await journaliser(db, contexte, {
    action: 'lettre_decision_cfp_generee',
    objetType: 'instruction_cfp',
    objetId: id,
    departementCode: l.departement_code,
    details: { dossierId: l.dossier_id, destinataire, sens: l.decision_sens },
  });
  return { pdf, numero: l.numero };
}

/**
 * Daily: an undecided request whose 2 months have passed is an implicit refusal (CPCE R153-1), the start of
 * the State's liability (R154-1). The engine derives it from dates; the instruction records it, journaled.
 */
export async function constaterRefusImplicites(db: Kysely<DB>, maintenant: Date = new Date()) {
  return db.transaction().execute(async (trx) => {
    // Overseas "today" may lag Paris: take the latest candidates, then check each in its own time zone.
    const candidates = await repo.instructionsEchues(
      trx,
      aujourdhui(null, new Date(maintenant.getTime() + JOUR_MS)),
    );
    let constates = 0;
    for (const c of candidates) {
      if (!c.date_refus_implicite || c.date_refus_implicite > aujourdhui(c.departement_code, maintenant))
        continue;
      await repo.modifierInstruction(trx, c.id, {
        statut: 'refus_implicite',
        refus_implicite_constate_le: maintenant,
      });
      await journaliser(
        trx,
        { appelant: null, requeteId: 'travail-refus-implicite-cfp' },
        {
          action: 'refus_implicite_cfp_constate',
          objetType: 'instruction_cfp',
          objetId: c.id,
          departementCode: c.departement_code,
          details: { dossierId: c.dossier_id, date: c.date_refus_implicite },
        },
      );
      constates++;
    }
    return constates;
  });
}

/** What the caller may read of an instruction: police never see the social check (classes-champs). */
export function vueInstruction(
  appelant: Appelant,
  l: repo.LigneInstruction,
  asOf: string,
  corrections?: Awaited<ReturnType<typeof repo.correctionsIssue>>,
) {
  const social = voitClasse(appelant.profil, 'social');
  const decide = STATUTS_DECIDES.includes(l.statut as StatutInstructionCfp);
  return {
    id: l.id,
    dossier: {
      id: l.dossier_id,
      numero: l.numero,
      nomPrincipal: l.nom_principal,
      adresse: { ligne: l.adresse_ligne, codePostal: l.code_postal, commune: l.commune_nom },
    },
    statut: l.statut,
    dateDemande: l.date_demande,
    ageJours: ecartJours(l.date_demande, asOf),
    dateRefusImplicite: l.date_refus_implicite,
    joursAvantRefusImplicite:
      l.date_refus_implicite && !decide ? ecartJours(asOf, l.date_refus_implicite) : null,
    unite: l.unite_id ? { id: l.unite_id, nom: l.unite_nom } : null,
    enquete: l.enquete_le
      ? {
          dateVisite: l.enquete_date_visite,
          contactEtabli: l.enquete_contact_etabli,
          compositionMenage: l.enquete_composition_menage,
          risqueOrdrePublic: l.enquete_risque_ordre_public,
          observations: l.enquete_observations,
          enregistreeLe: l.enquete_le.toISOString(),
        }
      : null,
    verificationSociale:
      social && l.social_le
        ? {
            prioritaireDalo: l.social_prioritaire_dalo,
            offresRelogement: l.social_offres_relogement,
            avisCcapex: l.social_avis_ccapex,
            dsf: l.social_dsf,
            observations: l.social_observations,
            propositionSens: l.proposition_sens,
            propositionMotifs: l.proposition_motifs,
            enregistreeLe: l.social_le.toISOString(),
          }
        : null,
    // Reasons may be social (DALO, health): only the sense and date go to those without the social class.
    decision: l.decision_sens
      ? {
          sens: l.decision_sens,
          date: l.decision_date,
          motifs: social ? l.decision_motifs : null,
          texte: social ? l.decision_texte : null,
          signataire: l.decision_signataire_nom
            ? { nom: l.decision_signataire_nom, fonction: l.decision_signataire_fonction }
            : null,
        }
      : null,
    refusImpliciteConstateLe: l.refus_implicite_constate_le?.toISOString() ?? null,
    execution:
      l.execution_planifiee_le || l.execution_issue
        ? {
            dateOperation: l.execution_date_operation,
            effectifs: l.execution_effectifs,
            servicesSociauxInformes: l.execution_services_sociaux_informes,
            servicesSociauxInformesLe: l.execution_services_sociaux_informes_le,
            issue: l.execution_issue,
            dateIssue: l.execution_issue_date,
            pvRecuLe: l.execution_pv_recu_le,
            ...(corrections
              ? {
                  corrections: corrections.map((c) => ({
                    ancienneIssue: c.ancienne_issue,
                    ancienneDate: c.ancienne_date,
                    nouvelleIssue: c.nouvelle_issue,
                    nouvelleDate: c.nouvelle_date,
                    motif: c.motif,
                    corrigeeLe: c.corrige_le.toISOString(),
                    corrigeePar: c.nom ? `${c.prenom ?? ''} ${c.nom}`.trim() : null,
                  })),
                }
              : {}),
          }
        : null,
    version: l.version,
  };
}
