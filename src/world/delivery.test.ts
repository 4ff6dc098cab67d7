/**
 * What the pump cannot see (docs/clinical-reference.md §3–§4): the plug-flow delay of the catheter, occlusions, leaks,
 * disconnections and an empty reservoir, against what the pump believes it delivered.
 */
import { describe, expect, it } from 'vitest';
import {
  MS_PER_HOUR,
  flowToDose,
  massInVolume,
  mlPerDay,
  mlToNl,
  nanolitres,
  timeToDeliver,
  volumeOver,
  type Millis,
} from '../therapy/quantities.ts';
import { sourced } from '../therapy/sourced.ts';
import { catheterTransitTime } from '../therapy/catheter.ts';
import { applyDelivery } from './delivery.ts';
import { BACLOFEN_2000, BACLOFEN_500, EXACT, T0, at, massWhere, segment } from './test-fixtures.ts';
import { catheterVolumeForLength, type WorldParamsInput } from './params.ts';
import { applyRefill } from './refill.ts';
import type { Arrival, CatheterState, World } from './types.ts';
import { createWorld, setCatheter } from './world.ts';

const FLOW = mlPerDay(0.15);
const HOUR_VOLUME = volumeOver(FLOW, MS_PER_HOUR as Millis);

/** A world with 20 mL of baclofen 2000 µg/mL and a saline-primed 50 cm catheter, no delivery error. */
function filledWorld(params: WorldParamsInput = {}): World {
  const w = createWorld({ ...EXACT, ...params }, 1, T0);
  return applyRefill(w, { volumeAdded: mlToNl(20), concentration: BACLOFEN_2000, drug: 'baclofen' }, T0)
    .world;
}

/** Delivers `hours` one-hour basal segments at FLOW from `fromHour`; returns the world and arrivals. */
function runHours(world: World, fromHour: number, hours: number, volume = HOUR_VOLUME) {
  let w = world;
  const arrivals: Arrival[] = [];
  for (let h = fromHour; h < fromHour + hours; h++) {
    const r = applyDelivery(w, segment(at(h), at(h + 1), volume));
    w = r.world;
    arrivals.push(...r.arrivals);
  }
  return { world: w, arrivals };
}

const firstDrug = (arrivals: readonly Arrival[]): Arrival | undefined =>
  arrivals.find((a) => a.mass > 0 && a.site === 'intrathecal');

