/**
 * Translation between the wire's typed commands and responses (commands.ts, responses.ts) and the pump
 * controller's inputs and state (src/pump). Pure. The controller's checks decide; this file only carries
 * their answers, with every reason the wire can hold (docs/architecture.md principle 4).
 */
import type { PumpCommand } from '../pump/inputs.ts';
import { basalFlow } from '../pump/flows.ts';
import { batteryFraction } from '../pump/battery.ts';
import type { CommandResult, PumpState } from '../pump/state.ts';
import { flowToDose, nanogramsPerDay, nanogramsPerMl, nanolitres } from '../therapy/quantities.ts';
import type { Reason } from '../therapy/verdict.ts';
import { MAX_LOG_ENTRIES, type Command, type CommandId } from './commands.ts';
import { MAX_REASONS, type Response, type ResponseOp, type WireReason } from './responses.ts';
import {
  MAX_LOG_MESSAGE_BYTES,
  MAX_LOG_TYPE_BYTES,
  truncateUtf8,
  type AlarmRecord,
  type LogEntry,
  type PumpStatus,
} from './status-codec.ts';
import { MAX_CODE_BYTES } from './wire.ts';

const CODE_RE = /^ITB_[ER]_[A-Z0-9_]+$/;
const wireCode = (c: string | undefined, fallback: string): string =>
  c !== undefined && CODE_RE.test(c) && c.length <= MAX_CODE_BYTES ? c : fallback;
const int = (v: number | undefined): number | undefined =>
  v !== undefined && Number.isSafeInteger(v)
    ? v
    : v === undefined || !Number.isFinite(v)
      ? undefined
      : Math.round(v);

/** A controller reason as it travels (message dropped; non-integer numbers rounded). */
export function wireReason(r: Reason): WireReason {
  const limit = int(r.limit);
  const value = int(r.value);
  return {
    code: wireCode(r.code, 'ITB_R_LINK_REASON_UNREPRESENTABLE'),
    severity: r.severity,
    ...(limit === undefined ? {} : { limit }),
    ...(value === undefined ? {} : { value }),
  };
}

/** The controller input for a state-changing command; undefined for the ones the endpoint answers itself. */
export function toPumpCommand(c: Command): PumpCommand | undefined {
  const id = c.commandId;
  const ver = (v: number | undefined) => (v === undefined ? {} : { expectedVersion: v });
  switch (c.op) {
    case 'interrogate-status':
    case 'interrogate-prescription':
    case 'interrogate-log':
    case 'interrogate-alarms':
    case 'query-result':
      return undefined;
    case 'program':
      return {
        kind: 'program',
        commandId: id,
        expectedVersion: c.expectedVersion,
        prescription: c.prescription,
        ...(c.patientBolus === undefined ? {} : { patientBolus: c.patientBolus }),
      };
    case 'refill':
      return {
        kind: 'refill',
        commandId: id,
        ...ver(c.expectedVersion),
        drug: c.drug,
        concentration: c.concentration,
        volumeAdded: c.volumeAdded,
        newVolume: c.newVolume,
        ...(c.drainedVolume === undefined ? {} : { drainedVolume: c.drainedVolume }),
        ...(c.prescription === undefined ? {} : { prescription: c.prescription }),
      };
    case 'single-bolus':
      return { kind: 'bolus', commandId: id, amount: c.amount, duration: c.duration };
    case 'priming-bolus':
      return {
        kind: 'priming-bolus',
        commandId: id,
        ...(c.volume === undefined ? {} : { volume: c.volume }),
        ...(c.duration === undefined ? {} : { duration: c.duration }),
      };
    case 'bridge-bolus':
      return { kind: 'bridge-bolus', commandId: id, volume: c.volume, duration: c.duration };
    case 'stop':
    case 'resume':
      return { kind: c.op, commandId: id, ...ver(c.expectedVersion) };
    case 'set-alarm-thresholds':
      return {
        kind: 'set-alarm-thresholds',
        commandId: id,
        ...ver(c.expectedVersion),
        ...(c.lowReservoir === undefined ? {} : { lowReservoir: c.lowReservoir }),
        ...(c.criticalRepeat === undefined ? {} : { criticalRepeat: c.criticalRepeat }),
      };
    case 'acknowledge-alarm':
      return { kind: 'acknowledge-alarm', commandId: id, alarm: c.alarm };
    case 'set-clock':
      return {
        kind: 'set-clock',
        commandId: id,
        ...ver(c.expectedVersion),
        utcOffsetMinutes: c.utcOffsetMinutes,
      };
    case 'set-catheter':
      return { kind: 'set-catheter-volume', commandId: id, ...ver(c.expectedVersion), volume: c.volume };
    case 'patient-bolus':
      return { kind: 'patient-bolus', commandId: id };
  }
}

