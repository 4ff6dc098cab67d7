/**
 * FHIR R4 Patient → the clinic store's patient-create input. The FHIR side is validated with zod (lenient:
 * elements we do not read are allowed, as any real server sends some); what the store needs and FHIR has no
 * element for (etiology, clinic contact) comes from our extensions (map-patient.ts) or from the importing
 * clinic's defaults; the age band is the birth date's on the day of import. Nothing is guessed: a missing
 * MRN, name, full birth date, etiology or clinic contact is refused with ITB_E_FHIR_MISSING_DATA, a
 * malformed resource with ITB_E_FHIR_INVALID_RESOURCE.
 */
import { z } from 'zod';
import {
  AGE_BANDS,
  patientInputSchema,
  type AgeBand,
  type ClinicContact,
  type PatientInput,
} from '../clinic/records.ts';
import { ageBandOn } from '../clinic/patient-age.ts';
import { ItbError } from '../therapy/codes.ts';
import { EXTENSIONS, SYSTEMS } from './codes.ts';
import { extensionSchema, fhirDate, humanNameSchema, type Extension } from './datatypes.ts';

const importSchema = z.looseObject({
  resourceType: z.literal('Patient'),
  identifier: z
    .array(
      z.looseObject({
        use: z.string().optional(),
        system: z.string().optional(),
        value: z.string().optional(),
        type: z
          .looseObject({
            coding: z
              .array(z.looseObject({ system: z.string().optional(), code: z.string().optional() }))
              .optional(),
          })
          .optional(),
      }),
    )
    .optional(),
  name: z.array(humanNameSchema.loose()).optional(),
  birthDate: fhirDate.optional(),
  extension: z.array(extensionSchema).optional(),
});

export interface ImportOptions {
  /** Identifier system of this clinic's MRNs (also accepted: any identifier typed v2-0203 `MR`). */
  readonly mrnSystem?: string;
  /** Used when the resource has no etiology extension. */
  readonly etiology?: 'spinal' | 'cerebral';
  /** Used when the resource has no clinic-contact extension (usually the importing clinic). */
  readonly clinicContact?: ClinicContact;
  /** The import's time (epoch ms), to derive the age band from the birth date when no extension gives it. */
  readonly now?: number;
}

const missing = (what: string): ItbError =>
  new ItbError(
    'ITB_E_FHIR_MISSING_DATA',
    `the FHIR Patient has no ${what}, which the clinic store requires`,
    { missing: what },
  );

const sub = (ext: Extension | undefined, url: string): Extension | undefined =>
  ext?.extension?.find((e) => e.url === url);

function clinicContactOf(ext: Extension | undefined): ClinicContact | undefined {
  if (ext === undefined) return undefined;
  const s = (k: string) => sub(ext, k)?.valueString;
  const clinic = s('clinic');
  const phone = s('phone');
  if (clinic === undefined || phone === undefined) return undefined;
  const out: { clinic: string; phone: string; afterHoursPhone?: string; email?: string } = { clinic, phone };
  const after = s('afterHoursPhone');
  const email = s('email');
  if (after !== undefined) out.afterHoursPhone = after;
  if (email !== undefined) out.email = email;
  return out;
}

type Identifier = NonNullable<z.output<typeof importSchema>['identifier']>[number];

/**
 * The one MRN a Patient names: its identifiers with the clinic's MRN system, else those typed v2-0203 `MR`,
 * leaving out any whose `use` is `old` (a number the patient no longer goes by). Two different values are
 * refused: the first listed used to be taken, so an old or a second MRN filed the patient under a number
 * that is not theirs.
 */
function mrnOf(ids: readonly Identifier[], mrnSystem: string): string | undefined {
  const current = ids.filter((i) => i.use !== 'old' && i.value !== undefined);
  const bySystem = current.filter((i) => i.system === mrnSystem);
  const candidates = bySystem.length > 0 ? bySystem : current.filter(isMrType);
  const values = [...new Set(candidates.map((i) => i.value!))];
  if (values.length > 1) {
    throw new ItbError(
      'ITB_E_FHIR_INVALID_RESOURCE',
      `the Patient names more than one medical record number (${values.join(', ')}): send only the current one, ` +
        'or mark the others "use": "old"',
    );
  }
  return values[0];
}

