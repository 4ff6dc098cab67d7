/**
 * Populations: N virtual patients × Y years (pure; the worker pool in pool.ts only spreads the indices over
 * threads). Patient i depends on (seed, i) alone — its own seed is derived from both — so the result is
 * the same whatever the number of workers or the order they finish in.
 *
 * Each patient: a population drawn from an [A] case mix, an individual sampled from it, the screening trial,
 * the label's start dose and titration, refills before the projected alarm, a clinic that answers critical
 * alarms, and the world's event rates: catheter complications (1.5–5 per 100 patient-years, ×3 in the first
 * year [C]) and pocket fills (1–3 per 10,000 refills [C]) (docs/clinical-reference.md §4).
 */
import type { Population } from '../therapy/drug.ts';
import { MS_PER_DAY, epochMs } from '../therapy/quantities.ts';
import { ItbError } from '../therapy/codes.ts';
import { sourced } from '../therapy/sourced.ts';
import { WORLD_EVENT_RATES, nextCatheterComplication, seedRng } from '../world/index.ts';
import { uniform } from '../world/random.ts';
import { SCENARIO_DEFAULTS, runScenario, type RunOptions } from './runner.ts';
import type { Fault, Scenario } from './scenario.ts';

/** Case mix of an ITB clinic [A]: mostly spinal-origin adults, then cerebral origin, then children. */
const MIX: readonly { readonly population: Population; readonly weight: number }[] = [
  { population: 'adult-spinal', weight: 0.55 },
  { population: 'adult-cerebral', weight: 0.3 },
  { population: 'child-under-12', weight: 0.15 },
];
export const CASE_MIX = sourced(MIX, 'A', 'our assumption for a mixed adult and paediatric ITB clinic');
/** How long the simulated clinic takes to act on a critical alarm [A]. */
export const POPULATION_ALARM_RESPONSE_HOURS = sourced(
  48,
  'A',
  'our assumption: the patient is seen within two days of a critical alarm',
);
/** Timeline sampling of population runs (stages evolve over a day or more) [A]. */
export const POPULATION_SAMPLE_HOURS = 12;
/**
 * Bounds of a caller's sampling interval. A stage shorter than the interval can fall between two samples, so a
 * coarser interval counts fewer harm onsets and time at goal less finely (docs/performance.md, Population).
 */
export const POPULATION_SAMPLE_HOURS_RANGE = { min: 1, max: 24 * 28 } as const;

/** Options of one population patient that change what is computed (the same for every worker). */
export interface PatientRunOptions {
  /** Timeline sampling in hours (default POPULATION_SAMPLE_HOURS): the instants harm and time at goal are read. */
  readonly sampleHours?: number;
}

/** Throws ITB_E_OUT_OF_RANGE (nothing run) when a patient option lies outside its range. */
export function checkPatientRunOptions(o: PatientRunOptions): void {
  const h = o.sampleHours;
  const { min, max } = POPULATION_SAMPLE_HOURS_RANGE;
  if (h !== undefined && !(Number.isFinite(h) && h >= min && h <= max))
    throw new ItbError(
      'ITB_E_OUT_OF_RANGE',
      `The sampling interval must be between ${min} and ${max} hours (got ${String(h)}).`,
      { field: 'sampleHours', min, max },
    );
}

/** One patient's outcome, small enough to pass between threads. */
export interface PatientOutcome {
  readonly index: number;
  readonly seed: number;
  readonly population: Population;
  readonly implanted: boolean;
  readonly patientYears: number;
  readonly harm: Readonly<Record<string, number>>;
  readonly alarms: Readonly<Record<string, number>>;
  readonly faults: readonly { readonly kind: string; readonly detectionDelayHours: number | null }[];
  readonly refills: number;
  readonly discrepancies: number;
  readonly timeAtGoalFraction: number;
  readonly finalDoseMcgPerDay: number;
}

/** The seed of patient `index` of a population run seeded `seed`. */
export const patientSeed = (seed: number, index: number): number => seedRng(seed, `patient:${index}`).state;

/** The scenario of patient `index` (pure). */
export function patientScenario(
  seed: number,
  index: number,
  years: number,
  sampleHours: number = POPULATION_SAMPLE_HOURS,
): Scenario {
  const ps = patientSeed(seed, index);
  let rng = seedRng(ps, 'case');
  const [u, r1] = uniform(rng);
  rng = r1;
  let acc = 0;
  let population: Population = 'adult-spinal';
  for (const m of CASE_MIX.value) {
    acc += m.weight;
    if (u < acc) {
      population = m.population;
      break;
    }
  }
  const start = epochMs(Date.parse(SCENARIO_DEFAULTS.start));
  const days = Math.round(years * 365.25 * 100) / 100;
  const faults: Fault[] = [];
  const [complication] = nextCatheterComplication(seedRng(ps, 'catheter'), start, start);
  if (complication !== undefined && complication.at < start + days * MS_PER_DAY) {
    faults.push({
      kind: 'catheter',
      atDays: (complication.at - start) / MS_PER_DAY,
      state: complication.state as Extract<Fault, { kind: 'catheter' }>['state'],
    });
  }
  return {
    name: `patient-${index}`,
    seed: ps,
    days,
    sampleHours,
    patient: { population, seed: ps },
    screening: { protocol: population === 'child-under-12' ? 'small-child' : 'adult' },
    titration: {},
    alarmResponseHours: POPULATION_ALARM_RESPONSE_HOURS.value,
    faults,
  };
}

