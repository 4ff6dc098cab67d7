/**
 * Finding: the CLI programmer never exited after a failed handshake (the socket stayed open on timeout) and,
 * holding the wrong pump's keys, waited minutes in silence. Every failure path must close its socket, and
 * keys that are not this pump's must be named as such within seconds.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeCrypto } from '../link/crypto-node.ts';
import { initiatorConfigFrom, provisionImplant } from '../link/keys.ts';
import { ProgrammerClient } from '../link/programmer-client.ts';
import { PumpServer } from '../link/pump-server.ts';
import { connectTcp, tcpTransport } from '../link/tcp-transport.ts';
import { countingBytes, fixture } from '../link/test-support.ts';
import { filledPump } from '../pump/test-fixtures.ts';
import { runProgrammer } from './programmer-run.test-support.ts';

const fx = fixture(nodeCrypto);
const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

/** A listener that counts open connections; `answer` attaches the fixture's pump, else it never answers. */
async function listener(answer: boolean) {
  const open = new Set<Socket>();
  const server = answer ? new PumpServer({ ctx: fx.pump, pump: filledPump(), linkTickMs: 0 }) : undefined;
  const net: Server = createServer((s) => {
    open.add(s);
    s.on('close', () => open.delete(s));
    s.on('error', () => undefined);
    if (server !== undefined) server.attach(tcpTransport(s));
    else s.resume(); // reads and discards: a pump that hears but never answers
  });
  await new Promise<void>((r) => net.listen(0, '127.0.0.1', r));
  const a = net.address();
  const port = typeof a === 'object' && a !== null ? a.port : 0;
  cleanup.push(() => {
    server?.stop();
    for (const s of open) s.destroy();
    net.close();
  });
  return { port, open };
}

const programmer = runProgrammer;

const settle = () => new Promise((r) => setTimeout(r, 300));

describe('programmer: every failed handshake closes its socket and says why', () => {
  it('the CLI programmer exits after a failed handshake: another pump’s keys are named as such within seconds', async () => {
    const { port, open } = await listener(true);
    const other = provisionImplant(
      nodeCrypto,
      { pump: countingBytes(0x11), clinician: countingBytes(0x12), patient: countingBytes(0x13) },
      { pump: 'Other pump', clinician: 'Other programmer', patient: 'Other controller' },
    );
    const dir = mkdtempSync(join(tmpdir(), 'itb-keys-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const keys = join(dir, 'clinician.keys.json');
    writeFileSync(keys, JSON.stringify(other.clinician), { mode: 0o600 });
    const start = Date.now();
    const r = await programmer('interrogate', '--pump', `127.0.0.1:${port}`, '--keys', keys);
    expect(Date.now() - start).toBeLessThan(5_000);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ITB_E_LINK_KEYS_NOT_THIS_PUMP: these keys are not this pump's/m);
    await settle();
    expect(open.size).toBe(0);
  }, 15_000);

  it('the CLI programmer exits after a failed handshake: a pump that never answers gets a timeout and no socket stays open', async () => {
    const { port, open } = await listener(false);
    const client = new ProgrammerClient({
      ctx: { config: initiatorConfigFrom(nodeCrypto, fx.files.clinician), crypto: nodeCrypto },
      connect: () => connectTcp(port),
      handshakeTimeoutMs: 300,
      attempts: 2,
      retryDelayMs: () => 10,
    });
    await expect(
      client.read({ op: 'interrogate-status', commandId: client.newCommandId() }),
    ).rejects.toMatchObject({
      code: 'ITB_E_LINK_TIMEOUT',
    });
    await settle();
    expect(open.size).toBe(0);
  }, 15_000);
});
