/**
 * Display helpers. Units are always written out (clinicians read mcg/day, mcg/mL, mL; never a bare number —
 * docs/clinical-reference.md §3). Dates are shown in the clinic's time zone with the weekday, because refill
 * planning is by day: the zone the server says the clinic keeps, else the browser's; never a raw ISO string.
 * They are written by the one date module the server uses too (src/therapy/date-text.ts), so a date reads the
 * same on the page, in the API's reason text, on paper and in the CLI.
 * Numbers go through Intl so 302930 reads "302,930" (a misread magnitude is a tenfold dosing error).
 */
import {
  calendarDayText,
  dayText,
  instantText,
  isoDay as isoDayIn,
  isoDayText,
} from '../../src/therapy/date-text.ts';
import { NG_PER_MCG, num } from '../../src/therapy/display-numbers.ts';
import { concentrationText, doseText } from '../../src/therapy/drug-display.ts';

// The numbers are shared with the printed reports (one wording on screen and paper).
export { NL_PER_ML, NG_PER_MCG, num, mL, mcg, mcgPerMl } from '../../src/therapy/display-numbers.ts';

const LOCALE = 'en-GB';
let zone: string = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Sets the clinic's time zone (an IANA name the server gives); an unknown name is ignored. */
export function setClinicTimeZone(name: string | null | undefined): void {
  if (name === null || name === undefined || name === '') return;
  try {
    new Intl.DateTimeFormat(LOCALE, { timeZone: name });
    zone = name;
  } catch {
    // An unknown zone keeps the browser's: a wrong zone would move every date shown.
  }
}

/** The time zone every date on the pages is shown in. */
export const clinicTimeZone = (): string => zone;

/** The clinic day of `ms` as "2026-12-02" (the clinic's time zone): a date field's value, the API's `day`. */
export const clinicDay = (ms: number): string => isoDayIn(ms, zone);

/** "Mon 8 Feb 2027": a day in the clinic's zone, written as the API, the PDFs and the CLI write it. */
export function date(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return 'unknown';
  return dayText(ms, zone);
}

/** "Mon 8 Feb 2027": a clinic day kept as "2027-02-08" (a date field's value, the API's `day`), as {@link date} writes it. */
export const clinicDayText = (day: string): string => isoDayText(day);

/** "1 May 1980": a calendar date the records keep as "1980-05-01" (a birth date), the same day in every zone. */
export const calendarDate = (iso: string): string => calendarDayText(iso);

/** "Wed 2 Dec 2026 14:05 CET": an instant in the clinic's zone, written as the API, the PDFs and the CLI write it. */
export function dateTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return 'unknown';
  return instantText(ms, zone);
}

/** A calendar day ("2026-12-02") in the clinic's zone, for date inputs and their limits. */
export const isoDay = clinicDay;

/** "in 12.5 days", "3 days overdue". */
export function daysText(days: number | null): string {
  if (days === null) return 'unknown';
  const d = Math.abs(days);
  const n = d >= 10 ? Math.round(d) : Number(d.toFixed(1));
  const unit = n === 1 ? 'day' : 'days';
  return days < 0 ? `${num(n, 1)} ${unit} overdue` : `${num(n, 1)} ${unit}`;
}

/** The dose the prescription orders over a day, in clinician units. */
export function prescriptionText(p: { readonly mode: string } & Record<string, unknown>): string {
  const c = p['concentrationMcgPerMl'];
  const drug = typeof p['drug'] === 'string' ? p['drug'] : '';
  const conc = typeof c === 'number' ? ` of ${concentrationText(c * NG_PER_MCG, drug)}` : '';
  const dose = p['doseMcgPerDay'];
  switch (p.mode) {
    case 'stopped':
      return 'Stopped (no delivery)';
    case 'minimum-rate':
      return `Minimum rate — ${drug}${conc}`;
    case 'simple-continuous':
      return `${typeof dose === 'number' ? doseText(dose * NG_PER_MCG, drug) : String(dose)} continuous — ${drug}${conc}`;
    case 'flex':
      return `Flex schedule — ${drug}${conc}`;
    default:
      return p.mode;
  }
}
