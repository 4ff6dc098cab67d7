/**
 * Dose math: daily dose of a prescription, the flow and dose rate in force at an instant, and the
 * piecewise-constant flow segments between two instants.
 *
 * {@link segmentsBetween} is the single source of truth for "schedule → flow": the pump controller, the
 * reservoir projection and the simulator all derive delivery from it, so a flex step, a periodic bolus or a
 * midnight boundary can never be interpreted two ways (wrong-dose hazard).
 *
 * Time: a flex schedule runs on the pump's local clock, given as a fixed offset from UTC in minutes. A
 * daylight-saving change is a change of that offset (a clock reprogramming), not something this module
 * guesses. Flows are rounded to whole nL/day per piece (basal step or bolus); a periodic bolus's flow is
 * derived from its rounded volume so that the bolus, delivered whole, is exactly that volume.
 */
import { ItbError } from './codes.ts';
import type { FlexDay, FlexSchedule, Prescription, Weekday } from './prescription.ts';
import {
  MS_PER_DAY,
  MS_PER_MINUTE,
  doseToFlow,
  epochMs,
  flowToDose,
  mulDiv,
  nanogramsPerDay,
  nanolitresPerDay,
  volumeForMass,
  type EpochMs,
  type NanogramsPerDay,
  type NanogramsPerMl,
  type NanolitresPerDay,
} from './quantities.ts';

/** Device facts the dose math needs (from the pump's device profile). */
export interface DoseMathOptions {
  /** The flow the device runs in minimum-rate mode; required for a minimum-rate prescription. */
  readonly minimumRateFlow?: NanolitresPerDay;
}

/** Why flow runs in a segment: a subset of the pump's DeliveryPurpose. */
export type FlowPurpose = 'basal' | 'periodic-bolus';

/** Constant flow over [start, end). `flow` is the total (basal + periodic bolus). */
export interface FlowSegment {
  readonly start: EpochMs;
  readonly end: EpochMs;
  readonly flow: NanolitresPerDay;
  /** The part of `flow` that is a periodic bolus (0 for basal segments). */
  readonly bolusFlow: NanolitresPerDay;
  readonly purpose: FlowPurpose;
}

/** A piece of a local day, [start, end) in ms after local midnight. */
interface DayPiece {
  readonly start: number;
  readonly end: number;
  readonly basalDose: NanogramsPerDay;
  readonly flow: NanolitresPerDay;
  readonly bolusFlow: NanolitresPerDay;
  readonly bolusDoseRate: NanogramsPerDay;
}

const fail = (message: string): never => {
  throw new ItbError('ITB_E_INVALID_PRESCRIPTION', message);
};

/** 1970-01-01 was a Thursday. */
const EPOCH_WEEKDAY = 4;

/** Local day number, weekday and time of day of a local wall-clock instant. */
export function localDay(localMs: number): { dayIndex: number; weekday: Weekday; msOfDay: number } {
  const dayIndex = Math.floor(localMs / MS_PER_DAY);
  const weekday = ((((dayIndex + EPOCH_WEEKDAY) % 7) + 7) % 7) as Weekday;
  return { dayIndex, weekday, msOfDay: localMs - dayIndex * MS_PER_DAY };
}

/** The flex day that runs on `weekday` (its variant, else the every-day programme). */
export function flexDayFor(schedule: FlexSchedule, weekday?: Weekday): FlexDay {
  return (weekday === undefined ? undefined : schedule.byWeekday?.[weekday]) ?? schedule.everyDay;
}

/** Boluses as [start, end) in ms after local midnight. */
const bolusWindows = (day: FlexDay) =>
  day.boluses.map((b) => ({
    start: b.startMinute * MS_PER_MINUTE,
    end: b.startMinute * MS_PER_MINUTE + b.duration,
    b,
  }));

/**
 * The device steps a flex day runs (the count the 13-step limit applies to). The pump runs one constant
 * rate per step, so every point where the rate changes starts a step: each basal step start, each periodic
 * bolus start, and each bolus end before midnight. A bolus inside a basal step therefore splits it into up
 * to three; a bolus that starts or ends on a step boundary adds fewer.
 */
export function deviceStepStarts(day: FlexDay): number[] {
  const points = new Set<number>([0]);
  for (const s of day.steps) points.add(s.startMinute * MS_PER_MINUTE);
  for (const w of bolusWindows(day)) {
    points.add(w.start);
    if (w.end < MS_PER_DAY) points.add(w.end);
  }
  return [...points].filter((p) => p >= 0 && p < MS_PER_DAY).sort((a, b) => a - b);
}

