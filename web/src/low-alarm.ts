/**
 * The low-reservoir alarm as every page says it — the board's "Days to alarm" column, the patient page's
 * "Low-reservoir alarm" and the reservoir note beside a dose — from the server's row: whether the
 * reservoir is low now is its `lowReservoir` (src/clinic/risk-board.ts: the pump's own report, else the
 * projected alarm passed; never beside EMPTY, which supersedes low). No page compares `lowAlarmAt` with its
 * own "now": three pages did, each by its own rule, and one said "low, refill now" under "EMPTY since".
 */
import type { BoardRow } from './api.ts';

const DAY_MS = 86_400_000;

export type LowAlarm =
  /** No projection and no report: the alarm date is unknown. */
  | { readonly kind: 'unknown' }
  /** The reservoir is empty: past its low alarm, and said as empty only. */
  | { readonly kind: 'empty' }
  /** Low now: the pump reports it, or the projected alarm has passed (calculated). */
  | { readonly kind: 'low'; readonly source: 'pump' | 'calculated'; readonly since: number }
  /** The projected alarm is still ahead, in `days`. */
  | { readonly kind: 'ahead'; readonly at: number; readonly days: number };

/** The row's low-reservoir alarm at the server's `now` (the board's `generatedAt`). */
export function lowAlarm(
  row: Pick<BoardRow, 'status' | 'lowAlarmAt' | 'lowReservoir'>,
  now: number,
): LowAlarm {
  if (row.status === 'empty') return { kind: 'empty' };
  if (row.lowReservoir !== null) return { kind: 'low', ...row.lowReservoir };
  if (row.lowAlarmAt === null) return { kind: 'unknown' };
  return { kind: 'ahead', at: row.lowAlarmAt, days: (row.lowAlarmAt - now) / DAY_MS };
}
