/**
 * Finding (issue 12): `itb pump stop|resume|alarm-settings` acted on the clinic database with `--db` and
 * `--patient` but checked no role, and wrote every change as `system:cli`. The command now names the
 * clinic user it acts as (`--as` or ITB_USER) and applies the API's own rules for the same routes
 * (src/server/pump-rules.ts): what the API refuses a nurse, the command line refuses too, before anything
 * is sent, and what it does is recorded in the user's name.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ControlReport } from './pump-control.ts';
import { ACCOUNTS, itb, recordedPump, stopAll } from './pump-link.test-support.ts';

afterEach(() => {
  stopAll();
  delete process.env['ITB_USER'];
});

describe('the command line applies the API authorization table', () => {
  it('a nurse cannot stop a pump from the CLI (finding: no role check)', async () => {
    const s = await recordedPump();
    process.env['ITB_USER'] = ACCOUNTS.nurse;
    const r = await itb('pump', 'stop', ...s.where, '--confirm', '--justification', 'MRI', '--json');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const e = JSON.parse(r.stderr) as { error: { code: string; message: string } };
    expect(e.error.code).toBe('ITB_E_FORBIDDEN');
    expect(e.error.message).toContain('POST /api/v1/patients/:patientId/pump/stop/plan');
    expect(s.suspended()).toBe(false);
    expect((await s.records()).sessions).toEqual([]);
  }, 30_000);

  it('a nurse cannot change the alarm settings, nor a viewer resume, from the CLI (finding: no role check)', async () => {
    const s = await recordedPump();
    const before = s.pump.server.state.pump.thresholds.lowReservoir;
    const alarms = await itb(
      'pump',
      'alarm-settings',
      ...s.where,
      '--as',
      ACCOUNTS.nurse,
      '--low-reservoir',
      '3mL',
      '--confirm',
    );
    expect(alarms.code).toBe(1);
    expect(alarms.stderr).toMatch(/^ITB_E_FORBIDDEN: nurse@cli\.test \(nurse\) may not do this/);
    expect(s.pump.server.state.pump.thresholds.lowReservoir).toBe(before);
    const resume = await itb('pump', 'resume', ...s.where, '--as', ACCOUNTS.viewer, '--confirm');
    expect(resume.stderr).toMatch(/^ITB_E_FORBIDDEN: viewer@cli\.test \(viewer\)/);
    expect((await s.records()).sessions).toEqual([]);
  }, 30_000);

  it('without a named user, or with an unknown one, nothing is read or sent (finding: no acting user)', async () => {
    const s = await recordedPump();
    const none = await itb('pump', 'stop', ...s.where, '--confirm', '--justification', 'MRI');
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^ITB_E_AUTH_REQUIRED: name the clinic user .*--as EMAIL or ITB_USER=EMAIL/);
    const unknown = await itb('pump', 'stop', ...s.where, '--as', 'nobody@cli.test', '--confirm');
    expect(unknown.stderr).toMatch(/^ITB_E_AUTH_REQUIRED: no enabled clinic account nobody@cli\.test/);
    expect(s.suspended()).toBe(false);
    expect((await s.records()).sessions).toEqual([]);
  }, 30_000);

  it("a physician's stop is recorded in their name, not as the CLI (finding: system:cli in the record)", async () => {
    const s = await recordedPump();
    process.env['ITB_USER'] = ACCOUNTS.physician;
    const r = await itb('pump', 'stop', ...s.where, '--confirm', '--justification', 'MRI', '--json');
    expect(r.stderr).toBe('');
    expect((JSON.parse(r.stdout) as ControlReport).status).toBe('verified');
    const { sessions, alerts } = await s.records();
    expect(sessions.map((x) => x.createdBy)).toEqual([s.actorOf(ACCOUNTS.physician)]);
    expect(alerts.find((a) => a.kind === 'withdrawal-risk')?.createdBy).toBe(s.actorOf(ACCOUNTS.physician));
  }, 30_000);
});
