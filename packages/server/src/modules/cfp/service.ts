import { voitClasse } from '@exploc/domain/acces/classes-champs';
import { jourDeLaSemaine, numeroJour } from '@exploc/domain/calendrier/dates';
import { nomDuJourFerie } from '@exploc/domain/calendrier/jours-feries';
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
import { enregistrerEvenement } from '../dossiers/service.js';
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
  await journaliser(db, contexte, {
    action: 'instruction_cfp_consultee',
    objetType: 'instruction_cfp',
    objetId: id,
    departementCode: ligne.departement_code,
  });
  return { ligne, asOf: aujourdhui(ligne.departement_code) };
}

/** Locks the instruction and its dossier, checks If-Match and that the préfet has not yet decided. */
async function ouvrirEcriture(trx: Transaction<DB>, appelant: Appelant, id: string, versionAttendue: number) {
  const i = await repo.verrouillerInstruction(trx, appelant.scope, id);
  if (!i) throw instructionIntrouvable();
  if (i.version !== versionAttendue) throw versionPerimee();
  if (STATUTS_DECIDES.includes(i.statut as StatutInstructionCfp)) throw instructionClose(i.statut);
  const verrou = await dossiers.verrouillerDossier(trx, appelant.scope, i.dossier_id);
  const d = verrou && (await dossiers.lireDossier(trx, appelant.scope, i.dossier_id));
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
    const verrou = await dossiers.verrouillerDossier(trx, appelant.scope, i.dossier_id);
    const d = verrou && (await dossiers.lireDossier(trx, appelant.scope, i.dossier_id));
    if (!d) throw instructionIntrouvable();
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
export function vueInstruction(appelant: Appelant, l: repo.LigneInstruction, asOf: string) {
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
          }
        : null,
    version: l.version,
  };
}
