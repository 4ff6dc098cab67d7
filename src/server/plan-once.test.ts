/**
 * Finding "one kept plan, confirmed twice at once, is written twice": `apply` looked the plan up, queued
 * behind the pump's other work and dropped the plan only when it was done, so a second confirmation of the
 * same plan id sent while the first was in flight (a double click, a retried request) found the plan still
 * kept and sent it again: two bolus commands for one confirmed bolus (the pump refused the second only
 * because the first was still running) and two sessions recorded. A plan is now
 * claimed when it is taken (pump-routes.ts `take`): a second confirmation is refused (409) while the first
 * runs, and the plan is handed back only if that one fails. Run on SQLite and, with ITB_TEST_PG_URL, on
 * PostgreSQL.
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

const codeOf = (res: { json: () => unknown }) =>
  (res.json() as { issue?: { details: { coding: { code: string }[] } }[] }).issue?.[0]?.details.coding[0]
    ?.code;

for (const backend of API_BACKENDS)
  describe.skipIf(backend.skip !== undefined)(`a plan is written at most once on ${backend.name}`, () => {
    it('one kept plan, confirmed twice at once, is sent to the pump twice: now written once, the other confirmation refused', async () => {
      open = await withPumpApi({ backend });
      const { api, patientId } = open;
      const plan = await api.call('physician', 'POST', pumpUrl(patientId, 'bolus/plan'), {
        amount: '20 mcg',
        durationMinutes: 60,
      });
      expect(plan.statusCode, plan.body).toBe(200);
      const confirm = {
        planId: plan.json<{ planId: string }>().planId,
        confirm: true,
        justification: 'the ward nurse observes for 4 h',
      };
      const boluses = async () =>
        (await api.store.listProgrammingSessions(patientId, sys)).filter((s) =>
          JSON.stringify(s).includes('single-bolus'),
        );
      const before = (await boluses()).length;
      const [first, second] = await Promise.all([
        api.call('physician', 'POST', pumpUrl(patientId, 'bolus/apply'), confirm),
        api.call('physician', 'POST', pumpUrl(patientId, 'bolus/apply'), confirm),
      ]);
      // Before: both 200, two bolus commands sent (the pump refused the second only because the first
      // was still running) and two sessions recorded.
      expect((await boluses()).length - before).toBe(1);
      const answers = [first, second].map((r) => r.statusCode).sort();
      expect(answers, `${first.body}\n${second.body}`).toEqual([200, 409]);
      const refused = first.statusCode === 409 ? first : second;
      expect(codeOf(refused)).toBe('ITB_E_PLAN_IN_USE');
      // Done is done: the plan is written once, and a later confirmation is told so.
      const again = await api.call('physician', 'POST', pumpUrl(patientId, 'bolus/apply'), confirm);
      expect([again.statusCode, codeOf(again)]).toEqual([409, 'ITB_E_PLAN_APPLIED']);
    });

    it('the refill too: a second confirmation while the first runs is refused, one refill recorded', async () => {
      open = await withPumpApi({ backend });
      const { api, patientId, server } = open;
      const plan = await api.call('nurse', 'POST', pumpUrl(patientId, 'refill/plan'), refillBody(server));
      expect(plan.statusCode, plan.body).toBe(200);
      const confirm = { planId: plan.json<{ planId: string }>().planId, confirm: true };
      const [first, second] = await Promise.all([
        api.call('nurse', 'POST', pumpUrl(patientId, 'refill/apply'), confirm),
        api.call('nurse', 'POST', pumpUrl(patientId, 'refill/apply'), confirm),
      ]);
      expect([first.statusCode, second.statusCode].sort(), `${first.body}\n${second.body}`).toEqual([
        200, 409,
      ]);
      expect(await api.store.listRefills(patientId, sys)).toHaveLength(1);
    });

    it('applied refill told to plan again: a confirmation sent again after the refill was written (a reload during it) read "no refill plan … expire after 15 minutes: plan again"; it is told the plan was written, nothing is sent or recorded again', async () => {
      open = await withPumpApi({ backend });
      const { api, patientId, server } = open;
      const plan = await api.call('nurse', 'POST', pumpUrl(patientId, 'refill/plan'), refillBody(server));
      const confirm = { planId: plan.json<{ planId: string }>().planId, confirm: true };
      const first = await api.call('nurse', 'POST', pumpUrl(patientId, 'refill/apply'), confirm);
      expect(first.statusCode, first.body).toBe(200);
      const again = await api.call('nurse', 'POST', pumpUrl(patientId, 'refill/apply'), confirm);
      expect([again.statusCode, codeOf(again)], again.body).toEqual([409, 'ITB_E_PLAN_APPLIED']);
      expect(again.body).toMatch(/already confirmed at .* and written: .* do not refill again/);
      expect(again.body).not.toMatch(/plan again/);
      expect(await api.store.listRefills(patientId, sys)).toHaveLength(1);
    });

    it('a confirmation refused before anything is sent hands the plan back for the next one', async () => {
      open = await withPumpApi({ backend });
      const { api, patientId } = open;
      const plan = await api.call('physician', 'POST', pumpUrl(patientId, 'bolus/plan'), {
        amount: '20 mcg',
        durationMinutes: 60,
      });
      expect(plan.statusCode, plan.body).toBe(200);
      const planId = plan.json<{ planId: string }>().planId;
      // A bolus warns (who observes the patient): without a justification it is refused, nothing sent.
      const bare = await api.call('physician', 'POST', pumpUrl(patientId, 'bolus/apply'), {
        planId,
        confirm: true,
      });
      expect(bare.statusCode, bare.body).toBe(422);
      const done = await api.call('physician', 'POST', pumpUrl(patientId, 'bolus/apply'), {
        planId,
        confirm: true,
        justification: 'the ward nurse observes for 4 h',
      });
      expect(done.statusCode, done.body).toBe(200);
    });
  });
