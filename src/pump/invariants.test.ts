/**
 * Invariants of the controller, as properties over random programmes, commands and time splits
 * (IEC 62304 class C software: the claims a device engineer relies on, checked on thousands of cases).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Prescription } from '../therapy/prescription.ts';
import { epochMs, mcgPerDay, mcgPerMl, mcgToNg, millis, mlToNl } from '../therapy/quantities.ts';
import { step } from './controller.ts';
import { decodeState, encodeState } from './state-codec.ts';
import type { PumpCommand, PumpInput } from './inputs.ts';
import { getProfile } from './profiles.ts';
import type { PumpProfile } from './profile.ts';
import type { PumpState } from './state.ts';
import { BACLOFEN_2000, DAY, HOUR, T0, filledPump, runUntil, volumeOf } from './test-fixtures.ts';

const RUNS = { numRuns: 30 };

const flexDay = fc.uniqueArray(fc.integer({ min: 1, max: 1439 }), { maxLength: 12 }).chain((starts) =>
  fc
    .array(fc.integer({ min: 100, max: 1500 }), {
      minLength: starts.length + 1,
      maxLength: starts.length + 1,
    })
    .map((doses) => ({
      steps: [0, ...starts.sort((a, b) => a - b)].map((m, i) => ({
        startMinute: m,
        dose: mcgPerDay(doses[i] ?? 500),
      })),
      boluses: [],
    })),
);
const prescription: fc.Arbitrary<Prescription> = fc.oneof(
  fc
    .integer({ min: 100, max: 1900 })
    .map((d): Prescription => ({ mode: 'simple-continuous', drug: BACLOFEN_2000, dose: mcgPerDay(d) })),
  flexDay.map((everyDay): Prescription => ({ mode: 'flex', drug: BACLOFEN_2000, schedule: { everyDay } })),
  fc.constant<Prescription>({ mode: 'minimum-rate', drug: BACLOFEN_2000 }),
);
const profileId = fc.constantFrom('peristaltic-20', 'peristaltic-40', 'valve-20', 'valve-40');

/** Commands, valid and not, with ids drawn from a small pool so that repeats occur. */
const command: fc.Arbitrary<PumpCommand> = fc.oneof(
  fc.record({
    kind: fc.constant('bolus' as const),
    commandId: fc.string({ maxLength: 3 }),
    amount: fc.integer({ min: 0, max: 300_000 }).map(mcgToNg),
    duration: fc.integer({ min: 1, max: 7_200_000 }).map(millis),
  }),
  fc.record({
    kind: fc.constant('program' as const),
    commandId: fc.string({ maxLength: 3 }),
    expectedVersion: fc.integer({ min: 0, max: 4 }),
    prescription,
  }),
  fc.record({
    kind: fc.constant('refill' as const),
    commandId: fc.string({ maxLength: 3 }),
    drug: fc.constant('baclofen' as const),
    concentration: fc.constantFrom(mcgPerMl(2000), mcgPerMl(1000), mcgPerMl(1500)),
    volumeAdded: fc.integer({ min: 0, max: 45 }).map(mlToNl),
    newVolume: fc.integer({ min: 0, max: 45 }).map(mlToNl),
  }),
  fc.record({ kind: fc.constant('stop' as const), commandId: fc.string({ maxLength: 3 }) }),
  fc.record({ kind: fc.constant('resume' as const), commandId: fc.string({ maxLength: 3 }) }),
  fc.record({
    kind: fc.constant('priming-bolus' as const),
    commandId: fc.string({ maxLength: 3 }),
    volume: fc.integer({ min: 1, max: 2_000_000 }).map((v) => v as never),
  }),
  fc.record({
    kind: fc.constant('set-alarm-thresholds' as const),
    commandId: fc.string({ maxLength: 3 }),
    lowReservoir: fc.integer({ min: 0, max: 12 }).map(mlToNl),
  }),
  fc.record({
    kind: fc.constant('acknowledge-alarm' as const),
    commandId: fc.string({ maxLength: 3 }),
    alarm: fc.constantFrom('low-reservoir' as const, 'eri' as const, 'motor-stall' as const),
  }),
  fc.record({ kind: fc.constant('patient-bolus' as const), commandId: fc.string({ maxLength: 3 }) }),
  fc.record({
    kind: fc.constant('set-clock' as const),
    commandId: fc.string({ maxLength: 3 }),
    utcOffsetMinutes: fc.integer({ min: -1000, max: 1000 }),
  }),
);

/** A reachable state: a programmed pump run for a while, perhaps with a bolus or a stall. */
const reachable = fc
  .record({
    id: profileId,
    p: prescription,
    hours: fc.integer({ min: 0, max: 100 }),
    fill: fc.integer({ min: 1, max: 20 }),
    extra: fc.constantFrom<PumpInput[]>(
      [],
      [{ kind: 'motor-stall' }],
      [{ kind: 'bolus', commandId: 'x', amount: mcgToNg(20), duration: millis(HOUR) }],
    ),
  })
  .map(({ id, p, hours, fill, extra }) => {
    let s = filledPump({ profileId: id, prescription: p, fillMl: fill });
    for (const e of extra) s = step(s, e, T0).state;
    return runUntil(s, T0 + hours * HOUR, false).state;
  });

