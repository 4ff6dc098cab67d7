/**
 * Responses (docs/protocol.md §7): the pump's answer to one command — applied, a duplicate of an id it
 * already applied (with the original result), or refused with an error code and the reasons behind it
 * (docs/architecture.md principle 4: reasons reach the programmer). Reason messages stay on the pump's side; the
 * wire carries codes, severities and the numbers (limit, value).
 */
import type { PatientBolusConfig } from '../therapy/patient-bolus-rules.ts';
import type { Prescription } from '../therapy/prescription.ts';
import type { Verdict } from '../therapy/verdict.ts';
import { ALARM_CODES } from './alarm-kinds.ts';
import {
  COMMAND_ID_SIZE,
  MAX_LOG_ENTRIES,
  OPCODES,
  OP_BY_CODE,
  commandIdBytes,
  type CommandId,
  type CommandOp,
} from './commands.ts';
import { readPatientBolus, writePatientBolus } from './command-codec.ts';
import { readPrescription, writePrescription } from './prescription-codec.ts';
import {
  readStatus,
  writeStatus,
  readLogEntry,
  writeLogEntry,
  readAlarmRecord,
  writeAlarmRecord,
} from './status-codec.ts';
import type { AlarmRecord, LogEntry, PumpStatus } from './status-codec.ts';
import { decoding, Reader, toHex, Writer, type Decoded } from './wire.ts';

/** A reason as it travels: no message text. */
export interface WireReason {
  readonly code: string;
  readonly severity: Verdict;
  readonly limit?: number;
  readonly value?: number;
}

export type ResponseBody =
  | { readonly kind: 'status'; readonly status: PumpStatus }
  | {
      readonly kind: 'prescription';
      readonly stateVersion: number;
      readonly prescription: Prescription;
      /** The patient-controlled bolus setting the pump holds (null: off). */
      readonly patientBolus: PatientBolusConfig | null;
    }
  | { readonly kind: 'log'; readonly nextSeq: number; readonly entries: readonly LogEntry[] }
  | { readonly kind: 'alarms'; readonly alarms: readonly AlarmRecord[] }
  /** Any state-changing command: the pump's state version after it was applied. */
  | { readonly kind: 'version'; readonly stateVersion: number }
  /** query-result: the stored response of the target id, or undefined if the pump never applied it. */
  | { readonly kind: 'result'; readonly found: Response | undefined };

/** `unknown` answers a command whose opcode could not be read (opcode byte 0x00 on the wire). */
export type ResponseOp = CommandOp | 'unknown';

export type Response =
  | {
      readonly op: ResponseOp;
      readonly commandId: CommandId;
      readonly outcome: 'applied' | 'duplicate';
      /** Advisory reasons (ok/warn) of an accepted command, e.g. a soft limit passed with an override. */
      readonly reasons: readonly WireReason[];
      readonly body: ResponseBody;
    }
  | {
      readonly op: ResponseOp;
      readonly commandId: CommandId;
      readonly outcome: 'refused';
      readonly error: string;
      readonly reasons: readonly WireReason[];
    };

/** Most reasons one response carries. */
export const MAX_REASONS = 8;
/** Most alarm records: one per alarm kind. */
export const MAX_ALARMS = Object.keys(ALARM_CODES).length;
const OUTCOME_CODES = { applied: 0, duplicate: 1, refused: 2 } as const;
const SEVERITY_CODES: Readonly<Record<Verdict, number>> = { ok: 0, warn: 1, block: 2 };
const SEVERITIES: readonly Verdict[] = ['ok', 'warn', 'block'];
const HAS_LIMIT = 1;
const HAS_VALUE = 2;
/** A command id of all zeros: the answer to a command whose id could not be read. */
export const NULL_COMMAND_ID = '0'.repeat(32) as CommandId;

/** The body kind each opcode answers with. */
export function bodyKindOf(op: ResponseOp): ResponseBody['kind'] | undefined {
  switch (op) {
    case 'interrogate-status':
      return 'status';
    case 'interrogate-prescription':
      return 'prescription';
    case 'interrogate-log':
      return 'log';
    case 'interrogate-alarms':
      return 'alarms';
    case 'query-result':
      return 'result';
    case 'unknown':
      // Only inside a query result, for a stored result whose command kind the pump no longer knows.
      return 'version';
    default:
      return 'version';
  }
}

function writeReasons(w: Writer, reasons: readonly WireReason[]): void {
  if (reasons.length > MAX_REASONS) throw new RangeError(`at most ${MAX_REASONS} reasons`);
  w.u8(reasons.length);
  for (const x of reasons) {
    w.code(x.code, 'reason');
    w.u8((x.limit === undefined ? 0 : HAS_LIMIT) | (x.value === undefined ? 0 : HAS_VALUE));
    if (x.limit !== undefined) w.i64(x.limit, 'limit');
    if (x.value !== undefined) w.i64(x.value, 'value');
    w.u8(SEVERITY_CODES[x.severity]);
  }
}

function readReasons(r: Reader): WireReason[] {
  const n = r.u8('reasons');
  if (n > MAX_REASONS) r.fail(`${n} reasons, at most ${MAX_REASONS}`);
  const reasons: WireReason[] = [];
  for (let i = 0; i < n; i++) {
    const code = r.code('reason');
    const flags = r.u8('reason flags');
    if (flags & ~(HAS_LIMIT | HAS_VALUE)) r.fail('unknown reason flags');
    const limit = flags & HAS_LIMIT ? r.i64('limit') : undefined;
    const value = flags & HAS_VALUE ? r.i64('value') : undefined;
    const severity = SEVERITIES[r.u8('severity')];
    if (severity === undefined) r.fail('unknown severity');
    reasons.push({
      code,
      severity,
      ...(limit === undefined ? {} : { limit }),
      ...(value === undefined ? {} : { value }),
    });
  }
  return reasons;
}

