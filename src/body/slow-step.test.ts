// Issue 14 (populations fast): the slow states' step doubling evaluates each shared quantity once. A step
// of h and its first half start from the same state, so they share its rates and its occupancy, and the
// first half's end is the whole step's middle. These tests pin both the count and the arithmetic.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type * as Effect from './effect.ts';
import { occupancy } from './effect.ts';
import { linearModel, stepLinear } from './linear.ts';
import { defaultPatient, type PatientParams } from './patient.ts';
import { effectDrive, N_STATES } from './pk.ts';
import {
  advanceTogether,
  axpy,
  DEFAULT_TOLERANCES,
  derivative,
  effectStep,
  MAX_STEP_H,
  type SlowState,
  type Vec3,
  type Vec4,
} from './slow.ts';

const calls = vi.hoisted(() => ({ occupancy: 0 }));
vi.mock('./effect.ts', async (original) => {
  const actual = await original<typeof Effect>();
  return {
    ...actual,
    occupancy: (...args: Parameters<typeof actual.occupancy>) => {
      calls.occupancy++;
      return actual.occupancy(...args);
    },
  };
});

const p = defaultPatient();

describe('body slow states evaluated shared occupancies twice (issue 14)', () => {
  it('a step and its two halves evaluate the occupancy 7 times, not 9', () => {
    calls.occupancy = 0;
    const r = advanceTogether(linearModel(p), new Float64Array(N_STATES), steadySlow, 300 / 24, 24 * 30);
    expect(r.steps).toBeGreaterThan(10);
    expect(calls.occupancy).toBe(7 * r.steps);
  });

  it('the shared-node step gives the plain step doubling bit for bit (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          tolerance: fc.double({ min: 1, max: 4, noNaN: true }),
          dependence: fc.double({ min: 0, max: 1, noNaN: true }),
          withdrawal: fc.double({ min: 0, max: 1, noNaN: true }),
          effect: fc.double({ min: 0, max: 1, noNaN: true }),
        }),
        fc.array(fc.double({ min: 0, max: 200, noNaN: true }), { minLength: N_STATES, maxLength: N_STATES }),
        fc.oneof(fc.constant(0), fc.double({ min: 0, max: 50, noNaN: true })),
        fc.double({ min: 0.01, max: 24 * 20, noNaN: true }),
        (slow, x, rate, hours) => {
          const x0 = Float64Array.from(x);
          const got = advanceTogether(linearModel(p), x0, slow, rate, hours);
          const want = plainAdvance(linearModel(p), x0, slow, rate, hours);
          expect(got.steps).toBe(want.steps);
          expect([...got.x]).toEqual([...want.x]);
          expect(got.slow).toEqual(want.slow);
        },
      ),
      { numRuns: 60 },
    );
  });
});

const steadySlow: SlowState = { tolerance: 1.5, dependence: 0.4, withdrawal: 0, effect: 0.4 };

// The step composition before issue 14, kept here as the reference: every node evaluated for every step on its
// own, with the same rates (`derivative`) and effect integral (`effectStep`) as src/body/slow.ts.
function rk4(q: PatientParams, y: Vec4, h: number, d0: number, dMid: number, d1: number): Vec4 {
  const y3: Vec3 = [y[0], y[1], y[2]];
  const e0 = y[3];
  const mRate = derivative(q, e0, y3)[0];
  const u = (drive: number, t: number): number => occupancy(q, drive, Math.max(1, y[0] + t * mRate));
  const [u0, uMid, u1] = [u(d0, 0), u(dMid, h / 2), u(d1, h)];
  const a = q.toneResponsePerH * h;
  const e1 = effectStep(e0, a, u0, uMid, u1);
  const eMid = effectStep(e0, a / 2, u0, 0.375 * u0 + 0.75 * uMid - 0.125 * u1, uMid);
  const k1 = derivative(q, e0, y3);
  const k2 = derivative(q, eMid, axpy(y3, h / 2, k1));
  const k3 = derivative(q, eMid, axpy(y3, h / 2, k2));
  const k4 = derivative(q, e1, axpy(y3, h, k3));
  const next = (i: 0 | 1 | 2) => y3[i] + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
  return [next(0), next(1), next(2), e1];
}
function plainAdvance(
  model: ReturnType<typeof linearModel>,
  x0: Float64Array,
  y0: SlowState,
  rate: number,
  hours: number,
): { x: Float64Array; slow: SlowState; steps: number } {
  const tol = DEFAULT_TOLERANCES.slow;
  let x = x0;
  let y: Vec4 = [y0.tolerance, y0.dependence, y0.withdrawal, y0.effect];
  let left = hours;
  let h = MAX_STEP_H;
  let steps = 0;
  while (left > 1e-12) {
    const step = Math.min(h, left);
    const xs = [x];
    for (let i = 0; i < 4; i++) xs.push(stepLinear(model, xs[i] as Float64Array, rate, step / 4));
    const [d0, d1, d2, d3, d4] = xs.map((s) => effectDrive(p, s)) as [number, number, number, number, number];
    const whole = rk4(p, y, step, d0, d2, d4);
    const halves = rk4(p, rk4(p, y, step / 2, d0, d1, d2), step / 2, d2, d3, d4);
    steps++;
    const err =
      Math.max(
        Math.abs(halves[0] - whole[0]),
        Math.abs(halves[1] - whole[1]),
        Math.abs(halves[2] - whole[2]),
        Math.abs(halves[3] - whole[3]) * (tol / DEFAULT_TOLERANCES.effect),
      ) / 15;
    if (err > tol && step > 1 / 3600) {
      h = step / 2;
      continue;
    }
    x = xs[4] as Float64Array;
    y = halves;
    left -= step;
    if (err < tol / 32 && h < MAX_STEP_H) h = Math.min(MAX_STEP_H, h * 2);
  }
  const slow = {
    tolerance: Math.max(1, y[0]),
    dependence: y[1],
    withdrawal: Math.max(0, y[2]),
    effect: Math.min(1, Math.max(0, y[3])),
  };
  return { x, slow, steps };
}