const isMrType = (i: Identifier): boolean =>
  i.type?.coding?.some((c) => c.system === SYSTEMS.v2IdentifierType && c.code === 'MR') === true;

/** Parses a FHIR Patient into the store's PatientInput (validated with the store's own schema). */
export function importPatient(resource: unknown, opts: ImportOptions = {}): PatientInput {
  const parsed = importSchema.safeParse(resource);
  if (!parsed.success) {
    throw new ItbError(
      'ITB_E_FHIR_INVALID_RESOURCE',
      `not a valid FHIR R4 Patient:\n${z.prettifyError(parsed.error)}`,
      {
        issues: parsed.error.issues,
      },
    );
  }
  const p = parsed.data;
  const ext = (url: string) => p.extension?.find((e) => e.url === url);
  const mrnSystem = opts.mrnSystem ?? SYSTEMS.mrn;
  const mrn = mrnOf(p.identifier ?? [], mrnSystem);
  if (mrn === undefined)
    throw missing(`medical record number (identifier with system ${mrnSystem} or type MR)`);
  const names = p.name ?? [];
  const n = names.find((x) => x.use === 'official') ?? names.find((x) => x.use === 'usual') ?? names[0];
  const name = n?.text ?? [...(n?.given ?? []), ...(n?.family === undefined ? [] : [n.family])].join(' ');
  if (name.trim() === '') throw missing('name');
  if (p.birthDate === undefined || p.birthDate.length !== 10) throw missing('full birth date (YYYY-MM-DD)');
  const etiologyCode = ext(EXTENSIONS.etiology)?.valueCode ?? opts.etiology;
  if (etiologyCode !== 'spinal' && etiologyCode !== 'cerebral')
    throw missing(`etiology (extension ${EXTENSIONS.etiology}: spinal | cerebral)`);
  // The band is the birth date's on the day of import: an exported band is a snapshot that goes stale as
  // the patient ages, and the store refuses one that disagrees with the birth date (clinic/patient-age.ts).
  const bandCode = ext(EXTENSIONS.ageBand)?.valueCode;
  const ageBand =
    opts.now !== undefined
      ? ageBandOn(p.birthDate, opts.now)
      : bandCode !== undefined && (AGE_BANDS as readonly string[]).includes(bandCode)
        ? (bandCode as AgeBand)
        : undefined;
  const clinicContact = clinicContactOf(ext(EXTENSIONS.clinicContact)) ?? opts.clinicContact;
  if (clinicContact === undefined) throw missing(`clinic contact (extension ${EXTENSIONS.clinicContact})`);
  const risk = ext(EXTENSIONS.highRisk);
  const flag = (k: string) => sub(risk, k)?.valueBoolean === true;
  const notes = sub(risk, 'notes')?.valueString;
  const opioidStatus = ext(EXTENSIONS.opioidStatus)?.valueCode;
  const input: PatientInput = {
    mrn,
    name,
    birthDate: p.birthDate,
    etiology: etiologyCode,
    ...(ageBand === undefined ? {} : { ageBand }),
    clinicContact,
    highRisk: {
      injuryAtT6OrAbove: flag('injuryAtT6OrAbove'),
      cannotCommunicate: flag('cannotCommunicate'),
      priorWithdrawal: flag('priorWithdrawal'),
      ...(notes === undefined ? {} : { notes }),
    },
    // An unknown word is refused by the schema below, never read as "not recorded".
    ...(opioidStatus === undefined ? {} : { opioidStatus: opioidStatus as PatientInput['opioidStatus'] }),
  };
  const checked = patientInputSchema.safeParse(input);
  if (!checked.success) {
    throw new ItbError(
      'ITB_E_FHIR_INVALID_RESOURCE',
      `the FHIR Patient does not fit the clinic store:\n${z.prettifyError(checked.error)}`,
      {
        issues: checked.error.issues,
      },
    );
  }
  return input;
}
