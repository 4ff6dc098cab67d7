import { describe, expect, it } from 'vitest';
import { MS_PER_DAY, epochMs, millis, mlToNl } from '../therapy/quantities.ts';
import { dailyEnergyNj, eriUsedLimit } from './battery.ts';
import { step } from './controller.ts';
import { getProfile } from './profiles.ts';
import type { PumpState } from './state.ts';
import {
  BACLOFEN_2000,
  DAY,
  T0,
  continuous,
  filledPump,
  newId,
  runUntil,
  volumeOf,
} from './test-fixtures.ts';
import type { DeliverySegment } from './delivery.ts';

const profile = getProfile('peristaltic-40');
const battery = profile.battery!;

/** Runs `days` with a refill to 40 mL every 120 days, collecting segments and the ERI/EOS instants. */
function life(s0: PumpState, days: number) {
  let s = s0;
  const segments: DeliverySegment[] = [];
  for (let d = 120; ; d += 120) {
    const end = Math.min(T0 + d * DAY, T0 + days * DAY);
    const run = runUntil(s, end);
    segments.push(...run.segments);
    s = run.state;
    if (end >= T0 + days * DAY) break;
    const c = s.reservoir.contents ?? BACLOFEN_2000;
    const r = step(
      s,
      {
        kind: 'refill',
        commandId: newId(),
        drug: c.drug,
        concentration: c.concentration,
        volumeAdded: mlToNl(40),
        newVolume: mlToNl(40),
      },
      epochMs(end),
    );
    s = r.state;
  }
  return { s, segments };
}

/** Days of life at a daily energy use, from the profile's own figures. */
const lifeDays = (flowNlPerDay: number) => {
  const strokes = flowNlPerDay / profile.strokeVolume.value;
  return (
    battery.capacityNj.value / (battery.idleNjPerMs.value * MS_PER_DAY + strokes * battery.strokeNj.value)
  );
};

describe('battery energy budget (docs/clinical-reference.md §3: 5–7 y by dose, ERI = replace within 90 days, hard stop at 7 y)', () => {
  it('raises ERI when the remaining life at the current consumption falls under 90 days', () => {
    const pump = filledPump({ profile, prescription: continuous(500), fillMl: 40 }); // 0.25 mL/day
    const { s } = life(pump, 2500);
    const eriDay = (s.battery!.eriAt! - T0) / DAY;
    const expected = lifeDays(mlToNl(0.25)) - 90;
    expect(expected).toBeLessThan(7 * 365.25 - 90); // energy, not age, decides at this dose
    expect(Math.abs(eriDay - expected)).toBeLessThan(1);
    expect(s.alarms.map((a) => a.type)).toContain('eri');
  });

  it('ERI is exactly the energy threshold crossing, at millisecond resolution', () => {
    const pump = filledPump({ profile, prescription: continuous(500), fillMl: 40 });
    const { s } = life(pump, 2500);
    const eriAt = s.battery!.eriAt!;
    const before = life(pump, (eriAt - 1 - T0) / DAY);
    expect(before.s.battery!.eriAt).toBeNull();
    expect(before.s.battery!.usedNj).toBeLessThanOrEqual(eriUsedLimit(before.s));
  });

  it('at a low dose the age limit decides: ERI 90 days before 7 years, end of service at 7 years, nothing after', () => {
    const pump = filledPump({ profile, prescription: continuous(100), fillMl: 40 }); // 0.05 mL/day
    expect(lifeDays(mlToNl(0.05))).toBeGreaterThan(7 * 365.25);
    const { s, segments } = life(pump, 2600);
    const stop = T0 + battery.maxLife.value;
    expect(s.battery!.eriAt).toBe(stop - battery.eriLeadTime.value);
    expect(s.battery!.eosAt).toBe(stop);
    expect(segments.every((x) => x.end <= stop)).toBe(true);
    expect(volumeOf(segments.filter((x) => x.start >= stop))).toBe(0);
    expect(s.alarms.map((a) => a.type)).toEqual(['eos']);
  });

  it('is calibrated to the nominal 5–7 year life over the usual flows (0.25–1 mL/day)', () => {
    for (const flow of [mlToNl(0.25), mlToNl(1)]) {
      const years = lifeDays(flow) / 365.25;
      expect(years).toBeGreaterThanOrEqual(battery.nominalLifeYears.value.min - 0.01);
      expect(years).toBeLessThanOrEqual(battery.nominalLifeYears.value.max);
    }
  });

  it('an aged pump (batteryAge): its hard stop counts from its battery’s start and the energy of its age is spent, so ERI comes that much sooner', () => {
    const age = 1000 * DAY;
    const fresh = filledPump({ profile, prescription: continuous(500), fillMl: 40 });
    const aged = filledPump({ profile, prescription: continuous(500), fillMl: 40, batteryAge: millis(age) });
    expect(aged.bornAt).toBe(T0 - age);
    expect(aged.battery!.usedNj - fresh.battery!.usedNj).toBe(
      Number((dailyEnergyNj(fresh) * BigInt(age)) / BigInt(DAY)),
    );
    const eri = (s: PumpState) => life(s, 2500).s.battery!.eriAt!;
    expect(Math.abs(eri(fresh) - eri(aged) - age)).toBeLessThan(DAY);
    const low = filledPump({ profile, prescription: continuous(100), fillMl: 40, batteryAge: millis(age) });
    expect(life(low, 2600).s.battery!.eosAt).toBe(T0 - age + battery.maxLife.value);
  });

  it('an aged pump is refused (nothing created) at or beyond its maximum life, with a battery start, or without a battery', () => {
    const at =
      (a: number, extra = {}) =>
      () =>
        filledPump({ profile, fillMl: 40, batteryAge: millis(a), ...extra });
    expect(at(battery.maxLife.value)).toThrow(/maximum life/);
    expect(at(-1)).toThrow(/maximum life/);
    expect(at(DAY, { batteryStart: epochMs(T0) })).toThrow(/not both/);
    expect(() => filledPump({ profileId: 'constant-flow-20', batteryAge: millis(DAY) })).toThrow(
      /no battery/,
    );
  });

  it('telemetry sessions and alarm tones cost energy (battery-drain by repeated wake-ups, Halperin 2008)', () => {
    const pump = filledPump({ profile, fillMl: 40 });
    let a = pump;
    for (let i = 0; i < 10; i++) a = step(a, { kind: 'telemetry-session' }, epochMs(T0)).state;
    expect(a.battery!.usedNj - pump.battery!.usedNj).toBe(10 * battery.telemetrySessionNj.value);
    expect(a.log.entries.filter((e) => e.type === 'telemetry-session')).toHaveLength(10);
  });
});
