/**
 * Alarm settings over HTTP → programmer → link → pump: a threshold outside the device profile's range is
 * blocked and the pump keeps its setting; a wrong unit is a 400; a valid change is written and read back,
 * with the repeat interval reported as not read back. (Route × role: pump-control-routes.test.ts.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pumpUrl as url, withPumpApi, type PumpApi } from './pump-test-rig.ts';

let open: PumpApi | undefined;
afterEach(async () => {
  await open?.dispose();
  open = undefined;
});

interface Plan {
  planId: string;
  ranges: { lowReservoir: { value: { min: number; max: number; default: number } } };
  diff: { path: string; before: number | null; after: number }[];
  guardrail: { verdict: string; reasons: { code: string; message: string }[] };
}

describe('alarm settings routes', () => {
  it('a threshold outside the profile range is blocked over HTTP and the pump keeps its setting', async () => {
    open = await withPumpApi();
    const { api, patientId, server } = open;
    const before = server.state.pump.thresholds;
    const res = await api.call('physician', 'POST', url(patientId, 'alarm-settings/plan'), {
      lowReservoir: '30 mL',
    });
    expect(res.statusCode, res.body).toBe(200);
    const plan = res.json<Plan>();
    expect(plan.guardrail.verdict).toBe('block');
    expect(plan.guardrail.reasons[0]?.code).toBe('ITB_R_PROG_ALARM_SETTING_OUT_OF_RANGE');
    expect(plan.ranges.lowReservoir.value).toMatchObject({ min: 1_000_000, default: 2_000_000 });
    const refused = await api.call('physician', 'POST', url(patientId, 'alarm-settings/apply'), {
      planId: plan.planId,
      confirm: true,
      justification: 'x',
    });
    expect(refused.statusCode).toBe(422);
    expect(server.state.pump.thresholds).toEqual(before);
    const wrongUnit = await api.call('physician', 'POST', url(patientId, 'alarm-settings/plan'), {
      lowReservoir: '3 mcg',
    });
    expect(wrongUnit.statusCode).toBe(400);
    const nothing = await api.call('physician', 'POST', url(patientId, 'alarm-settings/plan'), {});
    expect(nothing.statusCode).toBe(400);
  });

  it('a valid change is written and the threshold read back', async () => {
    open = await withPumpApi();
    const { api, patientId, server } = open;
    const plan = (
      await api.call('physician', 'POST', url(patientId, 'alarm-settings/plan'), {
        lowReservoir: 3,
        repeatMinutes: 15,
      })
    ).json<Plan>();
    expect(plan.guardrail.verdict).toBe('ok');
    expect(plan.diff[0]).toEqual({ path: 'lowReservoirThreshold', before: 2_000_000, after: 3_000_000 });
    const applied = await api.call('physician', 'POST', url(patientId, 'alarm-settings/apply'), {
      planId: plan.planId,
      confirm: true,
    });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json<{ status: string; notReadBack: string[] }>()).toMatchObject({
      status: 'verified',
      notReadBack: ['criticalRepeatMs'],
    });
    expect(server.state.pump.thresholds).toEqual({ lowReservoir: 3_000_000, criticalRepeat: 900_000 });
  });
});
