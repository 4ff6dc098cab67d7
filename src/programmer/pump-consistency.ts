/**
 * The programmer's own checks of a change against the pump (docs/hazards.md): the drug and concentration it
 * holds, delivery stopped, a pump that runs no programme, a record that disagrees with the pump. Pure: the
 * server's titration plan (titrate.ts) and the programming page's live check read them.
 */
import type { PrescriptionRecord } from '../clinic/clinical-records.ts';
import type { Prescription } from '../therapy/prescription.ts';
import { concentrationText } from '../therapy/drug-display.ts';
import type { Reason } from '../therapy/verdict.ts';
import { progReason } from './codes.ts';
import { toJson } from './diff.ts';
import type { Snapshot } from './interrogate.ts';
import type { PumpRunning } from './not-running.ts';
import { prescriptionToJson } from '../therapy/prescription-json.ts';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What the programmer's own checks read of the pump: what it runs, holds, and whether delivery is stopped. */
export interface PumpChecked extends PumpRunning {
  readonly status: PumpRunning['status'] & Pick<Snapshot['status'], 'suspended'>;
}

/**
 * The programmer's own checks: what the pump holds, and whether the record agrees with the pump. The
 * server's plan and the programming page's live check read them (one rule, two surfaces).
 */
export function consistencyReasons(
  input: { readonly snapshot: PumpChecked; readonly head: Pick<PrescriptionRecord, 'prescription'> | null },
  proposed: Prescription,
  notRunning: Reason | null,
): Reason[] {
  const reasons: Reason[] = [];
  const { status } = input.snapshot;
  if (proposed.mode !== 'stopped') {
    const d = proposed.drug;
    if (d.drug !== status.drug || d.concentration !== status.concentration) {
      reasons.push(
        progReason(
          'ITB_R_PROG_CONCENTRATION_MISMATCH',
          'block',
          `the prescription is for ${d.drug} ${concentrationText(d.concentration, d.drug)} but the pump holds ` +
            `${status.drug ?? 'an unknown drug'} ${concentrationText(status.concentration, status.drug)}: a concentration ` +
            'changes only at a refill (wrong-concentration hazard)',
        ),
      );
    }
  }
  if (status.suspended) {
    reasons.push(
      progReason(
        'ITB_R_PROG_DELIVERY_STOPPED',
        'warn',
        'delivery is stopped: the new dose is written to the pump but runs only when delivery is resumed with ' +
          'the restart plan (after a long stop, not at the full prior dose)',
      ),
    );
  }
  const running = prescriptionToJson(input.snapshot.prescription);
  if (input.head === null) {
    reasons.push(
      progReason(
        'ITB_R_PROG_PUMP_CHAIN_MISMATCH',
        'warn',
        'no prescription is on record for this patient: the current dose is taken from the pump alone',
      ),
    );
  } else if (notRunning !== null) {
    reasons.push(notRunning);
  } else if (!same(toJson(input.head.prescription), toJson(running))) {
    reasons.push(
      progReason(
        'ITB_R_PROG_PUMP_CHAIN_MISMATCH',
        'warn',
        'the pump runs a prescription different from the one on record: find out why before changing it ' +
          '(the step is checked from what the pump runs)',
      ),
    );
  }
  return reasons;
}
