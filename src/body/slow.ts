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
import { stepLinear, stepLinearInto, type LinearModel } from './linear.ts';
import type { PatientParams } from './patient.ts';
import { effectDrive } from './pk.ts';

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

/** What a step from y starts with: the rates there (RK4's k1) and the occupancy at the start. */
interface StepStart {
  readonly y3: Vec3;
  readonly e0: number;
  readonly k1: Vec3;
  readonly u0: number;
}

function stepStart(p: PatientParams, y: Vec4, d0: number): StepStart {
  const y3: Vec3 = [y[0], y[1], y[2]];
  const e0 = y[3];
  const k1 = derivative(p, e0, y3);
  return { y3, e0, k1, u0: occupancy(p, d0, toleranceAt(y3, k1, 0)) };
}

/** Tolerance t hours into a step, extrapolated from its start (never below 1). */
const toleranceAt = (y3: Vec3, k1: Vec3, t: number): number => Math.max(1, y3[0] + t * k1[0]);

/**
 * One step of length h from `s`, given the occupancy at its middle and end: E by the exponential integrator
 * (occupancy at the three nodes, tolerance extrapolated from the start), the other states by classic RK4
 * with E known at the nodes. A whole step and its first half start alike, so they share `s`, and the first
 * half's end is the whole step's middle: each occupancy and rate is evaluated once.
 */
function rk4(p: PatientParams, s: StepStart, h: number, uMid: number, u1: number): Vec4 {
  const { y3, e0, k1, u0 } = s;
  const a = p.toneResponsePerH * h;
  const e1 = effectStep(e0, a, u0, uMid, u1);
  // E at the middle: the same quadratic, integrated over the first half.
  const uQuarter = 0.375 * u0 + 0.75 * uMid - 0.125 * u1;
  const eMid = effectStep(e0, a / 2, u0, uQuarter, uMid);
  const k2 = derivative(p, eMid, axpy(y3, h / 2, k1));
  const k3 = derivative(p, eMid, axpy(y3, h / 2, k2));
  const k4 = derivative(p, e1, axpy(y3, h, k3));
  return [
    y3[0] + (h / 6) * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]),
    y3[1] + (h / 6) * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]),
    y3[2] + (h / 6) * (k1[2] + 2 * k2[2] + 2 * k3[2] + k4[2]),
    e1,
  ];
}

/**
 * The step of `h` from y and the same step as two halves (step doubling), given the effect drive at the
 * step's quarters d0…d4.
 */
function stepAndHalves(
  p: PatientParams,
  y: Vec4,
  h: number,
  d: readonly [number, number, number, number, number],
): { whole: Vec4; halves: Vec4 } {
  const [d0, d1, d2, d3, d4] = d;
  const s = stepStart(p, y, d0);
  const u = (start: StepStart, drive: number, t: number): number =>
    occupancy(p, drive, toleranceAt(start.y3, start.k1, t));
  const uHalf = u(s, d2, h / 2);
  const whole = rk4(p, s, h, uHalf, u(s, d4, h));
  const half = h / 2;
  const first = rk4(p, s, half, u(s, d1, half / 2), uHalf);
  const s2 = stepStart(p, first, d2);
  const halves = rk4(p, s2, half, u(s2, d3, half / 2), u(s2, d4, half));
  return { whole, halves };
}

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
  let x = x0;
  let y: Vec4 = [y0.tolerance, y0.dependence, y0.withdrawal, y0.effect];
  let left = hours;
  let h = MAX_STEP_H;
  let steps = 0;
  const tol = tolerances.slow;
  const x1 = new Float64Array(x0.length);
  const x2 = new Float64Array(x0.length);
  const x3 = new Float64Array(x0.length);
  while (left > 1e-12) {
    const step = Math.min(h, left);
    const q = step / 4;
    // The quarter states are scratch; only the step's end (a new array) becomes the state.
    stepLinearInto(model, x, mcgPerHour, q, x1);
    stepLinearInto(model, x1, mcgPerHour, q, x2);
    stepLinearInto(model, x2, mcgPerHour, q, x3);
    const x4 = stepLinear(model, x3, mcgPerHour, q);
    const drives = [
      effectDrive(p, x),
      effectDrive(p, x1),
      effectDrive(p, x2),
      effectDrive(p, x3),
      effectDrive(p, x4),
    ] as const;
    const { whole, halves } = stepAndHalves(p, y, step, drives);
    steps++;
    // Each state against its own tolerance, as a fraction of the slow states' (error ≈ |y_h − y_h/2| / 15).
    const err =
      Math.max(
        Math.abs(halves[0] - whole[0]),
        Math.abs(halves[1] - whole[1]),
        Math.abs(halves[2] - whole[2]),
        Math.abs(halves[3] - whole[3]) * (tol / tolerances.effect),
      ) / 15;
    if (err > tol && step > MIN_STEP_H) {
      h = step / 2;
      continue;
    }
    x = x4;
    y = halves;
    left -= step;
    if (err < tol / 32 && h < MAX_STEP_H) h = Math.min(MAX_STEP_H, h * 2);
  }
  return {
    x,
    slow: {
      tolerance: Math.max(1, y[0]),
      dependence: y[1],
      withdrawal: Math.max(0, y[2]),
      effect: Math.min(1, Math.max(0, y[3])),
    },
    steps,
  };
}
