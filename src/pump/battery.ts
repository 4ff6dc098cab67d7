/**
 * The battery as an exact energy budget (docs/clinical-reference.md §3 battery [C]: typically 5–7 years depending on dose;
 * ERI means replacement within 90 days; hard shutdown at 7 years). Energy is spent by idling (per ms), by
 * every stroke, by every telemetry session and by every alarm tone, all in integer nanojoules, so the
 * budget is the same whether time advances by one jump or by many ticks.
 *
 * ERI: raised when the remaining life at the current consumption (idle + the programme's mean flow) falls
 * under the lead time, or when the maximum life is that close. EOS: when only the reserve kept for the EOS
 * alarm is left, or at the maximum life; after EOS nothing is delivered. Both latch.
 */
import { MS_PER_DAY, epochMs, type EpochMs } from '../therapy/quantities.ts';
import type { Draft, StepOutputs } from './draft.ts';
import { writeLog } from './draft.ts';
import type { PumpState } from './state.ts';

/** Energy per day at the programme's mean consumption, nJ/day (rounded up). */
export function dailyEnergyNj(s: PumpState): bigint {
  const m = s.profile.battery;
  if (m === undefined) return 0n;
  const sv = s.profile.strokeVolume.value;
  const perStroke = s.meanFlow * m.strokeNj.value;
  const strokes = Number.isSafeInteger(perStroke)
    ? Math.ceil(perStroke / sv)
    : Number((BigInt(s.meanFlow) * BigInt(m.strokeNj.value) + BigInt(sv) - 1n) / BigInt(sv));
  return BigInt(m.idleNjPerMs.value * MS_PER_DAY + strokes);
}

/** ERI is due once `usedNj` exceeds this (remaining < lead × current consumption). */
export function eriUsedLimit(s: PumpState): number {
  const m = s.profile.battery;
  if (m === undefined) return Number.MAX_SAFE_INTEGER;
  const lead = m.eriLeadTime.value;
  const daily = dailyEnergyNj(s);
  // Whole-day lead times (the usual case) stay in safe integers; anything else goes through BigInt.
  if (lead % MS_PER_DAY === 0) return m.capacityNj.value - (lead / MS_PER_DAY) * Number(daily);
  const x = BigInt(lead) * daily;
  const d = BigInt(MS_PER_DAY);
  return m.capacityNj.value - Number((x + d - 1n) / d);
}

/** EOS is due once `usedNj` reaches this (only the EOS reserve is left). */
export function eosUsedLimit(s: PumpState): number {
  const m = s.profile.battery;
  if (m === undefined) return Number.MAX_SAFE_INTEGER;
  return m.capacityNj.value - m.eosReserveNj.value;
}

/** The instant of the hard stop (maximum life), or null without a battery. */
export function hardStopAt(s: PumpState): EpochMs | null {
  const m = s.profile.battery;
  return m === undefined ? null : epochMs(s.bornAt + m.maxLife.value);
}

/** The next battery instant fixed by the calendar (ERI lead before the hard stop, the hard stop itself). */
export function nextTimedBatteryEvent(s: PumpState): EpochMs | null {
  const m = s.profile.battery;
  const b = s.battery;
  if (m === undefined || b === null || b.depleted) return null;
  const stop = s.bornAt + m.maxLife.value;
  const eriByAge = stop - m.eriLeadTime.value;
  if (b.eriAt === null && eriByAge > s.clock) return epochMs(eriByAge);
  if (b.eosAt === null && stop > s.clock) return epochMs(stop);
  return null;
}

/**
 * A pump that has already run `age` ms at its current programme (an aged pump at creation): the energy of
 * that time at the programme's daily consumption is spent, up to the capacity. ERI and EOS latch at the next
 * step if the spent energy has crossed them.
 */
export function spendBatteryAge(s: PumpState, age: number): PumpState {
  const b = s.battery;
  const m = s.profile.battery;
  if (b === null || m === undefined) return s;
  const nj = Number((dailyEnergyNj(s) * BigInt(age)) / BigInt(MS_PER_DAY));
  const used = Math.min(m.capacityNj.value, b.usedNj + nj);
  return { ...s, battery: { ...b, usedNj: used, depleted: used >= m.capacityNj.value } };
}

/** Charges idle drain over `dt` ms and `strokes` strokes. */
export function chargeEnergy(d: Draft, dt: number, strokes: number): void {
  const b = d.battery;
  const m = d.profile.battery;
  if (b === null || m === undefined || b.depleted) return;
  const nj = m.idleNjPerMs.value * dt + m.strokeNj.value * strokes;
  const used = Math.min(m.capacityNj.value, b.usedNj + nj);
  d.battery = { ...b, usedNj: used, depleted: used >= m.capacityNj.value };
}

/** Charges one telemetry session. */
export function chargeTelemetry(d: Draft): void {
  const b = d.battery;
  const m = d.profile.battery;
  if (b === null || m === undefined || b.depleted) return;
  const used = Math.min(m.capacityNj.value, b.usedNj + m.telemetrySessionNj.value);
  d.battery = { ...b, usedNj: used, depleted: used >= m.capacityNj.value };
}

/** Latches ERI and EOS when their conditions hold at the draft's clock. */
export function updateBatteryFlags(d: Draft, out: StepOutputs): void {
  const b = d.battery;
  const m = d.profile.battery;
  if (b === null || m === undefined) return;
  const stop = d.bornAt + m.maxLife.value;
  if (b.eosAt === null && (b.usedNj >= eosUsedLimit(d) || d.clock >= stop)) {
    const why = d.clock >= stop ? 'maximum device life reached (hard stop)' : 'battery energy exhausted';
    d.battery = { ...b, eosAt: d.clock, eriAt: b.eriAt ?? d.clock };
    writeLog(d, out, 'eos', `end of service: ${why}; delivery stopped`, { usedNj: b.usedNj });
    return;
  }
  if (b.eriAt === null && (b.usedNj > eriUsedLimit(d) || d.clock >= stop - m.eriLeadTime.value)) {
    d.battery = { ...b, eriAt: d.clock };
    writeLog(d, out, 'eri', 'elective replacement indicator: replace the pump within 90 days', {
      usedNj: b.usedNj,
    });
  }
}

/** Remaining energy as a fraction of capacity (for displays). */
export function batteryFraction(s: PumpState): number | null {
  const m = s.profile.battery;
  if (s.battery === null || m === undefined) return null;
  return 1 - s.battery.usedNj / m.capacityNj.value;
}
