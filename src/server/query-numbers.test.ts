/**
 * Finding "an empty or hex query number is read as another number": `z.coerce.number()` took `?withinDays=`
 * and `?goal=` as 0, `0x10` as 16 and `1e2` as 100, so a cleared field or a mistyped value silently asked
 * for something else (reminders for the next 0 days; dosing advice toward a tone of 0). Every query number
 * now goes through one schema (routes/common.ts `queryInt`, `queryDecimal`): decimal digits only, else
 * 400. Run on SQLite and, with ITB_TEST_PG_URL, on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BACKENDS, startApi, type TestApi } from './test-support.ts';

const codeOf = (res: { json: () => unknown }) =>
  (res.json() as { issue?: { details: { coding: { code: string }[] } }[] }).issue?.[0]?.details.coding[0]
    ?.code;

/** Spellings that are not a plain decimal number (or are several values). */
const BAD = ['', '%20', '0x10', '1e2', '0b1', '-0', '%2B7', 'Infinity', 'NaN', '%D9%A7', '7&x=7'];

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`query numbers on ${backend.name}`, () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startApi(backend);
    });
    afterAll(() => api.dispose());

    it('an empty or hex query number is read as another number: now refused (400) on every route that takes one', async () => {
      const a = api.patientA.id;
      const routes: readonly ['physician' | 'admin', string, string][] = [
        ['physician', '/api/v1/reminders', 'withinDays'],
        ['physician', '/api/v1/reminders', 'page'],
        ['physician', '/api/v1/board', 'limit'],
        ['physician', '/api/v1/appointments', 'from'],
        ['physician', '/api/v1/appointments', 'to'],
        ['physician', `/api/v1/patients/${a}/advice`, 'goal'],
        ['physician', `/api/v1/patients/${a}/advice`, 'seed'],
        ['admin', '/api/v1/audit', 'limit'],
        ['admin', '/api/v1/audit', 'fromSeq'],
        ['admin', '/api/v1/audit', 'beforeSeq'],
      ];
      const accepted: string[] = [];
      for (const [account, path, name] of routes) {
        for (const bad of BAD) {
          const value = bad.replace('&x=', `&${name}=`);
          const res = await api.call(account, 'GET', `${path}?${name}=${value}`);
          if (res.statusCode !== 400 || codeOf(res) !== 'ITB_E_INVALID_INPUT') {
            accepted.push(`${path}?${name}=${value} → ${res.statusCode}`);
          }
        }
      }
      expect(accepted).toEqual([]);
    });

    it('still takes decimal numbers and their defaults', async () => {
      const seven = await api.call('physician', 'GET', '/api/v1/reminders?withinDays=7&page=1&limit=5');
      expect(seven.statusCode, seven.body).toBe(200);
      const body = seven.json<{ from: string; until: string }>();
      expect(Date.parse(body.until) - Date.parse(body.from)).toBe(7 * 24 * 3600 * 1000);
      const fallback = await api.call('physician', 'GET', '/api/v1/reminders');
      expect(fallback.json<{ until: string }>().until).toBe(body.until);
      expect(
        (await api.call('physician', 'GET', '/api/v1/appointments?from=0&to=1700000000000')).statusCode,
      ).toBe(200);
      expect((await api.call('admin', 'GET', '/api/v1/audit?fromSeq=1&limit=10')).statusCode).toBe(200);
      expect((await api.call('physician', 'GET', '/api/v1/board?page=1&limit=10')).statusCode).toBe(200);
    });

    it('an empty reminder window was a window of 0 days: the default is 7 days, an empty value is refused', async () => {
      const empty = await api.call('physician', 'GET', '/api/v1/reminders?withinDays=');
      expect([empty.statusCode, codeOf(empty)], empty.body).toEqual([400, 'ITB_E_INVALID_INPUT']);
    });
  });
}
