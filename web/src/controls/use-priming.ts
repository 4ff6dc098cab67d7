/**
 * The priming bolus (`POST P/pump/priming/plan`, then `…/priming/apply` with the plan id, `confirm` and who
 * supervises as the justification; docs/workflows.md "Priming bolus"). The plan comes from a fresh
 * interrogation: the volume is the implant's recorded catheter volume plus the pump's dead space, never
 * typed; a catheter volume implausible for its model and length is refused by the server before anything
 * is planned, and the page shows that refusal.
 */
import type { Reason, Verdict } from '../api.ts';
import { usePlannedPumpAction } from '../use-pump-action.ts';
import type { ControlResult } from './use-stop-resume.ts';

export interface PrimingPlan {
  readonly planId: string;
  readonly priming: {
    readonly primingVolumeMl: number;
    readonly catheterVolumeMl: number;
    readonly pumpDeadVolumeMl: number;
  };
  readonly guardrail: { readonly verdict: Verdict; readonly reasons: readonly Reason[] };
}

export function usePriming(patientId: string) {
  const planned = usePlannedPumpAction<PrimingPlan, ControlResult>(
    `/api/v1/patients/${encodeURIComponent(patientId)}/pump/priming`,
    'This server has no pump link: the priming bolus is not available.',
  );
  return {
    ...planned,
    supervisor: planned.note,
    setSupervisor: planned.setNote,
    prepare: () => planned.prepare(undefined),
  };
}
