/**
 * The slow, nonlinear states of the virtual patient [A], integrated with a coarse error-controlled step
 * while the linear states beneath them are evaluated exactly (linear.ts):
 *
 * - tolerance M, a multiplier of EC50 that rises towards 1 + (Mmax − 1)·u over months while the drug acts
 *   (u = fraction of maximal effect) and falls back towards 1 within ~10 days without it (docs/clinical-reference.md §4);
 * - dependence D, the effect level the body has adapted to (time constant ~14 days);
 * - withdrawal severity W, the unmet dependence max(0, D − E) smoothed over a day or so, so that systemic
 *   withdrawal unfolds over 1–3 days after an abrupt stop and resolves within hours of a restart (docs/clinical-reference.md §2);
 *   without drug D fades only over weeks (dependenceLossDays; a partial shortfall re-adapts in between), so
 *   untreated withdrawal does not ease by itself;
 * - expressed effect E, the fraction of maximal effect that tone shows: it follows the receptor occupancy u with
 *   a lag of ~2 h (toneResponsePerH). A steep occupancy pulse after a bolus, lagged, is what lets the effect
 *   begin within an hour, peak near 4 h and end by 8 h while the lumbar CSF half-life is ~1.5 h.
 *
 * Steps are classic RK4 with step doubling (error ≈ |y_h − y_h/2| / 15) on lengths halved from MAX_STEP_H,
 * so most steps reuse cached exact propagators.
 */
import { occupancy, dependenceDeficit } from './effect.ts';
import { stepLinearInto, type LinearModel } from './linear.ts';
import type { PatientParams } from './patient.ts';
import { effectDrive, N_STATES } from './pk.ts';

/** The slow states. */
export interface SlowState {
  readonly tolerance: number;
  readonly dependence: number;
  readonly withdrawal: number;
  /** Expressed effect E (0–1): occupancy as tone shows it, lagged. */
  readonly effect: number;
}

export const INITIAL_SLOW: SlowState = { tolerance: 1, dependence: 0, withdrawal: 0, effect: 0 };

/** Longest slow step (h) and the local error accepted per step (absolute, in the states' own units). */
export const MAX_STEP_H = 12;
export const STEP_TOLERANCE = 1e-7;
/**
 * The local error accepted per step for the expressed effect E (0–1). E reaches people as MAS = baseline −
 * Emax·E (Emax ≈ 3 points): 1e-5 of E is 3e-5 MAS points, far below the 1-point threshold the onset and
 * duration are read at and the grades shown. Holding E to the slow states' 1e-7 — states that move over
 * days — made a 30 days' advance take 2.6 times the steps (271 attempts instead of 106) for no visible gain
 * (docs/performance.md "Body advance").
 */
export const EFFECT_TOLERANCE = 1e-5;

/** Local error per step: for tolerance, dependence and withdrawal, and for the expressed effect. */
export interface StepTolerances {
  readonly slow: number;
  readonly effect: number;
}
export const DEFAULT_TOLERANCES: StepTolerances = { slow: STEP_TOLERANCE, effect: EFFECT_TOLERANCE };
const MIN_STEP_H = 1 / 3600;

export type Vec4 = readonly [number, number, number, number];
export type Vec3 = readonly [number, number, number];

/** Tolerance, dependence and withdrawal rates given the expressed effect e (RK4 below). */
export function derivative(p: PatientParams, e: number, y: Vec3): Vec3 {
  const [m, d, w] = y;
  const target = 1 + (p.toleranceMax - 1) * e;
  const tauM = (target > m ? p.toleranceOnsetDays : p.toleranceReversalDays) * 24;
  const deficit = dependenceDeficit(d, e);
  // Losing dependence is slowest when the drug is gone altogether (relative deficit 1): a 10–20 % dose cut
  // re-adapts over ~2–3 weeks, an abrupt stop leaves withdrawal for weeks [A].
  const shortfall = d > 0 ? deficit / d : 0;
  const tauD = (p.dependenceDays + shortfall * Math.max(0, p.dependenceLossDays - p.dependenceDays)) * 24;
  const tauW = deficit > w ? p.withdrawalOnsetHours : p.withdrawalRecoveryHours;
  return [(target - m) / tauM, (e - d) / tauD, (deficit - w) / tauW];
}

export const axpy = (y: Vec3, h: number, k: Vec3): Vec3 => [
  y[0] + h * k[0],
  y[1] + h * k[1],
  y[2] + h * k[2],
];

/**
 * E after a step of a = k·h (k = toneResponsePerH) from e0, for E' = k (u − E) with u quadratic through u0,
 * uMid, u1: the exact integral of that quadratic against the decay kernel (exponential integrator). It is
 * exact for constant u and stable for any step, which plain RK4 is not once k·h > 2.8 (12 h steps, k ≈ 0.5/h).
 */
