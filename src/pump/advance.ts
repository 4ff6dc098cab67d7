/**
 * Event-driven time (docs/architecture.md principle 2). Between two events every flow is constant, so the strokes,
 * the calculated reservoir and the energy used are computed in closed form; the next event is the earliest
 * of: a schedule change, a bolus's last stroke, the stroke that takes the reservoir to a threshold, the
 * instant the energy budget crosses ERI or EOS, a calendar battery event, an alarm tone, a motor recovery.
 * Crossings inside an interval are found exactly (closed form, or a binary search over whole milliseconds
 * on a monotone stroke count), so one jump and a million one-second ticks reach the same state.
 */
import {
  MS_PER_HOUR,
  epochMs,
  massInVolume,
  nanograms,
  nanolitres,
  type EpochMs,
} from '../therapy/quantities.ts';
import { criticalActive, nextToneAt, soundDueTones, syncAlarms } from './alarms.ts';
import {
  eosUsedLimit,
  eriUsedLimit,
  nextTimedBatteryEvent,
  updateBatteryFlags,
  chargeEnergy,
} from './battery.ts';
import type { DeliverySegment } from './delivery.ts';
import { writeLog, type Draft, type StepOutputs } from './draft.ts';
import { basalFlow, bolusFlow, type BasalFlow } from './flows.ts';
import type { HourBucket, PumpState } from './state.ts';
import { accumulate, strokesWithin, timeForStrokes } from './strokes.ts';

/** The constant flows of the interval starting at `s.clock`, and where it ends. */
export interface Interval {
  readonly basal: BasalFlow;
  readonly bolus: number;
  readonly end: number;
}

const min = (a: number, b: number | null | undefined): number =>
  b === null || b === undefined ? a : Math.min(a, b);

/** Strokes both accumulators issue within dt. */
function strokesAt(s: PumpState, basal: number, bolus: number, dt: number): number {
  const sv = s.profile.strokeVolume.value;
  return strokesWithin(s.basalAcc, basal, dt, sv) + (s.bolus ? strokesWithin(s.bolus.acc, bolus, dt, sv) : 0);
}

