/**
 * One test per telemetry attack of docs/clinical-reference.md §5, each named after the attack and the control it checks.
 * Every test drives the attack end to end and asserts the attacker's goal was not reached, so removing
 * the control makes it fail (noted per test).
 */
import { describe, expect, it } from 'vitest';
import type { Command } from './commands.ts';
import { nodeCrypto } from './crypto-node.ts';
import { concatBytes, nonceFor } from './crypto.ts';
import { assembleFrame, decodeFrame, frameHeader } from './frame.ts';
import { initiatorKeys, transcriptHash } from './handshake.ts';
import { initiatorStep, type InitiatorState } from './initiator.ts';
import { DEFAULT_LINK_LIMITS, TAG_SIZE } from './limits.ts';
import { OPCODES } from './commands.ts';
import { responderStep } from './responder.ts';
import { INITIAL_RESPONDER, type ResponderState } from './responder-state.ts';
import {
  countingBytes,
  countingCrypto,
  fixture,
  openSession,
  TEST_COMMAND_ID,
  TEST_KEYS,
} from './test-support.ts';
import { toHex } from './wire.ts';
import { encodeCommand } from './command-codec.ts';

const T0 = 1_700_000_000_000;
const fx = fixture();
const bolus: Command = {
  op: 'single-bolus',
  commandId: TEST_COMMAND_ID,
  amount: 100_000 as never,
  duration: 60_000 as never,
};
const rx = (st: ResponderState, bytes: Uint8Array, now = T0, entropy = countingBytes(0x70)) =>
  responderStep(fx.pump, st, { kind: 'frame', bytes, entropy }, now);
const send = (init: InitiatorState, c: Command, now = T0) =>
  initiatorStep(fx.clinician, init, { kind: 'command', command: c }, now);
const open = (init: InitiatorState) => init as Extract<InitiatorState, { phase: 'open' }>;

/** A command frame sealed under `key` (the attacker's guess) with the given counter. */
function forge(key: Uint8Array, counter: number, plain: Uint8Array): Uint8Array {
  const header = frameHeader('command', 'to-pump', counter, plain.length + TAG_SIZE);
  return assembleFrame(header, nodeCrypto.seal(key, nonceFor('to-pump', counter), plain, header));
}

