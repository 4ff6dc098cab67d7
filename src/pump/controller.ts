/**
 * The implanted pump's controller: a pure state machine over a virtual clock (docs/architecture.md principle 1).
 *
 *   const pump = createPump({ profile, serial, now });
 *   const { state, outputs } = step(pump, { kind: 'refill', commandId: 'c1', … }, now);
 *   const next = nextEventTime(state); // jump the simulator there, then step(state, { kind: 'tick' }, next)
 *
 * step() first advances time to `now` event by event (delivery in whole strokes, reservoir, battery,
 * alarms), then applies the input. It never reads a clock or a random source; the same (state, input, now)
 * always gives the same result.
 */
import { ItbError } from '../therapy/codes.ts';
import type { DrugId } from '../therapy/drug.ts';
import type { Prescription } from '../therapy/prescription.ts';
import {
  epochMs,
  millis,
  nanograms,
  nanolitres,
  nanolitresPerDay,
  type EpochMs,
  type Millis,
  type NanogramsPerMl,
  type Nanolitres,
} from '../therapy/quantities.ts';
import { advance, evaluate, nextEventAfter } from './advance.ts';
import { spendBatteryAge } from './battery.ts';
import { CERTIFIED_BUILD, type PumpBuild } from './build.ts';
import { MIN_COMMAND_MEMORY, applyCommand } from './commands.ts';
import { draftOf, emptyOutputs, type StepResult } from './draft.ts';
import { DEFAULT_LOG_CAPACITY, MIN_LOG_CAPACITY, emptyLog } from './event-log.ts';
import { isCommand, type PumpInput } from './inputs.ts';
import type { PumpProfile } from './profile.ts';
import { applySignal } from './signals.ts';
import { STATE_FORMAT, type PatientBolusConfig, type PumpState } from './state.ts';

export interface CreatePumpOptions {
  readonly profile: PumpProfile;
  readonly serial: string;
  readonly now: EpochMs;
  /** When the battery's life began (default `now`): the 7-year hard stop counts from here. */
  readonly batteryStart?: EpochMs;
  /**
   * How long the pump has already run at its initial programme (default 0: new from the factory): its battery's
   * life began that long before `now`, and the energy of that time at the programme's flow is spent
   * (`spendBatteryAge`, battery.ts). Not with `batteryStart`; below the profile's maximum life.
   */
  readonly batteryAge?: Millis;
  readonly utcOffsetMinutes?: number;
  readonly catheterVolume?: Nanolitres;
  /** Filled at implant (drained completely first): applied as a refill command. */
  readonly fill?: {
    readonly drug: DrugId;
    readonly concentration: NanogramsPerMl;
    readonly volume: Nanolitres;
  };
  /** Programmed at implant: applied as a program command after the fill. */
  readonly prescription?: Prescription;
  readonly patientBolus?: PatientBolusConfig | null;
  readonly lowReservoirThreshold?: Nanolitres;
  readonly criticalRepeat?: Millis;
  readonly logCapacity?: number;
  readonly commandMemory?: number;
}

/** A pump fresh from the factory: stopped, contents unknown, nothing delivered. */
export function blankState(
  profile: PumpProfile,
  serial: string,
  now: EpochMs,
  logCapacity = DEFAULT_LOG_CAPACITY,
  commandMemory = MIN_COMMAND_MEMORY,
): PumpState {
  if (!Number.isSafeInteger(now))
    throw new ItbError('ITB_E_INVALID_INPUT', 'now must be whole epoch milliseconds');
  if (!Number.isSafeInteger(logCapacity) || logCapacity < MIN_LOG_CAPACITY) {
    throw new ItbError('ITB_E_OUT_OF_RANGE', `the event log must hold at least ${MIN_LOG_CAPACITY} entries`);
  }
  if (!Number.isSafeInteger(commandMemory) || commandMemory < MIN_COMMAND_MEMORY) {
    throw new ItbError(
      'ITB_E_OUT_OF_RANGE',
      `the pump must remember at least ${MIN_COMMAND_MEMORY} command results`,
    );
  }
  return {
    format: STATE_FORMAT,
    profile,
    serial,
    clock: now,
    bornAt: now,
    utcOffsetMinutes: 0,
    version: 0,
    prescription: { mode: 'stopped' },
    meanFlow: nanolitresPerDay(0),
    patientBolus: null,
    patientBolusStarts: [],
    reservoir: { contents: null, volume: nanolitres(0) },
    catheterVolume: nanolitres(0),
    basalAcc: 0,
    bolus: null,
    suspended: false,
    lowBatteryReset: false,
    memory: 'ok',
    motor: { stalled: false, cause: null, since: null, fieldPresent: false, recoverAt: null },
    thresholds: {
      lowReservoir: profile.lowReservoir.value.default,
      criticalRepeat: profile.alarms?.criticalRepeat.value.default ?? millis(3_600_000),
    },
    alarms: [],
    battery: profile.battery === undefined ? null : { usedNj: 0, eriAt: null, eosAt: null, depleted: false },
    log: emptyLog(logCapacity),
    recentCommands: { capacity: commandMemory, entries: [] },
    totals: { strokes: 0, deliveredNl: nanolitres(0), deliveredNg: nanograms(0) },
    lastDay: [],
  };
}

