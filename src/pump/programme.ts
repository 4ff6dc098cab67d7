/** Writing a checked programme into the draft, shared by the program and refill commands. */
import type { Prescription } from '../therapy/prescription.ts';
import type { Draft } from './draft.ts';
import { meanFlowOf } from './prescription-checks.ts';

/** Writes a checked prescription into the draft; a programme rewrites memory and ends a reset state. */
export function install(d: Draft, p: Prescription): void {
  d.prescription = p;
  d.meanFlow = meanFlowOf(d, p);
  if (d.reservoir.contents !== null) d.memory = 'ok';
  d.lowBatteryReset = false;
  if (p.mode !== 'stopped') d.suspended = false;
}

export const bump = (d: Draft): void => {
  d.version += 1;
};
