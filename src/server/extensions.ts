/**
 * The route groups that live outside src/server — FHIR R4 (src/fhir) and the PDFs (src/reports) — mounted
 * as extensions, so their rules join the one authorization table and the authorization matrix test.
 */
import { registerFhirRoutes } from '../fhir/routes.ts';
import { clinicTimeZone } from '../clinic/time-zone.ts';
import { registerReportRoutes } from '../reports/routes.ts';
import type { AppExtension } from './app.ts';
import { AUTHORIZATION, assertAllowed, type Acting } from './authz-table.ts';
import { pumpExtension } from './pump-routes.ts';
import { simExtension } from './sim-extension.ts';

const STAFF = ['physician', 'nurse', 'viewer'] as const;
/** The REST route of a patient's troubleshooting episodes: its rule says who reads them through FHIR too. */
const EPISODES_ROUTE = 'GET /api/v1/patients/:patientId/troubleshooting';

/**
 * True when the authorization table lets `who` read `patientId`'s troubleshooting episodes. A patient
 * account, which the REST API refuses them, read them as ClinicalImpressions in its own $everything.
 */
function readsEpisodes(who: Acting, patientId: string): boolean {
  try {
    assertAllowed(AUTHORIZATION[EPISODES_ROUTE]!, who, { patientId });
    return true;
  } catch {
    return false;
  }
}

export const fhirExtension: AppExtension = {
  name: 'fhir',
  rules: {
    'GET /fhir/Patient/:id/$everything': { roles: [...STAFF, 'patient'], patientParam: 'id' },
    'GET /fhir/Patient/:id': { roles: [...STAFF, 'patient'], patientParam: 'id' },
    'POST /fhir/Patient': { roles: ['physician', 'nurse'] },
    'GET /fhir/metadata': { public: true },
    // Read and search name their patient only after a lookup or in the query: staff alone (a patient account
    // reads its own record through Patient/:id and $everything).
    'GET /fhir/:type': { roles: [...STAFF] },
    'GET /fhir/:type/:id': { roles: [...STAFF] },
  },
  register(app, deps) {
    registerFhirRoutes(app, {
      store: deps.store,
      now: deps.now,
      actorOf: (req) => deps.principalOf(req).actor,
      ...(deps.publicUrl === undefined ? {} : { baseUrl: `${deps.publicUrl}/fhir` }),
      readsEpisodes: (req, patientId) => readsEpisodes(deps.principalOf(req), patientId),
      auditSubjectOf: (req) => {
        const p = deps.principalOf(req);
        return p.role === 'patient' ? p.actor : undefined;
      },
    });
  },
};

export const reportsExtension: AppExtension = {
  name: 'reports',
  rules: {
    // A patient may print their own emergency card (docs/architecture.md: patient view).
    'GET /api/v1/patients/:id/emergency-card.pdf': { roles: [...STAFF, 'patient'], patientParam: 'id' },
    // The refill report names its patient only in the query, so it is for staff alone.
    'GET /api/v1/refills/:id/report.pdf': { roles: [...STAFF] },
    // The session summary is a chart document: staff only (it names staff and every pump write).
    'GET /api/v1/patients/:id/session-summary.pdf': { roles: [...STAFF] },
  },
  register(app, deps) {
    registerReportRoutes(app, {
      store: deps.store,
      now: deps.now,
      timeZone: clinicTimeZone(),
      actorOf: (req) => deps.principalOf(req).actor,
    });
  },
};

/** What `itb serve` mounts. */
export const DEFAULT_EXTENSIONS: readonly AppExtension[] = [
  fhirExtension,
  reportsExtension,
  pumpExtension,
  simExtension(),
];
