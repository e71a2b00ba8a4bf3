import { type Kysely, sql } from 'kysely';

/**
 * The CAF reads the CCAPEX's housing-benefit decisions of the séances closed since a date
 * (GET /api/partenaires/v1/decisions-apl, ccapex/decisions-apl.ts): closed séances by closing time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index if not exists ccapex_seance_cloture_idx on ccapex_seance (cloturee_le) where statut = 'close'
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists ccapex_seance_cloture_idx`.execute(db);
}
