/**
 * Codes of the simulator (src/sim): scenario files that do not validate, population workers that fail, and
 * the reason the simulated clinic records for a missed refill. Refusals inside a run carry the guardrail's
 * or the pump's own codes.
 */
import { defineCodes } from '../therapy/codes.ts';

export const SIM_CODES = defineCodes({
  ITB_E_SIM_INVALID_SCENARIO: {
    kind: 'error',
    summary: 'A scenario file is not valid JSON or does not match the scenario schema (the path says where).',
  },
  ITB_E_SIM_WORKER_FAILED: {
    kind: 'error',
    summary:
      'A population worker thread failed; the population result would be incomplete, so none is given.',
  },
  ITB_R_SIM_REFILL_MISSED: {
    kind: 'reason',
    summary: 'A scheduled refill did not happen (injected fault): the reservoir runs down to its alarms.',
  },
} as const);

export type SimCode = keyof typeof SIM_CODES;
