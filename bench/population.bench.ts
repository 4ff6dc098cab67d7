/**
 * Population benchmark (issue 14 target 2): simulated patient-years per second for 1-year virtual patients
 * with screening, titration visits, refills and the world's event rates, on 1 thread and on 2 workers.
 *
 * The simulator runs from the compiled build (dist/, scripts/build.ts), rebuilt first, as `itb population`
 * does through bin/itb.js (from the sources, each worker would load tsx and transform every module).
 *
 * Figures, each measured alternating old and new in the same run (the machine is shared; read ratios):
 * - 1 worker: warm, in this thread. 2 workers: a warm pool (createPopulationPool), its start-up reported
 *   apart. Rounds alternate the two; medians. Results asserted identical.
 * - Warm before timed, every thread alike: V8 keeps compiling a thread's hot paths on its background
 *   threads for the first ~100 one-year patients that thread runs (measured per thread from /proc: 48 ms of
 *   compile CPU per patient-year over the first 20 patients, under 6 from the hundredth on). The old warm-up
 *   (one round of 48 patients here and 48 over the pool) left each worker half as warm as this thread, and
 *   the compile threads of two cold workers took CPU from the workers themselves. Now this thread runs
 *   ITB_BENCH_POP_WARMUP untimed patients (default 96) and the pool as many per worker, on another seed;
 *   the JSON says so (`warmupPatientsPerThread`, `startupExcluded`). `backgroundCpuMsPerPatientYear1Worker`
 *   is the CPU of the threads other than this one (V8's compiler and GC) during the 1-thread runs.
 * - cold: runPopulation starting its own 2 workers per run (the old way; start-up inside the time).
 * - sampling: the pool at ITB_BENCH_POP_SAMPLE_HOURS (default 168) against the default 12 h.
 * - grid: the same patients sampled on the full 12 h grid (before quiet instants were leapt over).
 * - forced: the same patients with an event forced every hour.
 * - ratio (contract line, issue 14 target 2): 2 workers ÷ 1 worker, beside `patientYearsPerSecond` for each.
 *
 *   npm run bench -- population   (ITB_BENCH_POP_N patients, default 48; ITB_BENCH_POP_ROUNDS, default 3;
 *                                  ITB_BENCH_POP_FORCED, default 2; ITB_BENCH_POP_SAMPLE_HOURS, default 168;
 *                                  ITB_BENCH_POP_WARMUP patients per thread, default 96)
 */
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import type * as Pool from '../src/sim/pool.ts';
import type * as Population from '../src/sim/population.ts';
import { compiled } from './compiled.ts';
import { median, report, time } from './harness.ts';

const { createPopulationPool, runPopulation } = await compiled<typeof Pool>('sim/pool');
const { runPatient } = await compiled<typeof Population>('sim/population');

const N = Number(process.env.ITB_BENCH_POP_N ?? 48);
const ROUNDS = Number(process.env.ITB_BENCH_POP_ROUNDS ?? 3);
const FORCED = Number(process.env.ITB_BENCH_POP_FORCED ?? 2);
const COARSE_HOURS = Number(process.env.ITB_BENCH_POP_SAMPLE_HOURS ?? 168);
const WARMUP = Number(process.env.ITB_BENCH_POP_WARMUP ?? 96);
const YEARS = 1;
const SEED = 2026;
const run = { n: N, years: YEARS, seed: SEED };

/** CPU time (ms) of this thread and of the whole process, from /proc (Linux); null where there is none. */
function threadCpu(): { main: number; all: number } | null {
  try {
    let main = 0;
    let all = 0;
    for (const task of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, clock ticks (USER_HZ 100)
      all += ms;
      if (task === String(process.pid)) main = ms;
    }
    return { main, all };
  } catch {
    return null;
  }
}

/** Wall time and CPU time of this process (every thread: a worker's CPU counts too), and of other threads. */
async function timed<T>(
  fn: () => Promise<T> | T,
): Promise<{ ms: number; cpuMs: number; backgroundMs: number | null; result: T }> {
  const c0 = process.cpuUsage();
  const p0 = threadCpu();
  const t0 = performance.now();
  const result = await fn();
  const c = process.cpuUsage(c0);
  const p1 = threadCpu();
  const backgroundMs = p0 && p1 ? p1.all - p0.all - (p1.main - p0.main) : null;
  return { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, backgroundMs, result };
}
const rate = (py: number, ms: number) => Number((py / (ms / 1000)).toFixed(3));

const startup = await timed(async () => {
  const p = createPopulationPool(2);
  await p.ready;
  return p;
});
const pool = startup.result;
// Untimed warm-up: this thread and each worker run WARMUP patients (another seed) before any timed run.
const warmup = { years: YEARS, seed: SEED + 1 };
const warmed = await timed(async () => {
  await runPopulation({ ...warmup, n: WARMUP, workers: 1 });
  await pool.run({ ...warmup, n: WARMUP * pool.size });
});

