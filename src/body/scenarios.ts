/**
 * Standard experiments on the virtual patient, shared by the validation rows (validation.ts), the generated
 * report (scripts/model-validation.ts) and their test. Each returns plain numbers; judging them against the
 * published targets is validation.ts's job.
 */
import { MS_PER_HOUR, epochMs, nanograms, type EpochMs } from '../therapy/quantities.ts';
import { advance, createBody, observe, type Body, type Observation } from './body.ts';
import type { InfusionSegment } from './inputs.ts';
import type { PatientParams } from './patient.ts';
import {
  OVERDOSE_STAGES,
  WITHDRAWAL_STAGES,
  stageRank,
  type OverdoseStage,
  type WithdrawalStage,
} from './scales.ts';
import { titrateToGoal } from './titration.ts';

/** Minutes between observations in the scanned experiments. */
export const SCAN_MIN = 10;
/** The instant `h` hours after `base`. */
export const at = (base: number, h: number): EpochMs => epochMs(base + Math.round(h * MS_PER_HOUR));
/** A constant infusion from `from` on (for longer than any experiment runs). */
export const forever = (from: EpochMs, ngPerDay: number): InfusionSegment => ({
  start: from,
  end: epochMs(from + 1000 * 24 * MS_PER_HOUR),
  ngPerDay,
});

/** Steps a body through `hours` in SCAN_MIN-minute steps under `segments`, calling `see` at each step. */
export function scan(
  body: Body,
  segments: readonly InfusionSegment[],
  hours: number,
  see: (h: number, o: Observation) => void,
): Body {
  const t0 = body.now;
  let b = body;
  for (let m = SCAN_MIN; m <= hours * 60; m += SCAN_MIN) {
    b = advance(b, { segments }, at(t0, m / 60));
    see(m / 60, observe(b));
  }
  return b;
}

export interface InfusionTiming {
  /** First time tone is ≥ 1 MAS point below its starting value (h). */
  readonly onsetHours: number | null;
  /** Time to 95 % of the largest reduction within 7 days (h): "maximum activity". */
  readonly nearMaxHours: number | null;
  readonly maxReduction: number;
}

/** A new infusion in a drug-naive patient (placebo off: the drug's own time course). */
export function infusionTiming(patient: PatientParams, mcgPerDay: number): InfusionTiming {
  const p = { ...patient, placeboMas: 0 };
  const body = createBody(p, epochMs(0));
  const base = observe(body).masContinuous;
  const red: [number, number][] = [];
  scan(body, [forever(epochMs(0), mcgPerDay * 1000)], 7 * 24, (h, o) =>
    red.push([h, base - o.masContinuous]),
  );
  const max = Math.max(0, ...red.map(([, r]) => r));
  const first = (f: (r: number) => boolean): number | null => red.find(([, r]) => f(r))?.[0] ?? null;
  return {
    onsetHours: first((r) => r >= 1),
    nearMaxHours: max > 0 ? first((r) => r >= 0.95 * max) : null,
    maxReduction: max,
  };
}

/** The patient after `days` of a constant infusion (steady state for the CSF; tolerance still rising). */
export function steadyState(patient: PatientParams, mcgPerDay: number, days = 7): Observation {
  const body = createBody(patient, epochMs(0));
  const to = at(0, days * 24);
  return observe(advance(body, { segments: [forever(epochMs(0), mcgPerDay * 1000)] }, to));
}

export interface AbruptStop {
  readonly doseMcgPerDay: number;
  readonly onTherapyMas: number;
  /** Hours after the stop until tone is ≥ 1 MAS point above its on-therapy value. */
  readonly reboundHours: number | null;
  readonly earlyHours: number | null;
  readonly moderateHours: number | null;
  readonly severeHours: number | null;
  /** With the prior rate restarted `restartAfterHours` after the stop: hours after the restart until … */
  readonly restartAfterHours: number;
  readonly stageNoneAfterRestartHours: number | null;
  readonly toneBackAfterRestartHours: number | null;
  readonly worstStageBeforeRestart: WithdrawalStage;
}

