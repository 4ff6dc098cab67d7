// `itb sim campaign` in-process: the CLI contract (one JSON object with --json; CODE: message on stderr).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { registerSimCommands } from './sim.ts';

async function itbSim(...args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  process.exitCode = 0;
  const program = new Command('itb').exitOverride();
  registerSimCommands(program);
  await program.parseAsync(['node', 'itb', 'sim', ...args]);
  vi.restoreAllMocks();
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { stdout: out.join(''), stderr: err.join(''), exitCode };
}

describe('itb sim campaign', () => {
  it('--json prints one object with an arm per control asked for; --report writes the page; --patient-years is honoured', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'itb-campaign-'));
    const report = join(dir, 'c.html');
    const r = await itbSim(
      'campaign',
      '--patient-years',
      '1',
      '--years',
      '0.5',
      '--seed',
      '4',
      '--controls',
      'reconciliation',
      '--workers',
      '1',
      '--json',
      '--report',
      report,
    );
    expect(r.exitCode).toBe(0);
    const j = JSON.parse(r.stdout) as {
      patientYearsAsked: number;
      arms: { label: string; patientYears: number }[];
    };
    expect(j.patientYearsAsked).toBe(1);
    expect(j.arms.map((a) => a.label)).toEqual(['all on', 'off: reconciliation']);
    expect(j.arms[0]?.patientYears).toBeLessThan(2);
    expect(readFileSync(report, 'utf8')).toContain('Safety campaign');
  }, 120_000);

  it('--replay re-runs one patient alone with the arm named and prints its events', async () => {
    const r = await itbSim(
      'campaign',
      '--seed',
      '4',
      '--years',
      '0.5',
      '--controls',
      'refill-board',
      '--replay',
      '0',
      '--json',
    );
    expect(r.exitCode).toBe(0);
    const j = JSON.parse(r.stdout) as { replay: number; arm: string; events: unknown[] };
    expect(j).toMatchObject({ replay: 0, arm: 'off: refill-board' });
    expect(j.events.length).toBeGreaterThan(0);
  }, 60_000);

  it('refuses an unknown control by name and changes nothing', async () => {
    const r = await itbSim('campaign', '--controls', 'seatbelts');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^ITB_E_INVALID_INPUT: --controls: "seatbelts" is not a control/);
    expect(r.stdout).toBe('');
  });
});
