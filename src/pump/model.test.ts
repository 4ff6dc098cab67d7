/**
 * Model-based test (fast-check `fc.commands`): random sequences of ticks, programs (some against a stale
 * version), boluses, stops, resumes, refills and repeated command ids run against the controller and a
 * small reference model of the reservoir and modes. The model predicts the stroke count exactly — basal
 * strokes are floor(∫flow / stroke) over the whole history, a bolus's are floor(flow × elapsed / stroke)
 * from its start — so any drift in the controller's fractional-stroke carry, any double action on a repeated
 * id and any change by a refused command shows up as a mismatch.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MS_PER_DAY,
  doseToFlow,
  epochMs,
  mcgPerDay,
  mcgToNg,
  millis,
  mlToNl,
} from '../therapy/quantities.ts';
import { step } from './controller.ts';
import type { PumpCommand } from './inputs.ts';
import type { PumpState } from './state.ts';
import { BACLOFEN_2000, HOUR, T0, continuous, filledPump } from './test-fixtures.ts';

const SV = 500; // nL per stroke, peristaltic-20
const UNIT = BigInt(SV) * BigInt(MS_PER_DAY);

interface Model {
  t: number;
  flow: number;
  suspended: boolean;
  version: number;
  integral: bigint;
  bolus: { start: number; strokes: number; flow: number } | null;
  bolusStrokes: number;
  refillVolume: number;
  strokesAtRefill: number;
  sent: { cmd: PumpCommand; ok: boolean }[];
}
interface Real {
  s: PumpState;
}

const bolusDone = (m: Model, t: number) =>
  m.bolus
    ? Math.min(m.bolus.strokes, Math.floor((m.bolus.flow * (t - m.bolus.start)) / (SV * MS_PER_DAY)))
    : 0;
const strokes = (m: Model) => Number(m.integral / UNIT) + m.bolusStrokes + bolusDone(m, m.t);

/** Advances the model's clock by dt: basal integral, and a bolus that finishes. */
function advance(m: Model, dt: number): void {
  const t = m.t + dt;
  if (!m.suspended) m.integral += BigInt(m.flow) * BigInt(dt);
  if (m.bolus && bolusDone(m, t) >= m.bolus.strokes) {
    m.bolusStrokes += m.bolus.strokes;
    m.bolus = null;
  }
  m.t = t;
}

function check(m: Model, r: Real): void {
  expect(r.s.clock).toBe(m.t);
  expect(r.s.totals.strokes).toBe(strokes(m));
  expect(r.s.reservoir.volume).toBe(m.refillVolume - (strokes(m) - m.strokesAtRefill) * SV);
  expect(r.s.version).toBe(m.version);
  expect(r.s.suspended).toBe(m.suspended);
  expect(r.s.bolus === null).toBe(m.bolus === null);
}

let ids = 0;
/** Sends a command; compares the result with the model's prediction; records it for repeats. */
function send(m: Model, r: Real, cmd: PumpCommand, predictOk: boolean, apply: () => void): void {
  const out = step(r.s, cmd, epochMs(m.t));
  expect(out.outputs.result?.ok).toBe(predictOk);
  r.s = out.state;
  if (predictOk) apply();
  m.sent.push({ cmd, ok: predictOk });
  check(m, r);
}

class Tick implements fc.Command<Model, Real> {
  constructor(readonly dt: number) {}
  check = () => true;
  run(m: Model, r: Real): void {
    advance(m, this.dt);
    r.s = step(r.s, { kind: 'tick' }, epochMs(m.t)).state;
    check(m, r);
  }
  toString = () => `tick(${this.dt})`;
}

class Program implements fc.Command<Model, Real> {
  constructor(
    readonly mcg: number,
    readonly stale: boolean,
  ) {}
  check = () => true;
  run(m: Model, r: Real): void {
    const cmd: PumpCommand = {
      kind: 'program',
      commandId: `p${++ids}`,
      expectedVersion: this.stale ? m.version + 1 : m.version,
      prescription: continuous(this.mcg),
    };
    send(m, r, cmd, !this.stale, () => {
      m.flow = doseToFlow(mcgPerDay(this.mcg), BACLOFEN_2000.concentration);
      m.version += 1;
      // A stopped pump stays stopped: only the resume restarts it.
    });
  }
  toString = () => `program(${this.mcg}${this.stale ? ', stale' : ''})`;
}

