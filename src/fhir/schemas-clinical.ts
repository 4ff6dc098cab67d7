/**
 * zod schemas of the clinical R4 resources we emit: MedicationRequest, MedicationAdministration, Procedure
 * and Observation (https://hl7.org/fhir/R4/). Strict, like schemas.ts: required elements, cardinalities,
 * value types and the invariants we can hit (mad-1, obs value[x] 0..1).
 */
import { z } from 'zod';
import {
  annotationSchema,
  codeableConceptSchema,
  dosageSchema,
  fhirDateTime,
  fhirString,
  identifierSchema,
  periodSchema,
  referenceTo,
  resourceBase,
  ucumQuantity,
} from './datatypes.ts';

const patientRef = referenceTo('Patient');
const deviceRef = referenceTo('Device');

export const medicationRequestSchema = z.strictObject({
  resourceType: z.literal('MedicationRequest'),
  ...resourceBase,
  identifier: z.array(identifierSchema).optional(),
  status: z.enum([
    'active',
    'on-hold',
    'cancelled',
    'completed',
    'entered-in-error',
    'stopped',
    'draft',
    'unknown',
  ]),
  intent: z.enum([
    'proposal',
    'plan',
    'order',
    'original-order',
    'reflex-order',
    'filler-order',
    'instance-order',
    'option',
  ]),
  doNotPerform: z.boolean().optional(),
  medicationCodeableConcept: codeableConceptSchema,
  subject: patientRef,
  authoredOn: fhirDateTime.optional(),
  requester: referenceTo(
    'Practitioner',
    'PractitionerRole',
    'Organization',
    'Patient',
    'RelatedPerson',
    'Device',
  ).optional(),
  note: z.array(annotationSchema).optional(),
  dosageInstruction: z.array(dosageSchema).optional(),
  priorPrescription: referenceTo('MedicationRequest').optional(),
});

export const medicationAdministrationSchema = z
  .strictObject({
    resourceType: z.literal('MedicationAdministration'),
    ...resourceBase,
    status: z.enum([
      'in-progress',
      'not-done',
      'on-hold',
      'completed',
      'entered-in-error',
      'stopped',
      'unknown',
    ]),
    medicationCodeableConcept: codeableConceptSchema,
    subject: patientRef,
    partOf: z.array(referenceTo('MedicationAdministration', 'Procedure')).optional(),
    effectiveDateTime: fhirDateTime.optional(),
    effectivePeriod: periodSchema.optional(),
    request: referenceTo('MedicationRequest').optional(),
    device: z.array(deviceRef).optional(),
    note: z.array(annotationSchema).optional(),
    dosage: z
      .strictObject({
        text: fhirString.optional(),
        route: codeableConceptSchema.optional(),
        dose: ucumQuantity('ug', 'mL').optional(),
        rateQuantity: ucumQuantity('ug/d', 'mL/d').optional(),
      })
      // mad-1: a dosage states at least a dose or a rate.
      .refine((d) => d.dose !== undefined || d.rateQuantity !== undefined, 'mad-1: dose or rate')
      .optional(),
  })
  .refine((m) => (m.effectiveDateTime === undefined) !== (m.effectivePeriod === undefined), {
    message: 'effective[x] is 1..1',
  });

export const procedureSchema = z.strictObject({
  resourceType: z.literal('Procedure'),
  ...resourceBase,
  identifier: z.array(identifierSchema).optional(),
  status: z.enum([
    'preparation',
    'in-progress',
    'not-done',
    'on-hold',
    'stopped',
    'completed',
    'entered-in-error',
    'unknown',
  ]),
  category: codeableConceptSchema.optional(),
  code: codeableConceptSchema,
  subject: patientRef,
  performedDateTime: fhirDateTime.optional(),
  performer: z
    .array(z.strictObject({ actor: referenceTo('Practitioner', 'PractitionerRole', 'Organization') }))
    .optional(),
  reasonCode: z.array(codeableConceptSchema).optional(),
  outcome: codeableConceptSchema.optional(),
  note: z.array(annotationSchema).optional(),
  focalDevice: z
    .array(z.strictObject({ action: codeableConceptSchema.optional(), manipulated: deviceRef }))
    .optional(),
  usedCode: z.array(codeableConceptSchema).optional(),
});

const mlQuantity = ucumQuantity('mL');
/** The quantities an Observation carries: residuals in mL, body temperature in °C (UCUM `Cel`). */
const observationQuantity = ucumQuantity('mL', 'Cel');
/** value[x] 0..1 of an Observation or one of its components. */
const oneValue = (o: Record<string, unknown>): boolean =>
  ['valueCodeableConcept', 'valueQuantity', 'valueInteger', 'valueBoolean', 'valueDateTime'].filter(
    (k) => o[k] !== undefined,
  ).length <= 1;

export const observationSchema = z
  .strictObject({
    resourceType: z.literal('Observation'),
    ...resourceBase,
    status: z.enum([
      'registered',
      'preliminary',
      'final',
      'amended',
      'corrected',
      'cancelled',
      'entered-in-error',
      'unknown',
    ]),
    partOf: z.array(referenceTo('MedicationAdministration', 'Procedure')).optional(),
    category: z.array(codeableConceptSchema).optional(),
    code: codeableConceptSchema,
    subject: patientRef,
    focus: z.array(referenceTo('Procedure', 'Goal', 'Device')).optional(),
    effectiveDateTime: fhirDateTime,
    performer: z.array(referenceTo('Practitioner', 'Organization', 'Patient')).optional(),
    valueCodeableConcept: codeableConceptSchema.optional(),
    valueQuantity: observationQuantity.optional(),
    valueInteger: z.int().optional(),
    valueBoolean: z.boolean().optional(),
    valueDateTime: fhirDateTime.optional(),
    interpretation: z.array(codeableConceptSchema).optional(),
    note: z.array(annotationSchema).optional(),
    bodySite: codeableConceptSchema.optional(),
    method: codeableConceptSchema.optional(),
    device: deviceRef.optional(),
    hasMember: z.array(referenceTo('Observation')).optional(),
    component: z
      .array(
        z
          .strictObject({
            code: codeableConceptSchema,
            valueQuantity: mlQuantity.optional(),
            valueCodeableConcept: codeableConceptSchema.optional(),
            valueBoolean: z.boolean().optional(),
            interpretation: z.array(codeableConceptSchema).optional(),
          })
          .refine(oneValue, { message: 'component value[x] is 0..1' }),
      )
      .optional(),
  })
  .refine(oneValue, { message: 'value[x] is 0..1' });
