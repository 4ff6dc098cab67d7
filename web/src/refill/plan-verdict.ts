/**
 * The one verdict of the refill plan screen: stopped (any step stopped, or the pump update blocked) or the
 * reconciliation's, with what to do next and the reasons behind it — said once, at the top, so a block is
 * never a row at the bottom under a green OK.
 */
import type { Reason, Verdict } from '../api.ts';
import { distinctReasons } from '../reason-text.ts';

/** What the verdict reads of a refill plan (use-refill-wizard.ts `RefillPlan` is one). */
export interface PlanForVerdict {
  readonly steps?: readonly { readonly state: string; readonly reasons: readonly Reason[] }[];
  readonly stopped?: boolean;
  readonly reconciliation?: { readonly verdict?: Verdict; readonly reasons?: readonly Reason[] } | null;
  readonly guardrail?: { readonly verdict?: Verdict; readonly reasons?: readonly Reason[] };
}

export interface PlanVerdict {
  readonly verdict: Verdict;
  readonly title: string;
  readonly next: string;
  readonly reasons: readonly Reason[];
  /** True when the refill cannot be sent to the pump from this plan. */
  readonly stopped: boolean;
}

const NEXT_STEP: Record<Verdict, string> = {
  ok: 'Residual matches the calculation: continue with the refill.',
  warn: 'Residual differs from the calculation: check for under- or over-delivery, write an explanation, and watch the patient for withdrawal or overdose signs.',
  block:
    'Residual does not reconcile: do not refill blindly. Suspect catheter or pump failure or a pocket fill; assess the patient and escalate to the physician.',
};

const STOPPED_NEXT =
  'Do not refill from this plan. Go back, correct the measurements or write the explanation, and plan again; ' +
  'if unsure, do not refill: assess the patient and escalate to the physician.';

export function planVerdict(plan: PlanForVerdict): PlanVerdict {
  const stepsStopped = (plan.steps ?? []).filter((s) => s.state === 'stopped');
  const guardBlock = plan.guardrail?.verdict === 'block';
  const recon = plan.reconciliation ?? null;
  const reconReasons = (recon?.reasons ?? []).filter((r) => r.severity !== 'ok');
  if (plan.stopped === true || stepsStopped.length > 0 || guardBlock || recon?.verdict === 'block') {
    const stopReasons = [
      ...stepsStopped.flatMap((s) => s.reasons.filter((r) => r.severity !== 'ok')),
      ...(guardBlock ? (plan.guardrail?.reasons ?? []).filter((r) => r.severity === 'block') : []),
      ...reconReasons,
    ];
    return {
      verdict: 'block',
      title: 'Stopped — do not refill yet',
      next: recon?.verdict === 'block' ? NEXT_STEP.block : STOPPED_NEXT,
      reasons: distinctReasons(stopReasons),
      stopped: true,
    };
  }
  const reasons = distinctReasons([
    ...reconReasons,
    ...(plan.steps ?? []).flatMap((s) => s.reasons.filter((r) => r.severity !== 'ok')),
  ]);
  // A warning anywhere (the pump at ERI, a discrepancy explained) is never shown under a plain "Ready".
  const verdict: Verdict = recon?.verdict === 'warn' || reasons.length > 0 ? 'warn' : 'ok';
  return {
    verdict,
    title: verdict === 'ok' ? 'Ready to refill' : 'Ready to refill — with a warning',
    next:
      recon?.verdict === 'warn'
        ? NEXT_STEP.warn
        : verdict === 'warn'
          ? 'Read the warning, name in the note how it is handled (it is recorded with the refill), then continue.'
          : recon === null
            ? 'Continue with the refill.'
            : NEXT_STEP.ok,
    reasons,
    stopped: false,
  };
}
