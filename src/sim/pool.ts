/**
 * Population runs across worker threads (the shell around population.ts). Indices are handed out one at a
 * time to whichever worker is free; outcomes are aggregated in index order, so the result is identical for
 * any number of workers (each patient depends only on the seed and its index).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ItbError } from '../therapy/codes.ts';
import { siblingModule, workerBootstrap } from './worker-bootstrap.ts';
import { aggregate, runPatient, type PatientOutcome, type PopulationResult } from './population.ts';

export interface PopulationRunOptions {
  readonly n: number;
  readonly years: number;
  readonly seed: number;
  /** Worker threads; 1 (or fewer patients than 2) runs in this thread. Default: the machine's cores. */
  readonly workers?: number;
  /** Called after each patient with the number done. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Runs a population; rejects with ITB_E_SIM_WORKER_FAILED if any patient fails. */
export async function runPopulation(o: PopulationRunOptions): Promise<PopulationResult> {
  const workers = Math.max(1, Math.min(o.workers ?? availableParallelism(), o.n));
  const outcomes: PatientOutcome[] = [];
  if (workers === 1) {
    for (let i = 0; i < o.n; i++) {
      outcomes.push(runPatient(o.seed, i, o.years));
      o.onProgress?.(i + 1, o.n);
      // Yield so a progress bar can draw and signals are handled during long runs.
      if (i % 4 === 3) await new Promise((r) => setImmediate(r));
    }
    return aggregate(outcomes, o.n, o.years, o.seed);
  }
  const code = workerBootstrap(siblingModule('population-worker', import.meta.url));
  let next = 0;
  // A holder, not a `let`: the handlers below set it, which flow analysis cannot see.
  const failure: { error: ItbError | null } = { error: null };
  const pool = Array.from(
    { length: workers },
    () => new Worker(code, { eval: true, workerData: { seed: o.seed, years: o.years } }),
  );
  await Promise.all(
    pool.map(
      (w) =>
        new Promise<void>((resolve) => {
          const feed = () => {
            if (failure.error !== null || next >= o.n) {
              void w.terminate().then(() => resolve());
              return;
            }
            w.postMessage({ index: next++ });
          };
          w.on('message', (m: { outcome?: PatientOutcome; error?: string; index?: number }) => {
            if (m.outcome) {
              outcomes.push(m.outcome);
              o.onProgress?.(outcomes.length, o.n);
            } else {
              failure.error ??= new ItbError('ITB_E_SIM_WORKER_FAILED', `patient ${m.index}: ${m.error}`);
            }
            feed();
          });
          w.on('error', (e) => {
            failure.error ??= new ItbError('ITB_E_SIM_WORKER_FAILED', e.message);
            resolve();
          });
          feed();
        }),
    ),
  );
  if (failure.error !== null) throw failure.error;
  return aggregate(outcomes, o.n, o.years, o.seed);
}

/** A one-line progress bar for a terminal (stderr), e.g. `[#####.....] 50/100`. */
export function progressBar(done: number, total: number, width = 30): string {
  const filled = total > 0 ? Math.round((done / total) * width) : width;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
}
