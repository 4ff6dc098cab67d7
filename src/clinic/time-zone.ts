/**
 * The clinic's time zone: every time a clinician or patient reads (pages, PDFs, the command line) is shown
 * in it, never in UTC, in the one format here. Configured by ITB_TIME_ZONE (an IANA name such as
 * Europe/Prague); by default the machine's zone. Plain Intl only: the command line loads this for every
 * command, so it must not pull in the PDF library (docs/performance.md, "CLI").
 */
import { ItbError } from '../therapy/codes.ts';

/** True when `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The clinic's zone from `ITB_TIME_ZONE` or the machine; a name the runtime does not know is refused. */
export function clinicTimeZone(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env['ITB_TIME_ZONE']?.trim();
  if (configured === undefined || configured === '') return Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!isTimeZone(configured))
    throw new ItbError(
      'ITB_E_INVALID_INPUT',
      `ITB_TIME_ZONE=${configured} is not a time zone name (e.g. Europe/Prague, America/Chicago)`,
    );
  return configured;
}

const parts = (ms: number, timeZone: string) =>
  Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    })
      .formatToParts(ms)
      .map((p) => [p.type, p.value]),
  ) as Record<Intl.DateTimeFormatPartTypes, string>;

/** "2024-03-10 15:05 CET": in the clinic's zone, named, with no locale date order to misread. */
export function formatInstant(ms: number, timeZone = 'UTC'): string {
  const p = parts(ms, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${p.timeZoneName}`;
}
/** "2024-03-10", the day in the clinic's zone. */
export function formatDate(ms: number, timeZone = 'UTC'): string {
  const p = parts(ms, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}
