// Issue 14 (populations fast): a tick spanning hours splits its drug into the rolling day's hour buckets.
// Each hour's mass is exact integer arithmetic (massInVolume, BigInt), and at a steady rate every hour
// holds one of two stroke counts: the split computed that mass afresh for every hour of the tick.
import { describe, expect, it, vi } from 'vitest';
import type * as Quantities from '../therapy/quantities.ts';
import { epochMs } from '../therapy/quantities.ts';
import { step } from './controller.ts';
import { HOUR, T0, filledPump } from './test-fixtures.ts';

const calls = vi.hoisted(() => ({ massInVolume: 0 }));
vi.mock('../therapy/quantities.ts', async (original) => {
  const actual = await original<typeof Quantities>();
  return {
    ...actual,
    massInVolume: (...args: Parameters<typeof actual.massInVolume>) => {
      calls.massInVolume++;
      return actual.massInVolume(...args);
    },
  };
});

describe('hour buckets of a long tick (issue 14)', () => {
  it('a 12-hour tick at a steady rate computed the mass of each hour afresh: at most 3 masses, not 13', () => {
    const pump = filledPump();
    calls.massInVolume = 0;
    const r = step(pump, { kind: 'tick' }, epochMs(T0 + 12 * HOUR));
    expect(calls.massInVolume).toBeLessThanOrEqual(3);
    const hours = r.state.lastDay.filter((b) => b.hour >= T0 / HOUR);
    expect(hours).toHaveLength(12);
    // The hours hold the tick's whole mass, nanogram for nanogram.
    const ng = hours.reduce((s, b) => s + b.ng, 0);
    expect(ng).toBe(r.state.totals.deliveredNg - pump.totals.deliveredNg);
  });
});
