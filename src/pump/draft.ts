/**
 * The controller's working copy during one step, and what the step emits. A step shallow-copies the state
 * into a Draft, replaces (never mutates) nested values, and freezes nothing: the caller's state object is
 * untouched, so `step` stays a pure function of (state, input, now).
 */
import type { EpochMs } from '../therapy/quantities.ts';
import type { DeliverySegment } from './delivery.ts';
import { appendLog, type LogData } from './event-log.ts';
import type { TonePattern } from './profile.ts';
import type { AlarmSeverity, AlarmType, CommandResult, LogEntry, PumpState } from './state.ts';

export type Draft = { -readonly [K in keyof PumpState]: PumpState[K] };

/** An alarm's state change (or a repeat tone), with the tone pattern the patient hears. */
export interface AlarmChange {
  readonly at: EpochMs;
  readonly alarm: AlarmType;
  readonly severity: AlarmSeverity;
  readonly change: 'raised' | 'tone' | 'acknowledged' | 'cleared';
  /** The tone sounded with this change (null when silent: cleared, acknowledged, or no energy left). */
  readonly tone: TonePattern | null;
}

/** Everything one step emits, in time order within each list. */
export interface StepOutputs {
  /** What the mechanism was commanded to deliver (whole strokes). */
  readonly segments: DeliverySegment[];
  readonly alarms: AlarmChange[];
  /** Log entries written by this step (also in the state's log). */
  readonly log: LogEntry[];
  /** The command's result, when the input was a command. */
  result?: CommandResult;
}

export interface StepResult {
  readonly state: PumpState;
  readonly outputs: StepOutputs;
}

export const emptyOutputs = (): StepOutputs => ({ segments: [], alarms: [], log: [] });

/** Starts a draft from a state (shallow copy). */
export const draftOf = (s: PumpState): Draft => ({ ...s });

/** Writes a log entry to the draft and the outputs. */
export function writeLog(d: Draft, out: StepOutputs, type: string, message: string, data?: LogData): void {
  const { log, entry } = appendLog(d.log, d.clock, type, message, data);
  d.log = log;
  out.log.push(entry);
}