function writeResponse(w: Writer, r: Response, depth: number): void {
  w.u8(r.op === 'unknown' ? 0 : OPCODES[r.op], 'opcode').bytes(commandIdBytes(r.commandId));
  w.u8(OUTCOME_CODES[r.outcome], 'outcome');
  if (r.outcome === 'refused') w.code(r.error, 'error');
  writeReasons(w, r.reasons);
  if (r.outcome === 'refused') return;
  const b = r.body;
  if (r.op === 'unknown' && depth === 0) throw new RangeError('only a refusal can answer an unknown opcode');
  if (bodyKindOf(r.op) !== b.kind) throw new RangeError(`${r.op} cannot answer with a ${b.kind} body`);
  switch (b.kind) {
    case 'status':
      writeStatus(w, b.status);
      break;
    case 'prescription':
      w.u32(b.stateVersion, 'version');
      writePrescription(w, b.prescription);
      writePatientBolus(w, b.patientBolus);
      break;
    case 'log':
      if (b.entries.length > MAX_LOG_ENTRIES) throw new RangeError(`at most ${MAX_LOG_ENTRIES} entries`);
      w.u32(b.nextSeq, 'next seq').u8(b.entries.length, 'entries');
      for (const e of b.entries) writeLogEntry(w, e);
      break;
    case 'alarms':
      if (b.alarms.length > MAX_ALARMS) throw new RangeError(`at most ${MAX_ALARMS} alarms`);
      w.u8(b.alarms.length, 'alarms');
      for (const a of b.alarms) writeAlarmRecord(w, a);
      break;
    case 'version':
      w.u32(b.stateVersion, 'version');
      break;
    case 'result':
      if (depth > 0 || b.found?.op === 'query-result') throw new RangeError('query results do not nest');
      w.u8(b.found === undefined ? 0 : 1);
      if (b.found !== undefined) writeResponse(w, b.found, depth + 1);
      break;
  }
}

/** The plaintext of a response frame. */
export function encodeResponse(r: Response): Uint8Array {
  const w = new Writer();
  writeResponse(w, r, 0);
  return w.finish();
}

function readResponse(r: Reader, depth: number): Response {
  const code = r.u8('opcode');
  const op: ResponseOp | undefined = code === 0 ? 'unknown' : OP_BY_CODE.get(code);
  if (op === undefined) r.fail(`unknown opcode 0x${code.toString(16)}`);
  const commandId = toHex(r.bytesOf(COMMAND_ID_SIZE, 'command id')) as CommandId;
  const outcome = r.u8('outcome');
  if (outcome === OUTCOME_CODES.refused) {
    const error = r.code('error');
    return { op, commandId, outcome: 'refused', error, reasons: readReasons(r) };
  }
  if (outcome !== OUTCOME_CODES.applied && outcome !== OUTCOME_CODES.duplicate) r.fail('unknown outcome');
  const kind = bodyKindOf(op);
  if (kind === undefined || (op === 'unknown' && depth === 0)) {
    r.fail('only a refusal can answer an unknown opcode');
  }
  const reasons = readReasons(r);
  return {
    op,
    commandId,
    outcome: outcome === OUTCOME_CODES.applied ? 'applied' : 'duplicate',
    reasons,
    body: readBody(r, kind, depth),
  };
}

function readBody(r: Reader, kind: ResponseBody['kind'], depth: number): ResponseBody {
  switch (kind) {
    case 'status':
      return { kind, status: readStatus(r) };
    case 'prescription': {
      const stateVersion = r.u32('version');
      const prescription = readPrescription(r);
      const patientBolus = readPatientBolus(r);
      if (patientBolus === undefined) r.fail('a prescription answer names the patient bolus setting');
      return { kind, stateVersion, prescription, patientBolus };
    }
    case 'log': {
      const nextSeq = r.u32('next seq');
      const n = r.u8('entries');
      if (n > MAX_LOG_ENTRIES) r.fail(`${n} log entries, at most ${MAX_LOG_ENTRIES}`);
      const entries: LogEntry[] = [];
      for (let i = 0; i < n; i++) entries.push(readLogEntry(r));
      return { kind, nextSeq, entries };
    }
    case 'alarms': {
      const n = r.u8('alarms');
      if (n > MAX_ALARMS) r.fail(`${n} alarms, at most ${MAX_ALARMS}`);
      const alarms: AlarmRecord[] = [];
      for (let i = 0; i < n; i++) alarms.push(readAlarmRecord(r));
      return { kind, alarms };
    }
    case 'version':
      return { kind, stateVersion: r.u32('version') };
    case 'result': {
      const found = r.u8('found');
      if (found > 1) r.fail('found flag');
      if (found === 0) return { kind, found: undefined };
      if (depth > 0) r.fail('query results do not nest');
      const inner = readResponse(r, depth + 1);
      if (inner.op === 'query-result') r.fail('query results do not nest');
      return { kind, found: inner };
    }
  }
}

/** Decodes a response plaintext; never throws. */
export function decodeResponse(plain: Uint8Array): Decoded<Response> {
  return decoding(() => {
    const r: Reader = new Reader(plain);
    const resp = readResponse(r, 0);
    r.end('response');
    return resp;
  });
}
