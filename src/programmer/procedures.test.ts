/**
 * Alarm test and catheter change over the real link (docs/clinical-reference.md §3: the clinic must never rely on the alarm
 * alone; the priming bolus fills the catheter and must be supervised).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { getProfile } from '../pump/profiles.ts';
import { nanolitres } from '../therapy/quantities.ts';
import { interrogate } from './interrogate.ts';
import { applyCatheterChange, planCatheterChange, runAlarmTest } from './procedures.ts';
import { makeRig, type Rig } from './test-rig.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('alarm test', () => {
  it('records an alarm the patient did not hear and raises an alert', async () => {
    rig = await makeRig();
    const out = await runAlarmTest({ heard: false }, rig.target, rig.deps);
    expect(out.session.diff).toEqual([]);
    expect(out.session.interrogation['heard']).toBe(false);
    expect(out.alert).toMatchObject({ kind: 'pump-alarm', severity: 'warning' });
    const heard = await runAlarmTest({ heard: true }, rig.target, rig.deps);
    expect(heard.alert).toBeNull();
  });
});

describe('catheter change', () => {
  it('sets the new catheter volume and starts a supervised priming bolus of catheter + pump volume', async () => {
    rig = await makeRig();
    const profile = getProfile('peristaltic-20');
    const plan = planCatheterChange({
      snapshot: await interrogate(rig.client),
      profile,
      catheterVolume: nanolitres(130_000),
    });
    expect(plan.priming.verdict).toBe('warn');
    expect(plan.priming.volume).toBe(130_000 + profile.internalVolume.value);
    await expect(
      applyCatheterChange(plan, { confirm: true, supervisedBy: ' ' }, rig.target, rig.deps),
    ).rejects.toMatchObject({ code: 'ITB_E_PROG_JUSTIFICATION_REQUIRED' });
    const out = await applyCatheterChange(
      plan,
      { confirm: true, supervisedBy: 'Dr A' },
      rig.target,
      rig.deps,
    );
    expect(out.catheter.status).toBe('verified');
    expect(out.priming?.status).toBe('verified');
    const pump = rig.server.state.pump;
    expect(pump.catheterVolume).toBe(130_000);
    expect(pump.bolus?.purpose).toBe('priming-bolus');
    expect(out.session.justification).toMatch(/supervised by Dr A/);
    expect(out.alerts).toEqual([]);
  });
});
