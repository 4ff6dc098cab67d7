/**
 * Builders shared by the world's tests: delivery segments and parameter sets without delivery error, so
 * that a test about plug flow or occlusion checks exact numbers and not the random factor.
 */
import type { DeliverySegment } from '../pump/delivery.ts';
import type { DrugId } from '../therapy/drug.ts';
import { MS_PER_HOUR, type EpochMs, type NanogramsPerMl, type Nanolitres } from '../therapy/quantities.ts';
import { sourced } from '../therapy/sourced.ts';
import type { WorldParamsInput } from './params.ts';
import type { Arrival } from './types.ts';

/** 2026-01-01T00:00:00Z: the clock the world tests start at. */
export const T0 = Date.UTC(2026, 0, 1) as EpochMs;

export const at = (hoursAfterT0: number): EpochMs => (T0 + Math.round(hoursAfterT0 * MS_PER_HOUR)) as EpochMs;

/** Baclofen 2000 µg/mL (a label strength, docs/clinical-reference.md §2) in ng/mL. */
export const BACLOFEN_2000 = 2_000_000 as NanogramsPerMl;
export const BACLOFEN_500 = 500_000 as NanogramsPerMl;

/** A commanded basal segment. */
export function segment(
  start: number,
  end: number,
  volume: number,
  concentration: NanogramsPerMl = BACLOFEN_2000,
  drug: DrugId = 'baclofen',
): DeliverySegment {
  return {
    start: start as EpochMs,
    end: end as EpochMs,
    volume: volume as Nanolitres,
    strokes: 0,
    drug,
    concentration,
    purpose: 'basal',
  };
}

/** Parameters whose delivery error is exactly zero (mean 0, spread 0). */
export const EXACT: WorldParamsInput = {
  deliveryError: {
    perRefillMean: sourced(0, 'A', 'test: no delivery error'),
    accuracy: sourced(0, 'A', 'test: no delivery error'),
  },
};

/** Total mass of the arrivals matching a filter. */
export const massWhere = (arrivals: readonly Arrival[], keep: (a: Arrival) => boolean): number =>
  arrivals.filter(keep).reduce((sum, a) => sum + a.mass, 0);
