/**
 * `itb patients …`: registering a patient (the referral, the first step of the care pathway) and the
 * clinic's patients, through the store functions the API's patient routes call (clinic/people-repo.ts:
 * the body checked by the route's own schema `patientInputSchema`, one patient per MRN), as the clinic user
 * named by `--as` / ITB_USER under the API's rule for the same route (clinic-access.ts; nurses and
 * physicians register, staff read):
 *
 *   itb patients list                                                                  --as EMAIL [--db URL] [--json]
 *   itb patients dates --patient ID                                                    --as EMAIL [--db URL] [--json]
 *   itb patients register --mrn M --name N --birth-date DATE --etiology E [--age-band B]
 *                         --clinic C --clinic-phone P [--after-hours-phone P] [--clinic-email E]
 *                         [--weight-grams G] [--injury-at-t6-or-above] [--cannot-communicate]
 *                         [--prior-withdrawal] [--high-risk-notes TEXT] [--opioid-status S] …
 *   itb patients register --json-file PATH …     (the body of POST /api/v1/patients; - for standard input)
 *
 * `dates` prints what `GET /api/v1/patients/:id/dates` answers (clinic/dates-view.ts): refill-by, the low-reservoir
 * alarm, empty, whether the pump delivers at all, the battery and the refill booking, from the board's one
 * projection — the dates the pages and papers print.
 *
 * A role the API refuses, a bad or ambiguous body (a file and field flags at once) or a second patient with
 * an MRN is refused with its code (exit 1) and changes nothing.
 */
import type { Command } from 'commander';
import { datesView } from '../clinic/dates-view.ts';
import { openStore, type OpenedStore } from '../clinic/open-store.ts';
import {
  AGE_BANDS,
  OPIOID_STATUSES,
  patientInputSchema,
  type ActorContext,
  type Patient,
  type PatientInput,
} from '../clinic/records.ts';
import { ItbError } from '../therapy/codes.ts';
import { epochMs } from '../therapy/quantities.ts';
import { calendarDayText } from '../therapy/date-text.ts';
import { actingUserOption, authorizeActingUser, dbOption } from './clinic-access.ts';
import { int, str, text, type Flags } from './flags.ts';
import { jsonFileBody } from './json-file.ts';
import { clinicOptions, withClinic } from './clinic-patient.ts';
import { datesText } from './dates-text.ts';
import { run } from './output.ts';
import { choiceFlag } from './parse.ts';

/** What `itb patients list --json` prints. */
export interface PatientList {
  readonly patients: readonly Patient[];
}

const ETIOLOGIES = patientInputSchema.shape.etiology.options;

/** The field flags of `register` (commander's keys): refused next to `--json-file`. */
const FIELD_FLAGS = [
  'mrn',
  'name',
  'birthDate',
  'etiology',
  'ageBand',
  'weightGrams',
  'clinic',
  'clinicPhone',
  'afterHoursPhone',
  'clinicEmail',
  'injuryAtT6OrAbove',
  'cannotCommunicate',
  'priorWithdrawal',
  'highRiskNotes',
  'opioidStatus',
] as const;

/** One patient for people: id, MRN, name, birth date (the one date format: the age is read from it) and etiology. */
const line = (p: Patient): string =>
  `${p.id}  ${p.mrn}  ${p.name}  born ${calendarDayText(p.birthDate)}  ${p.etiology}`;

/**
 * Opens the database (a missing SQLite file is refused, not created) and checks the acting user against
 * the API's rule for `route` before anything is read or changed.
 */
async function withStaff<T>(
  f: Flags,
  route: string,
  fn: (store: OpenedStore, ctx: ActorContext) => Promise<T>,
): Promise<T> {
  const store = await openStore(str(f, 'db'), { migrate: false, mustExist: true });
  try {
    const ctx = await authorizeActingUser(store, f, [route], {});
    return await fn(store, ctx);
  } finally {
    await store.close();
  }
}

/** The optional text flag `key`, trimmed, as `{ [field]: value }` (nothing when left out). */
const optional = (f: Flags, key: string, field: string): Record<string, string> => {
  const v = str(f, key)?.trim();
  return v === undefined ? {} : { [field]: v };
};

