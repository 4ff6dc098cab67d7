/**
 * `itb patients dates` for people: one line per date, in the clinic's zone, in the order a nurse reads them
 * (whether the pump delivers at all first, then refill-by and the reservoir's dates, the battery and the
 * booking); its reasons as every command prints them (reason-line.ts).
 */
import type { DatesView } from '../clinic/dates-view.ts';
import { notDeliveringHead } from '../clinic/not-delivering.ts';
import { clinicDayText } from '../clinic/time-zone.ts';
import { clinicInstantFormat, reasonLine } from './reason-line.ts';

export function datesText(v: DatesView): string {
  const at = clinicInstantFormat();
  const when = (ms: number | null, none: string) => (ms === null ? none : at(ms));
  const stop = v.notDelivering;
  // A pump that delivers nothing is said first and instead of the board's reservoir status (an "ok"
  // reservoir beside a stopped pump would read as a patient who receives the drug).
  const status = stop === null ? v.status : notDeliveringHead(stop, at, clinicDayText);
  const lines = [
    `status: ${status}`,
    `refill by: ${when(v.refillBy, 'not known (no refill or prescription on record)')}`,
    `low-reservoir alarm: ${when(v.lowAlarmAt, 'not known')}`,
    `empty: ${when(v.emptyAt, 'not known')}`,
  ];
  if (v.battery !== null) lines.push(reasonLine(v.battery, 'battery: '));
  lines.push(
    v.booking === null ? 'refill booked: none' : `refill booked: ${at(v.booking.at)}`,
    ...(v.passedBooking === null ? [] : [`booking passed with no refill: ${at(v.passedBooking.at)}`]),
    ...v.concerns.map((r) => reasonLine(r)),
  );
  return lines.join('\n');
}
