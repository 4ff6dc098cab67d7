/**
 * Body benchmark (`npm run bench -- body`): the virtual patient's linear equations solved exactly between
 * input changes (event-driven, docs/architecture.md principle 2) versus the same equations integrated by
 * classic RK4 at the coarsest step that still meets the accuracy the exact path is held to (1e-6 relative
 * CSF error against RK4 at 1-second steps), in the same process, over 30 days of a realistic infusion
 * with dose changes and boluses, both sampled hourly. A coarser RK4 would be faster but wrong, a finer one
 * slower than it needs to be: the fair baseline is the cheapest RK4 that is as good as required.
 * The two run in alternating rounds, each half timed by the CPU time it took (waiting for a core on a loaded
 * machine is not counted), and the ratio is the median of the rounds' ratios (bench/paired.ts), so repeated
 * runs on a loaded machine agree (docs/performance.md, body).
 */
import { loadavg } from 'node:os';
import { time, report } from './harness.ts';
import { pairedRatio } from './paired.ts';
import type * as BodyModule from '../src/body/body.ts';
import type { BodyInputs } from '../src/body/inputs.ts';
import type * as Linear from '../src/body/linear.ts';
import type * as Patient from '../src/body/patient.ts';
import type * as Pk from '../src/body/pk.ts';
import type * as ReferenceSolvers from '../src/body/reference-solvers.ts';
import type * as Quantities from '../src/therapy/quantities.ts';
import type { EpochMs } from '../src/therapy/quantities.ts';
import { compiled } from './compiled.ts';

// The compiled build, as `itb` runs it (sources through tsx would time tsx's helpers as well).
const { advance, createBody } = await compiled<typeof BodyModule>('body/body');
const { linearModel } = await compiled<typeof Linear>('body/linear');
const { defaultPatient } = await compiled<typeof Patient>('body/patient');
const { N_STATES, S } = await compiled<typeof Pk>('body/pk');
const { sampleLinear } = await compiled<typeof ReferenceSolvers>('body/reference-solvers');
const { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, epochMs, mcgToNg } =
  await compiled<typeof Quantities>('therapy/quantities');

const DAYS = 30;
const day = (d: number): EpochMs => epochMs(Math.round(d * MS_PER_DAY));
const patient = defaultPatient();

// 200 µg/day, raised on days 5 and 12, lowered on day 21; a pump bolus (100 µg over 1 h) on day 10; lumbar
// boluses of 50 µg in 1 mL on day 3 and day 20 (at whole minutes, so fixed steps can land on them).
const inputs: BodyInputs = {
  segments: [
    { start: day(0), end: day(5), ngPerDay: 200_000 },
    { start: day(5), end: day(12), ngPerDay: 240_000 },
    { start: day(12), end: day(21), ngPerDay: 280_000 },
    { start: day(21), end: day(DAYS), ngPerDay: 250_000 },
    { start: day(10), end: epochMs(day(10) + MS_PER_HOUR), ngPerDay: 2_400_000 },
  ],
  boluses: [
    { at: epochMs(day(3) + 37 * MS_PER_MINUTE), amount: mcgToNg(50), volumeMl: 1 },
    { at: epochMs(day(20) + 613 * MS_PER_MINUTE), amount: mcgToNg(50), volumeMl: 1 },
  ],
};
const samples: EpochMs[] = Array.from({ length: DAYS * 24 }, (_, h) => epochMs((h + 1) * MS_PER_HOUR));
const x0 = new Float64Array(N_STATES);

/** The accuracy both paths are held to: largest relative CSF difference from the 1-second reference. */
const TOLERANCE = 1e-6;
/**
 * Candidate RK4 steps in seconds. Each stretch between input changes and samples is cut into equal steps
 * no longer than the candidate (reference-solvers.ts), so any candidate lands on every change.
 */
const RK4_STEPS_S = [30, 45, 60, 75, 90, 100, 110, 120, 150, 180, 240, 300, 600];

const reference = sampleLinear(linearModel(patient), x0, inputs, day(0), samples, 1 / 3600);
const rk4At = (seconds: number) =>
  sampleLinear(linearModel(patient), x0, inputs, day(0), samples, seconds / 3600);
// RK4's error grows with its step; the coarsest candidate within the tolerance is the fair baseline.
const rk4StepS = RK4_STEPS_S.filter((sec) => maxRelDiff(rk4At(sec)) < TOLERANCE).at(-1);
if (rk4StepS === undefined) throw new Error(`ITB_E_INTERNAL: no RK4 step meets ${TOLERANCE}`);

