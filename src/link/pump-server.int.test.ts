/**
 * A virtual pump on loopback TCP behind a faulty proxy, persisting to a file (integration). Checks the
 * whole shell: transports, timers, persistence before answers, restart from the file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getProfile } from '../pump/profiles.ts';
import { filledPump, T0 } from '../pump/test-fixtures.ts';
import { mcgToNg, millis } from '../therapy/quantities.ts';
import { scaledClock } from './clock.ts';
import { tcpFaultProxy } from './fault-proxy.ts';
import { randomFaults } from './memory-transport.ts';
import { ProgrammerClient } from './programmer-client.ts';
import { PumpServer } from './pump-server.ts';
import { FilePumpStore } from './pump-store.ts';
import { connectTcp, listenTcp } from './tcp-transport.ts';
import { fixture } from './test-support.ts';
import { nodeCrypto } from './crypto-node.ts';
import { DEFAULT_LINK_LIMITS } from './limits.ts';

const fast = (v: number) => ({ ...DEFAULT_LINK_LIMITS.backoffBaseMs, value: v });
const fx = fixture(nodeCrypto, {
  ...DEFAULT_LINK_LIMITS,
  backoffBaseMs: fast(20),
  backoffMaxMs: fast(200),
  handshakeMinIntervalMs: fast(20),
});
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('virtual pump over TCP with a faulty proxy (integration)', () => {
  it('applies each bolus at most once, persists before answering, and restarts from its file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'itb-pump-'));
    dirs.push(dir);
    const store = new FilePumpStore(join(dir, 'pump.nvm'));
    let saves = 0;
    const server = new PumpServer({
      ctx: fx.pump,
      pump: filledPump({ logCapacity: 10_000 }),
      clock: scaledClock(T0, 1),
      persist: (s) => {
        store.save(s);
        saves++;
      },
      linkTickMs: 100,
    });
    const pumpPort = await listenTcp({ port: 0, onConnection: (t) => server.attach(t) });
    let seed = 5;
    const proxies: { close(): Promise<void> }[] = [];
    const client = new ProgrammerClient({
      ctx: fx.clinician,
      connect: async () => {
        const proxy = await tcpFaultProxy({
          targetPort: pumpPort.port,
          faults: randomFaults(seed++, {
            drop: 0.1,
            duplicate: 0.1,
            corrupt: 0.05,
            delay: 0.1,
            maxDelayMs: 50,
          }),
        });
        proxies.push(proxy);
        return connectTcp(proxy.port);
      },
      requestTimeoutMs: 300,
      handshakeTimeoutMs: 500,
      attempts: 10,
      retryDelayMs: () => 50,
    });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) {
        const commandId = client.newCommandId();
        ids.push(commandId);
        const x = await client.execute({
          op: 'single-bolus',
          commandId,
          amount: mcgToNg(5),
          duration: millis(100),
        });
        const applied = server.state.pump.log.entries.filter(
          (e) => e.type === 'command-accepted' && e.data?.commandId === commandId,
        ).length;
        expect(applied).toBe(x.outcome === 'applied' ? 1 : x.outcome === 'unknown' ? applied : 0);
        expect(applied).toBeLessThanOrEqual(1);
        await new Promise((r) => setTimeout(r, 150));
      }
      expect(saves).toBeGreaterThan(0);
      const back = new FilePumpStore(join(dir, 'pump.nvm')).load({
        profile: getProfile('peristaltic-20'),
        serial: 'TEST-1',
        now: Date.now(),
      });
      expect(back.outcome).toBe('image');
      expect(back.state?.version).toBe(server.state.pump.version);
      expect(back.state?.recentCommands.entries.map((e) => e.id)).toEqual(
        server.state.pump.recentCommands.entries.map((e) => e.id),
      );
    } finally {
      client.close();
      server.stop();
      for (const p of proxies) await p.close();
      await pumpPort.close();
    }
  });
});