class Bolus implements fc.Command<Model, Real> {
  constructor(
    readonly mcg: number,
    readonly minutes: number,
  ) {}
  check = () => true;
  run(m: Model, r: Real): void {
    const duration = this.minutes * 60_000;
    const cmd: PumpCommand = {
      kind: 'bolus',
      commandId: `b${++ids}`,
      amount: mcgToNg(this.mcg),
      duration: millis(duration),
    };
    const n = this.mcg; // 1 µg at 2000 µg/mL = 0.5 µL = one stroke
    send(m, r, cmd, m.bolus === null && !m.suspended, () => {
      m.bolus = {
        start: m.t,
        strokes: n,
        flow: Number((BigInt(n) * UNIT + BigInt(duration) - 1n) / BigInt(duration)),
      };
    });
  }
  toString = () => `bolus(${this.mcg} µg, ${this.minutes} min)`;
}

class Stop implements fc.Command<Model, Real> {
  check = () => true;
  run(m: Model, r: Real): void {
    send(m, r, { kind: 'stop', commandId: `s${++ids}` }, true, () => {
      m.bolusStrokes += bolusDone(m, m.t);
      m.bolus = null;
      m.suspended = true;
      m.version += 1;
    });
  }
  toString = () => 'stop';
}

class Resume implements fc.Command<Model, Real> {
  check = () => true;
  run(m: Model, r: Real): void {
    send(m, r, { kind: 'resume', commandId: `r${++ids}` }, true, () => {
      m.suspended = false;
      m.version += 1;
    });
  }
  toString = () => 'resume';
}

class Refill implements fc.Command<Model, Real> {
  constructor(readonly ml: number) {}
  check = () => true;
  run(m: Model, r: Real): void {
    const v = mlToNl(this.ml);
    const cmd: PumpCommand = {
      kind: 'refill',
      commandId: `f${++ids}`,
      drug: 'baclofen',
      concentration: BACLOFEN_2000.concentration,
      volumeAdded: v,
      newVolume: v,
    };
    send(m, r, cmd, m.bolus === null, () => {
      m.refillVolume = v;
      m.strokesAtRefill = strokes(m);
      m.version += 1;
    });
  }
  toString = () => `refill(${this.ml} mL)`;
}

class Repeat implements fc.Command<Model, Real> {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>) => m.sent.length > 0;
  run(m: Model, r: Real): void {
    const prior = m.sent[this.pick % m.sent.length]!;
    const out = step(r.s, prior.cmd, epochMs(m.t));
    expect(out.outputs.result?.ok).toBe(prior.ok);
    r.s = out.state;
    check(m, r);
  }
  toString = () => `repeat(#${this.pick})`;
}

const commands = [
  fc.integer({ min: 1, max: 12 * HOUR }).map((dt) => new Tick(dt)),
  fc.integer({ min: 1, max: 600_000 }).map((dt) => new Tick(dt)),
  fc.tuple(fc.integer({ min: 100, max: 1000 }), fc.boolean()).map(([d, stale]) => new Program(d, stale)),
  fc
    .tuple(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 60 }))
    .map(([a, min]) => new Bolus(a, min)),
  fc.constant(new Stop()),
  fc.constant(new Resume()),
  fc.integer({ min: 10, max: 20 }).map((ml) => new Refill(ml)),
  fc.nat().map((i) => new Repeat(i)),
];

describe('controller against a reference model of reservoir and modes', () => {
  it('agrees on strokes, reservoir, version, mode and every command result', () => {
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 40 }), (cmds) => {
        const s = filledPump();
        const model: Model = {
          t: T0,
          flow: doseToFlow(mcgPerDay(500), BACLOFEN_2000.concentration),
          suspended: false,
          version: s.version,
          integral: 0n,
          bolus: null,
          bolusStrokes: 0,
          refillVolume: mlToNl(20),
          strokesAtRefill: 0,
          sent: [],
        };
        fc.modelRun(() => ({ model, real: { s } }), cmds);
      }),
      { numRuns: 150 },
    );
  });
});
