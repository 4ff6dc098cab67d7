/**
 * The slow, nonlinear states of the virtual patient [A], integrated with a coarse error-controlled step
 * while the linear states beneath them are evaluated exactly (linear.ts):
 *
 * - tolerance M, a multiplier of EC50 that rises towards 1 + (Mmax − 1)·u over months while the drug acts
 *   (u = fraction of maximal effect) and falls back towards 1 within ~10 days without it (DOMAIN.md §4);
 * - dependence D, the effect level the body has adapted to (time constant ~14 days);
 * - withdrawal severity W, the unmet dependence max(0, D − u) smoothed over a day or so, so that systemic
 *   withdrawal unfolds over 1–3 days after an abrupt stop and resolves within hours of a restart (DOMAIN.md §2).
 *
 * Steps are classic RK4 with step doubling (error ≈ |y_h − y_h/2| / 15) on lengths halved from MAX_STEP_H,
 * so most steps reuse cached exact propagators.
 */
import { occupancy, dependenceDeficit } from './effect.ts';
import { stepLinear, type LinearModel } from './linear.ts';
import type { PatientParams } from './patient.ts';
import { effectDrive } from './pk.ts';

/** The slow states. */
export interface SlowState {
  readonly tolerance: number;
  readonly dependence: number;
  readonly withdrawal: number;
}

export const INITIAL_SLOW: SlowState = { tolerance: 1, dependence: 0, withdrawal: 0 };

/** Longest slow step (h) and the local error accepted per step (absolute, in the states' own units). */
export const MAX_STEP_H = 12;
export const STEP_TOLERANCE = 1e-7;
const MIN_STEP_H = 1 / 3600;

type Vec3 = readonly [number, number, number];

function derivative(p: PatientParams, drive: number, y: Vec3): Vec3 {
  const [m, d, w] = y;
  const u = occupancy(p, drive, Math.max(1, m));
  const target = 1 + (p.toleranceMax - 1) * u;
  const tauM = (target > m ? p.toleranceOnsetDays : p.toleranceReversalDays) * 24;
  const deficit = dependenceDeficit(d, u);
  const tauW = deficit > w ? p.withdrawalOnsetHours : p.withdrawalRecoveryHours;
  return [(target - m) / tauM, (u - d) / (p.dependenceDays * 24), (deficit - w) / tauW];
}

const axpy = (y: Vec3, h: number, k: Vec3): Vec3 => [y[0] + h * k[0], y[1] + h * k[1], y[2] + h * k[2]];

/** One RK4 step of length h given the effect drive at its start, middle and end. */
function rk4(p: PatientParams, y: Vec3, h: number, d0: number, dMid: number, d1: number): Vec3 {
  const k1 = derivative(p, d0, y);
  const k2 = derivative(p, dMid, axpy(y, h / 2, k1));
  const k3 = derivative(p, dMid, axpy(y, h / 2, k2));
  const k4 = derivative(p, d1, axpy(y, h, k3));
  return [
    y[0] + (h / 6) * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]),
    y[1] + (h / 6) * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]),
    y[2] + (h / 6) * (k1[2] + 2 * k2[2] + 2 * k3[2] + k4[2]),
  ];
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
): { x: Float64Array; slow: SlowState } {
  const p = model.params;
  let x = x0;
  let y: Vec3 = [y0.tolerance, y0.dependence, y0.withdrawal];
  let left = hours;
  let h = MAX_STEP_H;
  while (left > 1e-12) {
    const step = Math.min(h, left);
    const q = step / 4;
    const x1 = stepLinear(model, x, mcgPerHour, q);
    const x2 = stepLinear(model, x1, mcgPerHour, q);
    const x3 = stepLinear(model, x2, mcgPerHour, q);
    const x4 = stepLinear(model, x3, mcgPerHour, q);
    const [d0, d1, d2, d3, d4] = [x, x1, x2, x3, x4].map((s) => effectDrive(p, s)) as [
      number,
      number,
      number,
      number,
      number,
    ];
    const whole = rk4(p, y, step, d0, d2, d4);
    const halves = rk4(p, rk4(p, y, step / 2, d0, d1, d2), step / 2, d2, d3, d4);
    const err =
      Math.max(...[0, 1, 2].map((i) => Math.abs((halves[i] as number) - (whole[i] as number)))) / 15;
    if (err > STEP_TOLERANCE && step > MIN_STEP_H) {
      h = step / 2;
      continue;
    }
    x = x4;
    y = halves;
    left -= step;
    if (err < STEP_TOLERANCE / 32 && h < MAX_STEP_H) h = Math.min(MAX_STEP_H, h * 2);
  }
  return { x, slow: { tolerance: Math.max(1, y[0]), dependence: y[1], withdrawal: Math.max(0, y[2]) } };
}
