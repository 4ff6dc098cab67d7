/**
 * A population worker thread: warms up on a short patient, says it is ready, then receives patient tasks,
 * runs each (pure runPatient) and posts the outcome. Started by pool.ts (worker-bootstrap.ts loads it from the
 * sources or from dist/ alike); it keeps no state between tasks, so any worker may run any patient.
 */
import { parentPort } from 'node:worker_threads';
import { runPatient, type PatientOutcome, type PatientRunOptions } from './population.ts';

/** One patient to run. */
export interface WorkerTask {
  /** The pool's run this task belongs to, echoed in the reply: a reply to a run that has failed is dropped. */
  readonly run: number;
  readonly seed: number;
  readonly years: number;
  readonly index: number;
  readonly options: PatientRunOptions;
}

/** What a worker posts: ready after its warm-up, then one outcome or error per task. */
export type WorkerReply =
  | { readonly ready: true }
  | { readonly run: number; readonly outcome: PatientOutcome }
  | { readonly run: number; readonly error: string; readonly index: number };

const port = parentPort;
if (port === null) throw new Error('population-worker must run in a worker thread');
// Warm-up: one short patient compiles the hot paths before the first timed task (its outcome is dropped).
runPatient(1, 0, 0.05);
port.postMessage({ ready: true } satisfies WorkerReply);
port.on('message', (t: WorkerTask) => {
  try {
    port.postMessage({
      run: t.run,
      outcome: runPatient(t.seed, t.index, t.years, t.options),
    } satisfies WorkerReply);
  } catch (e) {
    port.postMessage({
      run: t.run,
      error: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
      index: t.index,
    } satisfies WorkerReply);
  }
});
