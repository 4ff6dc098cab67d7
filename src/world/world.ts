/**
 * The physical truth around a pump (docs/architecture.md, world/): creating a world, moving its clock, scheduling
 * catheter faults, replacing a catheter. Delivery is in delivery.ts, refills in refill.ts, MRI in mri.ts.
 * Everything is pure: a function of the world value, its arguments and the seeded generators it carries.
 */
import { ItbError } from '../therapy/codes.ts';
import { massInVolume, type EpochMs, type Nanograms, type Nanolitres } from '../therapy/quantities.ts';
import { worldParams, type FluidSpec, type WorldParamsInput } from './params.ts';
import { absorbPocket } from './pocket.ts';
import { seedRng } from './random.ts';
import { drawDeliveryErrorPpm } from './delivery-error.ts';
import type { Arrival, CatheterState, Parcel, World, WorldTotals } from './types.ts';

/** A parcel of `volume` of `fluid`, tagged with `batch`. */
export function parcelOf(fluid: FluidSpec, volume: Nanolitres, batch: number): Parcel {
  return { volume, mass: massInVolume(volume, fluid.concentration), drug: fluid.drug, batch };
}

const ZERO = 0 as Nanograms;

/**
 * A new world at `now`: catheter primed (saline by default), reservoir as the params say (empty by
 * default), catheter patent, the first delivery error drawn from `seed`.
 */
export function createWorld(params: WorldParamsInput, seed: number, now: EpochMs): World {
  const p = worldParams(params);
  const catheterContent = parcelOf(p.catheterContent, p.catheterVolume.value, 0);
  const reservoir = parcelOf(p.reservoir, p.reservoir.volume, 1);
  const [deliveryErrorPpm, errorRng] = drawDeliveryErrorPpm(seedRng(seed, 'delivery-error'), p.deliveryError);
  const totals: WorldTotals = {
    filled: reservoir.mass,
    drained: ZERO,
    pumped: ZERO,
    pocketed: ZERO,
    primed: catheterContent.mass,
    explanted: ZERO,
    intrathecal: ZERO,
    tissue: ZERO,
    pumpSiteVolume: 0 as Nanolitres,
  };
  return {
    params: p,
    now,
    reservoir,
    deliveryErrorPpm,
    catheter: {
      state: { kind: 'patent' },
      volume: p.catheterVolume.value,
      line: catheterContent.volume > 0 ? [catheterContent] : [],
    },
    catheterSchedule: [],
    pocket: [],
    stalls: [],
    rng: { deliveryError: errorRng, mri: seedRng(seed, 'mri') },
    nextBatch: 2,
    totals,
  };
}

/** Throws ITB_E_WORLD_TIME_REVERSED when `at` is before the world clock. */
export function assertNotBefore(world: World, at: number, what: string): void {
  if (!Number.isSafeInteger(at) || at < world.now) {
    throw new ItbError(
      'ITB_E_WORLD_TIME_REVERSED',
      `${what} at ${at} is before the world clock ${world.now}`,
    );
  }
}

function validateCatheterState(state: CatheterState): void {
  if (state.kind === 'partly-occluded' || state.kind === 'leaking') {
    if (!(state.fraction >= 0 && state.fraction <= 1)) {
      throw new ItbError(
        'ITB_E_WORLD_INVALID_CATHETER',
        `${state.kind} fraction must lie in [0, 1], got ${state.fraction}`,
      );
    }
  }
}

/**
 * The catheter becomes `state` at `at` (now or later): fault injection. Changes take effect in time
 * order; a delivery that spans `at` is split there.
 */
export function setCatheter(world: World, state: CatheterState, at: EpochMs): World {
  assertNotBefore(world, at, 'catheter change');
  validateCatheterState(state);
  const catheterSchedule = [...world.catheterSchedule, { at, state }].sort((a, b) => a.at - b.at);
  return { ...world, catheterSchedule };
}

