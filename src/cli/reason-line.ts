/**
 * How the CLI shows a reason (one place for every subcommand): the instants it names in the clinic's zone
 * and format (ITB_TIME_ZONE, by default the machine's: clinic/time-zone.ts) through the one renderer the API,
 * the web and the PDFs use (therapy/verdict.ts `renderReasonTimes`), never as UTC ISO text; its source, when
 * it cites one, on the same line after the words; its numbers with separators, as the review rows beside it
 * write them ("1,000 mcg/day": therapy/display-numbers.ts `numbersText`).
 */
import { instantText as instantInZone } from '../therapy/date-text.ts';
import { clinicTimeZone } from '../clinic/time-zone.ts';
import { renderTimesIn } from '../server/reason-times.ts';
import { numbersText } from '../therapy/display-numbers.ts';
import { renderReasonTimes, type Reason } from '../therapy/verdict.ts';

/** The clinic's zone and format for one instant; an unknown ITB_TIME_ZONE is refused (ITB_E_INVALID_INPUT). */
export function clinicInstantFormat(): (ms: number) => string {
  const zone = clinicTimeZone();
  return (ms) => instantInZone(ms, zone);
}

/** An ISO instant of a result as people read it, in the clinic's zone; null stays null. */
export const instantText = (iso: string | null): string | null =>
  iso === null ? null : clinicInstantFormat()(Date.parse(iso));

/** `result` with every reason in it rendered in the clinic's zone (what `--json` prints, as the API does). */
export const inClinicZone = <T>(result: T): T => renderTimesIn(result, clinicInstantFormat()) as T;

/** "  warn  ITB_R_…: message (source: …)" for people. */
export function reasonLine(r: Reason & { readonly source?: string }, indent = '  '): string {
  const source = r.source === undefined ? '' : ` (source: ${r.source})`;
  const message = numbersText(renderReasonTimes(r, clinicInstantFormat()).message);
  return `${indent}${r.severity.padEnd(5)} ${r.code}: ${message}${source}`;
}
