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
 */
import { sql, type Kysely } from 'kysely';
import { readBoardRecords } from './board-read.ts';
import type { Alert } from './clinical-records.ts';
import { alertFrom, insertAlert } from './alerts-audit-repo.ts';
import { closeAlert } from './alert-closing.ts';
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

/**
 * The work the board's status requires, as the board stands at `now`, for `patientId` (or every
 * patient): read only, so a board or inbox read with nothing to change takes no write lock.
 */
export async function boardAlertWork(
  db: Kysely<ClinicDatabase>,
  now: number,
  patientId?: string,
): Promise<EmptyAlertWork[]> {
  const empty = await db
    .selectFrom('board_rows')
    .select('patient_id')
    .where((eb) => eb.or([eb('empty_at', '<=', now), eb('reported_empty_since', 'is not', null)]))
    .$if(patientId !== undefined, (q) => q.where('patient_id', '=', patientId ?? ''))
    .execute();
  const raised = (
    await db
      .selectFrom('alerts')
      .selectAll()
      .where('resolved_at', 'is', null)
      .where(sql<boolean>`body like ${'%"board-empty"%'}`)
      .$if(patientId !== undefined, (q) => q.where('patient_id', '=', patientId ?? ''))
      .execute()
  )
    .map(alertFrom)
    .filter((a) => a.cause?.kind === 'board-empty');
  const ids = [...new Set([...empty.map((r) => r.patient_id), ...raised.map((a) => a.patientId)])];
  if (ids.length === 0) return [];
  const work: EmptyAlertWork[] = [];
  for (const records of await readBoardRecords(db, ids)) {
    const w = emptyAlertWork(boardRow(records, now), records.openAlerts);
    if (w.raise || w.close.length > 0) work.push(w);
  }
  return work;
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
  const ours = open.filter((a) => a.cause?.kind === 'board-empty');
  const reported = open.some((a) => saysEmpty(a) && a.condition === 'empty-reservoir');
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
