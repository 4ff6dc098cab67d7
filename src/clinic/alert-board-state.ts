/**
 * An alert's severity follows the state the board reports. The board calls a pump EMPTY from the pump's
 * own report or from the projection alone (risk-board.ts `emptySince`): a pump left a month after its low
 * reservoir alarm is empty on the board although no interrogation reported it, and the only alert it had
 * raised said "Warning: low reservoir". A clinician who reads the inbox must read what the board says:
 * no drug is delivered, withdrawal risk (docs/clinical-reference.md §2, boxed warning).
 *
 * The rule, for every board status (risk-board.ts `BoardStatus`), and the one place that keeps it:
 * - `empty`: an open critical alert says EMPTY — the pump's own `empty-reservoir` condition
 *   (pump-conditions.ts), or else one raised here with the board's empty-since as its since
 *   (cause `board-empty`). It closes when the board no longer calls the pump empty — with a refill the
 *   pump confirmed (alert-closing.ts), or here once the board says otherwise — and gives way to the
 *   pump's own EMPTY alert once an interrogation reports it (one critical EMPTY alert, not two).
 * - `overdue`, `unknown`, `due-soon`, `attention`, `ok`: warnings on the board, no critical state. Each
 *   device state the board shows (ERI, EOS, motor stall, memory error, minimum rate, low reservoir) IS an
 *   open alert (the board reads its conditions from them), so its severity is the alert's by construction.
 *
 * The API runs it (store `syncBoardAlerts`) before it answers the board or the alerts, so the board, the
 * inbox and the patient page say the same. It reads first and opens a write transaction only when an alert
 * is to be raised or closed, so a board read with nothing to change holds no write lock. Time alone makes a
 * pump empty: nothing else would raise it until someone looks.
 *
 * The check reads only the patients whose alerts may have to change: each stored board row carries the
 * patient's open EMPTY alerts ({@link emptyAlertColumns}, migration 0009_board_empty_alerts, written in
 * every write's transaction beside the row), and {@link boardAlertWork} selects the rows where the board's
 * empty state at `now` and those alerts disagree. Before, it read and projected every empty pump's records
 * on every board read (issue 14: 1.1–1.6 s per read with 2,000 empty pumps, each already alerted).
 */
import { sql, type Kysely, type SqlBool } from 'kysely';
import { emptyNowSql } from './board-page.ts';
import { readBoardRecords } from './board-read.ts';
import type { Alert } from './clinical-records.ts';
import { alertFrom, insertAlert } from './alerts-audit-repo.ts';
import { closeAlert } from './alert-closing.ts';
import { saysNotDelivering } from './pump-condition-table.ts';
import type { ClinicDatabase } from './db-schema.ts';
import type { ActorContext } from './records.ts';
import { boardRow, type BoardRow } from './risk-board.ts';
import type { StoreCore, Tx } from './store-core.ts';

/** Who raises and closes the board's own alerts (named "the system (board-alerts)"). */
export const BOARD_ALERTS_ACTOR: ActorContext = { actor: 'system:board-alerts' };

/** What the board-empty alert says (its since is the board's empty-since). */
export const BOARD_EMPTY_MESSAGE =
  'the reservoir is calculated EMPTY: no drug is delivered — check for withdrawal signs now and refill; ' +
  'do not restart at the full prior dose after a long interruption';

/** An open critical alert that already says the pump is empty (the pump's report or the board's). */
export const saysEmpty = (a: Pick<Alert, 'severity' | 'condition' | 'cause'>): boolean =>
  a.severity === 'critical' && (a.condition === 'empty-reservoir' || a.cause?.kind === 'board-empty');

/** What the board's state asks of one patient's board-empty alerts: close some, raise one, or nothing. */
interface EmptyAlertWork {
  readonly row: BoardRow;
  readonly close: readonly Alert[];
  readonly closing: string;
  readonly raise: boolean;
}

/** How many patients one rebuild step reads. */
const REBUILD_BATCH = 500;

/** One of the board's own EMPTY alerts. */
const isBoardEmpty = (a: Pick<Alert, 'cause'>): boolean => a.cause?.kind === 'board-empty';

/** The pump's own EMPTY report, as an open critical alert (one critical EMPTY alert, not two). */
const pumpSaysEmpty = (a: Pick<Alert, 'severity' | 'condition' | 'cause'>): boolean =>
  saysEmpty(a) && a.condition === 'empty-reservoir';

/**
 * The stored row's columns for a patient's open alerts (see the module comment), and since when the pump
 * reports a state in which it delivers no drug or the clinic stopped it (`pump_stopped_since`, migration
 * 0011: risk-board.ts `stoppedSince` over the same open alerts, pump-condition-table.ts `saysNotDelivering` — a
 * removed pump's alerts are closed by its explant).
 */
export function emptyAlertColumns(open: readonly Alert[]): {
  board_empty_alerts: number;
  pump_empty_alert: number;
  pump_stopped_since: number | null;
} {
  const stopped = open.filter(saysNotDelivering);
  return {
    board_empty_alerts: open.filter(isBoardEmpty).length,
    pump_empty_alert: open.some(pumpSaysEmpty) ? 1 : 0,
    pump_stopped_since: stopped.length === 0 ? null : Math.min(...stopped.map((a) => a.since)),
  };
}

