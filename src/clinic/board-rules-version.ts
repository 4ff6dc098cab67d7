/**
 * The version of the board's rules that the stored board rows (board-rows.ts) were computed with. The rows
 * are a cache of risk-board.ts `boardRow`; when the rules change, rows computed under the old rules would
 * sort and filter the board wrongly until each patient's next write (a patient with no write for months
 * would keep an old tier: hazard, an overdue refill ranked as "ok", docs/clinical-reference.md §2). The
 * store records the version beside the rows (table `board_rules_version`, migration
 * 0005_board_rules_version) and rebuilds every row on open when it differs.
 *
 * What the version hashes: the rules' revision (risk-board.ts `BOARD_RULES_REVISION`, bumped with any change
 * to the projection; board-rules-version.test.ts fails when risk-board.ts changes without a bump), the care
 * pathway's (pathway/pathway-due.ts `PATHWAY_DUE_REVISION`, the items stored beside the row), the
 * numbers the rules and the page's SQL use, and the reason codes. Not the functions' compiled text: that
 * differs between the TypeScript run by tsx and the built JavaScript, and two builds sharing one database
 * would rebuild on every open.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Migration } from 'kysely';
import { rebuildEmptyAlertColumns } from './alert-board-state.ts';
import { canonicalJson } from './audit-chain.ts';
import { rebuildBoardRows } from './board-rows.ts';
import { rebuildPathwayDue } from './pathway/board-pathway.ts';
import { PATHWAY_DUE_REVISION } from './pathway/pathway-due.ts';
import type { ClinicDatabase } from './db-schema.ts';
import type { DialectName } from './migrations.ts';
import { BOARD_RULES_REVISION, REFILL_DUE_SOON_DAYS, RISK_BOARD_CODES } from './risk-board.ts';

/** The hash of what stored rows depend on, for a revision of the rules (see the module comment). */
export function boardRulesVersion(revision: number = BOARD_RULES_REVISION): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        revision,
        pathwayDueRevision: PATHWAY_DUE_REVISION,
        refillDueSoonDays: REFILL_DUE_SOON_DAYS.value,
        reasons: Object.keys(RISK_BOARD_CODES).sort(),
      }),
      'utf8',
    )
    .digest('hex');
}

/** The version of the rules this code runs. */
export const BOARD_RULES_VERSION: string = boardRulesVersion();

/** Migration 0005_board_rules_version: one row, the version the stored rows were computed with. */
export const boardRulesVersionMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('board_rules_version')
      .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('rebuilt_at', 'bigint', (c) => c.notNull())
      .execute();
    // No row: the first open after this migration rebuilds every stored row and records the version.
  },
};

/** Rebuilds every stored row and records `version` beside them (call inside one transaction). */
export async function rebuildForRules(
  trx: Kysely<ClinicDatabase>,
  now: number,
  version: string = BOARD_RULES_VERSION,
): Promise<number> {
  const n = await rebuildBoardRows(trx, now);
  await rebuildPathwayDue(trx, now);
  await rebuildEmptyAlertColumns(trx);
  await trx
    .insertInto('board_rules_version')
    .values({ id: 1, version, rebuilt_at: now })
    .onConflict((oc) => oc.column('id').doUpdateSet({ version, rebuilt_at: now }))
    .execute();
  return n;
}

/**
 * On open: when the stored rows were computed under other rules (or under none recorded), rebuilds them
 * all in one transaction. The transaction takes the writers' lock first (SQLite: the database write lock;
 * PostgreSQL: the audit head row), so no write refreshes a row in between and two stores opening at once
 * rebuild once. `builtNow`: this open's migrations built every row with this code (0005_board_rows'
 * backfill), so a missing version is recorded without building them a second time (only the pathway's
 * columns, added after that backfill, are computed); a version recorded
 * under other rules still rebuilds. Returns the number of rows rebuilt, or null when they were current.
 */
export async function rebuildIfRulesChanged(
  db: Kysely<ClinicDatabase>,
  dialect: DialectName,
  now: number,
  version: string = BOARD_RULES_VERSION,
  builtNow = false,
): Promise<number | null> {
  return db.transaction().execute(async (trx) => {
    if (dialect === 'postgres') {
      await trx.selectFrom('audit_head').select('id').where('id', '=', 1).forUpdate().execute();
    }
    const stored = await trx
      .selectFrom('board_rules_version')
      .select('version')
      .where('id', '=', 1)
      .executeTakeFirst();
    if (stored?.version === version) return null;
    if (stored === undefined && builtNow) {
      // The backfill built the rows before 0008_pathway_board_due and 0009_board_empty_alerts added their
      // columns.
      await rebuildPathwayDue(trx, now);
      await rebuildEmptyAlertColumns(trx);
      await trx.insertInto('board_rules_version').values({ id: 1, version, rebuilt_at: now }).execute();
      return null;
    }
    return rebuildForRules(trx, now, version);
  });
}

/** The migration whose backfill builds every stored row (board-rows-migration.ts). */
export const BOARD_ROWS_MIGRATION = '0005_board_rows';
