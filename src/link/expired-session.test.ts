/**
 * Finding: a CLOSE (or command) arriving after the pump had expired the session counted as a failed
 * wake-up, so a long-lived client stalled 5–16 s on its next handshake. A frame for a session that is gone
 * is refused without any back-off, a stray CLOSE is not even answered, and a client does not reuse a session
 * the pump's idle timeout has ended.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { filledPump, T0 } from '../pump/test-fixtures.ts';
import { nodeCrypto } from './crypto-node.ts';
import { initiatorStep, INITIAL_INITIATOR } from './initiator.ts';
import { DEFAULT_LINK_LIMITS } from './limits.ts';
import { memoryLink } from './memory-transport.ts';
import { ProgrammerClient } from './programmer-client.ts';
import { PumpServer } from './pump-server.ts';
import { responderStep } from './responder.ts';
import { countingBytes, fixture, openSession } from './test-support.ts';

const fx = fixture(nodeCrypto);
const IDLE = DEFAULT_LINK_LIMITS.sessionIdleTimeoutMs.value;

describe('frames after a session expired', () => {
  it('a close frame after a session expired is not a failure: no back-off, no answer, and the next handshake is answered at once', () => {
    const s = openSession(fx.pump, fx.clinician, T0);
    const later = T0 + IDLE + 1;
    const close = initiatorStep(fx.clinician, s.initiator, { kind: 'close' }, later).send[0]!;
    const r = responderStep(
      fx.pump,
      s.pump,
      { kind: 'frame', bytes: close, entropy: countingBytes(1) },
      later,
    );
    expect(r.state.session).toBeUndefined();
    expect(r.events.map((e) => e.code)).not.toContain('ITB_R_LINK_BACKOFF_STARTED');
    expect(r.state.guard.backoffUntil).toBe(0);
    // The pump's own CLOSE (session expired) is all it sends.
    expect(r.send).toHaveLength(1);
    const hello = initiatorStep(
      fx.clinician,
      INITIAL_INITIATOR,
      { kind: 'start', entropy: countingBytes(0x61) },
      later,
    ).send[0]!;
    const again = responderStep(
      fx.pump,
      r.state,
      { kind: 'frame', bytes: hello, entropy: countingBytes(0x62) },
      later,
    );
    expect(again.events.map((e) => e.code)).toContain('ITB_R_LINK_HANDSHAKE_STARTED');
  });

  describe('a long-lived client', () => {
    beforeEach(() => {
      vi.useFakeTimers();
      vi.setSystemTime(T0);
    });
    afterEach(() => vi.useRealTimers());

    it('a close frame after a session expired no longer stalls a long-lived client: its next read after the idle timeout takes under a second', async () => {
      const server = new PumpServer({ ctx: fx.pump, pump: filledPump(), linkTickMs: 0 });
      const client = new ProgrammerClient({
        ctx: fx.clinician,
        connect: () => {
          const link = memoryLink({});
          server.attach(link.pump);
          return Promise.resolve(link.initiator);
        },
        requestTimeoutMs: 2_000,
        attempts: 8,
      });
      const read = async () => {
        const start = Date.now();
        const p = client.read({ op: 'interrogate-status', commandId: client.newCommandId() });
        let done = false;
        void p.finally(() => (done = true));
        for (let i = 0; i < 3_000 && !done; i++) await vi.advanceTimersByTimeAsync(10);
        expect((await p).outcome).toBe('applied');
        return Date.now() - start;
      };
      try {
        await read();
        await vi.advanceTimersByTimeAsync(IDLE + 1_000);
        expect(await read()).toBeLessThan(1_000);
      } finally {
        client.close();
        server.stop();
      }
    });
  });
});
