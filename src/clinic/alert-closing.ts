/**
 * An alert whose cause a later recorded action undoes closes with that action, in the same transaction,
 * audited and naming who and what closed it. Why: an open alert the clinic has already dealt with (a pump
 * resumed but still "stopped" in the inbox) trains staff to ignore alerts, and the next real one is missed
 * (alarm fatigue; docs/clinical-reference.md §5, IEC 60601-1-8 on alarm systems). The table below is the one
 * place that says which recorded action undoes which cause; the pump's own conditions (low, empty, ERI…)
 * close when the pump no longer reports them (pump-conditions.ts), through the same {@link closeAlert}.
 */
import { PERSON_ONLY_CAUSES, type AlertCause, type PersonOnlyCause } from './clinical-records.ts';
import { alertFrom } from './alerts-audit-repo.ts';
import { reportedConditions } from './pump-condition-table.ts';
import type { ActorContext } from './records.ts';
import type { Tx } from './store-core.ts';

/**
 * A recorded action that undid a cause: what it was, in words, and the record that shows it. A person-only
 * cause (clinical-records.ts `PERSON_ONLY_CAUSES`: a read-back mismatch, an outcome unknown) is never one:
 * only a person's resolve with a note closes those alerts.
 */
export interface ClosingAction {
  readonly cause: Exclude<AlertCause, PersonOnlyCause>;
  /** The command the action settles, when the cause concerns one command (`cause.ref`). */
  readonly ref?: string;
  /** Clinician words: "delivery resumed (read back verified)". */
  readonly words: string;
  /**
   * The action undoes only a cause that began before it (the alert's `since` at or before the action's
   * time): an interrogation dated before an MRI says nothing about the pump after the scan.
   */
  readonly afterCause?: true;
}

/** The record that holds the closing action (audited with the closing). */
export interface ClosedBy {
  readonly entity: 'programming-session' | 'appointment' | 'prescription' | 'refill' | 'board' | 'explant';
  readonly id: string;
  readonly at: number;
}

type Json = Readonly<Record<string, unknown>>;
const asRecord = (x: unknown): Json | undefined =>
  typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Json) : undefined;
const statusOf = (w: unknown): unknown => asRecord(w)?.['status'];
/** The pump holds what was sent (programmer/session.ts `tookEffect`, for stored write records). */
const took = (w: unknown): boolean => statusOf(w) === 'verified' || statusOf(w) === 'applied-unverified';

/**
 * Which causes a recorded programming session undoes, read from what it recorded (`workflow`, `write`,
 * `bridge`, `heard`): the one table of "this action closes that alert".
 */
export function actionsOfSession(interrogation: Json): ClosingAction[] {
  const workflow = interrogation['workflow'];
  const write = interrogation['write'];
  const out: ClosingAction[] = [];
  if (workflow === 'resume' && took(write)) {
    out.push({ cause: 'delivery-stopped', words: 'delivery resumed (the pump confirmed it)' });
  }
  if (workflow === 'refill' && took(write)) {
    out.push({
      cause: 'pump-not-updated',
      words: 'the pump was updated with a refill (the pump confirmed it)',
    });
    out.push({ cause: 'board-empty', words: 'the pump was refilled (the pump confirmed it)' });
  }
  if (workflow === 'refill' && took(interrogation['bridge'])) {
    out.push({
      cause: 'bridge-not-delivered',
      words: 'a bridge bolus was delivered (the pump confirmed it)',
    });
  }
  // Any session that read the pump's status interrogated it (pump-conditions.ts): after an MRI, the pump's
  // own report takes over from the reminder (a stall or a closed valve raises its own condition alert).
  if (reportedConditions(interrogation) !== null) {
    out.push({
      cause: 'mri-not-interrogated',
      words: 'the pump was interrogated after the MRI',
      afterCause: true,
    });
  }
  if (workflow === 'alarm-test' && interrogation['heard'] === true) {
    out.push({ cause: 'alarm-not-heard', words: 'a later alarm test was heard by the patient' });
  }
  // A cut-off command the pump could not account for is settled once it does (reconcile-writes.ts).
  const commandId = asRecord(write)?.['commandId'];
  if (workflow === 'reconcile-write' && typeof commandId === 'string' && statusOf(write) !== 'unknown') {
    out.push({
      cause: 'write-unconfirmed',
      ref: commandId,
      words: `the pump has since said what became of the command (${String(statusOf(write))})`,
    });
  }
  return out;
}

