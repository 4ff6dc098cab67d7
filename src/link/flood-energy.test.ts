/**
 * What a sustained unauthenticated flood costs the pump's battery, over one simulated hour of the pure link
 * state machine (default limits), priced by energy.ts against the pump's battery model: the first hour is
 * the dearest (the back-off is still growing), so ×24 bounds a day. A clinician tries every ten minutes
 * the way the programmer does (repeating its HELLO every 100 ms) and must get in within 10 s.
 */
import { describe, expect, it } from 'vitest';
import { filledPump } from '../pump/test-fixtures.ts';
import { nodeCrypto } from './crypto-node.ts';
import { batteryDaysLostPerDay, LINK_ATTACK_BUDGET, linkEnergyNj } from './energy.ts';
import { assembleFrame, decodeFrame } from './frame.ts';
import { initiatorStep, INITIAL_INITIATOR, type InitiatorState } from './initiator.ts';
import { DEFAULT_LINK_LIMITS } from './limits.ts';
import { responderStep } from './responder.ts';
import { initialResponder, type ResponderState } from './responder-state.ts';
import { countingBytes, countingCrypto, fixture, openSession } from './test-support.ts';

const T0 = 1_700_000_000_000;
const HOUR = 3_600_000;
const fx = fixture();

/** A deterministic xorshift stream of bytes (the flood's "random" frames). */
function noise(seed: number): (n: number) => Uint8Array {
  let x = seed >>> 0 || 1;
  return (n) =>
    Uint8Array.from({ length: n }, () => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return x & 0xff;
    });
}

interface Flood {
  /** Milliseconds between attack frames. */
  readonly everyMs: number;
  /** Forge a fresh HELLO with a paired key id this often (0: never); the attacker knows the key ids. */
  readonly forgeHelloMs: number;
}

/**
 * A forged HELLO with a paired key id: a recorded HELLO of the clinician with a fresh ephemeral key put in
 * its place (offset 17 of the payload) and the CRC repaired — what an attacker without keys can build.
 */
function forgeHello(recorded: Uint8Array, ephemeralPublic: Uint8Array): Uint8Array {
  const d = decodeFrame(recorded);
  if (!d.ok) throw new Error('recorded HELLO must decode');
  const payload = d.value.payload.slice();
  payload.set(ephemeralPublic, 17);
  return assembleFrame(d.value.header, payload);
}

/** Runs the flood for an hour, then a quiet minute in which the clinician tries once more. */
function runHour(flood: Flood) {
  const { crypto, counts } = countingCrypto(nodeCrypto);
  const ctx = { ...fx.pump, crypto };
  const rand = noise(7);
  // Frames the attacker recorded from real sessions: HELLO, CONFIRM and session frames.
  const recorded = [0, 1, 2].map((i) =>
    openSession(fx.pump, fx.clinician, T0 - HOUR + i * 5_000, {
      initiator: countingBytes(0x30 + i),
      pump: countingBytes(0x50 + i),
    }),
  );
  const replays = recorded.flatMap((s) => [s.hello, s.confirm]);
  let st: ResponderState = initialResponder(DEFAULT_LINK_LIMITS, T0);
  // The pump saw the recorded sessions (they were real): it remembers their ephemeral keys.
  for (const s of recorded)
    st = {
      ...st,
      guard: { ...st.guard, recentHellos: [...st.guard.recentHellos, ...s.pump.guard.recentHellos] },
    };
  let read = 0;
  let sent = 0;
  let frames = 0;
  const waits: number[] = [];
  let tryAt = T0 + 60_000;
  let clinician: { state: InitiatorState; hello: Uint8Array; since: number } | undefined;
  let n = 0;
  let activity = { framesRead: 0, framesSent: 0, keyAgreements: 0, tagChecks: 0 };
  for (let t = T0; t < T0 + HOUR + 60_000; t += flood.everyMs) {
    if (t === T0 + HOUR) {
      // The flood stops: what it cost is measured here; the clinician tries again at once.
      activity = {
        framesRead: read,
        framesSent: sent,
        keyAgreements: counts.x25519PublicKey,
        tagChecks: counts.open,
      };
      if (clinician === undefined) tryAt = t;
    }
    n++;
    const bytes =
      t >= T0 + HOUR
        ? undefined
        : flood.forgeHelloMs > 0 && n % Math.round(flood.forgeHelloMs / flood.everyMs) === 0
          ? forgeHello(recorded[0]!.hello, rand(32))
          : n % 5 === 0
            ? replays[n % replays.length]!
            : rand(40);
    if (bytes !== undefined) {
      const before = st.guard.ignored;
      const r = responderStep(ctx, st, { kind: 'frame', bytes, entropy: rand(32) }, t);
      st = r.state;
      frames++;
      if (st.guard.ignored <= before) read++;
      sent += r.send.length;
    }
    // The clinician: starts at `tryAt`, repeats its HELLO every 100 ms, completes the handshake at once.
    if (clinician === undefined && t >= tryAt) {
      const a = initiatorStep(fx.clinician, INITIAL_INITIATOR, { kind: 'start', entropy: rand(32) }, t);
      clinician = { state: a.state, hello: a.send[0]!, since: t };
    }
    if (clinician !== undefined && (t - clinician.since) % 100 < flood.everyMs) {
      const h = responderStep(ctx, st, { kind: 'frame', bytes: clinician.hello, entropy: rand(32) }, t);
      st = h.state;
      const reply = h.send.find((f) => f[3] === 0x02);
      if (reply !== undefined) {
        const c = initiatorStep(fx.clinician, clinician.state, { kind: 'frame', bytes: reply }, t);
        const d = responderStep(ctx, st, { kind: 'frame', bytes: c.send[0]!, entropy: rand(32) }, t);
        st = responderStep(ctx, d.state, { kind: 'close' }, t).state;
        if (d.events.some((e) => e.code === 'ITB_R_LINK_SESSION_OPENED')) {
          waits.push(t - clinician.since);
          clinician = undefined;
          tryAt = t >= T0 + HOUR ? Infinity : t + 600_000;
        }
      } else if (t - clinician.since > 60_000) {
        waits.push(Infinity);
        clinician = undefined;
        tryAt = t >= T0 + HOUR ? Infinity : t + 600_000;
      }
    }
  }
  return { frames, activity, waits, lost: batteryDaysLostPerDay(activity, HOUR, filledPump()) };
}

