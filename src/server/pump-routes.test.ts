/**
 * The pump routes end to end: the HTTP API (inject) → the programmer workflows → a real pump controller
 * behind the real telemetry link (in memory, keys provisioned and stored encrypted in the implant record).
 * Rules checked: docs/workflows.md (review before write, read-back, "if unsure, do not refill" — docs/clinical-reference.md
 * §3) and the role split of authz-table.ts (physicians titrate).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pumpUrl as url, withPumpApi, type PumpApi } from './pump-test-rig.ts';

let open: PumpApi | undefined;
afterEach(async () => {
  await open?.dispose();
  open = undefined;
});

/** The rig of pump-test-rig.ts, disposed after each test. */
async function withPump(doseMcg = 500): Promise<PumpApi> {
  open = await withPumpApi({ doseMcg });
  return open;
}

describe('pump routes over the link', () => {
  it('interrogates the pump and returns its snapshot', async () => {
    const { api, patientId } = await withPump();
    const res = await api.call('nurse', 'POST', url(patientId, 'interrogate'));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{
      snapshot: { status: { reservoir: number }; prescription: { doseMcgPerDay: number } };
    }>();
    expect(body.snapshot.prescription.doseMcgPerDay).toBe(500);
    expect(body.snapshot.status.reservoir).toBeGreaterThan(0);
  });

  it('titrates 500 → 550 mcg/day: reviewed, written, read back as verified and chained', async () => {
    const { api, patientId, server } = await withPump();
    const plan = await api.call('physician', 'POST', url(patientId, 'titration/plan'), {
      proposedDose: '550 mcg/day',
      phase: 'maintenance',
    });
    expect(plan.statusCode, plan.body).toBe(200);
    const p = plan.json<{
      planId: string;
      review: { changePercent: number };
      guardrail: { verdict: string };
    }>();
    expect(p.review.changePercent).toBe(10);
    expect(p.guardrail.verdict).toBe('ok');
    const applied = await api.call('physician', 'POST', url(patientId, 'titration/apply'), {
      planId: p.planId,
      confirm: true,
    });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json<{ status: string }>().status, applied.body.slice(0, 600)).toBe('verified');
    const head = await api.store.currentPrescription(patientId, { actor: 'system:test' });
    expect(head?.prescription).toMatchObject({ doseMcgPerDay: 550 });
    expect(server.state.pump.prescription).toMatchObject({ dose: 550_000 });
    // A plan is written once, and a confirmation sent again is told it was.
    const again = await api.call('physician', 'POST', url(patientId, 'titration/apply'), {
      planId: p.planId,
      confirm: true,
    });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('ITB_E_PLAN_APPLIED');
  });

  it('refuses a blocked titration (a tenfold slip) and sends nothing to the pump', async () => {
    const { api, patientId, server } = await withPump();
    const before = server.state.pump.version;
    const plan = await api.call('physician', 'POST', url(patientId, 'titration/plan'), {
      proposedDose: '5000',
    });
    const p = plan.json<{ planId: string; guardrail: { verdict: string } }>();
    expect(p.guardrail.verdict).toBe('block');
    const res = await api.call('physician', 'POST', url(patientId, 'titration/apply'), {
      planId: p.planId,
      confirm: true,
      justification: 'I insist',
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('ITB_E_PROG_BLOCKED');
    expect(server.state.pump.version).toBe(before);
  });

  it('programs a flex schedule 500 → 0–8 h 500, 8–24 h 575 mcg/day (+10 %): reviewed, written, read back', async () => {
    const { api, patientId, server } = await withPump();
    const proposed = {
      mode: 'flex',
      drug: 'baclofen',
      concentrationMcgPerMl: 2000,
      everyDay: {
        steps: [
          { startMinute: 0, doseMcgPerDay: 500 },
          { startMinute: 480, doseMcgPerDay: 575 },
        ],
        boluses: [],
      },
    };
    const plan = await api.call('physician', 'POST', url(patientId, 'titration/plan'), {
      proposed,
      phase: 'maintenance',
    });
    expect(plan.statusCode, plan.body).toBe(200);
    const p = plan.json<{
      planId: string;
      review: { changePercent: number; pending: unknown; diff: unknown[] };
      guardrail: { verdict: string };
    }>();
    expect(p.review.changePercent).toBe(10);
    expect(p.guardrail.verdict).toBe('ok');
    expect(p.review.pending).toEqual(proposed);
    expect(p.review.diff.length).toBeGreaterThan(0);
    const applied = await api.call('physician', 'POST', url(patientId, 'titration/apply'), {
      planId: p.planId,
      confirm: true,
    });
    expect(applied.json<{ status: string }>().status, applied.body.slice(0, 600)).toBe('verified');
    expect(server.state.pump.prescription.mode).toBe('flex');
    const head = await api.store.currentPrescription(patientId, { actor: 'system:test' });
    expect(head?.prescription).toEqual(proposed);
  });

  it('a flex day that does not start at 00:00 is reviewed as blocked (reasons, not an error)', async () => {
    const { api, patientId, server } = await withPump();
    const before = server.state.pump.version;
    const plan = await api.call('physician', 'POST', url(patientId, 'titration/plan'), {
      proposed: {
        mode: 'flex',
        drug: 'baclofen',
        concentrationMcgPerMl: 2000,
        everyDay: { steps: [{ startMinute: 60, doseMcgPerDay: 500 }] },
      },
    });
    expect(plan.statusCode, plan.body).toBe(200);
    const p = plan.json<{ guardrail: { verdict: string; reasons: { severity: string }[] } }>();
    expect(p.guardrail.verdict).toBe('block');
    expect(server.state.pump.version).toBe(before);
  });

  it('takes exactly one of proposedDose and proposed', async () => {
    const { api, patientId } = await withPump();
    for (const body of [
      {},
      { proposedDose: '550', proposed: { mode: 'stopped' } },
      { proposed: { mode: 'flex', drug: 'baclofen' } },
    ]) {
      const res = await api.call('physician', 'POST', url(patientId, 'titration/plan'), body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
  });

  it('records an alarm test the patient did not hear, with an alert (hazard H03)', async () => {
    const { api, patientId } = await withPump();
    const res = await api.call('nurse', 'POST', url(patientId, 'alarm-test'), {
      heard: false,
      notes: 'hearing aids out',
    });
    expect(res.statusCode, res.body).toBe(200);
    const out = res.json<{
      heard: boolean;
      session: { interrogation: { workflow: string; heard: boolean; notes: string } };
      alert: { kind: string; message: string } | null;
    }>();
    expect(out.session.interrogation).toMatchObject({
      workflow: 'alarm-test',
      heard: false,
      notes: 'hearing aids out',
    });
    expect(out.alert?.kind).toBe('pump-alarm');
    expect(out.alert?.message).toMatch(/do not rely on pump alarms/);
    const heard = await api.call('nurse', 'POST', url(patientId, 'alarm-test'), { heard: true });
    expect(heard.json<{ alert: unknown }>().alert).toBeNull();
    const viewer = await api.call('viewer', 'POST', url(patientId, 'alarm-test'), { heard: true });
    expect(viewer.statusCode).toBe(403);
    const bad = await api.call('nurse', 'POST', url(patientId, 'alarm-test'), { heard: 'yes' });
    expect(bad.statusCode).toBe(400);
  });

  it('changes the catheter: plans the priming bolus, needs a supervisor, writes, primes, records', async () => {
    const { api, patientId, server } = await withPump();
    const body = { model: '8709SC', lengthCm: 40, volume: '0.088 mL', tipLevel: 'T8' };
    expect((await api.call('nurse', 'POST', url(patientId, 'catheter/plan'), body)).statusCode).toBe(403);
    const bad = await api.call('physician', 'POST', url(patientId, 'catheter/plan'), {
      ...body,
      volume: '88 mcg',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('ITB_E_WRONG_UNIT');
    const plan = await api.call('physician', 'POST', url(patientId, 'catheter/plan'), body);
    expect(plan.statusCode, plan.body).toBe(200);
    const p = plan.json<{ planId: string; next: { volumeNl: number }; guardrail: { verdict: string } }>();
    expect(p.next.volumeNl).toBe(88_000);
    // Priming always warns: drug mixes with the fluid in the catheter (therapy/catheter.ts).
    expect(p.guardrail.verdict).toBe('warn');
    const noSupervisor = await api.call('physician', 'POST', url(patientId, 'catheter/apply'), {
      planId: p.planId,
      confirm: true,
    });
    expect(noSupervisor.statusCode).toBe(400);
    const applied = await api.call('physician', 'POST', url(patientId, 'catheter/apply'), {
      planId: p.planId,
      confirm: true,
      supervisedBy: 'Dr Test, at the bedside',
    });
    expect(applied.statusCode, applied.body).toBe(200);
    const out = applied.json<{
      status: string;
      priming: { status: string } | null;
      implant: { catheter: unknown };
    }>();
    expect(out.status).toBe('verified');
    expect(out.priming?.status).toBe('verified');
    expect(out.implant.catheter).toEqual({
      model: '8709SC',
      lengthMm: 400,
      volumeNl: 88_000,
      tipLevel: 'T8',
    });
    expect(server.state.pump.catheterVolume).toBe(88_000);
  });

  it('lets only physicians titrate (authz-table.ts role split)', async () => {
    const { api, patientId } = await withPump();
    const res = await api.call('nurse', 'POST', url(patientId, 'titration/plan'), { proposedDose: '550' });
    expect(res.statusCode).toBe(403);
  });

  it('stops a refill whose residual does not reconcile until an explanation is recorded', async () => {
    const { api, patientId, server } = await withPump();
    const expectedMl = server.state.pump.reservoir.volume / 1_000_000;
    const body = {
      measuredResidualMl: Math.max(0, expectedMl - 5), // 5 mL missing in a 20 mL pump: > 1 mL threshold
      volumeMl: 18,
      concentrationMcgPerMl: 2000,
      lot: 'LOT-42',
      confirmations: {
        interrogated: true,
        portLocated: true,
        needleAtStop: true,
        residualDrained: true,
        noLeak: true,
        reservoirPortConfirmed: true,
      },
    };
    const stopped = await api.call('nurse', 'POST', url(patientId, 'refill/plan'), body);
    expect(stopped.statusCode, stopped.body).toBe(200);
    const s = stopped.json<{ planId: string; stopped: boolean; next: string }>();
    expect(s.stopped).toBe(true);
    expect(s.next).toBe('drain-and-compare');
    const refused = await api.call('nurse', 'POST', url(patientId, 'refill/apply'), {
      planId: s.planId,
      confirm: true,
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('ITB_E_PROG_STEP_INCOMPLETE');

    const explained = await api.call('nurse', 'POST', url(patientId, 'refill/plan'), {
      ...body,
      explanation: 'patient reported a missed refill visit; residual measured twice',
    });
    const e = explained.json<{ planId: string; next: string; bookAt: number }>();
    expect(e.next).toBe('ready');
    const done = await api.call('nurse', 'POST', url(patientId, 'refill/apply'), {
      planId: e.planId,
      confirm: true,
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json<{ status: string }>().status).toBe('verified');
    const refills = await api.store.listRefills(patientId, { actor: 'system:test' });
    expect(refills.at(-1)?.reconciliation.verdict).not.toBe('ok');
    expect(server.state.pump.reservoir.volume).toBeGreaterThan(17_000_000);
  });
});
