/**
 * A booked refill must not fall after the date the reservoir needs refilling: when a dose change (or a
 * booking) puts the open refill booking after refill-by, the clinic is told at once with an alert naming
 * both dates, rather than finding out when the pump alarms (a patient who trusts the booking runs dry:
 * withdrawal, docs/clinical-reference.md §2). The dates are the one projection's (patient-dates.ts).
 */
import type { Alert } from './clinical-records.ts';
import { patientDates } from './patient-dates.ts';
import type { ActorContext } from './records.ts';
import { openRefillBooking } from './refill-booking.ts';
import type { ClinicStore } from './store.ts';
import { clinicTimeZone } from './time-zone.ts';

const day = (ms: number): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: clinicTimeZone(), dateStyle: 'short' }).format(ms);

/**
 * Raises a warning alert when the open refill booking is after refill-by and no unresolved alert names that
 * booking yet; returns the alert raised, or null when the booking is in time (or there is none).
 */
export async function flagLateRefillBooking(
  store: ClinicStore,
  patientId: string,
  ctx: ActorContext,
  now: number,
): Promise<Alert | null> {
  const booking = openRefillBooking(
    await store.listAppointments({ patientId }, ctx),
    await store.listRefills(patientId, ctx),
    now,
  );
  if (booking === null) return null;
  const { refillBy } = await patientDates(store, patientId, ctx, now);
  if (refillBy === null || booking.at <= refillBy) return null;
  // One alert per late booking, not one per write: an unresolved one naming the same booked day suffices.
  const booked = `booked refill on ${day(booking.at)}`;
  const open = await store.listAlerts({ patientId }, ctx);
  if (open.some((a) => a.resolved === null && a.kind === 'refill-due' && a.message.includes(booked)))
    return null;
  return store.raiseAlert(
    {
      patientId,
      kind: 'refill-due',
      severity: 'warning',
      message: `The ${booked} is after the refill-by date ${day(refillBy)}: rebook it before then.`,
    },
    ctx,
  );
}
