/**
 * What reaches the virtual patient: drug entering the intrathecal space at the catheter tip as
 * piecewise-constant mass rates, and lumbar-puncture boluses. The body does not know pumps or catheters
 * (src/pump, src/world turn what the pump commands into these); it only checks the inputs and cuts time
 * into pieces over which the input is constant, so each piece can be solved exactly.
 */
import { ItbError } from '../therapy/codes.ts';
import { MS_PER_HOUR, NG_PER_MCG, type EpochMs, type Nanograms } from '../therapy/quantities.ts';

/** Drug reaching the tip zone at a constant rate over [start, end). Overlapping segments add up. */
export interface InfusionSegment {
  readonly start: EpochMs;
  readonly end: EpochMs;
  readonly ngPerDay: number;
}

/** A bolus injected by lumbar puncture (or any bolus whose volume decides how far it spreads). */
export interface LumbarBolus {
  readonly at: EpochMs;
  readonly amount: Nanograms;
  readonly volumeMl: number;
}

export interface BodyInputs {
  readonly segments?: readonly InfusionSegment[];
  readonly boluses?: readonly LumbarBolus[];
}

/** A stretch of time over which the infusion rate is constant; its boluses happen at `from`. */
export interface Piece {
  readonly from: EpochMs;
  readonly to: EpochMs;
  readonly mcgPerHour: number;
  readonly boluses: readonly LumbarBolus[];
}

const HOURS_PER_DAY = 24;

function bad(message: string, details: Record<string, unknown>): never {
  throw new ItbError('ITB_E_BODY_INVALID_INPUT', message, details);
}

/** Throws ITB_E_BODY_INVALID_INPUT on a malformed segment or bolus; changes nothing. */
export function validateInputs(inputs: BodyInputs): void {
  for (const s of inputs.segments ?? []) {
    if (!Number.isSafeInteger(s.start) || !Number.isSafeInteger(s.end) || s.end < s.start) {
      bad(`infusion segment must have integer times with end ≥ start, got ${s.start}–${s.end}`, { ...s });
    }
    if (!Number.isFinite(s.ngPerDay) || s.ngPerDay < 0) {
      bad(`infusion rate must be a finite non-negative ng/day, got ${s.ngPerDay}`, { ...s });
    }
  }
  for (const b of inputs.boluses ?? []) {
    if (!Number.isSafeInteger(b.at)) bad(`bolus time must be an integer epoch ms, got ${b.at}`, { ...b });
    if (!Number.isFinite(b.amount) || b.amount < 0)
      bad(`bolus amount must be ≥ 0 ng, got ${b.amount}`, { ...b });
    if (!Number.isFinite(b.volumeMl) || b.volumeMl < 0) {
      bad(`bolus volume must be ≥ 0 mL, got ${b.volumeMl}`, { ...b });
    }
  }
}

/**
 * Cuts [from, to) into pieces of constant infusion rate, with each bolus attached to the piece that starts
 * at its time. Boluses at exactly `to` belong to the next call (half-open interval), so consecutive
 * advances never apply a bolus twice.
 */
export function schedule(inputs: BodyInputs, from: EpochMs, to: EpochMs): Piece[] {
  const changes = new Map<number, number>(); // time → change of rate in ng/day
  let rate = 0;
  for (const s of inputs.segments ?? []) {
    if (s.end <= from || s.start >= to || s.end === s.start || s.ngPerDay === 0) continue;
    if (s.start <= from) rate += s.ngPerDay;
    else changes.set(s.start, (changes.get(s.start) ?? 0) + s.ngPerDay);
    if (s.end < to) changes.set(s.end, (changes.get(s.end) ?? 0) - s.ngPerDay);
  }
  const boluses = (inputs.boluses ?? []).filter((b) => b.at >= from && b.at < to);
  const times = new Set<number>([from, ...changes.keys(), ...boluses.map((b) => b.at)]);
  const cuts = [...times].filter((t) => t >= from && t < to).sort((a, b) => a - b);
  const pieces: Piece[] = [];
  cuts.forEach((t, i) => {
    rate += t === from ? 0 : (changes.get(t) ?? 0);
    // Rates are sums of the inputs' own numbers; a difference of equal floats can leave −0 or −1e−12.
    const safe = rate < 1e-9 ? 0 : rate;
    pieces.push({
      from: t as EpochMs,
      to: (cuts[i + 1] ?? to) as EpochMs,
      mcgPerHour: safe / NG_PER_MCG / HOURS_PER_DAY,
      boluses: boluses.filter((b) => b.at === t),
    });
  });
  return pieces;
}

/** Milliseconds to hours, the model's internal time unit. */
export const msToHours = (ms: number): number => ms / MS_PER_HOUR;
