/**
 * When the reservoir runs dry, as the patient page says it: the board row's own instants (src/clinic/risk-board.ts
 * `emptySince`, `emptyAt`: the pump's contents at the rate it runs). The page once said when the low alarm
 * sounds and when the refill is due, never when the pump stops delivering — the date withdrawal starts from.
 */
import type { BoardRow } from './api.ts';
import { dateTime, daysText } from './format.ts';

const DAY_MS = 86_400_000;

/**
 * The reservoir's empty instant in words, at the server's `now`. For a pump that delivers no drug now
 * (`stopped`: src/clinic/not-delivering.ts) the instant is the one the programmed rate would reach, and the
 * line says so: it read "delivery stops then" of a pump the clinic had already stopped.
 */
export function emptyText(
  row: Pick<BoardRow, 'emptySince' | 'emptyAt'>,
  now: number,
  stopped = false,
): string {
  if (row.emptySince !== null) {
    return `EMPTY since ${dateTime(row.emptySince)}: no drug is delivered — withdrawal risk`;
  }
  if (row.emptyAt === null) return 'unknown';
  const when = `${dateTime(row.emptyAt)} (in ${daysText((row.emptyAt - now) / DAY_MS)}, calculated`;
  return stopped
    ? `${when} at the programmed rate): nothing is delivered now — see Delivery`
    : `${when}): delivery stops then and withdrawal follows unless the pump is refilled`;
}
