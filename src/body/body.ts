/**
 * The virtual patient as a value: createBody, advance, lumbarBolus and observe are pure functions of their
 * arguments (docs/architecture.md "pure") — time and randomness come in, nothing is read from the environment.
 * A Body is immutable; every operation returns a new one.
 */
import { ItbError } from '../therapy/codes.ts';
import type { EpochMs, Nanograms } from '../therapy/quantities.ts';
import {
  dependenceDeficit,
  overdoseStageOf,
  placebo,
  scoresContinuous,
  sedationFraction,
  withdrawalStageOf,
} from './effect.ts';
import { msToHours, schedule, validateInputs, type BodyInputs } from './inputs.ts';
import { addBolus, linearModel, type LinearModel } from './linear.ts';
import { validatePatient, type PatientParams } from './patient.ts';
import { concentrations, effectDrive, N_STATES, S } from './pk.ts';
import type { Rng } from './random.ts';
import {
  masFromContinuous,
  pennFromContinuous,
  type MasScore,
  type OverdoseStage,
  type PennScore,
  type WithdrawalStage,
} from './scales.ts';
import { advanceTogether, INITIAL_SLOW, type SlowState } from './slow.ts';

/** The virtual patient at one instant. */
export interface Body {
  readonly params: PatientParams;
  readonly now: EpochMs;
  /** Linear states (pk.ts S indices): amounts in µg, effect sites in µg/mL. */
  readonly x: Float64Array;
  readonly slow: SlowState;
  /** When drug first reached the patient (starts the placebo response); undefined before. */
  readonly firstExposureAt?: EpochMs;
  /** The patient's linear system and propagator cache (shared by every Body derived from this one). */
  readonly model: LinearModel;
}

/** What a clinician (or a sensor) could learn about the patient now. */
export interface Observation {
  readonly at: EpochMs;
  /** CSF concentrations in µg/mL: near the catheter tip, spinal (lumbar) and cranial (cisternal). */
  readonly csf: { readonly tip: number; readonly spinal: number; readonly cranial: number };
  readonly plasmaNgPerMl: number;
  /** The antispastic effect-site drive (µg/mL). */
  readonly effectSite: number;
  /** The brain effect-site concentration driving sedation (µg/mL). */
  readonly brainEffectSite: number;
  /** Rated tone: noise-free rounding of masContinuous without an rng, a rater's score with one. */
  readonly mas: MasScore;
  /** True tone on the continuous 0–4 axis (noise-free). */
  readonly masContinuous: number;
  /** Rated Penn spasm frequency score (noise as for mas). */
  readonly penn: PennScore;
  readonly pennContinuous: number;
  readonly withdrawalStage: WithdrawalStage;
  readonly overdoseStage: OverdoseStage;
  /** Fraction of maximal CNS depression, 0–1. */
  readonly sedation: number;
  /** Fraction of the maximal antispastic effect, 0–1. */
  readonly effectFraction: number;
  readonly tolerance: number;
  readonly dependence: number;
  readonly withdrawalSeverity: number;
}

/** A patient with no drug on board at `now`. Throws ITB_E_BODY_INVALID_PATIENT on bad parameters. */
export function createBody(params: PatientParams, now: EpochMs): Body {
  validatePatient(params);
  if (!Number.isSafeInteger(now)) throw new ItbError('ITB_E_BODY_TIME_BACKWARDS', `invalid time ${now}`);
  return { params, now, x: new Float64Array(N_STATES), slow: INITIAL_SLOW, model: linearModel(params) };
}

/**
 * The patient at `to`, given the drug reaching the intrathecal space from `body.now` on. The linear part is
 * solved exactly over each stretch of constant input; slow states use an error-controlled step. Inputs
 * outside [now, to) are ignored, so the same full input list may be passed on every call.
 */
export function advance(body: Body, inputs: BodyInputs, to: EpochMs): Body {
  if (!Number.isSafeInteger(to) || to < body.now) {
    throw new ItbError('ITB_E_BODY_TIME_BACKWARDS', `cannot advance from ${body.now} back to ${to}`, {
      now: body.now,
      to,
    });
  }
  validateInputs(inputs);
  let x = body.x;
  let slow = body.slow;
  let first = body.firstExposureAt;
  for (const piece of schedule(inputs, body.now, to)) {
    for (const b of piece.boluses) {
      if (b.amount > 0) first ??= piece.from;
      x = addBolus(body.params, x, b.amount, b.volumeMl);
    }
    if (piece.mcgPerHour > 0) first ??= piece.from;
    ({ x, slow } = advanceTogether(body.model, x, slow, piece.mcgPerHour, msToHours(piece.to - piece.from)));
  }
  return { ...body, now: to, x, slow, ...(first === undefined ? {} : { firstExposureAt: first }) };
}

/**
 * Gives a lumbar-puncture bolus now (`at` must equal body.now: a bolus at another time belongs in the
 * inputs of advance, so the infusion around it is not lost). Its volume decides how far it spreads.
 */
export function lumbarBolus(body: Body, amount: Nanograms, volumeMl: number, at: EpochMs): Body {
  if (at !== body.now) {
    throw new ItbError('ITB_E_BODY_TIME_BACKWARDS', `a bolus now must be at ${body.now}, got ${at}`, {
      now: body.now,
      at,
    });
  }
  validateInputs({ boluses: [{ at, amount, volumeMl }] });
  const x = addBolus(body.params, body.x, amount, volumeMl);
  const first = body.firstExposureAt ?? (amount > 0 ? at : undefined);
  return { ...body, x, ...(first === undefined ? {} : { firstExposureAt: first }) };
}

/**
 * Observes the patient now. Without an rng the scores are the noise-free rounding of the true values; with
 * one, a rater's noisy score (rater noise from the patient's parameters).
 */
export function observe(body: Body, rng?: Rng): Observation {
  const p = body.params;
  const c = concentrations(p, body.x);
  const drive = effectDrive(p, body.x);
  const { tolerance, dependence, withdrawal, effect: u } = body.slow;
  const ceBrain = body.x[S.effectBrain] as number;
  const sedation = sedationFraction(p, ceBrain, tolerance);
  const since = body.firstExposureAt === undefined ? undefined : msToHours(body.now - body.firstExposureAt);
  const scores = scoresContinuous(p, u, dependenceDeficit(dependence, u), placebo(p, since));
  const noisyMas = rng ? scores.mas + p.raterNoiseMas * rng.normal() : scores.mas;
  const noisyPenn = rng ? scores.penn + p.raterNoisePenn * rng.normal() : scores.penn;
  return {
    at: body.now,
    csf: { tip: c.tip, spinal: c.spinal, cranial: c.cranial },
    plasmaNgPerMl: c.plasmaNgPerMl,
    effectSite: drive,
    brainEffectSite: ceBrain,
    mas: masFromContinuous(noisyMas),
    masContinuous: scores.mas,
    penn: pennFromContinuous(noisyPenn),
    pennContinuous: scores.penn,
    withdrawalStage: withdrawalStageOf(withdrawal),
    overdoseStage: overdoseStageOf(sedation),
    sedation,
    effectFraction: u,
    tolerance,
    dependence,
    withdrawalSeverity: withdrawal,
  };
}
