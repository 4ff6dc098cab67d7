/**
 * Pass rates of the validation rows over independent seeds, with 95 % Wilson score intervals, and the
 * statistical criterion CI applies: a population row is flagged only when the upper bound of its pass-rate
 * interval falls below the stated target, so a row that truly meets the target is flagged with a known,
 * small probability (falseAlarmRate) instead of on every unlucky seed.
 */
import type { ValidationRow } from './validation-format.ts';

/** z for a two-sided 95 % interval. */
const Z95 = 1.959964;

/** The pass rate a population row must reach over independent seeds (at the report's population sizes). */
export const PASS_RATE_TARGET = 0.8;

/** Wilson score interval of k successes in n trials (Wilson 1927), 95 % by default. */
export function wilson(k: number, n: number, z = Z95): { lo: number; hi: number } {
  if (!Number.isInteger(k) || !Number.isInteger(n) || n <= 0 || k < 0 || k > n) {
    throw new RangeError(`wilson needs 0 ≤ k ≤ n and n ≥ 1, got k = ${k}, n = ${n}`);
  }
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}

/** The criterion: flagged when even the upper bound of the pass rate lies below the target. */
export const missesTarget = (k: number, n: number, target = PASS_RATE_TARGET): boolean =>
  wilson(k, n).hi < target;

/** Binomial probability of exactly k successes in n trials with success probability p. */
function binomialPmf(k: number, n: number, p: number): number {
  let logC = 0;
  for (let i = 1; i <= k; i++) logC += Math.log(n - k + i) - Math.log(i);
  return Math.exp(logC + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/**
 * Probability that a row whose true pass rate equals `target` is flagged over n seeds: the chance of a false
 * alarm per row and CI run, exact (sum of binomial probabilities of the flagged counts).
 */
export function falseAlarmRate(n: number, target = PASS_RATE_TARGET): number {
  let sum = 0;
  for (let k = 0; k <= n; k++) if (missesTarget(k, n, target)) sum += binomialPmf(k, n, target);
  return sum;
}

/** One population row over many seeds. */
export interface RowRate {
  /** The row as computed for the first seed (its value column describes that seed). */
  readonly row: ValidationRow;
  readonly seeds: readonly number[];
  /** Pass or fail for each seed, in the order of `seeds`. */
  readonly perSeed: readonly boolean[];
  readonly passes: number;
  readonly rate: number;
  readonly lo: number;
  readonly hi: number;
  readonly flagged: boolean;
}

/** Gathers per-seed rows (one array per seed, the same ids in the same order) into pass rates. */
export function passRates(
  seeds: readonly number[],
  perSeedRows: readonly (readonly ValidationRow[])[],
): RowRate[] {
  const first = perSeedRows[0] ?? [];
  return first.map((row, i) => {
    const perSeed = perSeedRows.map((rows) => {
      const r = rows[i];
      if (r?.id !== row.id)
        throw new RangeError(`row ${i} differs between seeds (${row.id} vs ${String(r?.id)})`);
      return r.pass;
    });
    const passes = perSeed.filter(Boolean).length;
    const { lo, hi } = wilson(passes, perSeed.length);
    return {
      row,
      seeds,
      perSeed,
      passes,
      rate: passes / perSeed.length,
      lo,
      hi,
      flagged: missesTarget(passes, perSeed.length),
    };
  });
}
