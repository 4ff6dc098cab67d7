// `itb advise …` in-process: one JSON object on stdout with --json; errors as a code on stderr, exit 1.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { samplePatient } from '../body/patient.ts';
import { DEFAULT_SCREENING_PROTOCOL, screeningTrial } from '../body/screening.ts';
import { registerAdviseCommands } from './advise.ts';

async function itbAdvise(...args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  process.exitCode = 0;
  const program = new Command('itb').exitOverride();
  registerAdviseCommands(program);
  await program.parseAsync(['node', 'itb', 'advise', ...args]);
  vi.restoreAllMocks();
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { stdout: out.join(''), stderr: err.join(''), exitCode };
}

const dir = mkdtempSync(join(tmpdir(), 'itb-advise-'));
const file = (name: string, value: unknown): string => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
};
const trial = file(
  'trial.json',
  screeningTrial(samplePatient(5), { ...DEFAULT_SCREENING_PROTOCOL, seed: 5 }),
);

afterEach(() => vi.restoreAllMocks());

describe('itb advise', () => {
  it('titration --json prints the fit and a path whose steps the guardrails pass', async () => {
    const r = await itbAdvise('titration', '--trial', trial, '--json');
    expect(r.exitCode).toBe(0);
    const j = JSON.parse(r.stdout) as {
      fit: { map: Record<string, number> };
      advice: { steps: { doseMcgPerDay: number; guardrail: { verdict: string } }[]; goalDay: number | null };
    };
    expect(Object.keys(j.fit.map).sort()).toEqual(['baselineMas', 'ec50UgPerMl', 'emaxMas']);
    expect(j.advice.steps.length).toBeGreaterThan(1);
    for (const s of j.advice.steps) expect(s.guardrail.verdict).not.toBe('block');
    expect(j.advice.steps[0]?.doseMcgPerDay).toBe(100); // the label's 2 × the 50 µg screening dose
  });

  it('the model-informed dosing box is for intrathecal baclofen only: for morphine it says the model does not apply', async () => {
    for (const sub of ['start-dose', 'titration']) {
      const r = await itbAdvise(sub, '--trial', trial, '--drug', 'morphine', '--json');
      expect(r.exitCode).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('ITB_E_ADVISE_DRUG_NOT_MODELLED');
      expect(r.stderr).toContain('does not apply to morphine');
      expect(r.stderr).not.toContain('screening bolus');
    }
  });

  it('start-dose prints the start only, with the words that it is advice', async () => {
    const r = await itbAdvise('start-dose', '--trial', trial);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/day {2}0 +100 mcg\/day/);
    expect(r.stdout).not.toMatch(/day {2}1 /);
    expect(r.stdout).toContain('advice, not a prescription');
  });

  it('refuses a trial without an effective dose, a non-candidate and a bad goal, with codes and no stdout', async () => {
    const cases: [string[], string][] = [
      [['--trial', file('empty.json', { days: [] })], 'ITB_E_ADVISE_INVALID_TRIAL'],
      [
        ['--trial', file('none.json', { days: [], decision: { kind: 'non-candidate' } })],
        'ITB_E_ADVISE_INVALID_TRIAL',
      ],
      [['--trial', trial, '--goal', '9'], 'ITB_E_OUT_OF_RANGE'],
      [['--trial', join(dir, 'missing.json')], 'ITB_E_INVALID_INPUT'],
    ];
    for (const [args, code] of cases) {
      const r = await itbAdvise('titration', ...args, '--json');
      expect(r.stdout).toBe('');
      expect(r.exitCode).toBe(1);
      expect(JSON.parse(r.stderr)).toMatchObject({ error: { code } });
    }
  });
});
