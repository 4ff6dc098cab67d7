// End to end over TCP (docs/telemetry-cli.md): a real `itb pump serve` child process on a free loopback
// port, driven by real `itb programmer …` processes. Covers interrogate, program with read-back, refill,
// bolus, the refusals (no --yes, a blocked dose, patient keys), and kill -9 + restart from the data dir.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeCrypto } from '../link/crypto-node.ts';
import { initiatorConfigFrom, parseKeysFile } from '../link/keys.ts';
import { ProgrammerClient } from '../link/programmer-client.ts';
import { connectTcp } from '../link/tcp-transport.ts';
import type { ChangeReport } from './programmer.ts';
import { runProgrammer } from './programmer-run.test-support.ts';
import type { InterrogationView } from './programmer-review.ts';
import type { ServeReport } from './pump-serve.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = readFileSync(join(ROOT, 'src/cli/main.ts'), 'utf8');
// Until main.ts/pump.ts register these commands, run the same registration through a tiny entry.
const WIRED =
  MAIN.includes('registerProgrammerCommands') &&
  readFileSync(join(ROOT, 'src/cli/pump.ts'), 'utf8').includes('registerPumpServeCommand');
const ENTRY = `
import { register } from 'tsx/esm/api';
register();
const { Command } = await import('commander');
const { registerPumpCommands } = await import('${ROOT}src/cli/pump.ts');
const { registerPumpServeCommand } = await import('${ROOT}src/cli/pump-serve.ts');
const { registerProgrammerCommands } = await import('${ROOT}src/cli/programmer.ts');
const program = new Command('itb');
registerPumpCommands(program);
registerPumpServeCommand(program.commands.find((c) => c.name() === 'pump'));
registerProgrammerCommands(program);
await program.parseAsync(['node', 'itb', ...process.argv.slice(1)]);
`;
const argvFor = (args: string[]) =>
  WIRED ? [join(ROOT, 'bin/itb.js'), ...args] : ['--input-type=module', '-e', ENTRY, '--', ...args];

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}
function itb(...args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    execFile(process.execPath, argvFor(args), { cwd: ROOT, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}
/** `itb programmer …` in-process (programmer-run.test-support.ts); one test below runs the real binary. */
const programmer = runProgrammer;
async function programmerJson<T = InterrogationView>(...args: string[]): Promise<T> {
  const r = await programmer(...args, '--json');
  if (r.code !== 0) throw new Error(`itb programmer ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  expect(r.stdout.trim().split('\n')).toHaveLength(1);
  return JSON.parse(r.stdout) as T;
}

/** Starts `itb pump serve --port 0 --json` and resolves with the child and its startup report. */
function serve(dir: string, ...extra: string[]): Promise<{ child: ChildProcess; report: ServeReport }> {
  const child = spawn(
    process.execPath,
    argvFor(['pump', 'serve', '--port', '0', '--data-dir', dir, '--json', ...extra]),
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += String(d);
      const line = out.split('\n')[0];
      if (out.includes('\n') && line !== undefined)
        resolve({ child, report: JSON.parse(line) as ServeReport });
    });
    child.stderr.on('data', (d: Buffer) => (err += String(d)));
    child.on('exit', (code) => reject(new Error(`pump serve exited ${code}: ${err}`)));
  });
}
const exited = (c: ChildProcess) =>
  new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : c.once('exit', r)));

const dir = mkdtempSync(join(tmpdir(), 'itb-telemetry-'));
let pump: { child: ChildProcess; report: ServeReport };
let addr = '';
const clinician = join(dir, 'clinician.keys.json');
const patient = join(dir, 'patient.keys.json');
const link = () => ['--pump', addr, '--keys', clinician];

beforeAll(async () => {
  pump = await serve(
    dir,
    '--serial',
    'ITB-E2E1',
    '--fill-ml',
    '20',
    '--concentration',
    '2000',
    '--dose',
    '500',
  );
  addr = pump.report.address;
}, 30_000);
afterAll(async () => {
  pump.child.kill('SIGTERM');
  await exited(pump.child);
  rmSync(dir, { recursive: true, force: true });
});

describe('itb pump serve + itb programmer over TCP (end to end)', () => {
  it('creates the pump with its three key files, private to the owner', () => {
    expect(pump.report).toMatchObject({ serial: 'ITB-E2E1', boot: 'created', profile: 'peristaltic-20' });
    for (const f of ['keys.json', 'clinician.keys.json', 'patient.keys.json']) {
      expect(statSync(join(dir, f)).mode & 0o777, f).toBe(0o600); // protocol.md §3.1: private keys
    }
  });

  it('interrogates with the real binary: serial, version, reservoir, prescription, alarms, battery, log', async () => {
    const r = await itb('programmer', 'interrogate', ...link(), '--json');
    expect(r.code, r.stderr).toBe(0);
    const v = JSON.parse(r.stdout) as InterrogationView;
    expect(v).toMatchObject({
      serial: 'ITB-E2E1',
      role: 'clinician',
      reservoirMl: 20,
      drug: 'baclofen',
      alarms: [],
    });
    expect(v.version).toBe(pump.report.stateVersion);
    expect(v.prescription).toEqual({
      mode: 'simple-continuous',
      drug: 'baclofen',
      concentrationMcgPerMl: 2000,
      dailyDoseMcg: 500,
    });
    expect(v.battery?.percent).toBeGreaterThan(90);
    expect(v.log?.entries.map((e: { type: string }) => e.type)).toContain('ITB_R_LINK_SESSION_OPENED');
  }, 30_000);

  it('refuses without --yes (review shown, nothing sent), a blocked dose, and a warning without justification', async () => {
    const noYes = await programmer(
      'program',
      ...link(),
      '--origin',
      'spinal',
      '--dose',
      '550',
      '--hours-since-last-change',
      '48',
    );
    expect(noYes.code).not.toBe(0);
    expect(noYes.stdout).toBe('');
    expect(noYes.stderr).toMatch(/REVIEW program[\s\S]*500 mcg\/day\s+550 mcg\/day/);
    expect(noYes.stderr).toMatch(/^ITB_E_PROGRAMMER_NOT_CONFIRMED: /m);
    // Above the baclofen absolute maximum (drug library, hard limit): blocked before anything is sent.
    const blocked = await programmer(
      'program',
      ...link(),
      '--origin',
      'spinal',
      '--dose',
      '5000',
      '--yes',
      '--json',
    );
    expect(blocked.code).not.toBe(0);
    expect((JSON.parse(blocked.stderr) as { error: { code: string } }).error.code).toBe(
      'ITB_E_PROGRAMMER_GUARDRAIL_BLOCKED',
    );
    // Unknown time since the last change warns (label: increase at most once per 24 h): needs a justification.
    const warn = await programmer('program', ...link(), '--origin', 'spinal', '--dose', '550', '--yes');
    expect(warn.code).not.toBe(0);
    expect(warn.stderr).toMatch(
      /^ITB_E_PROGRAMMER_JUSTIFICATION_REQUIRED: .*ITB_R_TITRATION_TIMING_UNKNOWN/m,
    );
    const v = await programmerJson('interrogate', ...link());
    expect(v.version).toBe(pump.report.stateVersion);
    expect(v.prescription?.dailyDoseMcg).toBe(500);
  });

  it('programmer judged a cerebral-origin patient by spinal steps: a baclofen dose change without --origin is refused, nothing sent', async () => {
    const before = await programmerJson('interrogate', ...link());
    // +25 % passes the spinal steps (10–30 %) and not the cerebral ones (5–15 %): the origin was assumed spinal.
    const r = await programmer(
      'program',
      ...link(),
      '--dose',
      '625',
      '--hours-since-last-change',
      '48',
      '--yes',
    );
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^ITB_E_INVALID_INPUT: --origin is required for baclofen/m);
    const cerebral = await programmer(
      'program',
      ...link(),
      '--origin',
      'cerebral',
      '--dose',
      '625',
      '--hours-since-last-change',
      '48',
      '--yes',
    );
    expect(cerebral.code).not.toBe(0);
    expect(cerebral.stderr).toMatch(/ITB_R_TITRATION_ABOVE_STEP/);
    const after = await programmerJson('interrogate', ...link());
    expect(after.version).toBe(before.version);
    expect(after.prescription?.dailyDoseMcg).toBe(before.prescription?.dailyDoseMcg);
  });

  it('programs with compare-and-set and reads back exactly what was sent', async () => {
    const r = await programmerJson<ChangeReport>(
      'program',
      ...link(),
      '--origin',
      'spinal',
      '--dose',
      '550',
      '--hours-since-last-change',
      '48',
      '--yes',
    );
    expect(r).toMatchObject({ outcome: 'applied', action: 'program', readBack: { verified: true } });
    expect(r.stateVersion).toBe(pump.report.stateVersion + 1);
  });

  it('patient keys cannot program: the pump refuses by role, nothing changes', async () => {
    const v = await programmerJson('interrogate', '--pump', addr, '--keys', patient);
    expect(v).toMatchObject({ role: 'patient', prescription: null, doseRateMcgPerDay: 550, log: null });
    const r = await programmer(
      'program',
      '--pump',
      addr,
      '--keys',
      patient,
      '--origin',
      'spinal',
      '--dose',
      '600',
      '--hours-since-last-change',
      '48',
      '--yes',
    );
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^ITB_E_LINK_ROLE_FORBIDDEN: /m);
    const wrongRole = await programmer(
      'interrogate',
      '--pump',
      addr,
      '--keys',
      patient,
      '--role',
      'clinician',
    );
    expect(wrongRole.stderr).toMatch(/^ITB_E_INVALID_INPUT: /m);
  });

  it('refills after reconciling the residual, then gives a bolus; both read back', async () => {
    const refill = await programmerJson<ChangeReport>(
      'refill',
      ...link(),
      '--volume-ml',
      '18',
      '--concentration',
      '2000',
      '--measured-residual-ml',
      '19.6',
      '--yes',
    );
    // Still 550 mcg/day: the patient's program attempt changed nothing.
    expect(refill.review.rows).toContainEqual({
      field: 'prescription',
      current: '550 mcg/day',
      pending: '550 mcg/day',
    });
    expect(refill.review.reasons.map((x: { code: string }) => x.code)).toContain(
      'ITB_R_RESIDUAL_WITHIN_TOLERANCE',
    );
    expect(refill.readBack).toMatchObject({ verified: true, reservoirMl: 18 });
    const bolus = await programmerJson<ChangeReport>(
      'bolus',
      ...link(),
      '--dose',
      '50',
      '--duration-minutes',
      '60',
      '--justification',
      'Nurse B observes for 4 h',
      '--yes',
    );
    expect(bolus.readBack).toMatchObject({ verified: true, bolus: 'running' });
    const big = await programmer('bolus', ...link(), '--dose', '500', '--yes');
    expect(big.code).not.toBe(0);
    // The first bolus still runs: the one bolus rule blocks a second one before it looks at the cap.
    expect(big.stderr).toMatch(
      /^ITB_E_PROGRAMMER_GUARDRAIL_BLOCKED: .*ITB_R_PROG_PUMP_STATE: a single-bolus is running/m,
    );
  });

  it('kill -9 mid-session, restart from the same data dir: serial, prescription, reservoir and log intact', async () => {
    const before = await programmerJson('interrogate', ...link(), '--log', '1000');
    // Hold a session open from this process, then kill the pump under it.
    const keys = parseKeysFile(JSON.parse(readFileSync(clinician, 'utf8')));
    if (keys.kind !== 'initiator') throw new Error('clinician keys expected');
    const port = Number(addr.split(':')[1]);
    const client = new ProgrammerClient({
      ctx: { config: initiatorConfigFrom(nodeCrypto, keys), crypto: nodeCrypto },
      connect: () => connectTcp(port),
    });
    const status = await client.read({ op: 'interrogate-status', commandId: client.newCommandId() });
    expect(status.outcome).toBe('applied');
    pump.child.kill('SIGKILL');
    await exited(pump.child);
    client.close();
    pump = await serve(dir);
    addr = pump.report.address;
    expect(pump.report).toMatchObject({ serial: 'ITB-E2E1', boot: 'image' });
    const after = await programmerJson('interrogate', ...link(), '--log', '1000');
    expect(after.serial).toBe(before.serial);
    expect(after.prescription).toEqual(before.prescription);
    expect(after.version).toBe(before.version);
    // Calculated reservoir: lower by what the pump delivered meanwhile at most (the 0.025 mL bolus).
    expect(after.reservoirMl).toBeLessThanOrEqual(before.reservoirMl);
    expect(after.reservoirMl).toBeGreaterThanOrEqual(before.reservoirMl - 0.03);
    // The log continues its sequence: every entry from before is still there under the same number.
    const seqs = (v: InterrogationView) => (v.log?.entries ?? []).map((e) => `${e.seq}:${e.type}`);
    expect(seqs(before).length).toBeGreaterThan(5);
    expect(seqs(after).slice(0, seqs(before).length)).toEqual(seqs(before));
    expect(after.log?.nextSeq).toBeGreaterThan(before.log?.nextSeq ?? Infinity);
  }, 30_000);
});
