/**
 * The plumbing every recorded `itb pump …` change shares (stop, resume, alarm settings): the clinic
 * database and the patient the change is recorded on, their latest implant, the clinician link to that
 * implant's pump, and the confirmation gate. Like the API's `withPump` (src/server/pump-routes.ts), the
 * change is always recorded: a programming session, and the alerts the programmer raises.
 */
import type { Command } from 'commander';
import { openStore, type OpenedStore } from '../clinic/open-store.ts';
import type { Implant } from '../clinic/records.ts';
import type { WorkflowTarget } from '../programmer/session.ts';
import { ItbError } from '../therapy/codes.ts';
import { CLI_ACTOR } from './db.ts';
import { withClinicianLink } from './pump-link.ts';
import { str } from './programmer.ts';
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
 * Opens the database (a missing SQLite file is refused, not created) and the link to the patient's latest
 * implant. The keys' pump must be that implant's pump: a change recorded on the wrong patient would hide it
 * from its own patient's board. Both are refused before anything is sent.
 */
export async function withRecordedPump<T>(f: Flags, fn: (p: RecordedPump) => Promise<T>): Promise<T> {
  const patientId = str(f, 'patient')?.trim();
  if (patientId === undefined || patientId === '') {
    throw new ItbError('ITB_E_INVALID_INPUT', 'missing --patient: the change is recorded on them');
  }
  const store = await openStore(str(f, 'db'), { migrate: false, mustExist: true });
  try {
    const ctx = { actor: CLI_ACTOR };
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
      return fn({ link, store, implant, target: { patientId, implantId: implant.id, actor: CLI_ACTOR } });
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
  return c
    .requiredOption('--patient <id>', 'the patient whose implant this pump is (the change is recorded)')
    .option('--db <url>', 'clinic database (default ITB_DATABASE_URL, else ./data/itb.sqlite)')
    .option('--confirm', 'send it: without it the plan is shown and nothing is sent')
    .option('--justification <text>', 'why a warned change is made (required when the plan warns)');
}
