/**
 * Finding "sessions and login limits live in memory, so a restart signs everyone out": sessions and
 * throttle state are kept in the clinic store (migration 0004), revocable and listed per user by the user
 * and by an admin, and expiring. On SQLite and, with ITB_TEST_PG_URL, PostgreSQL.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';
import { loginKeys } from './auth/rate-limit.ts';
import { DEFAULT_EXTENSIONS } from './extensions.ts';
import { API_BACKENDS, PASSWORD, emailOf, startApi, type Account, type TestApi } from './test-support.ts';

interface SessionView {
  id: string;
  current: boolean;
  address: string | null;
  userAgent: string | null;
}

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`persistent sessions on ${backend.name}`, () => {
    let api: TestApi;
    const restarted: FastifyInstance[] = [];
    beforeAll(async () => {
      api = await startApi(backend, { sessionTtlMs: 60 * 60_000 });
    });
    afterAll(async () => {
      for (const app of restarted) await app.close();
      await api.dispose();
    });

    /** A second server process on the same database: nothing shared in memory with the first. */
    const restart = async () => {
      const app = await buildApp({
        store: api.store,
        now: () => api.clock.t,
        extensions: DEFAULT_EXTENSIONS,
      });
      restarted.push(app);
      return app;
    };
    const login = async (app: FastifyInstance, a: Account, ip = '10.9.0.1', password = PASSWORD) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: ip,
        headers: { 'user-agent': 'Test\u0007Browser/1' },
        payload: { email: emailOf(a), password },
      });
    const as = (app: FastifyInstance, token: string, method: 'GET' | 'DELETE', url: string) =>
      app.inject({ method, url, headers: { authorization: `Bearer ${token}` } });

    it('sessions live in memory, so a restart signs everyone out: a session survives a restart', async () => {
      const { token } = (await login(api.app, 'nurse')).json<{ token: string }>();
      const app = await restart();
      const me = await as(app, token, 'GET', '/api/v1/auth/me');
      expect([me.statusCode, me.json<{ role: string }>().role]).toEqual([200, 'nurse']);
    });

    it('sessions live in memory, so a restart forgets lock-outs: a lock-out survives a restart', async () => {
      for (let i = 0; i < 5; i++) await login(api.app, 'viewer', '10.9.0.2', 'wrong password');
      const app = await restart();
      const res = await login(app, 'viewer', '10.9.0.2');
      expect(res.statusCode).toBe(429);
    });

    it('lists my live sessions, marks this one, and ends another', async () => {
      const first = (await login(api.app, 'physician', '10.9.0.3')).json<{ token: string }>().token;
      const second = (await login(api.app, 'physician', '10.9.0.4')).json<{ token: string }>().token;
      const list = (await as(api.app, first, 'GET', '/api/v1/auth/sessions')).json<SessionView[]>();
      const current = list.filter((s) => s.current);
      expect(current).toHaveLength(1);
      expect(list.map((s) => s.address)).toEqual(expect.arrayContaining(['10.9.0.3', '10.9.0.4']));
      expect(current[0]?.userAgent).toBe('Test?Browser/1'); // the client's own text, made printable
      const other = list.find((s) => s.address === '10.9.0.4');
      expect(JSON.stringify(list)).not.toContain(second); // ids, never tokens
      const del = await as(api.app, first, 'DELETE', `/api/v1/auth/sessions/${other?.id}`);
      expect(del.statusCode, del.body).toBe(200);
      expect((await as(api.app, second, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
      expect((await as(api.app, first, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
      const trail = await api.store.auditTrail(
        { entity: 'session', entityId: other?.id ?? '' },
        { actor: 't' },
      );
      expect(trail.map((e) => e.action)).toContain('revoke');
    });

    it("cannot end another user's session (404), an admin can (and sees them)", async () => {
      const victim = (await login(api.app, 'nurse', '10.9.0.5')).json<{
        token: string;
        user: { id: string };
      }>();
      const admin = await as(api.app, api.tokens.admin, 'GET', `/api/v1/users/${victim.user.id}/sessions`);
      const sessions = admin.json<SessionView[]>();
      expect(admin.statusCode).toBe(200);
      const target = sessions.find((s) => s.address === '10.9.0.5');
      expect(target).toBeDefined();
      const byPhysician = await as(
        api.app,
        api.tokens.physician,
        'DELETE',
        `/api/v1/auth/sessions/${target?.id}`,
      );
      expect(byPhysician.statusCode).toBe(404);
      const forbidden = await as(
        api.app,
        api.tokens.physician,
        'GET',
        `/api/v1/users/${victim.user.id}/sessions`,
      );
      expect(forbidden.statusCode).toBe(403);
      const url = `/api/v1/users/${victim.user.id}/sessions/${target?.id}`;
      expect((await as(api.app, api.tokens.admin, 'DELETE', url)).statusCode).toBe(200);
      expect((await as(api.app, victim.token, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
    });

    it('logout revokes the stored session; expired sessions are neither usable nor listed', async () => {
      const { token } = (await login(api.app, 'patient', '10.9.0.6')).json<{ token: string }>();
      const app = await restart();
      const out = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(out.statusCode).toBe(200);
      expect((await as(api.app, token, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
      const late = (await login(api.app, 'patient', '10.9.0.7')).json<{ token: string }>().token;
      api.clock.t += 60 * 60_000;
      expect((await as(api.app, late, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
      const fresh = (await login(api.app, 'patient', '10.9.0.8')).json<{ token: string }>().token;
      const list = (await as(api.app, fresh, 'GET', '/api/v1/auth/sessions')).json<SessionView[]>();
      expect(list.map((s) => s.address)).toEqual(['10.9.0.8']);
    });

    it('forgets throttle keys a day after their last failure, so a spray cannot fill the table', async () => {
      await login(api.app, 'admin', '10.9.0.20', 'wrong password');
      const key = loginKeys(emailOf('admin'), '10.9.0.20').pair;
      expect(await api.store.readLoginThrottle(key)).toMatchObject({ failures: 1 });
      api.clock.t += 24 * 60 * 60_000 + 1;
      await login(api.app, 'admin', '10.9.0.21', 'wrong password');
      expect(await api.store.readLoginThrottle(key)).toBeUndefined();
    });
  });
}
