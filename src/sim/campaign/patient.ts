/**
 * One patient of a safety campaign (pure): the population run's patient (case mix, screening, titration,
 * refills by the clinic's rules, catheter complications and pocket fills at the world's rates) with the
 * clinic's slips drawn on top at CAMPAIGN_FAULT_RATES and the pump's battery aged (PUMP_AGE_AT_START), run
 * with a set of controls switched off. Patient i
 * depends on (seed, i, years, stress) alone, so every arm sees the same patients and the same faults, and a
 * case can be re-run alone from its seed and index.
 */
import { OVERDOSE_STAGES, WITHDRAWAL_STAGES, stageRank } from '../../body/scales.ts';
import { getProfile } from '../../pump/index.ts';
import { MS_PER_DAY, MS_PER_HOUR, epochMs } from '../../therapy/quantities.ts';
import {
  DEFAULT_COMPLICATION_RISK,
  WORLD_EVENT_RATES,
  nextCatheterComplication,
  seedRng,
  type Rng,
} from '../../world/index.ts';
import { bernoulli, exponential, uniform, uniformBetween } from '../../world/random.ts';
import type { ControlName } from '../controls.ts';
import { patientScenario, patientSeed } from '../population.ts';
import { SCENARIO_DEFAULTS, runScenario, type RunResult } from '../runner.ts';
import { STOCKED_CONCENTRATIONS } from '../strengths.ts';
import type { Fault, Scenario } from '../scenario.ts';
import { UNCONTROLLED_MAS_ABOVE_GOAL } from '../sampling.ts';
import { CAMPAIGN_FAULT_RATES as R, PUMP_AGE_AT_START } from './rates.ts';

/** What fixes a campaign's patients: the seed, each patient's years, and a multiplier on every fault rate. */
export interface CampaignConfig {
  readonly seed: number;
  readonly years: number;
  /** Multiplies every fault rate (1 = the published rates; small CI campaigns raise it to see rare harms). */
  readonly stress: number;
}

/** The most refills a patient can have per year (a 20 mL pump at the hard maximum dose, ~5-day intervals) [A]. */
const MAX_REFILLS_PER_YEAR = 80;
/** Events kept before each harm, so a reader sees how it came about. */
const LEAD_UP_EVENTS = 6;
const LEAD_UP_DAYS = 30;

/** A harm as it began: which stage, when, and the events that led to it. */
export interface HarmCase {
  readonly index: number;
  readonly harm: string;
  readonly day: number;
  readonly leadUp: readonly string[];
}

/** One patient's campaign outcome (small enough to pass between threads). */
export interface CampaignOutcome {
  readonly index: number;
  readonly implanted: boolean;
  readonly patientYears: number;
  /** Onsets per harm (`withdrawal-moderate`, `overdose-drowsy`, …), `empty-reservoir` and `end-of-service` alarms. */
  readonly harms: Readonly<Record<string, number>>;
  readonly uncontrolledDays: number;
  readonly faults: readonly { readonly kind: string; readonly delayHours: number | null }[];
  readonly cases: readonly HarmCase[];
}

const poissonDays = (rng: Rng, perYear: number, days: number): number[] => {
  const out: number[] = [];
  if (perYear <= 0) return out;
  let r = rng;
  let t = 0;
  for (;;) {
    const [e, r1] = exponential(r, 365.25 / perYear);
    r = r1;
    t += e;
    if (t >= days) return out;
    out.push(Math.round(t * 1000) / 1000);
  }
};

/** The factor drawn by `u` ∈ [0, 1) from a weighted list. */
function weightedFactor(list: readonly { factor: number; weight: number }[], u: number): number {
  const total = list.reduce((s, x) => s + x.weight, 0);
  let acc = 0;
  for (const x of list) {
    acc += x.weight;
    if (u * total < acc) return x.factor;
  }
  return list[0]?.factor ?? 10;
}