/** Throws ITB_E_INVALID_PRESCRIPTION unless the day is well formed (prescription-rules.ts says why). */
function assertWellFormed(day: FlexDay): void {
  const steps = day.steps;
  if (steps.length === 0 || steps[0]?.startMinute !== 0)
    fail('a flex day must have a first step at minute 0');
  steps.forEach((s, i) => {
    const prev = steps[i - 1];
    if (
      !Number.isSafeInteger(s.startMinute) ||
      !Number.isSafeInteger(s.dose) ||
      s.dose < 0 ||
      s.startMinute > 1439 ||
      (prev && s.startMinute <= prev.startMinute)
    )
      fail(
        'flex steps need whole-minute starts, strictly increasing within 0–1439, and whole ng/day doses ≥ 0',
      );
  });
  const windows = bolusWindows(day).sort((a, b) => a.start - b.start);
  windows.forEach((w, i) => {
    const prev = windows[i - 1];
    const whole = [w.b.startMinute, w.b.amount, w.b.duration].every(Number.isSafeInteger);
    if (!whole || w.b.amount < 0 || w.b.duration <= 0 || w.start < 0 || w.end > MS_PER_DAY)
      fail('periodic boluses need whole minutes, ng and ms, and must lie inside the day');
    if (prev && w.start < prev.end) fail('periodic boluses must not overlap');
  });
}

const planCache = new WeakMap<FlexDay, { concentration: number; pieces: readonly DayPiece[] }>();

/** The day's constant-rate pieces at `concentration`, covering [0, 1 day) (memoised per day object). */
function dayPlan(day: FlexDay, concentration: NanogramsPerMl): readonly DayPiece[] {
  const cached = planCache.get(day);
  if (cached?.concentration === concentration) return cached.pieces;
  assertWellFormed(day);
  const starts = deviceStepStarts(day);
  const windows = bolusWindows(day);
  const pieces = starts.map((start, i): DayPiece => {
    const end = starts[i + 1] ?? MS_PER_DAY;
    const step = day.steps.findLast((s) => s.startMinute * MS_PER_MINUTE <= start);
    const w = windows.find((x) => x.start <= start && start < x.end);
    const basalDose = step?.dose ?? nanogramsPerDay(0);
    const bolusFlow = w
      ? nanolitresPerDay(mulDiv(volumeForMass(w.b.amount, concentration), MS_PER_DAY, w.b.duration))
      : nanolitresPerDay(0);
    const bolusDoseRate = w
      ? nanogramsPerDay(mulDiv(w.b.amount, MS_PER_DAY, w.b.duration))
      : nanogramsPerDay(0);
    const flow = nanolitresPerDay(doseToFlow(basalDose, concentration) + bolusFlow);
    return { start, end, basalDose, flow, bolusFlow, bolusDoseRate };
  });
  planCache.set(day, { concentration, pieces });
  return pieces;
}

function minimumFlow(opts: DoseMathOptions | undefined): NanolitresPerDay {
  const f = opts?.minimumRateFlow;
  if (f === undefined || !Number.isSafeInteger(f) || f < 0) {
    throw new ItbError(
      'ITB_E_INVALID_INPUT',
      "minimum-rate mode needs the device's minimum flow (nL/day ≥ 0)",
    );
  }
  return f;
}

/**
 * The daily dose (ng/day) on `weekday` (the every-day programme if omitted). For a flex day: the
 * time-weighted mean of its steps' rates, rounded to the nearest ng, plus the sum of its periodic boluses.
 */
export function dailyDose(p: Prescription, weekday?: Weekday, opts?: DoseMathOptions): NanogramsPerDay {
  switch (p.mode) {
    case 'stopped':
      return nanogramsPerDay(0);
    case 'minimum-rate':
      return flowToDose(minimumFlow(opts), p.drug.concentration);
    case 'simple-continuous':
      return p.dose;
    case 'flex': {
      const day = flexDayFor(p.schedule, weekday);
      assertWellFormed(day);
      let weighted = 0;
      day.steps.forEach((s, i) => {
        const endMinute = day.steps[i + 1]?.startMinute ?? 1440;
        weighted += s.dose * (endMinute - s.startMinute);
      });
      const boluses = day.boluses.reduce((sum, b) => sum + b.amount, 0);
      return nanogramsPerDay(mulDiv(weighted, 1, 1440) + boluses);
    }
  }
}

