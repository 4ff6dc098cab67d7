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
import { alertFrom } from './alerts-audit-repo.ts';
import { closeAlert } from './alert-closing.ts';
import type { AlertsTable } from './db-schema.ts';
import type { ActorContext } from './records.ts';
import { toJsonText, type StoreCore, type Tx } from './store-core.ts';
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
