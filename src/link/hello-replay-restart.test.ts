/**
 * Finding "a pump restart forgets which HELLOs it has seen": the memory of recent HELLOs (guard.ts) lived
 * in RAM only, so after a restart every HELLO recorded off the air could be played back once more. Each one
 * carries a valid tag, so it cost a key agreement, took the handshake slot (the clinician's HELLO in the
 * next second was refused as too soon, a pending clinician handshake was superseded) and, never confirmed,
 * fed the back-off. The memory is now kept in the pump's persisted state (pump-endpoint.ts).
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { filledPump, T0 } from '../pump/test-fixtures.ts';
import type { PumpState } from '../pump/state.ts';
import type { LinkEvent } from './events.ts';
import { decodeFrame } from './frame.ts';
import { INITIAL_INITIATOR, initiatorStep } from './initiator.ts';
import { PumpServer } from './pump-server.ts';
import { countingBytes, fixture } from './test-support.ts';
import type { Transport } from './transport.ts';

const fx = fixture();

/** A pump whose memory survives `restart()`, driven frame by frame on a clock the test sets. */
class RestartingPump {
  t: number = T0;
  stored: PumpState = filledPump();
  events: LinkEvent[] = [];
  private server!: PumpServer;
  private deliver: (frame: Uint8Array) => void = () => undefined;
  private replies: Uint8Array[] = [];
  /** `failWrite`: which states the memory cannot store (the write throws). */
  constructor(private readonly failWrite: (s: PumpState) => boolean = () => false) {
    this.restart();
  }

  get pending(): boolean {
    return this.server.state.link.pending !== undefined;
  }

  restart(): void {
    this.server?.stop();
    this.server = new PumpServer({
      ctx: fx.pump,
      pump: this.stored,
      clock: { now: () => this.t, realDelay: () => 2_000_000_000 },
      linkTickMs: 0,
      persist: (s) => {
        if (this.failWrite(s)) throw new Error('flash write failed');
        this.stored = s;
      },
      onError: () => undefined,
      onEvents: (e) => this.events.push(...e),
    });
    const t: Transport = {
      send: (f) => this.replies.push(f),
      onFrame: (h) => (this.deliver = h),
      onClose: () => undefined,
      close: () => undefined,
      closed: false,
    };
    this.server.attach(t);
  }

  /** Delivers a frame; returns what the pump answered and the events it logged. */
  receive(frame: Uint8Array): { replies: Uint8Array[]; codes: string[] } {
    this.replies = [];
    const from = this.events.length;
    this.deliver(frame);
    return { replies: this.replies, codes: this.events.slice(from).map((e) => e.code) };
  }

  /** A clinician signs in with the given ephemeral key and closes; returns the HELLO (recorded off the air). */
  handshake(ephemeral: Uint8Array): Uint8Array {
    const a = initiatorStep(fx.clinician, INITIAL_INITIATOR, { kind: 'start', entropy: ephemeral }, this.t);
    const hello = a.send[0]!;
    const r = this.receive(hello);
    expect(r.codes).toContain('ITB_R_LINK_HANDSHAKE_STARTED');
    const c = initiatorStep(fx.clinician, a.state, { kind: 'frame', bytes: r.replies[0]! }, this.t);
    expect(this.receive(c.send[0]!).codes).toContain('ITB_R_LINK_SESSION_OPENED');
    return hello;
  }

  stop(): void {
    this.server.stop();
  }
}

let pump: RestartingPump | undefined;
afterEach(() => pump?.stop());

describe('HELLO replay across a pump restart', () => {
  it('a pump restart forgets which HELLOs it has seen: a recorded HELLO replayed after a restart no longer takes the handshake slot from the clinician', () => {
    pump = new RestartingPump();
    const recorded = pump.handshake(countingBytes(0x31));
    pump.t += 60_000;
    pump.restart();
    pump.t += 60_000;
    const replay = pump.receive(recorded);
    expect(replay.codes).not.toContain('ITB_R_LINK_HANDSHAKE_STARTED');
    expect(replay.codes).toContain('ITB_E_LINK_REPLAY');
    // The clinician, a moment later, is answered at once (the replay spent no key agreement).
    pump.t += 100;
    const fresh = initiatorStep(
      fx.clinician,
      INITIAL_INITIATOR,
      { kind: 'start', entropy: countingBytes(0x32) },
      pump.t,
    );
    expect(pump.receive(fresh.send[0]!).codes).toContain('ITB_R_LINK_HANDSHAKE_STARTED');
  });

  it('a replayed HELLO never starts a handshake, restart or not', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            ephemeral: fc.uint8Array({ minLength: 32, maxLength: 32 }),
            restartAfter: fc.boolean(),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        fc.nat(),
        fc.integer({ min: 1_001, max: 7 * 24 * 3_600_000 }),
        (sessions, pick, gap) => {
          pump?.stop();
          pump = new RestartingPump();
          const recorded: Uint8Array[] = [];
          for (const s of sessions) {
            pump.t += 2_000;
            recorded.push(pump.handshake(s.ephemeral));
            if (s.restartAfter) pump.restart();
          }
          pump.t += gap;
          const r = pump.receive(recorded[pick % recorded.length]!);
          expect(r.codes).not.toContain('ITB_R_LINK_HANDSHAKE_STARTED');
          // No HELLO_REPLY (an idle session's CLOSE, or a spaced ERROR, may go out).
          expect(
            r.replies.map((f) => (decodeFrame(f) as { value?: { type: string } }).value?.type),
          ).not.toContain('hello-reply');
        },
      ),
      { numRuns: 40 },
    );
  });

  it('a HELLO whose memory write fails is not answered, so no reply rests on what a restart would lose', () => {
    pump = new RestartingPump((s) => s.linkHellos !== undefined);
    const a = initiatorStep(
      fx.clinician,
      INITIAL_INITIATOR,
      { kind: 'start', entropy: countingBytes(0x41) },
      pump.t,
    );
    expect(pump.receive(a.send[0]!).replies).toEqual([]);
    expect(pump.pending).toBe(false);
  });
});
