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
  /** Medians of the per-round ratios over the first, second and last third of the rounds (drift within a run). */
  readonly ratioByThird: readonly number[];
  /** Runs of each side per half-round (sized so each half takes about `roundMs`). */
  readonly baselineBatch: number;
  readonly candidateBatch: number;
  /** Warm-up runs of the baseline and of the candidate (the first included). */
  readonly warmupRuns: readonly [number, number];
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

/** How long the two sides warm up and how long each half of a round runs, on the chosen clock. */
export interface PairedOptions {
  readonly rounds: number;
  /**
   * Warm-up: the two sides alternate, one run at a time, until each has run at least `warmupRuns` times and
   * spent at least `warmupMs`. A fixed count of runs left the faster side (a fraction of a millisecond a
   * run) with a few milliseconds of warm-up, still compiling when the rounds began, and sized its batch from
   * one cold run: repeated runs then disagreed by up to 23 % (docs/performance.md, body).
   */
  readonly warmupRuns: number;
  readonly warmupMs: number;
  /** Each half of a round runs its side as many times as it takes about this long (batches from warm-up medians). */
  readonly roundMs: number;
  readonly clock?: Clock;
}

/**
 * Times `baseline` and `candidate` in alternating rounds after the warm-up above; each half of a round runs
 * its side a fixed batch of times, sized from the warm-up's median run so each half takes about `roundMs`.
 * The order inside a round alternates so neither side always runs first. `clock` defaults to wall time.
 */
export function pairedRatio<B, C>(
  baseline: () => B,
  candidate: () => C,
  opts: PairedOptions,
): PairedTiming<B, C> {
  const clockName = opts.clock ?? 'wall';
  const clock = now[clockName];
  let b = timed(baseline, 1, clock);
  let c = timed(candidate, 1, clock);
  const warmB: number[] = [];
  const warmC: number[] = [];
  const spent = (xs: readonly number[]) => xs.reduce((sum, x) => sum + x, 0);
  while (
    warmB.length < opts.warmupRuns ||
    warmC.length < opts.warmupRuns ||
    spent(warmB) < opts.warmupMs ||
    spent(warmC) < opts.warmupMs
  ) {
    if (warmB.length < opts.warmupRuns || spent(warmB) < opts.warmupMs) {
      b = timed(baseline, 1, clock);
      warmB.push(b.ms);
    }
    if (warmC.length < opts.warmupRuns || spent(warmC) < opts.warmupMs) {
      c = timed(candidate, 1, clock);
      warmC.push(c.ms);
    }
  }
  // Batches from the medians of the warm-up's second half (the first half still compiles).
  const settled = (xs: readonly number[]) => Math.max(median(xs.slice(Math.floor(xs.length / 2))), 1e-6);
  const baselineBatch = Math.max(1, Math.round(opts.roundMs / settled(warmB)));
  const candidateBatch = Math.max(1, Math.round(opts.roundMs / settled(warmC)));
  const ratios: number[] = [];
  const bMs: number[] = [];
  const cMs: number[] = [];
  for (let r = 0; r < opts.rounds; r++) {
    const candidateFirst = r % 2 === 1;
    if (candidateFirst) c = timed(candidate, candidateBatch, clock);
    b = timed(baseline, baselineBatch, clock);
    if (!candidateFirst) c = timed(candidate, candidateBatch, clock);
    ratios.push(b.ms / c.ms);
    bMs.push(b.ms);
    cMs.push(c.ms);
  }
  const third = Math.ceil(ratios.length / 3);
  return {
    ratio: median(ratios),
    baselineMs: median(bMs),
    candidateMs: median(cMs),
    ratioIqr: [quantile(ratios, 0.25), quantile(ratios, 0.75)],
    ratioByThird: [0, 1, 2].map((i) => median(ratios.slice(i * third, (i + 1) * third))),
    rounds: opts.rounds,
    baselineBatch,
    candidateBatch,
    warmupRuns: [warmB.length + 1, warmC.length + 1],
    baselineResult: b.result,
    candidateResult: c.result,
    clock: clockName,
  };
}
