import { voitClasse } from '@exploc/domain/acces/classes-champs';
import type { DecisionCfp, EnqueteCfp, VerificationSocialeCfp } from '@exploc/domain/schemas/cfp';
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
    version: l.version,
  };
}
