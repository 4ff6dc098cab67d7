import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Command } from './commands.ts';
import { LinkHost } from './link-host.ts';
import { memoryLink, randomFaults, seededRandom, type Scheduler } from './memory-transport.ts';
import type { Response } from './responses.ts';
import { SessionClient } from './session-client.ts';
import { FrameStreamDecoder, lengthPrefixed } from './stream-framing.ts';
import { countingBytes, fixture, TEST_COMMAND_ID } from './test-support.ts';

const fx = fixture();
const status: Command = { op: 'stop', commandId: TEST_COMMAND_ID, expectedVersion: undefined };
const answer = (c: Command): Response => ({
  op: c.op,
  commandId: c.commandId,
  outcome: 'applied',
  reasons: [],
  body: { kind: 'version', stateVersion: 1 },
});

describe('stream framing (protocol.md §2.5)', () => {
  it('recovers every frame however the stream is cut into chunks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 16, maxLength: 300 }), { minLength: 1, maxLength: 10 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 20 }),
        (frames, cuts) => {
          const stream = Uint8Array.from(frames.flatMap((f) => [...lengthPrefixed(f)]));
          const d = new FrameStreamDecoder();
          const out: Uint8Array[] = [];
          let p = 0;
          for (let i = 0; p < stream.length; i++) {
            const n = cuts[i % cuts.length]!;
            out.push(...d.push(stream.slice(p, p + n)));
            p += n;
          }
          expect(out).toEqual(frames);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('whole frames of a chunk come back as views of it, only a frame cut across chunks is copied (issue 14: a copy per chunk and per frame)', () => {
    const a = new Uint8Array(20).fill(1);
    const b = new Uint8Array(30).fill(2);
    const c = new Uint8Array(25).fill(3);
    const chunk = Uint8Array.from([...lengthPrefixed(a), ...lengthPrefixed(b), ...lengthPrefixed(c)]);
    const d = new FrameStreamDecoder();
    const cut = 2 + a.length + 2 + b.length + 10;
    const first = d.push(chunk.subarray(0, cut));
    expect(first).toEqual([a, b]);
    for (const f of first) expect(f.buffer).toBe(chunk.buffer);
    const rest = d.push(chunk.slice(cut));
    expect(rest).toEqual([c]);
    expect(rest[0]!.buffer).not.toBe(chunk.buffer);
  });

  it('fails the stream on a length outside the protocol’s frame sizes, before buffering it', () => {
    const d = new FrameStreamDecoder();
    expect(d.push(Uint8Array.from([0xff, 0xff, 1, 2, 3]))).toEqual([]);
    expect(d.failed).toMatch(/^ITB_E_LINK_LENGTH/);
    expect(d.push(lengthPrefixed(new Uint8Array(20)))).toEqual([]);
    expect(new FrameStreamDecoder().push(Uint8Array.from([0, 3, 1, 2, 3]))).toEqual([]);
  });
});

describe('in-memory transport with faults', () => {
  /** A manual scheduler: deliveries run in time order when the test advances. */
  function manual(): { schedule: Scheduler; run: () => void } {
    const queue: { at: number; seq: number; fn: () => void }[] = [];
    let seq = 0;
    return {
      schedule: (fn, delayMs) => void queue.push({ at: delayMs, seq: seq++, fn }),
      run: () => {
        while (queue.length > 0) {
          queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
          queue.shift()!.fn();
        }
      },
    };
  }

  it('delivers, drops, duplicates and corrupts reproducibly from a seed', () => {
    const rates = { drop: 0.2, duplicate: 0.2, corrupt: 0.2, delay: 0.2, maxDelayMs: 50 };
    const runOnce = () => {
      const m = manual();
      const link = memoryLink({ faults: randomFaults(7, rates), schedule: m.schedule });
      const got: string[] = [];
      link.pump.onFrame((b) => got.push(Buffer.from(b).toString('hex')));
      for (let i = 0; i < 50; i++) link.initiator.send(countingBytes(i, 8));
      m.run();
      return got;
    };
    const a = runOnce();
    expect(a).toEqual(runOnce());
    expect(a.length).toBeGreaterThan(0);
    expect(new Set(a).size).toBeLessThan(a.length + 1);
    expect(seededRandom(1)()).toBe(seededRandom(1)());
  });

  it('carries a whole session between a link host and a session client', async () => {
    const link = memoryLink();
    const host = new LinkHost({ ctx: fx.pump, handle: (d) => answer(d.command), tickMs: 0 });
    host.attach(link.pump);
    const client = await SessionClient.open({ ctx: fx.clinician, transport: link.initiator });
    expect(await client.request(status, 1_000)).toEqual(answer(status));
    client.close();
    await new Promise((r) => setTimeout(r, 5));
    expect(host.state.session).toBeUndefined();
  });

  it('times out a request whose frames are all dropped, and rejects waiting requests when closed', async () => {
    let dropping = false;
    const link = memoryLink({ faults: (f) => (dropping ? [] : [{ bytes: f, delayMs: 0 }]) });
    const host = new LinkHost({ ctx: fx.pump, handle: (d) => answer(d.command), tickMs: 0 });
    host.attach(link.pump);
    const client = await SessionClient.open({ ctx: fx.clinician, transport: link.initiator });
    dropping = true;
    await expect(client.request(status, 20)).rejects.toMatchObject({ code: 'ITB_E_LINK_TIMEOUT' });
    const waiting = client.request({ ...status, commandId: 'ff'.repeat(16) as Command['commandId'] }, 1_000);
    link.initiator.close();
    await expect(waiting).rejects.toMatchObject({ code: 'ITB_E_LINK_TRANSPORT' });
  });
});
