import { describe, expect, it } from 'vitest';
import type { Command } from './commands.ts';
import { decodeErrorPayload } from './control-payloads.ts';
import { nodeCrypto } from './crypto-node.ts';
import { assembleFrame, decodeFrame } from './frame.ts';
import { INITIAL_INITIATOR, initiatorStep, type InitiatorState } from './initiator.ts';
import { DEFAULT_LINK_LIMITS, HEADER_SIZE, PROTOCOL_VERSION } from './limits.ts';
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

const T0 = 1_700_000_000_000;
const fx = fixture();
const ENTROPY = countingBytes(0x60);
const status = (n: number): Command => ({
  op: 'interrogate-status',
  commandId: n.toString(16).padStart(32, '0') as Command['commandId'],
});

function rx(state: ResponderState, bytes: Uint8Array, now = T0) {
  return responderStep(fx.pump, state, { kind: 'frame', bytes, entropy: ENTROPY }, now);
}

function cmdFrame(init: InitiatorState, c: Command, now = T0) {
  const r = initiatorStep(fx.clinician, init, { kind: 'command', command: c }, now);
  return { state: r.state, frame: r.send[0]! };
}

/** Re-seals the CRC after an edit so the AEAD, not the CRC, is what refuses the frame. */
function fixCrc(b: Uint8Array): Uint8Array {
  return assembleFrame(b.slice(0, HEADER_SIZE), b.slice(HEADER_SIZE, b.length - 4));
}

const codes = (r: { events: readonly { code: string }[] }) => r.events.map((e) => e.code);

