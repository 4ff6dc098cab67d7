/**
 * Stop and resume delivery (issue 12, item 5). Stopping baclofen can start a withdrawal syndrome within
 * hours (boxed warning; docs/clinical-reference.md §2), so a stop of a drug with a withdrawal risk warns in
 * that drug's words and needs a recorded justification; a stop of one without (ziconotide, bupivacaine,
 * saline) says so. Every stop leaves an open withdrawal-risk alert carrying the restart plan: the clinic
 * cannot forget a stopped pump. Resuming restores the prior rate at once; after longer than the drug library's
 * `restartAfterInterruption.interruptedLongerThanHours` the patient has lost tolerance and the prior full dose can
 * overdose them, so resume warns and needs a justification then — and when the stop time is not known it
 * warns too (fail safe: an unknown interruption is treated as a long one). Each write goes through
 * writeAndVerify: sent once, read back and compared.
 */
import type { Alert, ProgrammingSession } from '../clinic/clinical-records.ts';
import { drugEmergency } from '../therapy/drug-emergency.ts';
import { getDrug } from '../therapy/drug-library.ts';
import { ItbError } from '../therapy/codes.ts';
import type { Reason } from '../therapy/verdict.ts';
import { planVerdict } from './plan-verdict.ts';
import { progReason } from './codes.ts';
import { toJson } from './diff.ts';
import { snapshotJson, type Snapshot } from './interrogate.ts';
import { tookEffect, type Confirmation, type WorkflowDeps, type WorkflowTarget } from './session.ts';
import { assertWritable } from './titrate.ts';
import { alertForWrite, readBackJson, writeAndVerify, writeRecord, type WriteResult } from './write.ts';

export type Control = 'stop' | 'resume';

export interface ControlPlan {
  readonly control: Control;
  readonly snapshot: Snapshot;
  readonly verdict: 'ok' | 'warn' | 'block';
  readonly reasons: readonly Reason[];
  /** What to do when delivery restarts (the drug library's guidance), shown before a stop is confirmed. */
  readonly restartPlan: string;
}

/** The drug's restart rule, or a conservative default for a drug without one. */
function restartRule(s: Snapshot) {
  const drug = s.status.drug;
  return drug === undefined ? undefined : getDrug(drug).restartAfterInterruption?.value;
}

function restartPlanText(s: Snapshot): string {
  const rule = restartRule(s);
  if (rule === undefined) return 'resume at the prior dose';
  return (
    `resume within ${rule.interruptedLongerThanHours} h at the prior dose; after ${rule.interruptedLongerThanHours} h ${rule.guidance}; ` +
    `while stopped, ${drugEmergency(s.status.drug ?? null).whileStopped}`
  );
}

/**
 * Plans stopping or resuming from a fresh interrogation. `stoppedSince` (resume only) is when delivery
 * stopped as the clinic recorded it, or undefined when not known.
 */
export function planControl(
  control: Control,
  snapshot: Snapshot,
  o: { readonly now: number; readonly stoppedSince?: number | undefined },
): ControlPlan {
  const reasons: Reason[] = [];
  const stopped = snapshot.status.suspended;
  if (control === 'stop' && stopped) {
    reasons.push(progReason('ITB_R_PROG_PUMP_STATE', 'block', 'the pump is already stopped'));
  }
  if (control === 'resume' && !stopped) {
    reasons.push(progReason('ITB_R_PROG_PUMP_STATE', 'block', 'the pump is delivering: nothing to resume'));
  }
  const drug = snapshot.status.drug;
  if (control === 'stop' && drug !== undefined) {
    const words = drugEmergency(drug);
    reasons.push(
      getDrug(drug).withdrawalRisk
        ? progReason(
            'ITB_R_PROG_WITHDRAWAL_WARNING',
            'warn',
            `${words.stopped} Record why; while stopped, ${words.whileStopped} ${words.source}`,
          )
        : progReason('ITB_R_PROG_NO_WITHDRAWAL', 'ok', `${words.stopped} ${words.source}`),
    );
  }
  const rule = restartRule(snapshot);
  if (control === 'resume' && stopped && rule !== undefined) {
    const hours = o.stoppedSince === undefined ? undefined : (o.now - o.stoppedSince) / 3_600_000;
    if (hours === undefined || hours > rule.interruptedLongerThanHours) {
      const since =
        hours === undefined
          ? 'for an unknown time (no stop on record)'
          : `for ${Math.floor(hours)} h, more than ${rule.interruptedLongerThanHours} h`;
      reasons.push(
        progReason(
          'ITB_R_PROG_RESTART_AFTER_INTERRUPTION',
          'warn',
          `delivery stopped ${since}: resuming restores the prior full dose — ${rule.guidance}`,
          rule.interruptedLongerThanHours,
          hours === undefined ? undefined : Math.floor(hours),
        ),
      );
    }
  }
  return { control, snapshot, ...planVerdict(reasons), restartPlan: restartPlanText(snapshot) };
}

