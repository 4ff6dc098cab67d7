/**
 * What really happens when the pump commands a delivery segment (src/pump/delivery.ts): the true volume
 * leaving the reservoir (delivery error, occlusion, an empty reservoir, a stalled rotor), where it goes
 * (a leak or disconnection into tissue, or through the catheter's plug-flow delay line to the tip), and
 * when drug reaches the body. Closed form per segment: the segment is cut only where something changes
 * (a scheduled catheter fault, a stall starting or ending, the reservoir running dry).
 *
 * Conservation (tested as a property): mass pumped out of the reservoir = mass arrived intrathecally + mass
 * arrived in tissue through leaks + change in catheter content.
 */
import type { DeliverySegment } from '../pump/delivery.ts';
import { ItbError } from '../therapy/codes.ts';
import { mulDivExact } from './exact.ts';
import { PPM, scalePpm, toPpm } from './params.ts';
import { emptyParcel, pushThrough, splitParcel, splitPpm } from './plug-flow.ts';
import { arrivalOf } from './pocket.ts';
import type { Arrival, CatheterState, World } from './types.ts';
import { addTotals, advanceWorld, applyCatheterSchedule, assertNotBefore } from './world.ts';

/** Fraction of the commanded flow that gets past the catheter (ppm). */
function passPpm(state: CatheterState): number {
  switch (state.kind) {
    case 'occluded':
      return 0;
    case 'partly-occluded':
      return PPM - toPpm(state.fraction);
    default:
      return PPM;
  }
}

/** Fraction of what is pumped that leaves at the pump end into tissue (ppm). */
function pumpEndLeakPpm(state: CatheterState): number {
  if (state.kind === 'disconnected') return PPM;
  if (state.kind === 'leaking' && state.at !== 'tip') return toPpm(state.fraction);
  return 0;
}

/** Fraction of what leaves the tip that goes into tissue instead of the intrathecal space (ppm). */
function tipLeakPpm(state: CatheterState): number {
  return state.kind === 'leaking' && state.at === 'tip' ? toPpm(state.fraction) : 0;
}

const stalledAt = (world: World, t: number): boolean => world.stalls.some((s) => s.from <= t && t < s.until);

/** Flow over [a, b) with a constant catheter state, `commanded` nL asked of the mechanism. */
function flowInterval(
  world: World,
  a: number,
  b: number,
  commanded: number,
): { world: World; arrivals: Arrival[] } {
  const state = world.catheter.state;
  if (commanded <= 0 || stalledAt(world, a)) return { world, arrivals: [] };
  const wanted = scalePpm(scalePpm(commanded, PPM + world.deliveryErrorPpm), passPpm(state));
  const available = world.reservoir.volume;
  const out = Math.min(wanted, available);
  if (out <= 0) return { world, arrivals: [] };
  // A reservoir that runs dry stops the flow part-way through the interval.
  const end = wanted > available ? a + mulDivExact(available, b - a, wanted) : b;
  const [drawn, reservoir] =
    out >= available ? [world.reservoir, emptyParcel(world.reservoir)] : splitParcel(world.reservoir, out);

  const arrivals: Arrival[] = [];
  const leakPpm = pumpEndLeakPpm(state);
  const [leak, inflow] = leakPpm > 0 ? splitPpm(drawn, leakPpm) : [undefined, drawn];
  if (leak && leak.volume > 0) arrivals.push(arrivalOf(leak, a, end, 'tissue', 'leak'));

  let line = world.catheter.line;
  if (inflow.volume > 0) {
    const pushed = pushThrough(line, inflow);
    line = pushed.line;
    // Plug flow at a constant rate: each parcel leaves the tip over its share of [a, end).
    let cum = 0;
    const tipPpm = tipLeakPpm(state);
    const timeAt = (v: number): number => a + mulDivExact(v, end - a, inflow.volume);
    for (const p of pushed.out) {
      const t0 = timeAt(cum);
      cum += p.volume;
      const t1 = timeAt(cum);
      const [tissue, spine] = tipPpm > 0 ? splitPpm(p, tipPpm) : [undefined, p];
      if (tissue && tissue.volume > 0) arrivals.push(arrivalOf(tissue, t0, t1, 'tissue', 'leak'));
      if (spine.volume > 0) arrivals.push(arrivalOf(spine, t0, t1, 'intrathecal', 'tip'));
    }
  }

  let intrathecal = 0;
  let tissue = 0;
  for (const x of arrivals) {
    if (x.site === 'intrathecal') intrathecal += x.mass;
    else tissue += x.mass;
  }
  return {
    world: {
      ...world,
      reservoir,
      catheter: { ...world.catheter, line },
      totals: addTotals(world.totals, {
        pumped: drawn.mass,
        intrathecal,
        tissue,
        pumpSiteVolume: leak?.volume ?? 0,
      }),
    },
    arrivals,
  };
}

function validateSegment(segment: DeliverySegment): void {
  const { start, end, volume } = segment;
  const ok =
    Number.isSafeInteger(start) &&
    Number.isSafeInteger(end) &&
    Number.isSafeInteger(volume) &&
    end >= start &&
    volume >= 0 &&
    (end > start || volume === 0);
  if (!ok) {
    throw new ItbError(
      'ITB_E_WORLD_INVALID_SEGMENT',
      `delivery segment [${start}, ${end}) of ${volume} nL is not valid`,
    );
  }
}

/**
 * Applies what the pump commanded over [segment.start, segment.end). The world clock must not be past
 * segment.start; the gap before it is advanced first (pocket absorption, scheduled catheter changes).
 * Returns the new world and the arrivals, in order of start time.
 */
export function applyDelivery(
  world: World,
  segment: DeliverySegment,
): { readonly world: World; readonly arrivals: Arrival[] } {
  validateSegment(segment);
  assertNotBefore(world, segment.start, 'delivery segment');
  const { start, end, volume } = segment;
  const before = advanceWorld(world, segment.start);
  let w = before.world;
  const arrivals = [...before.arrivals];

  const inside = (t: number): boolean => t > start && t < end;
  const cuts =
    w.catheterSchedule.length === 0 && w.stalls.length === 0
      ? [start, end]
      : [
          ...new Set([
            start,
            ...w.catheterSchedule.map((c) => c.at).filter(inside),
            ...w.stalls.flatMap((s) => [s.from, s.until]).filter(inside),
            end,
          ]),
        ].sort((x, y) => x - y);
  // Evenly spread commanded volume; cumulative so the pieces sum exactly to the segment's volume.
  const commandedBy = (t: number): number => (end > start ? mulDivExact(volume, t - start, end - start) : 0);

  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i] ?? start;
    const b = cuts[i + 1] ?? end;
    w = applyCatheterSchedule(w, a);
    const flowed = flowInterval(w, a, b, commandedBy(b) - commandedBy(a));
    w = flowed.world;
    arrivals.push(...flowed.arrivals);
  }

  const after = advanceWorld(w, segment.end);
  arrivals.push(...after.arrivals);
  return { world: after.world, arrivals: arrivals.sort((x, y) => x.start - y.start) };
}
