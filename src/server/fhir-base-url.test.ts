/**
 * Finding: a FHIR Bundle's `fullUrl`s followed the Host header. `GET /fhir/Patient/:id/$everything` with
 * `Host: evil.example` answered every entry as `http://evil.example/fhir/…` (and `POST /fhir/Patient` its
 * Location): a client or cache following those URLs sent its next request, and its token, elsewhere. The
 * base is now the configured public URL (`ITB_PUBLIC_URL`, server/public-url.ts); without one, only a
 * request to a loopback host is answered, any other is refused 421 before anything is read.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';
import { API_BACKENDS, startApi, type TestApi } from './test-support.ts';

const sys = { actor: 'system:test' };

describe.each(API_BACKENDS)('FHIR base URL ($name)', (backend) => {
  if (backend.skip !== undefined) return void it.skip(backend.skip, () => undefined);
  let api: TestApi | undefined;
  afterEach(async () => {
    await api?.dispose();
    api = undefined;
  });

  const fhir = (t: TestApi, host: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: {
        host,
        authorization: `Bearer ${t.tokens.physician}`,
        ...(payload === undefined ? {} : { 'content-type': 'application/fhir+json' }),
      },
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    });
  const fullUrls = (body: string) =>
    (JSON.parse(body) as { entry: { fullUrl: string }[] }).entry.map((e) => e.fullUrl);
  /** Patient B's FHIR resource as a new patient to import (its id and meta dropped, a new MRN). */
  async function newPatient(t: TestApi, mrn: string): Promise<unknown> {
    const read = await fhir(t, 'localhost', 'GET', `/fhir/Patient/${t.patientB.id}`);
    const resource = read.json<Record<string, unknown>>();
    delete resource.id;
    delete resource.meta;
    return JSON.parse(JSON.stringify(resource).replaceAll(`"${t.patientB.mrn}"`, `"${mrn}"`)) as unknown;
  }

  it('FHIR Bundle fullUrl followed the Host header: a request to another host is refused 421 with no base URL configured, and nothing is read or created', async () => {
    api = await startApi(backend);
    const everything = `/fhir/Patient/${api.patientA.id}/$everything`;
    const body = await newPatient(api, 'MRN-HOST-1');
    const auditBefore = (await api.store.auditTrail({ entityId: api.patientA.id }, sys)).length;
    const patientsBefore = await api.store.listPatients(sys);
    for (const host of ['evil.example', 'evil.example:8443', '203.0.113.7']) {
      const attempts = [
        await fhir(api, host, 'GET', everything),
        await fhir(api, host, 'GET', `/fhir/Patient/${api.patientA.id}`),
        await fhir(api, host, 'GET', `/fhir/Observation?patient=${api.patientA.id}`),
        await fhir(api, host, 'POST', '/fhir/Patient', body),
      ];
      for (const res of attempts) {
        expect(res.statusCode, `${host}: ${res.body}`).toBe(421);
        expect(res.body).toContain('ITB_E_PUBLIC_URL_UNSET');
        expect(res.body).not.toContain('evil.example');
        expect(res.headers.location).toBeUndefined();
      }
    }
    expect((await api.store.auditTrail({ entityId: api.patientA.id }, sys)).length).toBe(auditBefore);
    expect(await api.store.listPatients(sys)).toEqual(patientsBefore);
    // The CapabilityStatement names the server's URL too (implementation.url).
    expect((await fhir(api, 'evil.example', 'GET', '/fhir/metadata')).statusCode).toBe(421);
    // A client on this machine is answered with its own loopback base.
    const local = await fhir(api, '127.0.0.1:8080', 'GET', everything);
    expect(local.statusCode, local.body).toBe(200);
    for (const url of fullUrls(local.body)) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:8080\/fhir\//);
  });

  it('with a public URL configured, every fullUrl and Location is written from it, whatever the Host header says', async () => {
    api = await startApi(backend, { publicUrl: 'https://itb.clinic.example/' });
    const res = await fhir(api, 'evil.example', 'GET', `/fhir/Patient/${api.patientA.id}/$everything`);
    expect(res.statusCode, res.body).toBe(200);
    const urls = fullUrls(res.body);
    expect(urls.length).toBeGreaterThan(1);
    for (const url of urls) expect(url).toMatch(/^https:\/\/itb\.clinic\.example\/fhir\/[A-Za-z]+\/[^/]+$/);
    const created = await fhir(
      api,
      'evil.example',
      'POST',
      '/fhir/Patient',
      await newPatient(api, 'MRN-HOST-2'),
    );
    expect(created.statusCode, created.body).toBe(201);
    expect(created.headers.location).toMatch(/^https:\/\/itb\.clinic\.example\/fhir\/Patient\//);
    expect(created.body).not.toContain('evil.example');
    expect((await api.store.listPatients(sys)).map((p) => p.mrn)).toContain('MRN-HOST-2');
  });

  it('a public URL that is not an absolute http(s) URL stops the server at start-up', async () => {
    api = await startApi(backend);
    for (const publicUrl of [
      'itb.clinic.example',
      'ftp://itb.clinic.example',
      'https://u:p@itb.example',
      'https://itb.example/?x=1',
    ]) {
      await expect(buildApp({ store: api.store, publicUrl })).rejects.toThrow(/ITB_PUBLIC_URL/);
    }
  });
});