// A fresh model per run: the exact path pays for its matrix exponentials every time. RK4 and the exact path
// run in alternating rounds and the figure is the median of the per-round ratios (bench/paired.ts), so load
// from other processes falls on both sides of each ratio alike. Each side warms up for at least 1.5 s of CPU
// (the exact path runs thousands of times) and each half-round runs about 25 ms of its side.
const paired = pairedRatio(
  () => rk4At(rk4StepS),
  () => sampleLinear(linearModel(patient), x0, inputs, day(0), samples, 'exact'),
  { rounds: 101, warmupRuns: 20, warmupMs: 1500, roundMs: 25, clock: 'cpu' },
);
const full = time(() => advance(createBody(patient, day(0)), inputs, day(DAYS)), 21, 5);

/** Largest relative difference in CSF concentration (tip, spinal, cranial amounts ∝ concentrations). */
function maxRelDiff(path: readonly Float64Array[]): number {
  let worst = 0;
  path.forEach((x, i) => {
    const ref = reference[i] as Float64Array;
    for (const c of [S.tip, S.spinal, S.cranial]) {
      const r = ref[c] as number;
      const d = Math.abs((x[c] as number) - r) / Math.max(Math.abs(r), 1e-12);
      worst = Math.max(worst, d);
    }
  });
  return worst;
}

const exactErr = maxRelDiff(paired.candidateResult);
const rk4Err = maxRelDiff(paired.baselineResult);
const ratio = paired.ratio;
console.log(
  `body: ${DAYS} days, ${inputs.segments?.length} segments, ${inputs.boluses?.length} boluses, ${samples.length} hourly samples`,
);
console.log(
  `  exact (event-driven, matrix exponential): ${paired.candidateMs.toFixed(3)} ms (${paired.candidateBatch} runs a round), max rel. CSF error ${exactErr.toExponential(2)}`,
);
console.log(
  `  RK4, ${rk4StepS}-second steps (coarsest within ${TOLERANCE}): ${paired.baselineMs.toFixed(2)} ms (${paired.baselineBatch} runs a round), max rel. CSF error ${rk4Err.toExponential(2)}`,
);
console.log(`  full advance (with slow states), no samples: ${full.timing.medianMs.toFixed(2)} ms`);
console.log(`  reference: RK4 at 1-second steps`);
console.log(
  `  ratio: median of ${paired.rounds} paired rounds (${paired.clock} time) ${ratio.toFixed(1)} (interquartile ${paired.ratioIqr.map((r) => r.toFixed(1)).join('–')}; by third ${paired.ratioByThird.map((r) => r.toFixed(1)).join(', ')})`,
);
console.log(
  `  warm-up: ${paired.warmupRuns[0]} RK4 runs, ${paired.warmupRuns[1]} exact runs (at least 1.5 s of CPU each)`,
);
if (!(exactErr < TOLERANCE)) {
  console.error(`ITB_E_INTERNAL: exact path differs from the reference by ${exactErr} (limit ${TOLERANCE})`);
  process.exitCode = 1;
}
report(
  'body',
  ratio,
  'RK4 at the coarsest step within 1e-6 of the 1-second reference, same equations, same process, hourly samples',
  {
    rk4StepSeconds: rk4StepS,
    exactMs: Number(paired.candidateMs.toFixed(4)),
    rk4Ms: Number(paired.baselineMs.toFixed(3)),
    ratioIqr: paired.ratioIqr.map((r) => Number(r.toFixed(1))),
    ratioByThird: paired.ratioByThird.map((r) => Number(r.toFixed(1))),
    pairedRounds: paired.rounds,
    runsPerRound: { rk4: paired.baselineBatch, exact: paired.candidateBatch },
    warmupRuns: { rk4: paired.warmupRuns[0], exact: paired.warmupRuns[1] },
    clock: paired.clock,
    fullAdvanceMs: Number(full.timing.medianMs.toFixed(3)),
    maxRelCsfDiffExact: Number(exactErr.toPrecision(3)),
    maxRelCsfDiffRk4: Number(rk4Err.toPrecision(3)),
    reference: 'RK4 at 1-second steps',
    days: DAYS,
    loadAverage1m: Number(loadavg()[0]?.toFixed(1)),
  },
);
