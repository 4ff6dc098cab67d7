/**
 * A population worker thread: receives patient indices, runs each (pure runPatient), posts the outcome.
 * Loaded by pool.ts with tsx, so it runs from the TypeScript source like the rest of the CLI.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runPatient } from './population.ts';

interface Data {
  readonly seed: number;
  readonly years: number;
}
const data = workerData as Data;
const port = parentPort;
if (port === null) throw new Error('population-worker.ts must run in a worker thread');
port.on('message', (msg: { index: number } | { stop: true }) => {
  if ('stop' in msg) {
    port.close();
    return;
  }
  try {
    port.postMessage({ outcome: runPatient(data.seed, msg.index, data.years) });
  } catch (e) {
    port.postMessage({ error: e instanceof Error ? `${e.name}: ${e.message}` : String(e), index: msg.index });
  }
});
