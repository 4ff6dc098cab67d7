import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Command } from './commands.ts';
import { LinkHost } from './link-host.ts';
import type { Response } from './responses.ts';
import { SessionClient } from './session-client.ts';
import { connectTcp, listenTcp } from './tcp-transport.ts';
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
});
