/**
 * At most one open refill booking per patient. Bookings are append-only records, so "open" is derived: a
 * refill booking is open when it is still booked (not attended or cancelled: appointment-lifecycle.ts), it
 * was made at or after the time the last refill was recorded (a refill closes every booking made before it)
 * and it has not yet passed (one that passed with no refill is {@link passedRefillBooking}). Why: an early refill left two bookings and the
 * emergency card printed the stale one (a patient who trusts the wrong date runs dry: withdrawal,
 * docs/clinical-reference.md §2).
 */
import type { Appointment, Refill } from './clinical-records.ts';
import { knownAt } from './pump-contents.ts';

/** The patient's open refill booking (the latest made), or null. */
export function openRefillBooking(
  appointments: readonly Appointment[],
  refills: readonly Refill[],
  now: number,
): Appointment | null {
  const lastRefill = refills.reduce((m, r) => Math.max(m, knownAt(r)), Number.NEGATIVE_INFINITY);
  const open = appointments.filter(
    (a) => a.kind === 'refill' && a.status === 'booked' && a.createdAt >= lastRefill && a.at >= now,
  );
  return open.sort((a, b) => a.createdAt - b.createdAt).at(-1) ?? null;
}

/**
 * The refill booking that passed with no refill recorded since (the latest made, still booked: neither
 * attended nor cancelled), when no refill booking is open; else null. A missed visit: before, it only
 * dropped out of the open booking, so the patient's own view turned "(booked)" into a calculated date and
 * the patient page and the board said nothing of it.
 */
export function passedRefillBooking(
  appointments: readonly Appointment[],
  refills: readonly Refill[],
  now: number,
): Appointment | null {
  if (openRefillBooking(appointments, refills, now) !== null) return null;
  const lastRefill = refills.reduce((m, r) => Math.max(m, knownAt(r)), Number.NEGATIVE_INFINITY);
  const passed = appointments.filter(
    (a) => a.kind === 'refill' && a.status === 'booked' && a.createdAt >= lastRefill && a.at < now,
  );
  return passed.sort((a, b) => a.createdAt - b.createdAt).at(-1) ?? null;
}

/** A refill as this rule reads it: when it was done and when it was recorded. */
export interface RecordedRefill {
  readonly at: number;
  readonly createdAt: number;
}

/** An appointment as this rule reads it (the web's and the store's both are one). */
export interface BookingSeen {
  readonly id: string;
  readonly kind: string;
  readonly status: string;
  readonly createdAt: number;
}

/**
 * Booked refill appointments a later refill closed, each with the time of the refill that closed it. Their
 * status stays "booked", so the web's appointments page and `itb appointments list` mark each with the
 * refill that closed it: an early refill's old date is no next refill, and a nurse reading it as one would
 * call the patient in for nothing.
 */
export function closedRefillBookings(
  appointments: readonly BookingSeen[],
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
