/**
 * A refill as it really happens (docs/clinical-reference.md §3, "Critical actions"): the residual is drained completely and
 * handed back for comparison with the pump's calculated volume, the new drug goes in, and a new delivery
 * error is drawn for the interval that starts. A pocket fill sends all or part of the injected volume into
 * the subcutaneous pocket instead — the pump is told it was refilled all the same.
 */
import { ItbError } from '../therapy/codes.ts';
import type { DrugId } from '../therapy/drug.ts';
import type { EpochMs, Nanograms, NanogramsPerMl, Nanolitres } from '../therapy/quantities.ts';
import { drawDeliveryErrorPpm } from './delivery-error.ts';
import { toPpm } from './params.ts';
import { emptyParcel, splitPpm } from './plug-flow.ts';
import type { Arrival, Parcel, World } from './types.ts';
import { addTotals, advanceWorld, parcelOf } from './world.ts';

export interface Refill {
  /** Volume injected through the fill port. */
  readonly volumeAdded: Nanolitres;
  readonly concentration: NanogramsPerMl;
  readonly drug: DrugId;
  /**
   * Fraction of `volumeAdded` (0–1) that goes into the pocket instead of the reservoir; 1 = the whole
   * refill (the needle never entered the reservoir). Absent = 0.
   */
  readonly pocketFill?: number;
  /**
   * Whether the residual is drained first. The procedure requires it; false models a clinician who skips
   * it (the new drug then mixes with the residual, which must be the same drug). Default true.
   */
  readonly drainResidual?: boolean;
}

export interface RefillOutcome {
  readonly world: World;
  /** Pocket absorption up to the refill (advancing the clock). */
  readonly arrivals: Arrival[];
  /** What was really drained: compare with the pump's calculated residual (Maino 2017 thresholds). */
  readonly residual: { readonly volume: Nanolitres; readonly mass: Nanograms; readonly drug: DrugId };
}

function invalid(message: string): never {
  throw new ItbError('ITB_E_WORLD_INVALID_REFILL', message);
}

/** Refills the true reservoir at `now`. */
export function applyRefill(world: World, refill: Refill, now: EpochMs): RefillOutcome {
  const { volumeAdded, concentration, drug } = refill;
  const pocketFraction = refill.pocketFill ?? 0;
  if (!Number.isSafeInteger(volumeAdded) || volumeAdded < 0) invalid('refill volume must be ≥ 0 nL');
  if (!Number.isSafeInteger(concentration) || concentration < 0) invalid('concentration must be ≥ 0');
  if (!(pocketFraction >= 0 && pocketFraction <= 1)) invalid('pocket-fill fraction must lie in [0, 1]');

  const advanced = advanceWorld(world, now);
  const w = advanced.world;
  const drain = refill.drainResidual ?? true;
  const old = w.reservoir;
  if (!drain && old.volume > 0 && old.drug !== drug) {
    throw new ItbError(
      'ITB_E_WORLD_MIXED_DRUGS',
      `refilling ${drug} onto an undrained residual of ${old.drug}`,
    );
  }

  const batch = w.nextBatch;
  const injected = parcelOf({ drug, concentration }, volumeAdded, batch);
  const [toPocket, toReservoir] = splitPpm(injected, toPpm(pocketFraction));

  // Undrained: the residual and the new fluid mix into one new batch (one concentration).
  const reservoir: Parcel = drain
    ? toReservoir
    : {
        drug: old.volume > 0 ? old.drug : drug,
        batch,
        volume: (old.volume + toReservoir.volume) as Nanolitres,
        mass: (old.mass + toReservoir.mass) as Nanograms,
      };
  // The pocket absorbs each drug as one first-order deposit; a second fill of the same drug adds to it.
  const pocket = w.pocket.filter((p) => p.drug !== toPocket.drug);
  const earlier = w.pocket.find((p) => p.drug === toPocket.drug);
  const deposit: Parcel = earlier
    ? {
        ...toPocket,
        volume: (earlier.volume + toPocket.volume) as Nanolitres,
        mass: (earlier.mass + toPocket.mass) as Nanograms,
      }
    : toPocket;
  if (deposit.volume > 0 || deposit.mass > 0) pocket.push(deposit);

  const [deliveryErrorPpm, errorRng] = drawDeliveryErrorPpm(w.rng.deliveryError, w.params.deliveryError);
  const drained = drain ? old : emptyParcel(old);
  return {
    world: {
      ...w,
      reservoir,
      pocket,
      deliveryErrorPpm,
      rng: { ...w.rng, deliveryError: errorRng },
      nextBatch: batch + 1,
      totals: addTotals(w.totals, {
        filled: toReservoir.mass,
        pocketed: toPocket.mass,
        pumpSiteVolume: toPocket.volume,
        drained: drained.mass,
      }),
    },
    arrivals: advanced.arrivals,
    residual: { volume: drained.volume, mass: drained.mass, drug: old.drug },
  };
}