/** Smallest dt in [1, hi] with pred(dt), given pred(hi) holds and pred is monotone. */
function firstTrue(hi: number, pred: (dt: number) => boolean): number {
  let lo = 0;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (pred(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The highest of the reservoir thresholds (low, empty, dry) strictly below `v`, or -1. */
function nextThresholdBelow(s: PumpState, v: number): number {
  const sv = s.profile.strokeVolume.value;
  let best = -1;
  for (const t of [s.thresholds.lowReservoir, s.profile.emptyThreshold.value, sv - 1]) {
    if (t < v && t > best) best = t;
  }
  return best;
}

/** The stroke after which the calculated reservoir reaches its next threshold (low, empty, dry). */
function reservoirCrossing(s: PumpState, basal: number, bolus: number, horizon: number): number | null {
  if (s.reservoir.contents === null || basal + bolus === 0) return null;
  const sv = s.profile.strokeVolume.value;
  const v = s.reservoir.volume;
  const threshold = nextThresholdBelow(s, v);
  if (threshold < 0) return null;
  const m = Math.ceil((v - threshold) / sv);
  // Either accumulator alone issuing m strokes bounds the crossing from above.
  let hi = horizon - s.clock;
  const tBasal = timeForStrokes(s.basalAcc, basal, m, sv);
  if (tBasal !== undefined) hi = Math.min(hi, tBasal);
  const tBolus = s.bolus ? timeForStrokes(s.bolus.acc, bolus, m, sv) : undefined;
  if (tBolus !== undefined) hi = Math.min(hi, tBolus);
  if (hi <= 0 || strokesAt(s, basal, bolus, hi) < m) return null;
  // With one accumulator running the bound is the crossing itself; only both together need a search.
  if (s.bolus === null || bolus === 0 || basal === 0) return s.clock + hi;
  return s.clock + firstTrue(hi, (dt) => strokesAt(s, basal, bolus, dt) >= m);
}

/** The instant the energy used reaches the next latch level (ERI, then EOS). */
function energyCrossing(s: PumpState, basal: number, bolus: number, horizon: number): number | null {
  const b = s.battery;
  const m = s.profile.battery;
  if (b === null || m === undefined || b.depleted || b.eosAt !== null) return null;
  const target = b.eriAt === null ? Math.min(eriUsedLimit(s) + 1, eosUsedLimit(s)) : eosUsedLimit(s);
  const need = target - b.usedNj;
  if (need <= 0) return s.clock;
  const idle = m.idleNjPerMs.value;
  const hi = Math.min(horizon - s.clock, idle > 0 ? Math.ceil(need / idle) : Number.MAX_SAFE_INTEGER);
  const used = (dt: number) => idle * dt + m.strokeNj.value * strokesAt(s, basal, bolus, dt) >= need;
  if (hi <= 0 || !used(hi)) return null;
  return s.clock + firstTrue(hi, used);
}

/** Plans the interval from `s.clock`: its flows and its end (≤ limit). */
export function planInterval(s: PumpState, limit: number): Interval {
  const basal = basalFlow(s);
  const bolus = bolusFlow(s);
  let end = min(limit, basal.until);
  end = min(end, nextToneAt(s));
  end = min(end, s.motor.recoverAt);
  end = min(end, nextTimedBatteryEvent(s));
  if (s.bolus !== null && bolus > 0) {
    const left = s.bolus.strokesTotal - s.bolus.strokesDone;
    end = min(end, s.clock + (timeForStrokes(s.bolus.acc, bolus, left, s.profile.strokeVolume.value) ?? 0));
  }
  end = min(end, reservoirCrossing(s, basal.flow, bolus, end));
  end = min(end, energyCrossing(s, basal.flow, bolus, end));
  return { basal, bolus, end: Math.max(end, s.clock) };
}

/**
 * Adds the drug delivered in each clock hour of [t0, t1) to the rolling-day buckets (older than 24 h
 * dropped). `total` is the interval's whole mass; `strokesBy(dt)` counts the strokes issued in [t0, t0 + dt)
 * and `massOf(n)` is the mass of n strokes, which splits the total when the interval spans hours.
 */
function addToBuckets(
  d: Draft,
  t0: number,
  t1: number,
  total: number,
  strokesBy: (dt: number) => number,
  massOf: (strokes: number) => number,
): void {
  const lastHour = Math.floor((t1 - 1) / MS_PER_HOUR);
  const keepFrom = Math.floor(t1 / MS_PER_HOUR) - 24;
  const buckets: HourBucket[] = d.lastDay.filter((b) => b.hour >= keepFrom);
  // No bucket lies beyond the latest hour kept, so a later hour is a new bucket without a search.
  let latest = -Infinity;
  for (const b of buckets) latest = Math.max(latest, b.hour);
  const add = (h: number, ng: number) => {
    if (ng === 0) return;
    const i = h > latest ? -1 : buckets.findIndex((b) => b.hour === h);
    const prev = i >= 0 ? buckets[i] : undefined;
    if (prev) buckets[i] = { hour: h, ng: nanograms(prev.ng + ng) };
    else {
      buckets.push({ hour: h, ng: nanograms(ng) });
      latest = Math.max(latest, h);
    }
  };
  if (Math.floor(t0 / MS_PER_HOUR) === lastHour) add(lastHour, total);
  else {
    // Hour by hour, each hour's strokes as the count at its end less the count at its start (the previous
    // hour's end).
    const from = Math.max(Math.floor(t0 / MS_PER_HOUR), keepFrom);
    let before = strokesBy(Math.max(t0, from * MS_PER_HOUR) - t0);
    for (let h = from; h <= lastHour; h++) {
      const after = strokesBy(Math.min(t1, (h + 1) * MS_PER_HOUR) - t0);
      add(h, massOf(after - before));
      before = after;
    }
  }
  d.lastDay = buckets;
}

/** Delivers the interval's strokes up to `t1`: reservoir, totals, energy, segments, rolling-day buckets. */
function integrate(d: Draft, out: StepOutputs, iv: Interval, t1: number): void {
  const t0 = d.clock;
  const dt = t1 - t0;
  if (dt <= 0) return;
  const sv = d.profile.strokeVolume.value;
  const basalAcc0 = d.basalAcc;
  const bolus0 = d.bolus;
  const basal = accumulate(basalAcc0, iv.basal.flow, dt, sv);
  const bol = bolus0 ? accumulate(bolus0.acc, iv.bolus, dt, sv) : { strokes: 0, acc: 0 };
  // Never below empty: the reservoir cannot give a stroke it does not hold (dry is an event, so this only
  // guards against a bolus and a basal stroke landing on the same millisecond).
  const available = Math.floor(d.reservoir.volume / sv);
  const nBolus = Math.min(bol.strokes, available);
  const nBasal = Math.min(basal.strokes, available - nBolus);
  const total = nBasal + nBolus;
  chargeEnergy(d, dt, total);
  d.basalAcc = basal.acc;
  if (bolus0) d.bolus = { ...bolus0, acc: bol.acc, strokesDone: bolus0.strokesDone + nBolus };
  const contents = d.reservoir.contents;
  if (total > 0 && contents !== null) {
    const volume = nanolitres(total * sv);
    const mass = massInVolume(volume, contents.concentration);
    d.reservoir = { ...d.reservoir, volume: nanolitres(d.reservoir.volume - volume) };
    d.totals = {
      strokes: d.totals.strokes + total,
      deliveredNl: nanolitres(d.totals.deliveredNl + volume),
      deliveredNg: nanograms(d.totals.deliveredNg + mass),
    };
    const seg = (n: number, purpose: DeliverySegment['purpose']): DeliverySegment => ({
      start: epochMs(t0),
      end: epochMs(t1),
      volume: nanolitres(n * sv),
      strokes: n,
      drug: contents.drug,
      concentration: contents.concentration,
      purpose,
    });
    if (nBasal > 0) out.segments.push(seg(nBasal, iv.basal.purpose));
    if (nBolus > 0 && bolus0) out.segments.push(seg(nBolus, bolus0.purpose));
    // An hour's mass depends only on its stroke count, and a steady flow gives every hour one of two
    // counts: the last two counts and their masses are kept (massInVolume is exact integer arithmetic, slow).
    const counts = [total, -1];
    const masses = [mass, 0];
    const massOf = (n: number): number => {
      if (n === counts[0]) return masses[0] as number;
      if (n !== counts[1]) {
        counts[1] = n;
        masses[1] = massInVolume(nanolitres(n * sv), contents.concentration);
      }
      // The count asked for last moves to the front, so two alternating counts both stay.
      counts.reverse();
      masses.reverse();
      return masses[0] as number;
    };
    addToBuckets(
      d,
      t0,
      t1,
      mass,
      (t) =>
        strokesWithin(basalAcc0, iv.basal.flow, t, sv) +
        (bolus0 ? strokesWithin(bolus0.acc, iv.bolus, t, sv) : 0),
      massOf,
    );
  }
  d.clock = epochMs(t1);
}

/** Handles everything due at the draft's clock: battery latches, recoveries, bolus end, alarms, tones. */
export function evaluate(d: Draft, out: StepOutputs): void {
  updateBatteryFlags(d, out);
  if (d.motor.recoverAt !== null && d.motor.recoverAt <= d.clock) {
    d.motor = { ...d.motor, stalled: false, cause: null, since: null, recoverAt: null };
    writeLog(d, out, 'motor-recovered', 'the rotor turns again after the field stall');
  }
  const b = d.bolus;
  if (b !== null && b.strokesDone >= b.strokesTotal) {
    d.bolus = null;
    writeLog(d, out, 'bolus-completed', `${b.purpose} completed: ${b.strokesDone} strokes`, {
      commandId: b.commandId,
      strokes: b.strokesDone,
    });
  }
  const cutoff = d.clock - 86_400_000;
  if (d.patientBolusStarts.some((t) => t <= cutoff)) {
    d.patientBolusStarts = d.patientBolusStarts.filter((t) => t > cutoff);
  }
  syncAlarms(d, out);
  if (d.bolus !== null && criticalActive(d))
    haltBolus(d, out, `critical alarm (${d.alarms.map((a) => a.type).join(', ')})`);
  soundDueTones(d, out);
}

/** Stops a running bolus; the basal programme continues (or the overriding safe state). */
export function haltBolus(d: Draft, out: StepOutputs, why: string): void {
  const b = d.bolus;
  if (b === null) return;
  d.bolus = null;
  writeLog(
    d,
    out,
    'bolus-halted',
    `${b.purpose} halted after ${b.strokesDone} of ${b.strokesTotal} strokes: ${why}`,
    {
      commandId: b.commandId,
      strokes: b.strokesDone,
    },
  );
}

/** Advances the draft to `to`, event by event. */
export function advance(d: Draft, out: StepOutputs, to: EpochMs): void {
  evaluate(d, out);
  while (d.clock < to) {
    const iv = planInterval(d, to);
    integrate(d, out, iv, iv.end);
    evaluate(d, out);
  }
}

/** When something next happens if no input arrives (null: never). */
export function nextEventAfter(s: PumpState): EpochMs | null {
  const iv = planInterval(s, Number.MAX_SAFE_INTEGER);
  return iv.end >= Number.MAX_SAFE_INTEGER ? null : epochMs(iv.end);
}
