/**
 * Codes of the care pathway (docs/workflows.md "Care pathway"): why a pathway step was refused.
 */
import { defineCodes } from '../../therapy/codes.ts';

export const PATHWAY_CODES = defineCodes({
  ITB_E_PATHWAY_NO_TEAM_DECISION: {
    kind: 'error',
    summary:
      'A screening trial was booked or recorded before the multidisciplinary team recorded a decision to proceed to the trial.',
  },
  ITB_E_PATHWAY_CONTRAINDICATED: {
    kind: 'error',
    summary:
      'A decision to proceed was recorded while an active infection is present: treat the infection and re-evaluate.',
  },
  ITB_R_POSTOP_CONCERN: {
    kind: 'reason',
    summary:
      'A post-operative check found a concern (fever, wound, CSF leak signs or infection signs): an alert was raised for the nurses and physicians.',
  },
});
