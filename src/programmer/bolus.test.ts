/**
 * A clinician's single bolus over the real link: above the drug's single-bolus cap it is blocked and never
 * sent; under it, it warns (observe the patient) and needs the observer named; sent, the pump reads back a
 * running single bolus; a stopped pump blocks.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { millis, nanograms, type Nanolitres } from '../therapy/quantities.ts';
import { getProfile } from '../pump/profiles.ts';
import { applyBolus, bolusChecks, planBolus } from './bolus.ts';
import { planPriming } from './priming.ts';
import { interrogate } from './interrogate.ts';
import { applyControl, planControl } from './stop-resume.ts';
import { HOUR, makeRig, T0, type Rig } from './test-rig.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('clinician single bolus', () => {
  it('a bolus above the single-bolus cap is blocked and never reaches the pump', async () => {
    rig = await makeRig();
    const plan = planBolus(await interrogate(rig.client), nanograms(150_000), millis(HOUR));
    expect(plan.verdict).toBe('block');
    expect(plan.reasons[0]).toMatchObject({
      code: 'ITB_R_PROG_BOLUS_ABOVE_CAP',
      limit: 100_000,
      value: 150_000,
    });
    await expect(
      applyBolus(plan, { confirm: true, justification: 'Dr A observes' }, rig.target, rig.deps),
    ).rejects.toMatchObject({ code: 'ITB_E_PROG_BLOCKED' });
    expect(rig.server.state.pump.bolus).toBeNull();
  });

  it('a bolus under the cap needs the observer named, then runs and is read back', async () => {
    rig = await makeRig();
    const plan = planBolus(await interrogate(rig.client), nanograms(50_000), millis(HOUR));
    expect(plan.verdict).toBe('warn');
    await expect(applyBolus(plan, { confirm: true }, rig.target, rig.deps)).rejects.toMatchObject({
      code: 'ITB_E_PROG_JUSTIFICATION_REQUIRED',
    });
    const out = await applyBolus(
      plan,
      { confirm: true, justification: 'Nurse B observes 4 h' },
      rig.target,
      rig.deps,
    );
    expect(out.write.status).toBe('verified');
    expect(rig.server.state.pump.bolus?.purpose).toBe('single-bolus');
    expect(out.session).toMatchObject({ justification: 'Nurse B observes 4 h', diff: [{ after: 50_000 }] });
  });

  it('a bolus checked on an empty pump was "Warning: name who observes" and "Confirm: give 50 mcg" (walk of the demo a month on: a pump reporting EMPTY for weeks): a pump that reports its reservoir empty, or holds less than the bolus, blocks it — refill first', async () => {
    rig = await makeRig();
    const { status } = await interrogate(rig.client);
    const empty = {
      ...status,
      reservoir: 160_000 as Nanolitres,
      alarms: ['low-reservoir', 'empty-reservoir'] as const,
    };
    const onEmpty = bolusChecks(empty, nanograms(50_000));
    expect(onEmpty.verdict).toBe('block');
    expect(onEmpty.reasons[0]?.message).toMatch(/EMPTY reservoir: no bolus — refill first/);
    // 50 mcg of 2,000 mcg/mL is 0.025 mL: a pump holding 0.01 mL cannot give it.
    const short = { ...status, reservoir: 10_000 as Nanolitres, alarms: [] as const };
    const onShort = bolusChecks(short, nanograms(50_000));
    expect(onShort.verdict).toBe('block');
    expect(onShort.reasons[0]?.message).toMatch(/needs 0\.025 mL; the pump holds 0\.01 mL/);
    // A pump with drug enough is only warned (the observer).
    expect(bolusChecks(status, nanograms(50_000)).verdict).toBe('warn');
  });

  it('a stopped pump blocks a bolus', async () => {
    rig = await makeRig();
    const stop = planControl('stop', await interrogate(rig.client), { now: T0 });
    await applyControl(stop, { confirm: true, justification: 'test' }, rig.target, rig.deps);
    const plan = planBolus(await interrogate(rig.client), nanograms(25_000), millis(HOUR));
    expect(plan.verdict).toBe('block');
    expect(plan.reasons[0]?.message).toMatch(/stopped/);
  });

  it('a bolus on a pump whose motor stalled was sent for the pump to refuse: every critical alarm blocks a bolus before it is sent, as the pump halts boluses on it', async () => {
    rig = await makeRig();
    const { status } = await interrogate(rig.client);
    for (const alarm of ['motor-stall', 'eos', 'memory-error', 'low-battery-reset'] as const) {
      const checked = bolusChecks({ ...status, alarms: [alarm] }, nanograms(25_000));
      expect(checked.verdict, alarm).toBe('block');
      expect(checked.reasons[0]?.message).toContain(`a critical alarm is active (${alarm})`);
    }
    // Non-critical alarms warn only (the observer).
    for (const alarm of ['low-reservoir', 'eri', 'memory-error-minor'] as const) {
      expect(bolusChecks({ ...status, alarms: [alarm] }, nanograms(25_000)).verdict, alarm).toBe('warn');
    }
  });

  it('a bolus or a priming bolus planned for a constant-flow pump was sent for the pump to refuse: the device profile blocks it first', async () => {
    rig = await makeRig();
    const snapshot = await interrogate(rig.client);
    const isoMedLike = getProfile('constant-flow-20');
    const bolus = bolusChecks(snapshot.status, nanograms(25_000), isoMedLike);
    expect(bolus.verdict).toBe('block');
    expect(bolus.reasons[0]?.message).toBe(`${isoMedLike.name} cannot give a bolus`);
    const catheter = { model: '8709SC', lengthMm: 500, volumeNl: 110_000, tipLevel: 'T10' };
    const priming = planPriming({ snapshot, profile: isoMedLike, catheter }).priming;
    expect(priming.verdict).toBe('block');
    expect(priming.view.verdict).toBe('block');
    expect(priming.reasons.map((r) => r.message)).toContain(`${isoMedLike.name} cannot give a priming bolus`);
    // The implant's own peristaltic profile gives both: warned only.
    const peristaltic = getProfile('peristaltic-20');
    expect(bolusChecks(snapshot.status, nanograms(25_000), peristaltic).verdict).toBe('warn');
    expect(planPriming({ snapshot, profile: peristaltic, catheter }).priming.verdict).toBe('warn');
    // A stalled mechanism gives nothing either.
    const stalled = bolusChecks({ ...snapshot.status, motorStalled: true }, nanograms(25_000));
    expect(stalled.reasons[0]?.message).toBe('the mechanism is stalled: no bolus');
  });
});
