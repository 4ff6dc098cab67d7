/**
 * The FHIR R4 HTTP routes, kept thin: load → map → send. Authentication, authorization and the mapping of
 * ItbError codes to OperationOutcome responses belong to the server (src/server); each route carries a
 * `routeId` in its config for the server's hook, and `deps.authorize` (if given) runs before the handler.
 *
 * - `GET  /fhir/metadata`                (routeId `fhir.metadata`)           → CapabilityStatement
 * - `GET  /fhir/Patient/:id/$everything` (routeId `fhir.patient.everything`) → searchset Bundle (`_type`)
 * - `GET  /fhir/Patient/:id`             (routeId `fhir.patient.read`)       → Patient
 * - `POST /fhir/Patient`                 (routeId `fhir.patient.create`)     → 201 + Patient + Location
 * - `GET  /fhir/:type?patient=…`         (routeId `fhir.search`)             → searchset Bundle of that type
 * - `GET  /fhir/:type/:id`               (routeId `fhir.read`)               → the resource
 *
 * Every route serves application/fhir+json only: an Accept header or `_format` asking for anything else
 * (XML, Turtle) is 406 Not Acceptable, never JSON with 200.
 */
import { readFileSync } from 'node:fs';
import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ClinicStore } from '../clinic/store.ts';
import { ItbError } from '../therapy/codes.ts';
import { patientBundle, patientResources, searchBundle, type PatientRecord } from './bundle.ts';
import type { MapOptions } from './map-common.ts';
import { EVERYTHING_DEFAULT_EXCLUDES, capabilityStatement, isCompartmentType } from './capability.ts';
import { importPatient, type ImportOptions } from './import.ts';
import { loadPatientRecord } from './load.ts';
import { patientToFhir } from './map-patient.ts';
import { z } from 'zod';
import { anyObject, fhirJson, zodCompilers } from '../server/api-schemas.ts';
import { loopbackBaseUrl } from '../server/public-url.ts';

export const FHIR_CONTENT_TYPE = 'application/fhir+json';

export const FHIR_ROUTE_IDS = {
  metadata: 'fhir.metadata',
  everything: 'fhir.patient.everything',
  read: 'fhir.patient.read',
  create: 'fhir.patient.create',
  search: 'fhir.search',
  readAny: 'fhir.read',
} as const;
export type FhirRouteId = (typeof FHIR_ROUTE_IDS)[keyof typeof FHIR_ROUTE_IDS];

export interface FhirRouteDeps {
  readonly store: ClinicStore;
  /** Who is asking (written to the audit trail by every store read and write). */
  readonly actorOf: (request: FastifyRequest) => string;
  /**
   * Public FHIR base URL (fullUrl, Location). Without it, `<protocol>://<host>/fhir` of a request to a
   * loopback host only; any other Host is refused (server/public-url.ts `loopbackBaseUrl`).
   */
  readonly baseUrl?: string;
  /** The clock (Bundle.timestamp, age band on import); default Date.now. */
  readonly now?: () => number;
  /** Runs before each handler; throw (an ItbError) to refuse. */
  readonly authorize?: (
    request: FastifyRequest,
    access: { readonly routeId: FhirRouteId; readonly patientId?: string },
  ) => void | Promise<void>;
  /**
   * Whether the caller may read `patientId`'s troubleshooting episodes (the server's rule for its own
   * episodes route); default yes. Otherwise they are left out of every answer, unread.
   */
  readonly readsEpisodes?: (request: FastifyRequest, patientId: string) => boolean;
  /**
   * The caller's actor when it is the patient whose record it reads: it then sees the audit as its
   * subject (map-audit.ts: the clinic's staff by name, no other account's id). Default: staff.
   */
  readonly auditSubjectOf?: (request: FastifyRequest) => string | undefined;
  /** Defaults for data a FHIR Patient may lack (the importing clinic's contact …). */
  readonly importDefaults?: Omit<ImportOptions, 'now'>;
}

type IdParams = { Params: { id: string } };

/** A query value: one string, or several when the parameter is repeated. */
const queryValue = z.union([z.string(), z.array(z.string())]);
/** The query of a FHIR route: `_format` everywhere, and the route's own; others reach the handler. */
const fhirQuery = (own: Record<string, z.ZodType>) =>
  z
    .looseObject({ _format: queryValue.optional().describe('json (the only format served)'), ...own })
    .partial();
