/**
 * The world model's parameters: every number is data with its source and confidence tag (docs/clinical-reference.md
 * header), named and overridable. Defaults reproduce docs/clinical-reference.md §3–§4; a scenario overrides what it studies.
 */
import { PROMETRA_CATHETER } from '../therapy/catheter.ts';
import { ItbError } from '../therapy/codes.ts';
import type { DrugId } from '../therapy/drug.ts';
import {
  MS_PER_HOUR,
  nanolitres,
  type Millis,
  type NanogramsPerMl,
  type Nanolitres,
} from '../therapy/quantities.ts';
import { sourced, type Sourced } from '../therapy/sourced.ts';
import { mulDivExact } from './exact.ts';

/** A fluid as drawn up in a syringe: which drug, how concentrated. Saline has concentration 0. */
export interface FluidSpec {
  readonly drug: DrugId;
  readonly concentration: NanogramsPerMl;
}

export const SALINE: FluidSpec = { drug: 'saline', concentration: 0 as NanogramsPerMl };

/**
 * Catheter dead volume per centimetre: the Prometra catheter's [C] figure from the therapy core
 * (src/therapy/catheter.ts), the one confirmed value in docs/clinical-reference.md §3. Other catheters: pass their own.
 */
export const CATHETER_NL_PER_CM: Sourced<number> = PROMETRA_CATHETER.volumePerCm;

/** Catheter volume for an implanted length, rounded to the nearest nanolitre. */
export function catheterVolumeForLength(
  lengthCm: number,
  nlPerCm: number = CATHETER_NL_PER_CM.value,
): Nanolitres {
  if (!(lengthCm >= 0) || !(nlPerCm >= 0)) {
    throw new ItbError('ITB_E_WORLD_INVALID_CATHETER', `catheter length ${lengthCm} cm is not valid`);
  }
  return nanolitres(Math.round(lengthCm * nlPerCm));
}

/**
 * How far the volume really pumped departs from what the pump commands, drawn once per refill interval
 * (docs/clinical-reference.md §3): factor = 1 + e, e ~ Normal(perRefillMean, accuracy / accuracySds), truncated to ±limit.
 * A positive e over-delivers: the true reservoir empties before the pump's calculated volume says so.
 */
export interface DeliveryErrorParams {
  readonly perRefillMean: Sourced<number>;
  /**
   * Kept as the validation target for long runs, not drawn from: the per-refill mean is the unweighted
   * mean over refill intervals, the cumulative one is volume-weighted over a pump's life.
   */
  readonly cumulativeMean: Sourced<number>;
  readonly accuracy: Sourced<number>;
  readonly accuracySds: Sourced<number>;
  readonly limit: Sourced<number>;
}

export interface WorldParams {
  /** Dead volume of the implanted catheter (plug-flow delay line, docs/clinical-reference.md §4). */
  readonly catheterVolume: Sourced<Nanolitres>;
  /** What the catheter holds at implant: primed with saline unless told otherwise. */
  readonly catheterContent: FluidSpec;
  /** What the reservoir holds when the world starts (empty unless told otherwise). */
  readonly reservoir: FluidSpec & { readonly volume: Nanolitres };
  readonly deliveryError: DeliveryErrorParams;
  /** First-order absorption of a pocket fill from the subcutaneous pocket into tissue/plasma. */
  readonly pocketAbsorptionTimeConstant: Sourced<Millis>;
  /** Longest piece of a pocket-absorption arrival, so the exponential is followed closely enough. */
  readonly pocketArrivalResolution: Sourced<Millis>;
  /** Delay after an MRI scan before the rotor restarts, drawn uniformly in [min, max]. */
  readonly mriRecoveryDelay: Sourced<{ readonly min: Millis; readonly max: Millis }>;
}

const hours = (h: number): Millis => (h * MS_PER_HOUR) as Millis;

