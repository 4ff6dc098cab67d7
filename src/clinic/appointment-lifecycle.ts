/**
 * An appointment's life: booked → (rescheduled, any number of times) → attended or cancelled. Attended and
 * cancelled are final, so a closed visit can never be moved back into the diary. Every change keeps what
 * it replaced (the previous start time, who, when and why) in the record itself and in the audit trail,
 * because a refill date a patient was told and that later moved is a withdrawal hazard if nobody can see
 * that it moved (docs/clinical-reference.md §2, docs/workflows.md "Appointments").
 */
import { z } from 'zod';
import { ItbError } from '../therapy/codes.ts';
import { epochMsSchema } from './records.ts';
import { clinicInstantText } from './time-zone.ts';

/** Where an appointment stands; only `booked` ones are in the diary (and count as the open refill booking). */
export const APPOINTMENT_STATUSES = ['booked', 'attended', 'cancelled'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** One change made to a booked appointment, kept in its body in the order made. */
export const appointmentChangeSchema = z.strictObject({
  action: z.enum(['reschedule', 'cancel', 'attend']),
  /** The start time before the change. */
  fromAt: epochMsSchema,
  /** The start time after the change (equal to fromAt unless rescheduled). */
  toAt: epochMsSchema,
  reason: z.string().trim().max(2000).nullable(),
  by: z.string().min(1),
  when: epochMsSchema,
});
export type AppointmentChange = z.output<typeof appointmentChangeSchema>;

/** What a clinician asks for: the new start time when rescheduling; a reason when cancelling or moving. */
export type AppointmentAction =
  | { readonly action: 'reschedule'; readonly at: number; readonly reason: string }
  | { readonly action: 'cancel'; readonly reason: string }
  | { readonly action: 'attend'; readonly note?: string };

/** The part of an appointment a change touches. */
export interface AppointmentState {
  readonly id: string;
  readonly at: number;
  readonly status: AppointmentStatus;
  readonly changes: readonly AppointmentChange[];
}

const words: Record<AppointmentAction['action'], string> = {
  reschedule: 'rescheduled',
  cancel: 'cancelled',
  attend: 'marked attended',
};

/**
 * The appointment after `change`, made by `by` at `now`. Refuses (ITB_E_CLINIC_APPOINTMENT_CLOSED) a change
 * to an attended or cancelled appointment, and (ITB_E_CLINIC_APPOINTMENT_INVALID) rescheduling into the past
 * or to the same time, and attending an appointment that has not started yet.
 */
export function changeAppointment(
  appointment: AppointmentState,
  change: AppointmentAction,
  by: string,
  now: number,
): AppointmentState {
  if (appointment.status !== 'booked') {
    throw new ItbError(
      'ITB_E_CLINIC_APPOINTMENT_CLOSED',
      `appointment ${appointment.id} was already ${appointment.status}: it cannot be ${words[change.action]}; ` +
        'book a new appointment instead',
    );
  }
  const toAt = change.action === 'reschedule' ? change.at : appointment.at;
  if (change.action === 'reschedule' && toAt < now) {
    throw new ItbError(
      'ITB_E_CLINIC_APPOINTMENT_INVALID',
      `the new time ${clinicInstantText(toAt)} is in the past: choose a time from now on`,
    );
  }
  if (change.action === 'reschedule' && toAt === appointment.at) {
    throw new ItbError(
      'ITB_E_CLINIC_APPOINTMENT_INVALID',
      'the new time is the time already booked: choose a different time',
    );
  }
  if (change.action === 'attend' && appointment.at > now) {
    throw new ItbError(
      'ITB_E_CLINIC_APPOINTMENT_INVALID',
      `the appointment starts at ${clinicInstantText(appointment.at)}: it cannot be attended before then`,
    );
  }
  const reason = change.action === 'attend' ? (change.note?.trim() ?? null) || null : change.reason.trim();
  const status: AppointmentStatus =
    change.action === 'cancel' ? 'cancelled' : change.action === 'attend' ? 'attended' : 'booked';
  return {
    id: appointment.id,
    at: toAt,
    status,
    changes: [
      ...appointment.changes,
      { action: change.action, fromAt: appointment.at, toAt, reason, by, when: now },
    ],
  };
}
