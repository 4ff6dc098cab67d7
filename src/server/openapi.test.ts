/**
 * The OpenAPI document checked by tools the project did not write (docs/architecture.md principle 10): an
 * OpenAPI 3.1 schema validator (@seriousme/openapi-schema-validator) and a linter (@redocly/openapi-core,
 * its `recommended` rules), and a rule derived from the registered routes — not a list — so a route added
 * anywhere cannot slip in undocumented: summary, unique operationId, its path parameters, a success
 * response with a schema, and errors as OperationOutcomes.
 */
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BACKENDS, startApi, type TestApi } from './test-support.ts';
import { errorStatuses, operationIdOf } from './openapi.ts';

interface Media {
  schema?: Record<string, unknown>;
}
interface Operation {
  summary?: string;
  operationId?: string;
  parameters?: { name: string; in: string }[];
  requestBody?: { content?: Record<string, Media> };
  responses?: Record<string, { description?: string; content?: Record<string, Media> }>;
}
interface Doc {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Every operation as `[METHOD /path, operation]`. */
const operations = (doc: Doc): [string, Operation][] =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([m]) => METHODS.includes(m))
      .map(([m, op]): [string, Operation] => [`${m.toUpperCase()} ${path}`, op]),
  );

/** What an operation lacks, in words (empty when it is fully documented). */
export function undocumented(key: string, op: Operation): string[] {
  const out: string[] = [];
  if ((op.summary ?? '').trim() === '') out.push(`${key}: no summary`);
  if ((op.operationId ?? '') === '') out.push(`${key}: no operationId`);
  const declared = new Set((op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name));
  for (const [, name] of key.matchAll(/\{([^}]+)\}/g)) {
    if (!declared.has(name!)) out.push(`${key}: path parameter ${name} has no schema`);
  }
  const responses = Object.entries(op.responses ?? {});
  const success = responses.filter(([s]) => /^2\d\d$/.test(s));
  if (success.length === 0) out.push(`${key}: no success response`);
  for (const [status, r] of success) {
    if (r.description === undefined || r.description === 'Default Response') {
      out.push(`${key}: ${status} has no description`);
    }
    const media = Object.values(r.content ?? {});
    if (media.length === 0 || media.some((m) => m.schema === undefined)) {
      out.push(`${key}: ${status} has no schema`);
    }
  }
  const errors = responses.filter(([s]) => /^[45]\d\d$/.test(s));
  if (!errors.some(([s]) => s === '500')) out.push(`${key}: its errors are not documented`);
  for (const [status, r] of errors) {
    const ref = r.content?.['application/json']?.schema?.['$ref'];
    if (ref !== '#/components/schemas/OperationOutcome') {
      out.push(`${key}: ${status} is not an OperationOutcome`);
    }
  }
  return out;
}