describe('the catheter as a plug-flow delay line (docs/clinical-reference.md §4)', () => {
  const volume = catheterVolumeForLength(50); // 0.0026 mL/cm × 50 cm (docs/clinical-reference.md §3)
  const delay = timeToDeliver(volume, FLOW) ?? 0;

  it('holds ~21 h of drug in a 50 cm catheter at 0.15 mL/day', () => {
    expect(volume).toBe(mlToNl(0.13));
    expect(catheterTransitTime(volume, FLOW)).toBe(delay); // the therapy core agrees
    expect(Math.abs(delay / MS_PER_HOUR - 21)).toBeLessThan(0.5);
  });

  it('delivers the saline prime first; drug reaches the tip exactly one catheter volume later', () => {
    const { arrivals } = runHours(filledWorld(), 0, 30);
    const drug = firstDrug(arrivals);
    expect(drug?.start).toBe(T0 + delay);
    const before = arrivals.filter((a) => a.start < T0 + delay);
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((a) => a.drug === 'saline' && a.mass === 0)).toBe(true);
    // Saline volume out of the tip = the catheter volume.
    expect(before.reduce((s, a) => s + a.volume, 0)).toBe(volume);
    // Then the tip delivers the programmed dose: 0.15 mL/day × 2000 µg/mL = 300 µg/day.
    const steady = arrivals.filter((a) => a.start >= at(22));
    expect(steady.every((a) => a.ngPerDay === flowToDose(FLOW, BACLOFEN_2000))).toBe(true);
  });

  it('gives the same delay however the delivery is cut into segments (to the rounding of each segment’s nL)', () => {
    const oneSegment = applyDelivery(filledWorld(), segment(at(0), at(30), 30 * HOUR_VOLUME));
    expect(firstDrug(oneSegment.arrivals)?.start).toBe(T0 + delay);
    const uneven = [0, 0.3, 7, 20.79, 20.81, 25, 30];
    let w = filledWorld();
    const arrivals: Arrival[] = [];
    for (let i = 0; i + 1 < uneven.length; i++) {
      const [a, b] = [uneven[i] ?? 0, uneven[i + 1] ?? 0];
      const r = applyDelivery(w, segment(at(a), at(b), volumeOver(FLOW, (at(b) - at(a)) as Millis)));
      w = r.world;
      arrivals.push(...r.arrivals);
    }
    // Each segment's commanded volume is rounded to the nL; 1 nL is ~576 ms of flow at 0.15 mL/day.
    const segments = uneven.length - 1;
    const tolerance = timeToDeliver(nanolitres(segments), FLOW) ?? 0;
    const first = firstDrug(arrivals)?.start ?? 0;
    expect(Math.abs(first - (T0 + delay))).toBeLessThanOrEqual(tolerance);
    // In volume the delay is exact: one catheter volume of saline leaves the tip before the drug.
    const saline = arrivals.filter((a) => a.start < first).reduce((s, a) => s + a.volume, 0);
    expect(saline).toBe(volume);
  });

  it('brings a concentration change to the tip only after one catheter volume (why bridge boluses exist)', () => {
    let { world } = runHours(filledWorld(), 0, 48);
    world = applyRefill(
      world,
      { volumeAdded: mlToNl(20), concentration: BACLOFEN_500, drug: 'baclofen' },
      at(48),
    ).world;
    const { arrivals } = runHours(world, 48, 30);
    const old = flowToDose(FLOW, BACLOFEN_2000);
    const next = flowToDose(FLOW, BACLOFEN_500);
    const change = at(48) + delay;
    expect(arrivals.filter((a) => a.end <= change).every((a) => a.ngPerDay === old)).toBe(true);
    expect(arrivals.filter((a) => a.start >= change).every((a) => a.ngPerDay === next)).toBe(true);
    expect(arrivals.some((a) => a.start === change && a.ngPerDay === next)).toBe(true);
  });
});

describe('occlusion: the reservoir stops falling, the pump does not know (docs/clinical-reference.md §3)', () => {
  it('stops arrivals; the residual at refill is higher than the calculated volume', () => {
    const filled = filledWorld();
    let { world } = runHours(filled, 0, 48);
    world = setCatheter(world, { kind: 'occluded' }, at(48));
    const before = world.reservoir.volume;
    const after = runHours(world, 48, 72);
    expect(after.arrivals).toEqual([]);
    expect(after.world.reservoir.volume).toBe(before);

    // The pump believes it delivered every commanded hour.
    const calculated = mlToNl(20) - 120 * HOUR_VOLUME;
    const residual = applyRefill(
      after.world,
      { volumeAdded: mlToNl(20), concentration: BACLOFEN_2000, drug: 'baclofen' },
      at(120),
    ).residual;
    expect(residual.volume - calculated).toBe(72 * HOUR_VOLUME);
  });

  it('a partial occlusion lets through only the unblocked fraction', () => {
    let { world } = runHours(filledWorld(), 0, 48);
    world = setCatheter(world, { kind: 'partly-occluded', fraction: 0.25 }, at(48));
    const before = world.reservoir.volume;
    const after = runHours(world, 48, 24);
    const passedPerHour = Math.round(HOUR_VOLUME * 0.75); // rounded to the nL each segment
    expect(before - after.world.reservoir.volume).toBe(24 * passedPerHour);
    const rate = 24 * massInVolume(nanolitres(passedPerHour), BACLOFEN_2000);
    expect(after.arrivals.every((a) => a.ngPerDay === rate)).toBe(true);
  });

  it('takes effect at the scheduled instant inside a segment', () => {
    let { world } = runHours(filledWorld(), 0, 48);
    world = setCatheter(world, { kind: 'occluded' }, at(60));
    const r = applyDelivery(world, segment(at(48), at(72), 24 * HOUR_VOLUME));
    expect(Math.max(...r.arrivals.map((a) => a.end))).toBe(at(60));
    expect(world.reservoir.volume - r.world.reservoir.volume).toBe(12 * HOUR_VOLUME);
  });
});

