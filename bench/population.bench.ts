/**
 * Population benchmark (docs/architecture.md principle 2, event-driven time): simulated patient-years per second for
 * 1-year virtual patients with screening, titration visits, refills and the world's event rates.
 *
 * ratio = event-driven throughput ÷ the throughput of the same patients with an event forced every hour
 * (both in this process, one thread). Also printed: the throughput with 2 worker threads vs 1 (on this
 * machine's 2 shared cores, worker start-up included), with the two results asserted identical.
 *
 * The simulator runs from the compiled build (dist/, scripts/build.ts), rebuilt first, as `itb population`
 * does through bin/itb.js: run from the TypeScript sources, each worker would load tsx and transform every
 * module on start (0.8–2.7 s each) and every function would carry tsx's name helper (issue 14).
 *
 *   npm run bench -- population        (ITB_BENCH_POP_N patients, default 8; ITB_BENCH_POP_FORCED, default 2)
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import { fileURLToPath } from 'node:url';
import type * as Pool from '../src/sim/pool.ts';
import type * as Population from '../src/sim/population.ts';
import { report, time } from './harness.ts';

const build = spawnSync(
  process.execPath,
  ['--import', 'tsx', fileURLToPath(new URL('../scripts/build.ts', import.meta.url))],
  {
    stdio: 'inherit',
  },
);
if (build.status !== 0) throw new Error('ITB_E_INTERNAL: npm run build failed');
const distUrl = (module: string) => new URL(`../dist/sim/${module}.js`, import.meta.url).href;
const { runPopulation } = (await import(distUrl('pool'))) as typeof Pool;
const { runPatient } = (await import(distUrl('population'))) as typeof Population;

const N = Number(process.env.ITB_BENCH_POP_N ?? 8);
const FORCED = Number(process.env.ITB_BENCH_POP_FORCED ?? 2);
const YEARS = 1;
const SEED = 2026;

async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; result: T }> {
  const t0 = performance.now();
  const result = await fn();
  return { ms: performance.now() - t0, result };
}

// Warm the JIT on one patient so the single-thread figure is not charged for compilation.
runPatient(SEED, N + 1, 0.1);

// Worker start-up (each worker loads tsx and transforms the sources) on a near-empty population.
const startup = await timed(() => runPopulation({ n: 2, years: 0.01, seed: SEED, workers: 2 }));

const one = await timed(() => runPopulation({ n: N, years: YEARS, seed: SEED, workers: 1 }));
const two = await timed(() => runPopulation({ n: N, years: YEARS, seed: SEED, workers: 2 }));
if (!isDeepStrictEqual(one.result, two.result)) throw new Error('1-worker and 2-worker results differ');

// Median of 3 runs each (after a warm-up run), so one hiccup of the shared machine does not decide the ratio.
const patientYears = (force: boolean) => {
  let py = 0;
  for (let i = 0; i < FORCED; i++)
    py += runPatient(SEED, i, YEARS, force ? { forceStepHours: 1 } : {}).patientYears;
  return py;
};
const forcedT = time(() => patientYears(true), 3, 1);
const eventT = time(() => patientYears(false), 3, 1);
const forced = { ms: forcedT.timing.medianMs, result: forcedT.result };
const eventDriven = { ms: eventT.timing.medianMs, result: eventT.result };

const rate = (py: number, ms: number) => Number((py / (ms / 1000)).toFixed(3));
const py1 = one.result.patientYears;
const eventRate = rate(eventDriven.result, eventDriven.ms);
const forcedRate = rate(forced.result, forced.ms);
console.log(`population: ${N} patients × ${YEARS} y (${py1} patient-years implanted)`);
console.log(`  1 worker : ${one.ms.toFixed(0)} ms → ${rate(py1, one.ms)} patient-years/s`);
console.log(
  `  2 workers: ${two.ms.toFixed(0)} ms → ${rate(py1, two.ms)} patient-years/s (identical results)`,
);
console.log(
  `  same ${FORCED} patients, event-driven ${eventRate} vs 1-hour forced events ${forcedRate} patient-years/s`,
);
report(
  'population',
  eventRate / forcedRate,
  'the same 1-year patients with an event forced every hour (1 thread)',
  {
    patients: N,
    years: YEARS,
    patientYearsPerSecond1Worker: rate(py1, one.ms),
    patientYearsPerSecond2Workers: rate(py1, two.ms),
    workersSpeedup: Number((one.ms / two.ms).toFixed(3)),
    workerStartupMs: Math.round(startup.ms),
    eventDrivenPatientYearsPerSecond: eventRate,
    forcedHourlyPatientYearsPerSecond: forcedRate,
  },
);