describe('pump endpoint: handshake (protocol.md §3)', () => {
  it('opens a session after key confirmation and logs it', () => {
    const s = openSession(fx.pump, fx.clinician, T0);
    expect(s.pump.session).toMatchObject({ role: 'clinician', recvCounter: 1, sendCounter: 0 });
    expect(s.initiator).toMatchObject({ phase: 'open' });
    const hello = responderStep(
      fx.pump,
      INITIAL_RESPONDER,
      { kind: 'frame', bytes: s.hello, entropy: TEST_KEYS.pumpEphemeral },
      T0,
    );
    expect(codes(hello)).toEqual(['ITB_R_LINK_HANDSHAKE_STARTED']);
    expect(hello.send).toEqual([s.reply]);
    const confirm = rx(hello.state, s.confirm);
    expect(confirm.events).toMatchObject([
      { code: 'ITB_R_LINK_SESSION_OPENED', detail: { role: 'clinician', label: 'Test programmer' } },
    ]);
    expect(confirm.send).toEqual([]);
    expect(confirm.commands).toEqual([]);
  });

  it('accepts no command before CONFIRM: a command while only the handshake is pending is refused', () => {
    const s = openSession(fx.pump, fx.clinician, T0);
    const pendingOnly = rx(INITIAL_RESPONDER, s.hello).state;
    const { frame } = cmdFrame(s.initiator, status(1));
    const r = rx(pendingOnly, frame);
    expect(r.commands).toEqual([]);
    expect(codes(r)).toEqual(['ITB_E_LINK_NO_SESSION']);
  });

  it('answers a duplicated HELLO with the stored reply, without a new key agreement', () => {
    const { crypto, counts } = countingCrypto(nodeCrypto);
    const ctx = { ...fx.pump, crypto };
    const s = openSession(fx.pump, fx.clinician, T0);
    const first = responderStep(
      ctx,
      INITIAL_RESPONDER,
      { kind: 'frame', bytes: s.hello, entropy: ENTROPY },
      T0,
    );
    const before = counts.x25519 + counts.x25519PublicKey;
    const dup = responderStep(ctx, first.state, { kind: 'frame', bytes: s.hello, entropy: ENTROPY }, T0 + 10);
    expect(counts.x25519 + counts.x25519PublicKey).toBe(before);
    expect(dup.send).toEqual(first.send);
    expect(codes(dup)).toEqual(['ITB_R_LINK_DUPLICATE_HELLO']);
  });

  it('drops a handshake not confirmed within the handshake timeout (stale handshake)', () => {
    const s = openSession(fx.pump, fx.clinician, T0);
    const pending = responderStep(
      fx.pump,
      INITIAL_RESPONDER,
      { kind: 'frame', bytes: s.hello, entropy: TEST_KEYS.pumpEphemeral },
      T0,
    );
    const late = T0 + DEFAULT_LINK_LIMITS.handshakeTimeoutMs.value;
    const r = rx(pending.state, s.confirm, late);
    expect(r.state.session).toBeUndefined();
    expect(codes(r)).toContain('ITB_E_LINK_HANDSHAKE_STALE');
    const inTime = rx(pending.state, s.confirm, late - 1);
    expect(inTime.state.session).toBeDefined();
  });

  it('refuses an unknown key and a wrong role with an ERROR frame, without a back-off (no key agreement was spent)', () => {
    const other = fixture(nodeCrypto);
    const stranger = {
      ...fx.clinician,
      config: { ...fx.clinician.config, staticPrivate: countingBytes(1), keyId: countingBytes(9, 8) },
    };
    const hello = initiatorStep(
      stranger,
      { phase: 'idle' },
      { kind: 'start', entropy: countingBytes(0x21) },
      T0,
    ).send[0]!;
    const r = rx(INITIAL_RESPONDER, hello);
    expect(codes(r)).toEqual(['ITB_E_LINK_UNKNOWN_KEY']);
    expect(decodeFrame(r.send[0]!)).toMatchObject({ ok: true, value: { type: 'error' } });
    expect(r.state.guard.backoffUntil).toBe(0);

    const liar = { ...other.patient, config: { ...other.patient.config, role: 'clinician' as const } };
    const h2 = initiatorStep(liar, { phase: 'idle' }, { kind: 'start', entropy: countingBytes(0x22) }, T0)
      .send[0]!;
    expect(codes(rx(INITIAL_RESPONDER, h2))).toEqual(['ITB_E_LINK_WRONG_ROLE']);
  });

  it('drops a HELLO that names a paired key without proving the pairing: no answer, no key agreement, no back-off', () => {
    const { crypto, counts } = countingCrypto(nodeCrypto);
    const pump = { ...fx.pump, crypto };
    const real = initiatorStep(
      fx.clinician,
      { phase: 'idle' },
      { kind: 'start', entropy: countingBytes(0x23) },
      T0,
    ).send[0]!;
    // A sender without keys: the clinician's key id in clear, its own hello key (not the pairing's).
    const forger = { ...fx.clinician, config: { ...fx.clinician.config, helloKey: countingBytes(0x99) } };
    const forged = initiatorStep(
      forger,
      { phase: 'idle' },
      { kind: 'start', entropy: countingBytes(0x24) },
      T0,
    ).send[0]!;
    // An authentic HELLO with one byte changed (the ephemeral key), CRC repaired.
    const tampered = fixCrc(Uint8Array.from(real, (x, i) => (i === HEADER_SIZE + 20 ? x ^ 1 : x)));
    for (const bytes of [forged, tampered]) {
      const r = responderStep(pump, INITIAL_RESPONDER, { kind: 'frame', bytes, entropy: ENTROPY }, T0);
      expect(codes(r)).toEqual(['ITB_E_LINK_AUTH']);
      expect(r.send).toEqual([]);
      expect(r.state.pending).toBeUndefined();
      expect(r.state.guard).toMatchObject({ failures: 0, backoffUntil: 0, lastHandshakeAt: undefined });
    }
    expect(counts.x25519PublicKey + counts.x25519).toBe(0);
    // The authentic one still opens a handshake.
    expect(codes(rx(INITIAL_RESPONDER, real))).toEqual(['ITB_R_LINK_HANDSHAKE_STARTED']);
  });

  it('answers a HELLO addressed to another pump with NOT_THIS_PUMP, without logging it or starting a key agreement', () => {
    const elsewhere = {
      ...fx.clinician,
      config: { ...fx.clinician.config, pumpKeyId: countingBytes(0x77, 8) },
    };
    const hello = initiatorStep(
      elsewhere,
      { phase: 'idle' },
      { kind: 'start', entropy: countingBytes(0x23) },
      T0,
    ).send[0]!;
    const r = rx(INITIAL_RESPONDER, hello);
    expect(r).toMatchObject({ events: [], commands: [] });
    expect(r.send).toHaveLength(1);
    const frame = decodeFrame(r.send[0]!);
    if (!frame.ok) throw new Error(frame.message);
    expect(decodeErrorPayload(frame.value.payload)).toMatchObject({
      ok: true,
      value: { code: 'ITB_E_LINK_NOT_THIS_PUMP' },
    });
    expect(r.state.pending).toBeUndefined();
    expect(r.state.guard.lastHandshakeAt).toBeUndefined();
  });

  it('replaces an open session when the same programmer completes a new handshake', () => {
    const s1 = openSession(fx.pump, fx.clinician, T0);
    const eph = { initiator: countingBytes(0x31), pump: countingBytes(0x51) };
    const s2 = openSession(fx.pump, fx.clinician, T0 + 2_000, eph, s1.pump);
    expect(s2.pump.session?.id).not.toBe(s1.pump.session?.id);
    const old = cmdFrame(s1.initiator, status(1), T0 + 2_000);
    expect(rx(s2.pump, old.frame, T0 + 2_000).commands).toEqual([]);
  });
});

