/**
 * Finding "a junk frame on another connection diverts the pump's own session frames": the pump shell sent
 * what time alone produced (the sealed CLOSE of an idle or over-long session) to the connection the LAST
 * frame came from. One junk frame from anyone on a second connection made the pump send the session's
 * sealed CLOSE to the sender of the junk instead of the clinician's connection. What time produces now
 * goes to the connection that holds the session (pump-server.ts), or nowhere once that one is gone.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { filledPump, T0 } from '../pump/test-fixtures.ts';
import { nodeCrypto } from './crypto-node.ts';
import { DEFAULT_LINK_LIMITS } from './limits.ts';
import { memoryLink } from './memory-transport.ts';
import { ProgrammerClient } from './programmer-client.ts';
import { PumpServer } from './pump-server.ts';
import { fixture } from './test-support.ts';

const fx = fixture(nodeCrypto);
const IDLE = DEFAULT_LINK_LIMITS.sessionIdleTimeoutMs.value;

describe('frames the pump sends on its own', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());

  it('a junk frame on another connection diverts the pump’s own session frames: the idle CLOSE is no longer sent to the junk’s sender', async () => {
    const server = new PumpServer({ ctx: fx.pump, pump: filledPump(), linkTickMs: 0 });
    const toClinician: Uint8Array[] = [];
    const client = new ProgrammerClient({
      ctx: fx.clinician,
      connect: () => {
        const link = memoryLink({});
        server.attach(link.pump);
        link.initiator.onFrame((f) => toClinician.push(f));
        return Promise.resolve(link.initiator);
      },
      requestTimeoutMs: 2_000,
      attempts: 4,
    });
    const junk = memoryLink({});
    server.attach(junk.pump);
    const toJunk: Uint8Array[] = [];
    junk.initiator.onFrame((f) => toJunk.push(f));
    try {
      const p = client.read({ op: 'interrogate-status', commandId: client.newCommandId() });
      let done = false;
      void p.finally(() => (done = true));
      for (let i = 0; i < 300 && !done; i++) await vi.advanceTimersByTimeAsync(10);
      expect((await p).outcome).toBe('applied');
      expect(server.state.link.session).toBeDefined();
      const seen = toClinician.length;
      // Anyone sends one frame on another connection while the session is open.
      junk.initiator.send(randomBytes(40));
      await vi.advanceTimersByTimeAsync(10);
      expect(toJunk).toHaveLength(0); // refused quietly: a session is in progress
      // The session idles out: the pump closes it with a sealed CLOSE.
      await vi.advanceTimersByTimeAsync(IDLE + 1_000);
      server.tick();
      await vi.advanceTimersByTimeAsync(10);
      expect(server.state.link.session).toBeUndefined();
      // Before: the sealed CLOSE went to the junk's connection.
      expect(toJunk).toHaveLength(0);
      // The clinician's client had let its idle session go (ProgrammerClient); it got nothing else either.
      expect(toClinician.length).toBeLessThanOrEqual(seen + 1);
    } finally {
      client.close();
      server.stop();
    }
  });
});
