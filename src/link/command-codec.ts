/**
 * Byte layout of commands (docs/protocol.md §6.2): opcode (u8), command id (16 bytes), then the opcode's
 * fixed body. Optional 32-bit fields use 0xFFFFFFFF for "absent". Decoding refuses unknown opcodes with
 * their own code (a probe for a hidden command shows up as such in the log), out-of-range fields and
 * trailing bytes; it never throws.
 */
import type { PatientBolusConfig } from '../pump/state.ts';
import type { Millis, Nanograms, NanogramsPerMl, Nanolitres } from '../therapy/quantities.ts';
import { ALARM_CODES, readAlarmKind } from './alarm-kinds.ts';
import {
  COMMAND_ID_SIZE,
  MAX_LOG_ENTRIES,
  OPCODES,
  OP_BY_CODE,
  commandIdBytes,
  type Command,
  type CommandId,
  type CommandOp,
} from './commands.ts';
import { readDrug, readPrescription, writeDrug, writePrescription } from './prescription-codec.ts';
import { decoding, Reader, toHex, Writer, type Decoded } from './wire.ts';

/** "Absent" for optional u32 fields. */
export const ABSENT = 0xffff_ffff;
/** UTC offsets span −14 h to +14 h in practice; the wire allows ±24 h. */
const MAX_OFFSET_MINUTES = 1440;
const PB_KEEP = 0;
const PB_OFF = 1;
const PB_SET = 2;

function optU32(w: Writer, v: number | undefined, what: string): void {
  if (v === ABSENT) throw new RangeError(`${what} ${ABSENT} is reserved for "absent"`);
  w.u32(v ?? ABSENT, what);
}

function readOpt(r: Reader, what: string): number | undefined {
  const v = r.u32(what);
  return v === ABSENT ? undefined : v;
}

/** A patient bolus setting (§6.2): keep (undefined), off (null) or set; the prescription answer uses off/set. */
export function writePatientBolus(w: Writer, pb: PatientBolusConfig | null | undefined): void {
  if (pb === undefined) return void w.u8(PB_KEEP);
  if (pb === null) return void w.u8(PB_OFF);
  w.u8(PB_SET).u32(pb.amount, 'amount').u32(pb.duration, 'duration').u32(pb.lockout, 'lockout');
  w.u16(pb.maxPerDay, 'max per day');
}

export function readPatientBolus(r: Reader): PatientBolusConfig | null | undefined {
  const tag = r.u8('patient bolus');
  if (tag === PB_KEEP) return undefined;
  if (tag === PB_OFF) return null;
  if (tag !== PB_SET) r.fail(`patient bolus tag ${tag}`);
  return {
    amount: r.u32('amount') as Nanograms,
    duration: r.u32('duration') as Millis,
    lockout: r.u32('lockout') as Millis,
    maxPerDay: r.u16('max per day'),
  };
}

/** The plaintext of a command frame. Throws (a programming error) if a field does not fit its layout. */
export function encodeCommand(c: Command): Uint8Array {
  const w = new Writer().u8(OPCODES[c.op], 'opcode').bytes(commandIdBytes(c.commandId));
  switch (c.op) {
    case 'interrogate-status':
    case 'interrogate-prescription':
    case 'interrogate-alarms':
    case 'patient-bolus':
      break;
    case 'interrogate-log':
      if (c.max < 1 || c.max > MAX_LOG_ENTRIES) throw new RangeError(`max must be 1–${MAX_LOG_ENTRIES}`);
      w.u32(c.fromSeq, 'fromSeq').u8(c.max, 'max');
      break;
    case 'program':
      w.u32(c.expectedVersion, 'version');
      writePrescription(w, c.prescription);
      writePatientBolus(w, c.patientBolus);
      break;
    case 'refill':
      optU32(w, c.expectedVersion, 'version');
      writeDrug(w, c.drug);
      w.u32(c.concentration, 'concentration').u32(c.volumeAdded, 'added').u32(c.newVolume, 'new volume');
      optU32(w, c.drainedVolume, 'drained');
      w.u8(c.prescription === undefined ? 0 : 1);
      if (c.prescription !== undefined) writePrescription(w, c.prescription);
      break;
    case 'single-bolus':
      w.u32(c.amount, 'amount').u32(c.duration, 'duration');
      break;
    case 'priming-bolus':
      optU32(w, c.volume, 'volume');
      optU32(w, c.duration, 'duration');
      break;
    case 'bridge-bolus':
      w.u32(c.volume, 'volume').u32(c.duration, 'duration');
      break;
    case 'stop':
    case 'resume':
      optU32(w, c.expectedVersion, 'version');
      break;
    case 'set-alarm-thresholds':
      optU32(w, c.expectedVersion, 'version');
      optU32(w, c.lowReservoir, 'low reservoir');
      optU32(w, c.criticalRepeat, 'critical repeat');
      break;
    case 'acknowledge-alarm':
      w.u8(ALARM_CODES[c.alarm], 'alarm');
      break;
    case 'set-clock':
      if (Math.abs(c.utcOffsetMinutes) > MAX_OFFSET_MINUTES) throw new RangeError('UTC offset');
      optU32(w, c.expectedVersion, 'version');
      w.i16(c.utcOffsetMinutes, 'utc offset');
      break;
    case 'set-catheter':
      optU32(w, c.expectedVersion, 'version');
      w.u32(c.volume, 'volume');
      break;
    case 'query-result':
      w.bytes(commandIdBytes(c.target));
      break;
  }
  return w.finish();
}

