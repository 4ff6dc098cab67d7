/**
 * People and devices: users, patients and implants (docs/clinical-reference.md §1, §2 "highest risk", §3). zod schemas
 * validate input and the JSON columns read back (docs/architecture.md principle 7); the record types derive from them.
 * Quantities are exact integers in the unit their name says (grams, nanolitres, millimetres); instants are
 * epoch milliseconds (UTC).
 */
import { z } from 'zod';
import type { OpioidStatus } from '../therapy/drug.ts';
import type { EpochMs } from '../therapy/quantities.ts';
import { initialFillSchema, type InitialFill } from './initial-fill.ts';

/** Who wrote or read a record: a user id, or `system:<name>` for the CLI and jobs. */
export const actorSchema = z
  .string()
  .min(1)
  .max(200)
  .refine((s) => s.trim() === s, 'no leading or trailing spaces');

/** Every write and every view of a record names who did it; it is written to the audit trail. */
export interface ActorContext {
  readonly actor: string;
}

/** Fields every stored record carries. */
export interface RecordMeta {
  readonly id: string;
  /** When the record was written (the store's clock). */
  readonly createdAt: EpochMs;
  readonly createdBy: string;
}

const text = (max: number) => z.string().trim().min(1).max(max);
/**
 * The MRN, an identifier people compare by eye: ASCII letters, digits and the separators `-`, `.` and `/`,
 * beginning with a letter or digit. Look-alike letters of other scripts (Cyrillic `А` or Greek `Α` for
 * Latin `A`, Cyrillic `О` for `O`) stored `MRN-А1` beside `MRN-A1`, two patients who appear to share an
 * MRN; invisible format characters (zero-width space and joiners, word joiner, soft hyphen, direction
 * marks) stored `MRN-1\u200B` beside MRN-1. One charset refuses both, with words for each. Free text
 * (names, notes) keeps every script and the joiners Persian and Indic names are written with.
 */
export const MRN_PATTERN = /^[A-Za-z0-9][A-Za-z0-9./-]*$/;
const mrnSchema = text(64)
  .refine((s) => !/\p{Cf}/u.test(s), {
    message:
      'an identifier holds no invisible characters (zero-width space or joiner, soft hyphen, direction mark)',
    abort: true,
  })
  .refine((s) => MRN_PATTERN.test(s), {
    message:
      'an MRN is written in ASCII letters (A–Z, a–z), digits and "-", "." or "/", beginning with a letter or digit: a letter of another script (Cyrillic А, Greek Α) looks like a Latin one and would show as another patient\'s MRN',
  });
const epoch = z.int().min(0);

