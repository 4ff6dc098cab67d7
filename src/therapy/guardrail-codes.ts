/**
 * Codes of the clinical calculators and guardrails: refill reconciliation, start dose, titration, catheter
 * volume and priming, concentration-change bridge (docs/clinical-reference.md §1, §3). Errors refuse bad input and change
 * nothing; reasons explain a verdict. General input errors (ITB_E_INVALID_INPUT, ITB_E_NON_POSITIVE,
 * ITB_E_OUT_OF_RANGE) come from THERAPY_CODES in codes.ts.
 */
import { defineCodes } from './codes.ts';
import { reasonFor } from './verdict.ts';

export const GUARDRAIL_CODES = defineCodes({
  // Errors
  ITB_E_UNKNOWN_RESERVOIR_SIZE: {
    kind: 'error',
    summary: 'Reconciliation thresholds are only sourced for 20 mL and 40 mL reservoirs.',
  },
  ITB_E_RESIDUAL_EXCEEDS_RESERVOIR: {
    kind: 'error',
    summary: 'An expected or measured residual is larger than the reservoir can hold: a typing or unit slip.',
  },
  ITB_E_CATHETER_LENGTH: {
    kind: 'error',
    summary: 'A catheter length is not positive or is longer than the catheter as supplied.',
  },

  // Refill reconciliation (docs/clinical-reference.md §3)
  ITB_R_RESIDUAL_WITHIN_TOLERANCE: {
    kind: 'reason',
    summary: 'The measured residual matches the calculated one within the threshold for the reservoir size.',
  },
  ITB_R_RESIDUAL_LOWER_THAN_EXPECTED: {
    kind: 'reason',
    summary: 'Less residual than calculated: over-delivery, a leak or a fill that missed the reservoir.',
  },
  ITB_R_RESIDUAL_HIGHER_THAN_EXPECTED: {
    kind: 'reason',
    summary:
      'More residual than calculated: under-delivery (occlusion, stall) or fluid not from the reservoir.',
  },
  ITB_R_RESIDUAL_EXPECTED_EMPTY: {
    kind: 'reason',
    summary: 'The pump calculated an empty reservoir: delivery may have stopped (withdrawal risk).',
  },

  // Start dose (docs/clinical-reference.md §1.3)
  ITB_R_START_DOSE_DOUBLE: {
    kind: 'reason',
    summary: 'First-24-hour dose is twice the effective screening bolus (effect lasted 8 h or less).',
  },
  ITB_R_START_DOSE_SINGLE: {
    kind: 'reason',
    summary: 'First-24-hour dose equals the effective screening bolus (effect lasted more than 8 h).',
  },
  ITB_R_START_NO_INCREASE_24H: {
    kind: 'reason',
    summary: 'The dose must not be increased during the first 24 hours.',
  },
  ITB_R_SCREENING_DOSE_OFF_PROTOCOL: {
    kind: 'reason',
    summary: 'The screening bolus is not one of the protocol doses (25, 50, 75, 100 µg).',
  },
  ITB_R_SCREENING_NO_RESPONSE: {
    kind: 'reason',
    summary: 'The screening bolus had no effect, so it is not an effective screening dose.',
  },
  ITB_R_DOSE_ABOVE_HARD_LIMIT: {
    kind: 'reason',
    summary: 'A daily dose is above the drug library’s absolute maximum.',
  },
  ITB_R_DOSE_BELOW_HARD_LIMIT: {
    kind: 'reason',
    summary: 'A running daily dose is below the drug library’s absolute minimum.',
  },
  ITB_R_DOSE_ABOVE_USUAL_RANGE: {
    kind: 'reason',
    summary: 'A daily dose is above the usual range for the population (needs a justified override).',
  },
  ITB_R_DOSE_BELOW_USUAL_RANGE: {
    kind: 'reason',
    summary: 'A daily dose is below the usual range for the population.',
  },

  // Titration (docs/clinical-reference.md §1.4)
  ITB_R_TITRATION_NO_CHANGE: { kind: 'reason', summary: 'The proposed dose equals the current dose.' },
  ITB_R_TITRATION_WITHIN_STEP: {
    kind: 'reason',
    summary: 'The change is within the labelled step for the phase and population.',
  },
  ITB_R_TITRATION_BELOW_STEP: {
    kind: 'reason',
    summary: 'The change is smaller than the usual labelled step (allowed).',
  },
  ITB_R_TITRATION_ABOVE_STEP: {
    kind: 'reason',
    summary: 'The increase exceeds the labelled maximum step (needs a justified override).',
  },
  ITB_R_TITRATION_FAR_ABOVE_STEP: {
    kind: 'reason',
    summary: 'The increase exceeds the hard multiple of the labelled maximum step: refused.',
  },
  ITB_R_TITRATION_SOONER_THAN_RECOMMENDED: {
    kind: 'reason',
    summary:
      'An increase after the minimum interval but sooner than the label recommends (ziconotide: 24 h allowed, 48 h recommended): a warning to justify.',
  },
  ITB_R_TITRATION_TOO_SOON: {
    kind: 'reason',
    summary:
      'An increase sooner after the last change than the drug’s label allows (baclofen 24 h): refused.',
  },
  ITB_R_TITRATION_TIMING_UNKNOWN: {
    kind: 'reason',
    summary:
      'The time since the last change is unknown; confirm the drug’s minimum interval before increasing.',
  },
  ITB_R_TITRATION_REDUCTION_LARGE: {
    kind: 'reason',
    summary:
      'A reduction larger than the usual 10–20 % step: withdrawal risk, named by the drug’s own withdrawal signs.',
  },
  ITB_R_TITRATION_REDUCTION_ABRUPT: {
    kind: 'reason',
    summary: 'A stop or a reduction of more than half: high withdrawal risk (boxed warning).',
  },
  ITB_R_TITRATION_RESTART: {
    kind: 'reason',
    summary:
      "Restarting from a stopped pump: the drug's own restart rule (baclofen: restart lower, observe for overdose); a drug without one is checked by its start limits.",
  },
  ITB_R_TITRATION_ABOVE_LABEL_INCREMENT: {
    kind: 'reason',
    summary:
      'The increase is larger than the fixed increment the drug’s label allows (e.g. ziconotide 2.4 mcg/day): refused.',
  },
  ITB_R_TITRATION_WEEKLY_COUNT_REACHED: {
    kind: 'reason',
    summary: 'The drug’s label allows no more increases in 7 days than have already been made: refused.',
  },
  ITB_R_TITRATION_WEEKLY_COUNT_UNKNOWN: {
    kind: 'reason',
    summary: 'The number of increases in the last 7 days is unknown for a drug whose label counts them.',
  },
  ITB_R_TITRATION_REDUCTION_NO_WITHDRAWAL: {
    kind: 'reason',
    summary: 'A reduction or stop of a drug without a withdrawal syndrome (allowed, noted).',
  },
  ITB_R_TITRATION_DELIVERY_IN_DOUBT: {
    kind: 'reason',
    summary:
      'An increase while under-delivery is suspected (residual higher than expected): a catheter may be occluded.',
  },
  ITB_R_TITRATION_ESCALATING: {
    kind: 'reason',
    summary:
      'An opioid increase beyond twice the lowest dose of the escalation window: a catheter-tip granuloma is considered first (justification needed).',
  },
  ITB_R_CNS_DEPRESSANTS_NOT_REVIEWED: {
    kind: 'reason',
    summary:
      'A start or increase of an opioid or ziconotide without the prescriber confirming the systemic CNS depressants were reviewed (justification needed).',
  },
  ITB_R_CNS_DEPRESSANTS_REVIEWED: {
    kind: 'reason',
    summary:
      'The prescriber confirmed the systemic CNS depressants were reviewed (recorded with the prescription).',
  },
  ITB_R_START_ABOVE_LABEL_MAX: {
    kind: 'reason',
    summary: 'A start (or restart from 0) above the label’s largest starting dose: refused.',
  },
  ITB_R_OPIOID_STATUS_UNKNOWN: {
    kind: 'reason',
    summary:
      'An opioid start without knowing whether the patient is opioid-naive or tolerant: refused above the naive range, a justified override within it.',
  },
  ITB_R_OPIOID_NAIVE_START_ABOVE_RANGE: {
    kind: 'reason',
    summary: 'An opioid-naive patient would start above the label’s naive range: refused.',
  },
  ITB_R_AGE_BELOW_DRUG_LABEL: {
    kind: 'reason',
    summary: 'The patient is younger than the drug’s label supports (off-label: needs a justified override).',
  },
  ITB_R_CURRENT_OUTSIDE_HARD_LIMIT: {
    kind: 'reason',
    summary: 'The recorded current dose is outside the drug library’s absolute range; verify the record.',
  },

  // Catheter, priming and bridge (docs/clinical-reference.md §3)
  ITB_R_CATHETER_VOLUME: {
    kind: 'reason',
    summary: 'How the catheter volume was calculated (volume per cm × implanted length).',
  },
  ITB_R_PRIMING_SUPERVISED: {
    kind: 'reason',
    summary: 'A priming bolus must be given under supervision: drug mixes with fluid in the catheter.',
  },
  ITB_R_BRIDGE_NOT_NEEDED: {
    kind: 'reason',
    summary: 'No bridge is needed: the concentration does not change or nothing old remains to clear.',
  },
  ITB_R_BRIDGE_PREVENTS_OVERDOSE: {
    kind: 'reason',
    summary: 'Without a bridge the old, stronger drug in the catheter would be delivered too fast: overdose.',
  },
  ITB_R_BRIDGE_PREVENTS_UNDERDOSE: {
    kind: 'reason',
    summary: 'Without a bridge the old, weaker drug in the catheter would under-dose: withdrawal risk.',
  },

  // Patient-controlled bolus settings (docs/clinical-reference.md §3; patient-bolus-rules.ts)
  ITB_R_PATIENT_BOLUS_DEVICE_FORBIDS: {
    kind: 'reason',
    summary: 'The device profile has no patient-controlled bolus.',
  },
  ITB_R_PATIENT_BOLUS_DRUG_FORBIDS: {
    kind: 'reason',
    summary: "The drug's library entry does not allow patient-controlled boluses (baclofen).",
  },
  ITB_R_PATIENT_BOLUS_SETTING_OUT_OF_RANGE: {
    kind: 'reason',
    summary:
      'A patient-controlled bolus setting (dose, lockout, boluses a day, duration) is outside its range.',
  },
  ITB_R_PATIENT_BOLUS_DOSE_ABOVE_MAX: {
    kind: 'reason',
    summary: "The dose per patient-controlled bolus is above the drug library's single-bolus maximum.",
  },
  ITB_R_PATIENT_BOLUS_DAY_ABOVE_MAX: {
    kind: 'reason',
    summary: "The basal day plus every allowed patient bolus could exceed the drug's absolute daily maximum.",
  },
} as const);

export type GuardrailCode = keyof typeof GUARDRAIL_CODES;

/** Builds a reason with one of this module's codes (units as the message names them). */
export const reason = reasonFor<GuardrailCode>();
