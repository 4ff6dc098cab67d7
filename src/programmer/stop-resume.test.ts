/**
 * Stop and resume over the real link (issue 12, item 5): a stop of a drug with a withdrawal risk warns in
 * that drug's words and needs a justification, a stop of one without says so; every stop leaves a
 * withdrawal-risk alert with the restart plan; a resume after more than the drug's restart threshold — or
 * after an unknown time — warns that the prior full dose returns at once. Every write is read back; a
 * refusal changes nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { interrogate } from './interrogate.ts';
import { stoppedSinceFrom } from '../clinic/delivery-stop.ts';
import { applyControl, planControl } from './stop-resume.ts';
import { HOUR, makeRig, T0, type Rig } from './test-rig.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const stopPump = async (r: Rig) => {
  const plan = planControl('stop', await interrogate(r.client), { now: r.deps.now() });
  return applyControl(plan, { confirm: true, justification: 'MRI scan' }, r.target, r.deps);
};

describe('stop and resume', () => {
  it('stopping a morphine pump warned of rebound spasticity and told the clinic to bridge with oral baclofen: each drug’s stop says its own harm and bridge', async () => {
    rig = await makeRig();
    const snapshot = await interrogate(rig.client);
    const as = (drug: 'baclofen' | 'morphine' | 'clonidine') =>
      planControl('stop', { ...snapshot, status: { ...snapshot.status, drug } }, { now: T0 });
    const morphine = as('morphine');
    const text = [...morphine.reasons.map((r) => r.message), morphine.restartPlan].join(' ');
    expect(text).toContain('opioid withdrawal');
    expect(text).not.toMatch(/baclofen|spasticity/);
    const clonidine = as('clonidine');
    expect(clonidine.reasons.map((r) => r.message).join(' ')).toContain('rebound hypertension');
    const baclofen = as('baclofen');
    expect(baclofen.reasons.map((r) => r.message).join(' ')).toMatch(/withdrawal syndrome within hours/);
    expect(baclofen.restartPlan).toContain('bridge with oral baclofen');
  });

  it('stopping a ziconotide pump warns of no withdrawal and says why: a drug without a withdrawal risk says so in its own words', async () => {
    rig = await makeRig();
    const snapshot = await interrogate(rig.client);
    for (const drug of ['ziconotide', 'bupivacaine', 'saline'] as const) {
      const plan = planControl('stop', { ...snapshot, status: { ...snapshot.status, drug } }, { now: T0 });
      expect(plan.verdict).toBe('ok');
      expect(plan.reasons.map((r) => [r.code, r.severity])).toEqual([['ITB_R_PROG_NO_WITHDRAWAL', 'ok']]);
    }
    const ziconotide = planControl(
      'stop',
      { ...snapshot, status: { ...snapshot.status, drug: 'ziconotide' } },
      { now: T0 },
    );
    expect(ziconotide.reasons[0]?.message).toMatch(/may be stopped without withdrawal; the pain returns/);
    expect(ziconotide.reasons[0]?.message).not.toMatch(/baclofen|Record why/);
  });

  it('a stop without a justification is refused and the pump keeps delivering', async () => {
    rig = await makeRig();
    const plan = planControl('stop', await interrogate(rig.client), { now: T0 });
    expect(plan.verdict).toBe('warn');
    expect(plan.reasons.map((r) => r.code)).toEqual(['ITB_R_PROG_WITHDRAWAL_WARNING']);
    expect(plan.restartPlan).toMatch(/within 6 h/);
    await expect(applyControl(plan, { confirm: true }, rig.target, rig.deps)).rejects.toMatchObject({
      code: 'ITB_E_PROG_JUSTIFICATION_REQUIRED',
    });
    expect(rig.server.state.pump.suspended).toBe(false);
  });

  it('a justified stop is verified, recorded, and leaves a withdrawal alert with the restart plan', async () => {
    rig = await makeRig();
    const out = await stopPump(rig);
    expect(out.write.status).toBe('verified');
    expect(rig.server.state.pump.suspended).toBe(true);
    // What the pump reports now, read back after the stop (not only the snapshot read before it).
    expect(out.session.interrogation['after']).toMatchObject({ status: { suspended: true } });
    expect(out.session).toMatchObject({
      justification: 'MRI scan',
      diff: [{ path: 'suspended', before: false, after: true }],
    });
    expect(out.alerts).toHaveLength(1);
    expect(out.alerts[0]).toMatchObject({ kind: 'withdrawal-risk', severity: 'critical' });
    expect(out.alerts[0]?.message).toMatch(/Restart plan: resume within 6 h/);
    const again = planControl('stop', await interrogate(rig.client), { now: T0 });
    expect(again.verdict).toBe('block');
  });

  it('resuming within the restart threshold needs no justification', async () => {
    rig = await makeRig();
    await stopPump(rig);
    rig.setTime(T0 + 2 * HOUR);
    const plan = planControl('resume', await interrogate(rig.client), {
      now: T0 + 2 * HOUR,
      stoppedSince: T0,
    });
    expect(plan.verdict).toBe('ok');
    const out = await applyControl(plan, { confirm: true }, rig.target, rig.deps);
    expect(out.write.status).toBe('verified');
    expect(rig.server.state.pump.suspended).toBe(false);
  });

  it('resuming after the restart threshold, or after an unknown time, warns and needs a justification', async () => {
    rig = await makeRig();
    await stopPump(rig);
    rig.setTime(T0 + 7 * HOUR);
    const snapshot = await interrogate(rig.client);
    const late = planControl('resume', snapshot, { now: T0 + 7 * HOUR, stoppedSince: T0 });
    expect(late.reasons).toMatchObject([
      { code: 'ITB_R_PROG_RESTART_AFTER_INTERRUPTION', severity: 'warn', limit: 6, value: 7 },
    ]);
    const unknown = planControl('resume', snapshot, { now: T0 + 7 * HOUR });
    expect(unknown.reasons[0]?.message).toMatch(/unknown time/);
    await expect(applyControl(late, { confirm: true }, rig.target, rig.deps)).rejects.toMatchObject({
      code: 'ITB_E_PROG_JUSTIFICATION_REQUIRED',
    });
    expect(rig.server.state.pump.suspended).toBe(true);
  });

  it('finds the open stop from the recorded sessions (a later resume closes it)', async () => {
    rig = await makeRig();
    await stopPump(rig);
    const sessions = await rig.store.listProgrammingSessions(rig.patientId, { actor: 'user:x' });
    expect(stoppedSinceFrom(sessions, rig.target.implantId)).toBe(T0);
    rig.setTime(T0 + HOUR);
    const plan = planControl('resume', await interrogate(rig.client), { now: T0 + HOUR, stoppedSince: T0 });
    await applyControl(plan, { confirm: true }, rig.target, rig.deps);
    const after = await rig.store.listProgrammingSessions(rig.patientId, { actor: 'user:x' });
    expect(stoppedSinceFrom(after, rig.target.implantId)).toBeUndefined();
  });
});
