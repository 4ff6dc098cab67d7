/**
 * Patient-controlled bolus settings over HTTP → programmer → link → pump (the real app, its error handler
 * and authorization): a baclofen pump says PCB is not available and blocks; a wrong unit or an "on" without
 * its numbers is a 400; on a morphine pump the setting warns, needs a justification, is written and read
 * back; a worst-case day above the drug's maximum is blocked. (Route × role: pump-control-routes.test.ts.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { continuous } from '../pump/test-fixtures.ts';
import { mcgPerMl } from '../therapy/quantities.ts';
import { pumpUrl as url, withPumpApi, type PumpApi } from './pump-test-rig.ts';

let open: PumpApi | undefined;
afterEach(async () => {
  await open?.dispose();
  open = undefined;
});

interface Plan {
  planId: string;
  availability: { unavailable: { code: string; message: string } | null; drug: string | null };
  current: Record<string, unknown>;
  diff: { path: string; before: unknown; after: unknown }[];
  guardrail: { verdict: string; reasons: { code: string; message: string }[] };
}

const MORPHINE = { drug: 'morphine' as const, concentration: mcgPerMl(10_000) };
const ON = { enable: true, dose: '0.2 mg', lockoutMinutes: 180, maxPerDay: 4 };

describe('patient-bolus routes', () => {
  it('a baclofen pump: not available, blocked, nothing written; bad input is a 400', async () => {
    open = await withPumpApi();
    const { api, patientId, server } = open;
    const version = server.state.pump.version;
    const res = await api.call('physician', 'POST', url(patientId, 'patient-bolus/plan'), ON);
    expect(res.statusCode, res.body).toBe(200);
    const plan = res.json<Plan>();
    expect(plan.availability.unavailable?.code).toBe('ITB_R_PATIENT_BOLUS_DRUG_FORBIDS');
    expect(plan.current).toEqual({ enabled: 'off' });
    expect(plan.guardrail.verdict).toBe('block');
    const refused = await api.call('physician', 'POST', url(patientId, 'patient-bolus/apply'), {
      planId: plan.planId,
      confirm: true,
      justification: 'x',
    });
    expect(refused.statusCode).toBe(422);
    expect(server.state.pump.version).toBe(version);
    for (const body of [
      { ...ON, dose: '0.2 mL' },
      { enable: true, dose: '200 mcg' },
      { ...ON, lockoutMinutes: 0 },
    ]) {
      const bad = await api.call('physician', 'POST', url(patientId, 'patient-bolus/plan'), body);
      expect(bad.statusCode, JSON.stringify(body)).toBe(400);
    }
  });

  it('a morphine pump: warns, needs a justification, is written and read back', async () => {
    open = await withPumpApi({ pump: { prescription: continuous(5_000, MORPHINE) } });
    const { api, patientId, server } = open;
    const plan = (await api.call('physician', 'POST', url(patientId, 'patient-bolus/plan'), ON)).json<Plan>();
    expect(plan.availability).toMatchObject({ unavailable: null, drug: 'morphine' });
    expect(plan.guardrail.verdict).toBe('warn');
    expect(plan.diff).toContainEqual({ path: 'patientBolus.lockoutMinutes', before: null, after: 180 });
    const unjustified = await api.call('physician', 'POST', url(patientId, 'patient-bolus/apply'), {
      planId: plan.planId,
      confirm: true,
    });
    expect(unjustified.statusCode).toBe(422);
    const again = (
      await api.call('physician', 'POST', url(patientId, 'patient-bolus/plan'), ON)
    ).json<Plan>();
    const applied = await api.call('physician', 'POST', url(patientId, 'patient-bolus/apply'), {
      planId: again.planId,
      confirm: true,
      justification: 'trained with the controller; spouse observes',
    });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json<{ status: string }>().status).toBe('verified');
    expect(server.state.pump.patientBolus).toEqual({
      amount: 200_000,
      lockout: 180 * 60_000,
      maxPerDay: 4,
      duration: 10 * 60_000,
    });
  });

  it('a worst-case day above the drug maximum is blocked (18 mg basal + 3 × 1 mg > 20 mg morphine)', async () => {
    open = await withPumpApi({ pump: { prescription: continuous(18_000, MORPHINE) } });
    const { api, patientId } = open;
    const plan = (
      await api.call('physician', 'POST', url(patientId, 'patient-bolus/plan'), {
        ...ON,
        dose: '1 mg',
        maxPerDay: 3,
      })
    ).json<Plan>();
    expect(plan.guardrail.verdict).toBe('block');
    expect(plan.guardrail.reasons.map((r) => r.code)).toContain('ITB_R_PATIENT_BOLUS_DAY_ABOVE_MAX');
  });
});
