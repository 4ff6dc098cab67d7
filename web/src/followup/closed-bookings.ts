/**
 * The refill bookings a refill has closed: the server's rule (src/clinic/refill-booking.ts) keeps one open
 * refill booking — the one made after the last refill — and a refill closes every booking made before it,
 * though their status stays "booked". The appointments page says so beside such a booking: an early
 * refill's old date is no next refill, and a nurse reading it as one would call the patient in for nothing.
 */
import { knownAt } from '../../../src/clinic/pump-contents.ts';
import type { Appointment } from '../api.ts';

/** A refill as this rule reads it: when it was done and when it was recorded. */
export interface RecordedRefill {
  readonly at: number;
  readonly createdAt: number;
}

/** Booked refill appointments a later refill closed, each with the time of the refill that closed it. */
export function closedRefillBookings(
  appointments: readonly Appointment[],
  refills: readonly RecordedRefill[],
): ReadonlyMap<string, number> {
  const recorded = refills.map((r) => ({ at: r.at, known: knownAt(r) })).sort((a, b) => a.known - b.known);
  const closed = new Map<string, number>();
  for (const a of appointments) {
    if (a.kind !== 'refill' || a.status !== 'booked') continue;
    const by = recorded.find((r) => r.known > a.createdAt);
    if (by !== undefined) closed.set(a.id, by.at);
  }
  return closed;
}