const ms = { one: [] as number[], two: [] as number[], cold: [] as number[], coarse: [] as number[] };
const cpu = { one: [] as number[], two: [] as number[], background: [] as number[] };
type Result = Awaited<ReturnType<typeof runPopulation>>;
let reference: Result | null = null;
let coarse: Result | null = null;
try {
  for (let r = 0; r < ROUNDS; r++) {
    const one = await timed(() => runPopulation({ ...run, workers: 1 }));
    const two = await timed(() => pool.run(run));
    const cold = await timed(() => runPopulation({ ...run, workers: 2 }));
    const sparse = await timed(() => pool.run({ ...run, sampleHours: COARSE_HOURS }));
    for (const other of [two.result, cold.result])
      if (!isDeepStrictEqual(one.result, other)) throw new Error('1-worker and 2-worker results differ');
    reference = one.result;
    coarse = sparse.result;
    ms.one.push(one.ms);
    ms.two.push(two.ms);
    cpu.one.push(one.cpuMs);
    cpu.two.push(two.cpuMs);
    if (one.backgroundMs !== null) cpu.background.push(one.backgroundMs);
    ms.cold.push(cold.ms);
    ms.coarse.push(sparse.ms);
  }
} finally {
  await pool.close();
}
if (reference === null || coarse === null) throw new Error('ITB_E_INVALID_INPUT: ITB_BENCH_POP_ROUNDS < 1');

// Event-driven vs the full grid and vs an event forced every hour (median of 3 runs after a warm-up, one thread).
const patientYears = (extra: Parameters<typeof runPatient>[3]) => {
  let py = 0;
  for (let i = 0; i < FORCED; i++) py += runPatient(SEED, i, YEARS, extra).patientYears;
  return py;
};
const forcedT = time(() => patientYears({ forceStepHours: 1 }), 3, 1);
const gridT = time(() => patientYears({ sampling: 'grid' }), 3, 1);
const eventT = time(() => patientYears({}), 3, 1);
const eventRate = rate(eventT.result, eventT.timing.medianMs);
const gridRate = rate(gridT.result, gridT.timing.medianMs);
const forcedRate = rate(forcedT.result, forcedT.timing.medianMs);

const py = reference.patientYears;
const one = rate(py, median(ms.one));
const two = rate(py, median(ms.two));
const cold = rate(py, median(ms.cold));
const sparse = rate(coarse.patientYears, median(ms.coarse));
// CPU per patient-year: equal for 1 and 2 workers when the pool adds no work; the wall-time speed-up is then
// bounded by the share of the 2 cores this process gets beside the machine's other load.
const cpuPerPy = (xs: number[]) => Math.round(median(xs) / py);
// Linux autogroup shares the CPU between sessions, not threads: on a loaded machine a process's second
// thread then adds no CPU share, and the 2-worker figure can only show the pool's own overhead.
const autogroup = (() => {
  try {
    return readFileSync('/proc/sys/kernel/sched_autogroup_enabled', 'utf8').trim() === '1';
  } catch {
    return false;
  }
})();
const rowsOf = (r: Result) => Object.fromEntries(r.table.map((t) => [t.outcome, t.count]));
console.log(`population: ${N} patients × ${YEARS} y (${py} patient-years implanted), ${ROUNDS} rounds`);
console.log(`  1 worker (this thread, warm)  : ${one} patient-years/s`);
console.log(`  2 workers (warm pool)         : ${two} patient-years/s (×${(two / one).toFixed(2)})`);
console.log(
  `  CPU per patient-year          : 1 worker ${cpuPerPy(cpu.one)} ms, 2 workers ${cpuPerPy(cpu.two)} ms`,
);
if (autogroup)
  console.log('  (scheduler autogroup on: under load, 2 threads share the CPU share of 1 session)');
console.log(`  2 workers started per run     : ${cold} patient-years/s (×${(cold / one).toFixed(2)})`);
console.log(`  pool start-up (2 workers)     : ${startup.ms.toFixed(0)} ms (not in the timed runs)`);
console.log(`  untimed warm-up               : ${WARMUP} patients per thread, ${warmed.ms.toFixed(0)} ms`);
if (cpu.background.length > 0)
  console.log(
    `  1 worker, other threads' CPU  : ${cpuPerPy(cpu.background)} ms per patient-year (V8 compiler, GC)`,
  );
console.log(
  `  2 workers, ${COARSE_HOURS} h sampling  : ${sparse} patient-years/s (×${(sparse / two).toFixed(2)} of 12 h)`,
);
console.log(`    outcomes at 12 h: ${JSON.stringify(rowsOf(reference))}`);
console.log(`    outcomes at ${COARSE_HOURS} h: ${JSON.stringify(rowsOf(coarse))}`);
console.log(
  `  ${FORCED} patients, event-driven ${eventRate} vs 12 h grid ${gridRate} vs 1-hour forced events ${forcedRate} patient-years/s`,
);
report('population', Number((two / one).toFixed(3)), '1 worker (warm, this thread)', {
  patientYearsPerSecond: { '1': one, '2': two },
  patients: N,
  years: YEARS,
  rounds: ROUNDS,
  patientYearsPerSecond1Worker: one,
  patientYearsPerSecond2Workers: two,
  workersSpeedup: Number((two / one).toFixed(3)),
  cpuMsPerPatientYear1Worker: cpuPerPy(cpu.one),
  cpuMsPerPatientYear2Workers: cpuPerPy(cpu.two),
  backgroundCpuMsPerPatientYear1Worker: cpu.background.length > 0 ? cpuPerPy(cpu.background) : null,
  patientYearsPerSecond2WorkersStartedPerRun: cold,
  schedAutogroup: autogroup,
  loadAverage1m: Number(loadavg()[0]?.toFixed(1)),
  workerStartupMs: Math.round(startup.ms),
  startupExcluded: true,
  warmupPatientsPerThread: WARMUP,
  warmupMs: Math.round(warmed.ms),
  coarseSampleHours: COARSE_HOURS,
  patientYearsPerSecond2WorkersCoarse: sparse,
  eventDrivenPatientYearsPerSecond: eventRate,
  gridPatientYearsPerSecond: gridRate,
  forcedHourlyPatientYearsPerSecond: forcedRate,
});
