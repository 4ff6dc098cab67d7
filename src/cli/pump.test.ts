// `itb pump …` in-process (faster than spawning bin/itb.js for each case): the docs/architecture.md CLI
// contract — one JSON value on stdout with --json; errors as `CODE: message` on stderr, exit non-zero.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerPumpCommands } from './pump.ts';

async function itbPump(...args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  process.exitCode = 0;
  const program = new Command('itb').exitOverride();
  registerPumpCommands(program);
  await program.parseAsync(['node', 'itb', 'pump', ...args]);
  vi.restoreAllMocks();
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { stdout: out.join(''), stderr: err.join(''), exitCode };
}

afterEach(() => vi.restoreAllMocks());

describe('itb pump profiles', () => {
  it('--json prints one array of profiles with id, kind and reservoirMl', async () => {
    const r = await itbPump('profiles', '--json');
    const list = JSON.parse(r.stdout) as { id: string; kind: string; reservoirMl: number }[];
    expect(list.map((p) => [p.id, p.kind, p.reservoirMl])).toContainEqual([
      'peristaltic-40',
      'peristaltic',
      40,
    ]);
    expect(list.map((p) => p.kind)).toEqual(
      expect.arrayContaining(['peristaltic', 'valve', 'constant-flow']),
    );
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  });
});

describe('itb pump simulate', () => {
  const base = [
    'simulate',
    '--profile',
    'peristaltic-20',
    '--fill-ml',
    '20',
    '--concentration',
    '2000',
    '--start',
    '2026-01-01T00:00Z',
  ];

  it('500 mcg/day for 100 days: 18 mL to the low alarm at day 72, empty (0.5 mL) at day 78, minimum rate after', async () => {
    const r = await itbPump(...base, '--dose', '500', '--days', '100', '--json');
    const j = JSON.parse(r.stdout) as {
      deliveredMl: number;
      deliveredMcg: number;
      reservoirMl: number;
      alarms: { type: string; at: string }[];
      log: unknown[];
    };
    expect(j.alarms.slice(0, 2)).toEqual([
      { type: 'low-reservoir', at: '2026-03-14T00:00:00.000Z', severity: 'non-critical' },
      { type: 'empty-reservoir', at: '2026-03-20T00:00:00.000Z', severity: 'critical' },
    ]);
    expect(j.deliveredMl + j.reservoirMl).toBeCloseTo(20, 6);
    expect(j.deliveredMcg).toBeCloseTo(j.deliveredMl * 2000, 3);
    expect(j.log.length).toBeGreaterThan(0);
  });

  it('reads a flex prescription file in the clinician JSON form', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'itb-pump-'));
    const file = join(dir, 'rx.json');
    const rx = {
      mode: 'flex',
      drug: 'baclofen',
      concentrationMcgPerMl: 2000,
      everyDay: {
        steps: [
          { startMinute: 0, doseMcgPerDay: 400 },
          { startMinute: 720, doseMcgPerDay: 600 },
        ],
      },
    };
    writeFileSync(file, JSON.stringify(rx));
    const r = await itbPump(...base, '--prescription', file, '--days', '2', '--json');
    expect((JSON.parse(r.stdout) as { deliveredMcg: number }).deliveredMcg).toBe(1000);
  });

  it('refuses a dose the pump itself refuses, with the code on stderr and nothing on stdout', async () => {
    const r = await itbPump(...base, '--dose', '5000', '--days', '1');
    expect(r.exitCode).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^ITB_E_INVALID_PRESCRIPTION: /);
  });

  it('refuses an unknown profile and an overfill', async () => {
    const a = await itbPump(
      'simulate',
      '--profile',
      'nope',
      '--fill-ml',
      '20',
      '--concentration',
      '2000',
      '--dose',
      '500',
      '--days',
      '1',
    );
    expect(a.stderr).toMatch(/^ITB_E_PUMP_UNKNOWN_PROFILE: /);
    const b = await itbPump(...base.map((x) => (x === '20' ? '25' : x)), '--dose', '500', '--days', '1');
    expect(b.stderr).toMatch(/^ITB_E_OUT_OF_RANGE: /);
  });

  it('prints a human summary by default', async () => {
    const r = await itbPump(...base, '--dose', '500', '--days', '1');
    expect(r.stdout).toContain('delivered 0.25 mL (500 mcg)');
  });
});
