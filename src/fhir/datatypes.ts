/**
 * zod schemas of the FHIR R4 data types this module emits or reads (https://hl7.org/fhir/R4/datatypes.html).
 * They are strict — an element R4 does not define is an error — so a misspelt element fails the tests
 * instead of being silently dropped by a receiving server. Only the elements we use are modelled.
 */
import { z } from 'zod';

/** R4 `id`: [A-Za-z0-9\-\.]{1,64}. */
export const fhirId = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'a FHIR id: [A-Za-z0-9-.]{1,64}');
/** R4 `uri` (absolute here: every system we send is a URL or a URN). */
export const fhirUri = z.string().regex(/^(https?:\/\/|urn:)\S+$/, 'an absolute URI');
/** R4 `code`: no leading/trailing or double whitespace. */
export const fhirCode = z.string().regex(/^[^\s]+( [^\s]+)*$/, 'a FHIR code');
/** R4 `string`: non-empty. */
export const fhirString = z.string().min(1);
/** R4 `date`: YYYY, YYYY-MM or YYYY-MM-DD. */
export const fhirDate = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'a FHIR date');
const TIME_ZONE = '(Z|[+-](0\\d|1[0-3]):[0-5]\\d|14:00)';
/** R4 `instant`: a full timestamp with seconds and a time zone. */
export const fhirInstant = z
  .string()
  .regex(new RegExp(`^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?${TIME_ZONE}$`), 'a FHIR instant');
/** R4 `dateTime`: a date, or a timestamp with a time zone. */
export const fhirDateTime = z.union([fhirDate, fhirInstant]);
/** R4 `time`: hh:mm:ss. */
export const fhirTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/, 'a FHIR time');
/** R4 `decimal` in JSON: a finite number. */
export const fhirDecimal = z.number().refine(Number.isFinite, 'a finite decimal');
export const positiveInt = z.int().positive();
export const unsignedInt = z.int().nonnegative();

export const codingSchema = z.strictObject({
  system: fhirUri.optional(),
  version: fhirString.optional(),
  code: fhirCode.optional(),
  display: fhirString.optional(),
  userSelected: z.boolean().optional(),
});
export type Coding = z.output<typeof codingSchema>;

export const codeableConceptSchema = z
  .strictObject({ coding: z.array(codingSchema).min(1).optional(), text: fhirString.optional() })
  .refine((c) => c.coding !== undefined || c.text !== undefined, 'a CodeableConcept needs coding or text');
export type CodeableConcept = z.output<typeof codeableConceptSchema>;

/** Quantity; qty-3: a code requires a system. UCUM is the only system we send. */
export const quantitySchema = z
  .strictObject({
    value: fhirDecimal.optional(),
    comparator: z.enum(['<', '<=', '>=', '>']).optional(),
    unit: fhirString.optional(),
    system: fhirUri.optional(),
    code: fhirCode.optional(),
  })
  .refine((q) => q.code === undefined || q.system !== undefined, 'qty-3: a code needs a system');
export type Quantity = z.output<typeof quantitySchema>;

/** A Quantity in UCUM with one of the given codes (docs/clinical-reference.md §6: ug/d, ug/mL, mL, mL/d). */
export const ucumQuantity = (...codes: [string, ...string[]]) =>
  z.strictObject({
    value: fhirDecimal,
    unit: fhirString,
    system: z.literal('http://unitsofmeasure.org'),
    code: z.enum(codes),
  });

export const periodSchema = z
  .strictObject({ start: fhirDateTime.optional(), end: fhirDateTime.optional() })
  .refine((p) => p.start === undefined || p.end === undefined || p.start <= p.end, 'per-1: start ≤ end');

export const identifierSchema = z.strictObject({
  use: z.enum(['usual', 'official', 'temp', 'secondary', 'old']).optional(),
  type: codeableConceptSchema.optional(),
  system: fhirUri.optional(),
  value: fhirString.optional(),
  period: periodSchema.optional(),
});

