/**
 * A campaign worker thread: receives (arm, patient index) tasks, runs each (pure runCampaignPatient) and
 * posts the outcome back with the task's number. Loaded by run.ts through worker-bootstrap.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ControlName } from '../controls.ts';
import { runCampaignPatient, type CampaignConfig } from './patient.ts';

const config = workerData as CampaignConfig;
const port = parentPort;
if (port === null) throw new Error('campaign worker.ts must run in a worker thread');
port.on('message', (m: { task: number; index: number; off: ControlName[] }) => {
  try {
    port.postMessage({ task: m.task, outcome: runCampaignPatient(config, m.index, m.off) });
  } catch (e) {
    port.postMessage({ task: m.task, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  }
});
