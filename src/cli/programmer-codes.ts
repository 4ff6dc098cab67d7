/**
 * Codes of the telemetry CLI (`itb pump serve`, `itb programmer …`): why the programmer sent nothing, or
 * could not show that what it sent took effect. Refusals by the pump or the link keep their own codes
 * (ITB_E_PUMP_*, ITB_E_LINK_*), passed through unchanged.
 */
import { defineCodes } from '../therapy/codes.ts';

export const PROGRAMMER_CODES = defineCodes({
  ITB_E_PROGRAMMER_NOT_CONFIRMED: {
    kind: 'error',
    summary: 'The pending change was reviewed but not confirmed with --yes; nothing was sent to the pump.',
  },
  ITB_E_PROGRAMMER_GUARDRAIL_BLOCKED: {
    kind: 'error',
    summary: 'A therapy guardrail blocks the pending change (hard limit); nothing was sent to the pump.',
  },
  ITB_E_PROGRAMMER_JUSTIFICATION_REQUIRED: {
    kind: 'error',
    summary: 'A guardrail warns about the pending change: it needs --justification as well as --yes.',
  },
  ITB_E_PROGRAMMER_NOT_APPLIED: {
    kind: 'error',
    summary: 'The pump confirmed it never applied the command, and the programmer gave up retrying.',
  },
  ITB_E_PROGRAMMER_OUTCOME_UNKNOWN: {
    kind: 'error',
    summary:
      'The link was lost after the command was sent: the pump may or may not have applied it; interrogate first.',
  },
  ITB_E_PROGRAMMER_READBACK_MISMATCH: {
    kind: 'error',
    summary: 'The pump accepted the command but reading it back does not show exactly what was sent.',
  },
  ITB_E_PROGRAMMER_DATA_DIR: {
    kind: 'error',
    summary: 'The pump data directory is inconsistent (e.g. a pump image without its keys file).',
  },
} as const);

export type ProgrammerCode = keyof typeof PROGRAMMER_CODES;
