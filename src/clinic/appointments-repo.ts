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
import { clinicDayText } from './time-zone.ts';
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

/** The pump taken out (pathway-repo.ts `recordExplantIn`), as the visits booked for it need it. */
export interface RemovedPump {
  readonly patientId: string;
  readonly implantId: string;
  /** When it was taken out. */
  readonly at: number;
  /** Whether another implant replaced it (the explant names one). */
  readonly replaced: boolean;
  /** Whether a pump is in place after it (implant-in-use.ts). */
  readonly pumpLeft: boolean;
}

/**
 * A pump taken out closes the visits booked to act on it (pump-visits.ts), each audited like a person's
 * change, and returns their ids. Before, the diary kept "Refill, 12 Dec" for a pump that was out, and the
 * visit would have found nothing to refill; a replacement visit stayed booked after the replacement.
 * - A refill or a dose change of that pump is cancelled, and, when no pump is left in place, those booked
 *   for the patient's pump without naming one ("book it again for the new pump" after a replacement).
 * - A replacement visit of that pump, or naming none when the pump was replaced or none is left: the
 *   replacement booked for the day the pump was replaced, once it has begun, is marked attended; any other
 *   is cancelled (the pump was replaced on another day, or removed with nothing left to replace).
 */
export async function closeRemovedPumpVisits(
  t: Tx,
  ctx: ActorContext,
  removed: RemovedPump,
): Promise<string[]> {
  const day = clinicDayText(removed.at);
  const done = `the pump was ${removed.replaced ? 'replaced' : 'removed'} on ${day}`;
  const booked = await t.trx
    .selectFrom('appointments')
    .selectAll()
    .where('patient_id', '=', removed.patientId)
    .where('status', '=', 'booked')
    .execute();
  const closed: string[] = [];
  for (const a of booked.map(appointmentFrom)) {
    const action = visitAfterRemoval(a, removed, t.now, done);
    if (action === null) continue;
    await changeAppointmentIn(t, ctx, removed.patientId, a.id, action);
    closed.push(a.id);
  }
  return closed;
}

/** What the removal does to one booked visit (see {@link closeRemovedPumpVisits}); null: nothing. */
function visitAfterRemoval(
  a: Appointment,
  removed: RemovedPump,
  now: number,
  done: string,
): AppointmentAction | null {
  const named = a.implantId === removed.implantId;
  if (a.kind === 'refill' || a.kind === 'dose-change') {
    if (!named && !(a.implantId === null && !removed.pumpLeft)) return null;
    return { action: 'cancel', reason: removed.pumpLeft ? `${done}: book it again for the new pump` : done };
  }
  if (a.kind !== 'replacement') return null;
  if (!named && !(a.implantId === null && (removed.replaced || !removed.pumpLeft))) return null;
  if (removed.replaced && a.at <= now && clinicDayText(a.at) === clinicDayText(removed.at)) {
    return { action: 'attend', note: done };
  }
  return {
    action: 'cancel',
    reason: removed.replaced
      ? `${done}: this visit is not needed`
      : `${done}: no pump is in place to replace`,
  };
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
