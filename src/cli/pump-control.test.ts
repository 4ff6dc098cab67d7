/**
 * `itb pump stop|resume` through the real CLI against a real pump link and a real clinic database: the
 * plan with the withdrawal warning is always shown, nothing is sent without --confirm (nor a warned stop
 * without --justification), a stop leaves the withdrawal-risk alert, and keys of another patient's pump are
 * refused before anything is sent.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ControlReport } from './pump-control.ts';
import { itb, livePump, recordedPump as setup, stopAll } from './pump-link.test-support.ts';

afterEach(stopAll);

describe('itb pump stop and resume', () => {
  it('a stop without --confirm shows the withdrawal warning and the restart plan, and sends nothing', async () => {
    const s = await setup();
    const r = await itb('pump', 'stop', ...s.link, '--justification', 'MRI');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/ITB_R_PROG_WITHDRAWAL_WARNING/);
    expect(r.stderr).toMatch(/restart plan: resume within/);
    expect(r.stderr).toMatch(/ITB_E_PROGRAMMER_NOT_CONFIRMED/);
    expect(s.suspended()).toBe(false);
    expect((await s.records()).sessions).toEqual([]);
  }, 30_000);

  it('with --json an unconfirmed stop carries the plan in the error, and stdout stays empty', async () => {
    const s = await setup();
    const r = await itb('pump', 'stop', ...s.link, '--json');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const e = JSON.parse(r.stderr) as {
      error: { code: string; details: { plan: { verdict: string; reasons: { code: string }[] } } };
    };
    expect(e.error.code).toBe('ITB_E_PROGRAMMER_NOT_CONFIRMED');
    expect(e.error.details.plan.verdict).toBe('warn');
    expect(e.error.details.plan.reasons.map((x) => x.code)).toEqual(['ITB_R_PROG_WITHDRAWAL_WARNING']);
    expect(s.suspended()).toBe(false);
  }, 30_000);

  it('a confirmed stop without --justification is refused and sends nothing', async () => {
    const s = await setup();
    const r = await itb('pump', 'stop', ...s.link, '--confirm', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr)).toMatchObject({ error: { code: 'ITB_E_PROG_JUSTIFICATION_REQUIRED' } });
    expect(s.suspended()).toBe(false);
  }, 30_000);

  it('a confirmed, justified stop stops the pump, records it and leaves the withdrawal alert; resume restarts it', async () => {
    const s = await setup();
    const stop = await itb('pump', 'stop', ...s.link, '--confirm', '--justification', 'MRI', '--json');
    expect(stop.stderr).toBe('');
    const report = JSON.parse(stop.stdout) as ControlReport;
    expect(report.status).toBe('verified');
    expect(s.suspended()).toBe(true);
    expect(report.alerts.map((a) => a.kind)).toEqual(['withdrawal-risk']);
    const after = await s.records();
    expect(after.sessions).toHaveLength(1);
    expect(after.alerts.map((a) => a.kind)).toContain('withdrawal-risk');

    // Stopped moments ago (on record): resume needs no justification, and closes the withdrawal alert.
    const resume = await itb('pump', 'resume', ...s.link, '--confirm', '--json');
    expect(resume.stderr).toBe('');
    expect((JSON.parse(resume.stdout) as ControlReport).status).toBe('verified');
    expect(s.suspended()).toBe(false);
    expect((await s.records()).alerts.map((a) => a.kind)).not.toContain('withdrawal-risk');
  }, 60_000);

  it('resume on a delivering pump is blocked and sends nothing', async () => {
    const s = await setup();
    const r = await itb('pump', 'resume', ...s.link, '--confirm', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr)).toMatchObject({ error: { code: 'ITB_E_PROG_BLOCKED' } });
    expect((await s.records()).sessions).toEqual([]);
  }, 30_000);

  it("keys of a pump that is not the patient's implant are refused before anything is sent", async () => {
    const s = await setup('SER-OTHER');
    const r = await itb('pump', 'stop', ...s.link, '--confirm', '--justification', 'MRI');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ITB_E_INVALID_INPUT: the keys are for pump .* implant is pump SER-OTHER/);
    expect(s.suspended()).toBe(false);
  }, 30_000);

  it('a patient without an implant on record is refused and nothing is sent', async () => {
    const s = await setup();
    const args = s.link.map((a, i) => (s.link[i - 1] === '--patient' ? 'no-such-patient' : a));
    const r = await itb('pump', 'stop', ...args, '--confirm', '--justification', 'MRI');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ITB_E_CLINIC_NOT_FOUND: .*no-such-patient/);
    expect(s.suspended()).toBe(false);
  }, 30_000);

  it('a missing database is refused, not created', async () => {
    const pump = await livePump();
    const db = join(pump.dir, 'typo.sqlite');
    const args = ['--pump', pump.address, '--keys', pump.clinician, '--patient', 'p1', '--db', db];
    const r = await itb('pump', 'stop', ...args, '--confirm', '--justification', 'MRI');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ITB_E_CLINIC_DB_MISSING/);
    expect(pump.server.state.pump.suspended).toBe(false);
  }, 30_000);
});
