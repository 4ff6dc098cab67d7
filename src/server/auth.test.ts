/**
 * Sign-in: session cookie attributes (HttpOnly, SameSite=Strict — OWASP Session Management Cheat Sheet),
 * bearer tokens, logout, expiry on the server clock, the first admin from the environment, and the
 * audited record of a sign-in. Lock-out after failed logins: login-lockout.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapAdmin } from './auth/bootstrap.ts';
import { SESSION_COOKIE } from './auth/hook.ts';
import { parseTrustProxy } from './auth/trust-proxy.ts';
import { API_BACKENDS, PASSWORD, TEST_COST, emailOf, startApi, type TestApi } from './test-support.ts';

const login = (api: TestApi, email: string, password: string, ip = '10.0.0.1') =>
  api.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress: ip,
  });

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`auth on ${backend.name}`, () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startApi(backend, { sessionTtlMs: 60 * 60_000 });
    });
    afterAll(() => api.dispose());

    it('signs in with a HttpOnly SameSite=Strict cookie and a bearer token; both authenticate', async () => {
      const res = await login(api, emailOf('nurse'), PASSWORD);
      expect(res.statusCode).toBe(200);
      const body = res.json<{ token: string; user: { role: string } }>();
      expect(body.user.role).toBe('nurse');
      expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
      const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
      expect(cookie).toMatchObject({ value: body.token, httpOnly: true, sameSite: 'Strict', path: '/' });
      const viaCookie = await api.app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        cookies: { [SESSION_COOKIE]: body.token },
      });
      expect(viaCookie.json()).toMatchObject({ role: 'nurse' });
      const viaBearer = await api.app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: { authorization: `Bearer ${body.token}` },
      });
      expect(viaBearer.statusCode).toBe(200);
    });

    it('records the sign-in in the audit trail as the user viewing their own account', async () => {
      const trail = await api.call('admin', 'GET', '/api/v1/audit?entity=user');
      const entries = trail.json<{ actor: string; action: string; entityId: string }[]>();
      expect(entries.some((e) => e.action === 'view' && e.actor === `user:${e.entityId}`)).toBe(true);
    });

    it('ends the session on logout', async () => {
      const { token } = (await login(api, emailOf('viewer'), PASSWORD)).json<{ token: string }>();
      const headers = { authorization: `Bearer ${token}` };
      expect((await api.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers })).statusCode).toBe(
        200,
      );
      const after = await api.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });
      expect(after.statusCode).toBe(401);
      expect(after.json()).toMatchObject({ resourceType: 'OperationOutcome' });
    });

    it('expires a session at its TTL on the server clock', async () => {
      const { token } = (await login(api, emailOf('physician'), PASSWORD)).json<{ token: string }>();
      const headers = { authorization: `Bearer ${token}` };
      api.clock.t += 59 * 60_000;
      expect((await api.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).statusCode).toBe(200);
      api.clock.t += 60_000;
      expect((await api.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).statusCode).toBe(401);
    });

    it('gives the same answer for an unknown e-mail and a wrong password', async () => {
      const unknown = await login(api, 'nobody@clinic.example', PASSWORD, '10.0.0.9');
      const wrong = await login(api, emailOf('admin'), 'wrong password!', '10.0.0.9');
      expect(unknown.statusCode).toBe(401);
      expect(wrong.statusCode).toBe(401);
      expect(unknown.body).toBe(wrong.body);
    });

    it('creates the first admin from the environment only on an empty database', async () => {
      const env = { ITB_ADMIN_EMAIL: 'root@clinic.example', ITB_ADMIN_PASSWORD: 'a long admin password' };
      // This database already has users: the variables must not add an admin.
      expect(await bootstrapAdmin(api.store, env, TEST_COST)).toBe('not-empty');
      const fresh = await backend.fresh();
      const store = await fresh.open();
      try {
        expect(await bootstrapAdmin(store, {}, TEST_COST)).toBe('not-configured');
        expect(await bootstrapAdmin(store, env, TEST_COST)).toBe('created');
        expect(await bootstrapAdmin(store, env, TEST_COST)).toBe('exists');
        expect((await store.findUserForLogin('root@clinic.example'))?.user.role).toBe('admin');
      } finally {
        await store.close();
        await fresh.dispose();
      }
    });
  });
}

describe.skipIf(API_BACKENDS[0]?.skip !== undefined)('the session cookie behind a TLS proxy', () => {
  let api: TestApi;
  beforeAll(async () => {
    // As `itb serve` builds it: no secureCookies option, the proxy named in ITB_TRUST_PROXY.
    api = await startApi(API_BACKENDS[0]!, { trustProxy: parseTrustProxy('127.0.0.1') });
  });
  afterAll(() => api.dispose());

  const signIn = (headers: Record<string, string>, remoteAddress: string) =>
    api.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: emailOf('nurse'), password: PASSWORD },
      headers,
      remoteAddress,
    });

  it('the session cookie was never Secure under itb serve, even behind the TLS proxy: a sign-in that came over HTTPS now sets a Secure cookie', async () => {
    const tls = await signIn({ 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.5' }, '127.0.0.1');
    expect(tls.statusCode).toBe(200);
    expect(tls.cookies.find((c) => c.name === SESSION_COOKIE)).toMatchObject({
      secure: true,
      httpOnly: true,
    });
    // Plain HTTP (loopback, the default) keeps a cookie the browser will send back; a sender that is not
    // the trusted proxy cannot claim HTTPS either way.
    for (const [headers, from] of [
      [{}, '127.0.0.1'],
      [{ 'x-forwarded-proto': 'https' }, '203.0.113.9'],
    ] as const) {
      const plain = await signIn(headers, from);
      expect(plain.statusCode).toBe(200);
      expect(plain.cookies.find((c) => c.name === SESSION_COOKIE)?.secure).toBeUndefined();
    }
  });
});
