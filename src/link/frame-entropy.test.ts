/**
 * Finding (issue 14): the link shells drew randomBytes(32) for every received frame, although only a
 * wake-up or a HELLO reads it. Frames inside an open session must draw none; a handshake still draws its
 * fresh bytes, and a re-run step sees the same bytes.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { filledPump, T0 } from '../pump/test-fixtures.ts';
import type { Command, CommandId } from './commands.ts';
import { nodeEntropy } from './crypto-node.ts';
import { drawnOnDemand, entropyBytes } from './frame-entropy.ts';
import { LinkHost } from './link-host.ts';
import { memoryLink } from './memory-transport.ts';
import { PumpServer } from './pump-server.ts';
import { SessionClient } from './session-client.ts';
import { fixture } from './test-support.ts';

const fx = fixture();
const REQUESTS = 20;

/** An entropy source that counts how often it is asked. */
function countingEntropy(): { draw: (n: number) => Uint8Array; readonly calls: () => number } {
  let calls = 0;
  return { draw: (n) => (calls++, nodeEntropy(n)), calls: () => calls };
}

/** A status interrogation with its own command id. */
const status = (i: number): Command => ({
  op: 'interrogate-status',
  commandId: i.toString(16).padStart(32, '0') as CommandId,
});

describe('randomBytes per received frame (issue 14)', () => {
  it('a link host draws entropy for the HELLO and none for frames inside the open session', async () => {
    const entropy = countingEntropy();
    const link = memoryLink();
    const host = new LinkHost({
      ctx: fx.pump,
      tickMs: 0,
      entropy: entropy.draw,
      handle: (d) => ({
        op: d.command.op,
        commandId: d.command.commandId,
        outcome: 'applied',
        reasons: [],
        body: { kind: 'version', stateVersion: 1 },
      }),
    });
    host.attach(link.pump);
    const client = await SessionClient.open({ ctx: fx.clinician, transport: link.initiator });
    const afterHandshake = entropy.calls();
    expect(afterHandshake).toBe(1);
    for (let i = 0; i < REQUESTS; i++) await client.request(status(i), 1_000);
    expect(entropy.calls()).toBe(afterHandshake);
    client.close();
  });

  describe('the pump server', () => {
    beforeEach(() => {
      vi.useFakeTimers();
      vi.setSystemTime(T0);
    });
    afterEach(() => vi.useRealTimers());

    it('draws entropy for the HELLO and none for frames inside the open session', async () => {
      const entropy = countingEntropy();
      const server = new PumpServer({
        ctx: fx.pump,
        pump: filledPump(),
        linkTickMs: 0,
        entropy: entropy.draw,
      });
      const link = memoryLink();
      server.attach(link.pump);
      const opening = SessionClient.open({ ctx: fx.clinician, transport: link.initiator, helloRepeatMs: 0 });
      await vi.advanceTimersByTimeAsync(5);
      const client = await opening;
      const afterHandshake = entropy.calls();
      expect(afterHandshake).toBe(1);
      for (let i = 0; i < REQUESTS; i++) {
        const answer = client.request(status(i), 1_000);
        await vi.advanceTimersByTimeAsync(5);
        await answer;
      }
      expect(entropy.calls()).toBe(afterHandshake);
      client.close();
      server.stop();
    });
  });

  it('a source draws once, on first use, and yields the same bytes on every call', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.nat(5), (bytes, reads) => {
        let draws = 0;
        const source = drawnOnDemand(() => (draws++, bytes), 32);
        expect(draws).toBe(0);
        for (let i = 0; i <= reads; i++) expect(entropyBytes(source)).toBe(bytes);
        expect(draws).toBe(1);
      }),
    );
  });
});
