/**
 * What a clinician changing the dose must know of the reservoir (web/src/reservoir-state.tsx shows it beside
 * the dose), from the board's row for the patient: empty, refill-by passed (or unknown) and low — low by the
 * row's one rule (low-alarm.ts), never beside EMPTY. Nothing here computes a reservoir.
 */
import type { BoardRow } from './api.ts';
import { date, daysText } from './format.ts';
import { lowAlarm } from './low-alarm.ts';

/** What a clinician changing the dose must know of the reservoir, worst first; empty when nothing. */
export function reservoirWarnings(row: BoardRow, now: number): string[] {
  const out: string[] = [];
  if (row.status === 'empty')
    out.push(
      `The reservoir is EMPTY${row.emptySince === null ? '' : ` since ${date(row.emptySince)}`}: no drug is delivered, ` +
        'whatever the dose — refill first, and watch for withdrawal.',
    );
  if (row.overdue)
    out.push(
      row.refillBy === null
        ? 'Refill-by date unknown: no refill or interrogation tells what the reservoir holds.'
        : `Refill-by date passed: ${date(row.refillBy)} (${daysText(row.daysToRefillBy)}) — the reservoir may be empty; a higher dose empties it sooner.`,
    );
  // Low is said once, and never beside EMPTY (the row's one rule: src/clinic/risk-board.ts `lowReservoir`).
  const low = lowAlarm(row, now);
  if (low.kind === 'low')
    out.push(
      low.source === 'pump'
        ? `The pump reports a low reservoir since ${date(low.since)}: refill now.`
        : `Low reservoir: the low-reservoir alarm was due on ${date(low.since)} (calculated).`,
    );
  return out;
}