/**
 * Where {@link emptyAlertWork} can find work at `now`, over the stored columns: empty with neither EMPTY
 * alert open (raise), or a board EMPTY alert open while the board no longer calls the pump empty or the
 * pump says so itself (close). Every other row gets no work from it, so it is never read.
 */
function mayNeedWork(now: number) {
  const empty = emptyNowSql(now);
  return sql<SqlBool>`((${empty} and pump_empty_alert = 0 and board_empty_alerts = 0)
    or (board_empty_alerts > 0 and (not ${empty} or pump_empty_alert = 1)))`;
}

/**
 * The patients whose alerts {@link boardAlertWork} must look at, at `now` (see {@link mayNeedWork}): ONE
 * statement over the stored rows, so the usual board read — nothing to raise or close — asks the
 * database once (store `syncBoardAlerts`).
 */
export async function boardAlertCandidates(
  db: Kysely<ClinicDatabase>,
  now: number,
  patientId?: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('board_rows')
    .select('patient_id')
    .where(mayNeedWork(now))
    .$if(patientId !== undefined, (q) => q.where('patient_id', '=', patientId ?? ''))
    .execute();
  return rows.map((r) => r.patient_id);
}

/**
 * The work the board's status requires, as the board stands at `now`, for `patientId` (or every
 * patient): read only, so a board or inbox read with nothing to change takes no write lock; and only the
 * rows that may need work are read (see the module comment).
 */
export async function boardAlertWork(
  db: Kysely<ClinicDatabase>,
  now: number,
  patientId?: string,
): Promise<EmptyAlertWork[]> {
  const ids = await boardAlertCandidates(db, now, patientId);
  if (ids.length === 0) return [];
  const work: EmptyAlertWork[] = [];
  for (const records of await readBoardRecords(db, ids)) {
    const w = emptyAlertWork(boardRow(records, now), records.openAlerts);
    if (w.raise || w.close.length > 0) work.push(w);
  }
  return work;
}

/**
 * Writes the open-EMPTY-alert columns of `patientIds`' stored rows from their open alerts (inside the
 * writing transaction, after board-rows.ts `refreshBoardRows`). A patient whose open alerts cannot be read
 * keeps zeros: its own row is then a failure row or fails the board read as before, and no write is refused
 * for a cache.
 */
export async function refreshEmptyAlertColumns(
  db: Kysely<ClinicDatabase>,
  patientIds: readonly string[],
): Promise<void> {
  const ids = [...new Set(patientIds)];
  if (ids.length === 0) return;
  const rows = await db
    .selectFrom('alerts')
    .selectAll()
    .where('resolved_at', 'is', null)
    .where('patient_id', 'in', ids)
    .execute();
  for (const id of ids) {
    let columns: ReturnType<typeof emptyAlertColumns>;
    try {
      columns = emptyAlertColumns(rows.filter((r) => r.patient_id === id).map(alertFrom));
    } catch {
      columns = { board_empty_alerts: 0, pump_empty_alert: 0, pump_stopped_since: null };
    }
    await db.updateTable('board_rows').set(columns).where('patient_id', '=', id).execute();
  }
}

/** Recomputes the open-EMPTY-alert columns of every stored row (after the rows are rebuilt). */
export async function rebuildEmptyAlertColumns(db: Kysely<ClinicDatabase>): Promise<void> {
  await db
    .updateTable('board_rows')
    .set({ board_empty_alerts: 0, pump_empty_alert: 0, pump_stopped_since: null })
    .execute();
  const withAlerts = await db
    .selectFrom('alerts')
    .select('patient_id')
    .distinct()
    .where('resolved_at', 'is', null)
    .execute();
  const ids = withAlerts.map((r) => r.patient_id);
  for (let i = 0; i < ids.length; i += REBUILD_BATCH) {
    await refreshEmptyAlertColumns(db, ids.slice(i, i + REBUILD_BATCH));
  }
}

/**
 * Raises the critical alert the board's status requires and closes the board's alerts whose state has
 * passed, for `patientId` (or every patient), as the board stands at `t.now`.
 */
export async function syncBoardStateAlerts(core: StoreCore, t: Tx, patientId?: string): Promise<void> {
  for (const w of await boardAlertWork(t.trx, t.now, patientId)) {
    for (const a of w.close) {
      await closeAlert(t, BOARD_ALERTS_ACTOR, a.id, w.closing, {
        entity: 'board',
        id: w.row.patientId,
        at: t.now,
      });
    }
    if (!w.raise || w.row.emptySince === null) continue;
    await insertAlert(core, t, BOARD_ALERTS_ACTOR, {
      patientId: w.row.patientId,
      implantId: w.row.implantId,
      kind: 'pump-alarm',
      severity: 'critical',
      message: BOARD_EMPTY_MESSAGE,
      reasons: [],
      since: w.row.emptySince,
      cause: { kind: 'board-empty' },
    });
  }
}

function emptyAlertWork(row: BoardRow, open: readonly Alert[]): EmptyAlertWork {
  const ours = open.filter(isBoardEmpty);
  const reported = open.some(pumpSaysEmpty);
  // Passed, or said by the pump's own alert now (one critical EMPTY alert, not two).
  if (row.emptySince === null || reported) {
    const closing =
      row.emptySince === null
        ? 'closed: the board no longer calculates the pump empty'
        : 'closed: the pump itself reports the reservoir empty (its alert stays open)';
    return { row, close: ours, closing, raise: false };
  }
  return { row, close: [], closing: '', raise: ours.length === 0 };
}
