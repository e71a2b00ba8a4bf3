import { rm } from 'node:fs/promises';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { journaliser } from '../../plugins/journal.js';

/**
 * Retention periods (CNIL: keep no longer than needed). The decree's own figures were not retrieved
 * (domain.md §1.4): these defaults are configurable and must be confirmed before going live.
 */
export interface DureesConservation {
  /** Closed dossiers, counted from their last update. */
  dossiersClosAns: number;
  /** Journal rows, by whole sealed blocks. */
  journalJours: number;
  /** Idempotency keys: the partner API promises at least 30 days. */
  clesIdempotenceJours: number;
  /** Webhook deliveries that are over (delivered, failed, cancelled), from their delivery or creation. */
  webhooksLivraisonsJours?: number;
  /** Security alerts (modules/securite), from their detection. */
  alertesSecuriteJours?: number;
}

export const DUREES_PAR_DEFAUT: DureesConservation = {
  dossiersClosAns: 3,
  journalJours: 365,
  clesIdempotenceJours: 31,
  webhooksLivraisonsJours: 30,
  alertesSecuriteJours: 365,
};

/** Pending deliveries are never purged: only those whose outcome is final. */
const LIVRAISONS_TERMINEES = ['livree', 'echec', 'annulee'] as const;

export interface RapportPurge {
  simulation: boolean;
  maintenant: string;
  durees: DureesConservation;
  supprimes: {
    sessions: number;
    jetonsPartenaires: number;
    clesIdempotence: number;
    dossiersClos: number;
    documents: number;
    journalLignes: number;
    journalBlocs: number;
    webhooksLivraisons: number;
    alertesSecurite: number;
  };
}

/** The daily purge (and `exploc purge [--dry-run]`): deletes what has outlived its retention period. */
export async function purger(
  db: Kysely<DB>,
  o: { simulation: boolean; maintenant?: Date; durees?: DureesConservation; stockage?: string },
): Promise<RapportPurge> {
  const maintenant = o.maintenant ?? new Date();
  const durees = o.durees ?? DUREES_PAR_DEFAUT;
  const avant = (jours: number) => new Date(maintenant.getTime() - jours * 86_400_000);
  const limiteDossiers = new Date(maintenant);
  limiteDossiers.setUTCFullYear(limiteDossiers.getUTCFullYear() - durees.dossiersClosAns);

  const limiteLivraisons = avant(
    durees.webhooksLivraisonsJours ?? DUREES_PAR_DEFAUT.webhooksLivraisonsJours ?? 30,
  );
  const limiteAlertes = avant(durees.alertesSecuriteJours ?? DUREES_PAR_DEFAUT.alertesSecuriteJours ?? 365);
  const resultat = await db.transaction().execute(async (trx) => {
    const compter = async (q: Promise<{ n: number }[]>) => Number((await q)[0]?.n ?? 0);
    const dossiers = await trx
      .selectFrom('dossier')
      .select('id')
      .where('phase', '=', 'cloture')
      .where('mis_a_jour_le', '<', limiteDossiers)
      .execute();
    const idsDossiers = dossiers.map((d) => d.id);
    const documents = idsDossiers.length
      ? await trx
          .selectFrom('document')
          .select(['id', 'sha256'])
          .where('dossier_id', 'in', idsDossiers)
          .execute()
      : [];
    const blocs = await trx
      .selectFrom('journal_bloc as b')
      .select(['b.id', 'b.dernier_id', 'b.lignes'])
      .where('b.dernier_id', '<=', (eb) =>
        eb
          .selectFrom('journal')
          .select((x) => x.fn.max('id').as('m'))
          .where('horodatage', '<', avant(durees.journalJours)),
      )
      .orderBy('b.id')
      .execute();
    const supprimes = {
      sessions: await compter(
        trx
          .selectFrom('session')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('expire_le', '<', maintenant)
          .execute(),
      ),
      jetonsPartenaires: await compter(
        trx
          .selectFrom('partenaire_jeton')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('expire_le', '<', maintenant)
          .execute(),
      ),
      clesIdempotence: await compter(
        trx
          .selectFrom('cle_idempotence')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('cree_le', '<', avant(durees.clesIdempotenceJours))
          .execute(),
      ),
      webhooksLivraisons: await compter(
        trx
          .selectFrom('webhook_livraison')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('statut', 'in', LIVRAISONS_TERMINEES)
          .where((eb) => eb(eb.fn.coalesce('livree_le', 'cree_le'), '<', limiteLivraisons))
          .execute(),
      ),
      alertesSecurite: await compter(
        trx
          .selectFrom('alerte_securite')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('detectee_le', '<', limiteAlertes)
          .execute(),
      ),
      dossiersClos: idsDossiers.length,
      documents: documents.length,
      journalLignes: blocs.reduce((s, b) => s + b.lignes, 0),
      journalBlocs: blocs.length,
    };
    if (o.simulation) return { supprimes, fichiers: [] as string[] };

    await trx.deleteFrom('session').where('expire_le', '<', maintenant).execute();
    await trx.deleteFrom('partenaire_jeton').where('expire_le', '<', maintenant).execute();
    await trx
      .deleteFrom('cle_idempotence')
      .where('cree_le', '<', avant(durees.clesIdempotenceJours))
      .execute();
    await trx
      .deleteFrom('webhook_livraison')
      .where('statut', 'in', LIVRAISONS_TERMINEES)
      .where((eb) => eb(eb.fn.coalesce('livree_le', 'cree_le'), '<', limiteLivraisons))
      .execute();
    await trx.deleteFrom('alerte_securite').where('detectee_le', '<', limiteAlertes).execute();
    if (idsDossiers.length > 0) {
      // Partner acts outlive nothing of the household: they keep their own trace, detached from the dossier.
      await trx
        .updateTable('acte_partenaire')
        .set({ dossier_id: null, evenement_id: null })
        .where('dossier_id', 'in', idsDossiers)
        .execute();
      await trx
        .updateTable('document')
        .set({ evenement_id: null })
        .where('dossier_id', 'in', idsDossiers)
        .execute();
      await trx
        .deleteFrom('evenement')
        .where('dossier_id', 'in', idsDossiers)
        .where('remplace_id', 'is not', null)
        .execute();
      await trx.deleteFrom('dossier').where('id', 'in', idsDossiers).execute();
    }
    const dernierBloc = blocs[blocs.length - 1];
    if (dernierBloc) {
      await sql`set local exploc.purge_journal = 'on'`.execute(trx);
      await trx.deleteFrom('journal').where('id', '<=', dernierBloc.dernier_id).execute();
      await trx.deleteFrom('journal_bloc').where('id', '<=', dernierBloc.id).execute();
    }
    const fichiers: string[] = [];
    for (const sha of new Set(documents.map((d) => d.sha256))) {
      const encore = await trx
        .selectFrom('document')
        .select('id')
        .where('sha256', '=', sha)
        .executeTakeFirst();
      if (!encore) fichiers.push(sha);
    }
    await journaliser(trx, { appelant: null, requeteId: 'purge' }, { action: 'purge', details: supprimes });
    return { supprimes, fichiers };
  });
  // Files go once the rows are gone (a crash in between leaves an orphan file, never a dangling row).
  if (o.stockage) {
    for (const sha of resultat.fichiers) {
      await rm(path.join(o.stockage, sha.slice(0, 2), sha.slice(2, 4), sha), { force: true });
    }
  }
  return {
    simulation: o.simulation,
    maintenant: maintenant.toISOString(),
    durees,
    supprimes: resultat.supprimes,
  };
}
