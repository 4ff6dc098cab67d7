/**
 * The checks a refill booking gets, the same whether it is booked or rescheduled (and re-run after every
 * dose change): a refill booked after the date the reservoir needs refilling lets a patient who trusts the
 * booking run dry (withdrawal, docs/clinical-reference.md §2); a pump at its elective replacement indicator
 * needs its replacement planned with the visit (§3, battery); a stopped pump is not restarted by a refill,
 * so the visit must say who restarts it. The dates are the one projection's (patient-dates.ts); the words
 * are written once here, so booking and rescheduling say the same thing.
 */
import type { AppointmentAction } from './appointment-lifecycle.ts';
import type { Alert, Appointment, AppointmentInput } from './clinical-records.ts';
import type { ClosedBy } from './alert-closing.ts';
import type { ClinicCode } from './codes.ts';
import { batteryConcern, projectedEos } from './battery-concern.ts';
import { stoppedSinceFrom } from './delivery-stop.ts';
import { patientDates } from './patient-dates.ts';
import type { ActorContext } from './records.ts';
import { implantInUse } from './implant-in-use.ts';
import { lateBookingReason } from './late-booking.ts';
import { isPumpVisit } from './pump-visits.ts';
import { openRefillBooking, passedRefillBooking } from './refill-booking.ts';
import type { BoardRow } from './risk-board.ts';
import type { ClinicStore } from './store.ts';
import { clinicDayText } from './time-zone.ts';
import { ItbError } from '../therapy/codes.ts';
import { reasonFor, type Reason } from '../therapy/verdict.ts';

const clinicReason = reasonFor<ClinicCode>();

const day = clinicDayText;

/**
 * What the board row and the stop record say about a refill booked for `bookingAt`, worst first. A concern
 * is a warning, or critical (`block`) when the patient goes without drug before the visit: the booking is
 * after the reservoir is calculated to run empty, the pump is at end of service, or it reaches end of service
 * (`eosAt`, projected) before the refill-by date (battery-concern.ts).
 */
export function refillBookingConcerns(
  row: Pick<BoardRow, 'refillBy' | 'emptyAt' | 'battery' | 'conditions'>,
  stoppedSince: number | undefined,
  bookingAt: number,
  eosAt: number | null,
  now: number,
): Reason[] {
  const booked = `booked refill on ${day(bookingAt)}`;
  const out: Reason[] = [];
  const late = lateBookingReason(row, bookingAt, now);
  if (late !== null) out.push(late);
  if (stoppedSince !== undefined) {
    out.push(
      clinicReason(
        'ITB_R_CLINIC_BOOKING_DELIVERY_STOPPED',
        'warn',
        `Delivery has been stopped since ${day(stoppedSince)}: the ${booked} does not restart it — a ` +
          'physician resumes it with the restart plan (after a long stop, not at the full prior dose).',
      ),
    );
  }
  const battery = batteryConcern(row, eosAt, `the ${booked}`, now);
  if (battery !== null) out.push(battery);
  return out;
}

/** The open refill booking and its concerns ({@link refillBookingConcerns}) as the records stand. */
export interface StandingBooking {
  readonly booking: Appointment | null;
  readonly concerns: readonly Reason[];
  /** With no open booking, the refill booking that passed with no refill since (refill-booking.ts). */
  readonly passed: Appointment | null;
}

/** A refill booking that passed with no refill recorded: said where the booking would be. */
export function passedBookingReason(passedAt: number): Reason {
  return clinicReason(
    'ITB_R_CLINIC_BOOKING_PASSED',
    'warn',
    `The refill booked for ${day(passedAt)} has passed with no refill recorded: mark it attended, or ` +
      'cancel it and book the refill again.',
  );
}

/** What {@link checkRefillBooking} found: the open booking, its concerns, the late-booking alert raised. */
export interface BookingCheck extends StandingBooking {
  readonly alert: Alert | null;
}

/**
 * The patient's open refill booking and what it concerns now: the answer of the booking routes and of
 * `GET …/dates`, so the page that shows a standing booking says what booking it said.
 */
export async function standingRefillBooking(
  store: ClinicStore,
  patientId: string,
  ctx: ActorContext,
  now: number,
): Promise<StandingBooking> {
  const appointments = await store.listAppointments({ patientId }, ctx);
  const refills = await store.listRefills(patientId, ctx);
  const booking = openRefillBooking(appointments, refills, now);
  if (booking === null) {
    const passed = passedRefillBooking(appointments, refills, now);
    return { booking, passed, concerns: passed === null ? [] : [passedBookingReason(passed.at)] };
  }
  const row = await patientDates(store, patientId, ctx, now);
  const stoppedSince =
    row.implantId === null
      ? undefined
      : stoppedSinceFrom(await store.listProgrammingSessions(patientId, ctx), row.implantId);
  const eosAt = await projectedEos(store, patientId, ctx, now);
  return {
    booking,
    passed: null,
    concerns: refillBookingConcerns(row, stoppedSince, booking.at, eosAt, now),
  };
}

