/**
 * Paired timing for ratio benchmarks on a shared, noisy machine (docs/performance.md, body): the baseline and
 * the candidate run in alternating rounds, so a burst of load from other processes hits both halves of a
 * round alike, and the figure is the median of the per-round ratios — not the ratio of two medians taken
 * minutes apart, which is what made repeated runs disagree. With `clock: 'cpu'` each half is timed by the
 * CPU time the process spent (process.cpuUsage), which time spent waiting for a core on a loaded machine
 * does not inflate; wall time inflated the longer half more often, so the ratio moved with the load.
 */
import { performance } from 'node:perf_hooks';

export interface PairedTiming<B, C> {
  /** Median over rounds of baseline time / candidate time (per run). */
  readonly ratio: number;
  /** Medians of one run's time (wall or CPU, as asked), in milliseconds. */
  readonly baselineMs: number;
  readonly candidateMs: number;
  /** Interquartile range of the per-round ratios, to show how steady the measurement was. */
  readonly ratioIqr: readonly [number, number];
  readonly rounds: number;
  /** Runs of the candidate per round (it is the faster one, so a round times a batch of it). */
  readonly candidateBatch: number;
  readonly baselineResult: B;
  readonly candidateResult: C;
  /** The clock the rounds were timed by. */
  readonly clock: Clock;
}

/** Wall time, or the CPU time of this process. */
export type Clock = 'wall' | 'cpu';
const now: Record<Clock, () => number> = {
  wall: () => performance.now(),
  cpu: () => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1000;
  },
};

const median = (xs: readonly number[]): number => quantile(xs, 0.5);
function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (pos - lo);
}

function timed<T>(fn: () => T, times: number, clock: () => number): { ms: number; result: T } {
  const t0 = clock();
  let result = fn();
  for (let i = 1; i < times; i++) result = fn();
  return { ms: (clock() - t0) / times, result };
}

/**
 * Times `baseline` once and `candidate` `candidateBatch` times per round (the batch sized after warm-up so both
 * halves take about as long), over `rounds` rounds after `warmup` warm-up rounds; the order inside a round
 * alternates so neither side always runs first. `clock` defaults to wall time.
 */
export function pairedRatio<B, C>(
  baseline: () => B,
  candidate: () => C,
  opts: { readonly rounds: number; readonly warmup: number; readonly clock?: Clock },
): PairedTiming<B, C> {
  const clockName = opts.clock ?? 'wall';
  const clock = now[clockName];
  let b = timed(baseline, 1, clock);
  let c = timed(candidate, 1, clock);
  for (let i = 0; i < opts.warmup; i++) {
    b = timed(baseline, 1, clock);
    c = timed(candidate, 1, clock);
  }
  const candidateBatch = Math.max(1, Math.min(1000, Math.round(b.ms / Math.max(c.ms, 1e-6))));
  const ratios: number[] = [];
  const bMs: number[] = [];
  const cMs: number[] = [];
  for (let r = 0; r < opts.rounds; r++) {
    const candidateFirst = r % 2 === 1;
    if (candidateFirst) c = timed(candidate, candidateBatch, clock);
    b = timed(baseline, 1, clock);
    if (!candidateFirst) c = timed(candidate, candidateBatch, clock);
    ratios.push(b.ms / c.ms);
    bMs.push(b.ms);
    cMs.push(c.ms);
  }
  return {
    ratio: median(ratios),
    baselineMs: median(bMs),
    candidateMs: median(cMs),
    ratioIqr: [quantile(ratios, 0.25), quantile(ratios, 0.75)],
    rounds: opts.rounds,
    candidateBatch,
    baselineResult: b.result,
    candidateResult: c.result,
    clock: clockName,
  };
}
