/**
 * Refused requests in the audit trail. A patient account changing the id in the URL to another patient's,
 * or a nurse trying a physician's write, was refused 403 and left no trace naming who tried: the hook
 * refused before any store call, and the log line carried only the code. Every refusal of a signed-in
 * account is now an audit entry (`refuse`) naming the actor and the patient asked about (auth/hook.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BACKENDS, startApi, type Account, type TestApi } from './test-support.ts';

interface Entry {
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  details: { route?: string; reason?: string };
}

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`refused requests on ${backend.name}`, () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startApi(backend);
    });
    afterAll(() => api.dispose());

    const actorOf = async (who: Account) =>
      `user:${(await api.call(who, 'GET', '/api/v1/auth/me')).json<{ id: string }>().id}`;
    const refusals = async (query = '') =>
      (await api.call('admin', 'GET', `/api/v1/audit?action=refuse${query}`)).json<Entry[]>();

    it("a patient account probing another patient's record left no trace: each refusal is an audit entry naming the account and the patient", async () => {
      const A = api.patientA.id;
      const probes: [Account, 'GET' | 'POST', string][] = [
        ['patientB', 'GET', `/api/v1/patients/${A}`],
        ['patientB', 'GET', `/api/v1/patients/${A}/diary`],
        ['patientB', 'GET', `/fhir/Patient/${A}/$everything`],
        ['patientB', 'GET', `/api/v1/patients/${A}/emergency-card.pdf`],
        ['nurse', 'POST', `/api/v1/patients/${A}/prescriptions`],
      ];
      for (const [who, method, url] of probes) {
        expect((await api.call(who, method, url, method === 'POST' ? {} : undefined)).statusCode, url).toBe(
          403,
        );
      }
      const patientB = await actorOf('patientB');
      const nurse = await actorOf('nurse');
      const about = await refusals(`&patientId=${A}`);
      expect(about.map((e) => [e.actor, e.entity, e.entityId, e.details.route])).toEqual([
        [patientB, 'patient', A, 'GET /api/v1/patients/:patientId'],
        [patientB, 'patient', A, 'GET /api/v1/patients/:patientId/diary'],
        [patientB, 'patient', A, 'GET /fhir/Patient/:id/$everything'],
        [patientB, 'patient', A, 'GET /api/v1/patients/:id/emergency-card.pdf'],
        [nurse, 'patient', A, 'POST /api/v1/patients/:patientId/prescriptions'],
      ]);
      expect(about[0]?.details.reason).toContain('own record');
    });

    it('a refusal that names no patient is recorded against its route; an anonymous one has no actor and is not', async () => {
      const before = (await refusals()).length;
      expect((await api.call('viewer', 'GET', '/api/v1/audit')).statusCode).toBe(403);
      // Not an id: kept out of the trail, the route is named instead.
      expect((await api.call('patientB', 'GET', '/api/v1/patients/a%20b')).statusCode).toBe(403);
      expect((await api.call(null, 'GET', `/api/v1/patients/${api.patientA.id}`)).statusCode).toBe(401);
      const added = (await refusals()).slice(before);
      expect(added.map((e) => [e.actor, e.entity, e.entityId])).toEqual([
        [await actorOf('viewer'), 'route', 'GET /api/v1/audit'],
        [await actorOf('patientB'), 'route', 'GET /api/v1/patients/:patientId'],
      ]);
    });
  });
}
