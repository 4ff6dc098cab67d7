/**
 * Finding "anyone can lock clinicians out of the web app": five wrong passwords from any address used to
 * lock the account everywhere, twenty failures with random e-mails locked every user at that address, and
 * behind a reverse proxy every user shared one address. Throttling is now per (account, address) pair and
 * per address (auth/rate-limit.ts), with the client address taken from X-Forwarded-For only for the
 * proxies ITB_TRUST_PROXY names (auth/trust-proxy.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS_LIMIT, clientOf } from './auth/rate-limit.ts';
import { parseTrustProxy } from './auth/trust-proxy.ts';
import { API_BACKENDS, PASSWORD, emailOf, loginFrom, startApi, type TestApi } from './test-support.ts';

const login = (api: TestApi, email: string, password: string, ip: string, forwardedFor?: string) =>
  loginFrom(api, email, password, ip, forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor });

const codeOf = (res: { json: () => unknown }) =>
  (res.json() as { issue?: { details: { coding: { code: string }[] } }[] }).issue?.[0]?.details.coding[0]
    ?.code;

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`login lock-out on ${backend.name}`, () => {
    let api: TestApi;
    beforeAll(async () => {
      // The address limit lowered from 50 so the spray below stays quick (each unknown e-mail costs a
      // full scrypt derivation); the rule under test is where a lock applies, not its threshold.
      api = await startApi(backend, { loginLimits: { address: { ...ADDRESS_LIMIT, freeFailures: 10 } } });
    });
    afterAll(() => api.dispose());

    it('anyone can lock clinicians out: wrong passwords from one address do not lock the account at another', async () => {
      const email = emailOf('physician');
      for (let i = 0; i < 12; i++) await login(api, email, 'nope', '203.0.113.7');
      expect((await login(api, email, PASSWORD, '203.0.113.7')).statusCode).toBe(429);
      expect((await login(api, email, PASSWORD, '198.51.100.20')).statusCode).toBe(200);
    });

    it('still locks the guessing pair, exponentially, even for the right password at that address', async () => {
      const email = emailOf('nurse');
      const ip = '203.0.113.8';
      for (let i = 0; i < 5; i++) expect((await login(api, email, 'nope', ip)).statusCode).toBe(401);
      const locked = await login(api, email, PASSWORD, ip);
      expect(locked.statusCode).toBe(429);
      expect(codeOf(locked)).toBe('ITB_E_AUTH_LOCKED');
      expect(locked.headers['retry-after']).toBe('30');
      api.clock.t += 30_000; // the first lock passes; one more failure doubles it
      expect((await login(api, email, 'nope', ip)).statusCode).toBe(401);
      expect((await login(api, email, PASSWORD, ip)).headers['retry-after']).toBe('60');
      api.clock.t += 60_000;
      expect((await login(api, email, PASSWORD, ip)).statusCode).toBe(200);
    });

    it('one IPv6 network is many addresses: guessing from a new /128 each time escaped the pair lock, now the /64 is one client', async () => {
      const email = emailOf('physician');
      const host = (i: number) => `2001:db8:7:7:${(0x1000 + i).toString(16)}::${i + 1}`;
      for (let i = 0; i < 5; i++) expect((await login(api, email, 'nope', host(i))).statusCode).toBe(401);
      const guess = await login(api, email, 'nope', host(99));
      expect([guess.statusCode, codeOf(guess)], guess.body).toEqual([429, 'ITB_E_AUTH_LOCKED']);
      // Another network, and IPv4, are other clients: the account is not locked for them.
      expect((await login(api, email, PASSWORD, '2001:db8:7:8::1')).statusCode).toBe(200);
      // An IPv4-mapped IPv6 address is its IPv4 address: the same client either way.
      for (let i = 0; i < 6; i++) await login(api, emailOf('viewer'), 'nope', '::ffff:198.51.100.77');
      expect((await login(api, emailOf('viewer'), PASSWORD, '198.51.100.77')).statusCode).toBe(429);
    });

    it('anyone can lock clinicians out: a spray of random e-mails locks only the spraying address', async () => {
      const ip = '203.0.113.9';
      for (let i = 0; i < 10; i++) await login(api, `spray${i}@x.example`, 'nope', ip);
      expect((await login(api, emailOf('viewer'), PASSWORD, ip)).statusCode).toBe(429);
      expect((await login(api, emailOf('viewer'), PASSWORD, '198.51.100.21')).statusCode).toBe(200);
    });
  });

  describe.skipIf(backend.skip !== undefined)(`login lock-out behind a proxy on ${backend.name}`, () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startApi(backend, { trustProxy: parseTrustProxy('127.0.0.1') });
    });
    afterAll(() => api.dispose());

    it('anyone can lock clinicians out: behind a trusted proxy, users do not share the proxy address', async () => {
      const email = emailOf('admin');
      for (let i = 0; i < 60; i++) await login(api, email, 'nope', '127.0.0.1', '203.0.113.10');
      expect((await login(api, email, PASSWORD, '127.0.0.1', '203.0.113.10')).statusCode).toBe(429);
      expect((await login(api, email, PASSWORD, '127.0.0.1', '198.51.100.22')).statusCode).toBe(200);
    });

    it('ignores X-Forwarded-For from a sender that is not the trusted proxy', async () => {
      const email = emailOf('patient');
      for (let i = 0; i < 5; i++) await login(api, email, 'nope', '203.0.113.11', `198.51.100.${i}`);
      expect((await login(api, email, PASSWORD, '203.0.113.11', '198.51.100.99')).statusCode).toBe(429);
    });
  });
}

describe('the client a login is counted against', () => {
  it('is an IPv4 address as it is, an IPv6 address by its /64, an IPv4-mapped address by its IPv4', () => {
    expect(clientOf('203.0.113.7')).toBe('203.0.113.7');
    expect(clientOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientOf('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientOf('2001:DB8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(clientOf('2001:db8::1.2.3.4')).toBe('2001:db8:0:0::/64');
    expect(clientOf('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientOf('::1')).toBe('0:0:0:0::/64');
  });
});

describe('ITB_TRUST_PROXY', () => {
  it('is off unless set, and takes addresses and CIDR ranges', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('')).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy(' 127.0.0.1, 10.0.0.0/8 ,::1')).toBe('127.0.0.1,10.0.0.0/8,::1');
  });

  it('refuses "true" and anything that is not an address', () => {
    for (const v of ['true', '1', 'proxy.local', '10.0.0.0/33', '10.0.0.1/8/2']) {
      expect(() => parseTrustProxy(v), v).toThrow(/ITB_TRUST_PROXY/);
    }
  });
});
