import { connect, createServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Command } from './commands.ts';
import { LinkHost } from './link-host.ts';
import type { Response } from './responses.ts';
import { SessionClient } from './session-client.ts';
import { lengthPrefixed } from './stream-framing.ts';
import { connectTcp, listenTcp, tcpTransport } from './tcp-transport.ts';
import { fixture, TEST_COMMAND_ID } from './test-support.ts';

const fx = fixture();
const status: Command = { op: 'stop', commandId: TEST_COMMAND_ID, expectedVersion: undefined };
const answer = (c: Command): Response => ({
  op: c.op,
  commandId: c.commandId,
  outcome: 'applied',
  reasons: [],
  body: { kind: 'version', stateVersion: 2 },
});

describe('TCP transport on loopback (integration)', () => {
  it('runs an authenticated session over a real socket', async () => {
    const host = new LinkHost({ ctx: fx.pump, handle: (d) => answer(d.command), tickMs: 0 });
    const listener = await listenTcp({ port: 0, onConnection: (t) => host.attach(t) });
    try {
      const transport = await connectTcp(listener.port);
      const client = await SessionClient.open({ ctx: fx.clinician, transport });
      for (let i = 0; i < 20; i++) {
        const c = { ...status, commandId: i.toString(16).padStart(32, '0') as Command['commandId'] };
        expect(await client.request(c, 2_000)).toEqual(answer(c));
      }
      client.close();
    } finally {
      await listener.close();
    }
  });

  it('closes a connection that sends an impossible length prefix', async () => {
    let closedWith = '';
    const listener = await listenTcp({
      port: 0,
      onConnection: (t) => t.onClose((reason) => (closedWith = reason)),
    });
    try {
      const socket = connect({ port: listener.port, host: '127.0.0.1' });
      await new Promise((r) => socket.once('connect', r));
      const gone = new Promise((r) => socket.once('close', r));
      socket.write(Uint8Array.from([0xff, 0xff, 0, 0]));
      await gone;
      expect(closedWith).toMatch(/^ITB_E_LINK_LENGTH/);
    } finally {
      await listener.close();
    }
  });

  it('rejects a connection to a closed port with ITB_E_LINK_TRANSPORT', async () => {
    const listener = await listenTcp({ port: 0, onConnection: () => undefined });
    const port = listener.port;
    await listener.close();
    await expect(connectTcp(port)).rejects.toMatchObject({ code: 'ITB_E_LINK_TRANSPORT' });
  });

  it('the answers to several frames of one chunk leave in one write (issue 14: one system call per answer)', async () => {
    const calls: string[] = [];
    const server = createServer((socket: Socket) => {
      // Record what the transport asks of the socket, in order.
      for (const m of ['cork', 'uncork', 'write'] as const) {
        const inner = socket[m].bind(socket) as (...a: unknown[]) => unknown;
        Object.assign(socket, { [m]: (...a: unknown[]) => (calls.push(m), inner(...a)) });
      }
      socket.prependListener('data', () => calls.push('data'));
      const t = tcpTransport(socket);
      t.onFrame((f) => t.send(f));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const addr = server.address();
    const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
    const frames = [20, 30, 25].map((n) => new Uint8Array(n).fill(n));
    const echoed = await new Promise<number>((resolve) => {
      const s = connect({ port, host: '127.0.0.1' }, () => {
        s.write(Buffer.concat(frames.map((f) => lengthPrefixed(f))));
      });
      let got = 0;
      s.on('data', (chunk: Buffer) => {
        got += chunk.length;
        if (got >= frames.reduce((n, f) => n + 2 + f.length, 0)) {
          s.destroy();
          resolve(got);
        }
      });
    });
    await new Promise((r) => server.close(r));
    expect(echoed).toBe(81);
    // The three frames arrive in one chunk (one write of 81 bytes on loopback): their answers are written
    // between one cork and one uncork.
    expect(calls.join(' ')).toMatch(/^data cork write write write uncork$/);
  });
});