/** The clinic's slips for patient `index`, drawn from their own streams (pure). */
export function drawClinicFaults(seed: number, index: number, days: number, stress: number): Fault[] {
  const ps = patientSeed(seed, index);
  const faults: Fault[] = [];
  let r = seedRng(ps, 'campaign-refills');
  const refills = Math.ceil((days / 365.25) * MAX_REFILLS_PER_YEAR) + 1;
  for (let k = 1; k <= refills; k++) {
    const [missed, r1] = bernoulli(r, Math.min(1, R.missedRefillPerRefill.value * stress));
    const [late, r2] = bernoulli(r1, Math.min(1, R.lateRefillPerRefill.value * stress));
    const [lateDays, r3] = uniformBetween(r2, R.lateRefillDays.value.min, R.lateRefillDays.value.max);
    const [wrong, r4] = bernoulli(r3, Math.min(1, R.wrongConcentrationPerRefill.value * stress));
    const [u, r5] = uniform(r4);
    r = r5;
    if (missed) faults.push({ kind: 'missed-refill', refill: k });
    else if (late) faults.push({ kind: 'late-refill', refill: k, lateDays: Math.round(lateDays) });
    if (wrong) {
      const list = STOCKED_CONCENTRATIONS.value;
      faults.push({
        kind: 'wrong-concentration',
        refill: k,
        actualMcgPerMl: list[Math.floor(u * list.length)] ?? 2000,
      });
    }
  }
  // Strength changes from their own stream, so adding them left every other draw as it was.
  let stock = seedRng(ps, 'campaign-strength-changes');
  for (let k = 1; k <= refills; k++) {
    const [out, s1] = bernoulli(stock, Math.min(1, R.strengthOutOfStockPerRefill.value * stress));
    const [u, s2] = uniform(s1);
    stock = s2;
    const list = STOCKED_CONCENTRATIONS.value;
    if (out)
      faults.push({
        kind: 'strength-change',
        refill: k,
        toMcgPerMl: list[Math.floor(u * list.length)] ?? 500,
      });
  }
  // The slips' days and their kinds come from separate streams, so a slip's kind does not follow its day.
  let kinds = seedRng(ps, 'campaign-slip-kinds');
  for (const atDays of poissonDays(
    seedRng(ps, 'campaign-slips'),
    R.programmingSlipsPerYear.value * stress,
    days,
  )) {
    const [u, k1] = uniform(kinds);
    kinds = k1;
    faults.push({ kind: 'programming-slip', atDays, factor: weightedFactor(R.slipFactors.value, u) });
  }
  // Slips only the pump's hard limit can catch, from their own stream (every other draw stays as it was).
  for (const atDays of poissonDays(
    seedRng(ps, 'campaign-unchecked-slips'),
    R.uncheckedSlipsPerYear.value * stress,
    days,
  ))
    faults.push({ kind: 'programming-slip', atDays, factor: 10, checkedBy: 'pump-only' });
  for (const atDays of poissonDays(seedRng(ps, 'campaign-mri'), R.mriPerYear.value * stress, days))
    faults.push({ kind: 'mri', atDays });
  for (const atDays of poissonDays(
    seedRng(ps, 'campaign-battery'),
    R.batteryFaultsPerYear.value * stress,
    days,
  ))
    faults.push({ kind: 'battery-fault', atDays });
  // Strengths typed wrong at refill, from their own stream (every other draw stays as it was).
  let typing = seedRng(ps, 'campaign-strengths-typed');
  for (let k = 1; k <= refills; k++) {
    const [wrong, t1] = bernoulli(typing, Math.min(1, R.strengthTypedWrongPerRefill.value * stress));
    const [u, t2] = uniform(t1);
    typing = t2;
    if (wrong)
      faults.push({
        kind: 'strength-typed',
        refill: k,
        factor: weightedFactor(R.strengthTypedFactors.value, u),
      });
  }
  return faults;
}

/** The first catheter complication at the world's rate × stress, from the population's own stream. */
function stressedCatheter(c: CampaignConfig, index: number, days: number): Fault[] {
  const start = epochMs(Date.parse(SCENARIO_DEFAULTS.start));
  const risk = { ...DEFAULT_COMPLICATION_RISK, perYear: DEFAULT_COMPLICATION_RISK.perYear * c.stress };
  const [f] = nextCatheterComplication(seedRng(patientSeed(c.seed, index), 'catheter'), start, start, risk);
  if (f === undefined || f.at >= start + days * MS_PER_DAY) return [];
  const state = f.state as Extract<Fault, { kind: 'catheter' }>['state'];
  return [{ kind: 'catheter', atDays: (f.at - start) / MS_PER_DAY, state }];
}

/**
 * The age (days) of campaign patient `index`'s pump at the start (PUMP_AGE_AT_START), from its own stream so
 * every other draw stays as it was; not scaled by the stress (an age is not a rate).
 */
export function drawPumpAgeDays(seed: number, index: number): number {
  const battery = getProfile(SCENARIO_DEFAULTS.profile).battery;
  if (battery === undefined) return 0;
  const lifeDays = (battery.maxLife.value - battery.eriLeadTime.value) / MS_PER_DAY;
  const { minShare, maxShare } = PUMP_AGE_AT_START.value;
  const [u] = uniform(seedRng(patientSeed(seed, index), 'campaign-pump-age'));
  return Math.floor((minShare + u * (maxShare - minShare)) * lifeDays * 1000) / 1000;
}

