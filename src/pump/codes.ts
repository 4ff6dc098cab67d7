/**
 * Codes of the pump controller (src/pump). A refused command carries one `ITB_E_PUMP_*` error code and the
 * `ITB_R_PUMP_*` reasons behind it; the pump's own hard limits re-check what the programmer checked
 * (docs/architecture.md principle 4, defence in depth).
 */
import { defineCodes } from '../therapy/codes.ts';
import { reasonFor } from '../therapy/verdict.ts';

export const PUMP_CODES = defineCodes({
  // Errors: one per refused command or invalid input
  ITB_E_PUMP_UNKNOWN_PROFILE: { kind: 'error', summary: 'No device profile has this id.' },
  ITB_E_PUMP_STATE_INVALID: {
    kind: 'error',
    summary: 'A stored pump state could not be decoded or failed validation; nothing was loaded.',
  },
  ITB_E_PUMP_CLOCK_BACKWARDS: {
    kind: 'error',
    summary: 'The pump was stepped to a time before its current time.',
  },
  ITB_E_PUMP_INVALID_COMMAND: {
    kind: 'error',
    summary: 'A pump command is malformed (missing id, wrong type, non-integer quantity).',
  },
  ITB_E_PUMP_VERSION_CONFLICT: {
    kind: 'error',
    summary: 'The command was written against an older pump state version (compare-and-set failed).',
  },
  ITB_E_PUMP_HARD_LIMIT: {
    kind: 'error',
    summary: 'The command would break a hard limit of the drug library or the device; the pump refused it.',
  },
  ITB_E_PUMP_STATE_UNKNOWN: {
    kind: 'error',
    summary: 'The pump does not know its contents or programme (memory error): boluses are refused.',
  },
  ITB_E_PUMP_NOT_SUPPORTED: { kind: 'error', summary: 'This device profile cannot do what was asked.' },
  ITB_E_PUMP_NOT_NOW: {
    kind: 'error',
    summary: 'The command is valid but the pump’s present state forbids it (alarm, bolus running, stopped).',
  },
  ITB_E_PUMP_DRUG_MISMATCH: {
    kind: 'error',
    summary: 'The drug or concentration named differs from what the pump holds.',
  },
  ITB_E_PUMP_OUT_OF_SERVICE: {
    kind: 'error',
    summary: 'The pump has reached end of service and delivers nothing more.',
  },

  // Reasons
  ITB_R_PUMP_RATE_ABOVE_MAX: { kind: 'reason', summary: 'A flow exceeds the device’s maximum flow.' },
  ITB_R_PUMP_RATE_BELOW_MIN: { kind: 'reason', summary: 'A flow is below the device’s minimum flow.' },
  ITB_R_PUMP_DRUG_NOT_LABELLED: {
    kind: 'reason',
    summary: 'The device’s labelling does not include this drug: refused.',
  },
  ITB_R_PUMP_CONCENTRATION_NOT_LABELLED: {
    kind: 'reason',
    summary: 'The device is labelled for this drug only in another range of strengths: refused.',
  },
  ITB_R_PUMP_AGE_BELOW_LABEL: {
    kind: 'reason',
    summary: 'The patient is younger than the device is labelled for with this drug: refused.',
  },
  ITB_R_PUMP_DRUG_OFF_LABEL: {
    kind: 'reason',
    summary:
      'The drug is used in this device in practice but is not in its labelling (needs a justified override).',
  },
  ITB_R_PUMP_DEVICE_NOT_NAMED: {
    kind: 'reason',
    summary: 'No device was named: the device’s labelling, flow range and alarm thresholds were not applied.',
  },
  ITB_R_PUMP_DOSE_ABOVE_HARD_MAX: {
    kind: 'reason',
    summary: 'A daily dose exceeds the drug library’s absolute maximum.',
  },
  ITB_R_PUMP_DOSE_BELOW_HARD_MIN: {
    kind: 'reason',
    summary: 'A daily dose is below the drug library’s absolute minimum.',
  },
  ITB_R_PUMP_ROLLING_24H_ABOVE_MAX: {
    kind: 'reason',
    summary: 'Drug delivered in the last 24 h plus this bolus would exceed the absolute daily maximum.',
  },
  ITB_R_PUMP_BOLUS_ABOVE_MAX: {
    kind: 'reason',
    summary: 'A bolus exceeds the drug library’s single-bolus maximum.',
  },
  ITB_R_PUMP_BOLUS_TOO_SMALL: { kind: 'reason', summary: 'A bolus is smaller than one stroke.' },
  ITB_R_PUMP_BOLUS_EXCEEDS_CATHETER: {
    kind: 'reason',
    summary: 'A priming or bridge bolus is larger than the catheter and pump dead space it is meant to fill.',
  },
  ITB_R_PUMP_CONCENTRATION_NOT_ALLOWED: {
    kind: 'reason',
    summary: 'The concentration is not one the drug library allows for the drug.',
  },
  ITB_R_PUMP_DRUG_MISMATCH: {
    kind: 'reason',
    summary: 'The prescription names a different drug or concentration than the reservoir holds.',
  },
  ITB_R_PUMP_CONTENTS_UNKNOWN: {
    kind: 'reason',
    summary: 'The reservoir contents are unknown (memory error or never filled): fail closed.',
  },
  ITB_R_PUMP_MODE_NOT_SUPPORTED: { kind: 'reason', summary: 'The device has no such infusion mode.' },
  ITB_R_PUMP_BOLUS_NOT_SUPPORTED: { kind: 'reason', summary: 'The device cannot run this kind of bolus.' },
  ITB_R_PUMP_FIXED_FLOW: {
    kind: 'reason',
    summary: 'A constant-flow pump’s dose is its fixed flow × concentration; only a refill changes it.',
  },
  ITB_R_PUMP_PATIENT_BOLUS_OFF: { kind: 'reason', summary: 'No patient bolus is configured.' },
  ITB_R_PUMP_PATIENT_BOLUS_LOCKOUT: {
    kind: 'reason',
    summary: 'A patient bolus was asked for inside the lockout interval after the previous one.',
  },
  ITB_R_PUMP_PATIENT_BOLUS_DAILY_MAX: {
    kind: 'reason',
    summary: 'The patient has used the maximum number of boluses in the last 24 hours.',
  },
  ITB_R_PUMP_BOLUS_RUNNING: { kind: 'reason', summary: 'A bolus is already running.' },
  ITB_R_PUMP_CRITICAL_ALARM: {
    kind: 'reason',
    summary: 'A critical alarm is active: no bolus starts and any running bolus is halted.',
  },
  ITB_R_PUMP_STOPPED: { kind: 'reason', summary: 'The pump is stopped or its motor is stalled.' },
  ITB_R_PUMP_RESERVOIR_LOW: {
    kind: 'reason',
    summary: 'The calculated reservoir does not hold the bolus above the empty threshold.',
  },
  ITB_R_PUMP_OVERFILL: { kind: 'reason', summary: 'The new volume exceeds the reservoir’s capacity.' },
  ITB_R_PUMP_MIXED_CONTENTS: {
    kind: 'reason',
    summary: 'A different drug or concentration was added without draining the residual completely.',
  },
  ITB_R_PUMP_SETTING_OUT_OF_RANGE: {
    kind: 'reason',
    summary: 'A setting lies outside the range the device profile allows.',
  },
  ITB_R_PUMP_VERSION_CONFLICT: {
    kind: 'reason',
    summary: 'The pump’s state changed since the programmer read it; interrogate and review again.',
  },
  ITB_R_PUMP_END_OF_SERVICE: {
    kind: 'reason',
    summary: 'The battery has reached end of service or the device its maximum life.',
  },
  ITB_R_PUMP_WITHDRAWAL_RISK: {
    kind: 'reason',
    summary: 'Stopping a withdrawal-risk drug can cause withdrawal within hours: resume or replace therapy.',
  },
  ITB_R_PUMP_NO_SUCH_ALARM: { kind: 'reason', summary: 'The alarm to acknowledge is not active.' },
  ITB_R_PUMP_MALFORMED: { kind: 'reason', summary: 'A command field is missing or has the wrong type.' },
  ITB_R_PUMP_PRESCRIPTION_RULE: {
    kind: 'reason',
    summary: 'The prescription failed the shared prescription rules (details in the message).',
  },
} as const);

export type PumpCode = keyof typeof PUMP_CODES;
export type PumpErrorCode = Extract<PumpCode, `ITB_E_${string}`>;
export type PumpReasonCode = Extract<PumpCode, `ITB_R_${string}`>;

/** Builds a reason with one of this module's codes. */
export const pumpReason = reasonFor<PumpReasonCode>();
