import { describe, expect, it } from 'vitest';
import { mlPerDay, mlToNl, days } from '../therapy/quantities.ts';
import { PROFILES, getProfile } from './profiles.ts';
import { profileSchema } from './state-schema.ts';
import type { Sourced } from '../therapy/sourced.ts';

/** Every Sourced leaf of a profile, with its path. */
function sourcedLeaves(x: unknown, path = ''): [string, Sourced<unknown>][] {
  if (typeof x !== 'object' || x === null) return [];
  if ('confidence' in x && 'source' in x && 'value' in x) return [[path, x as Sourced<unknown>]];
  return Object.entries(x).flatMap(([k, v]) => sourcedLeaves(v, `${path}.${k}`));
}

describe('device profiles (docs/clinical-reference.md §3: two designs and gas pumps, as data)', () => {
  it('has SynchroMed II-like and Prometra II-like pumps in 20 and 40 mL, and a constant-flow pump', () => {
    expect(PROFILES.map((p) => [p.kind, p.reservoir.value])).toEqual([
      ['peristaltic', mlToNl(20)],
      ['peristaltic', mlToNl(40)],
      ['valve', mlToNl(20)],
      ['valve', mlToNl(40)],
      ['constant-flow', mlToNl(20)],
    ]);
  });

  it.each(PROFILES.map((p) => [p.id, p] as const))(
    '%s is well formed and every number is sourced',
    (_, p) => {
      expect(profileSchema.safeParse(JSON.parse(JSON.stringify(p))).success).toBe(true);
      for (const [path, leaf] of sourcedLeaves(p)) {
        expect(leaf.source.length, path).toBeGreaterThan(5);
        expect(['C', 'U', 'A']).toContain(leaf.confidence);
      }
      const range = p.lowReservoir.value;
      expect(range.min).toBeLessThanOrEqual(range.default);
      expect(range.default).toBeLessThanOrEqual(range.max);
      expect(p.emptyThreshold.value).toBeLessThan(range.min + 1);
      expect(p.flowRange.value.min).toBeLessThanOrEqual(p.flowRange.value.max);
    },
  );

  it('programmable pumps: flow about 0.048–24 mL/day, minimum rate ~0.006 mL/day [U], hard stop at 7 y [C]', () => {
    for (const p of PROFILES.filter((x) => x.kind !== 'constant-flow')) {
      expect(p.flowRange.value).toEqual({ min: mlPerDay(0.048), max: mlPerDay(24) });
      expect(p.minimumRateFlow.value).toBe(mlPerDay(0.006));
      expect(p.battery?.maxLife.value).toBe(days(7 * 365.25));
      expect(p.battery?.eriLeadTime.value).toBe(days(90));
      expect(p.alarms?.nonCriticalRepeat.value).toBe(3_600_000);
      expect(p.alarms?.criticalTone.value.toneMs).toBe(3_000);
    }
  });

  it('the constant-flow pump has no battery, no alarms, no boluses and a fixed flow', () => {
    const p = getProfile('constant-flow-20');
    expect(p.battery).toBeUndefined();
    expect(p.alarms).toBeUndefined();
    expect(p.boluses.value).toEqual([]);
    expect(p.fixedFlow?.value).toBe(p.flowRange.value.max);
  });

  it('getProfile refuses an unknown id with ITB_E_PUMP_UNKNOWN_PROFILE', () => {
    expect(() => getProfile('synchromed-99')).toThrow(
      expect.objectContaining({ code: 'ITB_E_PUMP_UNKNOWN_PROFILE' }),
    );
  });
});
