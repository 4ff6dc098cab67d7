/**
 * `itb sim …`: the virtual patient and the simulator (docs/architecture.md CLI contract). `bolus` and `trial` run the
 * body model alone; `run` runs a scenario file (timeline + summary, optional CSV and SVG files);
 * `population` runs N patients × Y years across worker threads, with progress on stderr (a bar on a terminal,
 * a line every few seconds elsewhere; progress.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { simulateBolus } from '../body/bolus-sim.ts';
import { defaultPatient, samplePatient } from '../body/patient.ts';
import {
  DEFAULT_SCREENING_PROTOCOL,
  SMALL_CHILD_SCREENING_PROTOCOL,
  screeningTrial,
} from '../body/screening.ts';
import { ItbError } from '../therapy/codes.ts';
import { timelineCsv, timelineSvg } from '../sim/chart.ts';
import { runPopulation } from '../sim/pool.ts';
import type { PopulationResult } from '../sim/population.ts';
import { runScenario, type RunResult } from '../sim/runner.ts';
import { parseScenarioText } from '../sim/scenario.ts';
import { reasonLines } from './calc.ts';
import { run } from './output.ts';
import { stderrProgress } from './progress.ts';
import { registerCampaignCommand } from './sim-campaign.ts';
import { massFlag } from './dose-flags.ts';
import { choiceFlag, numberFlag } from './parse.ts';
import { mcgDecimal } from '../therapy/dose-input.ts';
import { int, opt, str, type Flags } from './flags.ts';

const POPULATIONS = ['adult-spinal', 'adult-cerebral', 'child-under-12'] as const;

function readScenario(path: string) {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ItbError('ITB_E_INVALID_INPUT', `cannot read scenario ${path}: ${(e as Error).message}`);
  }
  return parseScenarioText(text);
}

function runHuman(r: RunResult): string {
  const s = r.summary;
  if (s === null)
    return `${r.name}: not implanted (screening: no response)\n${reasonLines(r.screening?.reasons ?? [])}`;
  const faults = s.faults.map(
    (f) =>
      `  ${f.kind} from day ${f.startDay ?? '-'}: ${f.detectedBy === null ? 'not detected' : `detected by ${f.detectedBy} after ${f.detectionDelayHours} h`}`,
  );
  return [
    `${r.name}: ${s.days} days, seed ${r.seed}, start ${r.startDoseMcgPerDay} µg/day, final ${s.finalDoseMcgPerDay} µg/day`,
    `harm: withdrawal ${JSON.stringify(s.harm.withdrawal)} overdose ${JSON.stringify(s.harm.overdose)}`,
    `max stages: withdrawal ${s.maxWithdrawalStage}, overdose ${s.maxOverdoseStage}; time at tone goal ${(s.timeAtGoalFraction * 100).toFixed(1)} %`,
    `alarms raised: ${JSON.stringify(s.alarmsRaised)}; refills ${s.refills.done} (${s.refills.discrepancies} discrepancies); programming ${s.programming.accepted} accepted, ${s.programming.refused} refused`,
    ...(faults.length > 0 ? ['faults:', ...faults] : []),
  ].join('\n');
}

function populationHuman(p: PopulationResult): string {
  const rows = p.table.map(
    (r) =>
      `  ${r.outcome.padEnd(34)} ${String(r.count).padStart(7)} ${r.per100PatientYears.toFixed(2).padStart(10)}`,
  );
  return [
    `${p.n} patients × ${p.years} years (seed ${p.seed}): ${p.implanted} implanted, ${p.nonCandidates} not candidates, ${p.patientYears} patient-years`,
    `mean time at tone goal ${(p.meanTimeAtGoalFraction * 100).toFixed(1)} %; faults undetected ${p.faultsUndetected}; median detection delay ${p.medianDetectionDelayHours ?? '-'} h`,
    `  ${'outcome'.padEnd(34)} ${'count'.padStart(7)} ${'/100 p-y'.padStart(10)}`,
    ...rows,
  ].join('\n');
}

export function registerSimCommands(program: Command): void {
  const sim = program
    .command('sim')
    .description('virtual patient and simulator: boluses, screening trials, scenarios, populations');

  sim
    .command('bolus')
    .description(
      'one lumbar bolus in a virtual patient: time course, onset, peak, duration (MAS reduction ≥ 1)',
    )
    .requiredOption('--dose <amount>', 'baclofen bolus, e.g. 50 (mcg) or "0.05 mg"')
    .option('--volume-ml <mL>', 'injected volume (default 1 mL)')
    .option('--seed <n>', 'sample a patient (default: the typical adult)')
    .option('--hours <h>', 'length of the course (default 24)')
    .option('--json', 'one JSON object on stdout')
    .action((f: Flags) =>
      run(
        f,
        () => {
          const seed = int(f, 'seed', '--seed', 0, 2 ** 32 - 1);
          const volumeMl = opt(f, 'volumeMl', '--volume-ml', 0.01, 20);
          const hours = opt(f, 'hours', '--hours', 0.5, 336);
          return simulateBolus({
            doseMcg: numberFlag(
              mcgDecimal(massFlag(str(f, 'dose'), '--dose', 'baclofen')),
              '--dose',
              0.001,
              100_000,
            ),
            ...(volumeMl === undefined ? {} : { volumeMl }),
            ...(seed === undefined ? {} : { seed }),
            ...(hours === undefined ? {} : { hours }),
          });
        },
        (r) =>
          `onset ${r.onsetHours ?? '-'} h, peak ${r.peakHours ?? '-'} h (−${r.peakReduction} MAS), effect ${r.durationHours} h, CSF half-life ${r.csfHalfLifeHours} h`,
      ),
    );

  sim
    .command('trial')
    .description('the screening trial (50, 75, 100 µg a day apart) on a virtual patient, and its decision')
    .option('--patient-seed <n>', "sample a patient (default: the population's typical patient)")
    .option('--population <p>', POPULATIONS.join(' | '), 'adult-spinal')
    .option('--protocol <p>', 'adult | small-child (25 µg first)', 'adult')
    .option('--seed <n>', 'rater noise seed (default 1)')
    .option('--json', 'one JSON object on stdout')
    .action((f: Flags) =>
      run(
        f,
        () => {
          const population = choiceFlag(str(f, 'population'), '--population', POPULATIONS);
          const ps = int(f, 'patientSeed', '--patient-seed', 0, 2 ** 32 - 1);
          const patient = ps === undefined ? defaultPatient(population) : samplePatient(ps, population);
          const kind = choiceFlag(str(f, 'protocol'), '--protocol', ['adult', 'small-child'] as const);
          const base = kind === 'adult' ? DEFAULT_SCREENING_PROTOCOL : SMALL_CHILD_SCREENING_PROTOCOL;
          const seed = int(f, 'seed', '--seed', 0, 2 ** 32 - 1) ?? base.seed;
          return screeningTrial(patient, { ...base, seed });
        },
        (r) =>
          [
            ...r.days.map(
              (d) => `${d.doseMcg} µg: ${d.responded ? `response for ${d.effectHours} h` : 'no response'}`,
            ),
            r.decision.kind === 'responder'
              ? `decision: responder at ${r.decision.doseMcg} µg; start ${r.decision.startDoseMcgPerDay ?? '-'} µg/day`
              : 'decision: not a candidate',
            reasonLines(r.reasons),
          ].join('\n'),
      ),
    );

  sim
    .command('run')
    .description('run a scenario file: timeline and summary of outcomes')
    .argument('<scenario>', 'scenario JSON file (see examples/)')
    .option('--seed <n>', 'override the scenario seed')
    .option('--csv <file>', 'also write the timeline as CSV to this file')
    .option('--svg <file>', 'also write a chart of the run as SVG to this file')
    .option('--summary-only', 'leave the timeline and events out of the JSON')
    .option('--json', 'one JSON object on stdout')
    .action((path: string, f: Flags) =>
      run(
        f,
        () => {
          const seed = int(f, 'seed', '--seed', 0, 2 ** 32 - 1);
          const r = runScenario(readScenario(path), seed === undefined ? {} : { seed });
          const csv = str(f, 'csv');
          const svg = str(f, 'svg');
          if (csv !== undefined) writeFileSync(csv, timelineCsv(r.timeline));
          if (svg !== undefined) writeFileSync(svg, timelineSvg(r.name, r.timeline, r.events));
          return f.summaryOnly === true ? { ...r, timeline: [], events: [] } : r;
        },
        runHuman,
      ),
    );

  sim
    .command('population')
    .description('N virtual patients × Y years across worker threads; outcomes per 100 patient-years')
    .requiredOption('--n <n>', 'number of patients')
    .requiredOption('--years <y>', 'years per patient')
    .option('--seed <n>', 'population seed (default 1)')
    .option('--workers <w>', "worker threads (default: the machine's cores)")
    .option('--json', 'one JSON object on stdout')
    .action((f: Flags) =>
      run(
        f,
        async () => {
          const n = int(f, 'n', '--n', 1, 1_000_000) as number;
          const years = numberFlag(str(f, 'years'), '--years', 0.01, 20);
          const seed = int(f, 'seed', '--seed', 0, 2 ** 32 - 1) ?? 1;
          const workers = int(f, 'workers', '--workers', 1, 256);
          const shown = stderrProgress('patients');
          try {
            return await runPopulation({
              n,
              years,
              seed,
              ...(workers === undefined ? {} : { workers }),
              onProgress: shown.update,
            });
          } finally {
            shown.finish();
          }
        },
        populationHuman,
      ),
    );

  registerCampaignCommand(sim);
}