/**
 * Checks the patient's open refill booking ({@link refillBookingConcerns}). A booking after refill-by
 * raises one alert (not one per write; critical when the pump runs empty before it); once the booking is in time again (rescheduled, cancelled,
 * or a refill closed it) that alert closes, naming who made the change and `by`, the record that did.
 */
export async function checkRefillBooking(
  store: ClinicStore,
  patientId: string,
  ctx: ActorContext,
  now: number,
  by?: Omit<ClosedBy, 'at'>,
): Promise<BookingCheck> {
  const { booking, concerns, passed } = await standingRefillBooking(store, patientId, ctx, now);
  const late = concerns.find((r) => r.code === 'ITB_R_CLINIC_BOOKING_AFTER_REFILL_BY');
  const open = (await store.listAlerts({ patientId, openOnly: true }, ctx)).filter(
    (a) => a.cause?.kind === 'booking-after-refill-by',
  );
  // The booking it named moved or went, or what it says changed (the pump ran empty before it): the alert's
  // words are undone, and a late booking is said again below in its words of now.
  const stale = open.filter((a) => late === undefined || a.message !== late.message);
  if (stale.length > 0) {
    const record = by ?? { entity: 'appointment', id: booking?.id ?? patientId };
    await store.closeAlerts(
      stale.map((a) => a.id),
      late === undefined
        ? 'closed: the refill booking no longer falls after refill-by'
        : 'closed: the refill booking is still late, said again in a new alert',
      { ...record, at: now },
      ctx,
    );
  }
  if (late === undefined || open.some((a) => a.message === late.message)) {
    return { booking, concerns, passed, alert: null };
  }
  const alert = await store.raiseAlert(
    {
      patientId,
      kind: 'refill-due',
      // A booking after the pump runs empty is critical, as its concern says.
      severity: late.severity === 'block' ? 'critical' : 'warning',
      message: late.message,
      cause: { kind: 'booking-after-refill-by' },
    },
    ctx,
  );
  return { booking, concerns, passed, alert };
}

/**
 * A visit that acts on the pump needs one in place (implant-in-use.ts): a refill booked for a patient whose
 * pump was removed and not replaced, or for a named pump that is out, would send the patient to a visit with
 * nothing to do (ITB_E_CLINIC_REFERENCE; nothing is booked). A patient with no implant on record is left to
 * the booking's own checks.
 */
async function requirePumpInPlace(
  store: ClinicStore,
  input: AppointmentInput,
  ctx: ActorContext,
): Promise<void> {
  if (!isPumpVisit(input.kind)) return;
  const implants = await store.listImplants(input.patientId, ctx);
  if (implants.length === 0) return;
  const explants = await store.listExplants(input.patientId, ctx);
  const named = input.implantId ?? implantInUse(implants, explants)?.id;
  const removed = explants.find((e) => e.implantId === named);
  if (named !== undefined && removed === undefined) return;
  const last = removed ?? explants.reduce((a, e) => (e.at > a.at ? e : a));
  throw new ItbError(
    'ITB_E_CLINIC_REFERENCE',
    `no pump in place for a ${input.kind} visit: the pump was removed on ${day(last.at)}`,
  );
}

/** An appointment as booked or changed, with what its refill checks found (empty for other kinds). */
export type CheckedAppointment = Appointment & { readonly concerns: Reason[] };

/**
 * Books an appointment and, for a refill, runs {@link checkRefillBooking}: the one path the API and the
 * command line book through (the store refuses a second open refill booking).
 */
export async function bookChecked(
  store: ClinicStore,
  input: AppointmentInput,
  ctx: ActorContext,
  now: number,
): Promise<CheckedAppointment> {
  await requirePumpInPlace(store, input, ctx);
  const booked = await store.bookAppointment(input, ctx);
  const check = booked.kind === 'refill' ? await checkRefillBooking(store, booked.patientId, ctx, now) : null;
  return { ...booked, concerns: [...(check?.concerns ?? [])] };
}

/**
 * Reschedules, cancels or attends an appointment (appointment-lifecycle.ts) and re-checks a refill booking
 * in the same words as booking it; a cancelled or moved booking closes the late-booking alert it raised.
 */
export async function changeChecked(
  store: ClinicStore,
  patientId: string,
  appointmentId: string,
  action: AppointmentAction,
  ctx: ActorContext,
  now: number,
): Promise<CheckedAppointment> {
  const changed = await store.changeAppointment(patientId, appointmentId, action, ctx);
  const check =
    changed.kind === 'refill'
      ? await checkRefillBooking(store, patientId, ctx, now, { entity: 'appointment', id: changed.id })
      : null;
  return { ...changed, concerns: [...(check?.concerns ?? [])] };
}