/** Titrates for `days`, then stops the drug abruptly; a second run restarts it after `restartAfterHours`. */
export function abruptStop(patient: PatientParams, days = 180, restartAfterHours = 36, seed = 1): AbruptStop {
  const run = titrateToGoal(patient, 100, days, seed);
  const dose = run.visits.at(-1)?.doseMcgPerDay ?? 0;
  const onTherapy = observe(run.body).masContinuous;
  const firstStage: Record<string, number | null> = { early: null, moderate: null, severe: null };
  let rebound: number | null = null;
  scan(run.body, [], 120, (h, o) => {
    if (rebound === null && o.masContinuous >= onTherapy + 1) rebound = h;
    for (const s of ['early', 'moderate', 'severe'] as const) {
      if (
        firstStage[s] === null &&
        stageRank(WITHDRAWAL_STAGES, o.withdrawalStage) >= stageRank(WITHDRAWAL_STAGES, s)
      ) {
        firstStage[s] = h;
      }
    }
  });
  let worst: WithdrawalStage = 'none';
  let none: number | null = null;
  let back: number | null = null;
  const restart = forever(at(run.body.now, restartAfterHours), dose * 1000);
  scan(run.body, [restart], restartAfterHours + 96, (h, o) => {
    if (h <= restartAfterHours) {
      if (stageRank(WITHDRAWAL_STAGES, o.withdrawalStage) > stageRank(WITHDRAWAL_STAGES, worst)) {
        worst = o.withdrawalStage;
      }
      return;
    }
    if (none === null && o.withdrawalStage === 'none') none = h - restartAfterHours;
    if (back === null && o.masContinuous <= onTherapy + 0.5) back = h - restartAfterHours;
  });
  return {
    doseMcgPerDay: dose,
    onTherapyMas: onTherapy,
    reboundHours: rebound,
    earlyHours: firstStage.early ?? null,
    moderateHours: firstStage.moderate ?? null,
    severeHours: firstStage.severe ?? null,
    restartAfterHours,
    stageNoneAfterRestartHours: none,
    toneBackAfterRestartHours: back,
    worstStageBeforeRestart: worst,
  };
}

export interface Overdose {
  readonly daysOnTherapy: number;
  readonly tolerance: number;
  readonly comaOnsetHours: number | null;
  readonly comaHours: number;
  readonly worstStage: OverdoseStage;
}

/**
 * A programming error delivering `amountMg` into the tip zone over `overHours`, on top of the titrated
 * infusion after `days` of therapy; followed for 5 days.
 */
export function overdose(
  patient: PatientParams,
  days: number,
  amountMg = 10,
  overHours = 1,
  seed = 1,
): Overdose {
  const run = titrateToGoal(patient, 100, days, seed);
  const dose = run.visits.at(-1)?.doseMcgPerDay ?? 0;
  const t0 = run.body.now;
  const error: InfusionSegment = {
    start: t0,
    end: at(t0, overHours),
    ngPerDay: (amountMg * 1e6 * 24) / overHours,
  };
  let onset: number | null = null;
  let coma = 0;
  let worst: OverdoseStage = 'none';
  scan(run.body, [forever(t0, dose * 1000), error], 5 * 24, (h, o) => {
    if (o.overdoseStage === 'coma') {
      onset ??= h;
      coma += SCAN_MIN / 60;
    }
    if (stageRank(OVERDOSE_STAGES, o.overdoseStage) > stageRank(OVERDOSE_STAGES, worst)) {
      worst = o.overdoseStage;
    }
  });
  return {
    daysOnTherapy: days,
    tolerance: observe(run.body).tolerance,
    comaOnsetHours: onset,
    comaHours: coma,
    worstStage: worst,
  };
}

/** The worst CNS depression over a day after a lumbar bolus (safety of screening doses). */
export function bolusWorstSedation(patient: PatientParams, doseMcg: number, volumeMl = 1): OverdoseStage {
  let body = createBody(patient, epochMs(0));
  body = advance(
    body,
    { boluses: [{ at: epochMs(0), amount: nanograms(doseMcg * 1000), volumeMl }] },
    epochMs(1),
  );
  let worst: OverdoseStage = 'none';
  scan(body, [], 24, (_h, o) => {
    if (stageRank(OVERDOSE_STAGES, o.overdoseStage) > stageRank(OVERDOSE_STAGES, worst)) {
      worst = o.overdoseStage;
    }
  });
  return worst;
}
