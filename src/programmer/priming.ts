/**
 * The priming bolus as a control of its own (docs/workflows.md "Priming bolus"): after an implant or a
 * catheter revision recorded without the pump being told, the catheter and the pump's dead space are filled
 * at the priming rate so drug reaches the spine without the days-long delay of the programmed rate. The
 * volume is COMPUTED from the implant's recorded catheter volume and the profile's dead space
 * (therapy/catheter.ts `primingBolus`), never typed; a catheter volume implausible for its model and length
 * is refused before anything is planned (a volume ten times too large primes an overdose straight into the
 * CSF — docs/clinical-reference.md §3). Always supervised: the justification names who watches.
 */
import type { Alert, ProgrammingSession } from '../clinic/clinical-records.ts';
import type { Catheter } from '../clinic/records.ts';
import type { PumpProfile } from '../pump/profile.ts';
import { assertCatheterVolumePlausible, primingBolus, type PrimingResult } from '../therapy/catheter.ts';
import { nanolitres } from '../therapy/quantities.ts';
import { toJson } from './diff.ts';
import { type Snapshot } from './interrogate.ts';
import { startPriming } from './procedures.ts';
import type { Confirmation, WorkflowDeps, WorkflowTarget } from './session.ts';
import { assertWritable } from './titrate.ts';
import type { WriteResult } from './write.ts';
import { recordControlSession } from './control-session.ts';
import { formatVolume } from '../therapy/units.ts';
import { planVerdict } from './plan-verdict.ts';
import { pumpCanGive } from './pump-can-give.ts';

export interface PrimingPlan {
  readonly snapshot: Snapshot;
  readonly priming: PrimingResult;
}

/**
 * Plans the priming bolus for the implant's catheter (pure); refused for an implausible catheter volume.
 * Blocked, with the reason shown before anything is sent, when the pump would refuse it (pump-can-give.ts:
 * a device without priming, a stopped pump, a running bolus, a critical alarm such as EMPTY, or too
 * little in the reservoir).
 */
export function planPriming(input: {
  readonly snapshot: Snapshot;
  readonly profile: PumpProfile;
  readonly catheter: Catheter;
}): PrimingPlan {
  assertCatheterVolumePlausible(input.catheter);
  const priming = primingBolus({
    catheterVolume: nanolitres(input.catheter.volumeNl),
    pumpDeadVolume: input.profile.internalVolume,
    concentration: input.snapshot.status.concentration,
    drug: input.snapshot.status.drug,
  });
  const refused = pumpCanGive(input.snapshot.status, {
    kind: 'priming-bolus',
    volume: priming.volume,
    profile: input.profile,
  });
  if (refused.length === 0) return { snapshot: input.snapshot, priming };
  const { verdict, reasons } = planVerdict([...priming.reasons, ...refused]);
  return {
    snapshot: input.snapshot,
    priming: { ...priming, verdict, reasons, view: { ...priming.view, verdict, reasons } },
  };
}

export interface PrimingOutcome {
  readonly write: WriteResult;
  readonly session: ProgrammingSession;
  readonly alerts: readonly Alert[];
}

/** Starts the planned priming bolus (the warning needs the supervisor as justification) and records it. */
export async function applyPriming(
  plan: PrimingPlan,
  confirmation: Confirmation,
  target: WorkflowTarget,
  deps: WorkflowDeps,
): Promise<PrimingOutcome> {
  const diff = [{ path: 'primingBolusNl', before: null, after: plan.priming.volume }];
  assertWritable(plan.priming, confirmation, diff);
  const write = await startPriming(deps, plan.priming.volume);
  const recorded = await recordControlSession(deps, target, {
    workflow: 'priming',
    snapshot: plan.snapshot,
    write,
    details: { primingPlan: toJson(plan.priming.view) },
    diff,
    guardrail: plan.priming,
    justification: confirmation.justification?.trim() ?? null,
    what: `priming bolus ${formatVolume(plan.priming.volume)}`,
  });
  return { write, ...recorded };
}
