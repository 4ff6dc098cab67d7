/**
 * What the pump commands its mechanism to deliver: the contract between the pump controller (src/pump),
 * the physical world (src/world) and the simulator. The pump *believes* it delivered exactly this; what
 * really leaves the reservoir and reaches the spine is the world's business.
 */
import type { DrugId } from '../therapy/drug.ts';
import type { EpochMs, Nanolitres, NanogramsPerMl } from '../therapy/quantities.ts';

/** Why a segment was delivered: the basal programme or one of the bolus kinds. */
export type DeliveryPurpose =
  'basal' | 'single-bolus' | 'priming-bolus' | 'bridge-bolus' | 'patient-bolus' | 'periodic-bolus';

/**
 * Volume commanded over [start, end): delivered evenly over the interval, as `strokes` discrete strokes or
 * valve pulses of the device profile's stroke volume (the last one may be partial only at a stop).
 */
export interface DeliverySegment {
  readonly start: EpochMs;
  readonly end: EpochMs;
  readonly volume: Nanolitres;
  readonly strokes: number;
  readonly drug: DrugId;
  readonly concentration: NanogramsPerMl;
  readonly purpose: DeliveryPurpose;
}
