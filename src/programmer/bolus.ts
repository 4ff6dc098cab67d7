/**
 * A clinician's single bolus (issue 12, item 5): an amount of drug given over a duration on top of the
 * basal rate. The programmer checks the drug library's single-bolus cap (`maxBolus`, 100 µg for baclofen
 * [U]; overdose has followed 25 µg in a sensitive adult — docs/clinical-reference.md §2) before anything
 * is sent, and the pump checks it again with the rolling 24 h hard limit (defence in depth,
 * docs/architecture.md principle 4). Every bolus warns: the patient must be observed for overdose, and the
 * clinician records who observes. An unknown drug blocks, and so does whatever the pump would refuse
 * (pump-can-give.ts: a stopped pump, a running bolus, a critical alarm, a reservoir empty or holding less
 * than the bolus).
 */
import type { Alert, ProgrammingSession } from '../clinic/clinical-records.ts';
import type { PumpStatus } from '../link/status-codec.ts';
import type { PumpProfile } from '../pump/profile.ts';
import { getDrug } from '../therapy/drug-library.ts';
import { volumeForMass, type Millis, type Nanograms } from '../therapy/quantities.ts';
import type { Sourced } from '../therapy/sourced.ts';
import { massText } from '../therapy/drug-display.ts';
import { drugEmergency, tooMuchSignsText } from '../therapy/drug-emergency.ts';
import type { Reason } from '../therapy/verdict.ts';
import { planVerdict } from './plan-verdict.ts';
import { progReason } from './codes.ts';
import { pumpCanGive } from './pump-can-give.ts';
import type { Snapshot } from './interrogate.ts';
import type { Confirmation, WorkflowDeps, WorkflowTarget } from './session.ts';
import { assertWritable } from './titrate.ts';
import { writeAndVerify, type WriteResult } from './write.ts';
import { recordControlSession } from './control-session.ts';

export interface BolusPlan {
  readonly snapshot: Snapshot;
  readonly amount: Nanograms;
  readonly duration: Millis;
  /** The single-bolus cap of the drug the pump reports (null: no drug), shown to the clinician before confirming. */
  readonly cap: Sourced<Nanograms> | null;
  readonly verdict: 'ok' | 'warn' | 'block';
  readonly reasons: readonly Reason[];
}

/**
 * The single-bolus rule, in one place for the HTTP programmer and the CLI: blocks on a pump that reports
 * no drug (never a default drug's cap), an amount above the drug's cap, or what the pump would refuse
 * (pump-can-give.ts); always warns to name the observer (pure).
 */
export function bolusChecks(
  status: PumpStatus,
  amount: Nanograms,
  profile?: PumpProfile,
): {
  readonly cap: Sourced<Nanograms> | null;
  readonly verdict: 'ok' | 'warn' | 'block';
  readonly reasons: readonly Reason[];
} {
  const cap = status.drug === undefined ? null : getDrug(status.drug).maxBolus;
  const volume =
    cap !== null && status.concentration > 0 ? volumeForMass(amount, status.concentration) : null;
  // The pump's state first: a running bolus is what a clinician must wait for, whatever the amount.
  const reasons: Reason[] = pumpCanGive(status, {
    kind: 'single-bolus',
    volume,
    ...(profile === undefined ? {} : { profile }),
  });
  if (cap === null) {
    reasons.push(progReason('ITB_R_PROG_PUMP_STATE', 'block', 'the pump reports no drug: no bolus'));
  } else if (amount > cap.value) {
    reasons.push(
      progReason(
        'ITB_R_PROG_BOLUS_ABOVE_CAP',
        'block',
        `${massText(amount, status.drug)} is above the ${status.drug} single-bolus cap ${massText(cap.value, status.drug)} (${cap.source})`,
        cap.value,
        amount,
      ),
    );
  }
  reasons.push(
    progReason(
      'ITB_R_PROG_BOLUS_OBSERVE',
      'warn',
      `a bolus can cause overdose (${tooMuchSignsText(status.drug ?? null)}): name who observes the ` +
        `patient until its effect has passed ${drugEmergency(status.drug ?? null).source}`,
    ),
  );
  return { cap, ...planVerdict(reasons) };
}

/**
 * Checks a single bolus against the pump's state, the drug's cap and, when the implant's device profile is
 * known, the device (pure).
 */
export function planBolus(
  snapshot: Snapshot,
  amount: Nanograms,
  duration: Millis,
  profile?: PumpProfile,
): BolusPlan {
  return { snapshot, amount, duration, ...bolusChecks(snapshot.status, amount, profile) };
}

export interface BolusOutcome {
  readonly write: WriteResult;
  readonly session: ProgrammingSession;
  readonly alerts: readonly Alert[];
}

/** Sends the bolus once, reads back that it runs, records the session (the observer is the justification). */
export async function applyBolus(
  plan: BolusPlan,
  confirmation: Confirmation,
  target: WorkflowTarget,
  deps: WorkflowDeps,
): Promise<BolusOutcome> {
  const diff = [{ path: 'singleBolusNg', before: null, after: plan.amount }];
  const justification = assertWritable(plan, confirmation, diff);
  const write = await writeAndVerify(
    deps.client,
    {
      op: 'single-bolus',
      commandId: deps.client.newCommandId(),
      amount: plan.amount,
      duration: plan.duration,
    },
    { expected: { bolus: 'single-bolus' }, actual: (s) => ({ bolus: s.status.bolus ?? null }) },
  );
  const recorded = await recordControlSession(deps, target, {
    workflow: 'single-bolus',
    snapshot: plan.snapshot,
    write,
    details: { durationMs: plan.duration },
    diff,
    guardrail: plan,
    justification,
    what: `single bolus ${massText(plan.amount, plan.snapshot.status.drug)}`,
  });
  return { write, ...recorded };
}
