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
 * It runs before every read of the alerts and of the board (alerts-audit-repo.ts, board-read.ts), in the
 * reading transaction, so the board, the inbox and the patient page say the same at the same instant.
 * Time alone makes a pump empty: nothing else would raise it until someone looks.
 */
import { sql } from 'kysely';
import { readBoardRecords } from './board-read.ts';
import type { Alert } from './clinical-records.ts';
import { alertFrom, insertAlert } from './alerts-audit-repo.ts';
import { closeAlert } from './alert-closing.ts';
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

/**
 * Raises the critical alert the board's status requires and closes the board's alerts whose state has
 * passed, for `patientId` (or every patient), as the board stands at `t.now`.
 */
export async function syncBoardStateAlerts(core: StoreCore, t: Tx, patientId?: string): Promise<void> {
  const now = t.now;
  const empty = await t.trx
    .selectFrom('board_rows')
    .select('patient_id')
    .where((eb) => eb.or([eb('empty_at', '<=', now), eb('reported_empty_since', 'is not', null)]))
    .$if(patientId !== undefined, (q) => q.where('patient_id', '=', patientId ?? ''))
    .execute();
  const raised = (
    await t.trx
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
  if (ids.length === 0) return;
  for (const records of await readBoardRecords(t.trx, ids)) {
    const row = boardRow(records, now);
    await keepEmptyAlert(core, t, row, records.openAlerts);
  }
}

async function keepEmptyAlert(core: StoreCore, t: Tx, row: BoardRow, open: readonly Alert[]): Promise<void> {
  const ours = open.filter((a) => a.cause?.kind === 'board-empty');
  const reported = open.some((a) => saysEmpty(a) && a.condition === 'empty-reservoir');
  // Passed, or said by the pump's own alert now (one critical EMPTY alert, not two).
  if (row.emptySince === null || reported) {
    const done =
      row.emptySince === null
        ? 'closed: the board no longer calculates the pump empty'
        : 'closed: the pump itself reports the reservoir empty (its alert stays open)';
    for (const a of ours) {
      await closeAlert(t, BOARD_ALERTS_ACTOR, a.id, done, { entity: 'board', id: row.patientId, at: t.now });
    }
    return;
  }
  if (ours.length > 0) return;
  await insertAlert(core, t, BOARD_ALERTS_ACTOR, {
    patientId: row.patientId,
    implantId: row.implantId,
    kind: 'pump-alarm',
    severity: 'critical',
    message: BOARD_EMPTY_MESSAGE,
    reasons: [],
    since: row.emptySince,
    cause: { kind: 'board-empty' },
  });
}
