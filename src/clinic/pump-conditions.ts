/**
 * What the pump itself reported — alarms and device states — kept as alerts with the time they were first
 * seen (`since`), so a pump at ERI since October still says so after a refill or an alarm test. Each
 * programming session that carries the pump's status (the interrogation's `snapshot`, or `after` when the
 * session changed the pump) is compared, in the same transaction, with the implant's open condition
 * alerts: a newly reported condition raises one; one no longer reported is resolved "cleared by
 * interrogation". A person may also resolve one (it is raised again if the pump still reports it), except
 * one that stops delivery while the pump's last interrogation still reports it (alert-resolve.ts).
 * Why: the clinic must never rely on the pump's alarm alone (docs/clinical-reference.md §3; Lioresal
 * Intrathecal label, boxed warning: refill scheduling and pump alarms).
 */
import type { Alert } from './clinical-records.ts';
import { alertFrom } from './alerts-audit-repo.ts';
import { closeAlert } from './alert-closing.ts';
import type { AlertsTable } from './db-schema.ts';
import type { ActorContext } from './records.ts';
import { toJsonText, type StoreCore, type Tx } from './store-core.ts';

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
  // End of service is reached through ERI: a pump at EOS reports EOS alone, but its ERI was not cleared —
  // the battery only got worse. ERI stays open with its since (how long the replacement has been due).
  if (out.has('eos')) out.add('eri');
  return [...out].sort();
}

/** Workflows whose read-back can clear a condition, in clinicians' words (what cleared the alert). */
const CLEARED_BY: Readonly<Record<string, string>> = {
  refill: 'the pump no longer reports it after the refill',
  'alarm-test': 'the pump no longer reports it at the alarm test',
  resume: 'the pump no longer reports it after delivery was resumed',
  titrate: 'the pump no longer reports it after the dose change',
};

/** What cleared a condition the session's pump status no longer reports. */
function clearedBy(interrogation: Readonly<Record<string, unknown>>): string {
  const w = interrogation['workflow'];
  return (typeof w === 'string' ? CLEARED_BY[w] : undefined) ?? 'a later interrogation no longer reports it';
}

/** Brings the implant's open condition alerts in line with what the pump reported at `at` (see above). */
export async function syncPumpConditions(
  core: StoreCore,
  t: Tx,
  ctx: ActorContext,
  s: {
    patientId: string;
    implantId: string;
    sessionId: string;
    at: number;
    interrogation: Readonly<Record<string, unknown>>;
  },
): Promise<void> {
  const reported = reportedConditions(s.interrogation);
  if (reported === null) return;
  // An older report entered late never overrides a newer one.
  const newer = await t.trx
    .selectFrom('programming_sessions')
    .select('id')
    .where('implant_id', '=', s.implantId)
    .where('at', '>', s.at)
    .executeTakeFirst();
  if (newer !== undefined) return;
  const open = (
    await t.trx
      .selectFrom('alerts')
      .selectAll()
      .where('implant_id', '=', s.implantId)
      .where('resolved_at', 'is', null)
      .execute()
  )
    .map(alertFrom)
    .filter((a) => a.condition !== undefined);
  for (const a of open) {
    if (reported.includes(a.condition as PumpCondition)) continue;
    await closeAlert(t, ctx, a.id, `closed: ${clearedBy(s.interrogation)}`, {
      entity: 'programming-session',
      id: s.sessionId,
      at: s.at,
    });
  }
  for (const condition of reported) {
    if (open.some((a) => a.condition === condition)) continue;
    const spec = PUMP_CONDITIONS[condition];
    const row: AlertsTable = {
      id: core.newId(),
      patient_id: s.patientId,
      implant_id: s.implantId,
      kind: spec.kind,
      severity: spec.severity,
      body: toJsonText({ message: spec.message, reasons: [], since: s.at, condition }),
      raised_at: t.now,
      raised_by: ctx.actor,
      resolved_at: null,
      resolved_by: null,
      resolution: null,
      acknowledged_at: null,
      acknowledged_by: null,
      acknowledgement: null,
    };
    await t.trx.insertInto('alerts').values(row).execute();
    await t.audit(ctx, 'create', 'alert', row.id, alertFrom(row));
  }
}
