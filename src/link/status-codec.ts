/**
 * Wire layouts of what interrogation returns (docs/protocol.md §7.3): the status record, alarm records and
 * event-log entries. Fixed sizes except log codes (bounded ASCII), so a response's size is known from its
 * counts and cannot exceed the payload limit.
 */
import type { DrugId } from '../therapy/drug.ts';
import type { PrescriptionMode } from '../therapy/prescription.ts';
import type {
  EpochMs,
  NanogramsPerDay,
  NanogramsPerMl,
  Nanolitres,
  NanolitresPerDay,
} from '../therapy/quantities.ts';
import { ALARM_CODES, alarmMask, alarmsOfMask, readAlarmKind, type AlarmKind } from './alarm-kinds.ts';
import { DRUG_CODES, readOptionalDrug } from './prescription-codec.ts';
import type { Reader, Writer } from './wire.ts';

/** A bolus that may be running, as reported in the status. */
export type RunningBolus =
  'single-bolus' | 'priming-bolus' | 'bridge-bolus' | 'patient-bolus' | 'periodic-bolus';
const BOLUS_CODES: Readonly<Record<RunningBolus, number>> = {
  'single-bolus': 1,
  'priming-bolus': 2,
  'bridge-bolus': 3,
  'patient-bolus': 4,
  'periodic-bolus': 5,
};
const BOLUS_BY_CODE = new Map<number, RunningBolus>(
  Object.entries(BOLUS_CODES).map(([k, c]) => [c, k as RunningBolus]),
);
const MODES: readonly PrescriptionMode[] = ['stopped', 'minimum-rate', 'simple-continuous', 'flex'];

export interface PumpStatus {
  /** Increases with every applied state change; state-changing commands name it (compare-and-set). */
  readonly stateVersion: number;
  readonly pumpTime: EpochMs;
  readonly mode: PrescriptionMode;
  /** Drug in the reservoir; undefined when unknown (never filled, memory error). */
  readonly drug: DrugId | undefined;
  readonly concentration: NanogramsPerMl;
  readonly doseRate: NanogramsPerDay;
  readonly flow: NanolitresPerDay;
  /** Calculated, not sensed (docs/clinical-reference.md §3). */
  readonly reservoir: Nanolitres;
  readonly lowReservoirThreshold: Nanolitres;
  readonly bolus: RunningBolus | undefined;
  readonly bolusRemaining: Nanolitres;
  /** 0–100, undefined for pumps without a battery. */
  readonly batteryPercent: number | undefined;
  readonly alarms: readonly AlarmKind[];
  /** Stopped by command (the prescription is kept for resume). */
  readonly suspended: boolean;
  /** The mechanism is not turning (fault, magnetic field, closed valve). */
  readonly motorStalled: boolean;
  /** Minutes added to UTC for the pump's local time (flex schedules). */
  readonly utcOffsetMinutes: number;
}

export const STATUS_SIZE = 45;
const FLAG_SUSPENDED = 1;
const FLAG_STALLED = 2;
const NO_BATTERY = 0xff;

export function writeStatus(w: Writer, s: PumpStatus): void {
  w.u32(s.stateVersion, 'version').u64(s.pumpTime, 'time').u8(MODES.indexOf(s.mode), 'mode');
  w.u8(s.drug === undefined ? 0 : DRUG_CODES[s.drug], 'drug').u32(s.concentration, 'concentration');
  w.u32(s.doseRate, 'dose rate').u32(s.flow, 'flow').u32(s.reservoir, 'reservoir');
  w.u32(s.lowReservoirThreshold, 'low reservoir');
  w.u8(s.bolus === undefined ? 0 : BOLUS_CODES[s.bolus], 'bolus').u32(s.bolusRemaining, 'bolus remaining');
  if (s.batteryPercent !== undefined && s.batteryPercent > 100) throw new RangeError('battery percent');
  w.u8(s.batteryPercent ?? NO_BATTERY, 'battery').u16(alarmMask(s.alarms), 'alarms');
  w.u8((s.suspended ? FLAG_SUSPENDED : 0) | (s.motorStalled ? FLAG_STALLED : 0), 'flags');
  w.i16(s.utcOffsetMinutes, 'utc offset');
}