/**
 * Resolves one open alert (open or acknowledged) with `resolution`, audited with what closed it; a resolved
 * alert is left as it is (a resolution never overwrites an earlier one).
 */
export async function closeAlert(
  t: Tx,
  ctx: ActorContext,
  alertId: string,
  resolution: string,
  closedBy: ClosedBy,
): Promise<void> {
  const done = await t.trx
    .updateTable('alerts')
    .set({ resolved_at: t.now, resolved_by: ctx.actor, resolution })
    .where('id', '=', alertId)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) === 0) return;
  await t.audit(ctx, 'resolve', 'alert', alertId, { resolution, closedBy });
}

/**
 * Closes the patient's open alerts (of `implantId` when given) whose cause one of `actions` undoes, each
 * resolved "closed: <what was done>" by the actor who did it. Returns the ids closed.
 */
export async function closeUndoneAlerts(
  t: Tx,
  ctx: ActorContext,
  target: { readonly patientId: string; readonly implantId: string | null },
  actions: readonly ClosingAction[],
  closedBy: ClosedBy,
): Promise<string[]> {
  if (actions.length === 0) return [];
  let q = t.trx
    .selectFrom('alerts')
    .selectAll()
    .where('patient_id', '=', target.patientId)
    .where('resolved_at', 'is', null);
  if (target.implantId !== null) q = q.where('implant_id', '=', target.implantId);
  const closed: string[] = [];
  for (const alert of (await q.execute()).map(alertFrom)) {
    const cause = alert.cause;
    if (cause === undefined) continue;
    const action = actions.find(
      (a) => a.cause === cause.kind && (cause.ref === undefined || cause.ref === a.ref),
    );
    if (action === undefined || (action.afterCause === true && closedBy.at < alert.since)) continue;
    await closeAlert(t, ctx, alert.id, `closed: ${action.words}`, closedBy);
    closed.push(alert.id);
  }
  return closed;
}

/**
 * A pump taken out (pathway-repo.ts `recordExplantIn`, a replacement or a removal) closes its own alerts
 * about the pump: every condition it reported (low, empty, ERI, a stall…) and every cause a recorded action
 * undoes (an empty board row, a pump not updated, delivery stopped, an MRI not followed by an interrogation…)
 * — there is no pump left for them to be about, and an ERI alert still open beside the new pump would teach
 * the clinic to overlook the next one. Left open, for a person: alerts with a person-only cause (a read-back
 * mismatch, an outcome unknown) and alerts with neither a cause nor a condition (a reconciliation finding,
 * a post-operative concern), which speak of the patient as much as of the pump. Returns the ids closed.
 */
export async function closeRemovedPumpAlerts(
  t: Tx,
  ctx: ActorContext,
  target: { readonly patientId: string; readonly implantId: string },
  words: string,
  closedBy: ClosedBy,
): Promise<string[]> {
  const open = await t.trx
    .selectFrom('alerts')
    .selectAll()
    .where('patient_id', '=', target.patientId)
    .where('implant_id', '=', target.implantId)
    .where('resolved_at', 'is', null)
    .execute();
  const personOnly: readonly string[] = PERSON_ONLY_CAUSES;
  const closed: string[] = [];
  for (const alert of open.map(alertFrom)) {
    const aboutThePump =
      alert.condition !== undefined || (alert.cause !== undefined && !personOnly.includes(alert.cause.kind));
    if (!aboutThePump) continue;
    await closeAlert(t, ctx, alert.id, `closed: ${words}`, closedBy);
    closed.push(alert.id);
  }
  return closed;
}
