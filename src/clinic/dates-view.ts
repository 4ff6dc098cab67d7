/**
 * A patient's dates as the clinic reads them — `GET /api/v1/patients/:id/dates` and `itb patients dates`:
 * the board row's dates (patient-dates.ts, the one projection), the standing refill booking with its
 * concerns, the battery said once, and whether the pump delivers at all (not-delivering.ts).
 */
import { batteryConcern, projectedEos } from './battery-concern.ts';
import { standingRefillBooking } from './booking-check.ts';
import { notDelivering } from './not-delivering.ts';
import { patientDates } from './patient-dates.ts';
import type { ActorContext } from './records.ts';
import type { ClinicStore } from './store.ts';

/** What the route answers and the command prints. */
export type DatesView = Awaited<ReturnType<typeof datesView>>;

export async function datesView(store: ClinicStore, patientId: string, ctx: ActorContext, now: number) {
  const d = await patientDates(store, patientId, ctx, now);
  const { booking, concerns, passed } = await standingRefillBooking(store, patientId, ctx, now);
  const battery = batteryConcern(d, await projectedEos(store, patientId, ctx, now), 'the next refill', now);
  const stopped = notDelivering(d);
  return {
    asOf: now,
    refillBy: d.refillBy,
    lowAlarmAt: d.lowAlarmAt,
    emptyAt: d.emptyAt,
    status: d.status,
    booking: booking === null ? null : { at: booking.at, id: booking.id },
    passedBooking: passed === null ? null : { at: passed.at, id: passed.id },
    concerns: [...concerns],
    battery,
    therapy: d.therapy,
    notDelivering: stopped === null ? null : { ...stopped, causes: [...stopped.causes] },
  };
}
