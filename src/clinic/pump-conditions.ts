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
import { alertFrom, insertAlert } from './alerts-audit-repo.ts';
import { closeAlert } from './alert-closing.ts';
import type { ActorContext } from './records.ts';
import type { StoreCore, Tx } from './store-core.ts';
import { PUMP_CONDITIONS, reportedConditions, type PumpCondition } from './pump-condition-table.ts';

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
  const openAlerts = (
    await t.trx
      .selectFrom('alerts')
      .selectAll()
      .where('implant_id', '=', s.implantId)
      .where('resolved_at', 'is', null)
      .execute()
  ).map(alertFrom);
  const open = openAlerts.filter((a) => a.condition !== undefined);
  // The clinic's own stop (this session, or one whose alert still stands) is said by its own alert: a
  // suspension it explains raises no second one.
  const clinicStop =
    s.interrogation['workflow'] === 'stop' || openAlerts.some((a) => a.cause?.kind === 'delivery-stopped');
  for (const a of open) {
    if (reported.includes(a.condition as PumpCondition)) continue;
    // An alert with a cause closes by its own rule (alert-closing.ts: an MRI's valve closure by the first
    // interrogation dated at or after the scan), not because the pump does not report it.
    if (a.cause !== undefined) continue;
    await closeAlert(t, ctx, a.id, `closed: ${clearedBy(s.interrogation)}`, {
      entity: 'programming-session',
      id: s.sessionId,
      at: s.at,
    });
  }
  for (const condition of reported) {
    if (open.some((a) => a.condition === condition)) continue;
    if (condition === 'suspended' && clinicStop) continue;
    await raiseCondition(core, t, ctx, { ...s, condition });
  }
}

/**
 * Opens the implant's alert for `condition`, seen since `at`. Also raised without a report: a replacement
 * pump runs no programme until the one it continues is sent to it (`not-running`, pump-replacement.ts), and
 * the first read-back that shows it running closes the alert as any cleared condition.
 */
export async function raiseCondition(
  core: StoreCore,
  t: Tx,
  ctx: ActorContext,
  s: { patientId: string; implantId: string; at: number; timeKnown?: boolean; condition: PumpCondition },
): Promise<void> {
  const spec = PUMP_CONDITIONS[s.condition];
  await insertAlert(core, t, ctx, {
    patientId: s.patientId,
    implantId: s.implantId,
    kind: spec.kind,
    severity: spec.severity,
    message: spec.message,
    reasons: [],
    since: s.at,
    ...(s.timeKnown === false ? { sinceTimeKnown: false } : {}),
    condition: s.condition,
  });
}
