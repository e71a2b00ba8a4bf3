import { voitClasse } from '@exploc/domain/acces/classes-champs';
import type { Evenement } from '@exploc/domain/procedure/scenario';
import { validerAjoutEvenement } from '@exploc/domain/procedure/transitions';
import type { Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../../db/connexion.js';
import type { DB, EchangePartenaireTable } from '../../db/schema.js';
import type { Appelant } from '../../plugins/contexte.js';
import { ErreurHttp, introuvable } from '../../plugins/erreurs.js';
import { type ContexteJournal, journaliser } from '../../plugins/journal.js';
import * as repoDossiers from '../dossiers/repository.js';
import { versEvenement } from '../dossiers/scenario.js';
import { actifs, enregistrerEvenement } from '../dossiers/service.js';
import { ErreurPartenaire, type PortsPartenaires, situationBdfSchema } from './ports.js';

export type Partenaire = EchangePartenaireTable['partenaire'];

export const OPERATIONS: Record<Partenaire, string> = {
  caf: 'situation_allocataire',
  banque_de_france: 'situation_surendettement',
};

/**
 * Attempts before an exchange is given up: the pause doubles from one minute (1, 2, 4… capped at 4 h), so
 * ten attempts cover about a working day of partner downtime.
 */
export const ESSAIS_MAX = 10;
export function delaiAvantRelance(tentatives: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, tentatives - 1), 4 * 3_600_000);
}

type Echange = {
  id: string;
  dossier_id: string;
  partenaire: Partenaire;
  tentatives: number;
};

/** The request sent is rebuilt from the dossier at each attempt: a retry asks about the household as it is now. */
async function appelerPartenaire(db: Db, ports: PortsPartenaires, echange: Echange): Promise<unknown> {
  const d = await db
    .selectFrom('dossier')
    .select(['allocataire_numero', 'code_postal'])
    .where('id', '=', echange.dossier_id)
    .executeTakeFirst();
  if (!d) throw new ErreurPartenaire('reponse_invalide', 'Le dossier n’existe plus.');
  if (echange.partenaire === 'caf') {
    if (!ports.caf)
      throw new ErreurPartenaire('indisponible', 'La CAF n’est pas raccordée (EXPLOC_CAF_URL).');
    if (!d.allocataire_numero)
      throw new ErreurPartenaire('introuvable', 'Le dossier n’a pas de numéro d’allocataire.');
    return ports.caf.situationAllocataire(d.allocataire_numero);
  }
  if (!ports.banqueDeFrance) {
    throw new ErreurPartenaire('indisponible', 'La Banque de France n’est pas raccordée (EXPLOC_BDF_URL).');
  }
  const titulaire = (await repoDossiers.personnesDuDossier(db, echange.dossier_id)).find(
    (p) => p.role === 'titulaire',
  );
  if (!titulaire) throw new ErreurPartenaire('introuvable', 'Le dossier n’a pas de titulaire du bail.');
  return ports.banqueDeFrance.situationSurendettement({
    nom: titulaire.nom,
    prenoms: titulaire.prenoms,
    dateNaissance: titulaire.date_naissance ? String(titulaire.date_naissance).slice(0, 10) : null,
    codePostal: d.code_postal,
  });
}

