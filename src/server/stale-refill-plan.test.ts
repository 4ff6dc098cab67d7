/**
 * Finding "stale tab refill": a refill planned in one tab, then the same pump refilled from another tab,
 * then the first tab's plan confirmed. The pump refused the stale write (version conflict) but the clinic
 * recorded a second refill of one reservoir, a critical alert and a booking. Now the apply is refused
 * (ITB_E_PROG_PLAN_STALE, 409) and nothing is sent or recorded (programmer/refill.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pumpUrl, refillBody, withPumpApi, type PumpApi } from './pump-test-rig.ts';
import { API_BACKENDS } from './test-support.ts';

let open: PumpApi | undefined;
afterEach(async () => {
  await open?.dispose();
  open = undefined;
});
const sys = { actor: 'system:test' };

for (const backend of API_BACKENDS)
  describe.skipIf(backend.skip !== undefined)(
    `a refill plan made stale by another refill on ${backend.name}`,
    () => {
      it('stale tab refill: the older plan is refused at apply and records nothing', async () => {
        open = await withPumpApi({ backend });
        const { api, patientId, server } = open;
        const plan = async () => {
          const res = await api.call('nurse', 'POST', pumpUrl(patientId, 'refill/plan'), refillBody(server));
          expect(res.statusCode, res.body).toBe(200);
          return res.json<{ planId: string }>().planId;
        };
        const apply = (planId: string) =>
          api.call('nurse', 'POST', pumpUrl(patientId, 'refill/apply'), { planId, confirm: true });
        const stale = await plan();
        const fresh = await plan();
        const done = await apply(fresh);
        expect(done.statusCode, done.body).toBe(200);
        const recorded = async () => ({
          refills: (await api.store.listRefills(patientId, sys)).map((r) => r.id),
          alerts: (await api.store.listAlerts({ patientId }, sys)).map((a) => a.id),
          sessions: (await api.store.listProgrammingSessions(patientId, sys)).map((s) => s.id),
        });
        const before = await recorded();

        const refused = await apply(stale);
        expect(refused.statusCode, refused.body).toBe(409);
        expect(refused.body).toContain('ITB_E_PROG_PLAN_STALE');
        expect(refused.body).toContain('a refill was recorded for this pump after this plan’s interrogation');
        expect(await recorded()).toEqual(before);
      });
    },
  );
