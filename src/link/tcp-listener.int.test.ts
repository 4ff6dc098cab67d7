/**
 * Finding: the pump's TCP listener had no connection cap or idle timeout, so idle sockets from anyone
 * exhausted its file descriptors and legitimate clients got resets. With a cap, an authentication timeout
 * and eviction of the oldest unauthenticated connection, a clinician gets in while idle attackers hold
 * every slot, and keeps its session while more arrive.
 *
 * Finding: a connection between its HELLO and its CONFIRM counted as unauthenticated, so anyone's new
 * connections evicted a programmer mid-handshake — and the handshake left behind went stale and fed the
 * back-off that then refused the programmer's next HELLO. Under a sustained flood of ~4,500 connections/s
 * a clinician took seconds to get in, or (one run in three) was kept out for the whole 45 s. The
 * connection of a handshake whose HELLO proved the pairing is now kept like a session's.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { filledPump } from '../pump/test-fixtures.ts';
import { nodeCrypto } from './crypto-node.ts';
import { ProgrammerClient } from './programmer-client.ts';
import { PumpServer } from './pump-server.ts';
import { connectTcp, listenTcp, type ListenOptions } from './tcp-transport.ts';
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

/** A pump behind a listener that keeps the connections the pump names; the attackers' sockets are closed after. */
async function listening(
  options: Pick<ListenOptions, 'maxConnections' | 'authTimeoutMs' | 'idleTimeoutMs'>,
  onConnection: (t: Transport) => void,
) {
  const server = new PumpServer({ ctx: fx.pump, pump: filledPump(), linkTickMs: 0 });
  const listener = await listenTcp({
    port: 0,
    onConnection: (t) => {
      onConnection(t);
      server.attach(t);
    },
    authenticated: (t) => server.holdsSessionOrHandshake(t),
    ...options,
  });
  const sockets: Socket[] = [];
  cleanup.push(async () => {
    for (const s of sockets) s.destroy();
    server.stop();
    await listener.close();
  });
  return { server, listener, sockets };
}

describe('pump TCP listener', () => {
  it('the pump’s TCP listener has no connection cap or idle timeout: idle sockets are capped and time out, and a clinician still gets in', async () => {
    // Connections the pump holds, as the pump sees them (attached and not yet closed).
    const live = new Set<Transport>();
    const { server, listener, sockets } = await listening(
      { maxConnections: 16, authTimeoutMs: 800, idleTimeoutMs: 5_000 },
      (t) => {
        live.add(t);
        t.onClose(() => live.delete(t));
      },
    );
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

  it("anyone's new connections evicted a programmer between its HELLO and its CONFIRM, and the lost handshake fed the back-off: the handshake's connection is kept", async () => {
    let accepted = 0;
    const { server, listener, sockets } = await listening({ maxConnections: 4 }, () => accepted++);
    /** Every frame from the pump waits until attackers have filled every slot twice over. */
    const flooded = (t: Transport): Transport => {
      let flood: Promise<void> | undefined;
      const fill = async () => {
        const before = accepted;
        sockets.push(...(await idle(listener.port, 8)));
        while (accepted < before + 8) await wait(5);
      };
      const onFrame = (h: (f: Uint8Array) => void) =>
        t.onFrame((f) => {
          flood ??= fill();
          void flood.then(() => h(f));
        });
      return {
        send: (f) => t.send(f),
        onFrame,
        onClose: (h) => t.onClose(h),
        close: () => t.close(),
        get closed() {
          return t.closed;
        },
      };
    };
    const client = new ProgrammerClient({
      ctx: fx.clinician,
      connect: async () => flooded(await connectTcp(listener.port)),
      requestTimeoutMs: 1_000,
      attempts: 1,
    });
    cleanup.push(() => client.close());
    const r = await client.read({ op: 'interrogate-status', commandId: client.newCommandId() });
    expect(r.outcome).toBe('applied');
    expect(server.state.link.guard.failures).toBe(0);
  }, 20_000);
});