describe('the OpenAPI document', () => {
  let api: TestApi;
  let doc: Doc;
  beforeAll(async () => {
    api = await startApi(API_BACKENDS[0]!);
    const res = await api.call(null, 'GET', '/api/openapi.json');
    expect(res.statusCode).toBe(200);
    doc = res.json<Doc>();
  });
  afterAll(() => api.dispose());

  it('is OpenAPI 3.1 and valid for an independent schema validator (finding: missing schema0)', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc as unknown as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("has no errors or warnings under the linter's recommended rules (finding: 9 errors, 113 warnings)", async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({
      source: JSON.stringify(doc),
      absoluteRef: 'openapi.json',
      config,
    });
    expect(
      problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`),
    ).toEqual([]);
  });

  it('documents every registered API route: summary, unique operationId, params, success and error responses (finding: 56 without operationId, 200 "Default Response" only)', () => {
    const keys = api.app.itbRouteKeys.filter((k) => / \/(api\/v1|fhir)\//.test(k));
    const inDoc = new Set(operations(doc).map(([k]) => k));
    const asDoc = (k: string) => k.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    expect(keys.filter((k) => !inDoc.has(asDoc(k)))).toEqual([]);
    expect(operations(doc).flatMap(([k, op]) => undocumented(k, op))).toEqual([]);
    const ids = operations(doc).map(([, op]) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('creates answer 201, PDFs are application/pdf and FHIR is application/fhir+json (finding: undeclared content types)', () => {
    for (const [key, op] of operations(doc)) {
      const success = Object.entries(op.responses ?? {}).filter(([s]) => s.startsWith('2'));
      const types = success.flatMap(([, r]) => Object.keys(r.content ?? {}));
      if (key.endsWith('.pdf')) expect(types, key).toEqual(['application/pdf']);
      else if (key.includes(' /fhir/')) expect(types, key).toEqual(['application/fhir+json']);
    }
    const create = doc.paths['/api/v1/patients']?.['post'];
    expect(Object.keys(create?.responses ?? {})).toContain('201');
  });

  it('documents every status code each route can return (finding: login’s 401, and a write’s CSRF 403 and 415, undocumented)', async () => {
    const sent: [string, number][] = [];
    for (const [key] of operations(doc)) {
      const [method, path] = key.split(' ') as [string, string];
      if (method === 'GET') continue;
      const url = path.replace(/\{[^}]+\}/g, 'x');
      // Signed in (a bearer token): the cross-site and media-type checks answer, not the sign-in check.
      const authorization = `Bearer ${api.tokens.physician}`;
      const asked = [
        { authorization, origin: 'http://elsewhere.example', 'content-type': 'application/json' },
        { authorization, 'content-type': 'text/plain' },
      ];
      for (const headers of asked) {
        const res = await api.app.inject({ method: method as 'POST', url, headers, payload: '{}' });
        sent.push([key, res.statusCode]);
      }
    }
    const login = await api.call(null, 'POST', '/api/v1/auth/login', {
      email: 'nurse@clinic.example',
      password: 'not the password',
    });
    sent.push(['POST /api/v1/auth/login', login.statusCode]);
    const undocumentedStatuses = sent.filter(([key, status]) => {
      const [method, path] = key.split(' ') as [string, string];
      return doc.paths[path]?.[method.toLowerCase()]?.responses?.[String(status)] === undefined;
    });
    expect(undocumentedStatuses).toEqual([]);
    expect(new Set(sent.map(([, status]) => status))).toEqual(new Set([401, 403, 415]));
  });

  it("lists the refill report's patientId query (finding: ?patientId= undocumented)", () => {
    const op = doc.paths['/api/v1/refills/{id}/report.pdf']?.['get'];
    expect(op?.parameters?.filter((p) => p.in === 'query').map((p) => p.name)).toContain('patientId');
  });

  it('flags an operation that lacks any documented part', () => {
    const full: Operation = {
      summary: 's',
      operationId: 'o',
      parameters: [{ name: 'id', in: 'path' }],
      responses: {
        '200': { description: 'ok', content: { 'application/json': { schema: {} } } },
        '500': {
          description: 'e',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/OperationOutcome' } } },
        },
      },
    };
    expect(undocumented('GET /x/{id}', full)).toEqual([]);
    expect(undocumented('GET /x/{id}', { ...full, summary: '' })).toHaveLength(1);
    expect(undocumented('GET /x/{id}', { ...full, operationId: '' })).toHaveLength(1);
    expect(undocumented('GET /x/{id}', { ...full, parameters: [] })).toHaveLength(1);
    expect(
      undocumented('GET /x/{id}', { ...full, responses: { '500': full.responses!['500']! } }),
    ).toHaveLength(1);
    expect(
      undocumented('GET /x/{id}', { ...full, responses: { '200': full.responses!['200']! } }),
    ).toHaveLength(1);
  });
});

describe('the derived parts', () => {
  it('operationIds follow the method and path', () => {
    expect(operationIdOf('GET', '/api/v1/patients/:patientId')).toBe('getApiV1PatientsByPatientId');
    expect(operationIdOf('GET', '/fhir/Patient/:id/$everything')).toBe('getFhirPatientByIdEverything');
    expect(operationIdOf('GET', '/api/v1/refills/:id/report.pdf')).toBe('getApiV1RefillsByIdReportPdf');
  });

  it('error statuses follow the rule and the shape', () => {
    expect(errorStatuses('GET', '/api/v1/health', {}, { public: true })).toEqual([400, 500, 503]);
    expect(errorStatuses('GET', '/api/v1/board', {}, { roles: ['nurse'] })).toEqual([
      400, 401, 403, 429, 500, 503,
    ]);
    expect(
      errorStatuses(
        'POST',
        '/api/v1/patients/:patientId/refills',
        { params: 1, body: 1 },
        { roles: ['nurse'] },
      ),
    ).toEqual([400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 503]);
    // A write without a body is still refused cross-site and for a body that is not JSON.
    expect(errorStatuses('POST', '/api/v1/auth/logout', {}, { public: true })).toEqual([
      400, 403, 413, 415, 500, 503,
    ]);
  });
});
