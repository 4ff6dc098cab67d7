/**
 * Alarms (docs/clinical-reference.md §3): non-critical — low reservoir, ERI, non-critical memory error — sound a one-second
 * single tone about hourly; critical — empty reservoir, EOS, motor stall, low-battery reset, critical memory
 * error — a three-second two-tone at a programmable interval. An alarm stays while its condition holds; an
 * acknowledgement is recorded and silences it for the rest of the current repeat cycle, but the next cycle
 * sounds again because the condition still stands (patients may not hear alarms: the clinic must never rely
 * on the tone alone [C]). Tones cost battery energy.
 */
import { epochMs, millis, type EpochMs, type Millis } from '../therapy/quantities.ts';
import { pumpReason } from './codes.ts';
import type { Draft, StepOutputs } from './draft.ts';
import { writeLog } from './draft.ts';
import { outOfService, reservoirEmpty } from './flows.ts';
import type { TonePattern } from './profile.ts';
import type { AlarmRecord, AlarmSeverity, AlarmType, CommandResult, PumpState } from './state.ts';

export const ALARM_SEVERITY: Readonly<Record<AlarmType, AlarmSeverity>> = {
  'low-reservoir': 'non-critical',
  eri: 'non-critical',
  'memory-error-minor': 'non-critical',
  'empty-reservoir': 'critical',
  eos: 'critical',
  'motor-stall': 'critical',
  'low-battery-reset': 'critical',
  'memory-error': 'critical',
};

/** Alarm types in the order they are raised when several start at once (critical first). */
export const ALARM_TYPES: readonly AlarmType[] = [
  'memory-error',
  'eos',
  'motor-stall',
  'low-battery-reset',
  'empty-reservoir',
  'memory-error-minor',
  'eri',
  'low-reservoir',
];

/** The alarm conditions that hold in `s` (none for a pump without alarm hardware). */
export function alarmConditions(s: PumpState): Set<AlarmType> {
  const on = new Set<AlarmType>();
  if (s.profile.alarms === undefined) return on;
  const known = s.reservoir.contents !== null;
  if (known && s.reservoir.volume <= s.thresholds.lowReservoir) on.add('low-reservoir');
  if (reservoirEmpty(s)) on.add('empty-reservoir');
  if (s.battery !== null && s.battery.eriAt !== null && !outOfService(s)) on.add('eri');
  if (outOfService(s)) on.add('eos');
  if (s.motor.stalled) on.add('motor-stall');
  if (s.lowBatteryReset) on.add('low-battery-reset');
  if (s.memory === 'critical-error') on.add('memory-error');
  if (s.memory === 'minor-error') on.add('memory-error-minor');
  return on;
}

/** Repeat interval of an alarm type in `s`. */
export function repeatInterval(s: PumpState, type: AlarmType): Millis {
  const a = s.profile.alarms;
  if (a === undefined) return millis(Number.MAX_SAFE_INTEGER);
  return ALARM_SEVERITY[type] === 'critical' ? s.thresholds.criticalRepeat : a.nonCriticalRepeat.value;
}

function toneOf(s: PumpState, type: AlarmType): TonePattern | null {
  const a = s.profile.alarms;
  if (a === undefined || s.battery?.depleted === true) return null;
  return ALARM_SEVERITY[type] === 'critical' ? a.criticalTone.value : a.nonCriticalTone.value;
}

/** Charges one tone's energy to the battery. */
function chargeTone(d: Draft, type: AlarmType): void {
  const b = d.battery;
  const model = d.profile.battery;
  if (b === null || model === undefined || b.depleted) return;
  const nj = ALARM_SEVERITY[type] === 'critical' ? model.criticalToneNj.value : model.nonCriticalToneNj.value;
  const used = Math.min(model.capacityNj.value, b.usedNj + nj);
  d.battery = { ...b, usedNj: used, depleted: used >= model.capacityNj.value };
}

/** True when some critical alarm is active. */
export const criticalActive = (s: PumpState): boolean =>
  s.alarms.some((a) => ALARM_SEVERITY[a.type] === 'critical');

/** Raises alarms whose condition now holds and clears those whose condition has gone. */
export function syncAlarms(d: Draft, out: StepOutputs): void {
  const on = alarmConditions(d);
  if (on.size === d.alarms.length && d.alarms.every((a) => on.has(a.type))) return;
  const kept: AlarmRecord[] = [];
  for (const a of d.alarms) {
    if (on.has(a.type)) kept.push(a);
    else {
      out.alarms.push({
        at: d.clock,
        alarm: a.type,
        severity: ALARM_SEVERITY[a.type],
        change: 'cleared',
        tone: null,
      });
      writeLog(d, out, 'alarm-cleared', `${a.type} alarm cleared: its condition no longer holds`, {
        alarm: a.type,
      });
    }
  }
  d.alarms = kept;
  for (const type of ALARM_TYPES) {
    if (!on.has(type) || d.alarms.some((a) => a.type === type)) continue;
    const tone = toneOf(d, type);
    d.alarms = [
      ...d.alarms,
      { type, since: d.clock, nextToneAt: epochMs(d.clock + repeatInterval(d, type)), acknowledgedAt: null },
    ];
    chargeTone(d, type);
    out.alarms.push({ at: d.clock, alarm: type, severity: ALARM_SEVERITY[type], change: 'raised', tone });
    writeLog(d, out, 'alarm-raised', `${ALARM_SEVERITY[type]} ${type} alarm raised`, { alarm: type });
  }
}

/** The earliest pending tone among active alarms (null when none can sound). */
export function nextToneAt(s: PumpState): EpochMs | null {
  if (s.battery?.depleted === true) return null;
  let next: number | null = null;
  for (const a of s.alarms) if (next === null || a.nextToneAt < next) next = a.nextToneAt;
  return next === null ? null : epochMs(next);
}

/** Sounds every tone due at or before the draft's clock; each starts a new repeat cycle. */
export function soundDueTones(d: Draft, out: StepOutputs): void {
  if (d.battery?.depleted === true) return;
  if (!d.alarms.some((a) => a.nextToneAt <= d.clock)) return;
  d.alarms = d.alarms.map((a) => {
    if (a.nextToneAt > d.clock) return a;
    chargeTone(d, a.type);
    out.alarms.push({
      at: d.clock,
      alarm: a.type,
      severity: ALARM_SEVERITY[a.type],
      change: 'tone',
      tone: toneOf(d, a.type),
    });
    return { ...a, nextToneAt: epochMs(a.nextToneAt + repeatInterval(d, a.type)), acknowledgedAt: null };
  });
}

/** Acknowledges an active alarm; the condition (and the alarm) stays until it is resolved. */
export function acknowledgeAlarm(d: Draft, out: StepOutputs, type: AlarmType): CommandResult {
  const a = d.alarms.find((x) => x.type === type);
  if (a === undefined) {
    return {
      ok: false,
      code: 'ITB_E_PUMP_NOT_NOW',
      reasons: [pumpReason('ITB_R_PUMP_NO_SUCH_ALARM', 'block', `no ${type} alarm is active`)],
    };
  }
  d.alarms = d.alarms.map((x) => (x.type === type ? { ...x, acknowledgedAt: d.clock } : x));
  out.alarms.push({
    at: d.clock,
    alarm: type,
    severity: ALARM_SEVERITY[type],
    change: 'acknowledged',
    tone: null,
  });
  return { ok: true, reasons: [] };
}
