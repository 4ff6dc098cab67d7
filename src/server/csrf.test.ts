/**
 * Finding "same-site CSRF": a page on another port of the same host made a signed-in physician's browser
 * record a programming session (text/plain body, no Origin check, SameSite only). State-changing requests
 * now need a same-origin source, a JSON body, and — when the session cookie signs them in — the session's
 * CSRF token (auth/csrf.ts). API clients with a bearer token keep working without either header.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER } from './auth/csrf.ts';
import { SESSION_COOKIE } from './auth/hook.ts';
import { API_BACKENDS, startApi, type TestApi } from './test-support.ts';

const HOST = '127.0.0.1:8080';
const codeOf = (res: { json: () => unknown }) =>
  (res.json() as { issue?: { details: { coding: { code: string }[] } }[] }).issue?.[0]?.details.coding[0]
    ?.code;

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`CSRF defence on ${backend.name}`, () => {
    let api: TestApi;
    let csrf: string;
    let url: string;
    let body: string;
    beforeAll(async () => {
      api = await startApi(backend);
      url = `/api/v1/patients/${api.patientA.id}/sessions`;
      body = JSON.stringify({ implantId: api.implantA.id, interrogation: {}, diff: [] });
      const me = await api.app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        cookies: { [SESSION_COOKIE]: api.tokens.physician },
      });
      csrf = me.json<{ csrfToken: string }>().csrfToken;
    });
    afterAll(() => api.dispose());

    const recorded = async () =>
      (await api.store.listProgrammingSessions(api.patientA.id, { actor: 't' })).length;
    const post = (headers: Record<string, string>, payload = body) =>
      api.app.inject({
        method: 'POST',
        url,
        headers: { host: HOST, ...headers },
        cookies: { [SESSION_COOKIE]: api.tokens.physician },
        payload,
      });

    it('same-site CSRF: a text/plain POST from another port of the host records nothing', async () => {
      const before = await recorded();
      const res = await post({
        'content-type': 'text/plain',
        origin: 'http://127.0.0.1:9999',
        'sec-fetch-site': 'same-site',
      });
      expect(res.statusCode).toBe(403);
      expect(codeOf(res)).toBe('ITB_E_CSRF');
      expect(await recorded()).toBe(before);
    });

    it('same-site CSRF: refuses another origin even with a JSON body, and a form or text body anywhere', async () => {
      const before = await recorded();
      const json = { 'content-type': 'application/json' };
      const crossOrigin = await post({ ...json, origin: 'http://127.0.0.1:9999', [CSRF_HEADER]: csrf });
      expect([crossOrigin.statusCode, codeOf(crossOrigin)]).toEqual([403, 'ITB_E_CSRF']);
      const sameSite = await post({ ...json, 'sec-fetch-site': 'same-site', [CSRF_HEADER]: csrf });
      expect([sameSite.statusCode, codeOf(sameSite)]).toEqual([403, 'ITB_E_CSRF']);
      for (const type of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
      ]) {
        const res = await post({ 'content-type': type, origin: `http://${HOST}`, [CSRF_HEADER]: csrf });
        expect([res.statusCode, codeOf(res)], type).toEqual([415, 'ITB_E_UNSUPPORTED_MEDIA_TYPE']);
      }
      expect(await recorded()).toBe(before);
    });

    it('same-site CSRF: a cookie session without its CSRF token is refused, with it accepted', async () => {
      const before = await recorded();
      const same = {
        'content-type': 'application/json',
        origin: `http://${HOST}`,
        'sec-fetch-site': 'same-origin',
      };
      const missing = await post(same);
      expect([missing.statusCode, codeOf(missing)]).toEqual([403, 'ITB_E_CSRF']);
      const wrong = await post({
        ...same,
        [CSRF_HEADER]: csrf.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')),
      });
      expect(wrong.statusCode).toBe(403);
      expect(await recorded()).toBe(before);
      const ok = await post({ ...same, [CSRF_HEADER]: csrf });
      expect(ok.statusCode, ok.body).toBe(201);
      expect(await recorded()).toBe(before + 1);
    });

    it('keeps API clients with a bearer token working without Origin or CSRF headers', async () => {
      const res = await api.app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${api.tokens.physician}`, 'content-type': 'application/json' },
        payload: body,
      });
      expect(res.statusCode, res.body).toBe(201);
    });

    it('same-site CSRF: refuses a sign-in posted by another origin (login CSRF)', async () => {
      const res = await api.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { host: HOST, origin: 'http://127.0.0.1:9999', 'content-type': 'application/json' },
        payload: { email: 'nurse@clinic.example', password: 'whatever it is' },
      });
      expect([res.statusCode, codeOf(res)]).toEqual([403, 'ITB_E_CSRF']);
    });
  });
}