const report = (name: string, r: ReturnType<typeof runHour>) =>
  process.stdout.write(
    `${name}: ${r.frames} frames in 1 h; read ${r.activity.framesRead}, sent ${r.activity.framesSent}, ` +
      `key agreements ${r.activity.keyAgreements} (clinician's included), tag checks ${r.activity.tagChecks}: ${(linkEnergyNj(r.activity) / 1e6).toFixed(1)} mJ/h = ` +
      `${r.lost.toFixed(4)} battery-days lost per day (budget ${LINK_ATTACK_BUDGET.value}); clinician waits ${r.waits.join(', ')} ms\n`,
  );

describe('battery cost of a sustained flood (Halperin 2008; energy.ts budget)', () => {
  it('random frames and replayed sessions every 5 ms for an hour stay within the budget, and a clinician gets in within 10 s every time', () => {
    const r = runHour({ everyMs: 5, forgeHelloMs: 0 });
    report('random + replay', r);
    expect(r.lost).toBeLessThanOrEqual(LINK_ATTACK_BUDGET.value);
    expect(r.waits.length).toBeGreaterThanOrEqual(5);
    for (const w of r.waits) expect(w).toBeLessThan(10_000);
  }, 120_000);

  it('forged HELLOs with a paired key id no longer keep the clinician out: with one a second for an hour among random frames and replays, the clinician gets in within 10 s during and after it, within the budget', () => {
    const r = runHour({ everyMs: 10, forgeHelloMs: 1_000 });
    report('random + replay + forged HELLO', r);
    // Six tries during the hour (every 10 min from minute 1) and one after it, each in under 10 s.
    expect(r.waits.length).toBeGreaterThanOrEqual(7);
    for (const w of r.waits) expect(w).toBeLessThan(10_000);
    // A forged HELLO costs no key agreement: the only ones in the hour are the clinician's own.
    expect(r.activity.keyAgreements).toBeLessThanOrEqual(6);
    expect(r.lost).toBeLessThanOrEqual(LINK_ATTACK_BUDGET.value);
  }, 120_000);

  it('a flood of nothing but forged HELLOs with a paired key id every 10 ms costs no key agreement, stays within the budget (tag-check budget), and the clinician gets in within 10 s', () => {
    const r = runHour({ everyMs: 10, forgeHelloMs: 10 });
    report('forged HELLO only', r);
    expect(r.waits.length).toBeGreaterThanOrEqual(7);
    for (const w of r.waits) expect(w).toBeLessThan(10_000);
    expect(r.activity.keyAgreements).toBeLessThanOrEqual(6);
    // Without the tag-check budget every frame read would be a tag check: 0.106 battery-days a day.
    expect(r.lost).toBeLessThanOrEqual(LINK_ATTACK_BUDGET.value);
  }, 120_000);
});