describe('pump endpoint: session frames (protocol.md §4)', () => {
  const s = openSession(fx.pump, fx.clinician, T0);

  it('delivers an authenticated command with the session role, and seals the response', () => {
    const { frame } = cmdFrame(s.initiator, status(1));
    const r = rx(s.pump, frame);
    expect(r.commands).toEqual([
      {
        sessionId: s.pump.session!.id,
        role: 'clinician',
        peerKeyId: s.pump.session!.peerKeyId,
        command: status(1),
      },
    ]);
    const resp = responderStep(
      fx.pump,
      r.state,
      {
        kind: 'respond',
        response: {
          op: 'stop',
          commandId: TEST_COMMAND_ID,
          outcome: 'applied',
          reasons: [],
          body: { kind: 'version', stateVersion: 3 },
        },
      },
      T0,
    );
    const back = initiatorStep(fx.clinician, s.initiator, { kind: 'frame', bytes: resp.send[0]! }, T0);
    expect(back.responses).toEqual([
      {
        op: 'stop',
        commandId: TEST_COMMAND_ID,
        outcome: 'applied',
        reasons: [],
        body: { kind: 'version', stateVersion: 3 },
      },
    ]);
  });

  it('refuses a repeated counter (replay) and a lower one (reorder), and logs them', () => {
    const a = cmdFrame(s.initiator, status(1));
    const b = cmdFrame(a.state, status(2));
    const afterB = rx(s.pump, b.frame);
    expect(afterB.commands).toHaveLength(1);
    const reordered = rx(afterB.state, a.frame);
    expect(reordered.commands).toEqual([]);
    expect(reordered.state.session).toEqual(afterB.state.session);
    expect(reordered.events).toMatchObject([{ code: 'ITB_E_LINK_REPLAY', detail: { counter: 2, last: 3 } }]);
    const replayed = rx(afterB.state, b.frame);
    expect(replayed.commands).toEqual([]);
    expect(codes(replayed)).toEqual(['ITB_E_LINK_REPLAY']);
  });

  it('allows a forward gap (lost frames) but never going back over it', () => {
    const a = cmdFrame(s.initiator, status(1));
    const b = cmdFrame(a.state, status(2));
    const c = cmdFrame(b.state, status(3));
    const r = rx(s.pump, c.frame);
    expect(r.commands.map((x) => x.command)).toEqual([status(3)]);
    expect(rx(r.state, a.frame).commands).toEqual([]);
  });

  it('refuses truncated frames and flipped bits in header or ciphertext without touching the session', () => {
    const { frame } = cmdFrame(s.initiator, status(1));
    const truncated = rx(s.pump, frame.slice(0, frame.length - 3));
    expect(codes(truncated)).toEqual(['ITB_E_LINK_TRUNCATED']);
    for (let bit = 8 * 8; bit < (frame.length - 4) * 8; bit += 7) {
      const flipped = frame.slice();
      flipped[bit >> 3]! ^= 1 << (bit & 7);
      const raw = rx(s.pump, flipped);
      expect(codes(raw)).toEqual(['ITB_E_LINK_CRC']);
      const r = rx(s.pump, fixCrc(flipped));
      expect(r.commands).toEqual([]);
      expect(r.state.session).toEqual(s.pump.session);
      expect(r.events.length).toBe(1);
    }
  });

  it('answers a malformed but authenticated command with a refusal, consuming its counter', () => {
    const init = s.initiator as Extract<InitiatorState, { phase: 'open' }>;
    const plain = Uint8Array.from([0x15, ...countingBytes(0, 16)]); // stop without its 4-byte version
    const header = Uint8Array.from([
      0x49,
      0x54,
      PROTOCOL_VERSION,
      0x10,
      0x02,
      0,
      0,
      plain.length + 16,
      0,
      0,
      0,
      2,
    ]);
    const sealed = nodeCrypto.seal(
      init.keys.toPump,
      Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]),
      plain,
      header,
    );
    const r = rx(s.pump, assembleFrame(header, sealed));
    expect(r.commands).toEqual([]);
    expect(r.state.session?.recvCounter).toBe(2);
    const back = initiatorStep(fx.clinician, s.initiator, { kind: 'frame', bytes: r.send[0]! }, T0);
    expect(back.responses).toMatchObject([
      { op: 'stop', outcome: 'refused', error: 'ITB_E_LINK_MALFORMED_COMMAND' },
    ]);
  });

  it('closes an idle session with a sealed CLOSE, and the programmer learns why', () => {
    const idle = T0 + DEFAULT_LINK_LIMITS.sessionIdleTimeoutMs.value;
    const r = responderStep(fx.pump, s.pump, { kind: 'tick' }, idle);
    expect(r.state.session).toBeUndefined();
    expect(codes(r)).toEqual(['ITB_R_LINK_SESSION_CLOSED']);
    const back = initiatorStep(fx.clinician, s.initiator, { kind: 'frame', bytes: r.send[0]! }, idle);
    expect(back.state).toEqual({ phase: 'closed', reason: 'ITB_E_LINK_SESSION_EXPIRED' });
    expect(responderStep(fx.pump, s.pump, { kind: 'tick' }, idle - 1).state.session).toBeDefined();
  });

  it('closes a session at its maximum duration even if active', () => {
    let init = s.initiator;
    let pump = s.pump;
    const step = DEFAULT_LINK_LIMITS.sessionIdleTimeoutMs.value - 1;
    let t = T0;
    while (t + step < T0 + DEFAULT_LINK_LIMITS.sessionMaxMs.value) {
      t += step;
      const c = cmdFrame(init, status(t), t);
      init = c.state;
      pump = rx(pump, c.frame, t).state;
      expect(pump.session).toBeDefined();
    }
    const end = T0 + DEFAULT_LINK_LIMITS.sessionMaxMs.value;
    const r = responderStep(fx.pump, pump, { kind: 'tick' }, end);
    expect(r.state.session).toBeUndefined();
    expect(r.events).toMatchObject([{ code: 'ITB_R_LINK_SESSION_CLOSED', detail: { why: 'max-duration' } }]);
  });

  it('ends the session on the programmer’s CLOSE', () => {
    const c = initiatorStep(fx.clinician, s.initiator, { kind: 'close' }, T0);
    const r = rx(s.pump, c.send[0]!);
    expect(r.state.session).toBeUndefined();
    expect(r.events).toMatchObject([{ code: 'ITB_R_LINK_SESSION_CLOSED', detail: { why: 'peer' } }]);
  });

  it('logs refusals within the link’s log budget and summarises what it could not write', () => {
    let pump = s.pump;
    const budget = s.pump.audit.tokens; // the handshake's entry already took one
    let logged = 0;
    for (let i = 0; i < budget + 10; i++) {
      const r = rx(pump, Uint8Array.from([1, 2, 3]));
      logged += r.events.length;
      pump = r.state;
    }
    expect(logged).toBe(budget);
    expect(pump.audit.suppressed).toBe(10);
    // Session entries are always written: the peer had to authenticate to cause them.
    expect(codes(responderStep(fx.pump, pump, { kind: 'close' }, T0))).toEqual(['ITB_R_LINK_SESSION_CLOSED']);
    // Half an hour later one token is back: the next refusal becomes a summary with the count.
    const later = T0 + DEFAULT_LINK_LIMITS.logRefillMs.value;
    const c = cmdFrame(s.initiator, status(9), later);
    const r = responderStep(
      fx.pump,
      { ...pump, session: { ...pump.session!, lastActivity: later } },
      { kind: 'frame', bytes: c.frame.slice(0, 5), entropy: ENTROPY },
      later,
    );
    expect(r.events).toMatchObject([
      { code: 'ITB_R_LINK_ENTRIES_SUPPRESSED', detail: { count: 11, last: 'ITB_E_LINK_TRUNCATED' } },
    ]);
  });
});

