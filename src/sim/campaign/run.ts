/**
 * A safety campaign (docs/safety-case.md): the same virtual patients live their years once per arm — every
 * control on, then each control (or listed set) switched off — and each arm's harms are compared with the
 * all-on arm. Enough patients are enrolled, in index order, for the all-on arm to reach the patient-years
 * asked for (non-candidates of the screening trial are not implanted); every arm then runs those patients.
 * Tasks go to worker threads one at a time; results are placed by task number, so the outcome is identical
 * for any number of workers.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ItbError } from '../../therapy/codes.ts';
import type { ControlName } from '../controls.ts';
import { siblingModule, workerBootstrap } from '../worker-bootstrap.ts';
import { HARMS, summariseArm, type ArmResult, type Harm } from './arm.ts';
import { runCampaignPatient, type CampaignConfig, type CampaignOutcome } from './patient.ts';
import { REAL_WORLD_RATES } from './rates.ts';
import { pairedIncreaseP, rateIncreaseP } from './stats.ts';

export interface CampaignOptions extends CampaignConfig {
  readonly patientYears: number;
  /** The arms: the controls each switches off ([] = all on; the first arm is the reference). */
  readonly arms: readonly (readonly ControlName[])[];
  readonly workers?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/** An off arm against the all-on arm, for one harm. */
export interface Comparison {
  readonly arm: string;
  readonly harm: Harm | 'uncontrolled-days';
  readonly ratio: number | null;
  /** One-sided test of the arm's rate against the all-on arm's (onsets as independent Poisson events). */
  readonly pValue: number;
  /**
   * One-sided paired sign test over the same patients (more onsets in this arm than with all on, patient by
   * patient): it sees a harm that adds an onset to many patients against a large background of onsets
   * from other causes, where the rate test does not.
   */
  readonly pairedPValue: number;
}

export interface CampaignResult {
  readonly seed: number;
  readonly years: number;
  readonly stress: number;
  readonly patientYearsAsked: number;
  readonly patients: number;
  readonly arms: readonly ArmResult[];
  readonly comparisons: readonly Comparison[];
  readonly realWorld: typeof REAL_WORLD_RATES.value;
  readonly elapsedSeconds: number;
  readonly patientYearsPerSecond: number;
}

interface Task {
  readonly index: number;
  readonly off: readonly ControlName[];
}

type Runner = (tasks: readonly Task[]) => Promise<CampaignOutcome[]>;

function inThread(c: CampaignConfig, progress: () => void): Runner {
  return async (tasks) => {
    const out: CampaignOutcome[] = [];
    for (const [i, t] of tasks.entries()) {
      out.push(runCampaignPatient(c, t.index, t.off));
      progress();
      if (i % 4 === 3) await new Promise((r) => setImmediate(r));
    }
    return out;
  };
}

function pool(
  c: CampaignConfig,
  n: number,
  progress: () => void,
): { run: Runner; close: () => Promise<void> } {
  const code = workerBootstrap(siblingModule('worker', import.meta.url));
  const workers = Array.from({ length: n }, () => new Worker(code, { eval: true, workerData: c }));
  const run: Runner = (tasks) => {
    const out: (CampaignOutcome | undefined)[] = Array.from({ length: tasks.length }, () => undefined);
    let next = 0;
    const failure: { error: ItbError | null } = { error: null };
    return Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            const feed = () => {
              if (failure.error !== null || next >= tasks.length) {
                w.removeAllListeners('message');
                w.removeAllListeners('error');
                resolve();
                return;
              }
              const task = next++;
              const t = tasks[task] as Task;
              w.postMessage({ task, index: t.index, off: t.off });
            };
            w.on('message', (m: { task: number; outcome?: CampaignOutcome; error?: string }) => {
              if (m.outcome) {
                out[m.task] = m.outcome;
                progress();
              } else failure.error ??= new ItbError('ITB_E_SIM_WORKER_FAILED', `campaign task: ${m.error}`);
              feed();
            });
            w.on('error', (e) => {
              failure.error ??= new ItbError('ITB_E_SIM_WORKER_FAILED', e.message);
              resolve();
            });
            feed();
          }),
      ),
    ).then(() => {
      if (failure.error !== null) throw failure.error;
      return out as CampaignOutcome[];
    });
  };
  return { run, close: async () => void (await Promise.all(workers.map((w) => w.terminate()))) };
}

