/**
 * Codes of the virtual patient (src/body). The body is a model, not a device: its errors are about
 * malformed inputs to the model (time running backwards, negative doses, bad parameters); its reasons explain
 * the decisions of the screening trial it runs (docs/clinical-reference.md §1.1).
 */
import { defineCodes } from '../therapy/codes.ts';

export const BODY_CODES = defineCodes({
  ITB_E_BODY_TIME_BACKWARDS: {
    kind: 'error',
    summary: 'The virtual patient was asked to go back in time, or to take a bolus at another time than now.',
  },
  ITB_E_BODY_INVALID_INPUT: {
    kind: 'error',
    summary:
      'A drug input to the virtual patient is malformed (negative or non-finite rate, amount or volume).',
  },
  ITB_E_BODY_INVALID_PATIENT: {
    kind: 'error',
    summary: 'A virtual-patient parameter is missing, non-finite or outside its physical domain.',
  },
  ITB_E_BODY_INVALID_PROTOCOL: {
    kind: 'error',
    summary:
      'A screening-trial protocol is malformed (no doses, non-positive dose, assessments out of order).',
  },
  ITB_R_SCREEN_RESPONSE: {
    kind: 'reason',
    summary: 'A screening bolus reduced tone by at least the protocol’s criterion at enough assessments.',
  },
  ITB_R_SCREEN_NO_RESPONSE: {
    kind: 'reason',
    summary:
      'A screening bolus did not meet the response criterion; the next protocol dose follows 24 h later.',
  },
  ITB_R_SCREEN_NON_CANDIDATE: {
    kind: 'reason',
    summary: 'No protocol dose up to the last (100 µg) produced a response: not a candidate for a pump.',
  },
  ITB_R_SCREEN_START_DOSE: {
    kind: 'reason',
    summary: 'The first daily dose derived from the effective screening dose and the length of its effect.',
  },
} as const);

export type BodyCode = keyof typeof BODY_CODES;
