/**
 * `itb pump alarm-settings` through the real CLI against a real pump link and clinic database: the
 * profile's ranges block, a lowered threshold warns and needs a justification, nothing is sent without
 * --confirm, bad input changes nothing, and a confirmed change is read back from the pump and recorded.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NL_PER_ML } from '../therapy/quantities.ts';
import type { AlarmReport } from './pump-alarms.ts';
import { itb, recordedPump, stopAll } from './pump-link.test-support.ts';

afterEach(stopAll);

const threshold = (s: Awaited<ReturnType<typeof recordedPump>>) =>
  s.pump.server.state.pump.thresholds.lowReservoir;

describe('itb pump alarm-settings', () => {
  it('a threshold within the profile range is shown, then written with --confirm, read back and recorded', async () => {
    const s = await recordedPump();
    const before = threshold(s);
    const plan = await itb('pump', 'alarm-settings', ...s.link, '--low-reservoir', '3mL');
    expect(plan.code).toBe(1);
    expect(plan.stderr).toMatch(/lowReservoirThreshold: .* → 3 mL/);
    expect(plan.stderr).toMatch(/ITB_E_PROGRAMMER_NOT_CONFIRMED/);
    expect(threshold(s)).toBe(before);

    const r = await itb('pump', 'alarm-settings', ...s.link, '--low-reservoir', '3mL', '--confirm', '--json');
    expect(r.stderr).toBe('');
    expect((JSON.parse(r.stdout) as AlarmReport).status).toBe('verified');
    expect(threshold(s)).toBe(3 * NL_PER_ML);
    expect((await s.records()).sessions).toHaveLength(1);
  }, 60_000);

  it('outside the profile range is blocked; below the default warns and needs --justification', async () => {
    const s = await recordedPump();
    const before = threshold(s);
    const high = await itb(
      'pump',
      'alarm-settings',
      ...s.link,
      '--low-reservoir',
      '9',
      '--confirm',
      '--json',
    );
    expect(JSON.parse(high.stderr)).toMatchObject({ error: { code: 'ITB_E_PROG_BLOCKED' } });
    const low = await itb('pump', 'alarm-settings', ...s.link, '--low-reservoir', '1', '--confirm', '--json');
    expect(JSON.parse(low.stderr)).toMatchObject({ error: { code: 'ITB_E_PROG_JUSTIFICATION_REQUIRED' } });
    expect(threshold(s)).toBe(before);
    expect((await s.records()).sessions).toEqual([]);
  }, 60_000);

  it('bad input is refused in clinician words and changes nothing', async () => {
    const s = await recordedPump();
    const before = threshold(s);
    const none = await itb('pump', 'alarm-settings', ...s.link, '--confirm');
    expect(none.stderr).toMatch(/^ITB_E_INVALID_INPUT: give a low-reservoir threshold/);
    const frac = await itb('pump', 'alarm-settings', ...s.link, '--repeat-minutes', '2.5', '--confirm');
    expect(frac.stderr).toMatch(/^ITB_E_INVALID_INPUT: --repeat-minutes must be whole minutes/);
    const unit = await itb('pump', 'alarm-settings', ...s.link, '--low-reservoir', '3 mcg', '--confirm');
    expect(unit.code).toBe(1);
    expect(unit.stderr).toMatch(/^ITB_E_/);
    expect(threshold(s)).toBe(before);
  }, 60_000);
});
