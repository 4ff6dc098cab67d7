/**
 * A refill plan said "Ready" and the apply then refused it with "the pending prescription equals the
 * current one" (ITB_E_PROG_NO_CHANGE): the pump already full and the volume added equal to what is in it
 * (walk of the demo). The pump's numbers read the same before and after, so the plan's diff was empty, and
 * the apply read the programming rule "no change, no write" that the plan never read. A refill always
 * changes the pump — the drained drug is replaced by fresh drug, its stability restarts — so the apply now
 * reads the one rule the plan's verdict is made of (titrate.ts assertConfirmed): what the plan calls ready
 * is written and recorded.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pumpUrl, refillBody, withPumpApi, type PumpApi } from './pump-test-rig.ts';

let open: PumpApi | undefined;
afterEach(async () => {
  await open?.dispose();
  open = undefined;
});

describe('a full pump refilled with what it holds', () => {
  it('refill plan said "Ready" for a full pump refilled with its own volume, then the apply refused it as no change: the plan and the apply agree, and the refill is written and recorded', async () => {
    open = await withPumpApi({ pump: { fillMl: 20 } });
    const { api, patientId, server } = open;
    const plan = await api.call(
      'nurse',
      'POST',
      pumpUrl(patientId, 'refill/plan'),
      refillBody(server, 2000, 20),
    );
    expect(plan.statusCode, plan.body).toBe(200);
    const p = plan.json<{ planId: string; next: string }>();
    const done = await api.call('nurse', 'POST', pumpUrl(patientId, 'refill/apply'), {
      planId: p.planId,
      confirm: true,
    });
    expect(p.next).toBe('ready');
    expect(done.statusCode, done.body).toBe(200);
    expect(server.state.pump.reservoir.volume).toBe(20_000_000);
    const refills = await api.store.listRefills(patientId, { actor: 'system:test' });
    expect(refills.map((r) => [r.volumeAddedNl, r.lot])).toEqual([[20_000_000, 'LOT-42']]);
  });
});