describe('pump endpoint: role table (protocol.md §5)', () => {
  const s = openSession(fx.pump, fx.patient, T0);
  const tryAs = (c: Command) => {
    const f = initiatorStep(fx.patient, s.initiator, { kind: 'command', command: c }, T0).send[0]!;
    return rx(s.pump, f);
  };

  it('lets the patient read status, acknowledge alarms and ask for a patient bolus', () => {
    for (const c of [
      status(1),
      { op: 'acknowledge-alarm', commandId: TEST_COMMAND_ID, alarm: 'low-reservoir' } as const,
      { op: 'patient-bolus', commandId: TEST_COMMAND_ID } as const,
    ]) {
      expect(tryAs(c).commands).toMatchObject([{ role: 'patient', command: c }]);
    }
  });

  it('H47 patient accesses the pump: the patient controller cannot program, refill, prime, bridge or resume the pump', () => {
    // The commands that put drug in or change what the pump delivers; the port itself is patient education.
    const drug = { drug: 'baclofen' as const, concentration: 2_000_000 as never };
    const tampering: Command[] = [
      {
        op: 'program',
        commandId: TEST_COMMAND_ID,
        expectedVersion: 1,
        patientBolus: undefined,
        prescription: { mode: 'simple-continuous', drug, dose: 5_000_000 as never },
      },
      {
        op: 'refill',
        commandId: TEST_COMMAND_ID,
        expectedVersion: undefined,
        drug: 'baclofen',
        concentration: 2_000_000 as never,
        volumeAdded: 20_000_000 as never,
        newVolume: 20_000_000 as never,
        drainedVolume: undefined,
        prescription: undefined,
      },
      { op: 'priming-bolus', commandId: TEST_COMMAND_ID, volume: undefined, duration: undefined },
      {
        op: 'bridge-bolus',
        commandId: TEST_COMMAND_ID,
        volume: 100_000 as never,
        duration: 3_600_000 as never,
      },
      { op: 'resume', commandId: TEST_COMMAND_ID, expectedVersion: undefined },
      {
        op: 'set-alarm-thresholds',
        commandId: TEST_COMMAND_ID,
        expectedVersion: undefined,
        lowReservoir: 0 as never,
        criticalRepeat: undefined,
      },
    ];
    for (const c of tampering) {
      const r = tryAs(c);
      expect(r.commands, c.op).toEqual([]);
      expect(codes(r), c.op).toEqual(['ITB_E_LINK_ROLE_FORBIDDEN']);
    }
  });

  it('refuses the patient every clinician command, answering ITB_E_LINK_ROLE_FORBIDDEN', () => {
    const forbidden: Command[] = [
      { op: 'stop', commandId: TEST_COMMAND_ID, expectedVersion: undefined },
      { op: 'single-bolus', commandId: TEST_COMMAND_ID, amount: 50_000 as never, duration: 60_000 as never },
      { op: 'interrogate-log', commandId: TEST_COMMAND_ID, fromSeq: 0, max: 8 },
      { op: 'set-clock', commandId: TEST_COMMAND_ID, expectedVersion: undefined, utcOffsetMinutes: 60 },
    ];
    for (const c of forbidden) {
      const r = tryAs(c);
      expect(r.commands).toEqual([]);
      expect(codes(r)).toEqual(['ITB_E_LINK_ROLE_FORBIDDEN']);
      const back = initiatorStep(fx.patient, s.initiator, { kind: 'frame', bytes: r.send[0]! }, T0);
      expect(back.responses).toMatchObject([
        { op: c.op, outcome: 'refused', error: 'ITB_E_LINK_ROLE_FORBIDDEN' },
      ]);
    }
  });
});

