/**
 * The stored board row (table `board_rows`, migration 0005_board_rows): one row per patient, rewritten in
 * the SAME transaction as every write that changes what the board reads for that patient (store-core.ts
 * calls {@link refreshBoardRows} for each patient an audited write touched), so a page of the board is an
 * indexed read of 100 rows instead of a projection of every patient (issue 14: 3.7 s and 9.8 MB for
 * 10,000 patients).
 *
 * What is stored, and why nothing here is a second copy of the rules:
 * - `records` (table `board_records`, beside the row): the board's input for the patient exactly as the full read selects it (board-read.ts
 *   `readBoardRecords`), as JSON. A page recomputes `boardRow(records, now)` (risk-board.ts) for the rows
 *   it shows, so every date, status and reason shown is the one projection's at the time of the read.
 * - the sort and filter columns, taken from `boardRow(records, computedAt)`'s output: the instants the
 *   time-dependent tests compare with `now` (refill-by, projected empty), and the facts that do not depend
 *   on time (high risk, ERI, open and critical alerts, "needs attention", "state unknown", the pump's own
 *   empty report). board-page.ts turns them into the board's order at query time.
 */
import type { Kysely } from 'kysely';
import type { BoardRowsTable, ClinicDatabase } from './db-schema.ts';
import { readBoardRecords, type BoardReadOptions } from './board-read.ts';
import { failureReason, type BoardRowFailure } from './board-row-failure.ts';
import { boardRow, needsAttention, type BoardPatientRecords, type BoardRow } from './risk-board.ts';

/** How many patients one backfill step reads and writes (keeps memory flat on a large clinic). */
const REBUILD_BATCH = 500;

const flag = (b: boolean): number => (b ? 1 : 0);

/**
 * The stored row for one patient's board input, projected at `computedAt`. A pump that said it is empty
 * is kept empty with its empty-since (`reported_empty_since`, which does not move with time): an open EMPTY
 * alert, or an empty-since before the projection's own empty instant (the last session read the pump empty
 * and the board dated it back to when its fill ran out). The projection's empty instant is `empty_at`,
 * compared with `now` when read. Kept only for an open EMPTY alert, a pump that read back empty lost its
 * EMPTY state in the SQL once a nurse resolved that alert: no EMPTY alert was raised again (seed 31337).
 */
export function boardRowColumns(
  records: BoardPatientRecords,
  computedAt: number,
): BoardRowsTable & { records: string } {
  const row: BoardRow = boardRow(records, computedAt);
  return {
    patient_id: row.patientId,
    name: row.name,
    high_risk: flag(row.highRisk),
    refill_by: row.refillBy,
    empty_at: row.emptyAt,
    reported_empty_since: saidEmpty(row) ? row.emptySince : null,
    unknown_state: flag(row.reasons.some((r) => r.code === 'ITB_R_BOARD_NO_PUMP_STATE')),
    attention: flag(needsAttention(row)),
    eri: flag(row.battery?.eri === true),
    open_alerts: row.openAlerts.count,
    critical_alerts: row.openAlerts.critical,
    records: JSON.stringify(records),
    computed_at: computedAt,
  };
}

/** The pump said it is empty (see {@link boardRowColumns}): its empty-since is not the projection's. */
function saidEmpty(row: BoardRow): boolean {
  if (row.emptySince === null) return false;
  const reported = row.conditions.some((c) => c.condition === 'empty-reservoir');
  return reported || row.emptyAt === null || row.emptySince < row.emptyAt;
}

/** The stored row of a patient whose board row could not be computed (board-row-failure.ts). */
export function failedRowColumns(
  f: BoardRowFailure,
  computedAt: number,
): BoardRowsTable & { records: string } {
  return {
    patient_id: f.patient.id,
    name: f.patient.name,
    high_risk: 0,
    refill_by: null,
    empty_at: null,
    reported_empty_since: null,
    // State unknown puts the row in the board's top tier (board-page.ts `overdue`): never hidden.
    unknown_state: 1,
    attention: 1,
    eri: 0,
    open_alerts: 0,
    critical_alerts: 0,
    records: JSON.stringify(f),
    computed_at: computedAt,
  };
}

/**
 * Each patient's row: from one set-based read, or — when that read or a projection throws — patient by
 * patient, so one patient's bad records fail only that patient's row. A database failure is not a row
 * failure: the per-patient reads meet it again (on PostgreSQL the transaction is aborted) and the write
 * fails as it would without the board.
 */
async function projectRows(
  db: Kysely<ClinicDatabase>,
  ids: readonly string[],
  now: number,
  opts: BoardReadOptions,
): Promise<{ rows: (BoardRowsTable & { records: string })[]; failures: BoardRowFailure[] }> {
  try {
    const rows = (await readBoardRecords(db, ids, opts)).map((rec) => boardRowColumns(rec, now));
    return { rows, failures: [] };
  } catch (error) {
    if (ids.length !== 1) {
      const out: Awaited<ReturnType<typeof projectRows>> = { rows: [], failures: [] };
      for (const id of ids) {
        const one = await projectRows(db, [id], now, opts);
        out.rows.push(...one.rows);
        out.failures.push(...one.failures);
      }
      return out;
    }
    const patient = await db
      .selectFrom('patients')
      .select(['id', 'name'])
      .where('id', 'in', ids)
      .executeTakeFirst();
    if (patient === undefined) return { rows: [], failures: [] };
    const failure: BoardRowFailure = { patient, failure: failureReason(error) };
    return { rows: [failedRowColumns(failure, now)], failures: [failure] };
  }
}

/**
 * Recomputes and upserts the stored rows of `patientIds` from the records as they stand in `db` (call it
 * inside the writing transaction). A patient id with no patient row is skipped. A patient whose row
 * cannot be computed gets the failure row (board-row-failure.ts) instead of failing the write; the
 * failures are returned for the caller to audit.
 */
export async function refreshBoardRows(
  db: Kysely<ClinicDatabase>,
  patientIds: readonly string[],
  now: number,
  opts: BoardReadOptions = {},
): Promise<BoardRowFailure[]> {
  const ids = [...new Set(patientIds)];
  if (ids.length === 0) return [];
  const { rows, failures } = await projectRows(db, ids, now, opts);
  for (const { patient_id, records, ...rest } of rows) {
    await db
      .insertInto('board_rows')
      .values({ patient_id, ...rest })
      .onConflict((oc) => oc.column('patient_id').doUpdateSet(rest))
      .execute();
    await db
      .insertInto('board_records')
      .values({ patient_id, records })
      .onConflict((oc) => oc.column('patient_id').doUpdateSet({ records }))
      .execute();
  }
  return failures;
}

/**
 * Rebuilds every stored row from the records (the migration's backfill; after a bulk import). `opts` only
 * for migration 0005's backfill (board-read.ts `BoardReadOptions`).
 */
export async function rebuildBoardRows(
  db: Kysely<ClinicDatabase>,
  now: number,
  opts: BoardReadOptions = {},
): Promise<number> {
  let done = 0;
  let after = '';
  for (;;) {
    const ids = await db
      .selectFrom('patients')
      .select('id')
      .where('id', '>', after)
      .orderBy('id')
      .limit(REBUILD_BATCH)
      .execute();
    if (ids.length === 0) return done;
    await refreshBoardRows(
      db,
      ids.map((r) => r.id),
      now,
      opts,
    );
    done += ids.length;
    after = ids.at(-1)?.id ?? after;
  }
}
