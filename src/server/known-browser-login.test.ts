/**
 * Finding "one clinic NAT, one lock-out": failed logins were counted per (account, address) and per address
 * only, so an attacker guessing passwords from the clinic's network (or a flood of junk logins through its
 * NAT) locked out every clinician behind that address, right password or not. A browser that has signed in
 * to an account now carries a signed device cookie for it (auth/device-cookie.ts, OWASP "device cookies"):
 * with it the right password gets in while the address is locked, and its own wrong passwords lock only that
 * cookie. Guessing stays bounded: per address and per pair for browsers without one, and per account from
 * anywhere (for browsers without one).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_LIMIT, ADDRESS_LIMIT } from './auth/rate-limit.ts';
import { API_BACKENDS, PASSWORD, emailOf, loginFrom, startApi, type TestApi } from './test-support.ts';

const CLINIC = '203.0.113.50';

const login = (api: TestApi, email: string, password: string, ip: string, cookie?: string) =>
  loginFrom(api, email, password, ip, cookie === undefined ? {} : { cookie });

/** The cookies a sign-in set, as a browser sends them back to the login route. */
const cookiesOf = (res: Awaited<ReturnType<typeof login>>): string =>
  res.cookies
    .filter((c) => c.path === '/api/v1/auth/login')
    .map((c) => `${c.name}=${c.value}`)
    .join('; ');

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`sign-in from a known browser on ${backend.name}`, () => {
    let api: TestApi;
    beforeAll(async () => {
      // Limits lowered so the floods stay quick (each unknown e-mail costs a full scrypt derivation).
      api = await startApi(backend, {
        loginLimits: {
          address: { ...ADDRESS_LIMIT, freeFailures: 10 },
          account: { ...ACCOUNT_LIMIT, freeFailures: 8 },
        },
      });
    });
    afterAll(() => api.dispose());

    it('one clinic NAT, one lock-out: a junk flood through the address no longer refuses a clinician at a browser that signed in before', async () => {
      const first = await login(api, emailOf('physician'), PASSWORD, CLINIC);
      expect(first.statusCode).toBe(200);
      const device = cookiesOf(first);
      expect(device).not.toBe('');
      for (let i = 0; i < 12; i++) await login(api, `junk${i}@x.example`, 'nope', CLINIC);
      expect((await login(api, emailOf('nurse'), PASSWORD, CLINIC)).statusCode).toBe(429);
      expect((await login(api, emailOf('physician'), PASSWORD, CLINIC, device)).statusCode).toBe(200);
    });

    it('one clinic NAT, one lock-out: guessing a clinician’s password from the clinic network does not lock that clinician’s browser out', async () => {
      const first = await login(api, emailOf('nurse'), PASSWORD, '198.51.100.60');
      const device = cookiesOf(first);
      const ip = '198.51.100.60';
      for (let i = 0; i < 6; i++) await login(api, emailOf('nurse'), 'guess', ip);
      expect((await login(api, emailOf('nurse'), PASSWORD, ip)).statusCode).toBe(429);
      expect((await login(api, emailOf('nurse'), PASSWORD, ip, device)).statusCode).toBe(200);
    });

    it('a device cookie is no skeleton key: forged, or another account’s, it exempts nothing', async () => {
      const viewer = cookiesOf(await login(api, emailOf('viewer'), PASSWORD, '198.51.100.61'));
      const forged = viewer.replace(/=([^.]+)\.[^;]+/, '=$1.AAAA');
      const ip = '198.51.100.62';
      for (let i = 0; i < 12; i++) await login(api, `spray${i}@x.example`, 'nope', ip);
      expect((await login(api, emailOf('viewer'), PASSWORD, ip, forged)).statusCode).toBe(429);
      expect((await login(api, emailOf('admin'), PASSWORD, ip, viewer)).statusCode).toBe(429);
      expect((await login(api, emailOf('viewer'), PASSWORD, ip, viewer)).statusCode).toBe(200);
    });

    it('guessing stays bounded: wrong passwords with a device cookie lock that cookie, exponentially', async () => {
      const ip = '198.51.100.63';
      const device = cookiesOf(await login(api, emailOf('patient'), PASSWORD, ip));
      for (let i = 0; i < 5; i++) {
        expect((await login(api, emailOf('patient'), 'guess', ip, device)).statusCode).toBe(401);
      }
      const locked = await login(api, emailOf('patient'), PASSWORD, ip, device);
      expect([locked.statusCode, locked.headers['retry-after']]).toEqual([429, '30']);
      api.clock.t += 30_000;
      expect((await login(api, emailOf('patient'), PASSWORD, ip, device)).statusCode).toBe(200);
    });

    it('guessing stays bounded per account: spread over many addresses it locks the account for browsers that never signed in to it, not for one that did', async () => {
      const device = cookiesOf(await login(api, emailOf('patientB'), PASSWORD, '198.51.100.64'));
      for (let i = 0; i < 9; i++) await login(api, emailOf('patientB'), 'guess', `192.0.2.${i + 1}`);
      expect((await login(api, emailOf('patientB'), PASSWORD, '192.0.2.200')).statusCode).toBe(429);
      expect((await login(api, emailOf('patientB'), PASSWORD, '192.0.2.200', device)).statusCode).toBe(200);
    });

    it('a password reset voids the device cookies of the account', async () => {
      const ip = '198.51.100.65';
      const res = await login(api, emailOf('viewer'), PASSWORD, ip);
      const device = cookiesOf(res);
      const userId = res.json<{ user: { id: string } }>().user.id;
      const reset = await api.call('admin', 'POST', `/api/v1/users/${userId}/password`, {
        password: 'a new one, long enough',
      });
      expect(reset.statusCode).toBe(200);
      for (let i = 0; i < 12; i++) await login(api, `flood${i}@x.example`, 'nope', ip);
      expect((await login(api, emailOf('viewer'), 'a new one, long enough', ip, device)).statusCode).toBe(
        429,
      );
    });
  });
}