describe('pump endpoint: a clinician is not pushed out by the patient controller (protocol.md §5.1)', () => {
  const patientHello = (now: number) =>
    initiatorStep(fx.patient, INITIAL_INITIATOR, { kind: 'start', entropy: countingBytes(0x70) }, now)
      .send[0]!;
  const busyAnswer = (send: readonly Uint8Array[]) => {
    const f = decodeFrame(send[0] ?? new Uint8Array());
    return f.ok && f.value.type === 'error' ? decodeErrorPayload(f.value.payload) : undefined;
  };

  it("patient controller's handshake superseded an open clinician session: it is told to wait, the session stays", () => {
    const clinician = openSession(fx.pump, fx.clinician, T0);
    const r = rx(clinician.pump, patientHello(T0 + 1_000), T0 + 1_000);
    expect(codes(r)).toContain('ITB_E_LINK_BUSY');
    expect(codes(r)).not.toContain('ITB_R_LINK_SESSION_CLOSED');
    expect(r.state.session).toEqual(clinician.pump.session);
    expect(r.state.pending).toBeUndefined();
    expect(busyAnswer(r.send)).toMatchObject({ ok: true, value: { code: 'ITB_E_LINK_BUSY' } });
    // The clinician's next command is still accepted on the same session.
    const { frame } = cmdFrame(clinician.initiator, status(7), T0 + 2_000);
    expect(rx(r.state, frame, T0 + 2_000).commands).toHaveLength(1);
  });

  it("patient controller's handshake abandoned a clinician's pending handshake (and backed the pump off): it waits", () => {
    const s = openSession(fx.pump, fx.clinician, T0);
    const pending = responderStep(
      fx.pump,
      INITIAL_RESPONDER,
      { kind: 'frame', bytes: s.hello, entropy: TEST_KEYS.pumpEphemeral },
      T0,
    ).state;
    const r = rx(pending, patientHello(T0 + 500), T0 + 500);
    expect(codes(r)).toContain('ITB_E_LINK_BUSY');
    expect(r.state.pending).toEqual(pending.pending);
    expect(r.state.guard.failures).toEqual(pending.guard.failures);
    expect(rx(r.state, s.confirm, T0 + 600).state.session?.role).toBe('clinician');
  });

  it('a clinician still takes over a patient controller’s session (a programmer may always reach the pump)', () => {
    const patient = openSession(fx.pump, fx.patient, T0, {
      initiator: countingBytes(0x70),
      pump: TEST_KEYS.pumpEphemeral,
    });
    const clinician = openSession(fx.pump, fx.clinician, T0 + 60_000, undefined, patient.pump);
    expect(clinician.pump.session?.role).toBe('clinician');
  });
});
