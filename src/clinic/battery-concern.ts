/**
 * What the clinic says about the pump's battery, said once (the booking check, the patient page): at end of
 * service the pump delivers nothing (replace it now); at its elective replacement indicator (ERI) the
 * replacement is planned, and when the projected end of service (EOS) falls before the refill-by date the
 * pump stops before the next refill is due, so the statement is critical (withdrawal risk,
 * docs/clinical-reference.md §2, §3 battery). EOS is the pathway's battery projection
 * (pathway/battery-projection.ts); the dates are the one projection's (patient-dates.ts).
 */
import type { ClinicCode } from './codes.ts';
import type { BoardRow } from './risk-board.ts';
import { pathwayView } from './pathway/pathway-view.ts';
import type { ActorContext } from './records.ts';
import type { ClinicStore } from './store.ts';
import { clinicDayText } from './time-zone.ts';
import { epochMs } from '../therapy/quantities.ts';
import { daysToEos, replacementOverdue } from './pathway/battery-projection.ts';
import { reasonFor, type Reason } from '../therapy/verdict.ts';

const clinicReason = reasonFor<ClinicCode>();

/** Whole days from `now` to `eosAt`, in words ("20 days left"). */
export const eosDaysLeft = (eosAt: number, now: number): string => {
  const n = daysToEos(eosAt, now);
  return `${n} ${n === 1 ? 'day' : 'days'} left`;
};

/**
 * The battery statement for `visit` (words such as "the booked refill on …") at `now`, or null when the
 * battery needs nothing: EOS reported; a projected EOS already passed (critical: the pump may have stopped,
 * whether or not it ever reported ERI); a replacement overdue (EOS inside the margin planned for surgery:
 * pathway/battery-projection.ts `replacementOverdue`), critical; ERI with its projected EOS and the days
 * left, critical (`block`) when EOS comes before refill-by.
 */
export function batteryConcern(
  row: Pick<BoardRow, 'refillBy' | 'battery' | 'conditions'>,
  eosAt: number | null,
  visit: string,
  now: number,
): Reason | null {
  const eos = row.conditions.find((c) => c.condition === 'eos');
  if (eos !== undefined)
    return clinicReason(
      'ITB_R_CLINIC_BOOKING_PUMP_BATTERY',
      'block',
      `The pump has been at end of service (EOS) since ${clinicDayText(eos.since)}: it delivers nothing — ` +
        `replace it now; ${visit} does not help.`,
    );
  if (eosAt !== null && eosAt <= now) {
    const eri =
      row.battery?.eri === true
        ? `The pump has been at its elective replacement indicator (ERI) since ${clinicDayText(row.battery.at)}; its`
        : 'The pump’s';
    return clinicReason(
      'ITB_R_CLINIC_BOOKING_PUMP_BATTERY',
      'block',
      `${eri} end of service (EOS) was projected on ${clinicDayText(eosAt)}, and that day has passed: it may ` +
        `have stopped delivering (withdrawal risk) — interrogate it now and replace it now; ${visit} does not help.`,
    );
  }
  const atEri = row.battery?.eri === true ? row.battery : null;
  const since =
    atEri === null
      ? ''
      : `The pump has been at its elective replacement indicator (ERI) since ${clinicDayText(atEri.at)}`;
  if (atEri !== null && eosAt !== null && row.refillBy !== null && eosAt <= row.refillBy)
    return clinicReason(
      'ITB_R_CLINIC_BOOKING_PUMP_BATTERY',
      'block',
      `${since}; its end of service (EOS) is projected on ${clinicDayText(eosAt)}, ` +
        `${eosDaysLeft(eosAt, now)}, BEFORE the refill-by date ` +
        `${clinicDayText(row.refillBy)}: it stops delivering before the next refill is due (withdrawal risk) — ` +
        `replace it before ${clinicDayText(eosAt)}.`,
    );
  // Inside the margin planned for the surgery the replacement is overdue, ERI reported or not (the board's
  // top tier: risk-board.ts `replacementOverdue`); an ERI 70 days old read "plan the pump replacement".
  if (eosAt !== null && replacementOverdue(eosAt, now))
    return clinicReason(
      'ITB_R_CLINIC_BOOKING_PUMP_BATTERY',
      'block',
      `${atEri === null ? 'The pump’s' : `${since}; its`} end of service (EOS) is projected on ` +
        `${clinicDayText(eosAt)}, ${eosDaysLeft(eosAt, now)}: the replacement is overdue — it stops delivering ` +
        `then (withdrawal risk); replace it now.`,
    );
  if (atEri === null) return null;
  const projected =
    eosAt === null
      ? ''
      : `; end of service (EOS) is projected on ${clinicDayText(eosAt)}, ${eosDaysLeft(eosAt, now)}`;
  return clinicReason(
    'ITB_R_CLINIC_BOOKING_PUMP_BATTERY',
    'warn',
    `${since}${projected}: plan the pump replacement with ${visit}.`,
  );
}

/** The projected EOS of the pump in place (the pathway's battery projection), or null. */
export async function projectedEos(
  store: ClinicStore,
  patientId: string,
  ctx: ActorContext,
  now: number,
): Promise<number | null> {
  return (await pathwayView(store, patientId, ctx, epochMs(now))).battery?.eosAt ?? null;
}
