/**
 * The FHIR R4 HTTP routes, kept thin: load → map → send. Authentication, authorization and the mapping of
 * ItbError codes to OperationOutcome responses belong to the server (src/server); each route carries a
 * `routeId` in its config for the server's hook, and `deps.authorize` (if given) runs before the handler.
 *
 * - `GET  /fhir/Patient/:id/$everything` (routeId `fhir.patient.everything`) → searchset Bundle
 * - `GET  /fhir/Patient/:id`             (routeId `fhir.patient.read`)       → Patient
 * - `POST /fhir/Patient`                 (routeId `fhir.patient.create`)     → 201 + Patient + Location
 */
import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ClinicStore } from '../clinic/store.ts';
import { patientBundle } from './bundle.ts';
import { importPatient, type ImportOptions } from './import.ts';
import { loadPatientRecord } from './load.ts';
import { patientToFhir } from './map-patient.ts';

export const FHIR_CONTENT_TYPE = 'application/fhir+json';

export const FHIR_ROUTE_IDS = {
  everything: 'fhir.patient.everything',
  read: 'fhir.patient.read',
  create: 'fhir.patient.create',
} as const;
export type FhirRouteId = (typeof FHIR_ROUTE_IDS)[keyof typeof FHIR_ROUTE_IDS];

export interface FhirRouteDeps {
  readonly store: ClinicStore;
  /** Who is asking (written to the audit trail by every store read and write). */
  readonly actorOf: (request: FastifyRequest) => string;
  /** Public FHIR base URL (fullUrl, Location); default `<protocol>://<host>/fhir` of the request. */
  readonly baseUrl?: string;
  /** The clock (Bundle.timestamp, age band on import); default Date.now. */
  readonly now?: () => number;
  /** Runs before each handler; throw (an ItbError) to refuse. */
  readonly authorize?: (
    request: FastifyRequest,
    access: { readonly routeId: FhirRouteId; readonly patientId?: string },
  ) => void | Promise<void>;
  /** Defaults for data a FHIR Patient may lack (the importing clinic's contact …). */
  readonly importDefaults?: Omit<ImportOptions, 'now'>;
}

type IdParams = { Params: { id: string } };

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
    (deps.baseUrl ?? `${req.protocol}://${req.host}/fhir`).replace(/\/+$/, '');
  const guard =
    (routeId: FhirRouteId) =>
    async (req: FastifyRequest): Promise<void> => {
      const id = (req.params as { id?: string }).id;
      await deps.authorize?.(req, id === undefined ? { routeId } : { routeId, patientId: id });
    };
  const send = (reply: FastifyReply, body: unknown) => reply.type(FHIR_CONTENT_TYPE).send(body);

  app.get<IdParams>(
    '/fhir/Patient/:id/$everything',
    { config: routeConfig(FHIR_ROUTE_IDS.everything), preHandler: guard(FHIR_ROUTE_IDS.everything) },
    async (req, reply) => {
      const record = await loadPatientRecord(deps.store, req.params.id, { actor: deps.actorOf(req) });
      return send(reply, patientBundle(record, { baseUrl: base(req), now: now() }));
    },
  );

  app.get<IdParams>(
    '/fhir/Patient/:id',
    { config: routeConfig(FHIR_ROUTE_IDS.read), preHandler: guard(FHIR_ROUTE_IDS.read) },
    async (req, reply) => {
      const patient = await deps.store.getPatient(req.params.id, { actor: deps.actorOf(req) });
      return send(reply, patientToFhir(patient, { baseUrl: base(req), now: now() }));
    },
  );

  app.post(
    '/fhir/Patient',
    { config: routeConfig(FHIR_ROUTE_IDS.create), preHandler: guard(FHIR_ROUTE_IDS.create) },
    async (req, reply) => {
      const input = importPatient(req.body, { ...deps.importDefaults, now: now() });
      const patient = await deps.store.createPatient(input, { actor: deps.actorOf(req) });
      const resource = patientToFhir(patient, { baseUrl: base(req), now: now() });
      return send(reply.code(201).header('location', `${base(req)}/Patient/${resource.id}`), resource);
    },
  );
}
