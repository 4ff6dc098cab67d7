import { describe, expect, it } from 'vitest';
import { flowIntegral, segmentsBetween } from '../therapy/dose-math.ts';
import type { FlexDay, Prescription } from '../therapy/prescription.ts';
import { projectReservoir } from '../therapy/projection.ts';
import { MS_PER_DAY, epochMs, mcgPerDay, mcgToNg, mlToNl, millis } from '../therapy/quantities.ts';
import { nextEventTime, step } from './controller.ts';
import { getProfile } from './profiles.ts';
import {
  BACLOFEN_2000,
  DAY,
  HOUR,
  T0,
  at,
  continuous,
  filledPump,
  newId,
  runUntil,
  volumeOf,
} from './test-fixtures.ts';

const MIN = 60_000;

/** A 13-step flex day (docs/clinical-reference.md §3: flexible mode, up to 13 steps a day). */
const thirteenSteps = (base: number): FlexDay => ({
  steps: Array.from({ length: 13 }, (_, i) => ({
    startMinute: i * 110,
    dose: mcgPerDay(base + 25 * (i % 5)),
  })),
  boluses: [],
});

describe('basal delivery in whole strokes', () => {
  it('a day of 500 µg/day at 2000 µg/mL commands 0.25 mL in 0.5 µL strokes (docs/clinical-reference.md §3 flow range)', () => {
    const run = runUntil(filledPump(), T0 + DAY);
    expect(run.state.totals.deliveredNl).toBe(mlToNl(0.25));
    expect(run.state.totals.strokes).toBe(500);
    expect(run.state.reservoir.volume).toBe(mlToNl(20) - mlToNl(0.25));
    for (const s of run.segments) expect(s.volume).toBe(s.strokes * 500);
  });

  it('a week of a 13-step flex schedule with a weekend variant delivers the schedule integral to within one stroke', () => {
    const p: Prescription = {
      mode: 'flex',
      drug: BACLOFEN_2000,
      schedule: { everyDay: thirteenSteps(400), byWeekday: { 6: thirteenSteps(300), 0: thirteenSteps(300) } },
    };
    const pump = filledPump({
      prescription: p,
      fillMl: 40,
      profileId: 'peristaltic-40',
      utcOffsetMinutes: 60,
    });
    const end = T0 + 7 * DAY;
    const run = runUntil(pump, end);
    const exact = flowIntegral(segmentsBetween(p, T0, epochMs(end), 60, {})) / BigInt(MS_PER_DAY);
    expect(Math.abs(run.state.totals.deliveredNl - Number(exact))).toBeLessThan(500);
    expect(volumeOf(run.segments)).toBe(run.state.totals.deliveredNl);
    // No segment straddles a step change: each lies inside one constant-flow piece of the schedule.
    const pieces = [...segmentsBetween(p, T0, epochMs(end), 60, {})];
    for (const s of run.segments) {
      expect(pieces.some((x) => x.start <= s.start && s.end <= x.end)).toBe(true);
    }
    // Each step change is an event: 13 a day for 7 days, merged where neighbouring steps share a rate.
    expect(run.events).toBeGreaterThanOrEqual(pieces.length);
  });

  it('the next event is the next flex step change', () => {
    const p: Prescription = { mode: 'flex', drug: BACLOFEN_2000, schedule: { everyDay: thirteenSteps(400) } };
    expect(nextEventTime(filledPump({ prescription: p }))).toBe(T0 + 110 * MIN);
  });
});

