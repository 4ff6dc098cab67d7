/**
 * The one check on every clinical time the store records (refills, programming sessions, trials,
 * assessments, complications, diary entries): a clinical event has happened, so its time is not later than
 * the server's clock beyond a small tolerance, and not earlier than the patient could have had it. A refill
 * posted ten years ahead would otherwise become the "last known pump state" and hide an overdue patient
 * from the board and the reminders (hazard: missed refill → withdrawal, docs/clinical-reference.md §2).
 * Bookings (appointments) are plans, not events: they are not checked here.
 */
import { ItbError } from '../therapy/codes.ts';
import { sourced } from '../therapy/sourced.ts';
import { calendarDayText, isoDay } from '../therapy/date-text.ts';
import { clinicDayStart, clinicDayText, clinicInstantText, clinicTimeZone } from './time-zone.ts';

/** How far ahead of the server's clock a clinical time may be: clocks of two machines differ a little. */
export const FUTURE_TOLERANCE_MS = sourced(
  5 * 60_000,
  'A',
  'our choice: 5 minutes covers clock skew between a programmer and the server, never a real day',
);

/** The earliest instant of a calendar date (`YYYY-MM-DD`) anywhere on Earth (UTC−12). */
export function dateStartAnywhere(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) - 12 * 3_600_000;
}

/**
 * Refuses (ITB_E_CLINIC_TIME_OUT_OF_RANGE) a clinical time later than `now` + {@link FUTURE_TOLERANCE_MS} or
 * earlier than `floor` (the implant date for an event on an implant, else the patient's birth date).
 */
export function checkClinicalTime(
  at: number,
  now: number,
  floor: { readonly date: string; readonly what: string },
): void {
  if (at > now + FUTURE_TOLERANCE_MS.value) {
    throw new ItbError(
      'ITB_E_CLINIC_TIME_OUT_OF_RANGE',
      `the time ${clinicInstantText(at)} is in the future (the clinic's clock says ` +
        `${clinicInstantText(now)}): record what happened, when it happened`,
      { limit: now + FUTURE_TOLERANCE_MS.value, value: at },
    );
  }
  const earliest = dateStartAnywhere(floor.date);
  if (at < earliest) {
    throw new ItbError(
      'ITB_E_CLINIC_TIME_OUT_OF_RANGE',
      `the time ${clinicInstantText(at)} is before the ${floor.what} (${calendarDayText(floor.date)})`,
      { limit: earliest, value: at },
    );
  }
}

/**
 * The same check for a calendar day a record is about (a diary entry's `date`): the day has begun somewhere
 * on Earth by the server's clock, and is not before `floor` (the patient's birth date). A diary entry about
 * 9999-12-31 stayed on top of the diary, newest day first, above every real entry for ever.
 */
export function checkClinicalDay(
  date: string,
  now: number,
  floor: { readonly date: string; readonly what: string },
): void {
  if (dateStartAnywhere(date) > now + FUTURE_TOLERANCE_MS.value) {
    throw new ItbError(
      'ITB_E_CLINIC_TIME_OUT_OF_RANGE',
      `the day ${calendarDayText(date)} has not come yet (the clinic's clock says ${clinicInstantText(now)})`,
      { value: date },
    );
  }
  if (date < floor.date) {
    throw new ItbError(
      'ITB_E_CLINIC_TIME_OUT_OF_RANGE',
      `the day ${calendarDayText(date)} is before the ${floor.what} (${calendarDayText(floor.date)})`,
      { limit: floor.date, value: date },
    );
  }
}

/**
 * An instant on record and whether its time of day is known. When it is not, `at` is the first instant of
 * the day in the clinic's zone — the earliest it can have been, the value every calculation uses (an
 * interruption is never read shorter than it was) — and the words say the day alone
 * ({@link instantWords}), never "00:00" as if that time had been recorded.
 */
export interface RecordedInstant {
  readonly at: number;
  readonly timeKnown: boolean;
}

/**
 * The instant of an operation recorded with its day only (a pump replacement: the new pump's implant day):
 * now when the day is the clinic's today, else that day's first instant in the clinic's zone, its time of
 * day not known (see {@link RecordedInstant}). Before, a replacement recorded days after the surgery was
 * stamped at the recording.
 */
export function operationInstant(day: string, now: number, at?: number): RecordedInstant {
  if (at !== undefined) return operationTimed(day, now, at);
  return isoDay(now, clinicTimeZone()) === day
    ? { at: now, timeKnown: true }
    : { at: clinicDayStart(day), timeKnown: false };
}

/**
 * The operation's instant as typed (the replacement form's time of the operation): on the recorded day in
 * the clinic's zone and not after now, else refused — how long the patient had no drug is counted from it.
 */
function operationTimed(day: string, now: number, at: number): RecordedInstant {
  const zone = clinicTimeZone();
  if (isoDay(at, zone) !== day) {
    throw new ItbError(
      'ITB_E_INVALID_INPUT',
      `the operation time ${clinicInstantText(at)} is not on the operation day ${calendarDayText(day)}`,
    );
  }
  if (at > now) {
    throw new ItbError(
      'ITB_E_INVALID_INPUT',
      `the operation time ${clinicInstantText(at)} is after now (${clinicInstantText(now)})`,
    );
  }
  return { at, timeKnown: true };
}

/**
 * An instant in a message: ISO text when its time is known (each surface writes it in its zone), else the
 * clinic day and "(time not recorded)". Walk of the demo, round 23: a replacement recorded the day after
 * read "no drug delivered since Fri 4 Dec 2026 00:00 UTC".
 */
export const instantWords = (i: RecordedInstant): string =>
  i.timeKnown ? new Date(i.at).toISOString() : `${clinicDayText(i.at)} (time not recorded)`;
