/**
 * Finding: the pump's TCP listener had no connection cap or idle timeout, so idle sockets from anyone
 * exhausted its file descriptors and legitimate clients got resets. With a cap, an authentication timeout
 * and eviction of the oldest unauthenticated connection, a clinician gets in while idle attackers hold
 * every slot, and keeps its session while more arrive.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { filledPump } from '../pump/test-fixtures.ts';
import { nodeCrypto } from './crypto-node.ts';
import { ProgrammerClient } from './programmer-client.ts';
import { PumpServer } from './pump-server.ts';
import { connectTcp, listenTcp } from './tcp-transport.ts';
import { fixture } from './test-support.ts';
import type { Transport } from './transport.ts';

const fx = fixture(nodeCrypto);
const cleanup: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

const idle = (port: number, n: number): Promise<Socket[]> =>
  Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<Socket>((resolve) => {
          const s = connect({ port, host: '127.0.0.1' });
          s.on('error', () => undefined);
          s.on('connect', () => resolve(s));
          s.on('close', () => resolve(s));
        }),
    ),
  );
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('pump TCP listener', () => {
  it('the pump’s TCP listener has no connection cap or idle timeout: idle sockets are capped and time out, and a clinician still gets in', async () => {
    const server = new PumpServer({ ctx: fx.pump, pump: filledPump(), linkTickMs: 0 });
    // Connections the pump holds, as the pump sees them (attached and not yet closed).
    const live = new Set<Transport>();
    const listener = await listenTcp({
      port: 0,
      onConnection: (t) => {
        live.add(t);
        t.onClose(() => live.delete(t));
        server.attach(t);
      },
      maxConnections: 16,
      authTimeoutMs: 800,
      idleTimeoutMs: 5_000,
      authenticated: (t) => server.holdsSession(t),
    });
    const sockets: Socket[] = [];
    cleanup.push(async () => {
      for (const s of sockets) s.destroy();
      server.stop();
      await listener.close();
    });
    sockets.push(...(await idle(listener.port, 200)));
    await wait(50);
    expect(live.size).toBeLessThanOrEqual(16);

    const client = new ProgrammerClient({
      ctx: fx.clinician,
      connect: () => connectTcp(listener.port),
      requestTimeoutMs: 1_000,
      attempts: 3,
    });
    cleanup.push(() => client.close());
    const first = await client.read({ op: 'interrogate-status', commandId: client.newCommandId() });
    expect(first.outcome).toBe('applied');
    const session = server.state.link.session?.id;
    expect(session).toBeDefined();

    // More idle attackers fill every slot again: they evict each other, never the session.
    sockets.push(...(await idle(listener.port, 100)));
    await wait(50);
    expect(live.size).toBeLessThanOrEqual(16);
    const second = await client.read({ op: 'interrogate-status', commandId: client.newCommandId() });
    expect(second.outcome).toBe('applied');
    expect(server.state.link.session?.id).toBe(session);

    // Unauthenticated connections do not outlive the authentication timeout.
    await wait(1_200);
    expect(live.size).toBe(1);
    expect(listener.connections).toBe(1);
  }, 20_000);
});