export const USER_ROLES = ['admin', 'physician', 'nurse', 'viewer', 'patient'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** A new user. Hashing the password is the server's job; the store keeps the string it is given. */
export const userInputSchema = z
  .strictObject({
    email: z.string().trim().toLowerCase().pipe(z.email()),
    name: text(200),
    role: z.enum(USER_ROLES),
    passwordHash: text(1000),
    /** Required for (and only for) role `patient`: the one patient whose records the account sees. */
    patientId: z.string().min(1).nullable().default(null),
  })
  .refine((u) => (u.role === 'patient') === (u.patientId !== null), {
    message: 'a patient account links to exactly one patient; staff accounts link to none',
    path: ['patientId'],
  });
export type UserInput = z.input<typeof userInputSchema>;
export type User = Omit<z.output<typeof userInputSchema>, 'passwordHash'> & RecordMeta;

/** Opioid-naive or opioid-tolerant (therapy/drug.ts OpioidStatus). */
export const OPIOID_STATUSES = ['naive', 'tolerant'] as const satisfies readonly OpioidStatus[];
export const opioidStatusSchema = z.enum(OPIOID_STATUSES);

/** Where a patient's age puts them for dosing and titration rules (docs/clinical-reference.md §1.4–1.5: children < 12). */
export const AGE_BANDS = ['under-12', '12-17', '18-64', '65-plus'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/**
 * Withdrawal high-risk flags [C: label, boxed warning: "spinal injury at T6 or above, patients who cannot
 * communicate, earlier withdrawal"]. They raise the patient on the risk board and onto the emergency card.
 */
export const highRiskSchema = z.strictObject({
  injuryAtT6OrAbove: z.boolean(),
  cannotCommunicate: z.boolean(),
  priorWithdrawal: z.boolean(),
  notes: z.string().trim().max(2000).optional(),
});
export type HighRiskFlags = z.output<typeof highRiskSchema>;

/** Who to call about this pump (emergency card: withdrawal can kill within 24–72 h). */
export const clinicContactSchema = z.strictObject({
  clinic: text(200),
  phone: text(40),
  afterHoursPhone: text(40).optional(),
  email: z.email().optional(),
});
export type ClinicContact = z.output<typeof clinicContactSchema>;

export const patientInputSchema = z.strictObject({
  /** Medical record number: unique in this clinic. */
  mrn: mrnSchema,
  name: text(200),
  birthDate: z.iso.date(),
  etiology: z.enum(['spinal', 'cerebral']),
  /**
   * The age band on the day of registration. The store computes it from the birth date (patient-age.ts);
   * one given that disagrees with the birth date is refused. The rules never read it: they take the age
   * from the birth date on the day they judge.
   */
  ageBand: z.enum(AGE_BANDS).optional(),
  weightGrams: z.int().positive().max(500_000).nullable().default(null),
  highRisk: highRiskSchema.default({
    injuryAtT6OrAbove: false,
    cannotCommunicate: false,
    priorWithdrawal: false,
  }),
  clinicContact: clinicContactSchema,
  /**
   * Whether the patient already takes opioids: null until a clinician records it. Intrathecal morphine starts
   * an opioid-naive patient at 0.2–1 mg/day and a tolerant one at 1–10 mg/day (docs/clinical-reference.md §2
   * [C: Infumorph label, section 2]); the guardrails read it for every opioid start.
   */
  opioidStatus: opioidStatusSchema.nullable().default(null),
});
export type PatientInput = z.input<typeof patientInputSchema>;
/**
 * A stored patient. `opioidStatus` is always written by the store (null: unknown); it is optional in the
 * type so that records built before the field existed (fixtures, imports) still read as "unknown".
 */
export type Patient = Omit<z.output<typeof patientInputSchema>, 'opioidStatus' | 'ageBand'> &
  RecordMeta & { readonly opioidStatus?: OpioidStatus | null; readonly ageBand: AgeBand };

/** Spinal level of the catheter tip: C1–C7, T1–T12, L1–L5 (docs/clinical-reference.md §1.2: e.g. T10; cervical for arms). */
export const TIP_LEVEL = /^(C[1-7]|T(1[0-2]|[1-9])|L[1-5])$/;

export const catheterSchema = z.strictObject({
  model: text(100),
  lengthMm: z.int().positive().max(2000),
  /** Volume of the implanted catheter (priming and bridge boluses depend on it). */
  volumeNl: z.int().positive(),
  tipLevel: z.string().regex(TIP_LEVEL, 'a spinal level such as T10, C5 or L1'),
});
export type Catheter = z.output<typeof catheterSchema>;
export type CatheterInput = z.input<typeof catheterSchema>;

/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Any JSON value, as one named schema (`JsonValue` in the OpenAPI document's components). zod's own
 * `z.json()` is an anonymous recursive schema: the document generator wrote it as a `$ref` to a
 * `schema0` that it never defined, so the document did not validate (issue 16).
 */
export const jsonValueSchema: z.ZodType<JsonValue> = z
  .union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(z.lazy(() => jsonValueSchema)),
    z.record(
      z.string(),
      z.lazy(() => jsonValueSchema),
    ),
  ])
  .meta({ id: 'JsonValue', description: 'any JSON value' });

/**
 * Pairing material for the telemetry link (src/link): stored sealed, returned only by getImplantKeys. Its
 * inner shape belongs to the link module; here it is any JSON object.
 */
export const linkKeysSchema = z.record(z.string(), jsonValueSchema);
export type LinkKeys = z.output<typeof linkKeysSchema>;

export const implantInputSchema = z.strictObject({
  patientId: z.string().min(1),
  pumpSerial: text(64),
  /** A device profile id from src/pump/profiles.ts (reservoir size, flow range …). */
  deviceProfileId: text(64),
  implantDate: z.iso.date(),
  pocketSide: z.enum(['left', 'right']),
  catheter: catheterSchema,
  linkKeys: linkKeysSchema,
  /** The drug put into the new pump at surgery (initial-fill.ts); null when not recorded (older implants). */
  initialFill: initialFillSchema.nullable().default(null),
});
export type ImplantInput = z.input<typeof implantInputSchema>;
/**
 * An implant as read back: the link keys stay sealed (see getImplantKeys). The store always says whether
 * an initial fill was recorded (null when not); records built elsewhere may leave it out.
 */
export type Implant = Omit<z.output<typeof implantInputSchema>, 'linkKeys' | 'initialFill'> &
  RecordMeta & { readonly initialFill?: InitialFill | null };

export { epoch as epochMsSchema };
