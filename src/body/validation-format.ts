/**
 * Shared shape and formatting of the model-validation rows (validation.ts assembles them): a row states a
 * published target, the model's value and whether it passes, with the target's source.
 */
import { quantile } from './population.ts';

export interface ValidationRow {
  /** Stable id, e.g. `bolus.onset`: the test names and the report anchors use it. */
  readonly id: string;
  readonly topic: string;
  readonly measure: string;
  readonly target: string;
  readonly value: string;
  readonly pass: boolean;
  readonly source: string;
}

export const LABEL = 'Lioresal Intrathecal / Gablofen US labels';

/** A number with unit, "none" for null and "never" for +∞ (no effect window). */
export const f = (v: number | null, digits = 2, unit = ''): string =>
  v === null ? 'none' : v === Number.POSITIVE_INFINITY ? 'never' : `${v.toFixed(digits)}${unit}`;

export const pct = (v: number): string => `${(100 * v).toFixed(0)} %`;

export const within = (v: number | null, lo: number, hi: number): boolean => v !== null && v >= lo && v <= hi;

/** "median m, P5–P95 a–b unit". */
export function spread(vs: readonly number[], unit: string, digits = 2): string {
  const [m, lo, hi] = [0.5, 0.05, 0.95].map((q) => quantile(vs, q)) as [number, number, number];
  return `median ${f(m, digits)}, P5–P95 ${f(lo, digits)}–${f(hi, digits)}${Number.isFinite(hi) ? unit : ''}`;
}

/** Median within [mlo, mhi] and the 5th–95th percentile range inside [lo, hi]. */
export const spreadWithin = (
  vs: readonly number[],
  lo: number,
  hi: number,
  mlo: number,
  mhi: number,
): boolean => within(quantile(vs, 0.5), mlo, mhi) && quantile(vs, 0.05) >= lo && quantile(vs, 0.95) <= hi;

/** A row builder for one topic and source. */
export const rowsOf =
  (topic: string, source: string) =>
  (id: string, measure: string, target: string, value: string, pass: boolean): ValidationRow => ({
    id,
    topic,
    measure,
    target,
    value,
    pass,
    source,
  });