export const DEFAULT_WORLD_PARAMS: WorldParams = {
  catheterVolume: sourced(
    nanolitres(50 * CATHETER_NL_PER_CM.value),
    'A',
    `50 cm implanted (the worked example of docs/clinical-reference.md §4) × ${CATHETER_NL_PER_CM.source}`,
  ),
  catheterContent: SALINE,
  reservoir: { ...SALINE, volume: nanolitres(0) },
  deliveryError: {
    perRefillMean: sourced(
      0.025,
      'C',
      'Wesemann 2014: mean per-refill deviation +2.5 % (docs/clinical-reference.md §3)',
    ),
    cumulativeMean: sourced(
      0.01,
      'C',
      'Wesemann 2014: cumulative deviation +1 % (docs/clinical-reference.md §3)',
    ),
    accuracy: sourced(0.145, 'U', 'SynchroMed II flow accuracy ±14.5 % (docs/clinical-reference.md §3)'),
    accuracySds: sourced(2, 'A', 'the ±14.5 % accuracy band read as ±2 standard deviations'),
    limit: sourced(0.5, 'A', 'truncation so a drawn factor stays physical (never negative flow)'),
  },
  pocketAbsorptionTimeConstant: sourced(
    hours(3),
    'A',
    'subcutaneous absorption "over hours" (Medtronic 2011 pocket-fill correction); 3 h is our choice',
  ),
  pocketArrivalResolution: sourced(hours(0.5), 'A', 'one sixth of the absorption time constant'),
  mriRecoveryDelay: sourced(
    { min: hours(2), max: hours(24) },
    'C',
    'SynchroMed MRI labelling: rotor stalls during the scan, recovery may take 2–24 h (docs/clinical-reference.md §3)',
  ),
};

/** Parameter overrides: any top-level field, and any field of the delivery error. */
export type WorldParamsInput = Partial<Omit<WorldParams, 'deliveryError'>> & {
  readonly deliveryError?: Partial<DeliveryErrorParams>;
};

function invalid(message: string): never {
  throw new ItbError('ITB_E_WORLD_INVALID_PARAMS', message);
}

/** Defaults merged with overrides, validated. */
export function worldParams(input: WorldParamsInput = {}): WorldParams {
  const p: WorldParams = {
    ...DEFAULT_WORLD_PARAMS,
    ...input,
    deliveryError: { ...DEFAULT_WORLD_PARAMS.deliveryError, ...input.deliveryError },
  };
  const e = p.deliveryError;
  if (!Number.isSafeInteger(p.catheterVolume.value) || p.catheterVolume.value < 0) {
    invalid('catheter volume must be a non-negative integer of nanolitres');
  }
  if (!Number.isSafeInteger(p.reservoir.volume) || p.reservoir.volume < 0) {
    invalid('initial reservoir volume must be a non-negative integer of nanolitres');
  }
  if (!(p.catheterContent.concentration >= 0) || !(p.reservoir.concentration >= 0)) {
    invalid('concentrations must be non-negative');
  }
  if (!(e.accuracy.value >= 0) || !(e.accuracySds.value > 0) || !(e.limit.value >= 0)) {
    invalid('delivery-error spread must be non-negative with a positive number of SDs');
  }
  if (!(e.limit.value < 1) || !Number.isFinite(e.perRefillMean.value)) {
    invalid('delivery-error limit must be below 100 % and the mean finite');
  }
  if (!(p.pocketAbsorptionTimeConstant.value > 0) || !(p.pocketArrivalResolution.value > 0)) {
    invalid('pocket absorption time constant and resolution must be positive');
  }
  const { min, max } = p.mriRecoveryDelay.value;
  if (!(min >= 0) || !(max >= min)) invalid('MRI recovery delay needs 0 ≤ min ≤ max');
  return p;
}

/** A fraction in [0, 1] as integer parts per million, so the world's arithmetic stays exact. */
export const PPM = 1_000_000;
export const toPpm = (fraction: number): number => Math.round(fraction * PPM);
/** `volume` scaled by a ppm factor, rounded to the nearest nanolitre. */
export const scalePpm = (volume: number, ppm: number): number => mulDivExact(volume, ppm, PPM);
