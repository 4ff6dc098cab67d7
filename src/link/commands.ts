/**
 * The typed command set (docs/protocol.md §6). Every command is one opcode with a fixed, bounded layout;
 * there is no command that reads or writes memory by address, no generic "write parameter" and no
 * pass-through, so nothing sent over the link can reach state the command set does not name
 * (CVE-2019-6538/6540: raw memory read/write over a programming link). Each command carries a 16-byte
 * random command id: the pump applies an id at most once, and a lost answer is recovered by asking for the
 * id's result (query-result) instead of sending the command again.
 */
import type { DrugId } from '../therapy/drug.ts';
import type { Prescription } from '../therapy/prescription.ts';
import type { Millis, Nanograms, NanogramsPerMl, Nanolitres } from '../therapy/quantities.ts';
import type { PatientBolusConfig } from '../pump/state.ts';
import type { AlarmKind } from './alarm-kinds.ts';
import { fromHex, toHex } from './wire.ts';

/** A command id: 16 random bytes, written as 32 lowercase hex digits in the typed API. */
export type CommandId = string & { readonly __commandId: true };
export const COMMAND_ID_SIZE = 16;

/** Builds a command id from 16 bytes (e.g. from nodeEntropy(16)). */
export function commandIdFrom(bytes: Uint8Array): CommandId {
  if (bytes.length !== COMMAND_ID_SIZE) throw new RangeError('a command id is 16 bytes');
  return toHex(bytes) as CommandId;
}

/**
 * The state version a configuration command was prepared against (compare-and-set): the pump refuses the
 * command if its state changed since. Required for `program`; optional (undefined = unconditional) for
 * the others, as in the controller.
 */
interface Versioned {
  readonly expectedVersion: number | undefined;
}

export type Command = { readonly commandId: CommandId } & (
  | { readonly op: 'interrogate-status' }
  | { readonly op: 'interrogate-prescription' }
  | { readonly op: 'interrogate-log'; readonly fromSeq: number; readonly max: number }
  | { readonly op: 'interrogate-alarms' }
  | {
      readonly op: 'program';
      readonly expectedVersion: number;
      readonly prescription: Prescription;
      /** undefined = keep the pump's setting; null = patient boluses off. */
      readonly patientBolus: PatientBolusConfig | null | undefined;
    }
  | ({
      readonly op: 'refill';
      readonly drug: DrugId;
      readonly concentration: NanogramsPerMl;
      readonly volumeAdded: Nanolitres;
      /** Calculated volume after the fill (= volumeAdded after draining completely). */
      readonly newVolume: Nanolitres;
      /** Residual drained and measured before the fill; undefined if not measured. */
      readonly drainedVolume: Nanolitres | undefined;
      /** Required by the pump when the drug or concentration changes. */
      readonly prescription: Prescription | undefined;
    } & Versioned)
  | { readonly op: 'single-bolus'; readonly amount: Nanograms; readonly duration: Millis }
  /** undefined volume/duration: the pump derives them from its catheter volume and profile. */
  | {
      readonly op: 'priming-bolus';
      readonly volume: Nanolitres | undefined;
      readonly duration: Millis | undefined;
    }
  | { readonly op: 'bridge-bolus'; readonly volume: Nanolitres; readonly duration: Millis }
  | ({ readonly op: 'stop' } & Versioned)
  | ({ readonly op: 'resume' } & Versioned)
  /** undefined = keep that threshold. */
  | ({
      readonly op: 'set-alarm-thresholds';
      readonly lowReservoir: Nanolitres | undefined;
      readonly criticalRepeat: Millis | undefined;
    } & Versioned)
  | { readonly op: 'acknowledge-alarm'; readonly alarm: AlarmKind }
  /** The pump's clock runs in UTC; this sets the offset its flex schedules use for local time. */
  | ({ readonly op: 'set-clock'; readonly utcOffsetMinutes: number } & Versioned)
  | ({ readonly op: 'set-catheter'; readonly volume: Nanolitres } & Versioned)
  | { readonly op: 'patient-bolus' }
  | { readonly op: 'query-result'; readonly target: CommandId }
);

export type CommandOp = Command['op'];

/** Opcodes of the protocol (docs/protocol.md §6.1). No other opcode exists. */
export const OPCODES: Readonly<Record<CommandOp, number>> = {
  'interrogate-status': 0x01,
  'interrogate-prescription': 0x02,
  'interrogate-log': 0x03,
  'interrogate-alarms': 0x04,
  program: 0x10,
  refill: 0x11,
  'single-bolus': 0x12,
  'priming-bolus': 0x13,
  'bridge-bolus': 0x14,
  stop: 0x15,
  resume: 0x16,
  'set-alarm-thresholds': 0x17,
  'acknowledge-alarm': 0x18,
  'set-clock': 0x19,
  'set-catheter': 0x1a,
  'patient-bolus': 0x20,
  'query-result': 0x30,
};
export const OP_BY_CODE = new Map<number, CommandOp>(
  Object.entries(OPCODES).map(([op, code]) => [code, op as CommandOp]),
);

/** Most log entries one interrogate-log returns (bounds the response to the payload limit). */
export const MAX_LOG_ENTRIES = 8;

/** The 16 bytes of a command id. */
export function commandIdBytes(id: CommandId): Uint8Array {
  const s: string = id;
  if (!isCommandId(s)) throw new RangeError(`${s} is not a command id`);
  return fromHex(id);
}

/**
 * Whether a string is a command id (32 lowercase hex digits). One pass over the characters: every command
 * and response on the link encodes one (issue 14: the regular expression was a link profile item).
 */
export function isCommandId(s: string): s is CommandId {
  if (s.length !== 2 * COMMAND_ID_SIZE) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false; // 0-9, a-f
  }
  return true;
}
