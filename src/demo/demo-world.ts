/**
 * The physical world around each demo pump (src/world, docs/world.md): the true reservoir, the delivery
 * error drawn per refill interval and the catheter's plug-flow transit. The pump's delivery segments and the
 * refills it accepts over the link go through the world in time order; what the world delivers at the
 * catheter tip is what the virtual body receives.
 */
import type { StepOutputs } from '../pump/draft.ts';
import type { LogEntry } from '../pump/state.ts';
import { deliverSegments } from '../sim/couple.ts';
import { ItbError } from '../therapy/codes.ts';
import { getDrug } from '../therapy/drug-library.ts';
import {
  MS_PER_DAY,
  nanogramsPerMl,
  nanolitres,
  type EpochMs,
  type Nanolitres,
} from '../therapy/quantities.ts';
import { sourced } from '../therapy/sourced.ts';
import {
  applyRefill,
  createWorld,
  replaceCatheter,
  seedRng,
  type Arrival,
  type DeliveryErrorParams,
  type FluidSpec,
  type Refill,
  type RefillOutcome,
  type World,
} from '../world/index.ts';
import { PPM } from '../world/params.ts';

/** The demo implants' catheter: the volume recorded in every demo implant record and run by its world. */
export const DEMO_CATHETER = {
  model: '8709SC',
  lengthMm: 500,
  volume: sourced(nanolitres(110_000), 'A', 'demo implant record: 50 cm of 8709SC catheter holding 0.11 mL'),
} as const;

/**
 * The demo world's delivery error: the per-refill mean stays the measured +2.5 % [C], the spread is the
 * demo's choice. With the pump's specified ±14.5 % accuracy (the world's default) an 18 mL refill interval
 * misses the calculated residual by more than 1 mL in a good share of refills without any fault, and the
 * board would show discrepancies the demo does not tell. Here every drawn error stays within ±5 %, so the
 * residual of an 18 mL fill drifts at most 0.9 mL from the calculated one — under the 1 mL threshold of a
 * 20 mL pump (Maino 2017) — and the board shows the one scripted discrepancy.
 */
export const DEMO_DELIVERY_ERROR = {
  accuracy: sourced(
    0.02,
    'A',
    'demo choice: ±2 % accuracy (±2 SD) instead of the specified ±14.5 %, so that only the scripted refill discrepancy shows',
  ),
  limit: sourced(
    0.05,
    'A',
    'demo choice: drawn errors truncated to ±5 %: an 18 mL fill then drifts at most 0.9 mL, under the 1 mL reconciliation threshold',
  ),
} as const satisfies Partial<DeliveryErrorParams>;

/**
 * The world of demo patient `n`: catheter primed with saline, reservoir filled with `fill` at `at`. The
 * catheter holds the demo implants' volume unless an implant recorded another (`catheterVolume`).
 */
export function createDemoWorld(
  n: number,
  seed: number,
  fill: FluidSpec & { readonly volume: Nanolitres },
  at: EpochMs,
  catheterVolume?: Nanolitres,
): World {
  return createWorld(
    {
      catheterVolume:
        catheterVolume === undefined
          ? DEMO_CATHETER.volume
          : sourced(catheterVolume, 'A', 'the catheter volume computed for the implant record'),
      reservoir: fill,
      deliveryError: DEMO_DELIVERY_ERROR,
    },
    seedRng(seed, `demo-world:${n}`).state,
    at,
  );
}

/** A refill the world followed: what went in, what was really drained, what the nurse typed. */
export interface DemoRefill {
  readonly at: EpochMs;
  readonly volumeAdded: Nanolitres;
  /** The residual typed into the programmer (the pump reconciles it); null when none was given. */
  readonly measured: Nanolitres | null;
  /** What the world really drained. */
  readonly residual: RefillOutcome['residual'];
  /** The world's true reservoir right after the refill. */
  readonly reservoirAfter: Nanolitres;
}

