/**
 * Finding: no self-service password change. A signed-in user could not change their own password (only an
 * admin could reset it), so a password seen over a shoulder stayed in use, and a token left on another
 * machine lived on. `POST /api/v1/auth/password` now takes the current password and a new one under the
 * password rule, ends the account's other sessions and is audited (auth/password-change-route.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { API_BACKENDS, PASSWORD, emailOf, startApi, type TestApi } from './test-support.ts';

const NEW_PASSWORD = 'a new and longer passphrase';

describe.each(API_BACKENDS)('own password change ($name)', (backend) => {
  if (backend.skip !== undefined) return void it.skip(backend.skip, () => undefined);
  let api: TestApi | undefined;
  afterEach(async () => {
    await api?.dispose();
    api = undefined;
  });

  const login = (t: TestApi, password: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: emailOf('nurse'), password },
    });
  const as = (t: TestApi, token: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload === undefined ? {} : { payload }),
    });
  const audited = async (t: TestApi) =>
    (await t.call('admin', 'GET', '/api/v1/audit?action=change-password')).json<
      { actor: string; entityId: string; details: { sessionsEnded: number } }[]
    >();

  it('no self-service password change: a signed-in user changes their own password with the current one, the other sessions end, and it is audited', async () => {
    api = await startApi(backend);
    const other = (await login(api, PASSWORD)).json<{ token: string }>().token;
    const me = (await api.call('nurse', 'GET', '/api/v1/auth/me')).json<{ id: string }>().id;
    const url = '/api/v1/auth/password';

    // A wrong current password, a new one under the rule, an unknown field: refused, nothing changed.
    const wrong = await api.call('nurse', 'POST', url, {
      currentPassword: 'not it at all',
      newPassword: NEW_PASSWORD,
    });
    expect([wrong.statusCode, wrong.body]).toEqual([
      403,
      expect.stringContaining('ITB_E_AUTH_WRONG_PASSWORD'),
    ]);
    for (const body of [
      { currentPassword: PASSWORD, newPassword: 'short' },
      { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, userId: me },
      { newPassword: NEW_PASSWORD },
    ]) {
      expect((await api.call('nurse', 'POST', url, body)).statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await login(api, PASSWORD)).statusCode).toBe(200);
    expect(await audited(api)).toEqual([]);
    // Signed out, nobody changes anything.
    expect(
      (await api.call(null, 'POST', url, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }))
        .statusCode,
    ).toBe(401);

    const ok = await api.call('nurse', 'POST', url, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(ok.statusCode, ok.body).toBe(200);
    // The other two sessions (the second sign-in, the check above) ended; this one stays.
    expect(ok.json()).toEqual({ sessionsEnded: 2 });
    expect((await as(api, other, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
    expect((await api.call('nurse', 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
    expect((await login(api, PASSWORD)).statusCode).toBe(401);
    expect((await login(api, NEW_PASSWORD)).statusCode).toBe(200);
    expect(await audited(api)).toEqual([
      expect.objectContaining({ actor: `user:${me}`, entityId: me, details: { sessionsEnded: 2 } }),
    ]);
    expect(JSON.stringify(await audited(api))).not.toContain('scrypt');
    // Another account's password is untouched.
    const physician = await api.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: emailOf('physician'), password: PASSWORD },
    });
    expect(physician.statusCode).toBe(200);
  });

  it('wrong current passwords are counted as failed logins: past the limit the change is refused as locked, even with the right one', async () => {
    api = await startApi(backend, {
      loginLimits: {
        pair: { freeFailures: 3, baseLockMs: 60_000, maxLockMs: 60_000, forgetAfterMs: 3_600_000 },
      },
    });
    const url = '/api/v1/auth/password';
    for (let i = 0; i < 3; i++) {
      const res = await api.call('viewer', 'POST', url, {
        currentPassword: `guess ${i}`,
        newPassword: NEW_PASSWORD,
      });
      expect(res.statusCode).toBe(403);
    }
    const locked = await api.call('viewer', 'POST', url, {
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect([locked.statusCode, locked.body]).toEqual([429, expect.stringContaining('ITB_E_AUTH_LOCKED')]);
    api.clock.t += 61_000;
    const ok = await api.call('viewer', 'POST', url, {
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect(ok.statusCode, ok.body).toBe(200);
  });
});
