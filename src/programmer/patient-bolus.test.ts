/**
 * Patient-controlled bolus settings over the real link (docs/clinical-reference.md §3: myPTM / Prometra PTC,
 * never baclofen [C]): the plan applies the pump's own rules, so the two agree on every setting (property);
 * a refused setting is never sent; more drug a day warns and needs a justification; a stopped pump is not
 * restarted by a PCB change; an accepted setting is read back from the pump and recorded.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { statusOf } from '../link/pump-mapping.ts';
import { step } from '../pump/controller.ts';
import { getProfile } from '../pump/profiles.ts';
import type { PumpState } from '../pump/state.ts';
import { continuous, filledPump, newId, T0 } from '../pump/test-fixtures.ts';
import type { DrugSpec } from '../therapy/prescription.ts';
import { epochMs, mcgPerMl, mcgToNg, millis } from '../therapy/quantities.ts';
import { interrogate, type Snapshot } from './interrogate.ts';
import { applyPatientBolus, planPatientBolus, type PatientBolusRequest } from './patient-bolus.ts';
import { makeRig, type Rig } from './test-rig.ts';

const MORPHINE: DrugSpec = { drug: 'morphine', concentration: mcgPerMl(10_000) };
const HYDROMORPHONE: DrugSpec = { drug: 'hydromorphone', concentration: mcgPerMl(10_000) };
const BACLOFEN: DrugSpec = { drug: 'baclofen', concentration: mcgPerMl(2000) };
const ON: PatientBolusRequest = {
  enable: true,
  amount: mcgToNg(200),
  lockout: millis(3 * 3_600_000),
  maxPerDay: 4,
};

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const morphineRig = () => makeRig({ pump: { prescription: continuous(5_000, MORPHINE) } });

/** What the programmer would read from a pump in state `s`. */
const snapshotOf = (s: PumpState): Snapshot => ({
  stateVersion: s.version,
  status: statusOf(s),
  prescription: s.prescription,
  patientBolus: s.patientBolus,
});

