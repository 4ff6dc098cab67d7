import { describe, expect, it } from 'vitest';
import type { ControlName } from './controls.ts';
import { ERI_REPLACEMENT_DAYS } from './pump-replacement.ts';
import { runScenario, type RunResult } from './runner.ts';
import { parseScenario } from './scenario.ts';

/** A patient on an ordinary dose for longer than the battery's seven years of calendar life. */
const run = (off: ControlName[] = []): RunResult =>
  runScenario(
    parseScenario({
      name: 'eri',
      days: 2600,
      sampleHours: 6,
      startDoseMcgPerDay: 400,
      patient: { onTherapyDays: 180 },
      alarmResponseHours: 48,
    }),
    { sampling: 'events', controlsOff: new Set(off) },
  );
const dayOf = (r: RunResult, kind: string, text = ''): number | undefined =>
  r.events.find((e) => e.kind === kind && e.detail.includes(text))?.day;

describe('the pump at ERI is replaced before its end of service', () => {
  it('no response to the pump’s ERI: no replacement is planned and the pump runs on to EOS — now the board books it and the new pump runs the same dose', () => {
    const r = run();
    const eri = dayOf(r, 'alarm', 'eri');
    const replaced = dayOf(r, 'pump-replacement');
    expect(eri).toBeDefined();
    expect(replaced).toBeCloseTo((eri as number) + ERI_REPLACEMENT_DAYS.value, 3);
    expect(r.summary?.alarmsRaised.eos ?? 0).toBe(0);
    expect(r.events.find((e) => e.day === replaced && e.kind === 'program')?.detail).toContain(
      '→ 400 µg/day',
    );
    expect(r.summary?.harm.withdrawal).toEqual({ early: 0, moderate: 0, severe: 0 });
  });

  it('without the board the clinic books the replacement when the next refill’s interrogation shows ERI', () => {
    const on = run();
    const off = run(['refill-board']);
    const eri = dayOf(off, 'alarm', 'eri') as number;
    const booked = dayOf(off, 'response', 'ERI') as number;
    const refillAfter = off.events.find((e) => e.kind === 'refill' && e.day >= eri)?.day;
    expect(booked).toBe(refillAfter);
    expect(dayOf(off, 'pump-replacement')).toBeGreaterThan(dayOf(on, 'pump-replacement') as number);
    expect(off.summary?.alarmsRaised.eos ?? 0).toBe(0);
  });
});

/** The same patient on a pump that has already run `ageDays` (device.batteryAgeDays), for `days`. */
const aged = (ageDays: number, days: number, off: ControlName[] = []): RunResult =>
  runScenario(
    parseScenario({
      name: 'aged',
      days,
      sampleHours: 6,
      startDoseMcgPerDay: 400,
      patient: { onTherapyDays: 180 },
      device: { batteryAgeDays: ageDays },
      alarmResponseHours: 48,
    }),
    { sampling: 'events', controlsOff: new Set(off) },
  );

// Finding (issue 15, round 11): battery to EOS was not injected — a run's pump was always new, so only a run
// longer than the battery's life reached ERI. An aged pump reaches it that much sooner.
describe('battery to EOS: an aged pump, and the clinic without ERI replacement', () => {
  it('an aged pump (device.batteryAgeDays) reaches ERI that many days sooner', () => {
    const fresh = dayOf(run(), 'alarm', 'eri') as number;
    const old = dayOf(aged(2000, 700), 'alarm', 'eri') as number;
    expect(Math.abs(fresh - 2000 - old)).toBeLessThan(1);
  });

  it('eri-replacement off: ERI is ignored, the pump stops at EOS and the patient withdraws until the next refill finds it stopped; it is replaced and the drug restarts lower', () => {
    const on = aged(2200, 500);
    expect(on.summary?.alarmsRaised.eos ?? 0).toBe(0);
    expect(on.summary?.harm.withdrawal).toEqual({ early: 0, moderate: 0, severe: 0 });
    const off = aged(2200, 500, ['eri-replacement']);
    const eri = dayOf(off, 'alarm', 'eri') as number;
    const eos = dayOf(off, 'alarm', 'eos') as number;
    expect(dayOf(off, 'response', 'ERI')).toBeUndefined();
    expect(eos - eri).toBeCloseTo(90, 0);
    const found = dayOf(off, 'response', 'end of service') as number;
    expect(found).toBeGreaterThan(eos);
    expect(dayOf(off, 'pump-replacement', 'after its end of service')).toBe(found);
    const restart = off.events.find((e) => e.kind === 'program' && e.day === found)?.detail;
    expect(restart).toContain('restart after');
    expect(restart).toContain('→ 200 µg/day');
    const moderate = off.events.find(
      (e) => e.kind === 'stage' && e.day > eos && e.detail.includes('withdrawal moderate'),
    );
    expect(moderate?.day).toBeLessThanOrEqual(found);
    expect(off.summary?.alarmsRaised.eos).toBe(1);
  });
});