/** The patient from the field flags; the store checks it against the route's schema. */
function fromFlags(f: Flags): PatientInput {
  const weightGrams = int(
    f,
    'weightGrams',
    '--weight-grams',
    -Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER,
  );
  const opioidStatus = str(f, 'opioidStatus');
  return {
    mrn: text(f, 'mrn', '--mrn'),
    name: text(f, 'name', '--name'),
    birthDate: text(f, 'birthDate', '--birth-date'),
    etiology: choiceFlag(str(f, 'etiology'), '--etiology', ETIOLOGIES),
    ...(str(f, 'ageBand') === undefined
      ? {}
      : { ageBand: choiceFlag(str(f, 'ageBand'), '--age-band', AGE_BANDS) }),
    weightGrams: weightGrams ?? null,
    highRisk: {
      injuryAtT6OrAbove: f['injuryAtT6OrAbove'] === true,
      cannotCommunicate: f['cannotCommunicate'] === true,
      priorWithdrawal: f['priorWithdrawal'] === true,
      ...optional(f, 'highRiskNotes', 'notes'),
    },
    clinicContact: {
      clinic: text(f, 'clinic', '--clinic'),
      phone: text(f, 'clinicPhone', '--clinic-phone'),
      ...optional(f, 'afterHoursPhone', 'afterHoursPhone'),
      ...optional(f, 'clinicEmail', 'email'),
    },
    opioidStatus:
      opioidStatus === undefined ? null : choiceFlag(opioidStatus, '--opioid-status', OPIOID_STATUSES),
  };
}

/** The new patient: `--json-file`'s body (checked by the route's schema in the store) or the field flags. */
function patientFrom(f: Flags): PatientInput {
  const path = str(f, 'jsonFile');
  if (path === undefined) return fromFlags(f);
  const mixed = FIELD_FLAGS.filter((k) => f[k] !== undefined);
  if (mixed.length > 0) {
    throw new ItbError(
      'ITB_E_INVALID_INPUT',
      `--json-file is the whole patient: leave out the field flags (${mixed.length} given)`,
    );
  }
  return jsonFileBody(path) as PatientInput;
}

async function register(f: Flags): Promise<Patient> {
  const input = patientFrom(f);
  return withStaff(f, 'POST /api/v1/patients', (store, ctx) => store.createPatient(input, ctx));
}

/** The options every patients subcommand takes. */
const staffOptions = (c: Command): Command =>
  actingUserOption(dbOption(c)).option('--json', 'one JSON object on stdout');

/** Registers `itb patients …`. */
export function registerPatientCommands(program: Command): void {
  const patients = program
    .command('patients')
    .description(
      'patients: register a referred patient, list the clinic’s patients (the API’s checks and roles)',
    );

  staffOptions(patients.command('list').description('every patient, by name')).action((f: Flags) =>
    run(
      f,
      () =>
        withStaff(f, 'GET /api/v1/patients', async (store, ctx) => ({
          patients: await store.listPatients(ctx),
        })),
      (r: PatientList) => r.patients.map(line).join('\n') || 'no patients',
    ),
  );

  clinicOptions(
    patients
      .command('dates')
      .description('refill-by, low alarm, empty, delivery, battery and booking: the dates every page prints'),
  ).action((f: Flags) =>
    run(
      f,
      () =>
        withClinic(f, 'GET /api/v1/patients/:patientId/dates', (store, ctx, patientId) =>
          datesView(store, patientId ?? '', ctx, epochMs(Date.now())),
        ),
      datesText,
    ),
  );

  staffOptions(
    patients
      .command('register')
      .description('register a patient (referral): field flags, or the API’s body in --json-file'),
  )
    .option('--json-file <path>', 'the body of POST /api/v1/patients, a JSON object (- for standard input)')
    .option('--mrn <mrn>', 'medical record number, unique in the clinic')
    .option('--name <name>', 'the patient’s name')
    .option('--birth-date <date>', 'YYYY-MM-DD')
    .option('--etiology <etiology>', ETIOLOGIES.join(' | '))
    .option(
      '--age-band <band>',
      `${AGE_BANDS.join(' | ')}: optional, the birth date gives it; one that disagrees is refused`,
    )
    .option('--weight-grams <g>', 'body weight in grams')
    .option('--clinic <name>', 'the clinic to call about the pump (emergency card)')
    .option('--clinic-phone <phone>', 'the clinic’s phone')
    .option('--after-hours-phone <phone>', 'the clinic’s after-hours phone')
    .option('--clinic-email <email>', 'the clinic’s e-mail')
    .option('--injury-at-t6-or-above', 'withdrawal high risk: spinal injury at T6 or above')
    .option('--cannot-communicate', 'withdrawal high risk: cannot communicate')
    .option('--prior-withdrawal', 'withdrawal high risk: an earlier withdrawal')
    .option('--high-risk-notes <text>', 'notes on the withdrawal risk')
    .option('--opioid-status <status>', `${OPIOID_STATUSES.join(' | ')} (default: unknown)`)
    .action((f: Flags) => run(f, () => register(f), line));
}