/** One attempt: the row records its outcome, and a partner that is down gets a next attempt, not an error. */
async function executer(db: Db, ports: PortsPartenaires, echange: Echange, contexte: ContexteJournal) {
  const debut = performance.now();
  const tentatives = echange.tentatives + 1;
  let maj: Partial<{
    statut: EchangePartenaireTable['statut'];
    resultat: string | null;
    erreur: string | null;
    prochain_essai_le: Date | null;
    termine_le: Date | null;
  }>;
  try {
    const resultat = await appelerPartenaire(db, ports, echange);
    maj = {
      statut: 'reussi',
      resultat: JSON.stringify(resultat),
      erreur: null,
      prochain_essai_le: null,
      termine_le: new Date(),
    };
  } catch (e) {
    if (!(e instanceof ErreurPartenaire)) throw e;
    if (e.nature === 'indisponible' && tentatives < ESSAIS_MAX) {
      maj = {
        statut: 'a_relancer',
        erreur: e.message,
        prochain_essai_le: new Date(Date.now() + delaiAvantRelance(tentatives)),
        termine_le: null,
      };
    } else {
      maj = {
        statut: e.nature === 'introuvable' ? 'introuvable' : 'echec',
        erreur: e.message,
        prochain_essai_le: null,
        termine_le: new Date(),
      };
    }
  }
  const dureeMs = Math.round(performance.now() - debut);
  return db.transaction().execute(async (trx) => {
    const ligne = await trx
      .updateTable('echange_partenaire')
      .set({ ...maj, tentatives, duree_ms: dureeMs })
      .where('id', '=', echange.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await journaliser(trx, contexte, {
      action: 'echange_partenaire_tentative',
      objetType: 'echange_partenaire',
      objetId: echange.id,
      details: { partenaire: echange.partenaire, statut: ligne.statut, tentative: tentatives },
    });
    const evenementId = await reporterSurLaChronologie(trx, contexte, ligne);
    return Object.assign(ligne, { evenementId });
  });
}

/**
 * A Banque de France answer that reports a suspension of the eviction measures (C. consommation L722-5 to L722-9:
 * from the admissibility decision, or the filing, to the end date) becomes the engine's `suspension_surendettement`
 * act on the dossier, in the exchange's transaction, through the dossiers service (engine validation, projection):
 * the suspension then pushes the deadlines it suspends. Nothing is recorded when the same suspension is already
 * there, or when the timeline does not allow it (no eviction decision yet, closed procedure): the answer stays
 * readable on the exchange. The engine has no event for a filing or an admissibility alone.
 */
async function reporterSurLaChronologie(
  trx: Transaction<DB>,
  contexte: ContexteJournal,
  ligne: {
    id: string;
    dossier_id: string;
    partenaire: Partenaire;
    statut: string;
    resultat: unknown;
    demande_par: string | null;
  },
): Promise<string | null> {
  if (ligne.partenaire !== 'banque_de_france' || ligne.statut !== 'reussi') return null;
  const brut = typeof ligne.resultat === 'string' ? JSON.parse(ligne.resultat) : ligne.resultat;
  const lu = situationBdfSchema.safeParse(brut);
  if (!lu.success) return null;
  const debutSuspension = lu.data.dateRecevabilite ?? lu.data.dateDepot;
  const fin = lu.data.dateFinSuspension;
  if (!lu.data.suspensionExpulsion || !debutSuspension || !fin || fin < debutSuspension) return null;
  const lieu = await trx
    .selectFrom('dossier')
    .select('departement_code')
    .where('id', '=', ligne.dossier_id)
    .executeTakeFirst();
  if (!lieu) return null;
  // The exchange belongs to this dossier: its own département is the scope of the write.
  const scope = { type: 'departements', departements: [lieu.departement_code] } as const;
  const d = await repoDossiers.verrouillerEtLireDossier(trx, scope, { id: ligne.dossier_id });
  if (!d) return null;
  const timeline = actifs(await repoDossiers.evenementsDuDossier(trx, d.id));
  const dejaLa = timeline.some(
    (e) =>
      e.type === 'suspension_surendettement' &&
      e.date_evenement === debutSuspension &&
      (e.donnees as { dateFin?: unknown }).dateFin === fin,
  );
  const nouvel = { type: 'suspension_surendettement', date: debutSuspension, dateFin: fin } as Evenement;
  if (dejaLa || !validerAjoutEvenement(timeline.map(versEvenement), nouvel).ok) return null;
  let ev: { id: string };
  try {
    ev = await enregistrerEvenement(trx, d, nouvel, {
      commentaire: 'Suspension des mesures d’expulsion signalée par la Banque de France.',
      remplace: null,
      motifCorrection: null,
      source: 'banque_de_france',
      auteurId: ligne.demande_par,
      organisationId: null,
      siIncoherent: 'refuser',
    });
  } catch (e) {
    // Refused by the engine's reading of the scenario before any write: the exchange itself stands.
    if (e instanceof ErreurHttp) return null;
    throw e;
  }
  await journaliser(trx, contexte, {
    action: 'evenement_ajoute',
    objetType: 'dossier',
    objetId: d.id,
    departementCode: d.departement_code,
    details: { type: nouvel.type, evenementId: ev.id, echangeId: ligne.id },
  });
  return ev.id;
}

type LigneEchange = Awaited<ReturnType<typeof executer>>;

/** The partner's answer is social and financial data: only the profiles that see social data read it. */
function vueEchange(
  e: Omit<LigneEchange, 'evenementId'> & { evenementId?: string | null },
  appelant: Appelant,
) {
  return {
    id: e.id,
    partenaire: e.partenaire,
    operation: e.operation,
    statut: e.statut,
    tentatives: e.tentatives,
    dureeMs: e.duree_ms,
    erreur: e.erreur,
    resultat: voitClasse(appelant.profil, 'social') ? (e.resultat ?? null) : null,
    // The act the answer put on the dossier's timeline, if any (Banque de France: suspension of the eviction).
    evenementId: e.evenementId ?? null,
    demandeLe: e.cree_le.toISOString(),
    termineLe: e.termine_le?.toISOString() ?? null,
    prochainEssaiLe: e.prochain_essai_le?.toISOString() ?? null,
  };
}

async function dossierDuScope(db: Db, appelant: Appelant, dossierId: string) {
  const d = await repoDossiers.lireDossier(db, appelant.scope, dossierId);
  if (!d) throw introuvable('Le dossier');
  return d;
}

/** Asks a partner now about the dossier's household; the exchange is recorded whatever its outcome. */
export async function demanderEchange(
  db: Db,
  ports: PortsPartenaires,
  contexte: ContexteJournal,
  appelant: Appelant,
  dossierId: string,
  partenaire: Partenaire,
) {
  const d = await dossierDuScope(db, appelant, dossierId);
  // Asking the CAF or the Banque de France is a social inquiry: need to know (architecture.md §2.8).
  if (!voitClasse(appelant.profil, 'social')) {
    throw new ErreurHttp(403, 'acces_refuse', 'Votre profil ne permet pas d’interroger les partenaires.');
  }
  if ((partenaire === 'caf' ? ports.caf : ports.banqueDeFrance) === undefined) {
    throw new ErreurHttp(
      503,
      'partenaire_non_raccorde',
      partenaire === 'caf'
        ? 'La CAF n’est pas raccordée à cette instance (EXPLOC_CAF_URL).'
        : 'La Banque de France n’est pas raccordée à cette instance (EXPLOC_BDF_URL).',
    );
  }
  if (partenaire === 'caf' && !d.allocataire_numero) {
    throw new ErreurHttp(
      422,
      'allocataire_inconnu',
      'Renseignez le numéro d’allocataire du ménage avant d’interroger la CAF.',
    );
  }
  const echange = await db.transaction().execute(async (trx) => {
    const e = await trx
      .insertInto('echange_partenaire')
      .values({
        dossier_id: dossierId,
        partenaire,
        operation: OPERATIONS[partenaire],
        statut: 'en_cours',
        demande_par: appelant.utilisateurId,
        // Should this process die mid-call, the sweep takes the exchange over once this lease has expired.
        prochain_essai_le: sql<Date>`now() + interval '5 minutes'`,
      })
      .returning(['id', 'dossier_id', 'partenaire', 'tentatives'])
      .executeTakeFirstOrThrow();
    await journaliser(trx, contexte, {
      action: 'echange_partenaire_demande',
      objetType: 'dossier',
      objetId: dossierId,
      departementCode: d.departement_code,
      details: { partenaire, echangeId: e.id },
    });
    return e;
  });
  return vueEchange(await executer(db, ports, echange, contexte), appelant);
}

export async function listerEchanges(
  db: Db,
  contexte: ContexteJournal,
  appelant: Appelant,
  dossierId: string,
) {
  const d = await dossierDuScope(db, appelant, dossierId);
  const [lignes] = await Promise.all([
    db
      .selectFrom('echange_partenaire')
      .selectAll()
      .where('dossier_id', '=', dossierId)
      .orderBy('cree_le', 'desc')
      .limit(200)
      .execute(),
    journaliser(db, contexte, {
      action: 'echanges_partenaires_consultes',
      objetType: 'dossier',
      objetId: dossierId,
      departementCode: d.departement_code,
    }),
  ]);
  return lignes.map((l) => vueEchange(l, appelant));
}

/**
 * The retry sweep (pg-boss, every minute): claims the due exchanges (and those whose attempt was interrupted)
 * with SKIP LOCKED, so several instances never retry the same one, then attempts each.
 */
export async function relancerEchanges(db: Db, ports: PortsPartenaires, options: { lot?: number } = {}) {
  const dus = await db
    .updateTable('echange_partenaire')
    .set({ statut: 'en_cours', prochain_essai_le: sql<Date>`now() + interval '5 minutes'` })
    .where(
      'id',
      'in',
      db
        .selectFrom('echange_partenaire')
        .select('id')
        .where('statut', 'in', ['a_relancer', 'en_cours'])
        .where('prochain_essai_le', '<=', sql<Date>`now()`)
        .orderBy('prochain_essai_le')
        .limit(options.lot ?? 50)
        .forUpdate()
        .skipLocked(),
    )
    .returning(['id', 'dossier_id', 'partenaire', 'tentatives'])
    .execute();
  const contexte: ContexteJournal = { appelant: null, requeteId: 'travail:relance-echanges' };
  const bilan = { reussis: 0, aRelancer: 0, abandonnes: 0 };
  for (const e of dus) {
    const r = await executer(db, ports, e, contexte);
    if (r.statut === 'reussi') bilan.reussis++;
    else if (r.statut === 'a_relancer') bilan.aRelancer++;
    else bilan.abandonnes++;
  }
  return bilan;
}
