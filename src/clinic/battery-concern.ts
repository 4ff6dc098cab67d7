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
import { reasonFor, type Reason } from '../therapy/verdict.ts';

const clinicReason = reasonFor<ClinicCode>();

/**
 * The battery statement for `visit` (words such as "the booked refill on …") at `now`, or null when the
 * battery needs nothing: EOS reported; a projected EOS already passed (critical: the pump may have stopped,
 * whether or not it ever reported ERI); ERI with its projected EOS, critical (`block`) when EOS comes
 * before refill-by.
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
  if (row.battery?.eri !== true) return null;
  const since = `The pump has been at its elective replacement indicator (ERI) since ${clinicDayText(row.battery.at)}`;
  if (eosAt !== null && row.refillBy !== null && eosAt <= row.refillBy)
    return clinicReason(
      'ITB_R_CLINIC_BOOKING_PUMP_BATTERY',
      'block',
      `${since}; its end of service (EOS) is projected on ${clinicDayText(eosAt)}, BEFORE the refill-by date ` +
        `${clinicDayText(row.refillBy)}: it stops delivering before the next refill is due (withdrawal risk) — ` +
        `replace it before ${clinicDayText(eosAt)}.`,
    );
  const projected = eosAt === null ? '' : `; end of service (EOS) is projected on ${clinicDayText(eosAt)}`;
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