/** The total flow (basal + periodic bolus) in force at a local wall-clock instant. */
export function flowAt(p: Prescription, localMs: number, opts?: DoseMathOptions): NanolitresPerDay {
  switch (p.mode) {
    case 'stopped':
      return nanolitresPerDay(0);
    case 'minimum-rate':
      return minimumFlow(opts);
    case 'simple-continuous':
      return doseToFlow(p.dose, p.drug.concentration);
    case 'flex':
      return pieceAt(p.schedule, p.drug.concentration, localMs).flow;
  }
}

function pieceAt(schedule: FlexSchedule, concentration: NanogramsPerMl, localMs: number): DayPiece {
  const { weekday, msOfDay } = localDay(localMs);
  const plan = dayPlan(flexDayFor(schedule, weekday), concentration);
  const piece = plan.findLast((x) => x.start <= msOfDay);
  return piece ?? fail('internal: flex day does not cover midnight');
}

/** The dose rate (ng/day: basal step + periodic bolus) in force at UTC instant `t`. */
export function doseRateAt(
  p: Prescription,
  t: EpochMs,
  utcOffsetMinutes: number,
  opts?: DoseMathOptions,
): NanogramsPerDay {
  switch (p.mode) {
    case 'stopped':
      return nanogramsPerDay(0);
    case 'minimum-rate':
      return flowToDose(minimumFlow(opts), p.drug.concentration);
    case 'simple-continuous':
      return p.dose;
    case 'flex': {
      const piece = pieceAt(p.schedule, p.drug.concentration, t + utcOffsetMinutes * MS_PER_MINUTE);
      return nanogramsPerDay(piece.basalDose + piece.bolusDoseRate);
    }
  }
}

/**
 * The piecewise-constant flow over [from, to): consecutive segments that cover it exactly, with no gap and
 * no overlap; neighbours with the same flow and purpose are merged. A stopped pump yields one zero-flow
 * segment. Lazy, so a caller may stop as soon as it has what it needs.
 */
export function* segmentsBetween(
  p: Prescription,
  from: EpochMs,
  to: EpochMs,
  utcOffsetMinutes: number,
  opts?: DoseMathOptions,
): Generator<FlowSegment, void, undefined> {
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || to < from) {
    throw new ItbError(
      'ITB_E_INVALID_INPUT',
      `segmentsBetween needs whole-ms from ≤ to (got ${from}, ${to})`,
    );
  }
  if (!Number.isSafeInteger(utcOffsetMinutes) || Math.abs(utcOffsetMinutes) > 14 * 60) {
    throw new ItbError(
      'ITB_E_INVALID_INPUT',
      `UTC offset must be whole minutes within ±14 h, got ${utcOffsetMinutes}`,
    );
  }
  if (from === to) return;
  if (p.mode !== 'flex') {
    yield {
      start: from,
      end: to,
      flow: flowAt(p, from, opts),
      bolusFlow: nanolitresPerDay(0),
      purpose: 'basal',
    };
    return;
  }
  const offset = utcOffsetMinutes * MS_PER_MINUTE;
  let { dayIndex } = localDay(from + offset);
  let pending: { start: number; end: number; flow: number; bolusFlow: number } | undefined;
  const emit = (x: NonNullable<typeof pending>): FlowSegment => ({
    start: epochMs(x.start),
    end: epochMs(x.end),
    flow: nanolitresPerDay(x.flow),
    bolusFlow: nanolitresPerDay(x.bolusFlow),
    purpose: x.bolusFlow > 0 ? 'periodic-bolus' : 'basal',
  });
  for (;;) {
    const dayStart = dayIndex * MS_PER_DAY - offset;
    if (dayStart >= to) break;
    const plan = dayPlan(
      flexDayFor(p.schedule, localDay(dayIndex * MS_PER_DAY).weekday),
      p.drug.concentration,
    );
    for (const piece of plan) {
      const start = Math.max(from, dayStart + piece.start);
      const end = Math.min(to, dayStart + piece.end);
      if (start >= end) continue;
      if (pending?.end === start && pending.flow === piece.flow && pending.bolusFlow === piece.bolusFlow) {
        pending.end = end;
      } else {
        if (pending) yield emit(pending);
        pending = { start, end, flow: piece.flow, bolusFlow: piece.bolusFlow };
      }
    }
    dayIndex += 1;
  }
  if (pending) yield emit(pending);
}

/** Exact volume integral of segments, in nL·ms/day (divide by MS_PER_DAY for nL). */
export function flowIntegral(segments: Iterable<FlowSegment>): bigint {
  let sum = 0n;
  for (const s of segments) sum += BigInt(s.flow) * BigInt(s.end - s.start);
  return sum;
}
