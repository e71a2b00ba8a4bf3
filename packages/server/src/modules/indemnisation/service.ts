import { calculerIndemnisation } from '@exploc/domain/indemnisation/calcul';
import { expliquerRevisions, reviserLoyers } from '@exploc/domain/indemnisation/revision-irl';
import {
  type NatureComplement,
  scenarioIndemnisationSchema,
} from '@exploc/domain/indemnisation/scenario-indemnisation';
import type { AjustementIndemnisation } from '@exploc/domain/schemas/indemnisation';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { aujourdhui } from '../../lib/aujourdhui.js';
import type { Appelant } from '../../plugins/contexte.js';
import { ErreurHttp, introuvable } from '../../plugins/erreurs.js';
import { type ContexteJournal, journaliser } from '../../plugins/journal.js';
import * as dossiers from '../dossiers/repository.js';
import { scenarioDuDossier, versEvenement } from '../dossiers/scenario.js';
import { actifs, pourMoteur } from '../dossiers/service.js';
import { versionPerimee } from '../identite/service.js';
import { indicesDuDepartement } from './irl.js';
import * as repo from './repository.js';

const euros = (cents: number) => cents / 100;

/**
 * The State's indemnity for a dossier (CPCE L153-1, R154-1 to R154-7): the engine's liability period, until
 * today while it runs, with the lease's rent; the agents' itemised losses enter the computation, their signed
 * corrections are added beside it, so the computed value stays visible.
 */
export async function calculer(db: Kysely<DB>, contexte: ContexteJournal, appelant: Appelant, id: string) {
  const d = await dossiers.lireDossier(db, appelant.scope, id);
  if (!d) throw introuvable('Le dossier');
  const [evenements, parametres, ajustements, indices] = await Promise.all([
    dossiers.evenementsDuDossier(db, id),
    dossiers.parametresDepartement(db, d.departement_code),
    repo.ajustementsDuDossier(db, id),
    indicesDuDepartement(db, d.departement_code),
  ]);
  const asOf = aujourdhui(d.departement_code);
  // The dossier's rent is the rent at signature; it is revised at each anniversary from the département's IRL
  // table (loi 89-462 art. 17-1; rule in docs/domain/indemnisation-irl.md).
  const { loyers, revisions } = reviserLoyers(
    {
      dateSignature: d.bail_date_signature,
      loyerMensuelHC: euros(d.loyer_hc_cents),
      chargesMensuelles: euros(d.charges_cents),
    },
    indices,
    asOf,
  );
  const complements = ajustements
    .filter((a) => a.nature !== 'correction')
    .map((a) => ({
      nature: a.nature as NatureComplement,
      libelle: a.libelle,
      montant: euros(a.montant_cents),
    }));
  const lecture = scenarioIndemnisationSchema.safeParse({
    ...scenarioDuDossier(pourMoteur(d), actifs(evenements).map(versEvenement), parametres, asOf),
    indemnisation: { jusquau: asOf, loyers, complements },
  });
  if (!lecture.success) {
    throw new ErreurHttp(422, 'calcul_impossible', 'Le dossier ne permet pas de calculer l’indemnité.');
  }
  const brut = calculerIndemnisation(lecture.data);
  const phraseRevisions = expliquerRevisions(revisions);
  const calcul = phraseRevisions ? { ...brut, explication: `${brut.explication} ${phraseRevisions}` } : brut;
  const corrections = ajustements
    .filter((a) => a.nature === 'correction')
    .reduce((s, a) => s + a.montant_cents, 0);
  await journaliser(db, contexte, {
    action: 'indemnisation_calculee',
    objetType: 'dossier',
    objetId: id,
    departementCode: d.departement_code,
  });
  return {
    version: d.version,
    calcul,
    revisionsLoyer: revisions,
    ajustements: ajustements.map((a) => ({
      id: a.id,
      nature: a.nature,
      libelle: a.libelle,
      montant: euros(a.montant_cents),
      motif: a.motif,
      auteur: a.auteur_nom,
      creeLe: a.cree_le.toISOString(),
    })),
    totalCalcule: calcul.total,
    totalAjuste: euros(Math.round(calcul.total * 100) + corrections),
  };
}

/** Adds an adjustment with its reason (If-Match on the dossier: it changes what the dossier says is owed). */
export async function ajouterAjustement(
  db: Kysely<DB>,
  contexte: ContexteJournal,
  appelant: Appelant,
  id: string,
  versionAttendue: number,
  a: AjustementIndemnisation,
) {
  return db.transaction().execute(async (trx) => {
    const d = await dossiers.verrouillerDossier(trx, appelant.scope, id);
    if (!d) throw introuvable('Le dossier');
    if (d.version !== versionAttendue) throw versionPerimee();
    const cree = await repo.insererAjustement(trx, {
      dossier_id: id,
      nature: a.nature,
      libelle: a.libelle,
      montant_cents: Math.round(a.montant * 100),
      motif: a.motif,
      auteur_id: appelant.utilisateurId,
    });
    const { version } = await dossiers.incrementerVersion(trx, id);
    await dossiers.ajouterHistorique(trx, {
      dossierId: id,
      auteurId: appelant.utilisateurId,
      action: 'ajustement_indemnisation',
      champs: [a.nature],
    });
    await journaliser(trx, contexte, {
      action: 'indemnisation_ajustee',
      objetType: 'dossier',
      objetId: id,
      departementCode: d.departement_code,
      details: { ajustementId: cree.id, nature: a.nature },
    });
    return { id: cree.id, version };
  });
}