export function effectStep(e0: number, a: number, u0: number, uMid: number, u1: number): number {
  // I_n = ∫₀¹ a e^(−a(1−τ)) τⁿ dτ: I₀ = 1 − e^(−a), I_n = 1 − (n/a)·I_{n−1}.
  const i0 = -Math.expm1(-a);
  const i1 = a < 1e-6 ? a / 2 : 1 - i0 / a;
  const i2 = a < 1e-6 ? a / 3 : 1 - (2 * i1) / a;
  const w0 = 2 * (i2 - 1.5 * i1 + 0.5 * i0);
  const wMid = -4 * (i2 - i1);
  const w1 = 2 * (i2 - 0.5 * i1);
  return (1 - i0) * e0 + w0 * u0 + wMid * uMid + w1 * u1;
}

/**
 * The patient's constants of the rates (derivative), hoisted out of the step loop: each is the very
 * subexpression derivative computes, so the hot path's arithmetic is the same operation for operation.
 */
interface RateConstants {
  readonly toleranceSpan: number;
  readonly tauOnset: number;
  readonly tauReversal: number;
  readonly dependenceDays: number;
  readonly lossExtraDays: number;
  readonly withdrawalOnset: number;
  readonly withdrawalRecovery: number;
}

function rateConstants(p: PatientParams): RateConstants {
  return {
    toleranceSpan: p.toleranceMax - 1,
    tauOnset: p.toleranceOnsetDays * 24,
    tauReversal: p.toleranceReversalDays * 24,
    dependenceDays: p.dependenceDays,
    lossExtraDays: Math.max(0, p.dependenceLossDays - p.dependenceDays),
    withdrawalOnset: p.withdrawalOnsetHours,
    withdrawalRecovery: p.withdrawalRecoveryHours,
  };
}

/**
 * Scratch of the hot path (one advance at a time per thread; nothing outlives a call): the rates written by
 * {@link ratesInto}, the step's end of {@link rk4Into} (whole step, first half, both halves), and the
 * linear quarter states.
 */
const RATES = new Float64Array(3);
const WHOLE = new Float64Array(4);
const FIRST = new Float64Array(4);
const HALVES = new Float64Array(4);

/** {@link derivative} into RATES, from scalars. */
function ratesInto(c: RateConstants, e: number, m: number, d: number, w: number): void {
  const target = 1 + c.toleranceSpan * e;
  const tauM = target > m ? c.tauOnset : c.tauReversal;
  const deficit = dependenceDeficit(d, e);
  const shortfall = d > 0 ? deficit / d : 0;
  const tauD = (c.dependenceDays + shortfall * c.lossExtraDays) * 24;
  const tauW = deficit > w ? c.withdrawalOnset : c.withdrawalRecovery;
  RATES[0] = (target - m) / tauM;
  RATES[1] = (e - d) / tauD;
  RATES[2] = (deficit - w) / tauW;
}

/**
 * One step of length h from (m, d, w, e0), with the rates there (RK4's k1) and the occupancy at the start,
 * middle and end: E by the exponential integrator (occupancy at the three nodes, tolerance extrapolated from
 * the start), the other states by classic RK4 with E known at the nodes. Written into `out`. A whole step and
 * its first half start alike, so they share the start's rates and occupancy, and the first half's end is the
 * whole step's middle: each occupancy and rate is evaluated once.
 */
function rk4Into(
  p: PatientParams,
  c: RateConstants,
  m: number,
  d: number,
  w: number,
  e0: number,
  k1m: number,
  k1d: number,
  k1w: number,
  u0: number,
  h: number,
  uMid: number,
  u1: number,
  out: Float64Array,
): void {
  const a = p.toneResponsePerH * h;
  const e1 = effectStep(e0, a, u0, uMid, u1);
  // E at the middle: the same quadratic, integrated over the first half.
  const uQuarter = 0.375 * u0 + 0.75 * uMid - 0.125 * u1;
  const eMid = effectStep(e0, a / 2, u0, uQuarter, uMid);
  const h2 = h / 2;
  ratesInto(c, eMid, m + h2 * k1m, d + h2 * k1d, w + h2 * k1w);
  const k2m = RATES[0] as number;
  const k2d = RATES[1] as number;
  const k2w = RATES[2] as number;
  ratesInto(c, eMid, m + h2 * k2m, d + h2 * k2d, w + h2 * k2w);
  const k3m = RATES[0] as number;
  const k3d = RATES[1] as number;
  const k3w = RATES[2] as number;
  ratesInto(c, e1, m + h * k3m, d + h * k3d, w + h * k3w);
  const k4m = RATES[0] as number;
  const k4d = RATES[1] as number;
  const k4w = RATES[2] as number;
  const h6 = h / 6;
  out[0] = m + h6 * (k1m + 2 * k2m + 2 * k3m + k4m);
  out[1] = d + h6 * (k1d + 2 * k2d + 2 * k3d + k4d);
  out[2] = w + h6 * (k1w + 2 * k2w + 2 * k3w + k4w);
  out[3] = e1;
}

/**
 * The step of `h` from y into WHOLE and the same step as two halves (step doubling) into HALVES, given the
 * effect drive at the step's quarters d0…d4. Tolerance t hours into a step is extrapolated from its start
 * (never below 1).
 */
