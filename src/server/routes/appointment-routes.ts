/**
 * Rescheduling, cancelling and attending a patient's appointment (clinic/appointment-lifecycle.ts). A
 * rescheduled refill gets the same checks as a new booking (clinic/booking-check.ts: refill-by, battery,
 * stopped delivery) in the same words: moving a refill past refill-by must alert the clinic just as booking
 * it there would.
 */
import { z } from 'zod';
import type { AppointmentAction } from '../../clinic/appointment-lifecycle.ts';
import { changeChecked } from '../../clinic/booking-check.ts';
import type { RouteDeps } from '../app.ts';
import { checkedAppointmentSchema, json } from '../api-schemas.ts';
import { actorOf, idSchema, instantSchema, patientParams, type ApiApp } from './common.ts';

const reason = z.string().trim().min(1).max(2000);
const params = patientParams.extend({ appointmentId: idSchema });

export function registerAppointmentRoutes(app: ApiApp, deps: RouteDeps): void {
  /** One change route: its body schema and how the body becomes the change. */
  const route = <B extends z.ZodType>(
    path: string,
    summary: string,
    body: B,
    toAction: (b: z.output<B>) => AppointmentAction,
  ): void => {
    app.post(
      `/api/v1/patients/:patientId/appointments/:appointmentId/${path}`,
      {
        schema: {
          response: { 200: json(checkedAppointmentSchema, 'The appointment, changed, with its concerns') },
          tags: ['appointments'],
          summary,
          params,
          body,
        },
      },
      async (request) => {
        const { patientId, appointmentId } = request.params;
        const action = toAction(request.body as z.output<B>);
        return changeChecked(deps.store, patientId, appointmentId, action, actorOf(request), deps.now());
      },
    );
  };
  route(
    'reschedule',
    'Reschedule a booked appointment to a new start time, with the reason',
    z.strictObject({ at: instantSchema, reason }),
    (b) => ({ action: 'reschedule', ...b }),
  );
  route('cancel', 'Cancel a booked appointment, with the reason', z.strictObject({ reason }), (b) => ({
    action: 'cancel',
    ...b,
  }));
  route(
    'attend',
    'Mark a booked appointment attended (once it has started), with an optional note',
    z.strictObject({ note: reason.optional() }),
    (b) => (b.note === undefined ? { action: 'attend' } : { action: 'attend', note: b.note }),
  );
}
