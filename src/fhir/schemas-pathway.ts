/**
 * zod schemas of the R4 resources the care pathway and the projected dates add: CarePlan (what is due:
 * refill, replacement), Goal (the goals of therapy the team agreed) and ClinicalImpression (the candidacy
 * evaluation and the team's decision). Strict, like schemas.ts: only the elements we emit, with R4's
 * required elements, cardinalities and required bindings (https://hl7.org/fhir/R4/).
 */
import { z } from 'zod';
import {
  annotationSchema,
  codeableConceptSchema,
  fhirDate,
  fhirDateTime,
  fhirString,
  periodSchema,
  referenceTo,
  resourceBase,
} from './datatypes.ts';

const patientRef = referenceTo('Patient');

export const carePlanSchema = z.strictObject({
  resourceType: z.literal('CarePlan'),
  ...resourceBase,
  status: z.enum(['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown']),
  intent: z.enum(['proposal', 'plan', 'order', 'option']),
  category: z.array(codeableConceptSchema).optional(),
  title: fhirString.optional(),
  subject: patientRef,
  goal: z.array(referenceTo('Goal')).optional(),
  activity: z
    .array(
      z.strictObject({
        detail: z.strictObject({
          kind: z.enum([
            'Appointment',
            'CommunicationRequest',
            'DeviceRequest',
            'MedicationRequest',
            'NutritionOrder',
            'Task',
            'ServiceRequest',
            'VisionPrescription',
          ]),
          code: codeableConceptSchema.optional(),
          status: z.enum([
            'not-started',
            'scheduled',
            'in-progress',
            'on-hold',
            'completed',
            'cancelled',
            'stopped',
            'unknown',
            'entered-in-error',
          ]),
          statusReason: codeableConceptSchema.optional(),
          scheduledPeriod: periodSchema.optional(),
          description: fhirString.optional(),
        }),
      }),
    )
    .optional(),
});

export const goalSchema = z.strictObject({
  resourceType: z.literal('Goal'),
  ...resourceBase,
  lifecycleStatus: z.enum([
    'proposed',
    'planned',
    'accepted',
    'active',
    'on-hold',
    'completed',
    'cancelled',
    'entered-in-error',
    'rejected',
  ]),
  description: codeableConceptSchema,
  subject: patientRef,
  startDate: fhirDate.optional(),
  expressedBy: referenceTo('Patient', 'Practitioner', 'PractitionerRole', 'RelatedPerson').optional(),
  note: z.array(annotationSchema).optional(),
});

export const clinicalImpressionSchema = z.strictObject({
  resourceType: z.literal('ClinicalImpression'),
  ...resourceBase,
  status: z.enum(['in-progress', 'completed', 'entered-in-error']),
  code: codeableConceptSchema.optional(),
  description: fhirString.optional(),
  subject: patientRef,
  effectiveDateTime: fhirDateTime.optional(),
  date: fhirDateTime.optional(),
  assessor: referenceTo('Practitioner', 'PractitionerRole').optional(),
  finding: z
    .array(z.strictObject({ itemCodeableConcept: codeableConceptSchema, basis: fhirString.optional() }))
    .optional(),
  prognosisCodeableConcept: z.array(codeableConceptSchema).optional(),
  summary: fhirString.optional(),
  note: z.array(annotationSchema).optional(),
});

export type CarePlanResource = z.output<typeof carePlanSchema>;
export type GoalResource = z.output<typeof goalSchema>;
export type ClinicalImpressionResource = z.output<typeof clinicalImpressionSchema>;
