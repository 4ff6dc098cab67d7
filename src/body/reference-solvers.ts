/**
 * Fixed-step integration of the same linear equations the body solves exactly: the baseline of the body
 * benchmark and an independent check of the exact solver in tests. Classic RK4 on x' = A·x + b·r with the
 * infusion rate r constant within each piece (steps are cut to land on every input change and sample).
 */
import { schedule, msToHours, type BodyInputs } from './inputs.ts';
import { addBolus, stepLinear, type LinearModel } from './linear.ts';
import { N_STATES, S } from './pk.ts';
import type { EpochMs } from '../therapy/quantities.ts';

const N = N_STATES;

/** The generator split back into A (N×N) for derivative evaluations. */
function generatorA(model: LinearModel): Float64Array {
  const m = model.generator.n;
  const a = new Float64Array(N * N);
  for (let i = 0; i < N; i++)
    for (let j = 0; j < N; j++) a[i * N + j] = model.generator.data[i * m + j] as number;
  return a;
}

function deriv(a: Float64Array, x: Float64Array, rate: number, out: Float64Array): void {
  for (let i = 0; i < N; i++) {
    let s = 0;
    for (let j = 0; j < N; j++) s += (a[i * N + j] as number) * (x[j] as number);
    out[i] = s;
  }
  out[S.tip] = (out[S.tip] as number) + rate;
}

/** Integrates one constant-rate stretch of `hours` by RK4 with steps no longer than `stepHours`. */
export function rk4Stretch(
  model: LinearModel,
  x0: Float64Array,
  rate: number,
  hours: number,
  stepHours: number,
  a: Float64Array = generatorA(model),
): Float64Array {
  const n = Math.max(1, Math.ceil(hours / stepHours - 1e-9));
  const h = hours / n;
  const x = Float64Array.from(x0);
  const k1 = new Float64Array(N);
  const k2 = new Float64Array(N);
  const k3 = new Float64Array(N);
  const k4 = new Float64Array(N);
  const t = new Float64Array(N);
  for (let s = 0; s < n; s++) {
    deriv(a, x, rate, k1);
    for (let i = 0; i < N; i++) t[i] = (x[i] as number) + (h / 2) * (k1[i] as number);
    deriv(a, t, rate, k2);
    for (let i = 0; i < N; i++) t[i] = (x[i] as number) + (h / 2) * (k2[i] as number);
    deriv(a, t, rate, k3);
    for (let i = 0; i < N; i++) t[i] = (x[i] as number) + h * (k3[i] as number);
    deriv(a, t, rate, k4);
    for (let i = 0; i < N; i++) {
      x[i] =
        (x[i] as number) +
        (h / 6) * ((k1[i] as number) + 2 * (k2[i] as number) + 2 * (k3[i] as number) + (k4[i] as number));
    }
  }
  return x;
}

/**
 * Linear states at each of `samples` (ascending, ≥ from), by RK4 with `stepHours` (or exactly, when
 * stepHours is 'exact'), starting from x0 at `from`. Both methods cut time at the same points (input changes
 * and samples), so they differ only in how they cross each stretch. A sample at a bolus time is the state
 * just before the bolus (inputs are half-open intervals).
 */
export function sampleLinear(
  model: LinearModel,
  x0: Float64Array,
  inputs: BodyInputs,
  from: EpochMs,
  samples: readonly EpochMs[],
  stepHours: number | 'exact',
): Float64Array[] {
  const a = generatorA(model);
  const cross = (x: Float64Array, rate: number, ms: number): Float64Array =>
    stepHours === 'exact'
      ? stepLinear(model, x, rate, msToHours(ms))
      : rk4Stretch(model, x, rate, msToHours(ms), stepHours, a);
  const out: Float64Array[] = [];
  const last = samples.at(-1) ?? from;
  let x = x0;
  let k = 0;
  for (const piece of schedule(inputs, from, last)) {
    for (const b of piece.boluses) x = addBolus(model.params, x, b.amount, b.volumeMl);
    let t: number = piece.from;
    for (; k < samples.length && (samples[k] as number) <= piece.to; k++) {
      const s = samples[k] as number;
      x = cross(x, piece.mcgPerHour, s - t);
      t = s;
      out.push(x);
    }
    x = cross(x, piece.mcgPerHour, piece.to - t);
  }
  for (; k < samples.length; k++) out.push(x); // samples at `from` when from = last
  return out;
}
