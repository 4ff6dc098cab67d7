/**
 * Finding (model-based clinic test, seed 271828): a prescription the implanted pump cannot run was recorded
 * without a word — nothing on the prescription route read the device's labelling — and only the refill that
 * brought the new strength in was refused by the pump. A prescription is now judged by the implanted pump's
 * labelling and flow range when it is written (device-gate.ts, the rule the pump runs).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { withPumpApi, type PumpApi } from './pump-test-rig.ts';

let open: PumpApi | undefined;
afterEach(async () => {
  await open?.dispose();
  open = undefined;
});
const sys = { actor: 'system:test' };

const prescribe = async (
  o: PumpApi,
  doseMcgPerDay: number,
  drug = 'baclofen',
  concentrationMcgPerMl = 2000,
) => {
  const head = await o.api.store.currentPrescription(o.patientId, sys);
  return o.api.call('physician', 'POST', `/api/v1/patients/${o.patientId}/prescriptions`, {
    prescription: { mode: 'simple-continuous', drug, concentrationMcgPerMl, doseMcgPerDay },
    expectedHeadId: head?.id ?? null,
    justification: 'test',
  });
};

describe('a prescription is judged by the implanted pump’s labelling when it is written', () => {
  it('a dose the pump cannot run (90 mcg/day at 2000 mcg/mL: 0.045 mL/day, below its lowest flow) was recorded without a word: it is refused, naming the flow, and nothing is written', async () => {
    open = await withPumpApi();
    const before = await open.api.store.prescriptionChain(open.patientId, sys);
    const res = await prescribe(open, 90);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.body).toContain('ITB_R_PUMP_RATE_BELOW_MIN');
    expect(await open.api.store.prescriptionChain(open.patientId, sys)).toEqual(before);
  });

  it('a dose the pump runs is recorded as before, with no device reason', async () => {
    open = await withPumpApi();
    const res = await prescribe(open, 450);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.body).not.toContain('ITB_R_PUMP_');
  });
});
