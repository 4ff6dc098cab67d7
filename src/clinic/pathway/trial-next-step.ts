/**
 * What a screening trial waits for before an implant (docs/clinical-reference.md §1.1; docs/workflows.md
 * "Care pathway"): after a response, the implant; while the response is not recorded, the response; after no
 * response, the next protocol dose 24 hours later or the team's decision. A trialled patient once had
 * nothing due: the board's "Care pathway: due" listed neither the implant a response calls for nor a trial
 * left without an outcome, and the patient sat at "ready for implant" with nobody asked to act.
 *
 * Pure: the trials and evaluations in, the step out; the pathway page and the board's stored items both read
 * it (pathway-view.ts `derivePathway`, pathway-due.ts).
 */
import { decisionInForce } from './stage.ts';

/** The label's wait between screening doses without a response [C: docs/clinical-reference.md §1.1]. */
export const SCREENING_DOSE_INTERVAL_MS = 24 * 3_600_000;

export type TrialStepKind = 'implant' | 'trial-response' | 'trial-next-dose';

export interface TrialNextStep {
  readonly item: TrialStepKind;
  /** Due from this instant on. */
  readonly dueAt: number;
}

/**
 * The step the trials of a patient with no implant wait for, or null: no trial yet, or a team decision
 * recorded after the last trial (not a candidate, defer) ended the wait.
 */
export function trialNextStep(
  trials: readonly { readonly at: number; readonly responded: boolean | null }[],
  evaluations: readonly Parameters<typeof decisionInForce>[0][number][],
): TrialNextStep | null {
  const byTime = [...trials].sort((a, b) => a.at - b.at);
  const last = byTime.at(-1);
  if (last === undefined) return null;
  const later = decisionInForce(evaluations.filter((e) => e.at > last.at));
  if (later !== null && later.outcome !== 'proceed-to-trial') return null;
  const response = byTime.find((t) => t.responded === true);
  if (response !== undefined) return { item: 'implant', dueAt: response.at };
  if (last.responded === null) return { item: 'trial-response', dueAt: last.at };
  return { item: 'trial-next-dose', dueAt: last.at + SCREENING_DOSE_INTERVAL_MS };
}

/** The step in the pathway page's and the command line's words (the board's list shortens them). */
export const TRIAL_STEP_TEXT: Readonly<Record<TrialStepKind, string>> = {
  implant: 'the patient responded to a screening dose: the implant is due',
  'trial-response': "the screening trial's response is not recorded yet: record it",
  'trial-next-dose':
    "no response to the screening dose: give the next protocol dose 24 hours later (75 mcg, then 100 mcg) or record the team's decision; no response to 100 mcg means not a candidate",
};
