/**
 * The pump's delivery segments into the world: a bolus running beside the basal flow comes out as two
 * segments over the same interval, and the world takes them as one flow out of one reservoir.
 */
import { describe, expect, it } from 'vitest';
import { createPump, step } from '../pump/index.ts';
import { getProfile } from '../pump/profiles.ts';
import { epochMs, mcgPerDay, mcgPerMl, mcgToNg, millis, mlToNl, MS_PER_HOUR } from '../therapy/quantities.ts';
import { sourced } from '../therapy/sourced.ts';
import { createWorld } from '../world/index.ts';
import type { Arrival } from '../world/index.ts';
import { bodyInputs, deliverSegments } from './couple.ts';

describe('deliverSegments', () => {
  it('applies a bolus beside the basal flow as one flow', () => {
    const drug = { drug: 'baclofen' as const, concentration: mcgPerMl(2000) };
    const fill = mlToNl(18);
    const t0 = epochMs(0);
    let pump = createPump({
      profile: getProfile('peristaltic-20'),
      serial: 'COUPLE-1',
      now: t0,
      fill: { ...drug, volume: fill },
      prescription: { mode: 'simple-continuous', drug, dose: mcgPerDay(300) },
    });
    pump = step(
      pump,
      { kind: 'bolus', commandId: 'b1', amount: mcgToNg(50), duration: millis(MS_PER_HOUR) },
      t0,
    ).state;
    const out = step(pump, { kind: 'tick' }, epochMs(MS_PER_HOUR / 2)).outputs;
    expect(out.segments.map((s) => s.purpose)).toEqual(['basal', 'single-bolus']);

    const exact = { perRefillMean: sourced(0, 'A', 'test: no error'), accuracy: sourced(0, 'A', 'test') };
    const world = createWorld(
      {
        catheterVolume: sourced(mlToNl(0.1), 'A', 'test'),
        reservoir: { ...drug, volume: fill },
        deliveryError: exact,
      },
      1,
      t0,
    );
    const d = deliverSegments(world, out.segments);
    const commanded = out.segments.reduce((sum, s) => sum + s.volume, 0);
    expect(d.world.now).toBe(MS_PER_HOUR / 2);
    expect(fill - d.world.reservoir.volume).toBe(commanded);
  });
});

describe('bodyInputs', () => {
  const arrival = (drug: Arrival['drug'], site: Arrival['site'], start: number, end: number): Arrival =>
    ({
      start: epochMs(start),
      end: epochMs(end),
      ngPerDay: 0,
      mass: 120_000,
      volume: mlToNl(0.005),
      drug,
      site,
      origin: site === 'intrathecal' ? 'tip' : 'leak',
    }) as Arrival;

  it('a virtual pump refilled with another drug keeps feeding the body as if it were baclofen (no longer: only baclofen is dosed)', () => {
    const hour = MS_PER_HOUR;
    const inputs = bodyInputs(
      [
        arrival('baclofen', 'intrathecal', 0, hour),
        arrival('morphine', 'intrathecal', hour, 2 * hour),
        arrival('morphine', 'intrathecal', 2 * hour, 2 * hour),
        arrival('hydromorphone', 'tissue', 2 * hour, 3 * hour),
      ],
      0.05,
    );
    expect(inputs.segments).toEqual([{ start: 0, end: hour, ngPerDay: 120_000 * 24 }]);
    expect(inputs.boluses).toEqual([]);
    // The world's accounting still counts every drug that arrived at each site.
    expect(inputs.it).toBe(3 * 120_000);
    expect(inputs.tissue).toBe(120_000);
  });
});
