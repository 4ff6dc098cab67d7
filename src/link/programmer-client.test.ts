/**
 * Fault injection during programming and boluses (protocol.md §6.4): a proxy drops, duplicates, delays and
 * corrupts frames in both directions while a programmer client drives a virtual pump. Whatever the link
 * does, the pump applies each command exactly once or not at all, and the client's report says which.
 * Timers are faked so that thousands of timeouts run in milliseconds and the fault schedule is seeded.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { filledPump, T0 } from '../pump/test-fixtures.ts';
import type { PumpState } from '../pump/state.ts';
import { mcgPerDay, mcgToNg, millis } from '../therapy/quantities.ts';
import type { Command } from './commands.ts';
import { nodeCrypto } from './crypto-node.ts';
import { DEFAULT_LINK_LIMITS, type LinkLimits } from './limits.ts';
import { memoryLink, randomFaults, type FaultRates } from './memory-transport.ts';
import { ProgrammerClient, type Execution } from './programmer-client.ts';
import { PumpServer } from './pump-server.ts';
import { fixture } from './test-support.ts';

/** Faster link numbers so a test run sees many handshakes, back-offs and timeouts. */
const FAST: LinkLimits = {
  ...DEFAULT_LINK_LIMITS,
  handshakeTimeoutMs: { ...DEFAULT_LINK_LIMITS.handshakeTimeoutMs, value: 400 },
  handshakeMinIntervalMs: { ...DEFAULT_LINK_LIMITS.handshakeMinIntervalMs, value: 20 },
  backoffBaseMs: { ...DEFAULT_LINK_LIMITS.backoffBaseMs, value: 20 },
  backoffMaxMs: { ...DEFAULT_LINK_LIMITS.backoffMaxMs, value: 400 },
};
const fx = fixture(nodeCrypto, FAST);

async function settle<T>(p: Promise<T>): Promise<T> {
  let done = false;
  p.then(
    () => (done = true),
    () => (done = true),
  );
  for (let i = 0; i < 20_000 && !done; i++) await vi.advanceTimersByTimeAsync(10);
  return p;
}

function rig(rates: FaultRates, seed: number, pump: PumpState) {
  const persisted: number[] = [];
  const server = new PumpServer({
    ctx: fx.pump,
    pump,
    linkTickMs: 50,
    persist: (s) => void persisted.push(s.version),
  });
  let n = seed;
  const client = new ProgrammerClient({
    ctx: fx.clinician,
    connect: () => {
      const link = memoryLink({ faults: randomFaults(n++, rates) });
      server.attach(link.pump);
      return Promise.resolve(link.initiator);
    },
    requestTimeoutMs: 250,
    handshakeTimeoutMs: 300,
    attempts: 16,
    retryDelayMs: (a) => Math.min(400, 30 * 2 ** a),
  });
  return { server, client, persisted };
}

/** How many times the controller accepted (applied) a command id. */
const appliedCount = (p: PumpState, id: string) =>
  p.log.entries.filter((e) => e.type === 'command-accepted' && e.data?.commandId === id).length;
const refusedCount = (p: PumpState, id: string) =>
  p.log.entries.filter((e) => e.type === 'command-refused' && e.data?.commandId === id).length;

function check(p: PumpState, id: string, x: Execution): void {
  const applied = appliedCount(p, id);
  switch (x.outcome) {
    case 'applied':
      expect(applied, `${id} reported applied`).toBe(1);
      break;
    case 'refused':
      expect(applied, `${id} reported refused`).toBe(0);
      expect(refusedCount(p, id)).toBe(1);
      break;
    case 'not-applied':
      expect(applied + refusedCount(p, id), `${id} reported not applied`).toBe(0);
      break;
    case 'unknown':
      expect(applied, `${id} unknown, but never twice`).toBeLessThanOrEqual(1);
      break;
  }
}

