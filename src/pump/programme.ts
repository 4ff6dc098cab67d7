/** Writing a checked programme into the draft, shared by the program and refill commands. */
import type { Prescription } from '../therapy/prescription.ts';
import type { Draft } from './draft.ts';
import { meanFlowOf } from './prescription-checks.ts';

/**
 * Writes a checked prescription into the draft; a programme rewrites memory and ends a reset state. A pump
 * stopped by command stays stopped: the prescription is kept for the resume, the one command that restarts
 * delivery. Before, any programme write — a dose change, a refill's update — restarted a stopped pump at
 * once, at the new dose, without the restart plan (after a long stop: not at the full prior dose,
 * docs/clinical-reference.md §2), while the clinic's records still said it was stopped.
 */
export function install(d: Draft, p: Prescription): void {
  d.prescription = p;
  d.meanFlow = meanFlowOf(d, p);
  if (d.reservoir.contents !== null) d.memory = 'ok';
  d.lowBatteryReset = false;
}

export const bump = (d: Draft): void => {
  d.version += 1;
};
