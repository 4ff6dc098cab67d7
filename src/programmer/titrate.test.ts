/**
 * Titration over the real link into a real pump, recorded in a real store (docs/clinical-reference.md §1.4 steps: spinal
 * origin +10–30 % at most once per 24 h [C: label]; §3 Finish screen: pending vs current, confirmed).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { continuous as continuousJson } from '../clinic/store-test-fixtures.ts';
import { dailyDose } from '../therapy/dose-math.ts';
import { epochMs, mcgPerDay } from '../therapy/quantities.ts';
import { getProfile } from '../pump/profiles.ts';
import { interrogate } from './interrogate.ts';
import { applyTitration, planTitration } from './titrate.ts';
import { makeRig, type Rig } from './test-rig.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const patient = { etiology: 'spinal', birthDate: '1975-06-15' } as const;

async function plan(r: Rig, doseMcg: number, concentration = 2000) {
  const snapshot = await interrogate(r.client);
  const head = await r.store.currentPrescription(r.patientId, { actor: r.target.actor });
  return planTitration({
    snapshot,
    proposed: continuousJson(doseMcg, concentration),
    patient,
    head,
    phase: 'titration',
    now: r.deps.now(),
  });
}

const pumpDose = (r: Rig) => dailyDose(r.server.state.pump.prescription);

describe('titration workflow', () => {
  it('titration clock: the plan counts the wait from the last dose change, not from a concentration-only record made an hour ago', async () => {
    rig = await makeRig();
    const snapshot = await interrogate(rig.client);
    const head = await rig.store.currentPrescription(rig.patientId, { actor: rig.target.actor });
    if (head === null) throw new Error('the rig records a prescription');
    const now = rig.deps.now();
    // The head is a new strength recorded an hour ago; the dose last changed 30 h ago.
    const recent = { ...head, createdAt: epochMs(now - 3_600_000) };
    const input = {
      snapshot,
      proposed: continuousJson(550, 2000),
      patient,
      phase: 'titration',
      now,
    } as const;
    const codes = (p: ReturnType<typeof planTitration>) => p.guardrail.reasons.map((r) => r.code);
    expect(codes(planTitration({ ...input, head: recent }))).toContain('ITB_R_TITRATION_TOO_SOON');
    const byDose = planTitration({ ...input, head: recent, lastDoseChangeAt: now - 30 * 3_600_000 });
    expect(codes(byDose)).not.toContain('ITB_R_TITRATION_TOO_SOON');
    expect(byDose.guardrail.verdict).toBe('ok');
  });

  it('a titration session records only the programme read before the change (finding: the board projected the old dose): it records the pump as read back after it', async () => {
    rig = await makeRig();
    const out = await applyTitration(await plan(rig, 600), { confirm: true }, rig.target, rig.deps);
    expect(out.status).toBe('verified');
    expect(out.session.interrogation['snapshot']).toMatchObject({ prescription: { doseMcgPerDay: 500 } });
    expect(out.session.interrogation['after']).toMatchObject({ prescription: { doseMcgPerDay: 600 } });
  });

  it('writes a +20 % step with compare-and-set, reads it back and records session and chain', async () => {
    rig = await makeRig();
    const p = await plan(rig, 600);
    expect(p.guardrail.verdict).toBe('ok');
    expect(p.review.changePercent).toBe(20);
    expect(p.review.diff).toEqual([{ path: 'doseMcgPerDay', before: 500, after: 600 }]);

    const out = await applyTitration(p, { confirm: true }, rig.target, rig.deps);
    expect(out.status).toBe('verified');
    expect(out.write.readBack?.mismatches).toEqual([]);
    expect(pumpDose(rig)).toBe(mcgPerDay(600));
    expect(out.prescription?.prescription).toMatchObject({ doseMcgPerDay: 600 });
    expect(out.session.diff).toEqual(p.review.diff);
    expect(out.session.prescriptionId).toBe(out.prescription?.id);
    expect(out.session.interrogation['write']).toMatchObject({
      status: 'verified',
      readBack: { read: true },
    });
    expect(out.alerts).toEqual([]);
    const head = await rig.store.currentPrescription(rig.patientId, { actor: rig.target.actor });
    expect(head?.id).toBe(out.prescription?.id);
  });

  it('never sends a blocked change (+100 % is more than 2× the 30 % step) to the pump', async () => {
    rig = await makeRig();
    const p = await plan(rig, 1000);
    expect(p.guardrail.verdict).toBe('block');
    const version = rig.server.state.pump.version;
    await expect(
      applyTitration(p, { confirm: true, justification: 'because' }, rig.target, rig.deps),
    ).rejects.toMatchObject({
      code: 'ITB_E_PROG_BLOCKED',
    });
    expect(rig.server.state.pump.version).toBe(version);
    expect(pumpDose(rig)).toBe(mcgPerDay(500));
  });

  it('refuses a warned change without a justification, and writes it with one (recorded)', async () => {
    rig = await makeRig();
    const p = await plan(rig, 700); // +40 %: above the 10–30 % step, below 2× → warn [C: label]
    expect(p.guardrail.verdict).toBe('warn');
    await expect(applyTitration(p, { confirm: true }, rig.target, rig.deps)).rejects.toMatchObject({
      code: 'ITB_E_PROG_JUSTIFICATION_REQUIRED',
    });
    await expect(applyTitration(p, { confirm: false } as never, rig.target, rig.deps)).rejects.toMatchObject({
      code: 'ITB_E_PROG_NOT_CONFIRMED',
    });
    expect(pumpDose(rig)).toBe(mcgPerDay(500));
    const out = await applyTitration(
      p,
      { confirm: true, justification: 'severe spasms; reviewed' },
      rig.target,
      rig.deps,
    );
    expect(out.status).toBe('verified');
    expect(out.session.justification).toBe('severe spasms; reviewed');
    expect(out.session.guardrail?.verdict).toBe('warn');
  });

  it('refuses a stale plan at the pump (compare-and-set) and records the refusal with no diff', async () => {
    rig = await makeRig();
    const stale = await plan(rig, 600);
    const fresh = await plan(rig, 550);
    await applyTitration(fresh, { confirm: true }, rig.target, rig.deps);
    const out = await applyTitration(stale, { confirm: true }, rig.target, rig.deps);
    expect(out.status).toBe('refused');
    expect(out.write.error).toBe('ITB_E_PUMP_VERSION_CONFLICT');
    expect(out.session.diff).toEqual([]);
    expect(out.prescription).toBeNull();
    expect(pumpDose(rig)).toBe(mcgPerDay(550));
  });

  it('recovers a lost answer by command id: applied once, recorded as applied', async () => {
    rig = await makeRig();
    const p = await plan(rig, 600);
    rig.fault('drop-next-answer');
    const out = await applyTitration(p, { confirm: true }, rig.target, rig.deps);
    expect(out.write.execution).toMatchObject({ outcome: 'applied', via: 'query' });
    expect(out.status).toBe('verified');
    expect(pumpDose(rig)).toBe(mcgPerDay(600));
    const accepted = rig.server.state.pump.log.entries.filter(
      (e) => e.type === 'command-accepted' && e.data?.commandId === out.write.commandId,
    );
    expect(accepted).toHaveLength(1);
  });

  it('records a command the pump never received as not applied: no diff, no chain entry', async () => {
    rig = await makeRig({ attempts: 2 });
    const p = await plan(rig, 600);
    rig.fault('drop-next-command');
    const out = await applyTitration(p, { confirm: true }, rig.target, rig.deps);
    expect(out.status).toBe('not-applied');
    expect(out.session.diff).toEqual([]);
    expect(out.session.interrogation['attemptedDiff']).toEqual([
      { path: 'doseMcgPerDay', before: 500, after: 600 },
    ]);
    expect(out.prescription).toBeNull();
    expect(pumpDose(rig)).toBe(mcgPerDay(500));
  });

  it('records an unresolvable outcome as unknown with a critical alert, never as success', async () => {
    rig = await makeRig({ attempts: 2 });
    const p = await plan(rig, 600);
    rig.fault('drop-all-answers');
    const out = await applyTitration(p, { confirm: true }, rig.target, rig.deps);
    expect(out.status).toBe('unknown');
    expect(out.session.diff).toEqual([]);
    expect(out.prescription).toBeNull();
    expect(out.alerts).toHaveLength(1);
    expect(out.alerts[0]).toMatchObject({ severity: 'critical' });
    expect(out.alerts[0]?.message).toMatch(/re-interrogate/i);
    // The pump did get it: exactly why "unknown" must not be recorded as either outcome.
    expect(pumpDose(rig)).toBe(mcgPerDay(600));
  });
});

describe('the implanted device judges the proposal by its labelling', () => {
  it('a child under 12 with a valve-gated pump: the programmer refuses what the device labelling excludes', async () => {
    rig = await makeRig();
    const snapshot = await interrogate(rig.client);
    const head = await rig.store.currentPrescription(rig.patientId, { actor: rig.target.actor });
    const base = {
      snapshot,
      proposed: continuousJson(550),
      head,
      phase: 'titration' as const,
      now: rig.deps.now(),
      profile: getProfile('valve-20'),
    };
    const child = planTitration({ ...base, patient: { etiology: 'spinal', birthDate: '2016-03-01' } });
    expect(child.guardrail.verdict).toBe('block');
    expect(child.guardrail.reasons.map((r) => r.code)).toContain('ITB_R_PUMP_AGE_BELOW_LABEL');
    const adult = planTitration({ ...base, patient });
    expect(adult.guardrail.reasons.map((r) => r.code)).not.toContain('ITB_R_PUMP_AGE_BELOW_LABEL');
  });
});