export interface ControlOutcome {
  readonly write: WriteResult;
  readonly session: ProgrammingSession;
  readonly alerts: readonly Alert[];
}

/** Writes the stop or resume (compare-and-set on the planned state version), records it, raises alerts. */
export async function applyControl(
  plan: ControlPlan,
  confirmation: Confirmation,
  target: WorkflowTarget,
  deps: WorkflowDeps,
): Promise<ControlOutcome> {
  const suspended = plan.control === 'stop';
  const diff = [{ path: 'suspended', before: !suspended, after: suspended }];
  const justification = assertWritable(plan, confirmation, diff);
  const write = await writeAndVerify(
    deps.client,
    { op: plan.control, commandId: deps.client.newCommandId(), expectedVersion: plan.snapshot.stateVersion },
    { expected: { suspended }, actual: (s) => ({ suspended: s.status.suspended }) },
  );
  const ctx = { actor: target.actor };
  const at = deps.now();
  const session = await deps.store.recordProgrammingSession(
    {
      patientId: target.patientId,
      implantId: target.implantId,
      at,
      interrogation: {
        workflow: plan.control,
        snapshot: toJson(snapshotJson(plan.snapshot)),
        after: readBackJson(write),
        write: writeRecord(write),
        restartPlan: plan.restartPlan,
      },
      diff: write.execution.outcome === 'applied' ? diff : [],
      guardrail: { verdict: plan.verdict, reasons: [...plan.reasons] },
      ...(justification === null ? {} : { justification }),
    },
    ctx,
  );
  const alerts: Alert[] = [];
  const failed = alertForWrite(write, target, plan.control === 'stop' ? 'stop delivery' : 'resume delivery');
  if (failed !== null) alerts.push(await deps.store.raiseAlert(failed, ctx));
  if (plan.control === 'stop' && tookEffect(write.status)) {
    // As grave as the board says it (its top tier): a drug whose withdrawal can kill makes the stop
    // critical, so the alerts list never ranks it below a pump's own report of the same fact.
    const drug = plan.snapshot.status.drug;
    const withdrawal = drug === undefined || getDrug(drug).withdrawalRisk;
    alerts.push(
      await deps.store.raiseAlert(
        {
          patientId: target.patientId,
          implantId: target.implantId,
          kind: 'withdrawal-risk',
          severity: withdrawal ? 'critical' : 'warning',
          since: at,
          // A verified resume closes it (clinic/alert-closing.ts).
          cause: { kind: 'delivery-stopped' },
          message: `Delivery stopped (${justification ?? 'no reason given'}). Restart plan: ${plan.restartPlan}.`,
          reasons: plan.reasons.filter((r) => r.severity !== 'ok'),
        },
        ctx,
      ),
    );
  }
  return { write, session, alerts };
}

/** Refuses a plan for the wrong control (a stop plan confirmed on the resume route). */
export function requireControl(plan: ControlPlan, control: Control): void {
  if (plan.control !== control) {
    throw new ItbError('ITB_E_INVALID_INPUT', `this is a ${plan.control} plan, not a ${control} plan`);
  }
}
