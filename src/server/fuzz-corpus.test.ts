/**
 * No 5xx on any input: a small corpus of hostile bodies — NUL and other control characters in every
 * common field, deep JSON, a huge body, wrong content types, a lone surrogate — sent to every write
 * route of the OpenAPI document (and FHIR's), as an account the route admits. Each answer must be below
 * 500 and, when a refusal, an OperationOutcome with an ITB_E_ code (input-guard.ts, auth/csrf.ts).
 * The random-JSON fuzz is fuzz.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patientInput } from '../clinic/store-test-fixtures.ts';
import type { Rule } from './authz-table.ts';
import { API_BACKENDS, startApi, type Account, type TestApi } from './test-support.ts';

interface OpenApiDoc {
  paths: Record<string, Record<string, unknown>>;
}

const FIELDS = ['email', 'password', 'name', 'mrn', 'implantId', 'justification', 'note', 'text', 'kind'];
const fill = (value: unknown) => Object.fromEntries(FIELDS.map((f) => [f, value]));

/** [label, content type, body]. */
const CORPUS: readonly (readonly [string, string | undefined, string])[] = [
  ['NUL everywhere', 'application/json', JSON.stringify(fill('a\u0000b'))],
  ['BEL and ESC', 'application/json', JSON.stringify(fill('\u0007\u001b[31m'))],
  ['C1 control', 'application/json', JSON.stringify(fill('\u009b'))],
  ['NUL in a key', 'application/json', '{"na\\u0000me":"x"}'],
  ['lone surrogate', 'application/json', JSON.stringify(fill('\ud800'))],
  ['deep arrays', 'application/json', '['.repeat(3000) + ']'.repeat(3000)],
  ['deep objects', 'application/json', '{"a":'.repeat(3000) + '1' + '}'.repeat(3000)],
  ['deep under a field', 'application/json', `{"interrogation":${'['.repeat(1550)}${']'.repeat(1550)}}`],
  ['huge', 'application/json', JSON.stringify({ name: 'x'.repeat(1_100_000) })],
  ['truncated', 'application/json', '{"name": '],
  ['empty JSON', 'application/json', ''],
  ['proto', 'application/json', '{"__proto__":{"admin":true},"constructor":{"prototype":{}}}'],
  ['text/plain', 'text/plain', JSON.stringify(fill('x'))],
  ['form', 'application/x-www-form-urlencoded', 'name=x&mrn=y'],
  [
    'multipart',
    'multipart/form-data; boundary=b',
    '--b\r\ncontent-disposition: form-data; name="a"\r\n\r\nx\r\n--b--',
  ],
  ['xml', 'application/xml', '<patient/>'],
  ['no type', undefined, '{"name":"x"}'],
  ['fhir type, NUL', 'application/fhir+json', JSON.stringify({ resourceType: 'Patient\u0000' })],
];

/** Every string leaf of `value` replaced, one at a time, by `bad` (the rest of the body stays valid). */
function* poisoned(value: unknown, bad: string): Generator<unknown> {
  if (typeof value === 'string') yield bad;
  else if (Array.isArray(value)) {
    const items = value as unknown[];
    for (let i = 0; i < items.length; i++) {
      for (const v of poisoned(items[i], bad)) yield items.map((x, j) => (j === i ? v : x));
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, inner] of Object.entries(value)) {
      for (const v of poisoned(inner, bad)) yield { ...value, [k]: v };
    }
  }
}

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`hostile-input corpus on ${backend.name}`, () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startApi(backend);
    });
    afterAll(() => api.dispose());

    it('no 5xx on any input: every write route refuses the corpus with an OperationOutcome', async () => {
      const doc = (await api.call(null, 'GET', '/api/openapi.json')).json<OpenApiDoc>();
      const writes = Object.entries(doc.paths)
        .filter(([path, methods]) => 'post' in methods && !path.endsWith('/logout'))
        .map(([path]) => path);
      expect(writes.length).toBeGreaterThan(15);
      let sent = 0;
      for (const path of writes) {
        const route = path.replace(/\{(\w+)\}/g, ':$1');
        const rule = api.app.itbAuthorization[`POST ${route}`] as Rule;
        const who: Account =
          'roles' in rule ? (rule.roles.find((r) => r !== 'patient') ?? 'physician') : 'physician';
        const url = path.replace(/\{(\w+)\}/g, (_m, p: string) =>
          p.toLowerCase().includes('implant') ? api.implantA.id : api.patientA.id,
        );
        for (const [label, type, payload] of CORPUS) {
          const res = await api.app.inject({
            method: 'POST',
            url,
            headers: {
              authorization: `Bearer ${api.tokens[who]}`,
              ...(type === undefined ? {} : { 'content-type': type }),
            },
            payload,
          });
          sent++;
          const where = `${label} → POST ${path}: ${res.statusCode} ${res.body.slice(0, 200)}`;
          expect(res.statusCode, where).toBeLessThan(500);
          if (res.statusCode >= 400) {
            const body = res.json<{
              resourceType?: string;
              issue?: { details: { coding: { code: string }[] } }[];
            }>();
            expect(body.resourceType, where).toBe('OperationOutcome');
            expect(body.issue?.[0]?.details.coding[0]?.code, where).toMatch(/^ITB_E_/);
          }
        }
      }
      expect(sent).toBe(writes.length * CORPUS.length);
    });

    it('no 5xx on any input: valid bodies with one field poisoned reach the store and are refused', async () => {
      const templates: [string, unknown][] = [
        ['/api/v1/auth/login', { email: 'nurse@clinic.example', password: 'a wrong password' }],
        ['/api/v1/patients', patientInput(60)],
        [
          `/api/v1/patients/${api.patientA.id}/sessions`,
          { implantId: api.implantA.id, interrogation: { mode: 'x' }, diff: [], justification: 'why' },
        ],
      ];
      const deep = JSON.parse('['.repeat(60) + ']'.repeat(60)) as unknown;
      for (const [url, template] of templates) {
        for (const bad of ['\u0000', 'x\u0000', '\u0008', '\u0085']) {
          for (const body of poisoned(template, bad)) {
            const res = await api.call('physician', 'POST', url, body);
            const where = `${JSON.stringify(body).slice(0, 160)} → ${url}: ${res.statusCode} ${res.body.slice(0, 200)}`;
            expect([res.statusCode, res.json<{ resourceType?: string }>().resourceType], where).toEqual([
              400,
              'OperationOutcome',
            ]);
          }
        }
        const deeper = { ...(template as object), interrogation: { x: [deep, deep] } };
        expect((await api.call('physician', 'POST', url, deeper)).statusCode).toBeLessThan(500);
      }
    });
  });
}
