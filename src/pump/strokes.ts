/**
 * Whole-stroke delivery with an exact fractional carry. A pump moves fluid only in whole strokes (or valve
 * pulses); to deliver a flow of F nL/day it owes F × dt / 1 day nL after dt ms. The owed amount is kept as
 * an integer accumulator in nL·ms/day (F × dt, no division), a stroke is issued each time it reaches one
 * stroke (strokeVolume × 1 day), and the remainder carries over — across schedule steps, events and steps
 * of any size. So the delivered volume never differs from the integral of the commanded flow by a whole
 * stroke, whether time is advanced in one jump or in a million one-second ticks (FDA 2014 hazard "actual
 * rate ≠ programmed").
 */
import { MS_PER_DAY } from '../therapy/quantities.ts';

/** One stroke in accumulator units (nL·ms/day). */
export const strokeUnit = (strokeVolume: number): number => strokeVolume * MS_PER_DAY;

/** Strokes due after `dt` ms at `flow` nL/day from accumulator `acc`, and the accumulator left. */
export function accumulate(
  acc: number,
  flow: number,
  dt: number,
  strokeVolume: number,
): { strokes: number; acc: number } {
  if (flow <= 0 || dt <= 0) return { strokes: 0, acc };
  const unit = strokeUnit(strokeVolume);
  const owed = flow * dt;
  if (Number.isSafeInteger(owed) && Number.isSafeInteger(acc + owed)) {
    const total = acc + owed;
    const strokes = Math.floor(total / unit);
    return { strokes, acc: total - strokes * unit };
  }
  const total = BigInt(acc) + BigInt(flow) * BigInt(dt);
  const u = BigInt(unit);
  return { strokes: Number(total / u), acc: Number(total % u) };
}

/** Strokes due within `dt` ms (the count only; see {@link accumulate}). */
export const strokesWithin = (acc: number, flow: number, dt: number, strokeVolume: number): number =>
  accumulate(acc, flow, dt, strokeVolume).strokes;

/**
 * The smallest dt (ms, ≥ 1) after which `n` ≥ 1 strokes are due at `flow` > 0 from `acc`: the instant the
 * n-th stroke is issued. Undefined when the flow is zero.
 */
export function timeForStrokes(
  acc: number,
  flow: number,
  n: number,
  strokeVolume: number,
): number | undefined {
  if (flow <= 0 || n <= 0) return undefined;
  const need = BigInt(n) * BigInt(strokeUnit(strokeVolume)) - BigInt(acc);
  const f = BigInt(flow);
  const dt = Number((need + f - 1n) / f);
  return Math.max(1, dt);
}

/** Whole strokes nearest to `volume` (at least one for a positive volume). */
export function strokesFor(volume: number, strokeVolume: number): number {
  if (volume <= 0) return 0;
  return Math.max(1, Math.round(volume / strokeVolume));
}