/** The response carrying a controller result for a state-changing command. */
export function resultResponse(
  c: { readonly op: ResponseOp; readonly commandId: CommandId },
  result: CommandResult,
  duplicate: boolean,
  state: PumpState,
): Response {
  const reasons = result.reasons.slice(0, MAX_REASONS).map(wireReason);
  if (!result.ok) {
    const error = wireCode(result.code, 'ITB_E_INTERNAL');
    return { op: c.op, commandId: c.commandId, outcome: 'refused', error, reasons };
  }
  return {
    op: c.op,
    commandId: c.commandId,
    outcome: duplicate ? 'duplicate' : 'applied',
    reasons,
    body: { kind: 'version', stateVersion: state.version },
  };
}

const clampU32 = (n: number) => Math.max(0, Math.min(0xffff_fffe, Math.round(n)));

/** The status record of a pump state. */
export function statusOf(s: PumpState): PumpStatus {
  const contents = s.reservoir.contents;
  const flow = basalFlow(s).flow;
  const bolus = s.bolus;
  const fraction = batteryFraction(s);
  const stroke = s.profile.strokeVolume.value;
  return {
    stateVersion: s.version,
    pumpTime: s.clock,
    mode: s.prescription.mode,
    drug: contents?.drug,
    concentration: nanogramsPerMl(contents?.concentration ?? 0),
    doseRate: nanogramsPerDay(contents === null ? 0 : clampU32(flowToDose(flow, contents.concentration))),
    flow,
    reservoir: s.reservoir.volume,
    lowReservoirThreshold: s.thresholds.lowReservoir,
    bolus: bolus?.purpose,
    bolusRemaining: nanolitres(
      bolus === null ? 0 : clampU32((bolus.strokesTotal - bolus.strokesDone) * stroke),
    ),
    batteryPercent: fraction === null ? undefined : Math.max(0, Math.min(100, Math.floor(fraction * 100))),
    alarms: s.alarms.map((a) => a.type),
    suspended: s.suspended,
    motorStalled: s.motor.stalled,
    utcOffsetMinutes: s.utcOffsetMinutes,
  };
}

/** The active alarms. */
export function alarmsOf(s: PumpState): AlarmRecord[] {
  return s.alarms.map((a) => ({ kind: a.type, since: a.since, acknowledged: a.acknowledgedAt !== null }));
}

const TYPE_RE = /[^A-Za-z0-9_.:-]/g;

/** Up to `max` log entries from `fromSeq` on, shortened to fit the wire, and the next sequence number. */
export function logPage(
  s: PumpState,
  fromSeq: number,
  max: number,
): { nextSeq: number; entries: LogEntry[] } {
  const n = Math.min(max, MAX_LOG_ENTRIES);
  const picked = s.log.entries.filter((e) => e.seq >= fromSeq).slice(0, n);
  const entries = picked.map((e) => ({
    seq: e.seq,
    at: e.at,
    type: (e.type.replace(TYPE_RE, '_') || 'entry').slice(0, MAX_LOG_TYPE_BYTES),
    message: truncateUtf8(e.message, MAX_LOG_MESSAGE_BYTES),
  }));
  const last = picked.at(-1);
  return { nextSeq: last === undefined ? Math.max(fromSeq, s.log.nextSeq) : last.seq + 1, entries };
}