/** Applies the scheduled catheter changes due at or before `at`, without moving the clock. */
export function applyCatheterSchedule(world: World, at: number): World {
  const due = world.catheterSchedule.filter((c) => c.at <= at);
  const last = due[due.length - 1];
  if (!last) return world;
  return {
    ...world,
    catheter: { ...world.catheter, state: last.state },
    catheterSchedule: world.catheterSchedule.filter((c) => c.at > at),
  };
}

/** Adds ng to the named running totals (written out field by field: this runs once per segment). */
export function addTotals(t: WorldTotals, add: Partial<Record<keyof WorldTotals, number>>): WorldTotals {
  return {
    filled: (t.filled + (add.filled ?? 0)) as Nanograms,
    drained: (t.drained + (add.drained ?? 0)) as Nanograms,
    pumped: (t.pumped + (add.pumped ?? 0)) as Nanograms,
    pocketed: (t.pocketed + (add.pocketed ?? 0)) as Nanograms,
    primed: (t.primed + (add.primed ?? 0)) as Nanograms,
    explanted: (t.explanted + (add.explanted ?? 0)) as Nanograms,
    intrathecal: (t.intrathecal + (add.intrathecal ?? 0)) as Nanograms,
    tissue: (t.tissue + (add.tissue ?? 0)) as Nanograms,
    pumpSiteVolume: (t.pumpSiteVolume + (add.pumpSiteVolume ?? 0)) as Nanolitres,
  };
}

/**
 * Moves the clock to `until` with no delivery: the pocket keeps absorbing, scheduled catheter changes
 * happen, finished stalls are forgotten.
 */
export function advanceWorld(
  world: World,
  until: EpochMs,
): { readonly world: World; readonly arrivals: Arrival[] } {
  assertNotBefore(world, until, 'advance');
  const idle =
    world.pocket.length === 0 &&
    world.stalls.length === 0 &&
    (world.catheterSchedule[0]?.at ?? Infinity) > until;
  if (idle) return { world: until === world.now ? world : { ...world, now: until }, arrivals: [] };
  const absorbed = absorbPocket(
    world.pocket,
    world.now,
    until,
    world.params.pocketAbsorptionTimeConstant.value,
    world.params.pocketArrivalResolution.value,
  );
  const tissue = absorbed.arrivals.reduce((sum, a) => sum + a.mass, 0);
  const next = applyCatheterSchedule(world, until);
  return {
    world: {
      ...next,
      now: until,
      pocket: absorbed.pocket,
      stalls: next.stalls.filter((s) => s.until > until),
      totals: addTotals(next.totals, { tissue }),
    },
    arrivals: absorbed.arrivals,
  };
}

/**
 * Catheter revision at `now` (docs/clinical-reference.md §3: a priming bolus follows): the old catheter and its content come
 * out, a new one of `volume` primed with `content` (saline by default) goes in, patent.
 */
export function replaceCatheter(
  world: World,
  volume: Nanolitres,
  now: EpochMs,
  content: FluidSpec = world.params.catheterContent,
): { readonly world: World; readonly arrivals: Arrival[]; readonly explanted: Nanograms } {
  if (!Number.isSafeInteger(volume) || volume < 0) {
    throw new ItbError('ITB_E_WORLD_INVALID_CATHETER', `catheter volume ${volume} nL is not valid`);
  }
  const advanced = advanceWorld(world, now);
  const w = advanced.world;
  const explanted = w.catheter.line.reduce((sum, p) => sum + p.mass, 0) as Nanograms;
  const primed = parcelOf(content, volume, w.nextBatch);
  return {
    world: {
      ...w,
      catheter: { state: { kind: 'patent' }, volume, line: primed.volume > 0 ? [primed] : [] },
      nextBatch: w.nextBatch + 1,
      totals: addTotals(w.totals, { explanted, primed: primed.mass }),
    },
    arrivals: advanced.arrivals,
    explanted,
  };
}