function must(r: StepResult, what: string): PumpState {
  const res = r.outputs.result;
  if (res !== undefined && !res.ok) {
    throw new ItbError(
      res.code ?? 'ITB_E_INVALID_INPUT',
      `createPump: ${what} refused: ${res.reasons.map((x) => x.message).join('; ')}`,
      { reasons: res.reasons },
    );
  }
  return r.state;
}

/**
 * A new pump. Settings, fill and prescription go through the same commands a programmer would send, so
 * they pass the same checks; a refusal throws ItbError with the command's code and reasons.
 */
export function createPump(o: CreatePumpOptions): PumpState {
  checkBatteryAge(o);
  let s: PumpState = {
    ...blankState(o.profile, o.serial, o.now, o.logCapacity, o.commandMemory),
    bornAt: o.batteryStart ?? epochMs(o.now - (o.batteryAge ?? 0)),
  };
  const t = o.now;
  const id = (k: string) => `create-${o.serial}-${k}`;
  if (o.utcOffsetMinutes !== undefined)
    s = must(
      step(s, { kind: 'set-clock', commandId: id('clock'), utcOffsetMinutes: o.utcOffsetMinutes }, t),
      'clock',
    );
  if (o.catheterVolume !== undefined)
    s = must(
      step(s, { kind: 'set-catheter-volume', commandId: id('catheter'), volume: o.catheterVolume }, t),
      'catheter volume',
    );
  if (o.lowReservoirThreshold !== undefined || o.criticalRepeat !== undefined) {
    const th = {
      kind: 'set-alarm-thresholds' as const,
      commandId: id('thresholds'),
      ...(o.lowReservoirThreshold === undefined ? {} : { lowReservoir: o.lowReservoirThreshold }),
      ...(o.criticalRepeat === undefined ? {} : { criticalRepeat: o.criticalRepeat }),
    };
    s = must(step(s, th, t), 'alarm thresholds');
  }
  if (o.fill !== undefined) {
    const f = o.fill;
    const fill = {
      kind: 'refill' as const,
      commandId: id('fill'),
      drug: f.drug,
      concentration: f.concentration,
      volumeAdded: f.volume,
      newVolume: f.volume,
    };
    s = must(
      step(s, o.prescription === undefined ? fill : { ...fill, prescription: o.prescription }, t),
      'fill',
    );
    if (o.prescription !== undefined && o.patientBolus !== undefined) {
      s = must(
        step(
          s,
          {
            kind: 'program',
            commandId: id('program'),
            expectedVersion: s.version,
            prescription: o.prescription,
            patientBolus: o.patientBolus,
          },
          t,
        ),
        'prescription',
      );
    }
  } else if (o.prescription !== undefined) {
    s = must(
      step(
        s,
        {
          kind: 'program',
          commandId: id('program'),
          expectedVersion: s.version,
          prescription: o.prescription,
        },
        t,
      ),
      'prescription',
    );
  }
  return o.batteryAge === undefined ? s : spendBatteryAge(s, o.batteryAge);
}

/** Throws (nothing created) when a battery age is not whole milliseconds below the maximum life, or comes with a start. */
function checkBatteryAge(o: CreatePumpOptions): void {
  const age = o.batteryAge;
  if (age === undefined) return;
  if (o.batteryStart !== undefined)
    throw new ItbError('ITB_E_INVALID_INPUT', 'createPump: give batteryStart or batteryAge, not both');
  if (o.profile.battery === undefined)
    throw new ItbError('ITB_E_INVALID_INPUT', `createPump: ${o.profile.id} has no battery to age`);
  const max = o.profile.battery.maxLife.value;
  if (!Number.isSafeInteger(age) || age < 0 || age >= max)
    throw new ItbError(
      'ITB_E_OUT_OF_RANGE',
      `createPump: a battery age must be whole milliseconds from 0 to below the maximum life (${max} ms)`,
      { field: 'batteryAge', min: 0, max },
    );
}

/**
 * Advances the pump to `now` and applies `input`. Throws ITB_E_PUMP_CLOCK_BACKWARDS if `now` is before the
 * state's clock (a caller bug: a pump's history cannot be rewritten). Command refusals are not thrown: they
 * are the `result` in the outputs.
 */
export function step(
  state: PumpState,
  input: PumpInput,
  now: EpochMs,
  build: PumpBuild = CERTIFIED_BUILD,
): StepResult {
  if (!Number.isSafeInteger(now))
    throw new ItbError('ITB_E_INVALID_INPUT', 'now must be whole epoch milliseconds');
  if (now < state.clock) {
    throw new ItbError(
      'ITB_E_PUMP_CLOCK_BACKWARDS',
      `cannot step to ${new Date(now).toISOString()}: the pump is at ${new Date(state.clock).toISOString()}`,
    );
  }
  const d = draftOf(state);
  const out = emptyOutputs();
  advance(d, out, epochMs(now));
  if (isCommand(input)) out.result = applyCommand(d, out, input, build);
  else if (input.kind !== 'tick') applySignal(d, out, input);
  // A tick changes nothing after the advance, which has already evaluated every condition.
  if (input.kind !== 'tick') evaluate(d, out);
  return { state: d, outputs: out };
}

/**
 * When the pump's state next changes by itself (schedule step, bolus end, reservoir threshold, battery
 * ERI/EOS/hard stop, alarm tone, motor recovery); null if nothing will ever happen without an input.
 */
export function nextEventTime(state: PumpState): EpochMs | null {
  return nextEventAfter(state);
}
