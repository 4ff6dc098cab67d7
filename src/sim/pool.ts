/**
 * Population runs across worker threads (the shell around population.ts). Indices are handed out one at a
 * time to whichever worker is free; outcomes are aggregated in index order, so the result is identical for
 * any number of workers (each patient depends only on the seed, its index and the run options).
 *
 * Why a pool that outlives one run: starting a worker (loading the modules, compiling the hot paths) costs
 * 1–2.5 s on a loaded 2-core machine, more than a small population takes to run; a run that starts its own
 * workers is slower on two threads than on one (issue 14). `createPopulationPool` starts and warms its workers
 * once; `runPopulation` keeps its one-shot form (a pool started and closed around one run).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ItbError } from '../therapy/codes.ts';
import { siblingModule, workerBootstrap } from './worker-bootstrap.ts';
import {
  aggregate,
  checkPatientRunOptions,
  runPatient,
  type PatientOutcome,
  type PatientRunOptions,
  type PopulationResult,
} from './population.ts';
import type { WorkerReply, WorkerTask } from './population-worker.ts';

export interface PopulationRunOptions extends PatientRunOptions {
  readonly n: number;
  readonly years: number;
  readonly seed: number;
  /** Worker threads; 1 (or fewer patients than 2) runs in this thread. Default: the machine's cores. */
  readonly workers?: number;
  /** Called after each patient with the number done. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Worker threads kept across population runs. */
export interface PopulationPool {
  /** Number of worker threads. */
  readonly size: number;
  /** Resolves once every worker has loaded and warmed up (rejects with ITB_E_SIM_WORKER_FAILED). */
  readonly ready: Promise<void>;
  /** Runs one population on the pool's workers (runs queue behind each other); `workers` is ignored. */
  run(o: Omit<PopulationRunOptions, 'workers'>): Promise<PopulationResult>;
  /** Stops the workers; later runs reject. */
  close(): Promise<void>;
}

const failed = (message: string) => new ItbError('ITB_E_SIM_WORKER_FAILED', message);

/** Starts `workers` worker threads (at least 1) that warm up on a short patient, then wait for runs. */
export function createPopulationPool(workers: number): PopulationPool {
  const size = Math.max(1, Math.floor(workers));
  const code = workerBootstrap(siblingModule('population-worker', import.meta.url));
  const threads = Array.from({ length: size }, () => new Worker(code, { eval: true }));
  // Set by a worker's 'error' or 'exit': a broken pool fails every run from then on.
  const state: { broken: ItbError | null; closed: boolean; onFail: ((e: ItbError) => void) | null } = {
    broken: null,
    closed: false,
    onFail: null,
  };
  const fail = (e: ItbError) => {
    state.broken ??= e;
    state.onFail?.(e);
  };
  for (const w of threads) {
    w.on('error', (e) => fail(failed(e.message)));
    w.on('exit', (c) => {
      if (!state.closed) fail(failed(`a worker stopped (exit code ${c})`));
    });
  }
  const ready = Promise.all(
    threads.map(
      (w) =>
        new Promise<void>((resolve, reject) => {
          const onReady = (m: WorkerReply) => {
            if ('ready' in m) {
              w.off('message', onReady);
              resolve();
            }
          };
          w.on('message', onReady);
          w.once('error', (e) => reject(failed(e.message)));
        }),
    ),
  ).then(() => undefined);
  // A caller that never awaits `ready` still sees a start-up failure through run().
  ready.catch(() => undefined);
  let queue: Promise<unknown> = ready;
  // Workers with a task out, of any run: a run that fails leaves workers finishing its tasks, whose replies
  // carry its number and are dropped; such a worker gets its first task of the next run when it replies.
  const inFlight = new Set<Worker>();
  let runs = 0;
  type TaskReply = Exclude<WorkerReply, { readonly ready: true }>;
  let current: ((w: Worker, m: TaskReply) => void) | null = null;
  for (const w of threads) {
    w.on('message', (m: WorkerReply) => {
      if ('ready' in m) return;
      inFlight.delete(w);
      current?.(w, m);
    });
  }

  const runOnce = async (o: Omit<PopulationRunOptions, 'workers'>): Promise<PopulationResult> => {
    await ready;
    if (state.closed) throw failed('the population pool is closed');
    if (state.broken !== null) throw state.broken;
    const outcomes: PatientOutcome[] = [];
    const task = { run: ++runs, seed: o.seed, years: o.years, options: optionsOf(o) };
    let next = 0;
    let busy = 0;
    await new Promise<void>((resolve, reject) => {
      state.onFail = reject;
      const feed = (w: Worker) => {
        if (next >= o.n) {
          if (busy === 0) resolve();
          return;
        }
        busy++;
        inFlight.add(w);
        w.postMessage({ ...task, index: next++ } satisfies WorkerTask);
      };
      current = (w, m) => {
        if (m.run === task.run) {
          busy--;
          if ('error' in m) return reject(failed(`patient ${m.index}: ${m.error}`));
          outcomes.push(m.outcome);
          o.onProgress?.(outcomes.length, o.n);
        }
        feed(w);
      };
      if (o.n === 0) resolve();
      for (const w of threads) if (!inFlight.has(w)) feed(w);
    }).finally(() => {
      state.onFail = null;
      current = null;
    });
    return aggregate(outcomes, o.n, o.years, o.seed);
  };
  return {
    size,
    ready,
    run(o) {
      checkPatientRunOptions(o);
      const result = queue.then(
        () => runOnce(o),
        () => runOnce(o),
      );
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      state.closed = true;
      await Promise.all(threads.map((w) => w.terminate()));
    },
  };
}

const optionsOf = (o: PatientRunOptions): PatientRunOptions =>
  o.sampleHours === undefined ? {} : { sampleHours: o.sampleHours };

/** Runs a population (workers started for this run and stopped after it); rejects with ITB_E_SIM_WORKER_FAILED if any patient fails. */
export async function runPopulation(o: PopulationRunOptions): Promise<PopulationResult> {
  checkPatientRunOptions(o);
  const workers = Math.max(1, Math.min(o.workers ?? availableParallelism(), o.n));
  if (workers === 1) {
    const outcomes: PatientOutcome[] = [];
    const options = optionsOf(o);
    for (let i = 0; i < o.n; i++) {
      outcomes.push(runPatient(o.seed, i, o.years, options));
      o.onProgress?.(i + 1, o.n);
      // Yield so a progress bar can draw and signals are handled during long runs.
      if (i % 4 === 3) await new Promise((r) => setImmediate(r));
    }
    return aggregate(outcomes, o.n, o.years, o.seed);
  }
  const pool = createPopulationPool(workers);
  try {
    return await pool.run(o);
  } finally {
    await pool.close();
  }
}

/** A one-line progress bar for a terminal (stderr), e.g. `[#####.....] 50/100`. */
export function progressBar(done: number, total: number, width = 30): string {
  const filled = total > 0 ? Math.round((done / total) * width) : width;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
}
