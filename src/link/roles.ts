/**
 * The pump's role table (docs/protocol.md §5). A key paired at implant carries one role; the pump — not
 * the programmer — decides what a session of that role may do. The patient's controller may only read
 * status, acknowledge alarms and ask for a patient bolus within the pump's own limits (lockout and daily
 * maximum are enforced by the controller); it may also ask for the result of its own command ids, so it can
 * resolve a lost answer without pressing again. Everything else needs the clinician's programmer.
 */
import type { CommandOp } from './commands.ts';
import type { Role } from './handshake.ts';

const CLINICIAN: readonly CommandOp[] = [
  'interrogate-status',
  'interrogate-prescription',
  'interrogate-log',
  'interrogate-alarms',
  'program',
  'refill',
  'single-bolus',
  'priming-bolus',
  'bridge-bolus',
  'stop',
  'resume',
  'set-alarm-thresholds',
  'acknowledge-alarm',
  'set-clock',
  'set-catheter',
  'query-result',
];

const PATIENT: readonly CommandOp[] = [
  'interrogate-status',
  'acknowledge-alarm',
  'patient-bolus',
  'query-result',
];

/** What each role may send. The clinician cannot send patient-bolus: it is the patient's own button. */
export const ROLE_TABLE: Readonly<Record<Role, ReadonlySet<CommandOp>>> = {
  clinician: new Set(CLINICIAN),
  patient: new Set(PATIENT),
};

/** Whether `role` may issue `op`. */
export function mayIssue(role: Role, op: CommandOp): boolean {
  return ROLE_TABLE[role].has(op);
}
