import { describe, expect, it } from 'vitest';
import { doseToFlow, mcgPerDay } from '../therapy/quantities.ts';
import { getProfile } from './profiles.ts';
import { WINDOWS_MIN, trumpetCurve } from './trumpet.ts';
import { BACLOFEN_2000, T0, continuous } from './test-fixtures.ts';

describe('trumpet curve (IEC 60601-2-24 form: 0.5 min samples for 120 min, second-hour windows)', () => {
  const flow = doseToFlow(mcgPerDay(500), BACLOFEN_2000.concentration);
  const curve = trumpetCurve(getProfile('peristaltic-20'), continuous(500) as never, flow, T0);

  it('samples 240 points and reports the five IEC windows', () => {
    expect(curve.samples).toHaveLength(240);
    expect(curve.points.map((p) => p.windowMin)).toEqual([...WINDOWS_MIN]);
  });

  it('the second-hour mean error is within one stroke of the programmed volume (exact carry)', () => {
    const hourVolume = flow / 24;
    expect(Math.abs(curve.overallErrorPercent)).toBeLessThanOrEqual((100 * 500) / hourVolume);
  });

  it('stroke granularity shapes it: the band narrows as the window grows, and a 2-min window can hold no stroke', () => {
    const width = curve.points.map((p) => p.maxErrorPercent - p.minErrorPercent);
    expect(width[0]).toBeGreaterThan(width[4] ?? Infinity);
    expect(curve.points[0]?.minErrorPercent).toBe(-100);
    expect(curve.samples.every((v) => v % 500 === 0)).toBe(true);
  });
});
