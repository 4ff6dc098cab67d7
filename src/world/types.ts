/**
 * The world's state and what it emits. The pump sees none of this: it believes its calculated reservoir
 * volume and the prescription it runs (docs/clinical-reference.md §3, "reservoir volume is calculated, not sensed").
 */
import type { DrugId } from '../therapy/drug.ts';
import type { EpochMs, Nanograms, NanogramsPerDay, Nanolitres } from '../therapy/quantities.ts';
import type { Rng } from './random.ts';
import type { WorldParams } from './params.ts';

/**
 * The catheter's condition. Fractions are of the flow: `partly-occluded` blocks that fraction of what the
 * pump pushes (the rest stays in the reservoir); `leaking` sends that fraction into tissue, at the pump end
 * (a connector or a break near the pump: fresh reservoir fluid, no delay) or at the tip (a tip that has
 * slipped out of the intrathecal space: catheter fluid, after the plug-flow delay). `disconnected` sends
 * all of it into tissue at the pump end and leaves the catheter's content where it is.
 */
export type CatheterState =
  | { readonly kind: 'patent' }
  | { readonly kind: 'partly-occluded'; readonly fraction: number }
  | { readonly kind: 'occluded' }
  | { readonly kind: 'leaking'; readonly fraction: number; readonly at?: 'pump-end' | 'tip' }
  | { readonly kind: 'disconnected' };

/**
 * A volume of well-mixed fluid. `batch` names where it came from (a refill, the priming fluid), so adjacent
 * parcels of one batch — one concentration — can merge and the catheter's list stays short.
 */
export interface Parcel {
  readonly volume: Nanolitres;
  readonly mass: Nanograms;
  readonly drug: DrugId;
  readonly batch: number;
}

/** Where drug ends up: the intrathecal space at the catheter tip, or subcutaneous tissue (→ plasma). */
export type ArrivalSite = 'intrathecal' | 'tissue';
/** How it got there: out of the tip, through a leak or disconnection, or absorbed from a pocket fill. */
export type ArrivalOrigin = 'tip' | 'leak' | 'pocket';

/**
 * Drug reaching the body over [start, end) at a constant rate. `mass` is exact and authoritative (the sum
 * over arrivals conserves mass to the nanogram); `ngPerDay` is mass ÷ duration rounded. When start === end
 * the arrival is an instantaneous deposit of `mass` (a sub-millisecond parcel at bolus rates), ngPerDay 0.
 */
export interface Arrival {
  readonly start: EpochMs;
  readonly end: EpochMs;
  readonly ngPerDay: NanogramsPerDay;
  readonly mass: Nanograms;
  readonly volume: Nanolitres;
  readonly drug: DrugId;
  readonly site: ArrivalSite;
  readonly origin: ArrivalOrigin;
}

/**
 * Signals the world sends the pump controller: what its motor sensing would report. A stall caused by an
 * MRI says so and when the field ends, so the simulator can also present it as a field start/end with a
 * recovery delay if the controller models it that way.
 */
export type WorldSignal =
  | {
      readonly kind: 'motor-stall';
      readonly at: EpochMs;
      readonly cause: 'mri';
      /** When the scan (the field) ends; the rotor stays stalled until the recovery signal. */
      readonly fieldEnd: EpochMs;
    }
  | { readonly kind: 'motor-recovery'; readonly at: EpochMs };

/** A window during which the rotor cannot turn (an MRI scan and its recovery). */
export interface StallWindow {
  readonly from: EpochMs;
  readonly until: EpochMs;
}

/** Running totals of drug mass (ng) through each door of the model: what a conservation check reads. */
export interface WorldTotals {
  /** Put into the reservoir at refills (and the initial content). */
  readonly filled: Nanograms;
  /** Drained from the reservoir at refills (the residual). */
  readonly drained: Nanograms;
  /** Pumped out of the reservoir. */
  readonly pumped: Nanograms;
  /** Injected into the pocket instead of the reservoir. */
  readonly pocketed: Nanograms;
  /** Put into the catheter at implant or revision (priming content). */
  readonly primed: Nanograms;
  /** Taken out with a catheter at revision. */
  readonly explanted: Nanograms;
  /** Arrived in the intrathecal space. */
  readonly intrathecal: Nanograms;
  /** Arrived in tissue (leaks and pocket absorption). */
  readonly tissue: Nanograms;
  /**
   * Fluid volume released at the pump site (leaks at the pump end, a disconnection, pocket fills): what the
   * patient feels as swelling or unusual feelings at the pump (a volume, not a mass: it is not conserved
   * drug but where fluid went).
   */
  readonly pumpSiteVolume: Nanolitres;
}

export interface World {
  readonly params: WorldParams;
  /** The world clock: everything before it has been accounted for. */
  readonly now: EpochMs;
  /** The true reservoir: one well-mixed parcel. */
  readonly reservoir: Parcel;
  /** The delivery error of the current refill interval, in parts per million (+25,000 = +2.5 %). */
  readonly deliveryErrorPpm: number;
  readonly catheter: {
    readonly state: CatheterState;
    readonly volume: Nanolitres;
    /** Fluid in the catheter, tip first: index 0 leaves next. Total volume = `volume`. */
    readonly line: readonly Parcel[];
  };
  /** Catheter changes still to come, in time order (fault injection). */
  readonly catheterSchedule: readonly { readonly at: EpochMs; readonly state: CatheterState }[];
  /** Drug sitting in the subcutaneous pocket after a pocket fill, one deposit per drug. */
  readonly pocket: readonly Parcel[];
  /** Rotor stalls not yet over. */
  readonly stalls: readonly StallWindow[];
  readonly rng: { readonly deliveryError: Rng; readonly mri: Rng };
  /** The next batch number to hand out. */
  readonly nextBatch: number;
  readonly totals: WorldTotals;
}
