/**
 * The authorization matrix (issue: every route × every role): each registered route is in the one table,
 * and for every route and account the answer is what the table says — anonymous 401, a role outside the
 * rule 403, a patient on another patient's record 403, everyone else past the gate (not 401/403).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BACKENDS, ACCOUNTS, startApi, type Account, type TestApi } from './test-support.ts';
import type { AppExtension } from './app.ts';
import type { Rule } from './authz-table.ts';

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`authorization on ${backend.name}`, () => {
    let api: TestApi;
    const unlisted: AppExtension = {
      name: 'unlisted',
      rules: {},
      register(app) {
        app.get('/api/v1/unlisted', () => ({ leaked: true }));
      },
    };
    beforeAll(async () => {
      api = await startApi(backend, { extensions: [unlisted] });
    });
    afterAll(() => api.dispose());

    it('has a rule for every registered route except the deliberately unlisted one', () => {
      const missing = api.app.itbRouteKeys.filter((k) => api.app.itbAuthorization[k] === undefined);
      expect(missing).toEqual(['GET /api/v1/unlisted']);
      // …and no rule is stale: the table names exactly the registered routes.
      const registered = api.app.itbRouteKeys.filter((k) => k !== 'GET /api/v1/unlisted').sort();
      expect(registered).toEqual(Object.keys(api.app.itbAuthorization).sort());
    });

    it('refuses a route missing from the table, even for an admin (fail closed)', async () => {
      for (const who of [null, 'admin', 'physician'] as const) {
        const res = await api.call(who, 'GET', '/api/v1/unlisted');
        expect(res.statusCode).toBe(403);
        expect(res.json()).toMatchObject({ resourceType: 'OperationOutcome' });
        expect(res.body).not.toContain('leaked');
      }
    });

    const expected = (rule: Rule, who: Account | null, patientOfPath: boolean): 'pass' | 401 | 403 => {
      if ('public' in rule) return 'pass';
      if (who === null) return 401;
      if ('signedIn' in rule) return 'pass';
      const role = who === 'patientB' ? 'patient' : who;
      if (!rule.roles.includes(role)) return 403;
      if (role === 'patient') return who === 'patient' && patientOfPath ? 'pass' : 403;
      return 'pass';
    };

    it('answers every route × every account as the table says', async () => {
      // Sign-out runs last: it ends the session it is called with.
      const keys = api.app.itbRouteKeys
        .filter((k) => k !== 'GET /api/v1/unlisted')
        .sort((a, b) => Number(a.includes('logout')) - Number(b.includes('logout')));
      const fill = (path: string) =>
        path
          .replace(':patientId', api.patientA.id)
          .replace(':implantId', api.implantA.id)
          .replace(':userId', 'no-such-user')
          .replace(':alertId', 'no-such-alert');
      let checked = 0;
      for (const key of keys) {
        const [method, path] = key.split(' ') as ['GET' | 'POST', string];
        const rule = api.app.itbAuthorization[key] as Rule;
        for (const who of [null, ...ACCOUNTS]) {
          const res = await api.call(who, method, fill(path), method === 'POST' ? {} : undefined);
          const want = expected(rule, who, path.includes(':patientId'));
          const label = `${key} as ${who ?? 'anonymous'} → ${res.statusCode}`;
          if (want === 'pass') expect([401, 403], label).not.toContain(res.statusCode);
          else expect(res.statusCode, label).toBe(want);
          expect(res.statusCode, label).toBeLessThan(500);
          checked++;
        }
      }
      expect(checked).toBe(keys.length * (ACCOUNTS.length + 1));
    });
  });
}

describe.skipIf(API_BACKENDS[0]?.skip !== undefined)('a patient account', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(API_BACKENDS[0]!);
  });
  afterAll(() => api.dispose());

  it('reads its own record (200) and not another patient’s (403)', async () => {
    const own = await api.call('patient', 'GET', `/api/v1/patients/${api.patientA.id}`);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ id: api.patientA.id });
    const other = await api.call('patient', 'GET', `/api/v1/patients/${api.patientB.id}`);
    expect(other.statusCode).toBe(403);
    expect(other.body).not.toContain(api.patientB.mrn);
    const list = await api.call('patient', 'GET', '/api/v1/patients');
    expect(list.statusCode).toBe(403);
  });

  it('never sees link keys: the implant has none and the keys route is refused', async () => {
    const implant = await api.call(
      'patient',
      'GET',
      `/api/v1/patients/${api.patientA.id}/implants/${api.implantA.id}`,
    );
    expect(implant.statusCode).toBe(200);
    expect(implant.body).not.toContain('linkKeys');
    const keys = await api.call(
      'patient',
      'GET',
      `/api/v1/patients/${api.patientA.id}/implants/${api.implantA.id}/link-keys`,
    );
    expect(keys.statusCode).toBe(403);
    const doc = await api.call(
      'physician',
      'GET',
      `/api/v1/patients/${api.patientA.id}/implants/${api.implantA.id}/link-keys`,
    );
    expect(doc.statusCode).toBe(200);
    expect(doc.json()).toMatchObject({ linkKeys: { keyId: '0102030405060708' } });
  });
});
