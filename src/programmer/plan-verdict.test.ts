/**
 * Finding (issue 12): a plan that is already blocked (a refusal) still showed the overdose warning — "name who
 * observes the patient" beside "above the single-bolus cap". A refused plan carries its refusal only, on every
 * programmer plan (titration, clinician bolus, alarm settings, stop and resume, patient-controlled bolus).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { continuous as continuousJson } from '../clinic/store-test-fixtures.ts';
import { millis, nanograms, nanolitres } from '../therapy/quantities.ts';
import { planAlarmSettings } from './alarm-settings.ts';
import { planBolus } from './bolus.ts';
import { interrogate } from './interrogate.ts';
import { planVerdict } from './plan-verdict.ts';
import { applyControl, planControl } from './stop-resume.ts';
import { HOUR, makeRig, T0, type Rig } from './test-rig.ts';
import { planTitration } from './titrate.ts';
import { progReason } from './codes.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const severities = (reasons: readonly { readonly severity: string }[]) => [
  ...new Set(reasons.map((r) => r.severity)),
];

describe('a plan that is already blocked shows the refusal only', () => {
  const NAME =
    'a plan that is already blocked still shows the overdose warning (no longer: the refusal only)';

  it(`${NAME}: clinician bolus above the cap`, async () => {
    rig = await makeRig();
    const bolus = planBolus(await interrogate(rig.client), nanograms(150_000), millis(HOUR));
    expect(bolus.verdict).toBe('block');
    expect(bolus.reasons.map((r) => r.code)).toEqual(['ITB_R_PROG_BOLUS_ABOVE_CAP']);
  });

  it(`${NAME}: alarm settings out of range`, async () => {
    rig = await makeRig();
    const profile = rig.server.state.pump.profile;
    const alarms = planAlarmSettings(await interrogate(rig.client), profile, {
      lowReservoir: nanolitres(profile.lowReservoir.value.min),
      criticalRepeat: millis(1),
    });
    expect(alarms.verdict).toBe('block');
    expect(severities(alarms.reasons)).toEqual(['block']);
    expect(alarms.reasons.map((r) => r.code)).not.toContain('ITB_R_PROG_LOW_RESERVOIR_LOWERED');
  });

  it(`${NAME}: titration step too large`, async () => {
    rig = await makeRig();
    // +100 % in one step with no prescription on record: the step blocks, the record warning is not shown.
    const titration = planTitration({
      snapshot: await interrogate(rig.client),
      proposed: continuousJson(1000, 2000),
      patient: { etiology: 'spinal', birthDate: '1975-06-15' },
      head: null,
      phase: 'titration',
      now: rig.deps.now(),
    });
    expect(titration.guardrail.verdict).toBe('block');
    expect(severities(titration.guardrail.reasons)).toEqual(['block']);
  });

  it(`${NAME}: stop of a stopped pump`, async () => {
    rig = await makeRig();
    const stop = planControl('stop', await interrogate(rig.client), { now: T0 });
    await applyControl(stop, { confirm: true, justification: 'MRI scan' }, rig.target, rig.deps);
    const again = planControl('stop', await interrogate(rig.client), { now: T0 });
    expect(again.verdict).toBe('block');
    expect(again.reasons.map((r) => r.code)).toEqual(['ITB_R_PROG_PUMP_STATE']);
  });

  it('a plan that is not refused keeps every warning', () => {
    const warn = progReason('ITB_R_PROG_BOLUS_OBSERVE', 'warn', 'observe the patient');
    const ok = progReason('ITB_R_PROG_PUMP_STATE', 'ok', 'the pump is delivering');
    expect(planVerdict([ok, warn])).toEqual({ verdict: 'warn', reasons: [ok, warn] });
    const block = progReason('ITB_R_PROG_PUMP_STATE', 'block', 'the pump is stopped');
    expect(planVerdict([warn, block, ok])).toEqual({ verdict: 'block', reasons: [block] });
  });
});
