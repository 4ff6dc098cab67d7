/**
 * The conditions a pump can report, in clinicians' words, and which of them stop delivery (pure: the pages,
 * the papers and the store read it; pump-conditions.ts keeps the alerts in line with the pump's reports).
 * Why: the clinic must never rely on the pump's alarm alone (docs/clinical-reference.md §3; Lioresal
 * Intrathecal label, boxed warning: refill scheduling and pump alarms).
 */
import type { Alert } from './clinical-records.ts';

interface ConditionSpec {
  readonly kind: Alert['kind'];
  readonly severity: Alert['severity'];
  readonly message: string;
  /**
   * The pump delivers no drug, or almost none, while it reports this: the patient is withdrawing whatever the
   * reservoir holds, so the board puts the row in its top tier (risk-board.ts `stoppedSince`).
   */
  readonly stopsDelivery: boolean;
}

/** Every condition the pump can report, in clinicians' words. */
export const PUMP_CONDITIONS = {
  'low-reservoir': {
    kind: 'low-reservoir',
    severity: 'warning',
    message: 'the pump reports a low reservoir: refill now',
    stopsDelivery: false,
  },
  'empty-reservoir': {
    kind: 'pump-alarm',
    severity: 'critical',
    message:
      'the pump reports an EMPTY reservoir: no drug is delivered — check for withdrawal signs and refill; ' +
      'do not restart at the full prior dose after a long interruption',
    stopsDelivery: true,
  },
  'minimum-rate': {
    kind: 'pump-alarm',
    severity: 'warning',
    message: 'the pump runs at minimum rate: almost no drug is delivered',
    stopsDelivery: true,
  },
  eri: {
    kind: 'battery-eri',
    severity: 'warning',
    message: 'battery at the elective replacement indicator (ERI): plan the pump replacement',
    stopsDelivery: false,
  },
  eos: {
    kind: 'battery-eri',
    severity: 'critical',
    message: 'battery at end of service (EOS): the pump has stopped — replace it now',
    stopsDelivery: true,
  },
  'motor-stall': {
    kind: 'pump-alarm',
    severity: 'critical',
    message: 'the pump reports a motor stall: delivery may have stopped — check for withdrawal signs',
    stopsDelivery: true,
  },
  'memory-error': {
    kind: 'pump-alarm',
    severity: 'critical',
    message: 'the pump reports a memory error: therapy may have stopped — contact the manufacturer',
    stopsDelivery: true,
  },
  'memory-error-minor': {
    kind: 'pump-alarm',
    severity: 'warning',
    message: 'the pump reports a minor memory error: re-interrogate and check the programme',
    stopsDelivery: false,
  },
  'low-battery-reset': {
    kind: 'pump-alarm',
    severity: 'critical',
    message: 'the pump reset after a low battery: delivery stopped — re-program and plan replacement',
    stopsDelivery: true,
  },
  // A pump that runs no programme: a replacement pump until the programme it continues is sent to it (it is
  // filled at surgery and runs none until then: raised at the replacement, pump-replacement.ts), or one
  // that reports mode stopped. The record's programme is not what it delivers (walk of the demo: the board
  // said OK at the continued 440 mcg/day while the new pump read "Stopped (no delivery)").
  'not-running': {
    kind: 'pump-alarm',
    severity: 'critical',
    message:
      'the pump runs no programme (stopped; a replacement pump runs none until its programme is sent): no ' +
      'drug is delivered — send the programme in force and watch for withdrawal',
    stopsDelivery: true,
  },
  // A pump whose delivery is suspended with no stop by this clinic on record: stopped from another
  // programmer (another hospital's, at surgery), or a stop whose record was lost. Its programme reads as
  // running; only the suspension says it delivers nothing. The clinic's own stop has its own alert
  // (cause `delivery-stopped`), so this one is not raised beside it (pump-conditions.ts).
  suspended: {
    kind: 'withdrawal-risk',
    severity: 'critical',
    message:
      'the pump reports delivery stopped (suspended) and no stop by this clinic is on record: no drug is ' +
      'delivered — find out who stopped it and why, then resume with the restart plan; watch for withdrawal',
    stopsDelivery: true,
  },
  // Not reported by the pump: said by the record of an MRI of a valve-gated pump, whose valve closes in the
  // field and delivers nothing until the pump is interrogated and reset (mri-rule.ts; the follow-up alert
  // carries it). The MRI's own closing rule closes it (alert-closing.ts: the first interrogation after the
  // scan). Before, that pump read as delivering its dose on the board, the patient page and the card.
  'mri-valve-closed': {
    kind: 'mri-follow-up',
    severity: 'critical',
    message: 'the valve closed in the MRI: no drug is delivered until the pump is interrogated and reset',
    stopsDelivery: true,
  },
} as const satisfies Record<string, ConditionSpec>;
export type PumpCondition = keyof typeof PUMP_CONDITIONS;

/** Whether the condition a pump reported stops its delivery (see `ConditionSpec.stopsDelivery`). */
export const stopsDelivery = (condition: string): boolean =>
  condition in PUMP_CONDITIONS && PUMP_CONDITIONS[condition as PumpCondition].stopsDelivery;

/**
 * An open alert that says the pump delivers no drug: a condition the pump reports that stops delivery, or
 * the clinic's own verified stop (cause `delivery-stopped`, programmer/stop-resume.ts; it closes when a
 * resume is confirmed: alert-closing.ts). The board's top tier reads it (risk-board.ts `stoppedSince`, and
 * the stored `pump_stopped_since`: alert-board-state.ts). A pump stopped for surgery once read "OK" on the
 * board, in its last tier, while its patient had no drug.
 */
export const saysNotDelivering = (a: {
  readonly condition?: string | undefined;
  readonly cause?: { readonly kind: string } | undefined;
}): boolean =>
  (a.condition !== undefined && stopsDelivery(a.condition)) || a.cause?.kind === 'delivery-stopped';

const isCondition = (x: unknown): x is PumpCondition => typeof x === 'string' && x in PUMP_CONDITIONS;
const asRecord = (x: unknown): Record<string, unknown> | undefined =>
  typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : undefined;

/**
 * The conditions a session's interrogation reports (its `after` status if it changed the pump, else its
 * `snapshot`), or null when it carries no pump status (nothing to compare, nothing changes). EOS implies ERI.
 */
export function reportedConditions(interrogation: Readonly<Record<string, unknown>>): PumpCondition[] | null {
  const status = asRecord(asRecord(interrogation['after'] ?? interrogation['snapshot'])?.['status']);
  const alarms = status?.['alarms'];
  if (status === undefined || !Array.isArray(alarms)) return null;
  const out = new Set<PumpCondition>(alarms.filter(isCondition));
  if (status['motorStalled'] === true) out.add('motor-stall');
  if (status['mode'] === 'minimum-rate') out.add('minimum-rate');
  if (status['mode'] === 'stopped') out.add('not-running');
  if (status['suspended'] === true) out.add('suspended');
  // End of service is reached through ERI: a pump at EOS reports EOS alone, but its ERI was not cleared —
  // the battery only got worse. ERI stays open with its since (how long the replacement has been due).
  if (out.has('eos')) out.add('eri');
  return [...out].sort();
}
