/**
 * The flow the pump commands right now, and until when it holds. The programmed flow comes from the
 * prescription through dose-math's segmentsBetween (the single source of truth for schedule → flow); the
 * pump's conditions then override it in one ordered list, most protective first: end of service, a stalled
 * mechanism, a stop command, a critical memory error, a bridge bolus, a low-battery reset, an empty
 * reservoir. Each override is what the device profile says (docs/clinical-reference.md §3: "model … as device profiles").
 */
import { segmentsBetween } from '../therapy/dose-math.ts';
import { epochMs, nanolitresPerDay, type EpochMs, type NanolitresPerDay } from '../therapy/quantities.ts';
import type { SafeFlow } from './profile.ts';
import type { PumpState } from './state.ts';

/** How far ahead the next flex change is looked for: past a week so weekday variants are seen. */
const LOOKAHEAD_MS = 8 * 86_400_000;

export interface BasalFlow {
  readonly flow: NanolitresPerDay;
  readonly purpose: 'basal' | 'periodic-bolus';
  /** When the programmed flow may next change (null: not before some other event). */
  readonly until: EpochMs | null;
  /** Why the flow is not the programmed one, if it is not. */
  readonly override: string | null;
}

const ZERO = nanolitresPerDay(0);

/** True once the pump has reached end of service (battery EOS or maximum life). */
export const outOfService = (s: PumpState): boolean => s.battery !== null && s.battery.eosAt !== null;

/** True when the calculated reservoir is at or below the profile's empty threshold. */
export const reservoirEmpty = (s: PumpState): boolean =>
  s.reservoir.contents !== null && s.reservoir.volume <= s.profile.emptyThreshold.value;

function safe(s: PumpState, what: SafeFlow, why: string): BasalFlow {
  const flow =
    what === 'minimum-rate' && s.reservoir.contents !== null ? s.profile.minimumRateFlow.value : ZERO;
  return { flow, purpose: 'basal', until: null, override: why };
}

/** The flow the prescription asks for at `t`, and when it next changes. */
export function programmedFlow(s: PumpState, t: EpochMs): BasalFlow {
  const p = s.prescription;
  if (p.mode === 'stopped') return { flow: ZERO, purpose: 'basal', until: null, override: null };
  if (s.profile.fixedFlow !== undefined) {
    return { flow: s.profile.fixedFlow.value, purpose: 'basal', until: null, override: null };
  }
  const opts = { minimumRateFlow: s.profile.minimumRateFlow.value };
  if (p.mode !== 'flex') {
    const first = segmentsBetween(p, t, epochMs(t + 1), s.utcOffsetMinutes, opts).next();
    const flow = first.done ? ZERO : first.value.flow;
    return { flow, purpose: 'basal', until: null, override: null };
  }
  const first = segmentsBetween(p, t, epochMs(t + LOOKAHEAD_MS), s.utcOffsetMinutes, opts).next();
  if (first.done) return { flow: ZERO, purpose: 'basal', until: null, override: null };
  return { flow: first.value.flow, purpose: first.value.purpose, until: first.value.end, override: null };
}

/** The basal flow the mechanism is commanded at `s.clock`, after every override. */
export function basalFlow(s: PumpState): BasalFlow {
  const stop = (why: string): BasalFlow => ({ flow: ZERO, purpose: 'basal', until: null, override: why });
  if (outOfService(s)) return stop('end of service');
  if (s.motor.stalled) return stop(`mechanism stalled (${s.motor.cause ?? 'unknown'})`);
  if (s.suspended) return stop('stopped by command');
  if (s.memory === 'critical-error')
    return safe(s, s.profile.onCriticalMemoryError.value, 'critical memory error');
  if (s.reservoir.contents === null) return stop('reservoir contents unknown');
  if (s.bolus?.replacesBasal) return stop('bridge bolus running');
  if (s.reservoir.volume < s.profile.strokeVolume.value) return stop('reservoir dry');
  if (s.lowBatteryReset) return safe(s, s.profile.onLowBatteryReset.value, 'low-battery reset');
  if (reservoirEmpty(s) && s.profile.onEmpty.value !== 'continue') {
    return safe(s, s.profile.onEmpty.value, 'reservoir empty');
  }
  return programmedFlow(s, s.clock);
}

/** The bolus flow commanded now (0 when none runs or the mechanism cannot run). */
export function bolusFlow(s: PumpState): NanolitresPerDay {
  if (s.bolus === null || outOfService(s) || s.motor.stalled || s.suspended) return ZERO;
  if (s.reservoir.volume < s.profile.strokeVolume.value) return ZERO;
  return s.bolus.flow;
}
