/**
 * zod schemas of the R4 resources this module emits (https://hl7.org/fhir/R4/resourcelist.html): required
 * elements (1..1), cardinalities, value types and the invariants we can hit. Strict objects: an element R4
 * does not define (or that we misspelt) fails validation. Only elements we use are modelled, so a resource
 * from elsewhere may carry elements these schemas reject — they check our output, not the world's
 * (import.ts has its own, lenient Patient schema).
 */
import { z } from 'zod';
import {
  annotationSchema,
  codeableConceptSchema,
  codingSchema,
  contactPointSchema,
  fhirCode,
  fhirDate,
  fhirDateTime,
  fhirInstant,
  fhirString,
  fhirUri,
  humanNameSchema,
  identifierSchema,
  periodSchema,
  positiveInt,
  referenceTo,
  resourceBase,
  ucumQuantity,
  unsignedInt,
} from './datatypes.ts';
import {
  medicationAdministrationSchema,
  medicationRequestSchema,
  observationSchema,
  procedureSchema,
} from './schemas-clinical.ts';

import { carePlanSchema, clinicalImpressionSchema, goalSchema } from './schemas-pathway.ts';

export { medicationAdministrationSchema, medicationRequestSchema, observationSchema, procedureSchema };

const patientRef = referenceTo('Patient');
const deviceRef = referenceTo('Device');
const one = <T extends z.ZodType>(t: T) => z.array(t).min(1);

export const patientSchema = z.strictObject({
  resourceType: z.literal('Patient'),
  ...resourceBase,
  identifier: z.array(identifierSchema).optional(),
  active: z.boolean().optional(),
  name: z.array(humanNameSchema).optional(),
  telecom: z.array(contactPointSchema).optional(),
  birthDate: fhirDate.optional(),
});

export const deviceSchema = z.strictObject({
  resourceType: z.literal('Device'),
  ...resourceBase,
  identifier: z.array(identifierSchema).optional(),
  status: z.enum(['active', 'inactive', 'entered-in-error', 'unknown']).optional(),
  serialNumber: fhirString.optional(),
  deviceName: z
    .array(
      z.strictObject({
        name: fhirString,
        type: z.enum([
          'udi-label-name',
          'user-friendly-name',
          'patient-reported-name',
          'manufacturer-name',
          'model-name',
          'other',
        ]),
      }),
    )
    .optional(),
  modelNumber: fhirString.optional(),
  type: codeableConceptSchema.optional(),
  property: z
    .array(
      z.strictObject({
        type: codeableConceptSchema,
        valueQuantity: z.array(ucumQuantity('mL', 'mm', 'mL/d')).optional(),
        valueCode: z.array(codeableConceptSchema).optional(),
      }),
    )
    .optional(),
  patient: patientRef.optional(),
  note: z.array(annotationSchema).optional(),
  parent: deviceRef.optional(),
});

export const appointmentSchema = z
  .strictObject({
    resourceType: z.literal('Appointment'),
    ...resourceBase,
    status: z.enum([
      'proposed',
      'pending',
      'booked',
      'arrived',
      'fulfilled',
      'cancelled',
      'noshow',
      'entered-in-error',
      'checked-in',
      'waitlist',
    ]),
    serviceType: z.array(codeableConceptSchema).optional(),
    appointmentType: codeableConceptSchema.optional(),
    description: fhirString.optional(),
    start: fhirInstant,
    end: fhirInstant,
    minutesDuration: positiveInt.optional(),
    comment: fhirString.optional(),
    participant: one(
      z.strictObject({
        actor: referenceTo('Patient', 'Device', 'Practitioner', 'Location'),
        status: z.enum(['accepted', 'declined', 'tentative', 'needs-action']),
      }),
    ),
  })
  .refine((a) => a.start <= a.end, 'app-4: start ≤ end');

export const flagSchema = z.strictObject({
  resourceType: z.literal('Flag'),
  ...resourceBase,
  status: z.enum(['active', 'inactive', 'entered-in-error']),
  category: z.array(codeableConceptSchema).optional(),
  code: codeableConceptSchema,
  subject: patientRef,
  period: periodSchema.optional(),
  author: referenceTo('Device', 'Organization', 'Practitioner', 'PractitionerRole').optional(),
});

export const conditionSchema = z.strictObject({
  resourceType: z.literal('Condition'),
  ...resourceBase,
  severity: codeableConceptSchema.optional(),
  code: codeableConceptSchema,
  subject: patientRef,
  onsetDateTime: fhirDateTime.optional(),
  recordedDate: fhirDateTime.optional(),
  note: z.array(annotationSchema).optional(),
});

