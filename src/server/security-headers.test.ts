/**
 * Finding "no security headers": no CSP, X-Content-Type-Options or frame-ancestors, patient JSON without
 * no-store, the app rendered in a same-site iframe (security-headers.ts). The browser side — the app runs
 * under the policy and does not render in a frame — is test/browser/csrf.browser.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BACKENDS, startApi, type TestApi } from './test-support.ts';
import { DEFAULT_EXTENSIONS } from './extensions.ts';
import { webExtension } from './web-extension.ts';

const backend = API_BACKENDS[0];

describe.skipIf(backend === undefined)('security headers', () => {
  let api: TestApi;
  let root: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'itb-web-'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
    api = await startApi(backend!, { extensions: [...DEFAULT_EXTENSIONS, webExtension({ root })] });
  });
  afterAll(async () => {
    await api.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('no security headers: patient JSON is no-store, nosniff, and may not be framed', async () => {
    const res = await api.call('physician', 'GET', `/api/v1/patients/${api.patientA.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
  });

  it('no security headers: refusals and FHIR answers carry them too', async () => {
    const refused = await api.call(null, 'GET', `/api/v1/patients/${api.patientA.id}`);
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['cache-control']).toBe('no-store');
    expect(refused.headers['x-content-type-options']).toBe('nosniff');
    const fhir = await api.call('physician', 'GET', `/fhir/Patient/${api.patientA.id}`);
    expect(fhir.statusCode).toBe(200);
    expect(fhir.headers['cache-control']).toBe('no-store');
  });

  it('no security headers: the web app is served under a same-origin CSP with no inline script', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/board' });
    expect(res.statusCode).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    for (const d of [
      "default-src 'self'",
      "script-src 'self'",
      "object-src 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(csp).toContain(d);
    }
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|upgrade-insecure-requests/);
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    // Static files keep their own caching (web-extension.ts); only record-bearing answers are no-store.
    expect(res.headers['cache-control']).not.toBe('no-store');
  });
});