/** A Reference whose `reference` is a relative literal reference to one of `types` ("Patient/…"). */
export const referenceTo = (...types: [string, ...string[]]) =>
  z
    .strictObject({
      reference: z
        .string()
        .regex(
          new RegExp(`^(${types.join('|')})/[A-Za-z0-9\\-.]{1,64}$`),
          `a reference to ${types.join(' | ')}`,
        )
        .optional(),
      identifier: identifierSchema.optional(),
      display: fhirString.optional(),
    })
    .refine((r) => r.reference !== undefined || r.identifier !== undefined || r.display !== undefined, {
      message: 'ref-1: a Reference needs a reference, identifier or display',
    });

export const annotationSchema = z.strictObject({ time: fhirDateTime.optional(), text: fhirString });

export const humanNameSchema = z.strictObject({
  use: z.enum(['usual', 'official', 'temp', 'nickname', 'anonymous', 'old', 'maiden']).optional(),
  text: fhirString.optional(),
  family: fhirString.optional(),
  given: z.array(fhirString).optional(),
});

export const contactPointSchema = z.strictObject({
  system: z.enum(['phone', 'fax', 'email', 'pager', 'url', 'sms', 'other']).optional(),
  value: fhirString.optional(),
  use: z.enum(['home', 'work', 'temp', 'old', 'mobile']).optional(),
  rank: positiveInt.optional(),
});

/** Extension (value[x] limited to the types we use; nested extensions for complex ones). */
export type Extension = {
  url: string;
  valueString?: string | undefined;
  valueCode?: string | undefined;
  valueBoolean?: boolean | undefined;
  extension?: Extension[] | undefined;
};
export const extensionSchema: z.ZodType<Extension> = z.lazy(() =>
  z
    .strictObject({
      // Top-level URLs are absolute; inside a complex extension they are the bare slice name (R4 ext rules).
      url: z.union([fhirUri, z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/)]),
      valueString: fhirString.optional(),
      valueCode: fhirCode.optional(),
      valueBoolean: z.boolean().optional(),
      extension: z.array(extensionSchema).min(1).optional(),
    })
    .refine((e) => {
      const values = [e.valueString, e.valueCode, e.valueBoolean].filter((v) => v !== undefined).length;
      // ext-1: either nested extensions or one value[x], not both.
      return (e.extension === undefined) !== (values === 0) && values <= 1;
    }, 'ext-1: an extension has either one value[x] or nested extensions'),
);

/** Timing (only `repeat` with the elements a flex schedule needs). */
export const timingSchema = z.strictObject({
  repeat: z
    .strictObject({
      boundsPeriod: periodSchema.optional(),
      frequency: positiveInt.optional(),
      period: fhirDecimal.optional(),
      periodUnit: z.enum(['s', 'min', 'h', 'd', 'wk', 'mo', 'a']).optional(),
      duration: fhirDecimal.optional(),
      durationUnit: z.enum(['s', 'min', 'h', 'd', 'wk', 'mo', 'a']).optional(),
      dayOfWeek: z.array(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])).optional(),
      timeOfDay: z.array(fhirTime).optional(),
    })
    .optional(),
  code: codeableConceptSchema.optional(),
});

/** Dosage; rates in ug/d, doses in ug (docs/clinical-reference.md §6). */
export const dosageSchema = z.strictObject({
  sequence: z.int().optional(),
  text: fhirString.optional(),
  timing: timingSchema.optional(),
  route: codeableConceptSchema.optional(),
  doseAndRate: z
    .array(
      z.strictObject({
        type: codeableConceptSchema.optional(),
        doseQuantity: ucumQuantity('ug').optional(),
        rateQuantity: ucumQuantity('ug/d').optional(),
      }),
    )
    .optional(),
});

/** Resource metadata common to every resource we emit. */
export const resourceBase = {
  id: fhirId,
  meta: z.strictObject({ lastUpdated: fhirInstant.optional(), source: fhirUri.optional() }).optional(),
  text: z
    .strictObject({ status: z.enum(['generated', 'extensions', 'additional', 'empty']), div: z.string() })
    .optional(),
  extension: z.array(extensionSchema).optional(),
};
