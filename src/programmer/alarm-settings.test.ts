/**
 * Alarm settings over the real link: a value outside the device profile's range is blocked and never
 * sent; a threshold below the default warns and needs a justification; a change is written and the
 * threshold read back; the repeat interval, which no interrogation reports, is said to be not read back;
 * a pump without alarm hardware has no interval to set.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { getProfile } from '../pump/profiles.ts';
import { millis, nanolitres } from '../therapy/quantities.ts';
import { applyAlarmSettings, planAlarmSettings } from './alarm-settings.ts';
import { interrogate } from './interrogate.ts';
import { makeRig, type Rig } from './test-rig.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('alarm settings', () => {
  it('a low-reservoir threshold outside the profile range is blocked, in range never (property)', async () => {
    rig = await makeRig();
    const snapshot = await interrogate(rig.client);
    const profile = rig.server.state.pump.profile;
    const { min, max } = profile.lowReservoir.value;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 * max }), (nl) => {
        const plan = planAlarmSettings(snapshot, profile, { lowReservoir: nanolitres(nl) });
        const outside = nl < min || nl > max;
        expect(plan.verdict === 'block').toBe(outside);
        expect(plan.reasons.some((r) => r.code === 'ITB_R_PROG_ALARM_SETTING_OUT_OF_RANGE')).toBe(outside);
      }),
    );
  });

  it('an out-of-range alarm setting is refused and changes nothing on the pump', async () => {
    rig = await makeRig();
    const before = rig.server.state.pump.thresholds;
    const plan = planAlarmSettings(await interrogate(rig.client), rig.server.state.pump.profile, {
      lowReservoir: nanolitres(50_000_000),
      criticalRepeat: millis(1_000),
    });
    expect(plan.verdict).toBe('block');
    expect(plan.reasons.map((r) => r.code)).toEqual([
      'ITB_R_PROG_ALARM_SETTING_OUT_OF_RANGE',
      'ITB_R_PROG_ALARM_SETTING_OUT_OF_RANGE',
    ]);
    await expect(
      applyAlarmSettings(plan, { confirm: true, justification: 'x' }, rig.target, rig.deps),
    ).rejects.toMatchObject({ code: 'ITB_E_PROG_BLOCKED' });
    expect(rig.server.state.pump.thresholds).toEqual(before);
  });

  it('a threshold lowered below the default warns and needs a justification', async () => {
    rig = await makeRig();
    const plan = planAlarmSettings(await interrogate(rig.client), rig.server.state.pump.profile, {
      lowReservoir: nanolitres(1_000_000),
    });
    expect(plan.verdict).toBe('warn');
    expect(plan.reasons[0]?.code).toBe('ITB_R_PROG_LOW_RESERVOIR_LOWERED');
    await expect(applyAlarmSettings(plan, { confirm: true }, rig.target, rig.deps)).rejects.toMatchObject({
      code: 'ITB_E_PROG_JUSTIFICATION_REQUIRED',
    });
    expect(rig.server.state.pump.thresholds.lowReservoir).toBe(2_000_000);
  });

  it('a change is written, the threshold read back, the interval reported as not read back', async () => {
    rig = await makeRig();
    const plan = planAlarmSettings(await interrogate(rig.client), rig.server.state.pump.profile, {
      lowReservoir: nanolitres(4_000_000),
      criticalRepeat: millis(20 * 60_000),
    });
    expect(plan.verdict).toBe('ok');
    expect(plan.diff).toEqual([
      { path: 'lowReservoirThreshold', before: 2_000_000, after: 4_000_000 },
      { path: 'criticalRepeatMs', before: null, after: 1_200_000 },
    ]);
    const out = await applyAlarmSettings(plan, { confirm: true }, rig.target, rig.deps);
    expect(out.write.status).toBe('verified');
    expect(out.notReadBack).toEqual(['criticalRepeatMs']);
    expect(rig.server.state.pump.thresholds).toEqual({ lowReservoir: 4_000_000, criticalRepeat: 1_200_000 });
    expect(out.session.interrogation['workflow']).toBe('alarm-settings');
    expect(out.session.diff).toHaveLength(2);
  });

  it('a pump without alarm hardware has no alarm interval to set', async () => {
    rig = await makeRig();
    const plan = planAlarmSettings(await interrogate(rig.client), getProfile('constant-flow-20'), {
      criticalRepeat: millis(10 * 60_000),
    });
    expect(plan.verdict).toBe('block');
    expect(plan.reasons[0]?.message).toMatch(/no programmable alarm interval/);
  });

  it('nothing to change is bad input', async () => {
    rig = await makeRig();
    expect(() => planAlarmSettings({} as never, rig!.server.state.pump.profile, {})).toThrow(
      /low-reservoir threshold or an alarm repeat interval/,
    );
  });
});