function logNumber(entry: LogEntry, key: string): number {
  const v = entry.data?.[key];
  if (typeof v !== 'number')
    throw new ItbError('ITB_E_INTERNAL', `the pump's refill log entry ${entry.seq} has no ${key}`);
  return v;
}

/** The refill a pump accepted, read from its `refill` log entry; null for any other entry. */
export function refillFromLog(
  entry: LogEntry,
): { readonly at: EpochMs; readonly refill: Refill; readonly measured: Nanolitres | null } | null {
  if (entry.type !== 'refill') return null;
  const volumeAdded = nanolitres(logNumber(entry, 'volumeAdded'));
  const drained = entry.data?.drainedVolume;
  return {
    at: entry.at,
    refill: {
      drug: getDrug(String(entry.data?.drug)).id,
      concentration: nanogramsPerMl(logNumber(entry, 'concentration')),
      volumeAdded,
      // The pump counts a residual left in only when the new volume exceeds what was added.
      drainResidual: logNumber(entry, 'newVolume') === volumeAdded,
    },
    measured: typeof drained === 'number' ? nanolitres(drained) : null,
  };
}

/** A catheter volume set on the pump (a catheter change over the link): the world gets a new catheter. */
export function catheterFromLog(
  entry: LogEntry,
): { readonly at: EpochMs; readonly volume: Nanolitres } | null {
  if (entry.type !== 'catheter') return null;
  return { at: entry.at, volume: nanolitres(logNumber(entry, 'volume')) };
}

/**
 * What one pump step did to the world: its delivery segments, the refills it accepted and the catheter
 * changes it was told of, in time order (the pump accepts a command at an instant its delivery has reached,
 * so segments before the command's instant come first). A new catheter starts filled with the world's
 * catheter content (no drug); the priming bolus that follows pushes drug into it.
 */
export function feedWorld(
  world: World,
  outputs: StepOutputs,
): { readonly world: World; readonly arrivals: Arrival[]; readonly refills: DemoRefill[] } {
  let w = world;
  let rest = outputs.segments;
  const arrivals: Arrival[] = [];
  const refills: DemoRefill[] = [];
  const deliverUntil = (at: number) => {
    const delivered = deliverSegments(
      w,
      rest.filter((s) => s.start < at),
    );
    rest = rest.filter((s) => s.start >= at);
    w = delivered.world;
    arrivals.push(...delivered.arrivals);
  };
  for (const entry of outputs.log) {
    const c = catheterFromLog(entry);
    if (c !== null) {
      deliverUntil(c.at);
      const changed = replaceCatheter(w, c.volume, c.at);
      w = changed.world;
      arrivals.push(...changed.arrivals);
      continue;
    }
    const r = refillFromLog(entry);
    if (r === null) continue;
    deliverUntil(r.at);
    const done = applyRefill(w, r.refill, r.at);
    w = done.world;
    arrivals.push(...done.arrivals);
    refills.push({
      at: r.at,
      volumeAdded: r.refill.volumeAdded,
      measured: r.measured,
      residual: done.residual,
      reservoirAfter: w.reservoir.volume,
    });
  }
  deliverUntil(Number.POSITIVE_INFINITY);
  return { world: w, arrivals, refills };
}

/**
 * How long drug leaving the pump now takes to reach the catheter tip: the catheter volume at the true flow
 * (the commanded `flow` in nL/day with the world's delivery error). Null when nothing flows.
 */
export function catheterTransitMs(world: World, flow: number): number | null {
  const trueFlow = (flow * (PPM + world.deliveryErrorPpm)) / PPM;
  return trueFlow > 0 ? (world.catheter.volume * MS_PER_DAY) / trueFlow : null;
}

/** Drug mass (ng) in the catheter now. */
export const catheterDrugNg = (world: World): number =>
  world.catheter.line.reduce((sum, p) => sum + p.mass, 0);
