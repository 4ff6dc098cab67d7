/**
 * What the programming page knows of the pump, for its live check to compare a change as the server's plan
 * will (src/programmer/not-running.ts, pump-consistency.ts): the page's own interrogation when it made one,
 * else the board's record of the pump (the last interrogation, the replacement, the clinic's stop). A pump
 * that runs no programme is checked from the dose the patient received, not from the prescription on record:
 * read from the record alone, the live check said "OK, no change" to the full old dose after a long
 * interruption — the restart the Finish screen then warned against.
 */
import type { RecordedInstant } from '../../../src/clinic/clinical-time.ts';
import {
  clinicStopped,
  interruptedSinceOf,
  notDelivering,
  type NotDeliveringRow as Row,
} from '../../../src/clinic/not-delivering.ts';
import type { PumpChecked } from '../../../src/programmer/pump-consistency.ts';
import { prescriptionFromJson } from '../../../src/therapy/prescription-json.ts';
import type { DrugId } from '../../../src/therapy/drug.ts';
import type { NanogramsPerMl } from '../../../src/therapy/quantities.ts';
import type { PrescriptionRecord } from '../api.ts';

/** The pump from an interrogation's snapshot as the API answers it (src/programmer/interrogate.ts). */
function fromSnapshot(snapshot: Record<string, unknown>): PumpChecked {
  const status = (snapshot['status'] ?? {}) as Record<string, unknown>;
  return {
    prescription: prescriptionFromJson(snapshot['prescription']),
    status: {
      drug: (status['drug'] as DrugId | undefined) ?? undefined,
      concentration: Number(status['concentration'] ?? 0) as NanogramsPerMl,
      suspended: status['suspended'] === true,
    },
  };
}

/**
 * The pump as the page knows it; null when nothing says it differs from the prescription on record (the
 * live check then compares against the record, as the plan does against a pump that runs it).
 */
export function pumpAsKnown(
  snapshot: Record<string, unknown> | null,
  row: Row | null,
  head: Pick<PrescriptionRecord, 'prescription'> | null,
): PumpChecked | null {
  if (snapshot !== null) return fromSnapshot(snapshot);
  if (row === null || head === null || head.prescription.mode === 'stopped') return null;
  const has = (c: string) => row.conditions.some((x) => x.condition === c);
  const runsNone = has('not-running');
  const suspended = has('suspended') || clinicStopped(row);
  if (!runsNone && !suspended) return null;
  const rx = prescriptionFromJson(head.prescription);
  if (rx.mode === 'stopped') return null;
  // The board does not say what the pump holds: taken as the record's (the Finish screen reads the pump).
  return {
    prescription: runsNone ? { mode: 'stopped' } : rx,
    status: { drug: rx.drug.drug, concentration: rx.drug.concentration, suspended },
  };
}

/** Since when the records say no drug reached the patient (the plan's "not delivering since"). */
export function interruptedSinceOfRow(row: Row | null): RecordedInstant | undefined {
  return interruptedSinceOf(row === null ? null : notDelivering(row));
}
