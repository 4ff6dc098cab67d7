/**
 * `itb appointments …`: a patient's or the clinic's appointments, and booking, rescheduling, cancelling and
 * attending them, through the same domain functions the API uses (clinic/booking-check.ts `bookChecked`,
 * `changeChecked`: a refill booking gets the late-booking, stopped-delivery and battery concerns, and the
 * store refuses a second open refill booking), as the clinic user named by `--as` / ITB_USER under the API's
 * rule for the same route (clinic-access.ts):
 *
 *   itb appointments list       [--patient ID] [--from DATE] [--to DATE]                       --as EMAIL [--db URL] [--json]
 *   itb appointments book       --patient ID --kind KIND --at TIME --duration-minutes N [--notes TEXT] [--implant ID] …
 *   itb appointments reschedule --patient ID --appointment ID --at TIME --reason TEXT …
 *   itb appointments cancel     --patient ID --appointment ID --reason TEXT …
 *   itb appointments attend     --patient ID --appointment ID [--note TEXT] …
 *
 * Times are ISO 8601 with a zone (a bare date is 00:00 UTC). An unknown patient or appointment, a bad time
 * or kind is refused with its code (exit 1) and changes nothing; concerns are printed, not refused.
 */
import type { Command } from 'commander';
import type { AppointmentAction } from '../clinic/appointment-lifecycle.ts';
import { bookChecked, changeChecked, type CheckedAppointment } from '../clinic/booking-check.ts';
import { APPOINTMENT_KINDS, type Appointment } from '../clinic/clinical-records.ts';
import { closedRefillBookings } from '../clinic/refill-booking.ts';
import { ItbError } from '../therapy/codes.ts';
import { actingUserOption, dbOption } from './clinic-access.ts';
import { withClinic } from './clinic-patient.ts';
import { int, str, text, type Flags } from './flags.ts';
import { run } from './output.ts';
import { choiceFlag, instantFlag } from './parse.ts';
import { clinicInstantFormat } from './reason-line.ts';

const P = '/api/v1/patients/:patientId/appointments';

/** What `itb appointments list --json` prints. */
export interface AppointmentList {
  readonly appointments: readonly Appointment[];
  /**
   * The refill bookings a later refill closed (clinic/refill-booking.ts), by appointment id: the time
   * of the refill that closed it. Their status stays "booked"; they are no next refill.
   */
  readonly closedByRefill: Readonly<Record<string, number>>;
}

/**
 * One appointment for people: its start in the clinic's zone and the one date format; a refill booking a
 * later refill closed says so, as the web's appointments page does.
 */
const line = (a: Appointment, closedAt?: number): string => {
  const at = clinicInstantFormat();
  const closed =
    closedAt === undefined
      ? ''
      : ` — closed by the refill of ${at(closedAt)}: not the next refill, cancel it`;
  return (
    `${a.id}  ${at(a.at)}  ${a.kind} (${a.durationMinutes} min)  ${a.status}${closed}` +
    (a.notes === null || a.notes === undefined ? '' : `  ${a.notes}`)
  );
};

const checkedText = (a: CheckedAppointment): string =>
  [line(a), ...a.concerns.map((c) => `  ${c.severity} ${c.code}: ${c.message}`)].join('\n');

async function list(f: Flags): Promise<AppointmentList> {
  const from = str(f, 'from') === undefined ? undefined : instantFlag(str(f, 'from'), '--from');
  const to = str(f, 'to') === undefined ? undefined : instantFlag(str(f, 'to'), '--to');
  if (from !== undefined && to !== undefined && to <= from) {
    throw new ItbError('ITB_E_INVALID_INPUT', '--to must be after --from');
  }
  const route = str(f, 'patient') === undefined ? 'GET /api/v1/appointments' : `GET ${P}`;
  return withClinic(f, route, async (store, ctx, patientId) => {
    const appointments = await store.listAppointments(
      {
        ...(patientId === undefined ? {} : { patientId }),
        ...(from === undefined ? {} : { from }),
        ...(to === undefined ? {} : { to }),
      },
      ctx,
    );
    const closedByRefill: Record<string, number> = {};
    const booked = new Set(appointments.filter((a) => a.kind === 'refill').map((a) => a.patientId));
    for (const p of booked) {
      const own = appointments.filter((a) => a.patientId === p);
      const closed = closedRefillBookings(own, await store.listRefills(p, ctx));
      for (const [id, at] of closed) closedByRefill[id] = at;
    }
    return { appointments, closedByRefill };
  });
}

