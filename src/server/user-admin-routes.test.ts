/**
 * Account administration over HTTP (issue 12, item 7): a disabled user's bearer token stops working at
 * once and the account cannot sign in; a reset password ends the old sessions and the new one signs in;
 * a role change applies to the open session; the audit viewer filters by patient, action and time and
 * pages newest first. Bad input changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BACKENDS, PASSWORD, emailOf, startApi, type TestApi } from './test-support.ts';
import type { UserAccount } from '../clinic/user-admin-repo.ts';
import type { AuditEntry } from '../clinic/store.ts';

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`account administration on ${backend.name}`, () => {
    let api: TestApi;
    let users: UserAccount[];
    const idOf = (role: string) => users.find((u) => u.email === emailOf(role as 'nurse'))!.id;
    const login = (email: string, password: string) =>
      api.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
    beforeAll(async () => {
      api = await startApi(backend);
      const res = await api.call('admin', 'GET', '/api/v1/users');
      expect(res.statusCode).toBe(200);
      users = res.json<UserAccount[]>();
    });
    afterAll(() => api.dispose());

    it('lists the accounts without password hashes', () => {
      expect(users.map((u) => u.role).sort()).toEqual(
        ['admin', 'nurse', 'patient', 'patient', 'physician', 'viewer'].sort(),
      );
      expect(users.every((u) => !('passwordHash' in u) && u.disabledAt === null)).toBe(true);
    });

    it('a disabled user: the open session is refused at once and the account cannot sign in', async () => {
      expect((await api.call('nurse', 'GET', '/api/v1/board')).statusCode).toBe(200);
      const res = await api.call('admin', 'POST', `/api/v1/users/${idOf('nurse')}/disable`, {});
      expect(res.statusCode).toBe(200);
      expect(res.json<UserAccount>().disabledBy).toMatch(/^user:/);
      expect((await api.call('nurse', 'GET', '/api/v1/board')).statusCode).toBe(401);
      expect((await login(emailOf('nurse'), PASSWORD)).statusCode).toBe(401);
      expect((await api.call('admin', 'POST', `/api/v1/users/${idOf('nurse')}/enable`, {})).statusCode).toBe(
        200,
      );
      expect((await login(emailOf('nurse'), PASSWORD)).statusCode).toBe(200);
    });

    it('a password reset ends the old session; only the new password signs in', async () => {
      const path = `/api/v1/users/${idOf('viewer')}/password`;
      const short = await api.call('admin', 'POST', path, { password: 'short' });
      expect(short.statusCode).toBe(400);
      expect((await api.call('viewer', 'GET', '/api/v1/board')).statusCode).toBe(200);
      const res = await api.call('admin', 'POST', path, { password: 'a brand new long passphrase' });
      expect(res.statusCode).toBe(200);
      expect((await api.call('viewer', 'GET', '/api/v1/board')).statusCode).toBe(401);
      expect((await login(emailOf('viewer'), PASSWORD)).statusCode).toBe(401);
      expect((await login(emailOf('viewer'), 'a brand new long passphrase')).statusCode).toBe(200);
    });

    it('a role change applies to the open session; patient accounts and self-demotion are refused', async () => {
      const doc = idOf('physician');
      const asPhysician = await api.call('physician', 'GET', '/api/v1/board');
      expect(asPhysician.statusCode).toBe(200);
      expect(
        (await api.call('admin', 'POST', `/api/v1/users/${doc}/role`, { role: 'viewer' })).statusCode,
      ).toBe(200);
      const me = await api.call('physician', 'GET', '/api/v1/auth/me');
      expect(me.json()).toMatchObject({ role: 'viewer' });
      const patient = users.find((u) => u.role === 'patient')!.id;
      const refused = await api.call('admin', 'POST', `/api/v1/users/${patient}/role`, { role: 'nurse' });
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({
        issue: [{ details: { coding: [{ code: 'ITB_E_CLINIC_ROLE_CHANGE' }] } }],
      });
      const self = await api.call('admin', 'POST', `/api/v1/users/${idOf('admin')}/disable`, {});
      expect(self.statusCode).toBe(409);
      expect((await api.call('admin', 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
      await api.call('admin', 'POST', `/api/v1/users/${doc}/role`, { role: 'physician' });
    });

    it("an admin, who reads no clinical records, read every patient's name, birth date and prescriptions in the audit viewer's details: they are withheld, the account entries keep theirs", async () => {
      const A = api.patientA;
      const rx = {
        mode: 'simple-continuous',
        drug: 'baclofen',
        concentrationMcgPerMl: 500,
        doseMcgPerDay: 432,
      };
      const sys = { actor: 'system:test' };
      await api.store.appendPrescription(A.id, rx, { ...sys, expectedHeadId: null });
      expect((await api.call('admin', 'GET', `/api/v1/patients/${A.id}`)).statusCode).toBe(403);
      const res = await api.call('admin', 'GET', `/api/v1/audit?patientId=${A.id}`);
      expect(res.statusCode).toBe(200);
      for (const secret of [A.name, A.mrn, A.birthDate, '"doseMcgPerDay":432'])
        expect(res.body).not.toContain(secret);
      const entries = res.json<AuditEntry[]>();
      expect(entries.filter((e) => e.action === 'create').map((e) => [e.entity, e.details])).toEqual([
        ['patient', null],
        ['implant', null],
        ['prescription', null],
      ]);
      // The admin's own business keeps its details: accounts, and the refusal just recorded.
      expect(entries.find((e) => e.action === 'refuse')?.details).toMatchObject({
        route: 'GET /api/v1/patients/:patientId',
      });
      const account = (await api.call('admin', 'GET', '/api/v1/audit?entity=user&action=create')).json<
        AuditEntry[]
      >();
      expect(account[0]?.details).toMatchObject({ email: emailOf('admin') });
      // The chain still verifies from the stored details.
      expect((await api.call('admin', 'GET', '/api/v1/audit/verify')).json()).toMatchObject({ ok: true });
    });

    it('the audit viewer filters by patient, action and time range and pages newest first', async () => {
      await api.call('nurse', 'GET', `/api/v1/patients/${api.patientB.id}`);
      const q = (s: string) => api.call('admin', 'GET', `/api/v1/audit?${s}`);
      const aboutA = (await q(`patientId=${api.patientA.id}`)).json<AuditEntry[]>();
      const ids = new Set(aboutA.map((e) => e.entityId));
      expect(ids.has(api.implantA.id)).toBe(true);
      expect(ids.has(api.patientB.id)).toBe(false);
      const disables = (await q('action=disable')).json<AuditEntry[]>();
      expect(disables.map((e) => e.entityId)).toEqual([idOf('nurse')]);
      const page = (await q('order=desc&limit=3')).json<AuditEntry[]>();
      expect(page.map((e) => e.seq)).toEqual([...page.map((e) => e.seq)].sort((a, b) => b - a));
      const next = (await q(`order=desc&limit=3&beforeSeq=${page[2]!.seq}`)).json<AuditEntry[]>();
      expect(next[0]!.seq).toBe(page[2]!.seq - 1);
      const future = (await q('from=2099-01-01T00:00:00Z')).json<AuditEntry[]>();
      expect(future).toEqual([]);
      expect((await q('from=yesterday')).statusCode).toBe(400);
      expect((await q('order=sideways')).statusCode).toBe(400);
    });
  });
}