/** The scenario of campaign patient `index`: the population's patient, an aged pump, and the clinic's slips. */
export function campaignScenario(c: CampaignConfig, index: number): Scenario {
  const base = patientScenario(c.seed, index, c.years);
  const catheter = c.stress === 1 ? (base.faults ?? []) : stressedCatheter(c, index, base.days);
  return {
    ...base,
    name: `campaign-${c.seed}-${index}`,
    device: { ...base.device, batteryAgeDays: drawPumpAgeDays(c.seed, index) },
    faults: [...catheter, ...drawClinicFaults(c.seed, index, base.days, c.stress)],
  };
}

/** Runs campaign patient `index` with `off` switched off and keeps the whole run (for a replay). */
export function replayPatient(c: CampaignConfig, index: number, off: readonly ControlName[]): RunResult {
  return runScenario(campaignScenario(c, index), {
    keepTimeline: true,
    // Quiet weeks leapt over (src/sim/sampling.ts): a replay is the same run as the campaign's.
    sampling: 'events',
    pocketFillPerRefill: Math.min(1, WORLD_EVENT_RATES.pocketFillPerRefill.value.typical * c.stress),
    controlsOff: new Set(off),
  });
}

/** Runs campaign patient `index` with `off` switched off (pure). */
export function runCampaignPatient(
  c: CampaignConfig,
  index: number,
  off: readonly ControlName[],
): CampaignOutcome {
  const r = replayPatient(c, index, off);
  const s = r.summary;
  if (s === null)
    return {
      index,
      implanted: false,
      patientYears: 0,
      harms: {},
      uncontrolledDays: 0,
      faults: [],
      cases: [],
    };
  const harms: Record<string, number> = {};
  for (const [k, v] of Object.entries(s.harm.withdrawal)) if (v > 0) harms[`withdrawal-${k}`] = v;
  for (const [k, v] of Object.entries(s.harm.overdose)) if (v > 0) harms[`overdose-${k}`] = v;
  const empty = s.alarmsRaised['empty-reservoir'] ?? 0;
  if (empty > 0) harms['empty-reservoir'] = empty;
  const eos = s.alarmsRaised.eos ?? 0;
  if (eos > 0) harms['end-of-service'] = eos;
  return {
    index,
    implanted: true,
    patientYears: s.patientYears,
    harms,
    uncontrolledDays: uncontrolledDays(r, s.goalMeanMas),
    // Faults drawn for refills the run never reached did not happen.
    faults: s.faults
      .filter((f) => f.startDay !== null)
      .map((f) => ({ kind: f.kind, delayHours: f.detectionDelayHours })),
    cases: harmCases(r, index),
  };
}

function uncontrolledDays(r: RunResult, goal: number): number {
  let hours = 0;
  for (const [i, row] of r.timeline.entries()) {
    const prev = r.timeline[i - 1];
    if (prev && prev.masContinuous >= goal + UNCONTROLLED_MAS_ABOVE_GOAL)
      hours += (Date.parse(row.t) - Date.parse(prev.t)) / MS_PER_HOUR;
  }
  return Math.round((hours / 24) * 100) / 100;
}

/** The onset of each moderate-or-worse withdrawal and any overdose, with the events before it. */
function harmCases(r: RunResult, index: number): HarmCase[] {
  const out: HarmCase[] = [];
  const worst = { w: 0, o: 0 };
  const moderate = stageRank(WITHDRAWAL_STAGES, 'moderate');
  for (const [i, row] of r.timeline.entries()) {
    const prev = r.timeline[i - 1];
    const w = stageRank(WITHDRAWAL_STAGES, row.withdrawalStage);
    const o = stageRank(OVERDOSE_STAGES, row.overdoseStage);
    const pw = prev ? stageRank(WITHDRAWAL_STAGES, prev.withdrawalStage) : 0;
    const po = prev ? stageRank(OVERDOSE_STAGES, prev.overdoseStage) : 0;
    let harm: string | null = null;
    if (w >= moderate && pw < moderate) harm = `withdrawal-${row.withdrawalStage}`;
    else if (o > 0 && po === 0) harm = `overdose-${row.overdoseStage}`;
    if (harm === null) continue;
    worst.w = Math.max(worst.w, w);
    worst.o = Math.max(worst.o, o);
    const leadUp = r.events
      .filter((e) => e.day <= row.day && e.day >= row.day - LEAD_UP_DAYS)
      .filter((e) => e.kind !== 'visit' && e.kind !== 'stage' && e.kind !== 'alarm-cleared')
      .slice(-LEAD_UP_EVENTS)
      .map((e) => `day ${e.day.toFixed(1)}: ${e.detail}`);
    out.push({ index, harm, day: row.day, leadUp });
  }
  return out;
}
