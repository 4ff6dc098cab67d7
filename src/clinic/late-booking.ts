/**
 * The one rule for a refill booked too late: a booking after the reservoir is calculated to run empty leaves
 * the patient without drug before the visit (critical: withdrawal, docs/clinical-reference.md §2); a booking
 * after the refill-by date, but before empty, eats the margin the alarm gives (a warning). The booking
 * check (booking-check.ts: the answer to booking and rescheduling, and its alert) and the board row
 * (risk-board.ts, from the records, whatever wrote them) both read it, so they say the same thing.
 */
import type { ClinicCode } from './codes.ts';
import { clinicDayText as day } from './time-zone.ts';
import { reasonFor, type Reason } from '../therapy/verdict.ts';

const clinicReason = reasonFor<ClinicCode>();

/** The dates a booking is judged against: the one projection's (therapy/projection.ts). */
export interface RefillDates {
  readonly refillBy: number | null;
  readonly emptyAt: number | null;
}

/**
 * Why a refill booked for `bookingAt` is too late at `now`, or null when it is in time (or the dates are
 * unknown). Once the reservoir has run empty, refill-by is in the past: "rebook before" a past date asks the
 * impossible, so the words say the pump is without drug until the booking and ask for the refill now.
 */
export function lateBookingReason(dates: RefillDates, bookingAt: number, now: number): Reason | null {
  const booked = `booked refill on ${day(bookingAt)}`;
  if (dates.emptyAt !== null && bookingAt > dates.emptyAt && dates.emptyAt <= now) {
    return clinicReason(
      'ITB_R_CLINIC_BOOKING_AFTER_REFILL_BY',
      'block',
      `The ${booked} leaves the pump without drug until then: the reservoir is calculated EMPTY since ` +
        `${day(dates.emptyAt)} (withdrawal risk) — refill it now, not at the booking.`,
    );
  }
  if (dates.emptyAt !== null && bookingAt > dates.emptyAt) {
    return clinicReason(
      'ITB_R_CLINIC_BOOKING_AFTER_REFILL_BY',
      'block',
      `The ${booked} is after the reservoir is calculated to run EMPTY on ${day(dates.emptyAt)}: no drug ` +
        `from then (withdrawal risk) — rebook it before the refill-by date ${day(dates.refillBy ?? dates.emptyAt)}.`,
    );
  }
  if (dates.refillBy !== null && bookingAt > dates.refillBy) {
    return clinicReason(
      'ITB_R_CLINIC_BOOKING_AFTER_REFILL_BY',
      'warn',
      `The ${booked} is after the refill-by date ${day(dates.refillBy)}: rebook it before then.`,
    );
  }
  return null;
}
