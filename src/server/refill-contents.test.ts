/**
 * Finding: a refill silently changed the drug's concentration (a 500 mcg/mL syringe on a pump holding
 * 2000 mcg/mL recorded a new prescription). Invariant (docs/invariants.md I1): the concentration in the pump
 * changes only through a physician's prescription naming it, with its bridge; a refill whose syringe
 * differs is refused with ITB_E_PROG_REFILL_CONTENTS_MISMATCH and changes nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pumpUrl, refillBody, withPumpApi, type PumpApi } from './pump-test-rig.ts';

let open: PumpApi | undefined;
afterEach(async () => {
  await open?.dispose();
  open = undefined;
});
const sys = { actor: 'system:test' };

describe('refill contents (finding 1: a refill silently changes the concentration)', () => {
  it('a refill can silently change the concentration: a syringe unlike the pump is refused and changes nothing', async () => {
    open = await withPumpApi();
    const { api, patientId, server } = open;
    const before = {
      pump: structuredClone(server.state.pump),
      rx: await api.store.prescriptionChain(patientId, sys),
    };
    const res = await api.call(
      'nurse',
      'POST',
      pumpUrl(patientId, 'refill/plan'),
      refillBody(server, 500, 20),
    );
    expect(res.statusCode, res.body).toBe(422);
    expect(res.body).toContain('ITB_E_PROG_REFILL_CONTENTS_MISMATCH');
    expect(res.body).toContain('but the pump holds baclofen 2,000 mcg/mL');
    expect(server.state.pump.reservoir.contents).toEqual(before.pump.reservoir.contents);
    expect(server.state.pump.prescription).toEqual(before.pump.prescription);
    expect(await api.store.prescriptionChain(patientId, sys)).toEqual(before.rx);
    expect(await api.store.listRefills(patientId, sys)).toEqual([]);
  });

  it('a residual typed larger than the reservoir (23 mL in a 20 mL pump) answered 500 "internal failure": it is refused 400 naming the volume, and changes nothing', async () => {
    open = await withPumpApi();
    const { api, patientId, server } = open;
    const before = structuredClone(server.state.pump);
    const res = await api.call('nurse', 'POST', pumpUrl(patientId, 'refill/plan'), {
      ...refillBody(server),
      measuredResidualMl: 23,
    });
    const { reservoir, prescription } = server.state.pump;
    expect(res.statusCode, res.body).toBe(400);
    expect(res.body).toContain('ITB_E_RESIDUAL_EXCEEDS_RESERVOIR');
    expect(res.body).toContain('measured residual 23 mL is more than a 20 mL reservoir can hold');
    expect({ reservoir, prescription }).toEqual({
      reservoir: before.reservoir,
      prescription: before.prescription,
    });
    expect(await api.store.listRefills(patientId, sys)).toEqual([]);
  });

  it('the refill plan returns the pump’s drug, concentration and volume for the wizard to pre-fill', async () => {
    open = await withPumpApi();
    const { api, patientId, server } = open;
    const { measuredResidualMl, confirmations } = refillBody(server);
    const res = await api.call('nurse', 'POST', pumpUrl(patientId, 'refill/plan'), {
      measuredResidualMl,
      confirmations,
    });
    expect(res.statusCode, res.body).toBe(200);
    const plan = res.json<{ pump: Record<string, unknown>; next: string }>();
    expect(plan.pump).toEqual({
      drug: 'baclofen',
      concentrationMcgPerMl: 2000,
      reservoirMl: server.state.pump.reservoir.volume / 1_000_000,
      capacityMl: 20,
    });
    expect(plan.next).toBe('inject-reservoir-port');
  });

  it('a physician’s prescription naming the new concentration lets the refill program it, with its bridge', async () => {
    open = await withPumpApi();
    const { api, patientId, server } = open;
    const head = await api.store.currentPrescription(patientId, sys);
    const rx = await api.call('physician', 'POST', `/api/v1/patients/${patientId}/prescriptions`, {
      prescription: {
        mode: 'simple-continuous',
        drug: 'baclofen',
        concentrationMcgPerMl: 1000,
        doseMcgPerDay: 500,
      },
      expectedHeadId: head?.id ?? null,
    });
    expect(rx.statusCode, rx.body).toBe(201);
    const plan = await api.call(
      'nurse',
      'POST',
      pumpUrl(patientId, 'refill/plan'),
      refillBody(server, 1000, 20),
    );
    expect(plan.statusCode, plan.body).toBe(200);
    const p = plan.json<{ planId: string; next: string; bridge: { needed: boolean } }>();
    expect(p.next).toBe('ready');
    expect(p.bridge.needed).toBe(true);
    const done = await api.call('nurse', 'POST', pumpUrl(patientId, 'refill/apply'), {
      planId: p.planId,
      confirm: true,
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(server.state.pump.reservoir.contents?.concentration).toBe(1_000_000);
    expect(done.json<{ bridge: { status: string } }>().bridge.status).toBe('verified');
    // No second prescription: the physician's is the one in force.
    expect((await api.store.prescriptionChain(patientId, sys)).length).toBe(2);
  });

  it('a refill with the pump’s syringe after a new concentration was prescribed planned "ready", then filled the pump and refused to record it: the plan refuses the syringe the prescription does not name, and nothing is sent', async () => {
    open = await withPumpApi({ pump: { fillMl: 5 } });
    const { api, patientId, server } = open;
    const head = await api.store.currentPrescription(patientId, sys);
    const rx = await api.call('physician', 'POST', `/api/v1/patients/${patientId}/prescriptions`, {
      prescription: {
        mode: 'simple-continuous',
        drug: 'baclofen',
        concentrationMcgPerMl: 1000,
        doseMcgPerDay: 500,
      },
      expectedHeadId: head?.id ?? null,
    });
    expect(rx.statusCode, rx.body).toBe(201);
    const before = structuredClone(server.state.pump);
    const plan = await api.call(
      'nurse',
      'POST',
      pumpUrl(patientId, 'refill/plan'),
      refillBody(server, 2000, 14),
    );
    expect(plan.statusCode, plan.body).toBe(422);
    expect(plan.body).toContain('ITB_E_PROG_REFILL_CONTENTS_MISMATCH');
    expect(plan.body).toContain(
      'the syringe holds baclofen 2,000 mcg/mL but the prescription in force names baclofen 1,000 mcg/mL',
    );
    expect(server.state.pump.reservoir).toEqual(before.reservoir);
    expect(await api.store.listRefills(patientId, sys)).toEqual([]);
  });

  it('a refill recorded by hand cannot change the concentration either (store check against the prescription in force)', async () => {
    open = await withPumpApi();
    const { api, patientId, implantId } = open;
    const res = await api.call('nurse', 'POST', `/api/v1/patients/${patientId}/refills`, {
      implantId,
      expectedResidualNl: 2_000_000,
      measuredResidualNl: 2_000_000,
      drug: 'baclofen',
      concentrationNgPerMl: 500_000,
      lot: 'L',
      volumeAddedNl: 20_000_000,
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.body).toContain('ITB_E_CLINIC_REFILL_CONTENTS_MISMATCH');
    expect(await api.store.listRefills(patientId, sys)).toEqual([]);
  });
});
