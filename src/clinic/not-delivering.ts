/**
 * Whether the pump in place delivers its drug, from the board row (the one projection: risk-board.ts). The
 * board put a pump that delivers nothing in its top tier ("Not delivering since …"), while the patient page,
 * the patient's own view and the emergency card printed the programmed dose as what the patient receives:
 * an emergency team reading "300 mcg/day" would not think of withdrawal (docs/clinical-reference.md §2)
 * in a patient whose pump was stopped, empty, stalled or at end of service. Pure: the pages and the papers
 * read it.
 */
import { stopsDelivery } from './pump-condition-table.ts';
import type { RecordedInstant } from './clinical-time.ts';
import type { BoardRow } from './risk-board.ts';

export interface NotDelivering {
  /** Since when (the earliest cause), or null when an empty pump's since is not known. */
  readonly since: number | null;
  /**
   * Whether the time of day of `since` is on record; false when only its day is (a replacement recorded
   * without its time: risk-board.ts `stoppedSinceTimeKnown`), and the head says the day alone.
   */
  readonly sinceTimeKnown: boolean;
  /** Why, in clinicians' words: the pump's own report, the clinic's stop, the empty reservoir. */
  readonly causes: readonly string[];
  /** True when the only cause is a projection (past the calculated end of service): the pump may deliver. */
  readonly projected: boolean;
}

/** What of the board's row says whether the pump delivers. */
export type NotDeliveringRow = Pick<
  BoardRow,
  | 'status'
  | 'emptySince'
  | 'stoppedSince'
  | 'stoppedSinceTimeKnown'
  | 'conditions'
  | 'reasons'
  | 'eosPassed'
  | 'eosAt'
>;
type Row = NotDeliveringRow;

/** The clinic's own verified stop is on the row (the board's reason code for it, risk-board.ts). */
export const clinicStopped = (row: Pick<BoardRow, 'reasons'>): boolean =>
  row.reasons.some((r) => r.code === 'ITB_R_BOARD_DELIVERY_STOPPED');

/** The causes a page reads by what they are (the patient's view: what happened and what to do). */
export const EMPTY_CAUSE = 'the reservoir is EMPTY';
export const CLINIC_STOP_CAUSE = 'the clinic stopped delivery';

/** Null while nothing on record says the pump delivers no drug. */
export function notDelivering(row: Row): NotDelivering | null {
  const causes: string[] = [];
  const since: number[] = [];
  if (row.status === 'empty') {
    causes.push(EMPTY_CAUSE);
    if (row.emptySince !== null) since.push(row.emptySince);
  }
  if (clinicStopped(row)) causes.push(CLINIC_STOP_CAUSE);
  for (const c of row.conditions) {
    // The pump's own EMPTY report is the empty reservoir said above.
    if (stopsDelivery(c.condition) && !(c.condition === 'empty-reservoir' && row.status === 'empty'))
      causes.push(c.message);
  }
  if (row.stoppedSince !== null) since.push(row.stoppedSince);
  const certain = causes.length > 0;
  if (row.eosPassed) {
    causes.push('the battery is past its calculated end of service: the pump may have stopped');
    if (row.eosAt !== null) since.push(row.eosAt);
  }
  if (causes.length === 0) return null;
  const first = since.length === 0 ? null : Math.min(...since);
  // Rows stored before the board carried it read as known (their times were all stamped).
  const dayOnly = first !== null && first === row.stoppedSince && row.stoppedSinceTimeKnown === false;
  return { since: first, sinceTimeKnown: !dayOnly, causes, projected: !certain };
}

/**
 * The causes as one clause for "NOT DELIVERING since …: <causes>. The programme …" (the pages and the card):
 * a cause written as a sentence (an MRI's follow-up ends with a full stop) loses its stop, so the line never
 * reads "withdrawal signs.. The programme".
 */
export const causesText = (nd: Pick<NotDelivering, 'causes'>): string =>
  nd.causes.map((c) => c.replace(/\.+$/, '')).join('; ');

/**
 * "NOT DELIVERING since <instant>: <causes>" ("MAY NOT BE …" when only projected), the head every surface
 * prints before its own advice — the pages, the papers and the command line; `at` writes the instant in
 * the surface's zone and format, `day` its day, said alone with "(time not recorded)" when only the day
 * is on record (never the day's 00:00 as if that time were known).
 */
export function notDeliveringHead(
  nd: NotDelivering,
  at: (ms: number) => string,
  day: (ms: number) => string,
): string {
  const when = notDeliveringSince(nd, at, day);
  const since = when === null ? '' : ` since ${when}`;
  return `${nd.projected ? 'MAY NOT BE DELIVERING' : 'NOT DELIVERING'}${since}: ${causesText(nd)}`;
}

/**
 * Since when, in a surface's words: `at` the instant, or `day` the day and "(time not recorded)" when only
 * the day is on record; null when not known.
 */
export function notDeliveringSince(
  nd: Pick<NotDelivering, 'since' | 'sinceTimeKnown'>,
  at: (ms: number) => string,
  day: (ms: number) => string,
): string | null {
  if (nd.since === null) return null;
  return nd.sinceTimeKnown ? at(nd.since) : `${day(nd.since)} (time not recorded)`;
}

/**
 * Since when no drug has reached the patient, and whether its time of day is on record: what a plan for a
 * pump that runs no programme counts from (src/programmer/not-running.ts); undefined when not known.
 */
export function interruptedSinceOf(nd: NotDelivering | null): RecordedInstant | undefined {
  return nd === null || nd.since === null ? undefined : { at: nd.since, timeKnown: nd.sinceTimeKnown };
}
