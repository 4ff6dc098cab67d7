/**
 * The response schemas the routes share, for the OpenAPI document (docs/api.md "OpenAPI") and for the
 * serializer: a reply that does not match its schema is a 500, never a silently different shape. Record
 * schemas are open (`looseObject`): they name the fields a client can rely on and pass the rest through,
 * so a field added to a record reaches clients before its documentation does, and nothing is stripped.
 *
 * A route declares its success response with {@link json}, {@link fhirJson} or {@link pdf}; the error
 * responses are added to every route by openapi.ts from its shape and its authorization rule.
 */
import type { FastifySchema, FastifySchemaCompiler, FastifySerializerCompiler } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { reasonSchema } from '../therapy/reason-schema.ts';
import { CODE_SYSTEM } from './errors.ts';

/** A FHIR OperationOutcome as this API renders every error (errors.ts; docs/codes.md lists the codes). */
export const operationOutcomeSchema = z
  .looseObject({
    resourceType: z.literal('OperationOutcome'),
    issue: z
      .array(
        z.looseObject({
          severity: z.enum(['fatal', 'error', 'warning', 'information']),
          code: z.string().describe('FHIR IssueType (invalid, forbidden, not-found, business-rule …)'),
          details: z.looseObject({
            coding: z.array(z.looseObject({ system: z.string(), code: z.string() })),
            text: z.string(),
          }),
          diagnostics: z.string().optional(),
          expression: z.array(z.string()).optional(),
        }),
      )
      .min(1),
  })
  .meta({
    id: 'OperationOutcome',
    description: `An error: the first issue carries the ITB_E_* code (system ${CODE_SYSTEM}) in clinician words.`,
  });

/** A response in the content form @fastify/swagger documents with its description and media type. */
export interface ContentResponse {
  readonly description: string;
  readonly content: Readonly<Record<string, { readonly schema: z.ZodType }>>;
}

/** A JSON (`application/json`) success response. */
export const json = <S extends z.ZodType>(schema: S, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** A FHIR JSON (`application/fhir+json`) success response. */
export const fhirJson = <S extends z.ZodType>(schema: S, description: string) => ({
  description,
  content: { 'application/fhir+json': { schema } },
});

/** A PDF document (`application/pdf`, binary). */
export const pdf = (description: string) => ({
  description,
  content: {
    'application/pdf': {
      schema: z.string().meta({ contentMediaType: 'application/pdf', description: 'the PDF file' }),
    },
  },
});

/** An error response: the OperationOutcome, with why this status happens. */
export const errorResponse = (description: string): ContentResponse => ({
  description,
  content: { 'application/json': { schema: operationOutcomeSchema } },
});

/** An epoch-ms instant as the API returns it. */
const epochMs = z.number().int().describe('epoch milliseconds (UTC)');

/**
 * An open object schema named `id` in the document's components. Its type is the named fields only (no
 * index signature), so a record type with more fields is accepted; at run time the rest passes through.
 */
export function openObject<T extends z.ZodRawShape>(
  id: string,
  description: string,
  fields: T,
): z.ZodType<z.output<z.ZodObject<T>>> {
  return z.looseObject(fields).meta({ id, description });
}

const recordFields = { id: z.string(), createdAt: epochMs, createdBy: z.string() };
const patientRecordFields = { ...recordFields, patientId: z.string() };

/** A stored record: its id, when and by whom it was written, and its own fields (open to more). */
export const storedRecord = <T extends z.ZodRawShape>(id: string, description: string, fields: T) =>
  openObject(id, description, { ...recordFields, ...fields });

/** A record that belongs to one patient. */
export const patientRecord = <T extends z.ZodRawShape>(id: string, description: string, fields: T) =>
  openObject(id, description, { ...patientRecordFields, ...fields });

export const userSchema = storedRecord('User', 'An account (never its password hash)', {
  email: z.string(),
  name: z.string(),
  role: z.string(),
  patientId: z.string().nullable(),
});
export const patientSchema = storedRecord('Patient', 'A patient of the clinic', {
  mrn: z.string(),
  name: z.string(),
  birthDate: z.string(),
});
export const implantSchema = patientRecord('Implant', 'An implanted pump (never its link keys)', {
  pumpSerial: z.string(),
});
export const prescriptionSchema = patientRecord('Prescription', 'One link of the prescription chain', {});
export const sessionSchema = patientRecord('ProgrammingSession', 'A recorded programming session', {});
export const refillSchema = patientRecord('Refill', 'A refill with its reconciliation', {});
export const trialSchema = patientRecord('Trial', 'A screening trial', {});
export const assessmentSchema = patientRecord('Assessment', 'A tone and side-effect assessment', {});
export const complicationSchema = patientRecord('Complication', 'A complication', {});
export const appointmentSchema = patientRecord('Appointment', 'An appointment', {
  kind: z.string(),
  status: z.enum(['booked', 'attended', 'cancelled']),
});
/**
 * A guardrail or check reason: the one schema (therapy/reason-schema.ts), every field named in the document;
 * open like every record schema.
 */
export const reasonApiSchema = openObject('Reason', 'Why a check said what it said', reasonSchema.shape);
/** A refill booked or changed, with the concerns the booking check found (clinic/booking-check.ts). */
export const checkedAppointmentSchema = patientRecord(
  'CheckedAppointment',
  'An appointment with what the refill-booking check found (refill-by, battery, stopped delivery)',
  {
    kind: z.string(),
    status: z.enum(['booked', 'attended', 'cancelled']),
    concerns: z.array(reasonApiSchema),
  },
);
export const alertSchema = patientRecord('Alert', 'An alert with its state', { state: z.string() });
export const diaryEntrySchema = patientRecord('DiaryEntry', "An entry of the patient's symptom diary", {});
export const evaluationSchema = patientRecord(
  'CandidacyEvaluation',
  "A candidacy evaluation with the multidisciplinary team's decision",
  {},
);
export const postOpCheckSchema = patientRecord('PostOpCheck', 'A post-operative check of an implant', {});
export const explantSchema = patientRecord('Explant', 'A pump taken out, with why', {});

/** An object answer whose fields the route's summary describes (reports, plans, projections). */
export const objectSchema = <T extends z.ZodRawShape>(id: string, description: string, fields: T) =>
  openObject(id, description, fields);

/** An object answer documented by its description only: its fields are its producer's own (a plan, a run). */
export const anyObject = (id: string, description: string): z.ZodType<object> =>
  z.looseObject({}).meta({ id, description });

/** What a pump workflow answers (interrogation, plan, applied change): its fields are the workflow's own. */
export const pumpAnswer = anyObject('PumpWorkflowResult', 'The outcome of a pump workflow');

/**
 * The zod compilers as route options, for route modules that may be mounted on an app that did not set
 * them (the FHIR and report routes are also used on a bare Fastify in their own tests).
 */
export const zodCompilers = { validatorCompiler, serializerCompiler } as unknown as {
  readonly validatorCompiler: FastifySchemaCompiler<FastifySchema>;
  readonly serializerCompiler: FastifySerializerCompiler<FastifySchema>;
};