describe('programmer client through a faulty link (exactly once or not at all)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());

  it('resolves lost answers by command id: every bolus and programme is applied once or reported not applied', async () => {
    const rates = { drop: 0.2, duplicate: 0.15, corrupt: 0.1, delay: 0.25, maxDelayMs: 300 };
    const { server, client, persisted } = rig(rates, 1, filledPump({ logCapacity: 100_000 }));
    const results: { id: string; x: Execution }[] = [];
    let viaQuery = 0;
    for (let i = 0; i < 30; i++) {
      const commandId = client.newCommandId();
      let command: Command;
      if (i % 3 === 2) {
        const status = await settle(
          client.read({ op: 'interrogate-status', commandId: client.newCommandId() }),
        );
        if (status.outcome !== 'applied' || status.body.kind !== 'status') throw new Error('status expected');
        command = {
          op: 'program',
          commandId,
          expectedVersion: status.body.status.stateVersion,
          prescription: {
            mode: 'simple-continuous',
            drug: { drug: 'baclofen', concentration: 2_000_000 as never },
            dose: mcgPerDay(500 + (i % 2) * 10),
          },
          patientBolus: undefined,
        };
      } else {
        command = { op: 'single-bolus', commandId, amount: mcgToNg(5), duration: millis(10_000) };
      }
      const x = await settle(client.execute(command));
      results.push({ id: commandId, x });
      if (x.outcome !== 'unknown' && x.outcome !== 'not-applied' && x.via === 'query') viaQuery++;
      await vi.advanceTimersByTimeAsync(60_000); // let a bolus finish before the next
    }
    client.close();
    server.stop();
    const pump = server.state.pump;
    for (const r of results) check(pump, r.id, r.x);
    const outcomes = results.map((r) => r.x.outcome);
    // The faults really bit: some answers were lost and recovered by asking for the command's result.
    expect(viaQuery).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o === 'applied').length).toBeGreaterThan(15);
    expect(outcomes.filter((o) => o === 'unknown').length).toBeLessThanOrEqual(2);
    // Every change was persisted before its answer left the pump.
    expect(persisted.length).toBeGreaterThan(0);
    expect(persisted.at(-1)).toBe(pump.version);
  });

  it('keeps at-most-once under heavy faults, across seeds', async () => {
    const rates = { drop: 0.35, duplicate: 0.3, corrupt: 0.2, delay: 0.4, maxDelayMs: 500 };
    for (const seed of [11, 23, 37]) {
      const { server, client } = rig(rates, seed, filledPump({ logCapacity: 100_000 }));
      const results: { id: string; x: Execution }[] = [];
      for (let i = 0; i < 8; i++) {
        const commandId = client.newCommandId();
        const x = await settle(
          client.execute({ op: 'single-bolus', commandId, amount: mcgToNg(5), duration: millis(10_000) }),
        );
        results.push({ id: commandId, x });
        await vi.advanceTimersByTimeAsync(60_000);
      }
      client.close();
      server.stop();
      for (const r of results) check(server.state.pump, r.id, r.x);
      expect(results.some((r) => r.x.outcome === 'applied')).toBe(true);
    }
  });

  it('reports `unknown`, never a guess, when the pump stops answering after receiving the command', async () => {
    let cut = false;
    const { server, client } = rig(
      { drop: 0, duplicate: 0, corrupt: 0, delay: 0, maxDelayMs: 0 },
      9,
      filledPump(),
    );
    // Once cut, every frame from the pump is lost: the bolus arrives, no answer ever comes back.
    const orig = server.attach.bind(server);
    server.attach = (t) => {
      const send = t.send.bind(t);
      t.send = (f) => (cut ? undefined : send(f));
      orig(t);
    };
    const warmup = await settle(client.read({ op: 'interrogate-status', commandId: client.newCommandId() }));
    expect(warmup.outcome).toBe('applied');
    cut = true;
    const commandId = client.newCommandId();
    const x = await settle(
      client.execute({ op: 'single-bolus', commandId, amount: mcgToNg(5), duration: millis(10_000) }),
    );
    expect(x.outcome).toBe('unknown');
    expect(appliedCount(server.state.pump, commandId)).toBe(1);
    client.close();
    server.stop();
  });
});
