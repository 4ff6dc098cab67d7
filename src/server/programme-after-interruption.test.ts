/**
 * Finding: sending a replacement pump the programme it continues was warned "restarting at 500 mcg/day after
 * a stop: do not restart at the prior full dose: restart lower and re-titrate" although the old pump had
 * delivered that dose until the surgery an hour before. The titration check read the new pump's empty
 * programme (0 mcg/day) as the current dose and had no interruption length; advice to restart lower after
 * an hour's gap risks withdrawal. A pump that runs no programme is now checked against the dose the patient
 * received until delivery stopped (the prescription on record) while the interruption is within the drug's
 * restart threshold (baclofen 6 h, docs/clinical-reference.md §2); beyond it, or when nobody knows since
 * when, it stays a restart, and the warning says since when no drug was delivered. Over HTTP with the real
 * app and a real pump behind the link (pump-test-rig.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HOUR, pumpUrl, withPumpApi, type PumpApi } from './pump-test-rig.ts';

interface Plan {
  guardrail: { verdict: string; reasons: { code: string; severity: string; message: string }[] };
  review: { changePercent: number | null };
}

const PROGRAMME_IN_FORCE = {
  mode: 'simple-continuous',
  drug: 'baclofen',
  concentrationMcgPerMl: 2000,
  doseMcgPerDay: 500,
};

describe('programming a pump that runs no programme', () => {
  let open: PumpApi | undefined;
  afterEach(async () => {
    await open?.dispose();
    open = undefined;
  });

  /** Interrogates the not-running pump, waits `hours`, then plans `proposed` (mcg/day). */
  async function planAfter(hours: number, doseMcgPerDay: number): Promise<Plan> {
    open = await withPumpApi({
      pump: { prescription: { mode: 'stopped' } },
      sessionTtlMs: (hours + 1) * HOUR,
    });
    const { api, patientId } = open;
    const read = await api.call('nurse', 'POST', pumpUrl(patientId, 'interrogate'));
    expect(read.statusCode, read.body).toBe(200);
    api.clock.t += hours * HOUR;
    const plan = await api.call('physician', 'POST', pumpUrl(patientId, 'titration/plan'), {
      proposed: { ...PROGRAMME_IN_FORCE, doseMcgPerDay },
      phase: 'maintenance',
    });
    expect(plan.statusCode, plan.body).toBe(200);
    return plan.json<Plan>();
  }
  const codes = (p: Plan) => p.guardrail.reasons.map((r) => r.code);

  it('a replacement pump sent its programme an hour after surgery was told "restart lower": the programme in force is no change from the dose received', async () => {
    const plan = await planAfter(1, 500);
    expect(codes(plan)).not.toContain('ITB_R_TITRATION_RESTART');
    expect(codes(plan)).toContain('ITB_R_TITRATION_NO_CHANGE');
    expect(JSON.stringify(plan.guardrail)).not.toContain('restart lower');
    const said = plan.guardrail.reasons.find((r) => r.code === 'ITB_R_PROG_PUMP_CHAIN_MISMATCH');
    expect(said?.message).toMatch(
      /\(0 days 1 h\), within 6 h: the step is checked from the prescription on record/,
    );
  });

  it('a step up sent with it is checked as a step from the dose received (20 % after an hour: within the label’s steps)', async () => {
    const plan = await planAfter(1, 600);
    expect(codes(plan)).not.toContain('ITB_R_TITRATION_RESTART');
    expect(plan.review.changePercent).toBe(20);
  });

  it('after two days without a programme the restart warning stands and says since when no drug was delivered', async () => {
    const plan = await planAfter(48, 500);
    const restart = plan.guardrail.reasons.find((r) => r.code === 'ITB_R_TITRATION_RESTART');
    expect(restart?.severity, JSON.stringify(plan.guardrail)).toBe('warn');
    expect(restart?.message).toContain('restart lower');
    const said = plan.guardrail.reasons.find((r) => r.code === 'ITB_R_PROG_PUMP_CHAIN_MISMATCH');
    expect(said?.message).toMatch(
      /^the pump runs no programme: no drug delivered since .* \(2 days 0 h\); the programme sent is a restart$/,
    );
  });
});
