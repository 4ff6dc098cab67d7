/**
 * A real pump on loopback TCP speaking the real link, and `itb` run in-process through main.ts (a spawn per
 * command would cost seconds of TypeScript loading on a loaded machine). Test-only.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import { nodeCrypto } from '../link/crypto-node.ts';
import { responderConfigFrom } from '../link/keys.ts';
import { PumpServer } from '../link/pump-server.ts';
import { tcpTransport } from '../link/tcp-transport.ts';
import { fixture } from '../link/test-support.ts';
import type { PumpState } from '../pump/state.ts';
import { filledPump } from '../pump/test-fixtures.ts';
import { epochMs, nanolitres } from '../therapy/quantities.ts';
import { createStaff } from './clinic-db.test-support.ts';
import { openStore } from '../clinic/open-store.ts';
import { implantInput, patientInput } from '../clinic/store-test-fixtures.ts';
import { main } from './main.ts';

const fx = fixture(nodeCrypto);
const cleanups: (() => void)[] = [];

/** Stops every pump started by {@link livePump} (call after each test). */
export function stopAll(): void {
  for (const c of cleanups.splice(0)) c();
}

/** Runs `itb …` in-process through main(): the binary's registry, lazy loading and error reporting. */
export async function itb(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((x) => (out.push(String(x)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((x) => (err.push(String(x)), true));
  process.exitCode = 0;
  try {
    await main(['node', 'itb', ...args]);
  } finally {
    vi.restoreAllMocks();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** A real pump server on loopback (holding `pump`) and the keys files of its clinician and patient. */
export async function livePump(pump: PumpState = filledPump()) {
  const dir = mkdtempSync(join(tmpdir(), 'itb-pump-link-'));
  const clinician = join(dir, 'clinician.keys.json');
  const patient = join(dir, 'patient.keys.json');
  writeFileSync(clinician, JSON.stringify(fx.files.clinician), { mode: 0o600 });
  writeFileSync(patient, JSON.stringify(fx.files.patient), { mode: 0o600 });
  const server = new PumpServer({
    ctx: { config: responderConfigFrom(nodeCrypto, fx.files.pump), crypto: nodeCrypto },
    pump,
    linkTickMs: 0,
  });
  const sockets = new Set<Socket>();
  const net = createServer((socket) => {
    sockets.add(socket);
    server.attach(tcpTransport(socket));
  });
  await new Promise<void>((r) => net.listen(0, '127.0.0.1', r));
  const addr = net.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
  cleanups.push(() => {
    server.stop();
    net.close();
    for (const s of sockets) s.destroy();
    rmSync(dir, { recursive: true, force: true });
  });
  return { server, address: `127.0.0.1:${port}`, clinician, patient, dir, serial: fx.files.pump.label };
}

/** The clinic accounts {@link recordedPump} creates, by role: `--as` takes the email. */
export const ACCOUNTS = {
  physician: 'physician@cli.test',
  nurse: 'nurse@cli.test',
  viewer: 'viewer@cli.test',
} as const;

/**
 * A pump, and a clinic database holding a patient whose implant is pump `serial` and one account per
 * role of {@link ACCOUNTS}. `link` acts as the physician; `db` is the database's path.
 */
export async function recordedPump(
  serial?: string,
  // Filled a moment ago, knowing the implanted catheter's volume (the implant record's, implantInput).
  state: PumpState = filledPump({ catheterVolume: nanolitres(110_000), now: epochMs(Date.now() - 1_000) }),
) {
  const pump = await livePump(state);
  const db = join(pump.dir, 'itb.sqlite');
  const store = await openStore(db);
  const actor = { actor: 'user:physician-1' };
  const patient = await store.createPatient(patientInput(1), actor);
  await store.addImplant(implantInput(patient.id, serial ?? pump.serial), actor);
  const users = await createStaff(store, ACCOUNTS, actor);
  await store.close();
  const where = ['--pump', pump.address, '--keys', pump.clinician, '--patient', patient.id, '--db', db];
  const link = [...where, '--as', ACCOUNTS.physician];
  const records = async () => {
    const s = await openStore(db, { migrate: false });
    try {
      return {
        sessions: await s.listProgrammingSessions(patient.id, actor),
        alerts: await s.listAlerts({ patientId: patient.id, openOnly: true }, actor),
      };
    } finally {
      await s.close();
    }
  };
  return {
    pump,
    db,
    patientId: patient.id,
    /** The link, database and patient options without `--as`. */
    where,
    link,
    /** The audit actor of an account of {@link ACCOUNTS}. */
    actorOf: (email: string) => `user:${users.get(email) ?? ''}`,
    records,
    suspended: () => pump.server.state.pump.suspended,
  };
}
