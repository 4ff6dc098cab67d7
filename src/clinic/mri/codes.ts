/**
 * Codes of the MRI preparation workflow (docs/workflows.md "MRI preparation and follow-up"): why a step was
 * refused, and the reasons a readiness record carries.
 */
import { defineCodes } from '../../therapy/codes.ts';

export const MRI_CODES = defineCodes({
  ITB_E_MRI_RESERVOIR_NOT_EMPTIED: {
    kind: 'error',
    summary:
      'An MRI was marked ready for a valve-gated pump whose reservoir was not shown emptied (the aspirated volume does not reconcile with the expected volume, or none was recorded) and no physician recorded a justified acceptance: nothing was recorded.',
  },
  ITB_E_MRI_STEP_OUT_OF_ORDER: {
    kind: 'error',
    summary:
      'An MRI step does not fit the planned scan’s state (marked ready or accepted after the scan was recorded done, the scan recorded done twice, or a reservoir emptying or acceptance recorded for a pump whose preparation does not empty it).',
  },
  ITB_R_MRI_RESERVOIR_EMPTIED: {
    kind: 'reason',
    summary:
      'The volume aspirated before the MRI reconciles with the volume expected in the valve-gated pump’s reservoir: the reservoir is emptied.',
  },
  ITB_R_MRI_RESERVOIR_NOT_EMPTIED: {
    kind: 'reason',
    summary:
      'The valve-gated pump’s reservoir is not shown emptied before the MRI: the aspirated volume does not reconcile with the expected volume, or none was recorded.',
  },
  ITB_R_MRI_BOLUS_ACCEPTED: {
    kind: 'reason',
    summary:
      'A physician recorded a justified acceptance of scanning the valve-gated pump with drug in its reservoir.',
  },
  ITB_R_MRI_INTERROGATE_AFTER: {
    kind: 'reason',
    summary:
      'The pump stops during the MRI and must be interrogated after it: an alert stays open until an interrogation after the scan is recorded.',
  },
});
