/**
 * Fuzz every operation of the OpenAPI document (issue: invalid bodies, params and ids): for each path and
 * method, fast-check sends arbitrary JSON bodies, arbitrary path ids and query strings as an account the
 * route admits. The API must never answer 5xx, and every refusal must be an OperationOutcome with an
 * ITB_E_ code (docs/architecture.md principles 5 and 6: bad input gets a clear error and changes nothing).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Rule } from './authz-table.ts';
import { API_BACKENDS, startApi, type Account, type TestApi } from './test-support.ts';

interface OpenApiDoc {
  paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>>;
}

const idArb = fc.oneof(
  fc.string({ maxLength: 120 }),
  fc.constantFrom('0', '-1', '..', '%00', 'null', 'a'.repeat(101), '00000000-0000-0000-0000-000000000000'),
);
const bodyArb = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.dictionary(
    fc.constantFrom('prescription', 'expectedHeadId', 'implantId', 'at', 'email', 'password', 'mrn', 'kind'),
    fc.jsonValue({ maxDepth: 3 }),
  ),
);

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`API fuzz on ${backend.name}`, () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startApi(backend);
    });
    afterAll(() => api.dispose());

    it('answers every operation with < 500 and an OperationOutcome on refusal', async () => {
      const doc = (await api.call(null, 'GET', '/api/openapi.json')).json<OpenApiDoc>();
      const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
        Object.keys(methods).map((m) => ({ path, method: m.toUpperCase() as 'GET' | 'POST' })),
      );
      expect(ops.length).toBeGreaterThan(35);
      for (const { path, method } of ops) {
        if (path.endsWith('/logout')) continue; // would end the session the fuzz runs as
        const fastifyPath = path.replace(/\{(\w+)\}/g, ':$1');
        const rule = api.app.itbAuthorization[`${method} ${fastifyPath}`] as Rule;
        const who: Account | null =
          'roles' in rule ? (rule.roles.find((r) => r !== 'patient') ?? 'physician') : 'physician';
        await fc.assert(
          fc.asyncProperty(
            fc.array(fc.oneof(idArb, fc.constantFrom(api.patientA.id, api.implantA.id)), {
              minLength: 3,
              maxLength: 3,
            }),
            bodyArb,
            fc.string({ maxLength: 40 }),
            async (ids, body, query) => {
              let i = 0;
              const url =
                path.replace(/\{\w+\}/g, () => encodeURIComponent(ids[i++] ?? '')) +
                (query === '' ? '' : `?${encodeURIComponent(query)}=${encodeURIComponent(query)}`);
              const res = await api.app.inject({
                method,
                url,
                headers: { authorization: `Bearer ${api.tokens[who as Account]}` },
                ...(method === 'POST'
                  ? {
                      payload: JSON.stringify(body),
                      headers: {
                        authorization: `Bearer ${api.tokens[who as Account]}`,
                        'content-type': 'application/json',
                      },
                    }
                  : {}),
              });
              const label = `${method} ${url} → ${res.statusCode} ${res.body.slice(0, 300)}`;
              expect(res.statusCode, label).toBeLessThan(500);
              if (res.statusCode >= 400) {
                const outcome = res.json<{
                  resourceType: string;
                  issue: { details: { coding: { code: string }[] } }[];
                }>();
                expect(outcome.resourceType, label).toBe('OperationOutcome');
                expect(outcome.issue[0]?.details.coding[0]?.code, label).toMatch(/^ITB_E_/);
              }
            },
          ),
          { numRuns: 12, seed: 20240101 },
        );
      }
      // Every documented operation, twelve runs each: about 23 s on PostgreSQL on a loaded 2-core machine.
    }, 120_000);

    it('refuses malformed JSON and wrong content types as OperationOutcomes', async () => {
      const headers = { authorization: `Bearer ${api.tokens.physician}` };
      const bad = await api.app.inject({
        method: 'POST',
        url: '/api/v1/patients',
        headers: { ...headers, 'content-type': 'application/json' },
        payload: '{"mrn": ',
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ resourceType: 'OperationOutcome' });
      const text = await api.app.inject({
        method: 'POST',
        url: '/api/v1/patients',
        headers: { ...headers, 'content-type': 'application/xml' },
        payload: '<patient/>',
      });
      expect(text.statusCode).toBe(415);
      expect(text.json()).toMatchObject({ resourceType: 'OperationOutcome' });
    });
  });
}
