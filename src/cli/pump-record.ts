/**
 * The plumbing every recorded `itb pump …` change shares (stop, resume, alarm settings, bolus, priming):
 * the clinic database and the patient the change is recorded on, the clinic user who makes it (allowed by
 * the API's rule for the same plan and apply routes: clinic-access.ts), their latest implant, the
 * clinician link to that implant's pump, and the confirmation gate. Like the API's `withPump`
 * (src/server/pump-routes.ts), the change is always recorded, in the user's name: a programming session,
 * and the alerts the programmer raises.
 */
import type { Command } from 'commander';
import { openStore, type OpenedStore } from '../clinic/open-store.ts';
import type { Alert } from '../clinic/clinical-records.ts';
import type { Implant } from '../clinic/records.ts';
import type { WorkflowTarget } from '../programmer/session.ts';
import { ItbError } from '../therapy/codes.ts';
import { PUMP_PREFIX } from '../server/pump-rules.ts';
import { actingUserOption, authorizeActingUser, dbOption } from './clinic-access.ts';
import { withClinicianLink } from './pump-link.ts';
import type { WriteStatus } from '../programmer/session.ts';
import { run } from './output.ts';
import { EXIT_APPLIED_UNVERIFIED, EXIT_OUTCOME_UNKNOWN, str } from './programmer.ts';
import type { PumpLink } from './programmer-session.ts';

type Flags = Record<string, string | boolean | undefined>;

/** What a recorded change works with. */
export interface RecordedPump {
  readonly link: PumpLink;
  readonly store: OpenedStore;
  readonly implant: Implant;
  readonly target: WorkflowTarget;
}

/**
 * The API routes a recorded change stands for: the plan (`POST …/pump/<action>/plan`), and the apply when
 * `--confirm` sends it.
 */
export const changeRoutes = (action: string, f: Flags): string[] => [
  `POST ${PUMP_PREFIX}/${action}/plan`,
  ...(f.confirm === true ? [`POST ${PUMP_PREFIX}/${action}/apply`] : []),
];

/**
 * Opens the database (a missing SQLite file is refused, not created), checks the acting user against the
 * API's rules for `routes`, and opens the link to the patient's latest implant. The keys' pump must be that
 * implant's pump: a change recorded on the wrong patient would hide it from its own patient's board. All
 * are refused before anything is sent.
 */
export async function withRecordedPump<T>(
  f: Flags,
  routes: readonly string[],
  fn: (p: RecordedPump) => Promise<T>,
): Promise<T> {
  const patientId = str(f, 'patient')?.trim();
  if (patientId === undefined || patientId === '') {
    throw new ItbError('ITB_E_INVALID_INPUT', 'missing --patient: the change is recorded on them');
  }
  const store = await openStore(str(f, 'db'), { migrate: false, mustExist: true });
  try {
    const ctx = await authorizeActingUser(store, f, routes, { patientId });
    const implant = (await store.listImplants(patientId, ctx)).at(-1);
    if (implant === undefined) {
      throw new ItbError('ITB_E_CLINIC_NOT_FOUND', `patient ${patientId} has no implant on record`);
    }
    return await withClinicianLink(f, async (link) => {
      const serial = link.keys.pump.label;
      if (serial !== implant.pumpSerial) {
        throw new ItbError(
          'ITB_E_INVALID_INPUT',
          `the keys are for pump ${serial}, but patient ${patientId}'s implant is pump ${implant.pumpSerial}`,
        );
      }
      return fn({ link, store, implant, target: { patientId, implantId: implant.id, actor: ctx.actor } });
    });
  } finally {
    await store.close();
  }
}

/**
 * Shows the plan (stderr: stdout stays empty when nothing was sent) and refuses without `--confirm`; the
 * plan is in the error's details for `--json`.
 */
export function confirmGate(f: Flags, what: string, plan: unknown, text: string): void {
  if (f.json !== true) process.stderr.write(text + '\n');
  if (f.confirm !== true) {
    throw new ItbError(
      'ITB_E_PROGRAMMER_NOT_CONFIRMED',
      `review the ${what} plan and add --confirm to send it; nothing was sent to the pump`,
      { plan },
    );
  }
}

/** The justification flag as a confirmation (applyControl and the others check whether one is needed). */
export const confirmation = (f: Flags): { confirm: true; justification?: string } => {
  const justification = str(f, 'justification');
  return { confirm: true, ...(justification === undefined ? {} : { justification }) };
};

/** The options every recorded change takes, after the link options. */
export function recordedOptions(c: Command): Command {
  return actingUserOption(
    dbOption(
      c.requiredOption('--patient <id>', 'the patient whose implant this pump is (the change is recorded)'),
    ),
  )
    .option('--confirm', 'send it: without it the plan is shown and nothing is sent')
    .option('--justification <text>', 'why a warned change is made (required when the plan warns)');
}

/** The exit status of a recorded change by how the pump took it: 0 only when it was applied and read back. */
const EXIT_BY_STATUS: Record<WriteStatus, number> = {
  verified: 0,
  refused: 1,
  'not-applied': 1,
  'applied-unverified': EXIT_APPLIED_UNVERIFIED,
  'readback-mismatch': EXIT_APPLIED_UNVERIFIED,
  unknown: EXIT_OUTCOME_UNKNOWN,
};

/**
 * Runs a recorded change and prints its report (output.ts `run`); a change the pump refused, did not
 * apply, or whose outcome is in doubt exits non-zero (docs/telemetry-cli.md exit codes), so a script never
 * takes a refused bolus for a given one.
 */
export async function runRecorded<T extends { readonly status: WriteStatus }>(
  f: Flags,
  change: () => Promise<T>,
  text: (report: T) => string,
): Promise<void> {
  let report: T | undefined;
  await run(f, async () => (report = await change()), text);
  if (report !== undefined) process.exitCode = EXIT_BY_STATUS[report.status];
}

/** What a recorded change prints once written (`--json`): its plan, the write's status, the session, the alerts. */
export interface RecordedReport<V> {
  readonly plan: V;
  readonly status: WriteStatus;
  readonly sessionId: string;
  readonly alerts: readonly { readonly id: string; readonly kind: string; readonly message: string }[];
}

/** The report of a change the programmer wrote and recorded (stop, resume, bolus, priming). */
export const recordedReport = <V>(
  plan: V,
  out: {
    readonly write: { readonly status: WriteStatus };
    readonly session: { readonly id: string };
    readonly alerts: readonly Alert[];
  },
): RecordedReport<V> => ({
  plan,
  status: out.write.status,
  sessionId: out.session.id,
  alerts: out.alerts.map((a) => ({ id: a.id, kind: a.kind, message: a.message })),
});

/** The report for people: the plan's text, what became of the change, and each alert raised. */
export const recordedText = (planText: string, what: string, r: RecordedReport<unknown>): string =>
  [
    planText,
    `${what}: ${r.status} (programming session ${r.sessionId})`,
    ...r.alerts.map((a) => `alert ${a.kind}: ${a.message}`),
  ].join('\n');
