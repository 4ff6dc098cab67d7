/**
 * Finding "audited reads have no per-account bound": every read of a record is its own durable, hash-chained
 * audit entry (one per read, by design: who read what and when is the trail's purpose), but nothing bounded
 * how fast one signed-in account could ask. A patient's account looping its own `$everything` wrote about
 * 490 entries a second on one connection (14 per request) and held the store's writer for each. Requests of
 * a signed-in account are now bounded per account (auth/request-budget.ts): a burst, then a steady rate,
 * far above what a person at the web app asks; beyond it 429 ITB_E_RATE_LIMITED with Retry-After, logged,
 * nothing read, nothing written. Other accounts are not affected.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BACKENDS, startApi, type TestApi } from './test-support.ts';

const codeOf = (res: { json: () => unknown }) =>
  (res.json() as { issue?: { details: { coding: { code: string }[] } }[] }).issue?.[0]?.details.coding[0]
    ?.code;

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`the per-account request bound on ${backend.name}`, () => {
    let api: TestApi;
    beforeAll(async () => {
      // A burst of 20 and 60 a minute, lowered from the defaults so the loop stays short.
      api = await startApi(backend, { requestLimit: { burst: 20, perMinute: 60 } });
    });
    afterAll(() => api.dispose());

    const trailLength = async () =>
      (await api.store.auditTrail({ limit: 1_000_000 }, { actor: 'system:test' })).length;

    it('audited reads have no per-account bound: a patient looping reads of its own record is stopped after the burst, and its trail stops growing', async () => {
      const url = `/api/v1/patients/${api.patientA.id}`;
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push((await api.call('patient', 'GET', url)).statusCode);
      expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(20);
      const refused = await api.call('patient', 'GET', url);
      expect([refused.statusCode, codeOf(refused)]).toEqual([429, 'ITB_E_RATE_LIMITED']);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      const before = await trailLength();
      for (let i = 0; i < 10; i++) await api.call('patient', 'GET', url);
      expect((await trailLength()) - before).toBe(1); // this count's own read of the trail
      // Another account is not held back; the looping one gets a request a second back.
      expect((await api.call('nurse', 'GET', url)).statusCode).toBe(200);
      api.clock.t += 1_000;
      expect((await api.call('patient', 'GET', url)).statusCode).toBe(200);
    });
  });
}
