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
import { parseStored, toJsonText, type StoreCore } from './store-core.ts';

export class AppointmentsRepo {
  constructor(private readonly core: StoreCore) {}

  /**
   * Applies `action` to the patient's appointment `appointmentId` and audits it with the old start time
   * and status; ITB_E_CLINIC_NOT_FOUND when the patient has no such appointment.
   */
  changeAppointment(
    patientId: string,
    appointmentId: string,
    action: AppointmentAction,
    ctx: ActorContext,
  ): Promise<Appointment> {
    return this.core.tx(ctx, async (t) => {
      const row = await t.trx
        .selectFrom('appointments')
        .selectAll()
        .where('id', '=', appointmentId)
        .where('patient_id', '=', patientId)
        .executeTakeFirst();
      if (row === undefined) {
        throw new ItbError(
          'ITB_E_CLINIC_NOT_FOUND',
          `patient ${patientId} has no appointment ${appointmentId}`,
        );
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
    });
  }
}
