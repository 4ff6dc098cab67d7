/**
 * The pump answers only what its memory keeps (finding: after a failed memory write the pump answered
 * "applied" and lost the change on reboot). Drives a {@link PumpServer} over a memory link whose memory
 * write fails for one command.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { filledPump, T0 } from '../pump/test-fixtures.ts';
import type { PumpState } from '../pump/state.ts';
import { mcgToNg, millis } from '../therapy/quantities.ts';
import { nodeCrypto } from './crypto-node.ts';
import { memoryLink } from './memory-transport.ts';
import { ProgrammerClient } from './programmer-client.ts';
import { PumpServer } from './pump-server.ts';
import { fixture } from './test-support.ts';

const fx = fixture(nodeCrypto);

async function settle<T>(p: Promise<T>): Promise<T> {
  let done = false;
  p.then(
    () => (done = true),
    () => (done = true),
  );
  for (let i = 0; i < 2_000 && !done; i++) await vi.advanceTimersByTimeAsync(10);
  return p;
}

describe('pump server: persist first, then commit and answer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());

  it('after a failed NVM write the pump answers a failure, keeps the old state, and a reboot agrees', async () => {
    let stored: PumpState = filledPump();
    let failWrites = false;
    const errors: unknown[] = [];
    const server = new PumpServer({
      ctx: fx.pump,
      pump: stored,
      linkTickMs: 0,
      persist: (s) => {
        if (failWrites && s.recentCommands.entries.length > stored.recentCommands.entries.length) {
          throw new Error('flash write failed');
        }
        stored = s;
      },
      onError: (e) => errors.push(e),
    });
    const client = new ProgrammerClient({
      ctx: fx.clinician,
      connect: () => {
        const link = memoryLink({});
        server.attach(link.pump);
        return Promise.resolve(link.initiator);
      },
      requestTimeoutMs: 500,
      handshakeTimeoutMs: 500,
      attempts: 2,
    });
    try {
      await settle(client.read({ op: 'interrogate-status', commandId: client.newCommandId() }));
      const before = server.state.pump;
      failWrites = true;
      const commandId = client.newCommandId();
      const x = await settle(
        client.execute({ op: 'single-bolus', commandId, amount: mcgToNg(25), duration: millis(60_000) }),
      );
      expect(errors.length).toBeGreaterThan(0);
      // The answer says the change was not kept — never "applied".
      expect(x.outcome).toBe('refused');
      if (x.outcome === 'refused') expect(x.response.error).toBe('ITB_E_LINK_NOT_STORED');
      // In memory and in what a reboot would load, the command never happened.
      for (const s of [server.state.pump, stored]) {
        expect(s.recentCommands.entries.some((e) => e.id === commandId)).toBe(false);
        expect(s.prescription).toEqual(before.prescription);
      }
      failWrites = false;
      // Asked by id, the pump does not claim it either.
      const q = await settle(
        client.read({ op: 'query-result', commandId: client.newCommandId(), target: commandId }),
      );
      expect(q.outcome === 'applied' && q.body.kind === 'result' ? q.body.found : 'refused').toBeUndefined();
      // The same bolus once the memory works again is applied: the refusal consumed nothing.
      const again = await settle(
        client.execute({ op: 'single-bolus', commandId, amount: mcgToNg(25), duration: millis(60_000) }),
      );
      expect(again.outcome).toBe('applied');
      expect(stored.recentCommands.entries.some((e) => e.id === commandId)).toBe(true);
    } finally {
      client.close();
      server.stop();
    }
  });
});
