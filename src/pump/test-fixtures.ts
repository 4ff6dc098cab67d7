/**
 * Builders shared by the pump's tests, the simulator's tests and the benchmark: a filled, programmed pump,
 * an event-driven run loop, and command ids. Pure: time comes in as arguments.
 */
import type { DrugSpec, Prescription } from '../therapy/prescription.ts';
import { epochMs, mcgPerDay, mcgPerMl, mlToNl } from '../therapy/quantities.ts';
import { createPump, nextEventTime, step, type CreatePumpOptions } from './controller.ts';
import type { DeliverySegment } from './delivery.ts';
import type { AlarmChange } from './draft.ts';
import type { PumpInput } from './inputs.ts';
import { getProfile } from './profiles.ts';
import type { LogEntry, PumpState } from './state.ts';

/** Monday 6 January 2025, 00:00 UTC. */
export const T0 = epochMs(Date.UTC(2025, 0, 6));
export const DAY = 86_400_000;
export const HOUR = 3_600_000;

/** Baclofen 2000 µg/mL: the strength most ITB patients carry. */
export const BACLOFEN_2000 = { drug: 'baclofen' as const, concentration: mcgPerMl(2000) };

export const continuous = (mcg: number, drug: DrugSpec = BACLOFEN_2000): Prescription => ({
  mode: 'simple-continuous',
  drug,
  dose: mcgPerDay(mcg),
});

/** A filled pump running `prescription` (default 500 µg/day baclofen 2000 µg/mL in a 20 mL peristaltic pump). */
export function filledPump(
  o: Partial<CreatePumpOptions> & { profileId?: string; fillMl?: number } = {},
): PumpState {
  const profile = o.profile ?? getProfile(o.profileId ?? 'peristaltic-20');
  const prescription = o.prescription ?? continuous(500);
  const drug = prescription.mode === 'stopped' ? BACLOFEN_2000 : prescription.drug;
  return createPump({
    serial: 'TEST-1',
    now: T0,
    fill: { drug: drug.drug, concentration: drug.concentration, volume: mlToNl(o.fillMl ?? 20) },
    ...o,
    profile,
    prescription,
  });
}

let counter = 0;
/** A fresh command id. */
export const newId = (prefix = 'cmd'): string => `${prefix}-${++counter}`;

/** What an event-driven run collected. */
export interface Run {
  state: PumpState;
  segments: DeliverySegment[];
  alarms: AlarmChange[];
  log: LogEntry[];
  events: number;
}

/** Steps from event to event until `end` (inclusive), then ticks to `end`. */
export function runUntil(state: PumpState, end: number, collect = true): Run {
  const run: Run = { state, segments: [], alarms: [], log: [], events: 0 };
  for (;;) {
    const next = nextEventTime(run.state);
    const t = next === null || next > end ? end : next;
    const r = step(run.state, { kind: 'tick' }, epochMs(t));
    run.state = r.state;
    run.events++;
    if (collect) {
      run.segments.push(...r.outputs.segments);
      run.alarms.push(...r.outputs.alarms);
      run.log.push(...r.outputs.log);
    }
    if (t >= end) return run;
  }
}

/** Applies an input at `at` and returns the state and outputs. */
export const at = (state: PumpState, input: PumpInput, t: number) => step(state, input, epochMs(t));

/** Sum of segment volumes. */
export const volumeOf = (segments: readonly DeliverySegment[]): number =>
  segments.reduce((s, x) => s + x.volume, 0);
