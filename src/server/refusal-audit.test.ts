/**
 * Refused requests in the audit trail. A patient account changing the id in the URL to another patient's,
 * or a nurse trying a physician's write, was refused 403 and left no trace naming who tried: the hook
 * refused before any store call, and the log line carried only the code. Every refusal of a signed-in
 * account is now an audit entry (`refuse`) naming the actor and the patient asked about (auth/hook.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFUSAL_AUDIT_LIMIT } from './auth/refusal-budget.ts';
import { API_BACKENDS, startApi, type Account, type TestApi } from './test-support.ts';

interface Entry {
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  details: {
    route?: string;
    reason?: string;
    count?: number;
    routes?: Record<string, number>;
    patients?: number;
  };
}

const { listed, summaries, windowMs } = REFUSAL_AUDIT_LIMIT;

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

    const refusalsOf = async (actor: string) =>
      (await api.call('admin', 'GET', `/api/v1/audit?action=refuse&actor=${actor}&limit=5000`)).json<
        Entry[]
      >();
    /** Refusals an entry accounts for: itself, or the count it sums. */
    const accountedFor = (entries: Entry[]) => entries.reduce((n, e) => n + (e.details.count ?? 1), 0);
    const refused = async (who: Account, url: string) =>
      expect((await api.call(who, 'GET', url)).statusCode).toBe(403);

    it("an account's refused requests grew the audit trail without bound, one durable write each: past the listed ones they are counted, summed per patient when the window closes, and every one is accounted for", async () => {
      const B = api.patientB.id;
      const prober = await actorOf('patient');
      const nurse = await actorOf('nurse');
      const strangers = Array.from({ length: summaries + 2 }, (_, i) => `stranger-${i}`);
      for (let i = 0; i < listed; i++) await refused('patient', `/api/v1/patients/${B}`);
      for (let i = 0; i < 5; i++) await refused('patient', `/api/v1/patients/${B}/diary`);
      for (let i = 0; i < 5; i++) await refused('patient', '/api/v1/audit');
      for (const id of strangers) await refused('patient', `/api/v1/patients/${id}`);
      // Another account's refusals are its own: the nurse's is listed in the middle of the flood.
      const nurseBefore = (await refusalsOf(nurse)).length;
      await refused('nurse', '/api/v1/audit');
      const flood = listed + 10 + strangers.length;
      expect(await refusalsOf(prober)).toHaveLength(listed);
      expect(await refusalsOf(nurse)).toHaveLength(nurseBefore + 1);

      api.clock.t += windowMs;
      await refused('patient', `/api/v1/patients/${B}`);
      const after = await refusalsOf(prober);
      expect(after.length).toBe(listed + summaries + 1 + 1);
      expect(accountedFor(after)).toBe(flood + 1);
      const sums = after.slice(listed, -1);
      const aboutB = sums.find((e) => e.entityId === B);
      expect(aboutB?.details).toMatchObject({
        route: 'GET /api/v1/patients/:patientId/diary',
        count: 5,
        routes: { 'GET /api/v1/patients/:patientId/diary': 5 },
      });
      expect(sums.find((e) => e.entityId === 'GET /api/v1/audit')?.details.count).toBe(5);
      // The first strangers have an entry each; the two left over are summed in one, which says they named patients.
      expect(sums.filter((e) => e.entityId.startsWith('stranger-'))).toHaveLength(summaries - 2);
      expect(sums.at(-1)).toMatchObject({
        entity: 'route',
        entityId: '*',
        details: { count: 4, patients: 4 },
      });
    });

    it("a page on another port of the host made a signed-in browser ask for another patient's record, and the refusal was audited as the account's own probe: it is logged, not audited", async () => {
      const prober = await actorOf('patientB');
      const url = `/api/v1/patients/${api.patientA.id}`;
      const asBrowser = (headers: Record<string, string>) =>
        api.app.inject({
          method: 'GET',
          url,
          headers: { cookie: `itb_session=${api.tokens.patientB}`, ...headers },
        });
      const before = (await refusalsOf(prober)).length;
      for (const headers of [
        { 'sec-fetch-site': 'same-site' },
        { 'sec-fetch-site': 'cross-site' },
        { origin: 'http://localhost:8081' },
      ]) {
        expect((await asBrowser(headers)).statusCode).toBe(403);
      }
      expect(await refusalsOf(prober)).toHaveLength(before);
      // The account's own asking is audited: from the web app's page, or typed into the address bar.
      for (const headers of [{ 'sec-fetch-site': 'same-origin' }, { 'sec-fetch-site': 'none' }]) {
        expect((await asBrowser(headers)).statusCode).toBe(403);
      }
      expect(await refusalsOf(prober)).toHaveLength(before + 2);
    });

    it('counted refusals still open when the app closes are written then', async () => {
      const physician = await actorOf('physician');
      for (let i = 0; i < listed + 3; i++) await refused('physician', '/api/v1/audit');
      await api.app.close();
      const entries = await api.store.auditTrail(
        { action: 'refuse', actor: physician },
        { actor: 'system:test' },
      );
      expect(entries).toHaveLength(listed + 1);
      expect(entries.at(-1)?.details).toMatchObject({ count: 3, routes: { 'GET /api/v1/audit': 3 } });
    });
  });
}