const withoutLog = (s: PumpState) => ({ ...s, log: undefined, recentCommands: undefined });

describe('time: one jump and many ticks reach the same state', () => {
  it('splitting an interval at arbitrary instants changes nothing (exact stroke carry)', () => {
    fc.assert(
      fc.property(
        profileId,
        prescription,
        fc.array(fc.integer({ min: 1, max: 3 * DAY }), { maxLength: 8 }),
        (id, p, cuts) => {
          const s = filledPump({ profileId: id, prescription: p, fillMl: 3 });
          const end = T0 + 4 * DAY;
          const jump = runUntil(s, end, false).state;
          let split = s;
          for (const c of [...cuts].sort((a, b) => a - b))
            split = step(split, { kind: 'tick' }, epochMs(T0 + c)).state;
          split = runUntil(split, end, false).state;
          expect(split).toEqual(jump);
        },
      ),
      RUNS,
    );
  });
});

describe('delivery and the reservoir', () => {
  it('delivered volume equals the integral of the commanded segments; the reservoir never goes negative', () => {
    fc.assert(
      fc.property(profileId, prescription, fc.integer({ min: 1, max: 5 }), (id, p, fill) => {
        const s = filledPump({ profileId: id, prescription: p, fillMl: fill / 4 });
        const run = runUntil(s, T0 + 12 * DAY);
        expect(run.state.reservoir.volume).toBeGreaterThanOrEqual(0);
        expect(volumeOf(run.segments)).toBe(mlToNl(fill / 4) - run.state.reservoir.volume);
        for (const seg of run.segments)
          expect(seg.volume).toBe(seg.strokes * getProfile(id).strokeVolume.value);
      }),
      RUNS,
    );
  });

  it('nothing is delivered after end of service', () => {
    const small = (id: string): PumpProfile => {
      const p = getProfile(id);
      const b = p.battery!;
      return {
        ...p,
        battery: {
          ...b,
          capacityNj: { ...b.capacityNj, value: b.eosReserveNj.value + 30 * DAY * b.idleNjPerMs.value },
        },
      };
    };
    fc.assert(
      fc.property(profileId, prescription, (id, p) => {
        const run = runUntil(filledPump({ profile: small(id), prescription: p, fillMl: 20 }), T0 + 33 * DAY);
        const eos = run.state.battery?.eosAt;
        expect(eos).not.toBeNull();
        expect(run.segments.filter((x) => x.end > (eos ?? 0))).toEqual([]);
      }),
      { numRuns: 10 },
    );
  });
});

describe('commands', () => {
  it('a refused command changes nothing but the log (and the remembered result)', () => {
    fc.assert(
      fc.property(reachable, command, (s, cmd) => {
        const r = step(s, cmd, s.clock);
        if (r.outputs.result?.ok !== false) return;
        const idle = step(s, { kind: 'tick' }, s.clock);
        expect(withoutLog(r.state)).toEqual(withoutLog(idle.state));
        expect(r.outputs.segments).toEqual(idle.outputs.segments);
      }),
      { numRuns: 120 },
    );
  });

  it('a repeated commandId never acts twice, now or later', () => {
    fc.assert(
      fc.property(reachable, command, fc.integer({ min: 0, max: DAY }), (s, cmd, later) => {
        const once = step(s, cmd, s.clock).state;
        const twice = step(once, cmd, s.clock);
        expect(withoutLog(twice.state)).toEqual(withoutLog(once));
        const t = epochMs(s.clock + later);
        expect(withoutLog(step(once, cmd, t).state)).toEqual(
          withoutLog(step(once, { kind: 'tick' }, t).state),
        );
      }),
      { numRuns: 120 },
    );
  });
});

const signal: fc.Arbitrary<PumpInput> = fc.oneof(
  fc.constantFrom<PumpInput>(
    { kind: 'telemetry-session' },
    { kind: 'motor-stall' },
    { kind: 'motor-recovered' },
    { kind: 'magnet-start', source: 'mri' },
    { kind: 'battery-fault' },
    { kind: 'memory-fault', severity: 'minor' },
    { kind: 'memory-fault', severity: 'critical' },
  ),
  fc.integer({ min: 0, max: DAY }).map((r): PumpInput => ({ kind: 'magnet-end', recovery: millis(r) })),
);

describe('any sequence of commands and signals', () => {
  it('never throws, never goes negative, and always leaves a state the codec accepts', () => {
    fc.assert(
      fc.property(
        profileId,
        prescription,
        fc.array(fc.tuple(fc.oneof(command, signal), fc.integer({ min: 0, max: 2 * DAY })), {
          maxLength: 25,
        }),
        (id, p, inputs) => {
          let s = filledPump({ profileId: id, prescription: p, fillMl: 5 });
          for (const [input, dt] of inputs) {
            const r = step(s, input, epochMs(s.clock + dt));
            s = r.state;
            expect(s.reservoir.volume).toBeGreaterThanOrEqual(0);
            for (const seg of r.outputs.segments) expect(seg.strokes).toBeGreaterThan(0);
          }
          expect(decodeState(encodeState(s))).toEqual(s);
        },
      ),
      { numRuns: 60 },
    );
  });
});
