/**
 * `itb programmer program` when the link drops after the pump took the change (finding: the CLI hid a
 * dose change the pump accepted behind a transport error). An in-process pump on loopback TCP cuts every
 * connection and stops listening once its state holds the new prescription: right after answering
 * ("applied, not verified") or before answering ("outcome unknown").
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeCrypto } from '../link/crypto-node.ts';
import { responderConfigFrom } from '../link/keys.ts';
import { PumpServer } from '../link/pump-server.ts';
import { tcpTransport } from '../link/tcp-transport.ts';
import { fixture } from '../link/test-support.ts';
import { filledPump } from '../pump/test-fixtures.ts';
import type { PumpState } from '../pump/state.ts';
import { EXIT_APPLIED_UNVERIFIED, EXIT_OUTCOME_UNKNOWN, type ChangeReport } from './programmer.ts';
import { runProgrammer } from './programmer-run.test-support.ts';

const fx = fixture(nodeCrypto);
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A pump that goes off the air when its prescription changes: `after` the answer, or `before` it. */
async function droppingPump(when: 'after-answer' | 'before-answer') {
  const sockets = new Set<Socket>();
  const cut = () => {
    net.close();
    for (const s of sockets) s.destroy();
  };
  let first: PumpState | undefined;
  const server = new PumpServer({
    ctx: { config: responderConfigFrom(nodeCrypto, fx.files.pump), crypto: nodeCrypto },
    pump: filledPump(),
    linkTickMs: 0,
    persist: (s) => {
      first ??= s;
      if (s.prescription === first.prescription) return;
      if (when === 'before-answer') cut();
      else setImmediate(cut); // after run() has sent the answer
    },
  });
  const net = createServer((socket) => {
    sockets.add(socket);
    server.attach(tcpTransport(socket));
  });
  await new Promise<void>((r) => net.listen(0, '127.0.0.1', r));
  const addr = net.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
  return { server, address: `127.0.0.1:${port}`, stop: () => (server.stop(), cut()) };
}

const programmer = runProgrammer;

async function program(when: 'after-answer' | 'before-answer') {
  const dir = mkdtempSync(join(tmpdir(), 'itb-outcome-'));
  dirs.push(dir);
  const keys = join(dir, 'clinician.keys.json');
  writeFileSync(keys, JSON.stringify(fx.files.clinician), { mode: 0o600 });
  const pump = await droppingPump(when);
  try {
    const r = await programmer(
      'program',
      ...['--pump', pump.address, '--keys', keys, '--origin', 'spinal', '--dose', '550'],
      ...['--hours-since-last-change', '48'],
      ...['--yes', '--json'],
    );
    return { r, pump: pump.server.state.pump };
  } finally {
    pump.stop();
  }
}

describe('itb programmer: a change the pump may hold is never reported as a plain transport error', () => {
  it('the CLI does not hide a dose change the pump accepted: connection drops after the answer → applied, not verified', async () => {
    const { r, pump } = await program('after-answer');
    expect(pump.prescription.mode === 'simple-continuous' && pump.prescription.dose).toBe(550_000);
    expect(r.code).toBe(EXIT_APPLIED_UNVERIFIED);
    const report = JSON.parse(r.stdout) as ChangeReport;
    expect(report).toMatchObject({ outcome: 'applied-unverified', readBack: { verified: false } });
    expect(report.stateVersion).toBe(pump.version);
    expect(r.stderr).toMatch(/APPLIED, NOT VERIFIED/);
  }, 30_000);

  it('the CLI does not hide a dose change the pump accepted: connection drops before the answer → outcome unknown', async () => {
    const { r, pump } = await program('before-answer');
    expect(pump.prescription.mode === 'simple-continuous' && pump.prescription.dose).toBe(550_000);
    expect(r.code).toBe(EXIT_OUTCOME_UNKNOWN);
    expect(JSON.parse(r.stdout)).toMatchObject({ outcome: 'unknown', readBack: null });
    expect(r.stderr).toMatch(/OUTCOME UNKNOWN/);
  }, 30_000);
});