describe('reservoir and its alarms (docs/clinical-reference.md §3: calculated, not sensed)', () => {
  it('raises low and empty alarms at the projected dates, then falls back to minimum rate', () => {
    const pump = filledPump({ prescription: continuous(1000) }); // 0.5 mL/day
    const run = runUntil(pump, T0 + 45 * DAY);
    const raised = (t: string) => run.alarms.find((a) => a.alarm === t && a.change === 'raised')?.at;
    const low = projectReservoir({
      reservoir: mlToNl(20),
      prescription: continuous(1000),
      lowAlarmThreshold: mlToNl(2),
      start: T0,
    });
    const empty = projectReservoir({
      reservoir: mlToNl(20),
      prescription: continuous(1000),
      lowAlarmThreshold: mlToNl(0.5),
      start: T0,
    });
    const strokeTime = (500 * DAY) / mlToNl(0.5);
    expect(raised('low-reservoir')).toBeGreaterThanOrEqual(low.lowAlarmAt ?? 0);
    expect(raised('low-reservoir')).toBeLessThanOrEqual((low.lowAlarmAt ?? 0) + strokeTime);
    expect(raised('empty-reservoir')).toBeGreaterThanOrEqual(empty.lowAlarmAt ?? 0);
    expect(raised('empty-reservoir')).toBeLessThanOrEqual((empty.lowAlarmAt ?? 0) + strokeTime);
    // After empty: minimum-rate mode (0.006 mL/day [U]) until the reservoir is dry; never negative.
    const after = run.segments.filter((s) => s.start >= (raised('empty-reservoir') ?? 0));
    const days = (T0 + 45 * DAY - (raised('empty-reservoir') ?? 0)) / DAY;
    expect(volumeOf(after)).toBeLessThanOrEqual(Math.ceil(days * 6000) + 500);
    expect(run.state.reservoir.volume).toBeGreaterThanOrEqual(0);
  });

  it('sounds the non-critical tone hourly and the critical tone at the programmed interval (docs/clinical-reference.md §3 alarms)', () => {
    const pump = filledPump({ prescription: continuous(1000), criticalRepeat: millis(5 * MIN) });
    const run = runUntil(pump, T0 + 40 * DAY);
    const tones = (t: string) =>
      run.alarms.filter((a) => a.alarm === t && a.change === 'tone').map((a) => a.at);
    const low = tones('low-reservoir');
    expect(low[1]! - low[0]!).toBe(HOUR);
    expect(run.alarms.find((a) => a.alarm === 'low-reservoir')?.tone?.toneMs).toBe(1000);
    const empty = tones('empty-reservoir');
    expect(empty[1]! - empty[0]!).toBe(5 * MIN);
    expect(run.alarms.find((a) => a.alarm === 'empty-reservoir')?.tone).toMatchObject({
      name: 'two-tone',
      toneMs: 3000,
    });
  });

  it('acknowledgement silences only until the next cycle: the standing condition keeps the alarm', () => {
    const pump = filledPump({ fillMl: 2.2, prescription: continuous(1000) });
    let s = runUntil(pump, T0 + DAY).state;
    expect(s.alarms.map((a) => a.type)).toContain('low-reservoir');
    const r = at(s, { kind: 'acknowledge-alarm', commandId: newId(), alarm: 'low-reservoir' }, T0 + DAY);
    expect(r.outputs.result?.ok).toBe(true);
    s = r.state;
    expect(s.alarms.find((a) => a.type === 'low-reservoir')?.acknowledgedAt).toBe(T0 + DAY);
    const later = runUntil(s, T0 + DAY + 2 * HOUR);
    expect(later.state.alarms.map((a) => a.type)).toContain('low-reservoir');
    expect(later.alarms.some((a) => a.alarm === 'low-reservoir' && a.change === 'tone')).toBe(true);
  });
});

describe('MRI (docs/clinical-reference.md §3: the field stalls the rotor; recovery 2–24 h)', () => {
  it('stalls during the field, raises motor stall, recovers after the delay the world gives, delivers nothing meanwhile', () => {
    let s = runUntil(filledPump(), T0 + HOUR).state;
    let r = at(s, { kind: 'magnet-start', source: 'mri' }, T0 + HOUR);
    expect(r.state.alarms.map((a) => a.type)).toContain('motor-stall');
    r = at(r.state, { kind: 'magnet-end', recovery: millis(6 * HOUR) }, T0 + 2 * HOUR);
    expect(nextEventTime(r.state)).toBeLessThanOrEqual(T0 + 8 * HOUR);
    const during = runUntil(r.state, T0 + 8 * HOUR);
    expect(volumeOf(during.segments)).toBe(0);
    expect(during.state.motor.stalled).toBe(false);
    expect(during.log.some((e) => e.type === 'motor-recovered' && e.at === T0 + 8 * HOUR)).toBe(true);
    expect(during.alarms.some((a) => a.alarm === 'motor-stall' && a.change === 'cleared')).toBe(true);
    s = runUntil(during.state, T0 + 9 * HOUR).state;
    expect(s.totals.deliveredNl).toBeGreaterThan(during.state.totals.deliveredNl);
  });

  it('a valve pump stays closed after the field until a manual reset (resume)', () => {
    let s = filledPump({ profileId: 'valve-20' });
    s = at(s, { kind: 'magnet-start', source: 'mri' }, T0).state;
    s = at(s, { kind: 'magnet-end', recovery: millis(HOUR) }, T0 + HOUR).state;
    const idle = runUntil(s, T0 + DAY);
    expect(volumeOf(idle.segments)).toBe(0);
    const r = at(
      idle.state,
      { kind: 'resume', commandId: newId(), expectedVersion: idle.state.version },
      T0 + DAY,
    );
    expect(r.outputs.result?.ok).toBe(true);
    expect(runUntil(r.state, T0 + 2 * DAY).state.totals.deliveredNl).toBeGreaterThan(0);
  });
});