async function book(f: Flags): Promise<CheckedAppointment> {
  const kind = choiceFlag(str(f, 'kind'), '--kind', APPOINTMENT_KINDS);
  const at = instantFlag(str(f, 'at'), '--at');
  const durationMinutes = int(f, 'durationMinutes', '--duration-minutes', 1, 24 * 60);
  if (durationMinutes === undefined) throw new ItbError('ITB_E_INVALID_INPUT', 'missing --duration-minutes');
  const notes = str(f, 'notes')?.trim();
  return withClinic(f, `POST ${P}`, async (store, ctx, patientId) =>
    bookChecked(
      store,
      {
        patientId: patientId ?? '',
        kind,
        at,
        durationMinutes,
        implantId: str(f, 'implant') ?? null,
        ...(notes === undefined || notes === '' ? {} : { notes }),
      },
      ctx,
      Date.now(),
    ),
  );
}

/** The action each change subcommand asks for, read from its flags before anything opens. */
const ACTIONS = {
  reschedule: (f: Flags): AppointmentAction => ({
    action: 'reschedule',
    at: instantFlag(str(f, 'at'), '--at'),
    reason: text(f, 'reason', '--reason'),
  }),
  cancel: (f: Flags): AppointmentAction => ({ action: 'cancel', reason: text(f, 'reason', '--reason') }),
  attend: (f: Flags): AppointmentAction => {
    const note = str(f, 'note')?.trim();
    return note === undefined || note === '' ? { action: 'attend' } : { action: 'attend', note };
  },
} as const;

async function change(f: Flags, which: keyof typeof ACTIONS): Promise<CheckedAppointment> {
  const action = ACTIONS[which](f);
  const appointmentId = text(f, 'appointment', '--appointment');
  return withClinic(f, `POST ${P}/:appointmentId/${which}`, (store, ctx, patientId) =>
    changeChecked(store, patientId ?? '', appointmentId, action, ctx, Date.now()),
  );
}

/** The options every appointments subcommand takes. */
const clinicOptions = (c: Command): Command =>
  actingUserOption(dbOption(c)).option('--json', 'one JSON object on stdout');

/** Registers `itb appointments …`. */
export function registerAppointmentCommands(program: Command): void {
  const ap = program
    .command('appointments')
    .description('appointments: list, book, reschedule, cancel, attended (the API’s checks and roles)');

  clinicOptions(ap.command('list').description('appointments by start time, one patient’s or the clinic’s'))
    .option('--patient <id>', 'only this patient’s (default: every patient’s)')
    .option('--from <time>', 'starting at or after, ISO 8601 (a date is 00:00 UTC)')
    .option('--to <time>', 'starting before, ISO 8601')
    .action((f: Flags) =>
      run(
        f,
        () => list(f),
        (r) => r.appointments.map((a) => line(a, r.closedByRefill[a.id])).join('\n') || 'no appointments',
      ),
    );

  clinicOptions(ap.command('book').description('book an appointment (a refill gets the late-booking checks)'))
    .requiredOption('--patient <id>', 'the patient')
    .requiredOption('--kind <kind>', APPOINTMENT_KINDS.join(' | '))
    .requiredOption('--at <time>', 'start, ISO 8601 with a zone, e.g. 2026-12-10T09:00+01:00')
    .requiredOption('--duration-minutes <min>', 'length in whole minutes')
    .option('--notes <text>', 'notes for the visit')
    .option('--implant <id>', 'the implant the visit is for')
    .action((f: Flags) => run(f, () => book(f), checkedText));

  const changeCommand = (which: keyof typeof ACTIONS, description: string): Command =>
    clinicOptions(ap.command(which).description(description))
      .requiredOption('--patient <id>', 'the patient')
      .requiredOption('--appointment <id>', 'the booked appointment');
  changeCommand('reschedule', 'move a booked appointment to a new start time, with the reason')
    .requiredOption('--at <time>', 'the new start, ISO 8601 with a zone')
    .requiredOption('--reason <text>', 'why it moves')
    .action((f: Flags) => run(f, () => change(f, 'reschedule'), checkedText));
  changeCommand('cancel', 'cancel a booked appointment, with the reason')
    .requiredOption('--reason <text>', 'why it is cancelled')
    .action((f: Flags) => run(f, () => change(f, 'cancel'), checkedText));
  changeCommand('attend', 'mark a booked appointment attended (once it has started)')
    .option('--note <text>', 'a note on the visit')
    .action((f: Flags) => run(f, () => change(f, 'attend'), checkedText));
}
