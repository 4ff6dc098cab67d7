/**
 * How an `itb` command that works on one patient's records reaches them: the database opened (a missing
 * SQLite file is refused, not created), the acting user checked against the API's rule for the route
 * (clinic-access.ts) and the patient found — all before anything changes.
 */
import { openStore, type OpenedStore } from '../clinic/open-store.ts';
import type { ActorContext } from '../clinic/records.ts';
import { ItbError } from '../therapy/codes.ts';
import type { Command } from 'commander';
import { actingUserOption, authorizeActingUser, dbOption } from './clinic-access.ts';
import { str, type Flags } from './flags.ts';

/**
 * Runs `fn` on the clinic database as the acting user once the API's rule for `route` admits them and, for
 * a patient's route (`:patientId`), `--patient` names a patient that exists.
 */
export async function withClinic<T>(
  f: Flags,
  route: string,
  fn: (store: OpenedStore, ctx: ActorContext, patientId: string | undefined) => Promise<T>,
): Promise<T> {
  const patientId = str(f, 'patient')?.trim();
  if (route.includes(':patientId') && (patientId === undefined || patientId === '')) {
    throw new ItbError('ITB_E_INVALID_INPUT', 'missing --patient');
  }
  const store = await openStore(str(f, 'db'), { migrate: false, mustExist: true });
  try {
    const ctx = await authorizeActingUser(store, f, [route], { patientId });
    if (patientId !== undefined) await store.getPatient(patientId, ctx);
    return await fn(store, ctx, patientId);
  } finally {
    await store.close();
  }
}

/** The options every subcommand on one patient's records takes (`itb pathway …`, `itb troubleshoot …`). */
export const clinicOptions = (c: Command): Command =>
  actingUserOption(dbOption(c))
    .option('--json', 'one JSON object on stdout')
    .requiredOption('--patient <id>', 'the patient');

/** `--at`: when a record happened (default: now). */
export const atOption = (c: Command): Command =>
  c.option('--at <time>', 'when, ISO 8601 with a zone (default: now)');
