/**
 * How a single-write control (a clinician bolus, priming, alarm settings, patient-controlled bolus settings)
 * is recorded: one programming session naming the workflow, the snapshot it was planned on and the write,
 * the change only when the pump applied it, the guardrail and its justification; then the alert the write's
 * outcome calls for (write.ts `alertForWrite`), raised by the same actor.
 */
import type { Alert, ProgrammingSession } from '../clinic/clinical-records.ts';
import type { Reason, Verdict } from '../therapy/verdict.ts';
import { toJson, type DiffEntry, type Json } from './diff.ts';
import { snapshotJson, type Snapshot } from './interrogate.ts';
import type { WorkflowDeps, WorkflowTarget } from './session.ts';
import { alertForWrite, readBackJson, writeRecord, type WriteResult } from './write.ts';

export interface ControlSession {
  readonly workflow: string;
  readonly snapshot: Snapshot;
  readonly write: WriteResult;
  /** Further fields of the session's interrogation record (a duration, what was not read back …). */
  readonly details?: Readonly<Record<string, Json>>;
  /** The change the plan showed; recorded only when the pump applied it. */
  readonly diff: readonly DiffEntry[];
  readonly guardrail: { readonly verdict: Verdict; readonly reasons: readonly Reason[] };
  readonly justification: string | null;
  /** The words an alert about this write starts with ("single bolus 50 mcg"). */
  readonly what: string;
}

export async function recordControlSession(
  deps: Pick<WorkflowDeps, 'store' | 'now'>,
  target: WorkflowTarget,
  r: ControlSession,
): Promise<{ session: ProgrammingSession; alerts: Alert[] }> {
  const ctx = { actor: target.actor };
  const session = await deps.store.recordProgrammingSession(
    {
      patientId: target.patientId,
      implantId: target.implantId,
      at: deps.now(),
      interrogation: {
        workflow: r.workflow,
        snapshot: toJson(snapshotJson(r.snapshot)),
        after: readBackJson(r.write),
        write: writeRecord(r.write),
        ...r.details,
      },
      diff: r.write.execution.outcome === 'applied' ? [...r.diff] : [],
      guardrail: { verdict: r.guardrail.verdict, reasons: [...r.guardrail.reasons] },
      justification: r.justification,
    },
    ctx,
  );
  const failed = alertForWrite(r.write, target, r.what);
  return { session, alerts: failed === null ? [] : [await deps.store.raiseAlert(failed, ctx)] };
}