export function readStatus(r: Reader): PumpStatus {
  const stateVersion = r.u32('version');
  const pumpTime = r.u64('time') as EpochMs;
  const mode = MODES[r.u8('mode')];
  if (mode === undefined) r.fail('unknown mode');
  const drug = readOptionalDrug(r);
  const concentration = r.u32('concentration') as NanogramsPerMl;
  const doseRate = r.u32('dose rate') as NanogramsPerDay;
  const flow = r.u32('flow') as NanolitresPerDay;
  const reservoir = r.u32('reservoir') as Nanolitres;
  const lowReservoirThreshold = r.u32('low reservoir') as Nanolitres;
  const bolusCode = r.u8('bolus');
  const bolus = bolusCode === 0 ? undefined : BOLUS_BY_CODE.get(bolusCode);
  if (bolusCode !== 0 && bolus === undefined) r.fail(`unknown bolus code ${bolusCode}`);
  const bolusRemaining = r.u32('bolus remaining') as Nanolitres;
  const battery = r.u8('battery');
  if (battery > 100 && battery !== NO_BATTERY) r.fail(`battery ${battery} %`);
  const alarms = alarmsOfMask(r.u16('alarms'));
  if (alarms === undefined) r.fail('unknown alarm bit');
  const flags = r.u8('flags');
  if (flags & ~(FLAG_SUSPENDED | FLAG_STALLED)) r.fail('unknown status flags');
  const utcOffsetMinutes = r.i16('utc offset');
  return {
    stateVersion,
    pumpTime,
    mode,
    drug,
    concentration,
    doseRate,
    flow,
    reservoir,
    lowReservoirThreshold,
    bolus,
    bolusRemaining,
    batteryPercent: battery === NO_BATTERY ? undefined : battery,
    alarms,
    suspended: (flags & FLAG_SUSPENDED) !== 0,
    motorStalled: (flags & FLAG_STALLED) !== 0,
    utcOffsetMinutes,
  };
}

export interface AlarmRecord {
  readonly kind: AlarmKind;
  readonly since: EpochMs;
  readonly acknowledged: boolean;
}

export function writeAlarmRecord(w: Writer, a: AlarmRecord): void {
  w.u8(ALARM_CODES[a.kind], 'alarm')
    .u64(a.since, 'since')
    .u8(a.acknowledged ? 1 : 0);
}

export function readAlarmRecord(r: Reader): AlarmRecord {
  const kind = readAlarmKind(r);
  const since = r.u64('since') as EpochMs;
  const ack = r.u8('acknowledged');
  if (ack > 1) r.fail('acknowledged flag');
  return { kind, since, acknowledged: ack === 1 };
}

/**
 * One pump event-log entry: sequence number, time, the entry's type (ASCII, e.g. `bolus-started` or a
 * project code) and its message (UTF-8). Structured data stays on the pump; the message says it in words.
 */
export interface LogEntry {
  readonly seq: number;
  readonly at: EpochMs;
  readonly type: string;
  readonly message: string;
}

export const MAX_LOG_TYPE_BYTES = 40;
export const MAX_LOG_MESSAGE_BYTES = 160;
const TYPE_RE = /^[A-Za-z0-9_.:-]+$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Out = new TextEncoder();

/** The longest prefix of `text` whose UTF-8 form fits `max` bytes (never splits a character). */
export function truncateUtf8(text: string, max: number): string {
  if (utf8Out.encode(text).length <= max) return text;
  let out = '';
  let used = 0;
  for (const ch of text) {
    const n = utf8Out.encode(ch).length;
    if (used + n > max - 3) break;
    out += ch;
    used += n;
  }
  return `${out}…`;
}

export function writeLogEntry(w: Writer, e: LogEntry): void {
  if (!TYPE_RE.test(e.type) || e.type.length > MAX_LOG_TYPE_BYTES) {
    throw new RangeError(`log type ${JSON.stringify(e.type)} does not fit the wire`);
  }
  const msg = utf8Out.encode(e.message);
  if (msg.length > MAX_LOG_MESSAGE_BYTES) throw new RangeError('log message too long; truncate it first');
  w.u32(e.seq, 'seq').u64(e.at, 'at').u8(e.type.length);
  for (let i = 0; i < e.type.length; i++) w.u8(e.type.charCodeAt(i));
  w.u8(msg.length).bytes(msg);
}

export function readLogEntry(r: Reader): LogEntry {
  const seq = r.u32('seq');
  const at = r.u64('at') as EpochMs;
  const nType = r.u8('type length');
  if (nType === 0 || nType > MAX_LOG_TYPE_BYTES) r.fail(`log type of ${nType} bytes`);
  const type = String.fromCharCode(...r.bytesOf(nType, 'type'));
  if (!TYPE_RE.test(type)) r.fail('log type characters');
  const nMsg = r.u8('message length');
  if (nMsg > MAX_LOG_MESSAGE_BYTES) r.fail(`log message of ${nMsg} bytes`);
  let message: string;
  try {
    message = utf8.decode(r.bytesOf(nMsg, 'message'));
  } catch {
    r.fail('log message is not UTF-8');
  }
  return { seq, at, type, message };
}