/** Reads the opcode and command id that start every command and every response. */
export function readOpAndId(r: Reader): { op: CommandOp; commandId: CommandId } {
  const code = r.u8('opcode');
  const op = OP_BY_CODE.get(code);
  if (op === undefined) r.fail(`unknown opcode 0x${code.toString(16)}`);
  return { op, commandId: toHex(r.bytesOf(COMMAND_ID_SIZE, 'command id')) as CommandId };
}

type Body = { readonly op: CommandOp } & Record<string, unknown>;

function readBody(r: Reader, op: CommandOp): Body {
  switch (op) {
    case 'interrogate-status':
    case 'interrogate-prescription':
    case 'interrogate-alarms':
    case 'patient-bolus':
      return { op };
    case 'interrogate-log': {
      const fromSeq = r.u32('fromSeq');
      const max = r.u8('max');
      if (max < 1 || max > MAX_LOG_ENTRIES) r.fail(`max ${max} outside 1–${MAX_LOG_ENTRIES}`);
      return { op, fromSeq, max };
    }
    case 'program':
      return {
        op,
        expectedVersion: r.u32('version'),
        prescription: readPrescription(r),
        patientBolus: readPatientBolus(r),
      };
    case 'refill': {
      const expectedVersion = readOpt(r, 'version');
      const drug = readDrug(r);
      const concentration = r.u32('concentration') as NanogramsPerMl;
      const volumeAdded = r.u32('added') as Nanolitres;
      const newVolume = r.u32('new volume') as Nanolitres;
      const drainedVolume = readOpt(r, 'drained');
      const has = r.u8('has prescription');
      if (has > 1) r.fail('prescription flag');
      const prescription = has === 1 ? readPrescription(r) : undefined;
      return {
        op,
        expectedVersion,
        drug,
        concentration,
        volumeAdded,
        newVolume,
        drainedVolume,
        prescription,
      };
    }
    case 'single-bolus':
      return { op, amount: r.u32('amount'), duration: r.u32('duration') };
    case 'priming-bolus':
      return { op, volume: readOpt(r, 'volume'), duration: readOpt(r, 'duration') };
    case 'bridge-bolus':
      return { op, volume: r.u32('volume'), duration: r.u32('duration') };
    case 'stop':
    case 'resume':
      return { op, expectedVersion: readOpt(r, 'version') };
    case 'set-alarm-thresholds':
      return {
        op,
        expectedVersion: readOpt(r, 'version'),
        lowReservoir: readOpt(r, 'low reservoir'),
        criticalRepeat: readOpt(r, 'critical repeat'),
      };
    case 'acknowledge-alarm':
      return { op, alarm: readAlarmKind(r) };
    case 'set-clock': {
      const expectedVersion = readOpt(r, 'version');
      const utcOffsetMinutes = r.i16('utc offset');
      if (Math.abs(utcOffsetMinutes) > MAX_OFFSET_MINUTES) r.fail('UTC offset beyond ±24 h');
      return { op, expectedVersion, utcOffsetMinutes };
    }
    case 'set-catheter':
      return { op, expectedVersion: readOpt(r, 'version'), volume: r.u32('volume') };
    case 'query-result':
      return { op, target: toHex(r.bytesOf(COMMAND_ID_SIZE, 'target')) };
  }
}

/** Decodes a command plaintext. */
export function decodeCommand(plain: Uint8Array): Decoded<Command> {
  if (plain.length >= 1 && !OP_BY_CODE.has(plain[0]!)) {
    return { ok: false, code: 'ITB_E_LINK_UNKNOWN_COMMAND', message: `opcode 0x${plain[0]!.toString(16)}` };
  }
  return decoding(() => {
    const r: Reader = new Reader(plain);
    const { op, commandId } = readOpAndId(r);
    const body = readBody(r, op);
    r.end(op);
    return { commandId, ...body } as unknown as Command;
  });
}

/** Decodes just the opcode and command id (to answer a command whose body is malformed). */
export function peekOpAndId(plain: Uint8Array): Decoded<{ op: CommandOp; commandId: CommandId }> {
  return decoding(() => readOpAndId(new Reader(plain)));
}