describe('docs/clinical-reference.md §5 attacks', () => {
  it('CVE-2019-10964 command injection: unauthenticated command frames reach nothing (control: AEAD on every session frame)', () => {
    const s = openSession(fx.pump, fx.clinician, T0);
    const plain = encodeCommand(bolus);
    const attempts = [
      forge(new Uint8Array(32), 2, plain), // all-zero key
      forge(countingBytes(5), 2, plain), // a guessed key
      forge(open(s.initiator).keys.fromPump, 2, plain), // the other direction's key
      assembleFrame(
        frameHeader('command', 'to-pump', 2, plain.length + TAG_SIZE),
        concatBytes(plain, new Uint8Array(16)),
      ),
    ];
    for (const frame of attempts) {
      const r = rx(s.pump, frame);
      expect(r.commands).toEqual([]);
      expect(r.state.session).toEqual(s.pump.session);
      expect(r.events.map((e) => e.code)).toEqual(['ITB_E_LINK_AUTH']);
    }
    // With no session at all the pump does not even try: NO_SESSION, and no back-off (no key was spent).
    const cold = rx(INITIAL_RESPONDER, attempts[0]!);
    expect(cold.commands).toEqual([]);
    expect(cold.events.map((e) => e.code)).toEqual(['ITB_E_LINK_NO_SESSION']);
  });

  it('CVE-2019-10964 replay within a session: a recorded bolus frame is not applied twice (control: strictly increasing counters)', () => {
    const s = openSession(fx.pump, fx.clinician, T0);
    const frame = send(s.initiator, bolus).send[0]!;
    const first = rx(s.pump, frame);
    expect(first.commands).toHaveLength(1);
    const again = rx(first.state, frame, T0 + 1_000);
    expect(again.commands).toEqual([]);
    expect(again.events.map((e) => e.code)).toEqual(['ITB_E_LINK_REPLAY']);
  });

  it('CVE-2019-10964 replay across sessions: frames recorded in one session do nothing in the next (control: fresh ephemeral keys per session)', () => {
    const s1 = openSession(fx.pump, fx.clinician, T0);
    const recorded = send(s1.initiator, bolus).send[0]!;
    const eph = { initiator: countingBytes(0x33), pump: countingBytes(0x53) };
    const s2 = openSession(fx.pump, fx.clinician, T0 + 5_000, eph);
    const r = rx(s2.pump, recorded, T0 + 5_000);
    expect(r.commands).toEqual([]);
    expect(r.events.map((e) => e.code)).toEqual(['ITB_E_LINK_AUTH']);
  });

  it('CVE-2019-10964 handshake replay: a recorded HELLO and CONFIRM cannot open a session (control: pump ephemeral + key confirmation)', () => {
    const recorded = openSession(fx.pump, fx.clinician, T0);
    // Later, the attacker replays the whole recorded handshake; the pump picks a new ephemeral key.
    const later = T0 + 60_000;
    const hello = rx(INITIAL_RESPONDER, recorded.hello, later, countingBytes(0x90));
    expect(hello.send[0]).not.toEqual(recorded.reply);
    const confirm = rx(hello.state, recorded.confirm, later);
    expect(confirm.state.session).toBeUndefined();
    expect(confirm.events.map((e) => e.code)).toEqual(['ITB_E_LINK_HANDSHAKE_FAILED']);
    const cmd = send(recorded.initiator, bolus).send[0]!;
    expect(rx(confirm.state, cmd, later).commands).toEqual([]);
  });

  it('CVE-2019-6538/6540 raw memory access: no opcode reads or writes memory, even in an authenticated clinician session (control: closed typed command set)', () => {
    // A log budget large enough to see every refusal's entry.
    const big = fixture(nodeCrypto, {
      ...DEFAULT_LINK_LIMITS,
      logBudget: { ...DEFAULT_LINK_LIMITS.logBudget, value: 1_000 },
    });
    const s = openSession(big.pump, big.clinician, T0);
    let init = s.initiator;
    let pump = s.pump;
    const known = new Set<number>(Object.values(OPCODES));
    for (let op = 0; op < 256; op++) {
      if (known.has(op)) continue;
      // A Conexus-style request: opcode, id, 32-bit address, 16-bit length (or data to write).
      const plain = Uint8Array.from([op, ...countingBytes(op, 16), 0x20, 0, 0x10, 0, 0, 0x40]);
      const o = open(init);
      const frame = forge(o.keys.toPump, o.sendCounter + 1, plain);
      init = { ...o, sendCounter: o.sendCounter + 1 };
      const r = responderStep(big.pump, pump, { kind: 'frame', bytes: frame, entropy: countingBytes(0) }, T0);
      pump = r.state;
      expect(r.commands).toEqual([]);
      expect(r.events.map((e) => e.code)).toEqual(['ITB_E_LINK_UNKNOWN_COMMAND']);
      const back = initiatorStep(fx.clinician, init, { kind: 'frame', bytes: r.send[0]! }, T0);
      init = back.state;
      expect(back.responses).toMatchObject([
        { op: 'unknown', outcome: 'refused', error: 'ITB_E_LINK_UNKNOWN_COMMAND' },
      ]);
    }
  });

  it('CVE-2022-32537 pairing by eavesdropping: a listener with every frame and every public key can neither read nor impersonate (control: static-key DH es+se, nothing secret on air)', () => {
    const s = openSession(fx.pump, fx.clinician, T0);
    const frames = [s.hello, s.reply, s.confirm, send(s.initiator, bolus).send[0]!];
    const air = toHex(concatBytes(...frames));
    for (const secret of [
      TEST_KEYS.pump,
      TEST_KEYS.clinician,
      TEST_KEYS.clinicianEphemeral,
      TEST_KEYS.pumpEphemeral,
    ]) {
      expect(air.includes(toHex(secret))).toBe(false);
    }
    // The eavesdropper knows both static public keys and both ephemerals from the air; it runs the
    // key schedule with its own private keys in place of the ones it lacks.
    const hello = decodeFrame(s.hello);
    const reply = decodeFrame(s.reply);
    if (!hello.ok || !reply.ok) throw new Error('captured frames must decode');
    const pumpEphemeral = reply.value.payload.slice(0, 32);
    const transcript = transcriptHash(
      nodeCrypto,
      fx.pump.config.staticPublic,
      fx.clinician.config.staticPublic,
      hello.value.header,
      hello.value.payload,
      pumpEphemeral,
    );
    const guess = initiatorKeys(nodeCrypto, {
      ephemeralPrivate: countingBytes(0x01),
      staticPrivate: countingBytes(0x02),
      pumpEphemeral,
      pumpStatic: fx.pump.config.staticPublic,
      transcript,
    })!;
    const cmd = decodeFrame(frames[3]!);
    if (!cmd.ok) throw new Error('captured command must decode');
    expect(
      nodeCrypto.open(guess.toPump, nonceFor('to-pump', 2), cmd.value.payload, cmd.value.header),
    ).toBeUndefined();
    // Impersonation: a HELLO with the clinician's key id but the attacker's own keys never confirms.
    const mallory = {
      ...fx.clinician,
      config: { ...fx.clinician.config, staticPrivate: countingBytes(0x02) },
    };
    const a = initiatorStep(mallory, { phase: 'idle' }, { kind: 'start', entropy: countingBytes(0x03) }, T0);
    const b = rx(INITIAL_RESPONDER, a.send[0]!);
    const c = initiatorStep(mallory, a.state, { kind: 'frame', bytes: b.send[0]! }, T0);
    // Mallory cannot even verify the pump's reply (es uses the pump's static key with her ephemeral,
    // se needs the clinician's static private key): the handshake dies on her side.
    expect(c.events).toEqual([{ kind: 'refused', code: 'ITB_E_LINK_HANDSHAKE_FAILED' }]);
    expect(c.send).toEqual([]);
  });

  it('CVE-2022-32537 forward secrecy: stealing the static keys later does not open recorded sessions (control: ephemeral ee)', () => {
    const s = openSession(fx.pump, fx.clinician, T0);
    const recorded = send(s.initiator, bolus).send[0]!;
    const hello = decodeFrame(s.hello);
    const reply = decodeFrame(s.reply);
    const cmd = decodeFrame(recorded);
    if (!hello.ok || !reply.ok || !cmd.ok) throw new Error('captured frames must decode');
    const pumpEphemeral = reply.value.payload.slice(0, 32);
    const transcript = transcriptHash(
      nodeCrypto,
      fx.pump.config.staticPublic,
      fx.clinician.config.staticPublic,
      hello.value.header,
      hello.value.payload,
      pumpEphemeral,
    );
    // Both static private keys stolen; the ephemerals were never stored or sent.
    const thief = initiatorKeys(nodeCrypto, {
      ephemeralPrivate: TEST_KEYS.clinician, // best guess: reuse a static key
      staticPrivate: TEST_KEYS.clinician,
      pumpEphemeral,
      pumpStatic: fx.pump.config.staticPublic,
      transcript,
    })!;
    expect(
      nodeCrypto.open(thief.toPump, nonceFor('to-pump', 2), cmd.value.payload, cmd.value.header),
    ).toBeUndefined();
  });

  it('Halperin 2008 battery drain: a day of replayed wake-ups costs a bounded number of key agreements (control: back-off + handshake spacing)', () => {
    const { crypto, counts } = countingCrypto(nodeCrypto);
    const ctx = { ...fx.pump, crypto };
    const recorded = openSession(fx.pump, fx.clinician, T0);
    let st = INITIAL_RESPONDER;
    let logged = 0;
    let frames = 0;
    // One recorded HELLO replayed 10 times a second for an hour (36,000 wake-ups), with fresh "entropy".
    for (let t = 0; t < 3_600_000; t += 100) {
      const r = responderStep(
        ctx,
        st,
        { kind: 'frame', bytes: recorded.hello, entropy: countingBytes(t & 0xff) },
        T0 + t,
      );
      st = r.state;
      logged += r.events.length;
      frames += r.send.length;
    }
    const agreements = counts.x25519PublicKey;
    // Back-off doubles from 1 s to 10 min: 1+2+…+512 s ≈ 17 min, then one attempt per 10 min ≈ 5 more.
    expect(agreements).toBeLessThanOrEqual(20);
    expect(counts.x25519).toBe(3 * agreements);
    // Each answered HELLO: one reply and at most two re-sends of it for copies.
    expect(frames).toBeLessThanOrEqual(3 * agreements);
    // The link's log budget: a full bucket, then one entry per refill interval.
    const budget = DEFAULT_LINK_LIMITS.logBudget.value;
    expect(logged).toBeLessThanOrEqual(budget + 3_600_000 / DEFAULT_LINK_LIMITS.logRefillMs.value);
    expect(st.guard.ignored + st.guard.failures).toBeGreaterThan(0);
    // Without the guard the same hour would have cost one key agreement per second: 3,600.
    expect(agreements * 100).toBeLessThan(3_600);
  });

  it('Halperin 2008 battery drain: noise and garbage never reach cryptography and are counted, not logged one by one', () => {
    const { crypto, counts } = countingCrypto(nodeCrypto);
    const ctx = { ...fx.pump, crypto };
    let st = INITIAL_RESPONDER;
    let logged = 0;
    for (let i = 0; i < 20_000; i++) {
      const junk = countingBytes(i, 20 + (i % 40));
      const r = responderStep(
        ctx,
        st,
        { kind: 'frame', bytes: junk, entropy: countingBytes(0) },
        T0 + i * 50,
      );
      st = r.state;
      logged += r.events.length;
    }
    expect(counts).toEqual({ x25519: 0, x25519PublicKey: 0, open: 0, seal: 0 });
    expect(logged).toBeLessThan(100);
  });

  it('therapy is never interrupted by the link: refusals, timeouts and closes emit nothing for the controller', () => {
    // docs/architecture.md principle 5: the only path to the controller is an authenticated, role-checked command.
    const s = openSession(fx.pump, fx.clinician, T0);
    const events = [
      rx(s.pump, Uint8Array.from([0x49, 0x54])),
      responderStep(fx.pump, s.pump, { kind: 'tick' }, T0 + DEFAULT_LINK_LIMITS.sessionMaxMs.value),
      responderStep(fx.pump, s.pump, { kind: 'close' }, T0),
      rx(INITIAL_RESPONDER, s.confirm),
    ];
    for (const r of events) expect(r.commands).toEqual([]);
  });
});