function stepAndHalves(
  p: PatientParams,
  c: RateConstants,
  y: Float64Array,
  h: number,
  d0: number,
  d1: number,
  d2: number,
  d3: number,
  d4: number,
): void {
  const m = y[0] as number;
  const dep = y[1] as number;
  const w = y[2] as number;
  const e0 = y[3] as number;
  ratesInto(c, e0, m, dep, w);
  const k1m = RATES[0] as number;
  const k1d = RATES[1] as number;
  const k1w = RATES[2] as number;
  const u0 = occupancy(p, d0, Math.max(1, m + 0 * k1m));
  const half = h / 2;
  const uHalf = occupancy(p, d2, Math.max(1, m + half * k1m));
  const uEnd = occupancy(p, d4, Math.max(1, m + h * k1m));
  rk4Into(p, c, m, dep, w, e0, k1m, k1d, k1w, u0, h, uHalf, uEnd, WHOLE);
  const uQ = occupancy(p, d1, Math.max(1, m + (half / 2) * k1m));
  rk4Into(p, c, m, dep, w, e0, k1m, k1d, k1w, u0, half, uQ, uHalf, FIRST);
  const m2 = FIRST[0] as number;
  const dep2 = FIRST[1] as number;
  const w2 = FIRST[2] as number;
  const e2 = FIRST[3] as number;
  ratesInto(c, e2, m2, dep2, w2);
  const j1m = RATES[0] as number;
  const j1d = RATES[1] as number;
  const j1w = RATES[2] as number;
  const v0 = occupancy(p, d2, Math.max(1, m2 + 0 * j1m));
  const v3 = occupancy(p, d3, Math.max(1, m2 + (half / 2) * j1m));
  const v4 = occupancy(p, d4, Math.max(1, m2 + half * j1m));
  rk4Into(p, c, m2, dep2, w2, e2, j1m, j1d, j1w, v0, half, v3, v4, HALVES);
}

/** The linear states at a step's quarters (scratch) and at its end (x4: the next state once accepted). */
const Q1 = new Float64Array(N_STATES);
const Q2 = new Float64Array(N_STATES);
const Q3 = new Float64Array(N_STATES);

/**
 * Advances linear and slow states together over `hours` of constant infusion `mcgPerHour`. The linear part
 * is exact whatever the step; the step length only serves the slow states' accuracy.
 */
export function advanceTogether(
  model: LinearModel,
  x0: Float64Array,
  y0: SlowState,
  mcgPerHour: number,
  hours: number,
  tolerances: StepTolerances = DEFAULT_TOLERANCES,
): { x: Float64Array; slow: SlowState; steps: number } {
  const p = model.params;
  const c = rateConstants(p);
  const y = Float64Array.of(y0.tolerance, y0.dependence, y0.withdrawal, y0.effect);
  // The step's end is written into `spare`; once accepted it is the state, and the state before it (never
  // x0, which is the caller's) becomes the next spare. The state returned is never written again.
  let x = x0;
  let spare: Float64Array = new Float64Array(N_STATES);
  let left = hours;
  let h = MAX_STEP_H;
  let steps = 0;
  const tol = tolerances.slow;
  const effectWeight = tol / tolerances.effect;
  let dStart = effectDrive(p, x);
  while (left > 1e-12) {
    const step = Math.min(h, left);
    const q = step / 4;
    stepLinearInto(model, x, mcgPerHour, q, Q1);
    stepLinearInto(model, Q1, mcgPerHour, q, Q2);
    stepLinearInto(model, Q2, mcgPerHour, q, Q3);
    const x4 = stepLinearInto(model, Q3, mcgPerHour, q, spare);
    const dEnd = effectDrive(p, x4);
    stepAndHalves(p, c, y, step, dStart, effectDrive(p, Q1), effectDrive(p, Q2), effectDrive(p, Q3), dEnd);
    steps++;
    // Each state against its own tolerance, as a fraction of the slow states' (error ≈ |y_h − y_h/2| / 15).
    const err =
      Math.max(
        Math.abs((HALVES[0] as number) - (WHOLE[0] as number)),
        Math.abs((HALVES[1] as number) - (WHOLE[1] as number)),
        Math.abs((HALVES[2] as number) - (WHOLE[2] as number)),
        Math.abs((HALVES[3] as number) - (WHOLE[3] as number)) * effectWeight,
      ) / 15;
    if (err > tol && step > MIN_STEP_H) {
      h = step / 2;
      continue;
    }
    spare = x === x0 ? new Float64Array(N_STATES) : x;
    x = x4;
    dStart = dEnd;
    y.set(HALVES);
    left -= step;
    if (err < tol / 32 && h < MAX_STEP_H) h = Math.min(MAX_STEP_H, h * 2);
  }
  return {
    x,
    slow: {
      tolerance: Math.max(1, y[0] as number),
      dependence: y[1] as number,
      withdrawal: Math.max(0, y[2] as number),
      effect: Math.min(1, Math.max(0, y[3] as number)),
    },
    steps,
  };
}
