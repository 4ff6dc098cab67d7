/**
 * Rescheduling, cancelling and attending appointments (appointment-lifecycle.ts). The appointments table
 * is the one event table that is not append-only: a change rewrites the row's start time and status, so
 * the record keeps each change in its body and the audit entry keeps the values it replaced.
 */
import { ItbError } from '../therapy/codes.ts';
import { changeAppointment, type AppointmentAction } from './appointment-lifecycle.ts';
import { appointmentBodySchema, type Appointment } from './clinical-records.ts';
import { appointmentFrom } from './event-rows.ts';
import type { ActorContext } from './records.ts';
import { parseStored, toJsonText, type StoreCore, type Tx } from './store-core.ts';

/**
 * Applies `action` to the patient's appointment `appointmentId` inside the open transaction `t` and audits
 * it with the old start time and status; ITB_E_CLINIC_NOT_FOUND when the patient has no such appointment.
 */
export async function changeAppointmentIn(
  t: Tx,
  ctx: ActorContext,
  patientId: string,
  appointmentId: string,
  action: AppointmentAction,
): Promise<Appointment> {
  const row = await t.trx
    .selectFrom('appointments')
    .selectAll()
    .where('id', '=', appointmentId)
    .where('patient_id', '=', patientId)
    .executeTakeFirst();
  if (row === undefined) {
    throw new ItbError('ITB_E_CLINIC_NOT_FOUND', `patient ${patientId} has no appointment ${appointmentId}`);
  }
  const before = appointmentFrom(row);
  const after = changeAppointment(before, action, ctx.actor, t.now);
  const body = parseStored(appointmentBodySchema, row.body, `appointment ${row.id}`);
  const next = {
    ...row,
    at: after.at,
    status: after.status,
    body: toJsonText({ ...body, changes: after.changes }),
  };
  await t.trx
    .updateTable('appointments')
    .set({ at: next.at, status: next.status, body: next.body })
    .where('id', '=', appointmentId)
    .execute();
  await t.audit(ctx, action.action, 'appointment', appointmentId, {
    before: { at: before.at, status: before.status },
    after: { at: after.at, status: after.status },
    change: after.changes.at(-1) ?? null,
  });
  return appointmentFrom(next);
}

/**
 * A pump taken out (pathway-repo.ts `recordExplantIn`) cancels the visits booked to act on it — a refill
 * or a dose change of that pump (pump-visits.ts), and, when no pump is left in place, those booked for the
 * patient's pump without naming one — each with `reason`, audited like a person's cancel. Before, the
 * diary kept "Refill, 12 Dec" for a pump that was out, and the visit would have found nothing to refill.
 * A replacement visit is left to the people who plan the surgery. Returns the ids cancelled.
 */
export async function cancelRemovedPumpVisits(
  t: Tx,
  ctx: ActorContext,
  target: { readonly patientId: string; readonly implantId: string; readonly pumpLeft: boolean },
  reason: string,
): Promise<string[]> {
  const booked = await t.trx
    .selectFrom('appointments')
    .selectAll()
    .where('patient_id', '=', target.patientId)
    .where('status', '=', 'booked')
    .execute();
  const cancelled: string[] = [];
  for (const a of booked.map(appointmentFrom)) {
    const ofThePump = a.implantId === target.implantId || (a.implantId === null && !target.pumpLeft);
    if (!ofThePump || (a.kind !== 'refill' && a.kind !== 'dose-change')) continue;
    await changeAppointmentIn(t, ctx, target.patientId, a.id, { action: 'cancel', reason });
    cancelled.push(a.id);
  }
  return cancelled;
}

export class AppointmentsRepo {
  constructor(private readonly core: StoreCore) {}

  /** {@link changeAppointmentIn} in a transaction of its own. */
  changeAppointment(
    patientId: string,
    appointmentId: string,
    action: AppointmentAction,
    ctx: ActorContext,
  ): Promise<Appointment> {
    return this.core.tx(ctx, (t) => changeAppointmentIn(t, ctx, patientId, appointmentId, action));
  }
}
