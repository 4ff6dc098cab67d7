/** MRI (docs/clinical-reference.md §3): the rotor stalls for the scan and recovers 2–24 h later. */
import { describe, expect, it } from 'vitest';
import { MS_PER_HOUR, mlToNl, nanolitres, type Millis } from '../therapy/quantities.ts';
import { sourced } from '../therapy/sourced.ts';
import { applyDelivery } from './delivery.ts';
import { BACLOFEN_2000, EXACT, T0, at, segment } from './test-fixtures.ts';
import { startMri } from './mri.ts';
import { applyRefill } from './refill.ts';
import { createWorld } from './world.ts';

const world = (seed: number) =>
  applyRefill(
    createWorld({ ...EXACT, catheterVolume: sourced(nanolitres(0), 'A', 'test: no delay') }, seed, T0),
    { volumeAdded: mlToNl(20), concentration: BACLOFEN_2000, drug: 'baclofen' },
    T0,
  ).world;

describe('startMri', () => {
  it('signals a motor stall at the scan and a recovery 2–24 h later, drawn from the seed', () => {
    const delays: number[] = [];
    for (let seed = 0; seed < 200; seed++) {
      const { signals } = startMri(world(seed), at(10));
      expect(signals[0]).toEqual({ kind: 'motor-stall', at: at(10), cause: 'mri', fieldEnd: at(10) });
      const recovery = signals[1];
      expect(recovery?.kind).toBe('motor-recovery');
      const delay = ((recovery?.at ?? 0) - at(10)) / MS_PER_HOUR;
      expect(delay).toBeGreaterThanOrEqual(2);
      expect(delay).toBeLessThanOrEqual(24);
      delays.push(delay);
    }
    // Spread over the range, not a constant.
    expect(Math.min(...delays)).toBeLessThan(5);
    expect(Math.max(...delays)).toBeGreaterThan(21);
    // The same seed gives the same recovery time.
    expect(startMri(world(7), at(10)).signals).toEqual(startMri(world(7), at(10)).signals);
  });

  it('counts the recovery from the end of the scan when a duration is given', () => {
    const plain = startMri(world(3), at(10)).signals[1]?.at ?? 0;
    const withScan = startMri(world(3), at(10), (MS_PER_HOUR / 2) as Millis).signals;
    expect(withScan[0]).toMatchObject({ kind: 'motor-stall', at: at(10), fieldEnd: at(10.5) });
    expect((withScan[1]?.at ?? 0) - plain).toBe(MS_PER_HOUR / 2);
  });

  it('moves no fluid while stalled, whatever the pump commands, and flows again after recovery', () => {
    const { world: stalled, signals } = startMri(world(5), at(10));
    const recovery = signals[1]?.at ?? 0;
    const before = stalled.reservoir.volume;
    const r = applyDelivery(stalled, segment(at(0), at(48), mlToNl(0.48)));
    const during = r.arrivals.filter((a) => a.end > at(10) && a.start < recovery);
    expect(during).toEqual([]);
    // Flow happened in [0, 10 h) and [recovery, 48 h) only: 0.01 mL per hour commanded.
    const flowingHours = 10 + (at(48) - recovery) / MS_PER_HOUR;
    expect(before - r.world.reservoir.volume).toBeCloseTo(flowingHours * 10_000, -1);
    expect(r.world.stalls).toEqual([]);
  });

  it('refuses a scan in the past', () => {
    const w = applyDelivery(world(1), segment(at(0), at(5), 100)).world;
    expect(() => startMri(w, at(4))).toThrow(expect.objectContaining({ code: 'ITB_E_WORLD_TIME_REVERSED' }));
  });
});
