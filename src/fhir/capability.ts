/**
 * The server's FHIR R4 surface, stated once: the resource types it serves, what each supports, and the
 * CapabilityStatement (`GET /fhir/metadata`) generated from that list, so the document and the routes cannot
 * drift apart. The read and search routes (routes.ts) accept exactly these types.
 */

/** Types found in a patient's `$everything` Bundle besides Patient: read by id and searched by patient. */
export const PATIENT_COMPARTMENT_TYPES = [
  'Device',
  'Procedure',
  'MedicationRequest',
  'MedicationAdministration',
  'Observation',
  'Condition',
  'Appointment',
  'Flag',
  'CarePlan',
  'Goal',
  'ClinicalImpression',
  'AuditEvent',
] as const;
export type CompartmentType = (typeof PATIENT_COMPARTMENT_TYPES)[number];

export const isCompartmentType = (t: string): t is CompartmentType =>
  (PATIENT_COMPARTMENT_TYPES as readonly string[]).includes(t);

/** `$everything` leaves these out unless `_type` names them (its own reads would make it grow each time). */
export const EVERYTHING_DEFAULT_EXCLUDES: readonly string[] = ['AuditEvent'];

/** The one format served. */
export const FHIR_JSON = 'application/fhir+json';

/** The CapabilityStatement of this server (R4, `instance` kind), dated by the caller's clock. */
export function capabilityStatement(baseUrl: string, version: string, now: number) {
  const search = [
    { name: 'patient', type: 'reference', documentation: 'The patient (id or Patient/id); required' },
  ];
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: new Date(now).toISOString(),
    publisher: 'itb',
    kind: 'instance',
    software: { name: 'itb', version },
    implementation: { description: 'itb clinic FHIR R4 API', url: baseUrl },
    fhirVersion: '4.0.1',
    format: ['json', FHIR_JSON],
    rest: [
      {
        mode: 'server',
        security: {
          cors: false,
          description:
            'Session cookie or bearer token from POST /api/v1/sessions; staff read any patient, a patient account reads only its own Patient and $everything.',
        },
        resource: [
          {
            type: 'Patient',
            interaction: [{ code: 'read' }, { code: 'create' }],
            operation: [
              {
                name: 'everything',
                definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything',
                documentation: 'Everything about the patient; AuditEvent only when _type names it',
              },
            ],
          },
          ...PATIENT_COMPARTMENT_TYPES.map((type) => ({
            type,
            interaction: [{ code: 'read' }, { code: 'search-type' }],
            searchParam: search,
          })),
        ],
      },
    ],
  };
}
