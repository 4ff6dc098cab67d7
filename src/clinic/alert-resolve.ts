/**
 * A person resolves an alert by hand only when its cause no longer stands. Some alerts are the clinic's
 * only record that a patient needs action: resolved by hand while the cause stood, each left the patient
 * flagged nowhere.
 * - A refill booked after refill-by (`booking-after-refill-by`): the model-based clinic test found a
 *   titration that moved refill-by before the booking. A nurse resolved every open alert, and the late
 *   booking stood unflagged.
 * - A pump that delivers no drug (pump-condition-table.ts `saysNotDelivering`): the clinic's own stop, not
 *   followed by a confirmed resume, or a condition such as a motor stall or EOS that the pump's last
 *   interrogation still reports. Resolved by hand, the patient left the board's top tier while still
 *   without drug (withdrawal, docs/clinical-reference.md §2).
 *
 * - A pump at its elective replacement indicator (ERI, condition `eri`): the pump stops delivering within
 *   90 days of it (docs/clinical-reference.md §3 battery). The walk of the demo (round 23) found an ERI alert
 *   open for 70 days that any note closed. It is done only when the replacement is booked before the
 *   projected end of service, or recorded (the pump replaced or explanted: its alerts then close by
 *   themselves, alert-closing.ts). Resolved or not, the board row keeps the pump's ERI and its days to
 *   EOS from the pump's own reports (risk-board.ts).
 *
 * Such an alert closes by itself when its cause is undone (alert-closing.ts, pump-conditions.ts); until
 * then it may be acknowledged, with a note on what is being done. The refusal changes nothing
 * (ITB_E_CLINIC_ALERT_CAUSE_STANDS).
 */
import { standingRefillBooking } from './booking-check.ts';
import type { Alert, ProgrammingSession } from './clinical-records.ts';
import { stoppedSinceFrom } from './delivery-stop.ts';
import {
  PUMP_CONDITIONS,
  reportedConditions,
  saysNotDelivering,
  type PumpCondition,
} from './pump-condition-table.ts';
import type { ActorContext } from './records.ts';
import type { ClinicStore } from './store.ts';
import { clinicDayText, clinicInstantText } from './time-zone.ts';
import { eosDaysLeft, projectedEos } from './battery-concern.ts';
import { ItbError } from '../therapy/codes.ts';

type Session = Pick<ProgrammingSession, 'implantId' | 'at' | 'interrogation'>;

/** Why the pump still delivers no drug, by the clinic's records, in words; undefined when that is over. */
export function notDeliveringStands(
  alert: Pick<Alert, 'implantId' | 'condition' | 'cause'>,
  sessions: readonly Session[],
): string | undefined {
  const implantId = alert.implantId;
  if (implantId === null || !saysNotDelivering(alert)) return undefined;
  if (alert.cause?.kind === 'delivery-stopped') {
    const since = stoppedSinceFrom(sessions, implantId);
    return since === undefined
      ? undefined
      : `Delivery has been stopped since ${clinicInstantText(since)} and no resume was confirmed: the patient ` +
          'has no drug. This alert closes by itself when the pump confirms a resume.';
  }
  const condition = alert.condition as PumpCondition;
  const last = [...sessions]
    .filter((s) => s.implantId === implantId)
    .sort((a, b) => b.at - a.at)
    .map((s) => ({ at: s.at, reported: reportedConditions(s.interrogation) }))
    .find((s) => s.reported !== null);
  if (last === undefined || !(last.reported ?? []).includes(condition)) return undefined;
  return (
    `The pump's last interrogation (${clinicInstantText(last.at)}) still reports it: ` +
    `${PUMP_CONDITIONS[condition].message}. This alert closes by itself when an interrogation no longer ` +
    'reports it.'
  );
}

/**
 * Why a pump at ERI still needs its replacement, in words; undefined when the replacement is booked before
 * the projected end of service, or the pump is out (see the module comment).
 */
async function replacementStands(
  store: ClinicStore,
  alert: Alert,
  ctx: ActorContext,
  now: number,
): Promise<string | undefined> {
  const implantId = alert.implantId;
  if (implantId === null) return undefined;
  const explants = await store.listExplants(alert.patientId, ctx);
  if (explants.some((e) => e.implantId === implantId)) return undefined;
  const eosAt = await projectedEos(store, alert.patientId, ctx, now);
  const booked = (await store.listAppointments({ patientId: alert.patientId, from: now }, ctx)).filter(
    (a) => a.kind === 'replacement' && a.status === 'booked' && (a.implantId ?? implantId) === implantId,
  );
  if (booked.some((a) => eosAt === null || a.at < eosAt)) return undefined;
  const eos =
    eosAt === null
      ? ''
      : `; its end of service (EOS) is projected on ${clinicDayText(eosAt)}, ${eosDaysLeft(eosAt, now)}`;
  const late =
    booked.length === 0
      ? 'no replacement is booked'
      : `the replacement booked on ${clinicDayText(booked[0]!.at)} comes after it`;
  return (
    `The pump has been at its elective replacement indicator (ERI) since ${clinicInstantText(alert.since)}` +
    `${eos}, and ${late}: book the replacement before EOS, or record it. This alert closes by itself when ` +
    'the pump is replaced or explanted.'
  );
}

/** Why the alert's cause still stands, in words; undefined when a person may resolve it. */
async function causeStands(
  store: ClinicStore,
  alert: Alert,
  ctx: ActorContext,
  now: number,
): Promise<string | undefined> {
  if (alert.resolved !== null) return undefined;
  if (alert.cause?.kind === 'booking-after-refill-by') {
    const { concerns } = await standingRefillBooking(store, alert.patientId, ctx, now);
    const late = concerns.find((r) => r.code === 'ITB_R_CLINIC_BOOKING_AFTER_REFILL_BY');
    return late === undefined
      ? undefined
      : `${late.message} This alert closes by itself once the refill is rebooked in time or the booking is cancelled.`;
  }
  if (alert.condition === 'eri') return replacementStands(store, alert, ctx, now);
  if (!saysNotDelivering(alert)) return undefined;
  return notDeliveringStands(alert, await store.listProgrammingSessions(alert.patientId, ctx));
}

/** Resolves an alert with a note, unless its cause still stands (see the module comment). */
export async function resolveChecked(
  store: ClinicStore,
  alert: Alert,
  note: string,
  ctx: ActorContext,
  now: number,
): Promise<Alert> {
  const stands = await causeStands(store, alert, ctx, now);
  if (stands !== undefined) {
    throw new ItbError(
      'ITB_E_CLINIC_ALERT_CAUSE_STANDS',
      `${stands} Acknowledge it to say what is being done.`,
    );
  }
  return store.resolveAlert(alert.id, note, ctx);
}