describe('boluses run on top of basal and any critical alarm halts them (Arney 2009; Open PCA Pump)', () => {
  it('a single bolus delivers its whole strokes, then basal alone resumes', () => {
    const s = filledPump();
    const r = at(
      s,
      { kind: 'bolus', commandId: newId(), amount: mcgToNg(50), duration: millis(30 * MIN) },
      T0,
    );
    expect(r.outputs.result).toEqual({ ok: true, reasons: [] });
    const run = runUntil(r.state, T0 + DAY);
    const bolus = run.segments.filter((x) => x.purpose === 'single-bolus');
    expect(volumeOf(bolus)).toBe(mlToNl(0.025));
    expect(Math.max(...bolus.map((x) => x.end))).toBeLessThanOrEqual(T0 + 30 * MIN);
    expect(run.state.bolus).toBeNull();
    expect(run.state.totals.deliveredNl).toBe(mlToNl(0.25 + 0.025));
  });

  it('a motor stall halts the bolus; after recovery only the basal continues', () => {
    let s = at(
      filledPump(),
      { kind: 'bolus', commandId: newId(), amount: mcgToNg(50), duration: millis(HOUR) },
      T0,
    ).state;
    s = runUntil(s, T0 + 10 * MIN).state;
    const r = at(s, { kind: 'motor-stall' }, T0 + 10 * MIN);
    expect(r.state.bolus).toBeNull();
    expect(r.outputs.log.some((e) => e.type === 'bolus-halted')).toBe(true);
    s = at(r.state, { kind: 'motor-recovered' }, T0 + 20 * MIN).state;
    const run = runUntil(s, T0 + 2 * HOUR);
    expect(run.segments.every((x) => x.purpose === 'basal')).toBe(true);
  });

  it('a battery fault (low-battery reset, critical) halts a bolus and drops to minimum rate until reprogrammed', () => {
    let s = at(
      filledPump(),
      { kind: 'bolus', commandId: newId(), amount: mcgToNg(50), duration: millis(HOUR) },
      T0,
    ).state;
    s = at(s, { kind: 'battery-fault' }, T0 + MIN).state;
    expect(s.bolus).toBeNull();
    const day = runUntil(s, T0 + DAY + MIN);
    expect(volumeOf(day.segments)).toBeLessThanOrEqual(
      getProfile('peristaltic-20').minimumRateFlow.value + 500,
    );
    const r = at(
      day.state,
      {
        kind: 'program',
        commandId: newId(),
        expectedVersion: day.state.version,
        prescription: continuous(500),
      },
      T0 + DAY + MIN,
    );
    expect(r.outputs.result?.ok).toBe(true);
    expect(r.state.alarms.map((a) => a.type)).not.toContain('low-battery-reset');
  });
});

describe('constant-flow gas pump (docs/clinical-reference.md §3: no battery, dose only by concentration)', () => {
  it('flows at its fixed rate, has no alarms or battery, and a refill at a new strength changes the dose', () => {
    const s = filledPump({ profileId: 'constant-flow-20', prescription: continuous(1000) });
    expect(s.battery).toBeNull();
    const run = runUntil(s, T0 + 10 * DAY);
    expect(run.state.totals.deliveredNl).toBe(mlToNl(5));
    expect(run.alarms).toEqual([]);
    const r = step(
      run.state,
      {
        kind: 'refill',
        commandId: newId(),
        drug: 'baclofen',
        concentration: (BACLOFEN_2000.concentration / 2) as never,
        volumeAdded: mlToNl(20),
        newVolume: mlToNl(20),
      },
      epochMs(T0 + 10 * DAY),
    );
    expect(r.outputs.result?.ok).toBe(true);
    expect(r.state.prescription).toMatchObject({ mode: 'simple-continuous', dose: mcgPerDay(500) });
    const stop = step(r.state, { kind: 'stop', commandId: newId() }, epochMs(T0 + 10 * DAY));
    expect(stop.outputs.result?.code).toBe('ITB_E_PUMP_NOT_SUPPORTED');
  });
});
