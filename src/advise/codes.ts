/**
 * Codes of model-informed dosing (src/advise, docs/advice.md): errors refuse a trial or a request that cannot
 * be fitted; reasons explain the advice beside the guardrails' own reasons.
 */
import { defineCodes } from '../therapy/codes.ts';

export const ADVISE_CODES = defineCodes({
  ITB_E_ADVISE_INVALID_TRIAL: {
    kind: 'error',
    summary:
      'A screening trial given for advice is malformed (no bolus, a dose or score out of range, times out of order).',
  },
  ITB_E_ADVISE_INVALID_REQUEST: {
    kind: 'error',
    summary: 'An advice request is malformed (goal outside the MAS scale, non-positive dose, bad limit).',
  },
  ITB_E_ADVISE_DRUG_NOT_MODELLED: {
    kind: 'error',
    summary:
      'The patient receives a drug other than intrathecal baclofen: the model behind the advice (the virtual patient) does not apply to it.',
  },
  ITB_R_ADVISE_START_LOWERED: {
    kind: 'reason',
    summary:
      'The fitted patient predicts overdose signs at the label’s start dose, so the advice starts at the screening dose.',
  },
  ITB_R_ADVISE_CONTINUED: {
    kind: 'reason',
    summary:
      'The path continues from the dose the patient is on today, the fitted patient having lived the doses given since the infusion’s start (and any follow-up assessments fitted).',
  },
  ITB_R_ADVISE_REDUCED: {
    kind: 'reason',
    summary:
      'A follow-up assessment recorded overdose signs at or below the dose on the path: the advice reduces by the label’s step for side effects and keeps the path below that dose.',
  },
  ITB_R_ADVISE_STEP_LIMITED: {
    kind: 'reason',
    summary:
      'A titration step was made smaller than the label allows because the fit predicts overdose signs.',
  },
  ITB_R_ADVISE_GOAL_REACHED: {
    kind: 'reason',
    summary: 'The fitted patient is predicted to reach the tone goal at this dose.',
  },
  ITB_R_ADVISE_STOPPED: {
    kind: 'reason',
    summary:
      'The path stops before the goal: the guardrails or the predicted overdose risk allow no further step.',
  },
});

export type AdviseCode = keyof typeof ADVISE_CODES;
