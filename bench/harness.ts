/**
 * Benchmark helpers (docs/architecture.md benchmark contract): each benchmark measures a candidate against a baseline
 * in the same process and prints, as its last line, one JSON object `{ bench, ratio, baseline, ... }`.
 */
import { performance } from 'node:perf_hooks';

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
  samples.sort((a, b) => a - b);
  return { timing: { medianMs: samples[Math.floor(samples.length / 2)] ?? Number.NaN, runs }, result };
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
  samples.sort((a, b) => a - b);
  return { timing: { medianMs: samples[Math.floor(samples.length / 2)] ?? Number.NaN, runs }, result };
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
