/**
 * The verdict of a programmer plan (titration, clinician bolus, alarm settings, stop or resume, patient-
 * controlled bolus): the worst severity among its reasons, as verdictOf gives it — but a plan that is
 * refused carries its refusal only. A warning about what the change would do (overdose after a bolus,
 * withdrawal after a stop, less time before an empty reservoir) is about a change that will not be made:
 * shown beside the refusal it reads as if the change were possible with care (finding: a bolus above the
 * cap still showed "name who observes the patient"). One place, so every plan page and the CLI agree.
 */
import { verdictOf, type GuardrailResult, type Reason } from '../therapy/verdict.ts';

export function planVerdict(reasons: readonly Reason[]): GuardrailResult {
  const all = verdictOf(reasons);
  return all.verdict === 'block'
    ? { verdict: 'block', reasons: reasons.filter((r) => r.severity === 'block') }
    : all;
}