/** Runs a campaign; rejects with ITB_E_SIM_WORKER_FAILED if any patient fails. */
export async function runCampaign(
  o: CampaignOptions,
  clock: () => number = () => performance.now(),
): Promise<CampaignResult> {
  const t0 = clock();
  const config: CampaignConfig = { seed: o.seed, years: o.years, stress: o.stress };
  const enrolGuess = Math.max(1, Math.ceil(o.patientYears / o.years));
  let done = 0;
  const total = () => enrolGuess * o.arms.length;
  const progress = () => o.onProgress?.(++done, Math.max(done, total()));
  const workers = Math.max(1, Math.min(o.workers ?? availableParallelism(), enrolGuess * o.arms.length));
  const p = workers > 1 ? pool(config, workers, progress) : null;
  const run = p?.run ?? inThread(config, progress);
  try {
    const reference = o.arms[0] ?? [];
    // Enrol in index order until the reference arm reaches the patient-years asked for.
    const first: CampaignOutcome[] = [];
    let py = 0;
    while (py < o.patientYears) {
      const missing = Math.max(1, Math.ceil((o.patientYears - py) / o.years));
      const from = first.length;
      const batch = await run(
        Array.from({ length: missing }, (_, k) => ({ index: from + k, off: reference })),
      );
      for (const b of batch) {
        if (py >= o.patientYears) break;
        first.push(b);
        py += b.patientYears;
      }
    }
    const n = first.length;
    const arms: ArmResult[] = [summariseArm(reference, first)];
    for (const off of o.arms.slice(1)) {
      const outcomes = await run(Array.from({ length: n }, (_, index) => ({ index, off })));
      arms.push(summariseArm(off, outcomes));
    }
    const elapsed = (clock() - t0) / 1000;
    const allYears = arms.reduce((s, a) => s + a.patientYears, 0);
    return {
      seed: o.seed,
      years: o.years,
      stress: o.stress,
      patientYearsAsked: o.patientYears,
      patients: n,
      arms,
      comparisons: compare(arms),
      realWorld: REAL_WORLD_RATES.value,
      elapsedSeconds: Math.round(elapsed * 10) / 10,
      patientYearsPerSecond: elapsed > 0 ? Math.round((allYears / elapsed) * 100) / 100 : 0,
    };
  } finally {
    await p?.close();
  }
}

/** Each off arm against the first (all-on) arm, for every harm and for uncontrolled days. */
function compare(arms: readonly ArmResult[]): Comparison[] {
  const ref = arms[0];
  if (ref === undefined) return [];
  const out: Comparison[] = [];
  for (const a of arms.slice(1)) {
    for (const h of HARMS) {
      const x = a.harms[h].count;
      const y = ref.harms[h].count;
      const ratio = y > 0 ? Math.round((x / a.patientYears / (y / ref.patientYears)) * 100) / 100 : null;
      out.push({
        arm: a.label,
        harm: h,
        ratio,
        pValue: rateIncreaseP(x, a.patientYears, y, ref.patientYears),
        pairedPValue: pairedIncreaseP(a.harmsByPatient[h], ref.harmsByPatient[h]),
      });
    }
    const ud = ref.uncontrolledDaysPer100PatientYears;
    const paired = pairedIncreaseP(a.uncontrolledDaysByPatient, ref.uncontrolledDaysByPatient);
    out.push({
      arm: a.label,
      harm: 'uncontrolled-days',
      ratio: ud > 0 ? Math.round((a.uncontrolledDaysPer100PatientYears / ud) * 100) / 100 : null,
      // Days are not counts of independent events: a paired sign test over the same patients instead.
      pValue: paired,
      pairedPValue: paired,
    });
  }
  return out;
}