const idParams = z.strictObject({ id: z.string().describe('the logical id') });
/** A FHIR R4 resource (its resourceType says which; hl7.org/fhir/R4/resourcelist.html). */
const fhirResource = anyObject('FhirResource', 'A FHIR R4 resource (hl7.org/fhir/R4)');
const fhirBundle = anyObject('FhirBundle', 'A FHIR R4 searchset Bundle (hl7.org/fhir/R4/bundle.html)');
type Query = Record<string, string | string[] | undefined>;

/** Media types that a JSON answer satisfies (R4 3.1.0.1.10: `_format` json, and the JSON MIME types). */
const JSON_TYPES = new Set([
  'json',
  'application/json',
  FHIR_CONTENT_TYPE,
  'application/json+fhir',
  '*/*',
  'application/*',
]);
const NOT_ACCEPTABLE = (what: string) =>
  new ItbError('ITB_E_FHIR_NOT_ACCEPTABLE', `${what}: this server serves ${FHIR_CONTENT_TYPE} only`);

/** Throws when a request's `_format` or Accept header excludes JSON. */
function checkFormat(req: FastifyRequest): void {
  const format = (req.query as Query)._format;
  if (format !== undefined) {
    const f = (Array.isArray(format) ? format.join(',') : format).trim().toLowerCase();
    if (!JSON_TYPES.has(f)) throw NOT_ACCEPTABLE(`_format=${f}`);
  }
  const accept = req.headers.accept;
  if (accept === undefined || accept.trim() === '') return;
  const types = accept
    .split(',')
    .map((part) => part.split(';')[0]!.trim().toLowerCase())
    .filter((t) => t !== '');
  if (!types.some((t) => JSON_TYPES.has(t))) throw NOT_ACCEPTABLE(`Accept: ${accept}`);
}

/** Refuses (406) a request for a format the server does not serve, before any record is read. */
function negotiate(req: FastifyRequest, _reply: FastifyReply, done: (e?: Error) => void): void {
  try {
    checkFormat(req);
    done();
  } catch (e) {
    done(e as Error);
  }
}

/** One string from a query parameter (the last one when repeated). */
const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v.at(-1) : v);

/** The ids a resource id may have been made from: itself, then without each trailing `-suffix`. */
function storeIdCandidates(id: string): string[] {
  const out = [id];
  for (let i = id.lastIndexOf('-'); i > 0; i = id.lastIndexOf('-', i - 1)) out.push(id.slice(0, i));
  return out;
}

/** This package's version, from its package.json (the nearest one above this file). */
function packageVersion(): string {
  for (let dir = new URL('.', import.meta.url); dir.pathname !== '/'; dir = new URL('..', dir)) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as { version?: string };
      if (pkg.version !== undefined) return pkg.version;
    } catch {
      // not here: look one level up
    }
  }
  return 'unknown';
}

/** Route config carrying the route id (read by the server's hook as `request.routeOptions.config.routeId`). */
const routeConfig = (routeId: FhirRouteId) =>
  ({ routeId }) as FastifyContextConfig & { routeId: FhirRouteId };

