/**
 * Benchmark helpers (docs/architecture.md benchmark contract): each benchmark measures a candidate against a baseline
 * in the same process and prints, as its last line, one JSON object `{ bench, ratio, baseline, ... }`.
 */
import { performance } from 'node:perf_hooks';

/**
 * The q-quantile of `xs` by nearest rank (the smallest sample with at least q of the samples at or below
 * it); NaN for no samples. With n samples, p99 is the largest unless n ≥ 100.
 */
export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? Number.NaN;
}

/** The median as the benchmarks report it: the upper middle sample (nearest rank above the half). */
export function median(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
}

export interface Timing {
  /** Median wall time of one run, in milliseconds. */
  readonly medianMs: number;
  readonly runs: number;
}

/** Runs `fn` `runs` times after `warmup` runs and returns the median; the result of the last run too. */
export function time<T>(fn: () => T, runs = 5, warmup = 1): { timing: Timing; result: T } {
  let result = fn();
  for (let i = 1; i < warmup; i++) result = fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = fn();
    samples.push(performance.now() - t0);
  }
  return { timing: { medianMs: median(samples), runs }, result };
}

/** Async variant of {@link time}. */
export async function timeAsync<T>(
  fn: () => Promise<T>,
  runs = 5,
  warmup = 1,
): Promise<{ timing: Timing; result: T }> {
  let result = await fn();
  for (let i = 1; i < warmup; i++) result = await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = await fn();
    samples.push(performance.now() - t0);
  }
  return { timing: { medianMs: median(samples), runs }, result };
}

/** Prints the contract's final line. */
export function report(
  bench: string,
  ratio: number,
  baseline: string,
  figures: Record<string, unknown>,
): void {
  console.log(JSON.stringify({ bench, ratio: Number(ratio.toPrecision(4)), baseline, ...figures }));
}
