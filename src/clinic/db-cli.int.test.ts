/**
 * `itb db …` (src/cli/db.ts) against a SQLite file: the CLI contract of docs/architecture.md — with `--json` one JSON
 * object on stdout; errors on stderr with their code and a non-zero exit, stdout empty.
 */
import { Command } from 'commander';
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerDbCommands } from '../cli/db.ts';
import { openStore } from './open-store.ts';
import { TEST_KEY } from './store-test-harness.ts';
import { NURSE, patientInput } from './store-test-fixtures.ts';

interface Outcome {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

async function itb(...args: string[]): Promise<Outcome> {
  const program = new Command('itb').exitOverride();
  registerDbCommands(program);
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  process.exitCode = 0;
  try {
    await program.parseAsync(['node', 'itb', ...args]);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { stdout, stderr, exitCode };
}

const json = (s: string): Record<string, unknown> => {
  const lines = s.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0] ?? '') as Record<string, unknown>;
};

describe('itb db', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'itb-db-cli-'));
    file = join(dir, 'itb.sqlite');
    vi.stubEnv('ITB_SECRET_KEY', TEST_KEY);
    vi.stubEnv('ITB_DATABASE_URL', '');
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  });

  it('migrate creates the database, then finds nothing to do', async () => {
    const first = await itb('db', 'migrate', '--db', file, '--json');
    expect(first).toMatchObject({ stderr: '', exitCode: 0 });
    expect(json(first.stdout)).toEqual({
      database: `sqlite:${file}`,
      dialect: 'sqlite',
      applied: [
        '0001_clinic_records',
        '0002_append_only_guards',
        '0003_symptom_diary',
        '0004_clinic_alert_acknowledgement',
        '0004_websec_auth_sessions',
        '0005_board_rows',
        '0005_board_rules_version',
        '0005_controls_user_admin',
        '0005_pathway_records',
        '0006_followup_appointment_status',
        '0006_trouble_episodes',
        '0007_model_opioid_status',
        '0007_pathway_initial_fill',
        '0008_pathway_board_due',
        '0009_board_empty_alerts',
        '0010_mri_preparation',
        '0011_board_eos',
      ],
      known: [
        '0001_clinic_records',
        '0002_append_only_guards',
        '0003_symptom_diary',
        '0004_clinic_alert_acknowledgement',
        '0004_websec_auth_sessions',
        '0005_board_rows',
        '0005_board_rules_version',
        '0005_controls_user_admin',
        '0005_pathway_records',
        '0006_followup_appointment_status',
        '0006_trouble_episodes',
        '0007_model_opioid_status',
        '0007_pathway_initial_fill',
        '0008_pathway_board_due',
        '0009_board_empty_alerts',
        '0010_mri_preparation',
        '0011_board_eos',
      ],
    });
    expect(json((await itb('db', 'migrate', '--db', file, '--json')).stdout)).toMatchObject({ applied: [] });
    expect((await itb('db', 'migrate', '--db', file)).stdout).toContain('already up to date');
  });

  it('verify-audit reports an intact trail, and a tampered one as an error with its code', async () => {
    const store = await openStore(file, { secretKey: TEST_KEY });
    const p = await store.createPatient(patientInput(), NURSE);
    await store.getPatient(p.id, NURSE);
    await store.close();
    const ok = await itb('db', 'verify-audit', '--db', file, '--json');
    expect(json(ok.stdout)).toMatchObject({ ok: true, checked: 2, headSeq: 2 });

    const raw = new Database(file);
    raw.exec("drop trigger audit_log_no_update; update audit_log set actor = 'user:mallory' where seq = 1");
    raw.close();
    const bad = await itb('db', 'verify-audit', '--db', file, '--json');
    expect(bad.stdout).toBe('');
    expect(bad.exitCode).toBe(1);
    expect(json(bad.stderr)).toMatchObject({
      error: { code: 'ITB_E_CLINIC_AUDIT_BROKEN', details: { ok: false, firstBadSeq: 1 } },
    });
    expect((await itb('db', 'verify-audit', '--db', file)).stderr).toMatch(/^ITB_E_CLINIC_AUDIT_BROKEN: /);
  });

  it('backup writes a copy and refuses to overwrite one', async () => {
    await itb('db', 'migrate', '--db', file);
    const target = join(dir, 'copy.sqlite');
    const r = await itb('db', 'backup', target, '--db', file, '--json');
    expect(json(r.stdout)).toMatchObject({ path: target, format: 'sqlite', auditHeadSeq: 1 });
    expect(existsSync(target)).toBe(true);
    const again = await itb('db', 'backup', target, '--db', file, '--json');
    expect(again).toMatchObject({ stdout: '', exitCode: 1 });
    expect(json(again.stderr)).toMatchObject({ error: { code: 'ITB_E_CLINIC_BACKUP_TARGET' } });
  });

  it('a missing database or an unsupported URL is refused with its code, creating nothing', async () => {
    const missing = join(dir, 'typo.sqlite');
    const r = await itb('db', 'verify-audit', '--db', missing, '--json');
    expect(json(r.stderr)).toMatchObject({ error: { code: 'ITB_E_CLINIC_DB_MISSING' } });
    expect(existsSync(missing)).toBe(false);
    const u = await itb('db', 'migrate', '--db', 'mysql://localhost/itb', '--json');
    expect(u).toMatchObject({ stdout: '', exitCode: 1 });
    expect(json(u.stderr)).toMatchObject({ error: { code: 'ITB_E_CLINIC_DB_URL' } });
  });
});
