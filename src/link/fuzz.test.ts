/**
 * Fuzzing of the decoder and of both session state machines (protocol.md §11): random bytes, and
 * mutations of frames captured from a real session (bit flips, byte writes, truncation, extension,
 * splices, header swaps), with the CRC repaired half the time so the mutation reaches the deeper checks.
 * Invariants: nothing throws (only typed errors), every call returns promptly, and a frame that does not
 * authenticate never changes the session, never opens one and never yields a command or a response.
 *
 * About 100,000 cases in CI. For a longer run: `ITB_FUZZ_SCALE=50 npx vitest run src/link/fuzz.test.ts`.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { Command, CommandId } from './commands.ts';
import { errorFrame } from './responder-refusals.ts';
import { assembleFrame, decodeFrame, encodeFrame } from './frame.ts';
import { initiatorStep, type InitiatorState } from './initiator.ts';
import { CRC_SIZE, HEADER_SIZE } from './limits.ts';
import { responderStep } from './responder.ts';
import { INITIAL_RESPONDER, type ResponderState } from './responder-state.ts';
import type { Response } from './responses.ts';
import { countingBytes, fixture, openSession, TEST_KEYS } from './test-support.ts';
import { toHex } from './wire.ts';
import { filledPump } from '../pump/test-fixtures.ts';
import { endpointStep, type EndpointState } from './pump-endpoint.ts';

const SCALE = Math.max(1, Number(process.env.ITB_FUZZ_SCALE ?? 1));
const runs = (n: number) => ({ numRuns: Math.round(n * SCALE) });
const T0 = 1_700_000_000_000;
const fx = fixture();
const ENTROPY = countingBytes(0x70);
const id = (n: number) => n.toString(16).padStart(32, '0') as CommandId;

// ---- a captured session ----
const session = openSession(fx.pump, fx.clinician, T0);
const commands: Command[] = [
  { op: 'interrogate-status', commandId: id(1) },
  { op: 'single-bolus', commandId: id(2), amount: 50_000 as never, duration: 60_000 as never },
  {
    op: 'program',
    commandId: id(3),
    expectedVersion: 4,
    patientBolus: null,
    prescription: {
      mode: 'flex',
      drug: { drug: 'baclofen', concentration: 2_000_000 as never },
      schedule: {
        everyDay: {
          steps: [
            { startMinute: 0, dose: 300_000 as never },
            { startMinute: 480, dose: 400_000 as never },
          ],
          boluses: [{ startMinute: 720, amount: 20_000 as never, duration: 600_000 as never }],
        },
      },
    },
  },
  { op: 'acknowledge-alarm', commandId: id(4), alarm: 'low-reservoir' },
  { op: 'query-result', commandId: id(5), target: id(2) },
  { op: 'interrogate-log', commandId: id(6), fromSeq: 10, max: 8 },
];
let init: InitiatorState = session.initiator;
const commandFrames: Uint8Array[] = [];
for (const c of commands) {
  const r = initiatorStep(fx.clinician, init, { kind: 'command', command: c }, T0);
  init = r.state;
  commandFrames.push(r.send[0]!);
}
const closeFrame = initiatorStep(fx.clinician, init, { kind: 'close' }, T0).send[0]!;
const toPump = [session.hello, session.confirm, ...commandFrames, closeFrame];
const legit = new Map(commandFrames.map((f, i) => [toHex(f), i + 2])); // hex → counter

const responses: Response[] = [
  {
    op: 'single-bolus',
    commandId: id(2),
    outcome: 'applied',
    reasons: [],
    body: { kind: 'version', stateVersion: 5 },
  },
  {
    op: 'program',
    commandId: id(3),
    outcome: 'refused',
    error: 'ITB_E_PUMP_HARD_LIMIT',
    reasons: [
      { code: 'ITB_R_PUMP_DOSE_ABOVE_HARD_MAX', severity: 'block', limit: 2_000_000, value: 2_500_000 },
    ],
  },
];
let pumpState: ResponderState = session.pump;
const responseFrames: Uint8Array[] = [];
for (const response of responses) {
  const r = responderStep(fx.pump, pumpState, { kind: 'respond', response }, T0);
  pumpState = r.state;
  responseFrames.push(r.send[0]!);
}
const pumpClose = responderStep(fx.pump, pumpState, { kind: 'close' }, T0).send[0]!;
const fromPump = [session.reply, ...responseFrames, pumpClose, errorFrame('ITB_E_LINK_BACKOFF', 4_000)];
const legitResponses = new Set(responseFrames.map(toHex));

// ---- mutations ----
type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'truncate'; keep: number }
  | { kind: 'extend'; bytes: Uint8Array }
  | { kind: 'splice'; at: number; bytes: Uint8Array }
  | { kind: 'header-from'; other: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('flip' as const),
      at: fc.nat(),
      bit: fc.integer({ min: 0, max: 7 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('set' as const),
      at: fc.nat(),
      value: fc.integer({ min: 0, max: 255 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('truncate' as const), keep: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('extend' as const),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 40 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('splice' as const),
      at: fc.nat(),
      bytes: fc.uint8Array({ maxLength: 20 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('header-from' as const), other: fc.nat() }) },
);

function mutate(
  frame: Uint8Array,
  ms: readonly Mutation[],
  pool: readonly Uint8Array[],
  fixCrc: boolean,
): Uint8Array {
  let b: Uint8Array = frame.slice();
  for (const m of ms) {
    const at = b.length === 0 ? 0 : ('at' in m ? m.at : 0) % b.length;
    switch (m.kind) {
      case 'flip':
        if (b.length > 0) b[at]! ^= 1 << m.bit;
        break;
      case 'set':
        if (b.length > 0) b[at] = m.value;
        break;
      case 'truncate':
        b = b.slice(0, m.keep % (b.length + 1));
        break;
      case 'extend':
        b = Uint8Array.from([...b, ...m.bytes]);
        break;
      case 'splice':
        b = Uint8Array.from([...b.slice(0, at), ...m.bytes, ...b.slice(at + m.bytes.length)]);
        break;
      case 'header-from': {
        const o = pool[m.other % pool.length]!;
        if (b.length >= HEADER_SIZE)
          b = Uint8Array.from([...o.slice(0, HEADER_SIZE), ...b.slice(HEADER_SIZE)]);
        break;
      }
    }
  }
  if (fixCrc && b.length >= HEADER_SIZE + CRC_SIZE) {
    b = assembleFrame(b.slice(0, HEADER_SIZE), b.slice(HEADER_SIZE, b.length - CRC_SIZE));
  }
  return b;
}

const mutatedFrom = (pool: readonly Uint8Array[]) =>
  fc
    .record({
      which: fc.nat({ max: pool.length - 1 }),
      ms: fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
      fixCrc: fc.boolean(),
    })
    .map(({ which, ms, fixCrc }) => mutate(pool[which]!, ms, pool, fixCrc));

const isLinkCode = (c: string) => c.startsWith('ITB_E_LINK_') || c.startsWith('ITB_R_LINK_');

describe('fuzzing the link (≥ 100,000 cases; protocol.md §11)', () => {
  it('decodeFrame: random bytes and mutated frames give a frame or a typed error, and decoding is canonical', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.uint8Array({ maxLength: 120 }), mutatedFrom([...toPump, ...fromPump])),
        (bytes) => {
          const d = decodeFrame(bytes);
          if (!d.ok) return isLinkCode(d.code);
          const again = encodeFrame(d.value.type, d.value.direction, d.value.counter, d.value.payload);
          return toHex(again) === toHex(bytes);
        },
      ),
      runs(30_000),
    );
  });

  it('pump, session open: a frame that does not authenticate changes nothing and delivers nothing', () => {
    fc.assert(
      fc.property(mutatedFrom(toPump), fc.constantFrom(0, 500, 2_000), (bytes, dt) => {
        const r = responderStep(fx.pump, session.pump, { kind: 'frame', bytes, entropy: ENTROPY }, T0 + dt);
        if (!r.events.every((e) => isLinkCode(e.code))) return false;
        const counter = legit.get(toHex(bytes));
        if (counter !== undefined) return r.commands.length === 1; // an untouched original (mutation undone)
        if (toHex(bytes) === toHex(closeFrame)) return r.state.session === undefined;
        const d = decodeFrame(bytes);
        const hello = d.ok && d.value.type === 'hello';
        return (
          r.commands.length === 0 &&
          r.state.session === session.pump.session &&
          (hello || r.state.pending === session.pump.pending)
        );
      }),
      runs(25_000),
    );
  });

  it('pump, handshake pending: nothing but the real CONFIRM opens the session', () => {
    const pending = responderStep(
      fx.pump,
      INITIAL_RESPONDER,
      { kind: 'frame', bytes: session.hello, entropy: TEST_KEYS.pumpEphemeral },
      T0,
    ).state;
    fc.assert(
      fc.property(fc.oneof(mutatedFrom(toPump), fc.uint8Array({ maxLength: 80 })), (bytes) => {
        const r = responderStep(fx.pump, pending, { kind: 'frame', bytes, entropy: ENTROPY }, T0 + 100);
        if (r.commands.length !== 0) return false;
        const opened = r.state.session !== undefined;
        return opened === (toHex(bytes) === toHex(session.confirm));
      }),
      runs(10_000),
    );
  });

  it('pump, any order: each recorded command is delivered at most once, in increasing counter order', () => {
    const op = fc.oneof(
      { weight: 5, arbitrary: fc.nat({ max: commandFrames.length - 1 }).map((i) => commandFrames[i]!) },
      { weight: 2, arbitrary: mutatedFrom(toPump) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 60 }) },
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 5, maxLength: 40 }), (frames) => {
        let st = session.pump;
        let last = 1;
        let closed = false;
        for (const bytes of frames) {
          const r = responderStep(fx.pump, st, { kind: 'frame', bytes, entropy: ENTROPY }, T0);
          st = r.state;
          const c = legit.get(toHex(bytes));
          const expected = !closed && c !== undefined && c > last ? 1 : 0;
          if (r.commands.length !== expected) return false;
          if (expected === 1) last = c!;
          // The recorded CLOSE (counter 8) ends the session unless a later counter was already accepted.
          if (toHex(bytes) === toHex(closeFrame) && !closed && last < 8) closed = true;
          if (closed !== (st.session === undefined)) return false;
        }
        return true;
      }),
      runs(3_000),
    );
  });

  it('programmer: a pump frame that does not authenticate yields no response and leaves the session as it was', () => {
    fc.assert(
      fc.property(fc.oneof(mutatedFrom(fromPump), fc.uint8Array({ maxLength: 80 })), (bytes) => {
        const r = initiatorStep(fx.clinician, session.initiator, { kind: 'frame', bytes }, T0);
        if (legitResponses.has(toHex(bytes))) return r.responses.length === 1;
        if (toHex(bytes) === toHex(pumpClose)) return r.state.phase === 'closed';
        return r.responses.length === 0 && r.state === session.initiator;
      }),
      runs(25_000),
    );
  });

  it('pump endpoint with a controller: a frame that does not authenticate never steps the pump', () => {
    const pump = filledPump();
    const base: EndpointState = { pump, link: session.pump, issuers: [] };
    fc.assert(
      fc.property(fc.oneof(mutatedFrom(toPump), fc.uint8Array({ maxLength: 80 })), (bytes) => {
        if (legit.has(toHex(bytes)) || toHex(bytes) === toHex(closeFrame)) return true;
        const r = endpointStep(fx.pump, base, { kind: 'frame', bytes, entropy: ENTROPY }, T0 + 100);
        const p = r.state.pump;
        return (
          r.outputs.segments.length === 0 &&
          r.outputs.alarms.length === 0 &&
          p.clock === pump.clock &&
          p.prescription === pump.prescription &&
          p.reservoir === pump.reservoir &&
          p.bolus === pump.bolus &&
          p.version === pump.version &&
          r.state.link.session === session.pump.session
        );
      }),
      runs(5_000),
    );
  });

  it('pump, cold: random bytes never reach a command, and the guard only ever counts', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.nat({ max: 10_000 }), (bytes, dt) => {
        const r = responderStep(
          fx.pump,
          INITIAL_RESPONDER,
          { kind: 'frame', bytes, entropy: ENTROPY },
          T0 + dt,
        );
        return (
          r.commands.length === 0 &&
          r.state.session === undefined &&
          r.events.every((e) => isLinkCode(e.code))
        );
      }),
      runs(10_000),
    );
  });
});
