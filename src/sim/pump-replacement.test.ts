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
