/**
 * Patient data never reaches the log (issue: names, birth dates, MRN, e-mails, passwords, tokens,
 * cookies): the whole suite of requests below — sign-in, failures, creations, views, errors — runs with a
 * redacting logger writing into memory, and no sensitive value used appears in it.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patientInput } from '../clinic/store-test-fixtures.ts';
import { SESSION_COOKIE } from './auth/hook.ts';
import { API_BACKENDS, PASSWORD, emailOf, startApi, type TestApi } from './test-support.ts';

describe.skipIf(API_BACKENDS[0]?.skip !== undefined)('redacted logs', () => {
  let api: TestApi;
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  beforeAll(async () => {
    api = await startApi(API_BACKENDS[0]!, { logStream: sink });
  });
  afterAll(() => api.dispose());

  it('writes no name, birth date, MRN, e-mail, password, token or cookie', async () => {
    const secret = patientInput(77, {
      name: 'Zebulon Quasimodo',
      birthDate: '1961-11-23',
      mrn: 'MRN-SECRET-77',
    });
    const created = await api.call('nurse', 'POST', '/api/v1/patients', secret);
    expect(created.statusCode).toBe(201);
    const dup = await api.call('nurse', 'POST', '/api/v1/patients', secret); // duplicate MRN → refused
    expect(dup.statusCode).toBe(409);
    await api.call('viewer', 'GET', '/api/v1/patients');
    await api.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'stranger@secret.example', password: 'Sup3rSecretPw!' },
    });
    const ok = await api.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: emailOf('physician'), password: PASSWORD },
    });
    const token = ok.json<{ token: string }>().token;
    await api.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { [SESSION_COOKIE]: token } });
    await api.call(
      'physician',
      'GET',
      `/api/v1/patients/${api.patientA.id}/implants/${api.implantA.id}/link-keys`,
    );
    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(10); // the requests were logged…
    for (const value of [
      'Zebulon',
      '1961-11-23',
      'MRN-SECRET-77',
      'stranger@secret.example',
      emailOf('physician'),
      'Sup3rSecretPw!',
      PASSWORD,
      token,
      ...Object.values(api.tokens),
      'c0ffee', // link key material
    ]) {
      expect(log, `log contains ${value}`).not.toContain(value);
    }
  });
});