describe('leaks and disconnection send drug to tissue', () => {
  const leakAfter = (state: CatheterState) => {
    let { world } = runHours(filledWorld(), 0, 48);
    const line = world.catheter.line;
    world = setCatheter(world, state, at(48));
    const r = runHours(world, 48, 24);
    return { ...r, lineBefore: line };
  };
  const daily = flowToDose(FLOW, BACLOFEN_2000); // ng in 24 h of FLOW

  it('a pump-end leak sends its fraction straight to tissue, the rest to the spine', () => {
    const { arrivals } = leakAfter({ kind: 'leaking', fraction: 0.4 });
    expect(massWhere(arrivals, (a) => a.site === 'tissue')).toBeCloseTo(0.4 * daily, -1);
    expect(massWhere(arrivals, (a) => a.site === 'intrathecal')).toBeCloseTo(0.6 * daily, -1);
    expect(arrivals.filter((a) => a.site === 'tissue').every((a) => a.origin === 'leak')).toBe(true);
  });

  it('a tip out of the intrathecal space sends the catheter’s output to tissue', () => {
    const { arrivals } = leakAfter({ kind: 'leaking', fraction: 1, at: 'tip' });
    expect(massWhere(arrivals, (a) => a.site === 'intrathecal')).toBe(0);
    expect(massWhere(arrivals, (a) => a.site === 'tissue')).toBe(daily);
  });

  it('a disconnection sends everything pumped to tissue and leaves the catheter content in place', () => {
    const { arrivals, world, lineBefore } = leakAfter({ kind: 'disconnected' });
    expect(arrivals.every((a) => a.site === 'tissue')).toBe(true);
    expect(massWhere(arrivals, () => true)).toBe(daily);
    expect(world.catheter.line).toEqual(lineBefore);
  });
});

describe('an empty reservoir', () => {
  it('stops the flow when the true volume runs out, before the pump’s calculated volume does', () => {
    const overDelivering: WorldParamsInput = {
      deliveryError: {
        perRefillMean: sourced(0.1, 'A', 'test: +10 %'),
        accuracy: sourced(0, 'A', 'test: no spread'),
      },
    };
    const w = createWorld({ ...overDelivering }, 1, T0);
    const filled = applyRefill(
      w,
      { volumeAdded: mlToNl(1), concentration: BACLOFEN_2000, drug: 'baclofen' },
      T0,
    ).world;
    // The pump commands 1 mL over 10 days; 10 % more really leaves, so the reservoir is dry at 1/1.1.
    const r = applyDelivery(filled, segment(at(0), at(240), mlToNl(1)));
    expect(r.world.reservoir.volume).toBe(0);
    const lastEnd = Math.max(...r.arrivals.map((a) => a.end));
    expect(lastEnd).toBe(T0 + Math.round((240 * MS_PER_HOUR) / 1.1));
  });
});

describe('refusals', () => {
  it('refuses time running backwards and malformed segments', () => {
    const w = applyDelivery(filledWorld(), segment(at(0), at(1), HOUR_VOLUME)).world;
    expect(() => applyDelivery(w, segment(at(0.5), at(2), 1))).toThrow(
      expect.objectContaining({ code: 'ITB_E_WORLD_TIME_REVERSED' }),
    );
    expect(() => applyDelivery(w, segment(at(2), at(1), 1))).toThrow(
      expect.objectContaining({ code: 'ITB_E_WORLD_INVALID_SEGMENT' }),
    );
    expect(() => applyDelivery(w, segment(at(2), at(2), 1))).toThrow(
      expect.objectContaining({ code: 'ITB_E_WORLD_INVALID_SEGMENT' }),
    );
    expect(() => setCatheter(w, { kind: 'leaking', fraction: 1.5 }, at(3))).toThrow(
      expect.objectContaining({ code: 'ITB_E_WORLD_INVALID_CATHETER' }),
    );
  });
});
