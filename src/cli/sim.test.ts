// `itb sim …` in-process (faster than spawning bin/itb.js for each case): the docs/architecture.md CLI
// contract — one JSON object on stdout with --json; errors as `CODE: message` on stderr, exit non-zero.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
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
const json = (stdout: string): Record<string, unknown> => {
  expect(stdout.trim().split('\n')).toHaveLength(1);
  return JSON.parse(stdout) as Record<string, unknown>;
};
const example = (name: string) => fileURLToPath(new URL(`../../examples/${name}.json`, import.meta.url));

afterEach(() => vi.restoreAllMocks());

describe('itb sim bolus', () => {
  it('--json prints the contract fields; a 50 µg bolus starts within hours and peaks after its onset', async () => {
    const r = await itbSim('bolus', '--dose', '50', '--hours', '12', '--json');
    const j = json(r.stdout);
    expect(Object.keys(j).sort()).toEqual(
      ['csfHalfLifeHours', 'durationHours', 'onsetHours', 'peakHours', 'peakReduction', 'series'].sort(),
    );
    expect(Array.isArray(j.series)).toBe(true);
    // docs/clinical-reference.md §1.1: onset 0.5–1 h, peak ~4 h, lasts 4–8 h (src/body/validation.ts checks the numbers).
    if (j.onsetHours !== null) expect(j.peakHours as number).toBeGreaterThan(j.onsetHours as number);
    expect(r.exitCode).toBe(0);
  });
  it('refuses a bad dose with a code and no stdout', async () => {
    const r = await itbSim('bolus', '--dose', 'lots', '--json');
    expect(r.stdout).toBe('');
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(r.stderr)).toMatchObject({ error: { code: 'ITB_E_INVALID_INPUT' } });
  });
});

describe('itb sim trial', () => {
  it('runs the 50/75/100 µg protocol and reports the decision', async () => {
    const j = json((await itbSim('trial', '--json')).stdout);
    const days = j.days as { doseMcg: number }[];
    expect([50, 75, 100].slice(0, days.length)).toEqual(days.map((d) => d.doseMcg));
    expect(['responder', 'non-candidate']).toContain((j.decision as { kind: string }).kind);
    expect(Array.isArray(j.reasons)).toBe(true);
  });
});

describe('itb sim run', () => {
  it('runs an example: summary, timeline and events; CSV and SVG one flag away', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'itb-sim-'));
    const csv = join(dir, 'run.csv');
    const svg = join(dir, 'run.svg');
    const r = await itbSim('run', example('programming-slip'), '--csv', csv, '--svg', svg, '--json');
    const j = json(r.stdout);
    expect(j.name).toBe('programming-slip');
    expect((j.summary as { programming: { refused: number } }).programming.refused).toBe(1);
    expect((j.timeline as unknown[]).length).toBeGreaterThan(0);
    expect(readFileSync(csv, 'utf8').split('\n')[0]).toMatch(/^t,day,/);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg /);
  });
  it('prints a human summary without --json', async () => {
    const r = await itbSim('run', example('programming-slip'));
    expect(r.stdout).toMatch(/programming-slip: 20 days/);
    expect(r.stdout).toMatch(/programming-slip from day 10: detected by refused after 0 h/);
  });
  it('refuses an invalid scenario with ITB_E_SIM_INVALID_SCENARIO and the bad path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'itb-sim-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ name: 'bad', days: -1, startDoseMcgPerDay: 100 }));
    const r = await itbSim('run', bad);
    expect(r.stdout).toBe('');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^ITB_E_SIM_INVALID_SCENARIO: .*days/);
  });
});

describe('itb sim population', () => {
  it('progress on itb sim population shows off a terminal too: on stderr, stdout keeps the one JSON object', async () => {
    const r = await itbSim('population', '--n', '2', '--years', '0.05', '--workers', '1', '--json');
    expect(r.exitCode).toBe(0);
    expect(json(r.stdout)).toMatchObject({ n: 2 });
    expect(r.stderr).toMatch(/^2\/2 patients \(100 %\), \d+ s\n$/m);
  });

  it('--json prints the outcome table per 100 patient-years', async () => {
    const j = json(
      (await itbSim('population', '--n', '2', '--years', '0.1', '--seed', '3', '--workers', '1', '--json'))
        .stdout,
    );
    expect(j).toMatchObject({ n: 2, years: 0.1, seed: 3 });
    const table = j.table as { outcome: string; count: number; per100PatientYears: number }[];
    expect(table.length).toBeGreaterThan(0);
    for (const row of table) expect(typeof row.per100PatientYears).toBe('number');
  });
  it('refuses --n 0', async () => {
    const r = await itbSim('population', '--n', '0', '--years', '1');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^ITB_E_OUT_OF_RANGE: --n/);
  });
});