/**
 * Runs patient `index` (pure: the same arguments always give the same outcome). `extra` sets the sampling
 * interval, and passes the benchmark's forced-step baseline and the sampling mode (default `events`: quiet
 * grid instants leapt over, sampling.ts; `grid` for the fine reference) through to the runner.
 */
export function runPatient(
  seed: number,
  index: number,
  years: number,
  extra: PatientRunOptions & Pick<RunOptions, 'forceStepHours' | 'sampling'> = {},
): PatientOutcome {
  checkPatientRunOptions(extra);
  const scenario = patientScenario(seed, index, years, extra.sampleHours);
  const r = runScenario(scenario, {
    ...(extra.forceStepHours === undefined ? {} : { forceStepHours: extra.forceStepHours }),
    keepTimeline: false,
    sampling: extra.sampling ?? 'events',
    pocketFillPerRefill: WORLD_EVENT_RATES.pocketFillPerRefill.value.typical,
  });
  const s = r.summary;
  const population = scenario.patient?.population ?? 'adult-spinal';
  if (s === null) {
    return {
      index,
      seed: r.seed,
      population,
      implanted: false,
      patientYears: 0,
      harm: {},
      alarms: {},
      faults: [],
      refills: 0,
      discrepancies: 0,
      timeAtGoalFraction: 0,
      finalDoseMcgPerDay: 0,
    };
  }
  const harm: Record<string, number> = {};
  for (const [k, v] of Object.entries(s.harm.withdrawal)) harm[`withdrawal-${k}`] = v;
  for (const [k, v] of Object.entries(s.harm.overdose)) harm[`overdose-${k}`] = v;
  return {
    index,
    seed: r.seed,
    population,
    implanted: true,
    patientYears: s.patientYears,
    harm,
    alarms: { ...s.alarmsRaised },
    faults: s.faults.map((f) => ({ kind: f.kind, detectionDelayHours: f.detectionDelayHours })),
    refills: s.refills.done,
    discrepancies: s.refills.discrepancies,
    timeAtGoalFraction: s.timeAtGoalFraction,
    finalDoseMcgPerDay: s.finalDoseMcgPerDay,
  };
}

/** One row of the outcome table. */
export interface OutcomeRow {
  readonly outcome: string;
  readonly count: number;
  readonly per100PatientYears: number;
}

export interface PopulationResult {
  readonly n: number;
  readonly years: number;
  readonly seed: number;
  readonly implanted: number;
  readonly nonCandidates: number;
  readonly patientYears: number;
  readonly meanTimeAtGoalFraction: number;
  readonly medianDetectionDelayHours: number | null;
  readonly faultsUndetected: number;
  readonly table: readonly OutcomeRow[];
}

const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);

/** Aggregates outcomes (in index order, so the floating-point sums do not depend on who finished first). */
export function aggregate(
  outcomes: readonly PatientOutcome[],
  n: number,
  years: number,
  seed: number,
): PopulationResult {
  const sorted = [...outcomes].sort((a, b) => a.index - b.index);
  const counts = new Map<string, number>();
  let py = 0;
  let goal = 0;
  let implanted = 0;
  let undetected = 0;
  const delays: number[] = [];
  for (const o of sorted) {
    if (!o.implanted) continue;
    implanted++;
    py += o.patientYears;
    goal += o.timeAtGoalFraction;
    for (const [k, v] of Object.entries(o.harm)) add(counts, k, v);
    for (const [k, v] of Object.entries(o.alarms)) add(counts, `alarm-${k}`, v);
    for (const f of o.faults) {
      add(counts, `fault-${f.kind}`, 1);
      if (f.detectionDelayHours === null) undetected++;
      else delays.push(f.detectionDelayHours);
    }
    add(counts, 'refills', o.refills);
    add(counts, 'refill-discrepancies', o.discrepancies);
  }
  delays.sort((a, b) => a - b);
  const per100 = (c: number) => (py > 0 ? Number(((c / py) * 100).toFixed(3)) : 0);
  const table = [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([outcome, count]) => ({ outcome, count, per100PatientYears: per100(count) }));
  return {
    n,
    years,
    seed,
    implanted,
    nonCandidates: sorted.length - implanted,
    patientYears: Number(py.toFixed(4)),
    meanTimeAtGoalFraction: implanted > 0 ? Number((goal / implanted).toFixed(4)) : 0,
    medianDetectionDelayHours: delays.length > 0 ? (delays[Math.floor(delays.length / 2)] as number) : null,
    faultsUndetected: undetected,
    table,
  };
}