export const auditEventSchema = z.strictObject({
  resourceType: z.literal('AuditEvent'),
  ...resourceBase,
  type: codingSchema,
  subtype: z.array(codingSchema).optional(),
  action: z.enum(['C', 'R', 'U', 'D', 'E']).optional(),
  recorded: fhirInstant,
  outcome: z.enum(['0', '4', '8', '12']).optional(),
  agent: one(
    z.strictObject({
      type: codeableConceptSchema.optional(),
      who: z
        .strictObject({ identifier: identifierSchema.optional(), display: fhirString.optional() })
        .optional(),
      requestor: z.boolean(),
    }),
  ),
  source: z.strictObject({ site: fhirString.optional(), observer: z.strictObject({ display: fhirString }) }),
  entity: z
    .array(
      z.strictObject({
        what: z
          .strictObject({ reference: z.string().optional(), identifier: identifierSchema.optional() })
          .optional(),
        type: codingSchema.optional(),
        detail: z.array(z.strictObject({ type: fhirString, valueString: fhirString })).optional(),
      }),
    )
    .optional(),
});

/** The local MAS grade CodeSystem (complete content). */
export const codeSystemSchema = z.strictObject({
  resourceType: z.literal('CodeSystem'),
  ...resourceBase,
  url: fhirUri,
  name: fhirString,
  title: fhirString.optional(),
  status: z.enum(['draft', 'active', 'retired', 'unknown']),
  description: fhirString.optional(),
  caseSensitive: z.boolean().optional(),
  content: z.enum(['not-present', 'example', 'fragment', 'complete', 'supplement']),
  count: unsignedInt.optional(),
  concept: z.array(z.strictObject({ code: fhirCode, display: fhirString.optional() })).optional(),
});

/** Every resource type a patient Bundle may hold, by resourceType. */
export const RESOURCE_SCHEMAS = {
  Patient: patientSchema,
  Device: deviceSchema,
  MedicationRequest: medicationRequestSchema,
  MedicationAdministration: medicationAdministrationSchema,
  Procedure: procedureSchema,
  Observation: observationSchema,
  Appointment: appointmentSchema,
  Flag: flagSchema,
  Condition: conditionSchema,
  AuditEvent: auditEventSchema,
  CarePlan: carePlanSchema,
  Goal: goalSchema,
  ClinicalImpression: clinicalImpressionSchema,
} as const;
export type ResourceType = keyof typeof RESOURCE_SCHEMAS;
export type FhirResource = { [K in ResourceType]: z.output<(typeof RESOURCE_SCHEMAS)[K]> }[ResourceType];

const anyResource = z.looseObject({
  resourceType: z.enum(Object.keys(RESOURCE_SCHEMAS) as [ResourceType, ...ResourceType[]]),
  id: z.string(),
});

/** Bundle: bdl-7 (fullUrl unique) and bdl-8 (fullUrl has no version) are checked. */
export const bundleSchema = z
  .strictObject({
    resourceType: z.literal('Bundle'),
    id: z.string().optional(),
    type: z.enum(['searchset', 'collection']),
    timestamp: fhirInstant,
    total: unsignedInt.optional(),
    link: z.array(z.strictObject({ relation: fhirString, url: fhirUri })).optional(),
    entry: z.array(
      z.strictObject({
        fullUrl: fhirUri.refine((u) => !u.includes('/_history/'), 'bdl-8: no version in fullUrl'),
        resource: anyResource,
        search: z.strictObject({ mode: z.enum(['match', 'include', 'outcome']) }).optional(),
      }),
    ),
  })
  .refine((b) => new Set(b.entry.map((e) => e.fullUrl)).size === b.entry.length, 'bdl-7: fullUrl unique')
  .refine((b) => b.type === 'searchset' || b.total === undefined, 'bdl-1: total only in a searchset');
/** A Bundle as we emit it: every entry's resource is one of {@link FhirResource}. */
export type Bundle = Omit<z.output<typeof bundleSchema>, 'entry'> & {
  entry: Array<{
    fullUrl: string;
    resource: FhirResource;
    search?: { mode: 'match' | 'include' | 'outcome' };
  }>;
};
export type PatientResource = z.output<typeof patientSchema>;
export type DeviceResource = z.output<typeof deviceSchema>;
export type MedicationRequestResource = z.output<typeof medicationRequestSchema>;
export type MedicationAdministrationResource = z.output<typeof medicationAdministrationSchema>;
export type ProcedureResource = z.output<typeof procedureSchema>;
export type ObservationResource = z.output<typeof observationSchema>;
export type AppointmentResource = z.output<typeof appointmentSchema>;
export type FlagResource = z.output<typeof flagSchema>;
export type ConditionResource = z.output<typeof conditionSchema>;
export type AuditEventResource = z.output<typeof auditEventSchema>;
export type CodeSystemResource = z.output<typeof codeSystemSchema>;
