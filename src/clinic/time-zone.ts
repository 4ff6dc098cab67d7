/**
 * The clinic's time zone: every time a clinician or patient reads (pages, PDFs, the command line) is shown
 * in it, never in UTC, in the one format here. Configured by ITB_TIME_ZONE (an IANA name such as
 * Europe/Prague); by default the machine's zone. Plain Intl only: the command line loads this for every
 * command, so it must not pull in the PDF library (docs/performance.md, "CLI").
 */
import { ItbError } from '../therapy/codes.ts';
import { dayText, instantText, isoDay } from '../therapy/date-text.ts';

/** Zone names already found valid: building an `Intl.DateTimeFormat` to test one costs more than a page row. */
const knownZones = new Set<string>();

/** True when `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  if (knownZones.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    knownZones.add(zone);
    return true;
  } catch {
    return false;
  }
}

/** The machine's zone, resolved once per value of TZ (the only way it changes while the process runs). */
let machine: { readonly tz: string | undefined; readonly zone: string } | undefined;

function machineTimeZone(): string {
  const tz = process.env['TZ'];
  if (machine === undefined || machine.tz !== tz)
    machine = { tz, zone: Intl.DateTimeFormat().resolvedOptions().timeZone };
  return machine.zone;
}

/** The clinic's zone from `ITB_TIME_ZONE` or the machine; a name the runtime does not know is refused. */
export function clinicTimeZone(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env['ITB_TIME_ZONE']?.trim();
  if (configured === undefined || configured === '') return machineTimeZone();
  if (!isTimeZone(configured))
    throw new ItbError(
      'ITB_E_INVALID_INPUT',
      `ITB_TIME_ZONE=${configured} is not a time zone name (e.g. Europe/Prague, America/Chicago)`,
    );
  return configured;
}

/** A day as people read it, in the clinic's zone (therapy/date-text.ts, the one date format). */
export const clinicDayText = (ms: number): string => dayText(ms, clinicTimeZone());

/** An instant as people read it, in the clinic's zone (therapy/date-text.ts, the one date format). */
export const clinicInstantText = (ms: number): string => instantText(ms, clinicTimeZone());

/**
 * The first instant of calendar day `date` (`YYYY-MM-DD`) in the clinic's zone, to the minute: the earliest
 * minute whose clinic day is `date`, searched over the offsets a zone can have (UTC−12 to UTC+14).
 */
export function clinicDayStart(date: string): number {
  const zone = clinicTimeZone();
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  let lo = utcMidnight - 14 * 3_600_000 - 60_000;
  let hi = utcMidnight + 12 * 3_600_000;
  // isoDay is monotone over these 26 hours: before `date`, then `date`. Bisect to the minute.
  while (hi - lo > 60_000) {
    const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
    if (isoDay(mid, zone) < date) lo = mid;
    else hi = mid;
  }
  return hi;
}