/** Registers the FHIR routes on `app` (or the plugin scope it is given). */
export function registerFhirRoutes(app: FastifyInstance, deps: FhirRouteDeps): void {
  if (!app.hasContentTypeParser(FHIR_CONTENT_TYPE)) {
    app.addContentTypeParser(FHIR_CONTENT_TYPE, { parseAs: 'string' }, (_req, body, done) => {
      try {
        done(null, JSON.parse(body as string) as unknown);
      } catch (e) {
        done(Object.assign(e as Error, { statusCode: 400 }), undefined);
      }
    });
  }
  const now = deps.now ?? (() => Date.now());
  const base = (req: FastifyRequest) =>
    deps.baseUrl === undefined ? `${loopbackBaseUrl(req)}/fhir` : deps.baseUrl.replace(/\/+$/, '');
  // Every answer writes this server's URLs (fullUrl, Location, the CapabilityStatement's own): a request
  // whose base is unknown is refused first, before any read.
  const knownBase = (req: FastifyRequest, _reply: FastifyReply, done: (e?: Error) => void): void => {
    try {
      base(req);
      done();
    } catch (e) {
      done(e as Error);
    }
  };
  const guard =
    (routeId: FhirRouteId) =>
    async (req: FastifyRequest): Promise<void> => {
      const id = (req.params as { id?: string }).id;
      await deps.authorize?.(req, id === undefined ? { routeId } : { routeId, patientId: id });
    };
  const send = (reply: FastifyReply, body: unknown) => reply.type(FHIR_CONTENT_TYPE).send(body);
  /** The patient's record as the caller may read it (load.ts; the reads are audited as the caller). */
  const recordFor = (req: FastifyRequest, patientId: string) =>
    loadPatientRecord(
      deps.store,
      patientId,
      { actor: deps.actorOf(req) },
      { episodes: deps.readsEpisodes?.(req, patientId) ?? true },
    );

  /** The mapping options of a record read by `req`: who reads its audit, with the actors' names. */
  const recordOptions = async (req: FastifyRequest, record: PatientRecord): Promise<MapOptions> => {
    const names = new Map(
      (await deps.store.resolveActors(record.audit.map((e) => e.actor))).map((n) => [n.actor, n] as const),
    );
    const subject = deps.auditSubjectOf?.(req);
    return {
      baseUrl: base(req),
      now: now(),
      auditView: subject === undefined ? { names } : { names, subject },
    };
  };

  app.get<IdParams>(
    '/fhir/Patient/:id/$everything',
    {
      schema: {
        tags: ['fhir'],
        summary:
          "Everything in a patient's compartment, as a searchset Bundle (its own audit trail only when `_type` asks for AuditEvent)",
        params: idParams,
        querystring: fhirQuery({ _type: queryValue.describe('resource types to include, comma separated') }),
        response: { 200: fhirJson(fhirBundle, 'The Bundle') },
      },
      ...zodCompilers,
      config: routeConfig(FHIR_ROUTE_IDS.everything),
      onRequest: [negotiate, knownBase],
      preHandler: guard(FHIR_ROUTE_IDS.everything),
    },
    async (req, reply) => {
      const typeParam = one((req.query as Query)._type);
      const types =
        typeParam === undefined
          ? undefined
          : new Set(
              typeParam
                .split(',')
                .map((t) => t.trim())
                .filter((t) => t !== ''),
            );
      const record = await recordFor(req, req.params.id);
      const keep = (type: string) =>
        types === undefined
          ? !EVERYTHING_DEFAULT_EXCLUDES.includes(type)
          : type === 'Patient' || types.has(type);
      return send(reply, patientBundle(record, await recordOptions(req, record), keep));
    },
  );

  app.get<IdParams>(
    '/fhir/Patient/:id',
    {
      schema: {
        tags: ['fhir'],
        summary: 'Read one Patient',
        params: idParams,
        querystring: fhirQuery({}),
        response: { 200: fhirJson(fhirResource, 'The Patient') },
      },
      ...zodCompilers,
      config: routeConfig(FHIR_ROUTE_IDS.read),
      onRequest: [negotiate, knownBase],
      preHandler: guard(FHIR_ROUTE_IDS.read),
    },
    async (req, reply) => {
      const patient = await deps.store.getPatient(req.params.id, { actor: deps.actorOf(req) });
      return send(reply, patientToFhir(patient, { baseUrl: base(req), now: now() }));
    },
  );

  app.post(
    '/fhir/Patient',
    {
      schema: {
        tags: ['fhir'],
        summary: 'Register a patient from a FHIR Patient resource (its Location header is the new Patient)',
        consumes: [FHIR_CONTENT_TYPE, 'application/json'],
        querystring: fhirQuery({}),
        body: fhirResource,
        response: { 201: fhirJson(fhirResource, 'The Patient, created') },
      },
      ...zodCompilers,
      config: routeConfig(FHIR_ROUTE_IDS.create),
      onRequest: [negotiate, knownBase],
      preHandler: guard(FHIR_ROUTE_IDS.create),
    },
    async (req, reply) => {
      const input = importPatient(req.body, { ...deps.importDefaults, now: now() });
      const patient = await deps.store.createPatient(input, { actor: deps.actorOf(req) });
      const resource = patientToFhir(patient, { baseUrl: base(req), now: now() });
      return send(reply.code(201).header('location', `${base(req)}/Patient/${resource.id}`), resource);
    },
  );

  const version = packageVersion();
  app.get(
    '/fhir/metadata',
    {
      schema: {
        tags: ['fhir'],
        summary: "The server's CapabilityStatement: what it serves and how",
        security: [],
        querystring: fhirQuery({}),
        response: { 200: fhirJson(fhirResource, 'The CapabilityStatement') },
      },
      ...zodCompilers,
      config: routeConfig(FHIR_ROUTE_IDS.metadata),
      onRequest: [negotiate, knownBase],
    },
    async (req, reply) => send(reply, capabilityStatement(base(req), version, now())),
  );

  /** The patient's resources of one type (the record load is the audited read). */
  const resourcesOf = async (req: FastifyRequest, type: string, patientId: string) => {
    if (!isCompartmentType(type))
      throw new ItbError(
        'ITB_E_FHIR_UNKNOWN_TYPE',
        `this server does not serve ${type} (see /fhir/metadata)`,
      );
    const record = await recordFor(req, patientId);
    return patientResources(record, await recordOptions(req, record)).filter((r) => r.resourceType === type);
  };

  app.get<{ Params: { type: string } }>(
    '/fhir/:type',
    {
      schema: {
        tags: ['fhir'],
        summary: "Search one resource type of a patient's compartment by patient (`?patient=<id>`)",
        params: z.strictObject({ type: z.string().describe('a resource type (see /fhir/metadata)') }),
        querystring: fhirQuery({
          patient: queryValue.describe('the patient: <id> or Patient/<id>'),
          subject: queryValue.describe('the same as patient'),
        }),
        response: { 200: fhirJson(fhirBundle, 'A searchset Bundle') },
      },
      ...zodCompilers,
      config: routeConfig(FHIR_ROUTE_IDS.search),
      onRequest: [negotiate, knownBase],
    },
    async (req, reply) => {
      const q = req.query as Query;
      const unsupported = Object.keys(q).filter((k) => !['patient', 'subject', '_format'].includes(k));
      if (unsupported.length > 0)
        throw new ItbError('ITB_E_FHIR_SEARCH', `unsupported search parameter(s): ${unsupported.join(', ')}`);
      const ref = one(q.patient) ?? one(q.subject);
      if (ref === undefined || ref.trim() === '')
        throw new ItbError('ITB_E_FHIR_SEARCH', `search ${req.params.type} by patient: ?patient=<id>`);
      const patientId = ref.replace(/^Patient\//, '');
      await deps.authorize?.(req, { routeId: FHIR_ROUTE_IDS.search, patientId });
      const found = await resourcesOf(req, req.params.type, patientId);
      const self = `${base(req)}/${req.params.type}?patient=${encodeURIComponent(patientId)}`;
      return send(reply, searchBundle(found, { baseUrl: base(req), now: now() }, self));
    },
  );

  app.get<{ Params: { type: string; id: string } }>(
    '/fhir/:type/:id',
    {
      schema: {
        tags: ['fhir'],
        summary: 'Read one resource of any type the server serves',
        params: z.strictObject({
          type: z.string().describe('a resource type (see /fhir/metadata)'),
          id: z.string().describe('the logical id'),
        }),
        querystring: fhirQuery({}),
        response: { 200: fhirJson(fhirResource, 'The resource') },
      },
      ...zodCompilers,
      config: routeConfig(FHIR_ROUTE_IDS.readAny),
      onRequest: [negotiate, knownBase],
    },
    async (req, reply) => {
      const { type, id } = req.params;
      if (!isCompartmentType(type))
        throw new ItbError(
          'ITB_E_FHIR_UNKNOWN_TYPE',
          `this server does not serve ${type} (see /fhir/metadata)`,
        );
      const notFound = () => new ItbError('ITB_E_FHIR_NOT_FOUND', `no ${type} has the id ${id}`);
      let patientId: string | undefined;
      const audit = /^audit-(\d{1,15})$/.exec(id);
      if (audit !== null) {
        const [entry] = await deps.store.auditTrail(
          { fromSeq: Number(audit[1]), limit: 1 },
          { actor: deps.actorOf(req) },
        );
        patientId = entry !== undefined && entry.seq === Number(audit[1]) ? entry.entityId : undefined;
      } else {
        for (const candidate of storeIdCandidates(id)) {
          patientId = await deps.store.patientOfRecord(candidate);
          if (patientId !== undefined) break;
        }
      }
      if (patientId === undefined) throw notFound();
      await deps.authorize?.(req, { routeId: FHIR_ROUTE_IDS.readAny, patientId });
      const resource = (await resourcesOf(req, type, patientId)).find((r) => r.id === id);
      if (resource === undefined) throw notFound();
      return send(reply, resource);
    },
  );
}
