/**
 * One write to the pump, told honestly: send it once through the link client (which resolves a lost answer
 * by command id and never sends twice), read the pump back, and compare field by field with what was meant.
 * The result names exactly one {@link WriteStatus}; anything short of `verified` (except a plain refusal or
 * a confirmed non-application) comes with an alert for the clinic, because a pump whose state is not known
 * must be re-interrogated before anyone relies on it (docs/architecture.md principle 5: fail safe, never fail silent).
 */
import type { AlertInput } from '../clinic/clinical-records.ts';
import type { Command } from '../link/commands.ts';
import type { Execution } from '../link/programmer-client.ts';
import type { WireReason } from '../link/responses.ts';
import { diffJson, toJson, type DiffEntry, type Json } from './diff.ts';
import { interrogate, snapshotJson, type Snapshot } from './interrogate.ts';
import type { LinkClient, WorkflowTarget, WriteStatus } from './session.ts';

export interface ReadBack {
  /** Whether the pump could be read after the write. */
  readonly read: boolean;
  /** Fields where the pump differs from what was meant (empty when it matches). */
  readonly mismatches: readonly DiffEntry[];
  readonly snapshot?: Snapshot;
  readonly error?: string;
}

export interface WriteResult {
  readonly op: Command['op'];
  readonly commandId: string;
  readonly status: WriteStatus;
  readonly execution: Execution;
  /** The pump's reasons (advisory when applied; why, when refused). */
  readonly pumpReasons: readonly WireReason[];
  /** The pump's refusal code, when refused. */
  readonly error?: string;
  /** null when nothing was applied (no read-back is needed to know that). */
  readonly readBack: ReadBack | null;
}

/**
 * Executes `command` and, if applied, interrogates again and compares `expected(snapshot)` (the fields the
 * write must have set, as JSON) with `actual(snapshot)`. A read-back that fails to read is reported, not
 * thrown: the pump has the change, so the record must say so.
 */
export async function writeAndVerify(
  client: LinkClient,
  command: Command,
  check: { readonly expected: unknown; readonly actual: (s: Snapshot) => unknown },
): Promise<WriteResult> {
  const execution = await client.execute(command);
  const base = { op: command.op, commandId: command.commandId, execution };
  switch (execution.outcome) {
    case 'refused':
      return {
        ...base,
        status: 'refused',
        pumpReasons: execution.response.reasons,
        error: execution.response.error,
        readBack: null,
      };
    case 'not-applied':
      return { ...base, status: 'not-applied', pumpReasons: [], readBack: null };
    case 'unknown':
      return { ...base, status: 'unknown', pumpReasons: [], readBack: null };
    case 'applied':
      break;
  }
  let readBack: ReadBack;
  try {
    const snapshot = await interrogate(client);
    const mismatches = diffJson(check.expected, check.actual(snapshot));
    readBack = { read: true, mismatches, snapshot };
  } catch (e) {
    readBack = { read: false, mismatches: [], error: e instanceof Error ? e.message : String(e) };
  }
  const status: WriteStatus = !readBack.read
    ? 'applied-unverified'
    : readBack.mismatches.length > 0
      ? 'readback-mismatch'
      : 'verified';
  return { ...base, status, pumpReasons: execution.response.reasons, readBack };
}

/** The write as recorded inside a programming session's `interrogation` record (docs/workflows.md). */
export function writeRecord(w: WriteResult): Json {
  return toJson({
    op: w.op,
    commandId: w.commandId,
    status: w.status,
    via: w.execution.outcome === 'applied' || w.execution.outcome === 'refused' ? w.execution.via : null,
    attempts: w.execution.attempts,
    reason:
      w.execution.outcome === 'unknown' || w.execution.outcome === 'not-applied' ? w.execution.reason : null,
    error: w.error ?? null,
    pumpReasons: w.pumpReasons,
    readBack:
      w.readBack === null
        ? null
        : {
            read: w.readBack.read,
            mismatches: w.readBack.mismatches,
            stateVersion: w.readBack.snapshot?.stateVersion ?? null,
            error: w.readBack.error ?? null,
          },
  });
}

/**
 * The pump as last read back after `writes` (in order; null for one not made): a session records it as
 * `after`, what the pump reports now — its programme, reservoir and alarms (clinic/pump-contents.ts,
 * pump-conditions.ts). Null when no write could be read back. Every write's session records it (finding:
 * a titration's session kept only the snapshot read before the change, so a board waiting for a new
 * concentration projected the old, smaller dose and put refill-by after the pump ran empty).
 */
export function readBackJson(...writes: readonly (WriteResult | null)[]): Json {
  const last = writes.findLast((w) => w?.readBack?.snapshot !== undefined)?.readBack?.snapshot;
  return last === undefined ? null : toJson(snapshotJson(last));
}

/** The alert a write's status calls for, or null (verified, refused and not-applied need none). */
export function alertForWrite(w: WriteResult, target: WorkflowTarget, what: string): AlertInput | null {
  const base = { patientId: target.patientId, implantId: target.implantId, kind: 'other' as const };
  switch (w.status) {
    case 'verified':
    case 'refused':
    case 'not-applied':
      return null;
    case 'unknown':
      return {
        ...base,
        severity: 'critical',
        cause: { kind: 'outcome-unknown', ref: w.commandId },
        message:
          `${what}: the pump may or may not have applied command ${w.commandId} (${w.op}) — the link could not ` +
          `find out. Re-interrogate the pump and check what it does now (delivery running or stopped, a bolus ` +
          `given or not, the programme it runs) and how the patient is, before any other change; do not repeat ` +
          `the command blindly. Only a person closes this alert: resolve it with a note of what you found.`,
      };
    case 'applied-unverified':
      return {
        ...base,
        severity: 'critical',
        message:
          `${what}: the pump applied command ${w.commandId} (${w.op}) but could not be read back ` +
          `(${w.readBack?.error ?? 'no answer'}). Re-interrogate and compare before relying on it.`,
      };
    case 'readback-mismatch':
      return {
        ...base,
        severity: 'critical',
        cause: { kind: 'readback-mismatch', ref: w.commandId },
        message:
          `${what}: the pump applied command ${w.commandId} (${w.op}) but reads back differently at ` +
          `${(w.readBack?.mismatches ?? []).map((m) => m.path).join(', ')}. Re-interrogate, compare what the pump ` +
          `runs with the prescription, correct it now and check the patient. Only a person closes this alert: ` +
          `resolve it with a note of what you found and did.`,
      };
  }
}
