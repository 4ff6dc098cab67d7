/**
 * The OpenAPI 3.1 document at /api/openapi.json (docs/api.md "OpenAPI"). Routes declare their summary,
 * request schemas (params, querystring, body) and success response; what every route shares is derived
 * here, in one place, from the route's shape and its authorization rule, so a route added anywhere gets it:
 *
 * - `operationId`: from the method and path (`GET /api/v1/patients/:patientId` → `getApiV1PatientsByPatientId`),
 *   unique because `METHOD /path` is;
 * - its error responses, each an OperationOutcome (errors.ts): which statuses a route can answer follows
 *   from what the server does before and around the handler (authorization, validation, the store).
 *
 * The document is checked by an independent validator and a linter in openapi.test.ts.
 */
import fastifySwagger from '@fastify/swagger';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { errorResponse, type ContentResponse } from './api-schemas.ts';
import { SAFE_METHODS } from './auth/csrf.ts';
import { routeKey, type AuthorizationTable, type Rule } from './authz-table.ts';

/** Why each error status happens, as the document states it. */
export const ERROR_REASONS: Readonly<Record<number, string>> = {
  400: 'The request is not valid (ITB_E_INVALID_INPUT and the input codes): nothing was changed',
  401: 'Not signed in, or the session has ended (ITB_E_AUTH_REQUIRED)',
  403: 'Signed in, but this role may not do this, or the CSRF token is missing (ITB_E_FORBIDDEN, ITB_E_CSRF)',
  404: 'No such record, or not one this account may see (ITB_E_CLINIC_NOT_FOUND, ITB_E_FHIR_NOT_FOUND)',
  406: 'The Accept header or _format asks for a format this server does not serve (ITB_E_FHIR_NOT_ACCEPTABLE)',
  409: 'Conflicts with what is recorded, or the pump could not be reached: nothing was written',
  413: 'The body is larger than the server accepts (ITB_E_PAYLOAD_TOO_LARGE)',
  415: 'The body is not in a media type this route reads (ITB_E_UNSUPPORTED_MEDIA_TYPE)',
  422: 'Understood, but refused by a clinical rule; the reasons are in the issues',
  429: 'Too many failed attempts, or too many requests from this account: wait (Retry-After), then retry (ITB_E_AUTH_LOCKED, ITB_E_RATE_LIMITED)',
  500: 'An unexpected internal failure; nothing was changed (ITB_E_INTERNAL)',
  503: 'The records database is unavailable or busy, or the server is stopping; retry',
};

/** The operationId of a route: its method, then each path segment (`:x` → `ByX`), in camel case. */
export function operationIdOf(method: string, url: string): string {
  const words = url
    .split('/')
    .filter((s) => s !== '')
    .map((s) => (s.startsWith(':') ? `by-${s.slice(1)}` : s))
    .flatMap((s) => s.split(/[^A-Za-z0-9]+/))
    .filter((w) => w !== '');
  const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  return method.toLowerCase() + words.map(cap).join('');
}

/** Whether a route's schema declares this part of the request. */
const declares = (schema: Record<string, unknown>, part: string) => schema[part] !== undefined;

/**
 * The error statuses a route can answer, from its shape and rule: every route can fail (500), meet a
 * busy store or a stopping server (503) and be refused by the input guard (400: a control character in
 * the path or query, input-guard.ts); a protected route refuses the anonymous (401), the wrong role (403)
 * and an account past its request bound (429, auth/request-budget.ts); a path parameter can name nothing (404); every write is refused when sent by another site
 * (403, ITB_E_CSRF) and its body can be too large or not JSON (413, 415), whether the route reads a body or
 * not (auth/csrf.ts); a write with a body can conflict or be refused by a rule (409, 422); FHIR routes
 * negotiate the format (406).
 */
export function errorStatuses(
  method: string,
  url: string,
  schema: Record<string, unknown>,
  rule: Rule | undefined,
): number[] {
  const out = new Set([400, 500, 503]);
  if (rule === undefined || !('public' in rule)) [401, 429].forEach((s) => out.add(s));
  if (rule === undefined || 'roles' in rule) out.add(403);
  if (url.includes(':')) out.add(404);
  if (!SAFE_METHODS.has(method)) [403, 413, 415].forEach((s) => out.add(s));
  if (declares(schema, 'body')) [409, 422].forEach((s) => out.add(s));
  if (url.startsWith('/fhir/')) out.add(406);
  if (method === 'POST' && url.startsWith('/fhir/')) [415, 422].forEach((s) => out.add(s));
  return [...out].sort((a, b) => a - b);
}

/**
 * Adds the derived operationId and error responses to every route as it is registered. A route's own
 * declarations win (a route may describe a status more precisely). Hidden routes are left alone.
 */
export function installOpenApiConventions(app: FastifyInstance, table: AuthorizationTable): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const schema = (route.schema ?? {}) as Record<string, unknown>;
    if (schema['hide'] === true) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const method = methods[0] ?? 'GET';
    schema['operationId'] ??= operationIdOf(method, route.url);
    const rule = table[routeKey(method, route.url)];
    if (rule !== undefined && 'public' in rule) schema['security'] ??= [];
    const response = (schema['response'] ?? {}) as Record<string, ContentResponse>;
    for (const status of errorStatuses(method, route.url, schema, rule)) {
      response[status] ??= errorResponse(ERROR_REASONS[status] ?? 'An error');
    }
    schema['response'] = response;
    route.schema = schema;
  });
}

/** Registers @fastify/swagger for OpenAPI 3.1 with the zod transforms (components from zod `meta({ id })`). */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'itb clinic API',
        version,
        description:
          'Therapy records of intrathecal baclofen pump patients. Errors are FHIR OperationOutcomes ' +
          'with ITB_E_* codes (docs/codes.md); see docs/api.md.',
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      // Relative: the document is served by the API it describes, wherever that is mounted.
      servers: [{ url: '/', description: 'this server' }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'itb_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: (document) => withoutUnusedSchemas(jsonSchemaTransformObject(document)),
  });
}

/** Every `$ref` target under `node`. */
function refsIn(node: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(node)) for (const n of node) refsIn(n, out);
  else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.add(v);
      else refsIn(v, out);
    }
  }
  return out;
}

/**
 * Drops the component schemas nothing refers to: the zod transform writes an input and an output variant
 * of every named schema, and a document listing schemas no operation uses misleads its readers.
 */
export function withoutUnusedSchemas<T extends object>(doc: T): T {
  const { components, ...rest } = doc as { components?: { schemas?: Record<string, unknown> } };
  const schemas = components?.schemas ?? {};
  const prefix = '#/components/schemas/';
  const used = new Set<string>();
  let frontier = refsIn(rest, new Set());
  while (frontier.size > 0) {
    const next = new Set<string>();
    for (const ref of frontier) {
      const name = ref.startsWith(prefix) ? ref.slice(prefix.length) : undefined;
      if (name === undefined || used.has(name)) continue;
      used.add(name);
      refsIn(schemas[name], next);
    }
    frontier = next;
  }
  const kept = Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name)));
  return { ...doc, components: { ...components, schemas: kept } };
}
