/**
 * The priming bolus as its own control (issue 12, item 6) over HTTP → programmer → link → pump: planned
 * from the implant's recorded catheter volume and the pump's dead space (therapy/catheter.ts), applied
 * through the same plan/apply path as the other controls, physicians only, supervised (a justification).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { getProfile } from '../pump/profiles.ts';
import { planPriming } from '../programmer/priming.ts';
import type { Snapshot } from '../programmer/interrogate.ts';
import { pumpUrl as url, withPumpApi, type PumpApi } from './pump-test-rig.ts';

let open: PumpApi | undefined;
afterEach(async () => {
  await open?.dispose();
  open = undefined;
});

describe('priming bolus control', () => {
  it('priming bolus as its own control: the volume is the catheter plus the dead space, supervised, written through plan/apply', async () => {
    open = await withPumpApi();
    const { api, patientId } = open;
    expect((await api.call('nurse', 'POST', url(patientId, 'priming/plan'))).statusCode).toBe(403);
    const res = await api.call('physician', 'POST', url(patientId, 'priming/plan'));
    expect(res.statusCode, res.body).toBe(200);
    const plan = res.json<{
      planId: string;
      priming: { primingVolumeMl: number; catheterVolumeMl: number; pumpDeadVolumeMl: number };
      guardrail: { verdict: string };
    }>();
    const dead = getProfile('peristaltic-20').internalVolume?.value ?? 0;
    // implantInput's catheter holds 0.11 mL.
    expect(plan.priming.catheterVolumeMl).toBe(0.11);
    expect(plan.priming.primingVolumeMl).toBeCloseTo(0.11 + dead / 1_000_000, 6);
    expect(plan.guardrail.verdict).toBe('warn');
    const bare = await api.call('physician', 'POST', url(patientId, 'priming/apply'), {
      planId: plan.planId,
      confirm: true,
    });
    expect(bare.statusCode).toBe(422);
    expect(open.server.state.pump.bolus ?? null).toBeNull();
    const again = (await api.call('physician', 'POST', url(patientId, 'priming/plan'))).json<{
      planId: string;
    }>();
    const applied = await api.call('physician', 'POST', url(patientId, 'priming/apply'), {
      planId: again.planId,
      confirm: true,
      justification: 'supervised by Dr Ward on the ward',
    });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json<{ status: string }>().status).toBe('verified');
    const sessions = await api.store.listProgrammingSessions(patientId, { actor: 'system:test' });
    expect(sessions.at(-1)?.interrogation).toMatchObject({ workflow: 'priming' });
  });

  it('priming bolus refused when the catheter volume is implausible for its model and length', () => {
    const snapshot = { status: { concentration: 2_000_000 } } as unknown as Snapshot;
    const catheter = { model: '8709SC', lengthMm: 500, volumeNl: 1_100_000, tipLevel: 'T10' };
    expect(() => planPriming({ snapshot, profile: getProfile('peristaltic-20'), catheter })).toThrow(
      expect.objectContaining({ code: 'ITB_E_OUT_OF_RANGE' }),
    );
  });
});