describe('patient-controlled bolus settings', () => {
  it('the plan and the pump agree: no setting the plan accepts is refused by the pump, none it refuses is accepted (property)', () => {
    const pumps = [
      ['peristaltic-20', BACLOFEN, 500],
      ['peristaltic-20', MORPHINE, 5_000],
      ['peristaltic-20', MORPHINE, 18_000],
      ['peristaltic-20', HYDROMORPHONE, 2_000],
      ['constant-flow-20', MORPHINE, 5_000],
    ] as const;
    const states = pumps.map(([profileId, drug, mcg]) =>
      filledPump({ profileId, prescription: continuous(mcg, drug) }),
    );
    const outcomes = new Set<boolean>();
    const minutes = (max: number) => fc.integer({ min: 0, max }).map((m) => millis(m * 60_000));
    fc.assert(
      fc.property(
        fc.constantFrom(...states),
        fc.record({
          amount: fc.integer({ min: 0, max: 1_500 }).map(mcgToNg),
          lockout: minutes(26 * 60),
          maxPerDay: fc.integer({ min: 0, max: 30 }),
          duration: minutes(90),
        }),
        (s, c) => {
          const plan = planPatientBolus(snapshotOf(s), s.profile, { enable: true, ...c });
          const r = step(
            s,
            {
              kind: 'program',
              commandId: newId(),
              expectedVersion: s.version,
              prescription: s.prescription,
              patientBolus: plan.setting,
            },
            epochMs(T0),
          );
          expect(plan.verdict === 'block').toBe(r.outputs.result?.ok === false);
          outcomes.add(plan.verdict === 'block');
        },
      ),
      { numRuns: 400 },
    );
    expect([...outcomes].sort()).toEqual([false, true]);
  });

  it('sets PCB for morphine on a PCB pump: written with the same programme, read back, recorded, justified', async () => {
    rig = await morphineRig();
    const before = rig.server.state.pump.prescription;
    const plan = planPatientBolus(await interrogate(rig.client), rig.server.state.pump.profile, ON);
    expect(plan.verdict).toBe('warn');
    expect(plan.reasons.map((r) => r.code)).toEqual(['ITB_R_PROG_PATIENT_BOLUS_MORE_DRUG']);
    expect(plan.availability.unavailable).toBeNull();
    expect(plan.diff).toContainEqual({ path: 'patientBolus.doseMcg', before: null, after: 200 });
    expect(plan.diff).toContainEqual({ path: 'patientBolus.enabled', before: 'off', after: 'on' });
    await expect(applyPatientBolus(plan, { confirm: true }, rig.target, rig.deps)).rejects.toMatchObject({
      code: 'ITB_E_PROG_JUSTIFICATION_REQUIRED',
    });
    const out = await applyPatientBolus(
      plan,
      { confirm: true, justification: 'taught; spouse observes' },
      rig.target,
      rig.deps,
    );
    expect(out.write.status).toBe('verified');
    expect(plan.setting).toEqual({ amount: ON.amount, lockout: ON.lockout, maxPerDay: 4, duration: 600_000 });
    expect(out.write.readBack?.snapshot?.patientBolus).toEqual(plan.setting);
    expect(rig.server.state.pump.patientBolus).toEqual(plan.setting);
    expect(rig.server.state.pump.prescription).toEqual(before);
    expect(out.session.justification).toBe('taught; spouse observes');
    expect(out.session.diff).toEqual(plan.diff);
    expect(out.alerts).toEqual([]);
  });

  it('a baclofen pump: PCB is not available, the plan blocks and nothing is sent', async () => {
    rig = await makeRig();
    const version = rig.server.state.pump.version;
    const plan = planPatientBolus(await interrogate(rig.client), rig.server.state.pump.profile, ON);
    expect(plan.availability.unavailable?.code).toBe('ITB_R_PATIENT_BOLUS_DRUG_FORBIDS');
    expect(plan.verdict).toBe('block');
    expect(plan.reasons.map((r) => r.code)).toContain('ITB_R_PATIENT_BOLUS_DRUG_FORBIDS');
    await expect(
      applyPatientBolus(plan, { confirm: true, justification: 'x' }, rig.target, rig.deps),
    ).rejects.toMatchObject({ code: 'ITB_E_PROG_BLOCKED' });
    expect(rig.server.state.pump.version).toBe(version);
    expect(rig.server.state.pump.patientBolus).toBeNull();
  });

  it('a baclofen pump warned of overdose from boluses it can never give (finding: the review of a blocked plan read like a change)', async () => {
    rig = await makeRig();
    const plan = planPatientBolus(await interrogate(rig.client), rig.server.state.pump.profile, ON);
    expect(plan.reasons.map((r) => r.code)).toEqual(['ITB_R_PATIENT_BOLUS_DRUG_FORBIDS']);
  });

  it('a change reads on or off first, then the dose, the lockout, the daily count and the duration', async () => {
    rig = await morphineRig();
    const plan = planPatientBolus(await interrogate(rig.client), rig.server.state.pump.profile, ON);
    expect(plan.diff.map((d) => d.path)).toEqual([
      'patientBolus.enabled',
      'patientBolus.doseMcg',
      'patientBolus.lockoutMinutes',
      'patientBolus.maxPerDay',
      'patientBolus.bolusMinutes',
    ]);
  });

  it('a stopped pump is not restarted by a PCB change: blocked until resumed', async () => {
    rig = await morphineRig();
    await rig.client.execute({
      op: 'stop',
      commandId: rig.client.newCommandId(),
      expectedVersion: undefined,
    });
    const plan = planPatientBolus(await interrogate(rig.client), rig.server.state.pump.profile, {
      enable: false,
    });
    expect(plan.verdict).toBe('block');
    expect(plan.reasons.map((r) => r.code)).toEqual(['ITB_R_PROG_PUMP_STATE']);
  });

  it('disables PCB without a justification (less drug) and reads the pump back as off', async () => {
    rig = await morphineRig();
    const on = planPatientBolus(await interrogate(rig.client), rig.server.state.pump.profile, ON);
    await applyPatientBolus(on, { confirm: true, justification: 'trained' }, rig.target, rig.deps);
    const off = planPatientBolus(await interrogate(rig.client), rig.server.state.pump.profile, {
      enable: false,
    });
    expect(off.verdict).toBe('ok');
    const out = await applyPatientBolus(off, { confirm: true }, rig.target, rig.deps);
    expect(out.write.status).toBe('verified');
    expect(rig.server.state.pump.patientBolus).toBeNull();
    expect(out.write.readBack?.snapshot?.patientBolus).toBeNull();
  });

  it('the profile forbids PCB on a constant-flow pump, whatever the drug', () => {
    const s = filledPump({ profileId: 'constant-flow-20', prescription: continuous(5_000, MORPHINE) });
    const plan = planPatientBolus(snapshotOf(s), getProfile('constant-flow-20'), ON);
    expect(plan.availability.unavailable?.code).toBe('ITB_R_PATIENT_BOLUS_DEVICE_FORBIDS');
    expect(plan.reasons.map((r) => r.code)).toContain('ITB_R_PATIENT_BOLUS_DEVICE_FORBIDS');
  });
});
